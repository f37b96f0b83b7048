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
