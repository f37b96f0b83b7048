"""What a user gets from ``pip install``: every package, and the fonts every PDF embeds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

NOT_SOURCE = (".git", ".venv", "build", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis")


def listed_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_of_the_source_is_listed_for_the_wheel() -> None:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "journeymapper").rglob("__init__.py")
    }
    assert found | {"journeymapper.assets"} == listed_packages()


@pytest.mark.slow
def test_the_wheel_carries_the_fonts_and_every_module(tmp_path: Path) -> None:
    # Built from a clean copy: a build/ folder left in the checkout could hide a missing file.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", source, "-w", tmp_path],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("journeymapper-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVu-LICENSE.txt"):
        assert f"journeymapper/assets/fonts/{font}" in names
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "journeymapper").rglob("*.py")}
    assert modules <= names
