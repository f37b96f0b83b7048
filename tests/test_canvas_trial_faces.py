"""What a facilitator found on screen (issue 9, canvas trial), checked over the faces of
every sample: finding badges wholly on their band, flow labels beside their arrows, arrows
apart from the phase dividers, lanes with room between their cards."""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import synthetic_map
from journeymapper.export.poster_content import MapContent
from journeymapper.model import load, save
from journeymapper.model.elements import JourneyMap
from journeymapper.render.faces import Face
from journeymapper.render.layout import BandKind, Rect
from tests.conftest import SAMPLE_MAPS as SAMPLE_FOLDER

SAMPLES = sorted(SAMPLE_FOLDER.glob("*.cjm"))


def journey_of(path: Path) -> JourneyMap:
    return load(path).journey


def overlap(a: Rect, b: Rect) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: Path(p).stem)
def test_a_phase_badge_lies_wholly_on_its_phase_clear_of_the_title(path: Path) -> None:
    """A phase's finding marker sat half above the phases band, so the top of the screen
    (presentation mode) or the pinned phase strip cut it off."""
    journey = journey_of(path)
    content = MapContent.of(journey)
    layout, faces = content.layout, content.faces
    band = layout.band(BandKind.PHASES).rect
    cards: dict[str, Face] = {face.key: face for face in faces.cards}
    phases = {phase.id for phase in journey.phases}
    for marker in faces.markers:
        assert Rect(0, 0, layout.width, layout.height).contains(marker.box), marker.key
        if marker.key in phases:
            assert band.contains(marker.box) and cards[marker.key].box.contains(marker.box)
            for text in cards[marker.key].texts:
                assert not overlap(text.box, marker.box), text.text


def test_the_telecom_sample_has_a_phase_with_a_badge() -> None:
    """The test above has a phase's badge to check (a live phase with a finding)."""
    journey = journey_of(SAMPLE_FOLDER / "telecom_contact_centre.cjm")
    faces = MapContent.of(journey).faces
    assert {m.key for m in faces.markers} & {p.id for p in journey.phases}


def layout_json(tmp_path: Path, source: Path) -> dict[str, Any]:
    """What ``journeymapper layout MAP --json`` prints for ``source``."""
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", "layout", str(source), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# Nearer than this, a line looks to run on the divider (3 px wide at every zoom).
APART = 3.0


def divider_problems(data: dict[str, Any]) -> list[str]:
    """Every vertical run of an arrow closer than ``APART`` to a divider's line."""
    found = []
    for divider in data["dividers"]:
        x, top, bottom = divider["x"], divider["top"], divider["bottom"]
        for arrow in data["arrows"]:
            for (x1, y1), (x2, y2) in pairwise(arrow["points"]):
                vertical = abs(x1 - x2) < 1e-6
                reaches = max(y1, y2) > top and min(y1, y2) < bottom
                if vertical and reaches and abs(x1 - x) < APART:
                    found.append(f"{arrow['id']} runs {abs(x1 - x):.1f} from the divider at {x}")
    return found


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: Path(p).stem)
def test_no_arrow_runs_along_a_phase_divider(tmp_path: Path, path: Path) -> None:
    """In presentation mode the divider between two phases was drawn on the line of an
    arrow routed through the gap between them: the arrow vanished into it."""
    data = layout_json(tmp_path, path)
    journey = journey_of(path)
    assert len(data["dividers"]) == len(journey.phases) - 1
    assert divider_problems(data) == []


@pytest.mark.parametrize("sizes", [(6, 8, 10, 6, 30, 20), (4, 14, 16, 10, 30, 20)])
def test_no_arrow_runs_along_a_divider_of_a_synthetic_map(
    tmp_path: Path, sizes: tuple[int, ...]
) -> None:
    path = tmp_path / "synthetic.cjm"
    save(synthetic_map(*sizes), path)
    assert divider_problems(layout_json(tmp_path, path)) == []


