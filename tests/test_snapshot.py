"""The snapshot a GUI save, autosave or export works on: same file bytes as a save on the
spot, a checked map back from them, and independent of later edits (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic import scaled_map
from journeymapper.model import MapFileError, load, serialize
from journeymapper.model.elements import Duration, JourneyMap, TimeUnit
from journeymapper.model.snapshot import file_bytes, rebuild, save_snapshot, take
from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_a_snapshot_gives_the_bytes_a_save_writes(sample: Path) -> None:
    journey = load(sample).journey
    assert file_bytes(take(journey)) == serialize(journey)
    assert rebuild(serialize(journey)) == journey


def test_the_same_bytes_for_a_large_map_and_for_tiny_numbers() -> None:
    journey = scaled_map(1)
    assert file_bytes(take(journey)) == serialize(journey)
    # Numbers pydantic's writer spells differently from Python's JSON module (1e-7).
    journey.promised_lead_time = Duration(value=1e-7, unit=TimeUnit.WORKING_DAYS)
    journey.curves[0].points[journey.steps()[0].id] = 0.00001
    assert file_bytes(take(journey)) == serialize(journey)
    assert rebuild(file_bytes(take(journey))) == journey


def test_an_edit_after_the_snapshot_does_not_reach_it(tmp_path: Path) -> None:
    journey = load(SAMPLES[0]).journey
    snapshot = take(journey)
    journey.title = "Edited after the snapshot"
    journey.phases[0].steps[0].title = "Changed in place"
    saved = save_snapshot(snapshot, tmp_path / "map.cjm")
    written = (tmp_path / "map.cjm").read_bytes()
    assert load(tmp_path / "map.cjm").journey == load(SAMPLES[0]).journey
    assert saved.disk.size == len(written)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"[1, 2]", "no JSON object"),
        (b'{"format": "journeymapper"', "not valid JSON"),
        (b'{"format": "journeymapper", "format_version": "9.0"}', "needs a newer journeymapper"),
        (b'{"format_version": "1.0"}', "'format' is missing"),
        (b'{"format": "journeymapper", "format_version": "1.0", "phases": 3}', "a list"),
        (
            b'{"format": "journeymapper", "format_version": "1.0", "flows": '
            b'[{"id": "f", "source": "nowhere", "target": "nowhere"}]}',
            "does not exist",
        ),
    ],
)
def test_a_broken_snapshot_is_never_written(data: bytes, problem: str, tmp_path: Path) -> None:
    with pytest.raises(MapFileError, match=problem):
        rebuild(data, "map.cjm")


def test_a_map_that_does_not_read_back_is_not_saved(tmp_path: Path) -> None:
    journey = JourneyMap(format_version="1.0")
    journey.promise_from = "no-such-process-step"  # bypassing the Document's checks
    target = tmp_path / "map.cjm"
    with pytest.raises(MapFileError, match="not a process step"):
        save_snapshot(take(journey), target)
    assert not target.exists()
