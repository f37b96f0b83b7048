"""The snapshot a GUI save, autosave or export works on: same file bytes as a save on the
spot, a checked map back from them, and independent of later edits (issue 10)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings

from bench.synthetic import scaled_map
from journeymapper.model import MapFileError, load, serialize
from journeymapper.model.document import Document
from journeymapper.model.elements import CustomerStep, Duration, JourneyMap, TimeUnit
from journeymapper.model.snapshot import file_bytes, rebuild, save_snapshot, take
from journeymapper.model.snapshot_keeper import SnapshotKeeper, SnapshotOutOfStep
from tests.conftest import SAMPLE_MAPS
from tests.strategies import journey_maps

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


# -- the keeper: snapshots that serialise only what changed ---------------------------------


@settings(max_examples=40, deadline=None)
@given(journey_maps())
def test_the_keeper_gives_the_same_bytes_as_a_whole_snapshot(journey: JourneyMap) -> None:
    keeper = SnapshotKeeper(Document(journey))
    assert keeper.take(7).data == take(journey, 7).data
    assert keeper.take().data == take(journey).data  # from what it kept, as well


def _edits(document: Document) -> Iterator[str]:
    """One edit of each kind the Document makes, each followed by a snapshot; yields what
    was done, for the failure message."""
    journey = document.map
    first, second = journey.phases[0], journey.phases[1]
    step = first.steps[0]
    document.set_field(step.id, "title", "Renamed step")
    yield "a step renamed"
    document.set_emotion(step.id, 3.0)
    yield "an emotion set"
    document.set_emotion(step.id, None)
    yield "an emotion cleared"
    document.move(step.id, second.id, 0)
    yield "a step moved to the next phase"
    document.insert(CustomerStep(id="step-new", title="New"), first.id, 0)
    yield "a step inserted"
    removed, place = document.remove("step-new")
    yield "a step removed"
    document.insert(removed, place.parent, place.index)
    yield "the removed step put back"
    touchpoint = journey.touchpoints[0]
    document.set_field(touchpoint.id, "title", "Renamed touchpoint")
    yield "a touchpoint renamed"
    document.move(touchpoint.id, None, len(journey.touchpoints) - 1)
    yield "a touchpoint moved"
    gone, _place = document.remove(journey.flows[0].id)
    document.insert(gone.model_copy(update={"label": "Another object, the same id"}))
    yield "a flow replaced by another object under its id"
    with document.batch():
        document.set_field(first.steps[0].id, "note", "in a batch")
        document.move(first.steps[0].id, second.id, 1)
        document.set_map_field("title", "Batched")
    yield "a batch"
    document.set_map_field("description", "The map's own field")
    yield "a map field"


@pytest.mark.parametrize("sample", SAMPLES[:2], ids=lambda path: path.stem)
def test_after_every_kind_of_edit_the_keeper_matches_a_whole_snapshot(sample: Path) -> None:
    document = Document(load(sample).journey)
    keeper = SnapshotKeeper(document)
    keeper.take()
    for done in _edits(document):
        assert keeper.take().data == take(document.map).data, done


def test_a_snapshot_after_one_edit_serialises_only_that_element() -> None:
    document = Document(scaled_map(1))
    keeper = SnapshotKeeper(document)
    keeper.take()
    assert keeper.renewed > 1000  # the first one serialises every element
    step = document.map.phases[3].steps[2]
    document.set_emotion(step.id, -2.0)
    assert keeper.take().data == take(document.map).data
    assert keeper.renewed == 1  # the curve
    document.set_field(step.id, "title", "Renamed")
    assert keeper.take().data == take(document.map).data
    assert keeper.renewed == 1  # the phase holding the step


def test_an_edit_after_the_keepers_snapshot_does_not_reach_it() -> None:
    document = Document(load(SAMPLES[0]).journey)
    keeper = SnapshotKeeper(document)
    before = keeper.take()
    expected = take(document.map).data
    document.set_field(document.map.phases[0].steps[0].id, "title", "Changed after")
    document.set_map_field("title", "Also after")
    assert before.data == expected
    assert keeper.take().data == take(document.map).data != expected


def test_bytes_made_while_idle_are_not_made_again_and_the_joining_waits_for_the_reader() -> None:
    document = Document(scaled_map(1))
    keeper = SnapshotKeeper(document)
    slices = 0
    while not keeper.prime(100):
        slices += 1
    assert slices > 5
    document.set_field(document.map.touchpoints[5].id, "title", "Renamed while primed")
    snapshot = keeper.take(3)
    assert keeper.renewed == 1
    assert "data" not in vars(snapshot)  # joined where it is first read (on the worker)
    assert snapshot.data == take(document.map).data and snapshot.revision == 3


def test_a_change_behind_the_documents_back_fails_the_snapshot_instead_of_writing_old_bytes() -> (
    None
):
    document = Document(load(SAMPLES[0]).journey)
    keeper = SnapshotKeeper(document)
    keeper.take()
    flows = document.map.flows
    flows[0] = flows[0].model_copy(update={"label": "swapped in without an event"})
    with pytest.raises(SnapshotOutOfStep, match=flows[0].id):
        _ = keeper.take().data
