"""A relayout works out again only the card faces it changed, and every card still shows what
a face made from nothing shows.

Every card used to throw its face away with each new layout, so the first paint after any
structural edit (Enter, Alt+arrow, Delete) made the face of every card in view again. The
check counts the faces made (never time); the property drives random edits through the
Document and compares every card with one drawn from a fresh layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journeymapper.model import Document
from journeymapper.model.elements import JourneyMap
from journeymapper.model.errors import IntegrityError
from journeymapper.render.card_faces import FaceContext, card_face
from journeymapper.render.layout import compute_layout
from journeymapper.render.map_faces import card_places
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.scene import items as scene_items
from tests.strategies import journey_maps
from tests.ui.user import editor_of, open_active, scene_of


@pytest.fixture
def faces_made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The element ids of the card faces the canvas makes."""
    made: list[str] = []

    def counting(context: FaceContext, element_id: str, rect: object) -> object:
        made.append(element_id)
        return card_face(context, element_id, rect)  # type: ignore[arg-type]

    monkeypatch.setattr(scene_items, "card_face", counting)
    yield made


def paint_all(scene: JourneyScene) -> None:
    """Paint the whole map at full size, as a view showing all of it would."""
    rect = scene.sceneRect()
    image = QImage(int(rect.width() / 4), int(rect.height() / 4), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()


def test_a_flow_label_edit_lays_out_again_but_makes_no_card_face_again(
    qtbot: QtBot, tmp_path: Path, faces_made: list[str]
) -> None:
    window = open_active(qtbot, tmp_path)
    scene = scene_of(window)
    paint_all(scene)
    assert faces_made  # every card's face, the first time
    flow = scene.document.map.flows[0]
    layout = scene.layout
    faces_made.clear()
    assert editor_of(window).set_field(flow.id, "label", "Handed over in the morning")
    assert scene.layout is not layout  # a label takes room on its arrow: a new layout
    paint_all(scene)
    assert faces_made == []  # no card moved or changed


def drawn_from_nothing(document: Document) -> dict[tuple[str, object], object]:
    journey = document.map
    layout = compute_layout(journey)
    context = FaceContext(journey, layout, lambda i: document.get(i) if i in document else None)
    return {(i, rect): card_face(context, i, rect) for i, rect in card_places(layout)}


def drawn_on(scene: JourneyScene) -> dict[tuple[str, object], object]:
    return {
        (card.element_id, card.rect): card.face()
        for element_id in scene.card_ids()
        for card in scene.pieces(element_id)
    }


EDITS = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 99), st.integers(0, 99)), min_size=1, max_size=6
)


def edit(document: Document, what: int, a: int, b: int) -> None:
    """One edit of a kind a card shows: titles, a step's marks, a touchpoint's channel, owner
    and steps, a channel's or department's colour, a step moved, a touchpoint removed."""
    journey = document.map
    steps, touchpoints = journey.steps(), journey.touchpoints
    channels, departments = journey.channels, journey.departments
    if what == 0 and steps:
        document.set_field(steps[a % len(steps)].id, "title", f"Step {b}")
    elif what == 1 and steps:
        step = steps[a % len(steps)]
        document.set_field(step.id, "pain_points", [f"pain {n}" for n in range(b % 3)])
        document.set_field(step.id, "moment_of_truth", bool(b % 2))
    elif what == 2 and touchpoints and channels:
        channel = channels[b % len(channels)].id if b % 4 else None
        document.set_field(touchpoints[a % len(touchpoints)].id, "channel", channel)
    elif what == 3 and touchpoints and departments:
        owner = departments[b % len(departments)].id if b % 4 else None
        document.set_field(touchpoints[a % len(touchpoints)].id, "owner", owner)
    elif what == 4 and touchpoints and steps:
        chosen = sorted({steps[a % len(steps)].id, steps[b % len(steps)].id})
        document.set_field(touchpoints[a % len(touchpoints)].id, "steps", chosen)
    elif what == 5 and (channels or departments):
        colourable = [*channels, *departments]
        document.set_field(colourable[a % len(colourable)].id, "color", f"#{b:02d}{a:02d}99")
    elif what == 6 and journey.phases:
        phase = journey.phases[a % len(journey.phases)]
        if phase.steps:
            document.move(phase.steps[0].id, phase.id, b % len(phase.steps))
    elif what == 7 and touchpoints:
        document.remove(touchpoints[a % len(touchpoints)].id)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=journey_maps(max_phases=3, max_steps=3), edits=EDITS)
def test_after_any_edits_every_card_shows_the_face_a_fresh_layout_draws(
    qapp: QApplication, journey: JourneyMap, edits: list[tuple[int, int, int]]
) -> None:
    document = Document(journey.model_copy(deep=True))
    scene = JourneyScene(document)
    try:
        assert drawn_on(scene) == drawn_from_nothing(document)
        for what, a, b in edits:
            try:
                edit(document, what, a, b)
            except IntegrityError:
                continue  # an edit the map refuses changes nothing
            assert drawn_on(scene) == drawn_from_nothing(document)
    finally:
        scene.close()


def test_a_new_channel_colour_repaints_the_cards_of_its_touchpoints_only(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_active(qtbot, tmp_path)
    scene = scene_of(window)
    journey = scene.document.map
    channel = journey.channels[0].id
    users = {t.id for t in journey.touchpoints if t.channel == channel}
    assert users and len(users) < len(journey.touchpoints)
    refreshed: list[str] = []
    refresh = scene_items.CardItem.refresh

    def counting(card: scene_items.CardItem) -> None:
        refreshed.append(card.element_id)
        refresh(card)

    monkeypatch.setattr(scene_items.CardItem, "refresh", counting)
    assert editor_of(window).set_field(channel, "color", "#123456")
    assert set(refreshed) == users
    paint_all(scene)
    for touchpoint in users:
        for card in scene.pieces(touchpoint):
            face = card.face()
            assert face is not None and "#123456" in {shape.fill for shape in face.shapes}
