"""Arrows a reader can follow, on every kind of map: no arrow runs through a card, no two flows
share a line, and no touchpoint card lies over a step it is not at.

Checked on the layout objects and on what ``journeymapper layout --json`` prints, for every
sample map, for synthetic maps of the benchmark's shapes (with and without rework loops) and
for maps hypothesis builds. The checks (tests/geometry.py) know nothing of the router.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from bench.run import QUICK_SIZES
from bench.synthetic import LARGE_SIZES, synthetic_map
from journeymapper.export.poster import render_poster
from journeymapper.export.poster_content import TextPlacement
from journeymapper.model import load, serialize
from journeymapper.model.elements import JourneyMap
from journeymapper.render.arrows import FlowEnds, lane_arrows
from journeymapper.render.labels import CardIndex, label_box
from journeymapper.render.layout import compute_layout
from journeymapper.render.routing import Grid, Slot, route_flows
from tests.conftest import SAMPLE_MAPS
from tests.geometry import (
    all_problems,
    crossings,
    from_json,
    from_layout,
    label_problems,
    labels_of_json,
    labels_of_layout,
    shared_segments,
    touchpoint_spans,
)
from tests.strategies import journey_maps

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
SYNTHETIC = {
    "small": dict(QUICK_SIZES),
    "small-loops": {**QUICK_SIZES, "loops": 8, "seed": 5},
    "large": dict(LARGE_SIZES),
    "large-loops": {**LARGE_SIZES, "loops": 40, "seed": 7},
}


def layout_problems(journey: JourneyMap) -> list[str]:
    layout = compute_layout(journey)
    cards, arrows = from_layout(journey, layout)
    assert len(arrows) == len(journey.flows)
    labels = labels_of_layout(layout)
    return all_problems(journey, cards, arrows) + label_problems(cards, labels, arrows)


def cli_problems(tmp_path: Path, journey: JourneyMap, source: Path | None = None) -> list[str]:
    path = source or tmp_path / "map.cjm"
    if source is None:
        path.write_bytes(serialize(journey))
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", "layout", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    cards, arrows = from_json(data)
    assert len(arrows) == len(journey.flows)
    assert {c[0] for c in cards if c[1] == "process_step"} == {p.id for p in journey.process_steps}
    labels = labels_of_json(data)
    return all_problems(journey, cards, arrows) + label_problems(cards, labels, arrows)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_map_arrows_can_be_followed(path: Path) -> None:
    assert layout_problems(load(path).journey) == []


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_synthetic_map_arrows_can_be_followed(name: str) -> None:
    assert layout_problems(synthetic_map(**SYNTHETIC[name])) == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_maps(max_phases=4, max_steps=4, with_extras=False))
def test_any_map_arrows_can_be_followed(journey: JourneyMap) -> None:
    assert layout_problems(journey) == []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_layout_command_prints_followable_arrows_for_samples(tmp_path: Path, path: Path) -> None:
    assert cli_problems(tmp_path, load(path).journey, path) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["small", "large-loops"])
def test_layout_command_prints_followable_arrows_for_synthetic_maps(
    tmp_path: Path, name: str
) -> None:
    assert cli_problems(tmp_path, synthetic_map(**SYNTHETIC[name])) == []


def test_layout_command_reports_a_bad_file_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cjm"
    broken.write_text("{not json", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", "layout", str(broken), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "broken.cjm" in result.stderr
    assert broken.read_text(encoding="utf-8") == "{not json"


def test_layout_json_has_one_coordinate_system(tmp_path: Path) -> None:
    """Cards, arrows and bands share one frame: every arrow starts on its source card's right
    edge and ends on its target card's left edge, and every card lies inside the picture."""
    path = SAMPLE_MAPS / "health_insurance_claim.cjm"
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", "layout", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    data = json.loads(result.stdout)
    boxes = {c["id"]: c["box"] for c in data["cards"]}
    kinds = {c["kind"] for c in data["cards"]}
    assert {"phase", "step", "touchpoint", "process_step", "department"} <= kinds
    for card in data["cards"]:
        x, y, width, height = card["box"]
        assert x >= 0 and x + width <= data["width"] and y >= 0 and y + height <= data["height"]
    for arrow in data["arrows"]:
        (x0, y0), (x1, y1) = arrow["points"][0], arrow["points"][-1]
        sx, sy, sw, sh = boxes[arrow["source"]]
        tx, ty, _, th = boxes[arrow["target"]]
        assert abs(x0 - (sx + sw)) < 1e-3 and sy < y0 < sy + sh
        assert abs(x1 - tx) < 1e-3 and ty < y1 < ty + th


# -- the checks themselves can fail ---------------------------------------------------------------


