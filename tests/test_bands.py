"""The workshop's bands (pain points, ideas, quotes, metrics, initiatives) and the line of
internal interaction: shown by the map's view options, nothing lost, every card inside its
band and over the columns of what it belongs to; hidden bands take no room."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymapper.export.workbook import write_workbook
from journeymapper.export.xlsx_import import read_workbook
from journeymapper.model import load, parse, serialize
from journeymapper.model.elements import (
    DepartmentKind,
    Initiative,
    InitiativeStatus,
    JourneyMap,
    Metric,
    ViewOptions,
)
from journeymapper.render.faces import FaceKind
from journeymapper.render.layout import BandKind, Layout, Rect, compute_layout
from journeymapper.render.legend import Icon, legend_items
from journeymapper.render.map_faces import MapFaces, map_faces
from journeymapper.render.note_faces import metric_face, metric_text, off_target
from journeymapper.render.style import DEPARTMENT_PALETTE, next_department_colour
from journeymapper.render.view_bands import OPTIONAL_BANDS, with_band
from tests.conftest import SAMPLE_MAPS
from tests.strategies import journey_maps

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
NOTE_BANDS = (
    BandKind.PAIN_POINTS,
    BandKind.IDEAS,
    BandKind.QUOTES,
    BandKind.METRICS,
    BandKind.INITIATIVES,
)
ALL_HIDDEN = ViewOptions(hidden=[kind.value for kind, _ in OPTIONAL_BANDS])


def sample(path: Path) -> JourneyMap:
    return load(path).journey


def expected_notes(journey: JourneyMap) -> dict[BandKind, int]:
    """How many cards each note band must have: one per non-blank text, nothing lost."""
    steps = journey.steps()
    return {
        BandKind.PAIN_POINTS: sum(1 for s in steps for p in s.pain_points if p.strip()),
        BandKind.IDEAS: sum(1 for s in steps for i in s.ideas if i.strip()),
        BandKind.QUOTES: sum(1 for s in steps if s.quote.strip()),
        BandKind.METRICS: len(journey.metrics),
        BandKind.INITIATIVES: len(journey.initiatives),
    }


def owner_rect(journey: JourneyMap, layout: Layout, element_id: str) -> Rect:
    """The columns a note must stand over: its step's, or those of what it is attached to."""
    box = layout.boxes.get(element_id)
    assert box is not None, element_id
    return box.rect


def assert_notes_well_placed(journey: JourneyMap, layout: Layout) -> None:
    kinds = [band.kind for band in layout.bands]
    for upper, lower in zip(layout.bands, layout.bands[1:], strict=False):
        assert upper.rect.bottom <= lower.rect.y
    expected = expected_notes(journey)
    for kind in NOTE_BANDS:
        notes = [n for n in layout.notes if n.kind is kind]
        if kind not in kinds:
            assert notes == []
            continue
        assert len(notes) == expected[kind], kind
        band = layout.band(kind)
        assert all(band.rect.contains(n.rect) for n in notes), kind
        assert not any(a.rect.overlaps(b.rect) for a, b in combinations(notes, 2)), kind
        for note in notes:
            owner = note.owner
            if kind in (BandKind.METRICS, BandKind.INITIATIVES):
                items = journey.metrics if kind is BandKind.METRICS else journey.initiatives
                owner = next(i.attached_to for i in items if i.id == note.owner)
            columns = owner_rect(journey, layout, owner)
            if kind in (BandKind.METRICS, BandKind.INITIATIVES):  # a column of its owner's
                assert columns.x <= note.rect.x and note.rect.right <= columns.right, note
            else:
                assert (note.rect.x, note.rect.width) == (columns.x, columns.width), note


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_shows_its_workshop_bands_with_every_note(path: Path) -> None:
    journey = sample(path)
    layout = compute_layout(journey)
    kinds = [band.kind for band in layout.bands]
    # Every sample has pain points, ideas, quotes, metrics and initiatives: all show.
    for kind in NOTE_BANDS:
        assert kind in kinds, kind
    order = [k for k in kinds if k is not BandKind.LANE and k is not BandKind.INTERNAL]
    assert order == [
        BandKind.HEADER,
        BandKind.PHASES,
        BandKind.STEPS,
        BandKind.EMOTION,
        BandKind.PAIN_POINTS,
        BandKind.IDEAS,
        BandKind.QUOTES,
        BandKind.TOUCHPOINTS,
        BandKind.METRICS,
        BandKind.INITIATIVES,
        BandKind.VISIBILITY,
    ]
    assert_notes_well_placed(journey, layout)


