"""What a facilitator found on screen (issue 9, canvas trial), checked over the faces of
every sample: finding badges wholly on their band, flow labels beside their arrows, arrows
apart from the phase dividers, lanes with room between their cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymapper.export.poster_content import MapContent
from journeymapper.model import load
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