def test_the_checks_catch_a_crossing_a_shared_line_and_an_overreaching_touchpoint() -> None:
    cards = [
        ("a", "process_step", (0.0, 0.0, 10.0, 10.0)),
        ("b", "process_step", (40.0, 0.0, 10.0, 10.0)),
        ("c", "process_step", (20.0, 0.0, 10.0, 10.0)),
    ]
    through = [("f1", "a", "b", [[10.0, 5.0], [40.0, 5.0]])]  # straight through c
    assert crossings(cards, through) == ["f1 runs through process_step c"]
    around = [("f1", "a", "b", [[10.0, 5.0], [15.0, 5.0], [15.0, 20.0], [35.0, 20.0]])]
    assert crossings(cards, around) == []
    twins = [
        ("f1", "a", "b", [[10.0, 5.0], [15.0, 5.0], [15.0, 20.0]]),
        ("f2", "a", "c", [[15.0, 12.0], [15.0, 30.0]]),  # the same vertical line, overlapping
    ]
    assert len(shared_segments(twins)) == 1
    twins[1] = ("f2", "a", "c", [[16.0, 12.0], [16.0, 30.0]])  # one point to the side
    assert shared_segments(twins) == []
    journey = load(SAMPLE_MAPS / "health_insurance_claim.cjm").journey
    touchpoint = next(t for t in journey.touchpoints if t.id == "tp-question-mail")
    steps = {s.id: s for s in journey.steps()}
    layout = compute_layout(journey)
    first = layout.boxes[touchpoint.steps[0]].rect
    last = layout.boxes[touchpoint.steps[-1]].rect
    one_card = [(touchpoint.id, "touchpoint", (first.x, 0.0, last.right - first.x, 10.0))]
    step_cards = [(i, "step", tuple(layout.boxes[i].rect)) for i in steps]
    assert touchpoint_spans(journey, one_card + step_cards)  # the old single wide card


def test_remembered_routes_are_the_routes_routed_afresh() -> None:
    """After an edit that only makes a band above the lanes taller, the routes come from the
    memo, moved down; they are the same as routing the edited map from nothing."""
    journey = load(SAMPLE_MAPS / "holiday_park_stay.cjm").journey
    before = compute_layout(journey)
    first_step = journey.steps()[0].id
    for touchpoint in journey.touchpoints[:4]:
        touchpoint.steps = [first_step]  # four cards on one step: the band grows
    remembered = compute_layout(journey)
    lanes_moved = remembered.bands[-1].rect.y - before.bands[-1].rect.y
    assert lanes_moved > 0
    lane_arrows.cache_clear()
    afresh = compute_layout(journey)
    assert [a.flow_id for a in remembered.arrows] == [a.flow_id for a in afresh.arrows]
    for mine, theirs in zip(remembered.arrows, afresh.arrows, strict=True):
        assert flat(mine.points) == pytest.approx(flat(theirs.points))
    old = {a.flow_id: a.points for a in before.arrows}
    for arrow in afresh.arrows:
        shifted = [(x, y + lanes_moved) for x, y in old[arrow.flow_id]]
        assert flat(arrow.points) == pytest.approx(flat(shifted))


def flat(points: Sequence[tuple[float, float]]) -> list[float]:
    return [value for point in points for value in point]


@pytest.mark.parametrize(
    "name", ["health_insurance_claim", "webshop_order", "b2b_premium_supplier"]
)
def test_flow_labels_are_drawn_beside_their_arrows(name: str) -> None:
    """Each flow label of these samples finds room beside its arrow, and the poster prints
    it there (shortened with an ellipsis when the room is short)."""
    journey = load(SAMPLE_MAPS / f"{name}.cjm").journey
    layout = compute_layout(journey)
    labelled = {f.id: f.label for f in journey.flows if f.label.strip()}
    assert labelled
    placed = {a.flow_id: a.label for a in layout.arrows if a.label_box is not None}
    assert placed == labelled
    trace: list[TextPlacement] = []
    render_poster(journey, size="A0", trace=trace)
    printed = [placed.text for placed in trace]
    for label in labelled.values():  # whole, or cut short with an ellipsis where room is short
        assert any(
            text == label
            or (len(text) > 4 and text.endswith("…") and label.startswith(text[:-1].rstrip()))
            for text in printed
        ), label