def _without_notes(journey: JourneyMap) -> JourneyMap:
    bare = journey.model_copy(deep=True)
    for step in bare.steps():
        step.pain_points, step.ideas, step.quote = [], [], ""
    bare.metrics, bare.initiatives = [], []
    return bare


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_hidden_bands_take_no_room(path: Path) -> None:
    journey = sample(path)
    journey.view = ALL_HIDDEN
    hidden = compute_layout(journey)
    assert not {kind for kind, _ in OPTIONAL_BANDS} & {b.kind for b in hidden.bands}
    assert hidden.notes == []
    # Exactly the picture of the same map with nothing in those bands.
    bare = compute_layout(_without_notes(journey))
    assert hidden.height == bare.height
    assert hidden.bands == bare.bands
    assert hidden.boxes == bare.boxes
    assert hidden.height < compute_layout(journey, ViewOptions()).height


def test_a_band_turned_on_shows_while_empty_and_one_turned_off_hides_with_content() -> None:
    journey = _without_notes(sample(SAMPLE_MAPS / "webshop_order.cjm"))
    assert BandKind.QUOTES not in {b.kind for b in compute_layout(journey).bands}
    journey.view = with_band(journey.view, BandKind.QUOTES, True)
    assert journey.view.shown == ["quotes"]
    assert BandKind.QUOTES in {b.kind for b in compute_layout(journey).bands}
    full = sample(SAMPLE_MAPS / "webshop_order.cjm")
    full.view = with_band(full.view, BandKind.PAIN_POINTS, False)
    kinds = {b.kind for b in compute_layout(full).bands}
    assert BandKind.PAIN_POINTS not in kinds and BandKind.IDEAS in kinds


def test_the_view_is_saved_with_the_map_and_unknown_band_names_survive() -> None:
    journey = sample(SAMPLE_MAPS / "webshop_order.cjm")
    journey.view = ViewOptions(shown=["quotes", "a_band_from_the_future"], hidden=["ideas"])
    again = parse(serialize(journey))
    assert again.view == journey.view
    assert with_band(again.view, BandKind.IDEAS, True).shown == [
        "quotes",
        "a_band_from_the_future",
        "ideas",
    ]


def test_a_file_without_view_options_loads_with_every_band_that_has_content() -> None:
    raw = serialize(sample(SAMPLE_MAPS / "webshop_order.cjm")).replace(
        b'"view": {\n    "shown": [],\n    "hidden": []\n  }', b'"x_kept": 1'
    )
    assert b'"view"' not in raw
    journey = parse(raw)
    assert journey.view == ViewOptions()
    assert BandKind.PAIN_POINTS in {b.kind for b in compute_layout(journey).bands}


@settings(max_examples=60, deadline=None)
@given(
    journey=journey_maps(max_phases=3, max_steps=3),
    hidden=st.sets(st.sampled_from([k.value for k, _ in OPTIONAL_BANDS])),
    shown=st.sets(st.sampled_from([k.value for k, _ in OPTIONAL_BANDS])),
)
def test_any_map_in_any_view_places_its_notes_cleanly(
    journey: JourneyMap, hidden: set[str], shown: set[str]
) -> None:
    journey.view = ViewOptions(shown=sorted(shown), hidden=sorted(hidden - shown))
    layout = compute_layout(journey)
    kinds = {band.kind for band in layout.bands}
    expected = expected_notes(journey)
    for kind in NOTE_BANDS:
        should = kind.value in shown or (kind.value not in hidden and expected[kind] > 0)
        assert (kind in kinds) == should, kind
    assert_notes_well_placed(journey, layout)
    # Note cards never overlap any other card of the map.
    cards = [rect for _, rect in layout.cards()]
    for note in layout.notes:
        assert not any(note.rect.overlaps(card) for card in cards)


# -- the line of internal interaction ----------------------------------------------------------


def test_the_line_of_internal_interaction_parts_the_departments_from_the_partners() -> None:
    journey = sample(SAMPLE_MAPS / "webshop_order.cjm")
    layout = compute_layout(journey)
    line = layout.band(BandKind.INTERNAL)
    lanes = {b.element_id: b.rect for b in layout.bands if b.kind is BandKind.LANE}
    above = [d for d in journey.departments if lanes[d.id].bottom <= line.rect.y]
    below = [d for d in journey.departments if lanes[d.id].y >= line.rect.bottom]
    assert above and below and len(above) + len(below) == len(journey.departments)
    assert {d.kind for d in above} == {DepartmentKind.INTERNAL}
    assert {d.kind for d in below} == {DepartmentKind.PARTNER}
    assert Icon.INTERNAL in {item.icon for item in legend_items(journey)}
    # The line takes no room: the lanes stand where they stand without it.
    journey.view = with_band(journey.view, BandKind.INTERNAL, False)
    without = compute_layout(journey)
    assert BandKind.INTERNAL not in {b.kind for b in without.bands}
    assert without.boxes == layout.boxes and without.height == layout.height
    # A partner's lane among the departments': no line that would put one on the wrong side.
    journey.view = ViewOptions()
    journey.departments.insert(0, journey.departments.pop(-1))
    assert BandKind.INTERNAL not in {b.kind for b in compute_layout(journey).bands}
    assert Icon.INTERNAL not in {item.icon for item in legend_items(journey)}


