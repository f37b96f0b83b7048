"""The real command line in a subprocess: output, JSON, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from journeymapper.model import load, save
from tests.test_analysis import webshop


def journeymapper(
    *arguments: str | Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymapper", *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


@pytest.fixture
def problem_map(tmp_path: Path) -> Path:
    journey = webshop()
    journey.flows[1].agreement = None
    journey.touchpoints[0].owner = None
    path = tmp_path / "webshop.cjm"
    save(journey, path)
    return path


def test_new_then_validate_then_check(tmp_path: Path) -> None:
    path = tmp_path / "claim.cjm"
    created = journeymapper("new", path, "--title", "Declaring a bill")
    assert created.returncode == 0, created.stderr
    assert load(path).journey.title == "Declaring a bill"
    validated = journeymapper("validate", path)
    assert validated.returncode == 0
    assert "valid map, format 1.0" in validated.stdout
    checked = journeymapper("check", path, "--strict")
    assert checked.returncode == 0
    assert checked.stdout.splitlines()[0] == "No findings."


def test_new_refuses_to_overwrite(problem_map: Path) -> None:
    before = problem_map.read_bytes()
    result = journeymapper("new", problem_map)
    assert result.returncode == 2
    assert "exists already" in result.stderr
    assert problem_map.read_bytes() == before


def test_check_prints_findings_and_strict_exits_1(problem_map: Path) -> None:
    result = journeymapper("check", problem_map)
    assert result.returncode == 0
    assert (
        "PROBLEM  handover_gap: Handover 'Pick' (Warehouse) -> 'Deliver' (Courier)" in result.stdout
    )
    assert "WARNING  touchpoint_without_owner" in result.stdout
    assert journeymapper("check", problem_map, "--strict").returncode == 1


def test_check_json_lists_objects_with_the_four_keys(problem_map: Path) -> None:
    result = journeymapper("check", problem_map, "--json")
    findings = json.loads(result.stdout)
    assert [f["kind"] for f in findings] == ["handover_gap", "touchpoint_without_owner"]
    assert all(list(f) == ["kind", "severity", "message", "elements"] for f in findings)
    assert findings[0]["elements"] == ["f2", "pick", "deliver"]


@pytest.mark.parametrize("command", ["check", "validate", None])
def test_bad_input_gives_one_line_and_exit_2(command: str | None, tmp_path: Path) -> None:
    bad = tmp_path / "broken.cjm"
    bad.write_text('{"format": "journeymapper", "format_version": "1.0", "phases": [{"id": "p"}]}')
    result = journeymapper(*([command] if command else []), bad)
    assert result.returncode == 2
    first_line = result.stderr.splitlines()[0]
    assert first_line == f"journeymapper: {bad}: phases[0].title, in phase 'p': Field required"
    assert "Traceback" not in result.stderr


def test_missing_file_and_unknown_option_exit_2(tmp_path: Path) -> None:
    missing = journeymapper("check", tmp_path / "nope.cjm")
    assert (missing.returncode, missing.stderr.strip()) == (
        2,
        f"journeymapper: {tmp_path / 'nope.cjm'}: no such file",
    )
    assert journeymapper("check", "--bogus").returncode == 2


@pytest.mark.parametrize("command", ["check", "validate", "new"])
def test_help_for_each_command(command: str) -> None:
    result = journeymapper(command, "--help")
    assert result.returncode == 0
    assert f"usage: journeymapper {command}" in result.stdout
