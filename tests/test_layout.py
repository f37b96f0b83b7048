"""The layout shared by canvas and poster: order kept, nothing overlaps, boxes inside bands."""

from __future__ import annotations

from itertools import combinations, pairwise
from pathlib import Path

import pytest

from journeymapper.model import load
from journeymapper.model.elements import JourneyMap
from journeymapper.model.layout import BandKind, Layout, compute_layout
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


def test_backstage_step_stands_between_its_neighbours_in_the_flow() -> None:
    """A process step serving no customer step goes after its predecessor in the flow and
    before its successor, never into a column of its own after the last step."""
    journey = webshop()
    layout = compute_layout(journey)
    pick = layout.boxes["pick"].rect  # serves no customer step
    last_step_right = max(layout.boxes[s.id].rect.right for s in journey.steps())
    assert pick.right <= last_step_right
    before = [layout.boxes[f.source].rect for f in journey.flows if f.target == "pick"]
    after = [layout.boxes[f.target].rect for f in journey.flows if f.source == "pick"]
    assert before and after
    assert max(r.x for r in before) < pick.x <= min(r.x for r in after)


@pytest.mark.parametrize("path", sorted(SAMPLE_MAPS.glob("*.cjm")), ids=lambda p: p.stem)
def test_no_sample_parks_a_process_step_after_the_last_step(path: Path) -> None:
    journey = load(path).journey
    layout = compute_layout(journey)
    last_step_right = max(layout.boxes[s.id].rect.right for s in journey.steps())
    for step in journey.process_steps:
        assert layout.boxes[step.id].rect.right <= last_step_right, step.title


def test_a_touchpoint_at_steps_apart_is_drawn_once_per_run() -> None:
    """'Question by e-mail' in the health-insurance sample is at steps far apart: one card
    per run of neighbouring steps, each over its own steps only, all of one touchpoint."""
    journey = load(SAMPLE_MAPS / "health_insurance_claim.cjm").journey
    touchpoint = next(t for t in journey.touchpoints if t.id == "tp-question-mail")
    layout = compute_layout(journey)
    order = [s.id for s in journey.steps()]
    columns = sorted(order.index(s) for s in touchpoint.steps)
    expected_runs = 1 + sum(b - a > 1 for a, b in pairwise(columns))
    assert expected_runs >= 2
    runs = layout.runs[touchpoint.id]
    assert len(runs) == expected_runs and runs[0] == layout.boxes[touchpoint.id].rect
    for rect in runs:
        under = [
            s
            for s in order
            if layout.boxes[s].rect.x < rect.right and rect.x < layout.boxes[s].rect.right
        ]
        assert under and set(under) <= set(touchpoint.steps)
    labels = [layout.run_label(touchpoint.id, rect) for rect in runs]
    assert labels == [f"part {n} of {len(runs)}" for n in range(1, len(runs) + 1)]


def test_a_touchpoint_at_no_step_claims_none() -> None:
    journey = webshop()
    journey.touchpoints[0].steps = []
    layout = compute_layout(journey)
    lone = layout.boxes[journey.touchpoints[0].id].rect
    assert lone.x > max(layout.boxes[s.id].rect.right for s in journey.steps())


@pytest.mark.parametrize("path", sorted(SAMPLE_MAPS.glob("*.cjm")), ids=lambda p: p.stem)
def test_every_sample_map_lays_out_cleanly(path: Path) -> None:
    journey = load(path).journey
    assert_well_formed(journey, compute_layout(journey))


# Arrows through cards and shared lines: tests/test_routing.py checks every segment of every
# route on samples, synthetic and generated maps.
