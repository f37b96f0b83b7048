"""Canvas and paper draw one picture: the scene's items paint exactly the faces the poster
prints, for every sample map."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from journeymapper.export.poster_content import MapContent
from journeymapper.model import Document, load
from journeymapper.render.card_faces import arrow_face, marker_face
from journeymapper.render.curve_faces import point_face
from journeymapper.render.faces import Face
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.scene.curve import CurveItem, EmotionPointItem
from journeymapper.ui.scene.flows import FlowItem
from journeymapper.ui.scene.items import BandItem, CardItem
from journeymapper.ui.scene.notes import NoteItem
from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))


def canvas_faces(scene: JourneyScene) -> list[Face]:
    """The faces the scene's items paint, in scene coordinates."""
    faces: list[Face | None] = []
    for item in scene.items():
        if isinstance(item, BandItem):
            faces.append(item.face)
        elif isinstance(item, CardItem):
            faces += [item.face(), item.marker()]
        elif isinstance(item, FlowItem):
            x, y = item.arrow.marker_at
            faces += [arrow_face(item.arrow), marker_face(item.element_id, x, y, item.findings)]
        elif isinstance(item, CurveItem):
            faces += item.faces()
        elif isinstance(item, NoteItem):
            faces.append(item.face)
        elif isinstance(item, EmotionPointItem):
            pos = item.pos()
            faces.append(
                point_face(item.step_id, pos.x(), pos.y(), item.value is not None, item.moment)
            )
    return [face for face in faces if face is not None]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_canvas_and_poster_draw_the_same_faces(qapp: QApplication, path: Path) -> None:
    journey = load(path).journey
    content = MapContent.of(journey)
    scene = JourneyScene(Document(journey))
    try:
        scene.show_findings(content.analysis.findings, content.analysis.moments)
        on_screen = sorted(canvas_faces(scene), key=repr)
        on_paper = sorted(content.faces.stacked(), key=repr)
        assert [(f.kind, f.key) for f in on_screen] == [(f.kind, f.key) for f in on_paper]
        # Not only the same things: the same content, colours, sizes and places.
        assert on_screen == on_paper
    finally:
        scene.close()


def test_a_card_tooltip_gives_its_full_title_and_findings_when_asked(qapp: QApplication) -> None:
    """Tooltips are worked out on hover, not for every card on each edit; what the user sees
    is the card's full text and its findings."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtWidgets import QGraphicsSceneHelpEvent

    journey = load(SAMPLE_MAPS / "telecom_contact_centre.cjm").journey
    content = MapContent.of(journey)
    scene = JourneyScene(Document(journey))
    try:
        scene.show_findings(content.analysis.findings, content.analysis.moments)
        step_id, findings = next(
            (s.id, content.findings[s.id]) for s in journey.steps() if s.id in content.findings
        )
        card = next(i for i in scene.items() if isinstance(i, CardItem) and i.element_id == step_id)
        event = QGraphicsSceneHelpEvent(QEvent.Type.GraphicsSceneHelp)
        event.setScenePos(QPointF(card.rect.center_x, card.rect.center_y))
        scene.helpEvent(event)
        tip = card.toolTip()
        assert tip.startswith(next(s.title for s in journey.steps() if s.id == step_id))
        for finding in findings:
            assert finding.message in tip
    finally:
        scene.close()
