"""The layout shared by canvas and poster: order kept, nothing overlaps, boxes inside bands."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from journeymapper.model import load
from journeymapper.model.elements import JourneyMap
from journeymapper.model.layout import COLUMN_WIDTH, BandKind, Layout, compute_layout
from tests.conftest import SAMPLE_MAPS
from tests.test_analysis import webshop


def boxes_of(layout: Layout, ids: list[str]) -> list[tuple[float, float, float, float]]:
    return [
        (b.rect.x, b.rect.y, b.rect.width, b.rect.height) for i in ids if (b := layout.boxes.get(i))
    ]


def assert_well_formed(journey: JourneyMap, layout: Layout) -> None:
    steps = journey.steps()
    # Journey order is left to right.
    xs = [layout.boxes[s.id].rect.x for s in steps]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    # Bands stack top to bottom without overlapping.
    for upper, lower in zip(layout.bands, layout.bands[1:], strict=False):
        assert upper.rect.bottom <= lower.rect.y
    # Every box of a band lies inside it, and no two boxes of a band overlap.
    groups = {
        (BandKind.STEPS, None): [s.id for s in steps],
        (BandKind.TOUCHPOINTS, None): [t.id for t in journey.touchpoints],
    }
    for department in journey.departments:
        groups[(BandKind.LANE, department.id)] = [
            p.id for p in journey.process_steps if p.department == department.id
        ]
    for (kind, owner), ids in groups.items():
        band = layout.band(kind, owner)
        rects = [layout.boxes[i].rect for i in ids]
        assert all(band.rect.contains(r) for r in rects), kind
        assert not any(a.overlaps(b) for a, b in combinations(rects, 2)), kind
    # Everything fits in the page.
    assert all(b.rect.x >= 0 and b.rect.right <= layout.width for b in layout.boxes.values())
    assert all(b.rect.y >= 0 and b.rect.bottom <= layout.height for b in layout.boxes.values())


def test_webshop_layout_is_well_formed() -> None:
    journey = webshop({"choose": 1, "pay": -2, "wait": -5, "unpack": 5})
    layout = compute_layout(journey)
    assert_well_formed(journey, layout)
    assert [p.step_id for p in layout.curve] == ["choose", "pay", "wait", "unpack"]
    top, bottom = layout.emotion_area.y, layout.emotion_area.bottom
    assert layout.curve[3].y == top and layout.curve[2].y == bottom
    assert abs(layout.y_to_value(layout.value_to_y(-2.0)) + 2.0) < 1e-9


def test_touchpoint_spanning_steps_and_stacking() -> None:
    journey = webshop()
    journey.touchpoints[0].steps = ["choose", "pay"]
    layout = compute_layout(journey)
    span = layout.boxes["checkout"].rect
    assert span.x == layout.boxes["choose"].rect.x and span.right == layout.boxes["pay"].rect.right
    assert layout.boxes["confirm"].rect.y > span.y  # stacked below, not on top


def test_handover_arrows_go_from_source_to_target() -> None:
    layout = compute_layout(webshop())
    arrows = {a.flow_id: a for a in layout.arrows}
    assert arrows["f1"].handover and arrows["f2"].handover
    start, end = arrows["f2"].points[0], arrows["f2"].points[-1]
    pick, deliver = layout.boxes["pick"].rect, layout.boxes["deliver"].rect
    assert pick.x <= start[0] <= pick.right + 1e-6 and deliver.x - 1e-6 <= end[0] <= deliver.right


def test_unplaced_process_step_gets_its_own_column() -> None:
    journey = webshop()
    layout = compute_layout(journey)
    pick = layout.boxes["pick"].rect  # serves no customer step
    assert pick.x > max(layout.boxes[s.id].rect.right for s in journey.steps())


@pytest.mark.parametrize("path", sorted(SAMPLE_MAPS.glob("*.cjm")), ids=lambda p: p.stem)
def test_every_sample_map_lays_out_cleanly(path: Path) -> None:
    journey = load(path).journey
    assert_well_formed(journey, compute_layout(journey))


@pytest.mark.parametrize("sample", sorted(SAMPLE_MAPS.glob("*.cjm")), ids=lambda p: p.stem)
def test_the_vertical_leg_of_a_forward_arrow_runs_between_the_columns(sample: Path) -> None:
    """A long handover turns down in a column gap, so it crosses no card of one column."""
    layout = compute_layout(load(sample).journey)
    single_column_cards = [
        box.rect for box in layout.boxes.values() if box.rect.width <= COLUMN_WIDTH + 1e-6
    ]
    forward = [arrow for arrow in layout.arrows if arrow.points[0][0] < arrow.points[-1][0]]
    assert forward
    for arrow in forward:
        (x, top), (_, bottom) = arrow.points[1], arrow.points[2]
        low, high = sorted((top, bottom))
        for card in single_column_cards:
            crosses = card.x < x < card.right and card.y < high and low < card.bottom
            assert not crosses, f"{arrow.flow_id} runs down through a card at x={x}"