def touches(points: tuple[tuple[float, float], ...], box: Rect) -> bool:
    """Whether the polyline meets the box, its edges included."""
    for (x1, y1), (x2, y2) in pairwise(points):
        if (
            min(x1, x2) <= box.right
            and box.x <= max(x1, x2)
            and min(y1, y2) <= box.bottom
            and box.y <= max(y1, y2)
        ):
            return True
    return False


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: Path(p).stem)
def test_flow_labels_sit_beside_their_arrows_inside_the_map(path: Path) -> None:
    """\"Order to planning\" (b2b) was struck through by its own line, "Cottage ready"
    (holiday park) sat at the map's edge: every label's pill is beside its arrow, crossed by
    no arrow's line, over no card, inside the lanes."""
    journey = journey_of(path)
    content = MapContent.of(journey)
    layout, faces = content.layout, content.faces
    lanes = [band.rect for band in layout.bands if band.kind is BandKind.LANE]
    inside = Rect(lanes[0].x, lanes[0].y, lanes[0].width, lanes[-1].bottom - lanes[0].y)
    lines = {face.key: face.shapes[0].points for face in faces.arrows}
    cards = [face.box for face in faces.cards] + [face.box for face in faces.notes]
    # A flow straight to the next card of its row (a gap's width) has no room for a pill:
    # its label is in its tooltip. Every other labelled flow shows its label.
    short = {
        key
        for key, points in lines.items()
        if len(points) == 2 and abs(points[1][0] - points[0][0]) < 56.0
    }
    labelled = {flow.id for flow in journey.flows if flow.label.strip()}
    placed = set()
    for face in faces.arrows:
        for text in face.texts:
            placed.add(face.key)
            box = text.box
            assert inside.contains(box), (face.key, box)
            struck = [key for key, points in lines.items() if touches(points, box)]
            assert struck == [], (face.key, text.text, struck)
            assert not any(overlap(box, card) for card in cards), (face.key, text.text)
            grown = Rect(box.x - 2, box.y - 2, box.width + 4, box.height + 4)
            assert touches(lines[face.key], grown), (face.key, "not beside its arrow")
    assert labelled - short <= placed <= labelled


def lane_gaps(data: dict[str, Any], journey: JourneyMap) -> dict[str, float]:
    """Per department, the smallest gap between two of its lane's cards stacked one above
    the other (cards side by side in a row are a column gap apart, as everywhere)."""
    department_of = {step.id: step.department for step in journey.process_steps}
    boxes: dict[str, list[list[float]]] = {}
    for card in data["cards"]:
        if card["kind"] == "process_step":
            boxes.setdefault(department_of[card["id"]], []).append(card["box"])
    gaps = {}
    for department, cards in boxes.items():
        found = [
            below[1] - (above[1] + above[3])
            for above in cards
            for below in cards
            if below[1] > above[1]
            and below[0] < above[0] + above[2]
            and above[0] < below[0] + below[2]
        ]
        if found:
            gaps[department] = min(found)
    return gaps


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: Path(p).stem)
def test_a_lane_gives_its_cards_room_for_what_runs_between_them(tmp_path: Path, path: Path) -> None:
    """Holiday park: the housekeeping partner's two cards stacked 24 pt apart, with two
    flows, a label and a marker squeezed between them. A lane whose cards flows start or end
    at has room between its rows for the lines and a label beside them (40 pt and more); a
    lane without flows stays compact."""
    journey = journey_of(path)
    data = layout_json(tmp_path, path)
    department_of = {step.id: step.department for step in journey.process_steps}
    flows: dict[str, int] = {}
    for flow in journey.flows:
        for department in {department_of[flow.source], department_of[flow.target]}:
            flows[department] = flows.get(department, 0) + 1
    for department, gap in lane_gaps(data, journey).items():
        wanted = 40.0 if flows.get(department, 0) >= 2 else 24.0
        assert gap >= wanted - 1e-6, (department, gap)


def test_the_holiday_park_housekeeping_lane_has_stacked_cards() -> None:
    """The case the test above is about is in the samples: stacked cards in a busy lane."""
    path = SAMPLE_FOLDER / "holiday_park_stay.cjm"
    journey = journey_of(path)
    layout = MapContent.of(journey).layout
    cards = [(element_id, rect) for element_id, rect in layout.cards()]
    housekeeping = [
        rect
        for element_id, rect in cards
        if any(p.id == element_id and "house" in p.department for p in journey.process_steps)
    ]
    assert len({rect.y for rect in housekeeping}) >= 2