def test_the_label_check_catches_a_label_over_a_card_struck_through_or_off_its_arrow() -> None:
    cards = [("a", "process_step", (0.0, 0.0, 10.0, 10.0))]
    points = [[10.0, 15.0], [60.0, 15.0]]
    assert label_problems(cards, [("f1", points, (20.0, 3.5, 30.0, 10.0))]) == []  # above
    assert label_problems(cards, [("f1", points, (5.0, 3.5, 30.0, 10.0))]) == [
        "label of f1 covers process_step a"
    ]
    assert label_problems(cards, [("f1", points, (20.0, 10.0, 30.0, 10.0))]) == [
        "label of f1 is struck through by f1's line"  # on the line, not beside it
    ]
    assert label_problems(cards, [("f1", points, (20.0, 30.0, 30.0, 10.0))]) == [
        "label of f1 is not beside its arrow"
    ]


def test_a_label_never_covers_the_lane_headers() -> None:
    # Hypothesis found a label centred on a vertical run in the first column gap reaching
    # left over a department's name; the room for labels starts where the lanes' cards do.
    cards = CardIndex(rows=[(0.0, 40.0)], slots=[], left=100.0)
    assert not cards.clear((90.0, 50.0, 40.0, 10.0))
    assert cards.clear((100.0, 50.0, 40.0, 10.0))


def test_a_flow_takes_a_free_gap_left_of_the_middle_with_two_bends() -> None:
    """Between a card in row 0 and one three rows down, the only gap the row in between
    leaves free is just left of the middle of the gaps both ends reach: the route goes down
    that gap (two bends) instead of detouring along the gutters (four)."""
    grid = Grid(
        left=0.0,
        pitch=100.0,
        gap=10.0,
        columns=6,
        rows=((0.0, 40.0), (64.0, 104.0), (128.0, 168.0)),
        top=0.0,
        bottom=180.0,
    )

    def slot(row: int, first: int, last: int) -> Slot:
        top = grid.rows[row][0]
        return Slot(row, first, last, first * 100.0, top, (last - first) * 100.0 + 90.0, 40.0)

    slots = {
        "source": slot(0, 0, 0),
        "target": slot(2, 4, 4),
        "wide-left": slot(1, 0, 1),  # spans gap 1
        "wide-right": slot(1, 2, 4),  # spans gaps 3 and 4; gap 2 stays free
    }
    flow = FlowEnds("f", "source", "target")
    points = route_flows(grid, slots, [flow])["f"]
    assert len(points) == 4
    assert points[1][0] == points[2][0] and 190.0 <= points[1][0] <= 200.0  # down gap 2
    cards = [(i, "process_step", (s.x, s.y, s.width, s.height)) for i, s in slots.items()]
    assert crossings(cards, [("f", "source", "target", points)]) == []


def test_a_label_finds_room_beside_another_on_a_long_shared_run() -> None:
    """Two flows run along the same gutter: the first label takes the middle of the long run,
    the second finds the free part of its own run beside it instead of going without."""
    cards = CardIndex(rows=[(0.0, 40.0), (70.0, 110.0)], slots=[], left=0.0)
    first = label_box(((0.0, 20.0), (10.0, 20.0), (10.0, 52.0), (600.0, 52.0)), cards)
    assert first is not None
    second = label_box(((0.0, 30.0), (5.0, 30.0), (5.0, 58.0), (400.0, 58.0)), cards)
    assert second is not None
    x, y, width, height = second
    beside = y + height < 58.0 or y > 58.0  # above or below its own line, not on it
    assert beside and abs(y + height / 2 - 58.0) < height and x >= 5.0 and x + width <= 400.0
    assert x + width <= first[0] or first[0] + first[2] <= x  # beside the first, not over it


def on_route(point: tuple[float, float], points: Sequence[tuple[float, float]]) -> bool:
    x, y = point
    return any(
        min(x1, x2) - 1e-6 <= x <= max(x1, x2) + 1e-6
        and min(y1, y2) - 1e-6 <= y <= max(y1, y2) + 1e-6
        for (x1, y1), (x2, y2) in pairwise(points)
    )


def strictly_inside(point: tuple[float, float], box: Sequence[float]) -> bool:
    x, y, width, height = box
    return x < point[0] < x + width and y < point[1] < y + height


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_a_flows_finding_marker_sits_free_on_its_own_route(path: Path) -> None:
    """Canvas and poster draw a flow's finding marker at ``marker_at``: a point of its own
    route, not inside any card, not on any label pill and not on another arrow's line."""
    layout = compute_layout(load(path).journey)
    cards = [rect for _, rect in layout.cards()]
    pills = [arrow.label_box for arrow in layout.arrows if arrow.label_box is not None]
    for arrow in layout.arrows:
        marker = arrow.marker_at
        assert on_route(marker, arrow.points), arrow.flow_id
        assert not any(strictly_inside(marker, card) for card in cards), arrow.flow_id
        assert not any(strictly_inside(marker, pill) for pill in pills), arrow.flow_id
        others = [a for a in layout.arrows if a is not arrow]
        assert not any(on_route(marker, other.points) for other in others), arrow.flow_id