# -- faces ---------------------------------------------------------------------------------------


def faces_of(journey: JourneyMap) -> MapFaces:
    layout = compute_layout(journey)
    named: dict[str, object] = {}
    for collection in (journey.phases, journey.steps(), journey.touchpoints):
        named.update((e.id, e) for e in collection)
    named.update((p.id, p) for p in journey.process_steps)
    named.update((c.id, c) for c in journey.channels)
    named.update((d.id, d) for d in journey.departments)
    return map_faces(journey, layout, named.get, {}, {})


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_note_has_a_face_with_its_whole_text_in_the_tooltip(path: Path) -> None:
    journey = sample(path)
    faces = faces_of(journey)
    tooltips = "\n".join(face.tooltip for face in faces.notes)
    for step in journey.steps():
        for text in [*step.pain_points, *step.ideas, step.quote]:
            assert text.strip() in tooltips
    for metric in journey.metrics:
        assert metric.name in tooltips
    for initiative in journey.initiatives:
        assert initiative.title in tooltips and initiative.contact in tooltips
    # The key of the curves names every curve.
    key = next(f for f in faces.notes if f.kind is FaceKind.CURVE_KEY)
    for curve in journey.curves:
        assert any(curve.name in text.text for text in key.texts)
    # Every note text stays in its card and may wrap, shrink and end in an ellipsis.
    for face in faces.notes:
        if face.kind is FaceKind.CURVE_KEY:
            continue
        for written in face.texts:
            assert face.box.contains(written.box)
            assert written.floor < 1.0
    assert list(faces.stacked()).count(faces.notes[0]) == 1


def test_a_metric_is_off_target_on_the_side_its_direction_says() -> None:
    calls = Metric(id="m", name="Calls", attached_to="x", value=30000, target=25000, unit="calls")
    calls.higher_is_better = False
    calls.trend_percent = -10
    assert off_target(calls) is True
    assert metric_text(calls) == "30000 calls (target 25000 calls) ▼ 10%"
    satisfaction = Metric(
        id="s", name="Satisfaction", attached_to="x", value=88, target=85, unit="%"
    )
    satisfaction.trend_percent = 2.5
    assert off_target(satisfaction) is False
    assert metric_text(satisfaction) == "88 % (target 85 %) ▲ 2.5%"
    rect = Rect(0, 0, 170, 52)
    red, green = metric_face(calls, rect), metric_face(satisfaction, rect)
    assert red.shapes[1].fill != green.shapes[1].fill
    assert "off target" in red.tooltip and "on target" in green.tooltip
    assert off_target(Metric(id="n", name="No target", attached_to="x", value=3)) is None


def test_an_initiative_shows_its_status_in_colour_and_in_words() -> None:
    journey = sample(SAMPLE_MAPS / "health_insurance_claim.cjm")
    journey.initiatives = [
        Initiative(
            id=f"i-{status.value}",
            title=f"Initiative {status.value}",
            attached_to=journey.phases[0].id,
            status=status,
            contact="Anna",
        )
        for status in InitiativeStatus
    ]
    faces = [f for f in faces_of(journey).notes if f.kind is FaceKind.INITIATIVE]
    assert len({face.shapes[1].fill for face in faces}) == 3
    for face in faces:
        status = face.key.removeprefix("i-")
        assert face.texts[1].text == f"{status} · Anna"


# -- department colours --------------------------------------------------------------------------


def test_new_departments_get_distinct_colour_blind_safe_colours() -> None:
    used: list[str] = ["#95a5a6"]
    for _ in DEPARTMENT_PALETTE:
        used.append(next_department_colour(used))
    new = used[1:]
    assert len(set(new)) == len(DEPARTMENT_PALETTE)
    assert set(new) == set(DEPARTMENT_PALETTE)
    # All taken: the least used comes round again.
    assert next_department_colour(used) == DEPARTMENT_PALETTE[0]


def test_the_view_survives_the_workbook_round_trip(tmp_path: Path) -> None:
    journey = sample(SAMPLE_MAPS / "webshop_order.cjm")
    journey.view = ViewOptions(shown=["quotes"], hidden=["ideas", "a band, with a comma"])
    out = tmp_path / "map.xlsx"
    write_workbook(journey, out)
    assert read_workbook(out).view == journey.view
