"""Presentation mode's legend never hides a card the room is looking at.

Tried on a projector (Xvfb, 1600x1000) with the B2B sample: walking to the second phase and
down to the lanes, the legend in the bottom right corner lay over the transport partner's
"Transport to the retailer" card; only its faded title showed through. The legend now
takes the first place along the bottom of the map's free room, then along its top (right to
left), where it covers no card: the bottom right corner when that is free.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtWidgets import QGraphicsItem
from pytestqt.qtbot import QtBot

from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.pinned_labels import PresentationOverlay
from journeymapper.ui.scene.flows import FlowItem
from journeymapper.ui.scene.items import CardItem
from journeymapper.ui.scene.notes import NoteItem
from tests.ui.helpers import SAMPLE_MAPS, view_of
from tests.ui.user import key, open_active

SAMPLES = sorted(p.stem for p in SAMPLE_MAPS.glob("*.cjm"))
Key = Qt.Key


def cards_under(window: MainWindow, frame: QRectF) -> list[QGraphicsItem]:
    """The cards and notes of which part is drawn in the viewport rectangle ``frame``."""
    view = view_of(window)
    hidden: list[QGraphicsItem] = []
    for item in view.items(frame.toRect()):
        if isinstance(item, CardItem | NoteItem):
            on_screen = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
            if QRectF(on_screen).intersects(frame):
                hidden.append(item)
    return hidden


def a_corner_is_free(
    window: MainWindow, overlay: PresentationOverlay, size: QSizeF, arrows_too: bool = False
) -> bool:
    """Whether a legend of ``size`` fits in some corner of the screen right of the pinned
    column and below the pinned phase strip, or half way along its bottom, without lying
    over a card (nor, with ``arrows_too``, over an arrow)."""
    viewport = QRectF(view_of(window).viewport().rect())
    column = max((label.rect.right() for label in overlay.pinned_labels()), default=0.0)
    # Below the phase strip while it is pinned: a legend over the phase titles hides them.
    strip = max((rect.bottom() for _, rect in overlay.phase_titles()), default=0.0)
    room = viewport.adjusted(column + 12, strip + 12, -12, -12)
    boxes = [QRectF(QPointF(0, 0), size) for _ in range(5)]
    boxes[0].moveBottomRight(room.bottomRight())
    boxes[1].moveTopRight(room.topRight())
    boxes[2].moveBottomLeft(room.bottomLeft())
    boxes[3].moveTopLeft(room.topLeft())
    boxes[4].moveBottom(room.bottom())
    boxes[4].moveLeft(room.center().x() - size.width() / 2)
    return any(
        not cards_under(window, box) and not (arrows_too and flows_under(window, box))
        for box in boxes
    )


@pytest.mark.parametrize("name", SAMPLES)
def test_the_legend_covers_no_card_while_walking_the_phases_and_lanes(
    qtbot: QtBot, tmp_path: Path, name: str
) -> None:
    window = open_active(qtbot, tmp_path, name)
    window.resize(1600, 1000)
    key(window, Key.Key_F5)
    overlay = view_of(window).overlay
    assert isinstance(overlay, PresentationOverlay)
    phases = len(window.session.editor.document.map.phases)  # type: ignore[union-attr]
    covered: list[str] = []
    checked = 0
    for height in range(2):  # the customer's side, then the lanes
        for _ in range(phases):
            frame = overlay.legend_box()
            assert frame is not None
            if a_corner_is_free(window, overlay, frame.size()):
                covered += [f"{height}: {item}" for item in cards_under(window, frame)]
            checked += 1
            key(window, Key.Key_PageDown)
        for _ in range(phases):
            key(window, Key.Key_PageUp)
        key(window, Key.Key_Down)
        key(window, Key.Key_Down)
    assert covered == []
    assert checked == 2 * phases


def flows_under(window: MainWindow, frame: QRectF) -> list[FlowItem]:
    """The arrows whose drawn line passes under the viewport rectangle ``frame``."""
    view = view_of(window)
    return [
        item
        for item in view.items(frame.toRect(), Qt.ItemSelectionMode.IntersectsItemShape)
        if isinstance(item, FlowItem)
    ]


@pytest.mark.parametrize("name", ["webshop_order", "b2b_premium_supplier"])
def test_the_legend_hides_no_handover_when_a_place_is_clear(
    qtbot: QtBot, tmp_path: Path, name: str
) -> None:
    """Tried on the projector: on the webshop's lanes the legend lay over the 'Proof of
    delivery' handover and its label, on the B2B map over 'Create the invoice' ->
    'Correct the invoice'. It chose its place by the cards alone."""
    window = open_active(qtbot, tmp_path, name)
    window.resize(1600, 1000)
    key(window, Key.Key_F5)
    overlay = view_of(window).overlay
    assert isinstance(overlay, PresentationOverlay)
    phases = len(window.session.editor.document.map.phases)  # type: ignore[union-attr]
    covered: list[str] = []
    clear_pages = 0
    for _height in range(2):  # the customer's side, then the lanes
        for _ in range(phases):
            frame = overlay.legend_box()
            assert frame is not None
            if a_corner_is_free(window, overlay, frame.size(), arrows_too=True):
                clear_pages += 1
                covered += [item.element_id for item in flows_under(window, frame)]
            key(window, Key.Key_PageDown)
        for _ in range(phases):
            key(window, Key.Key_PageUp)
        key(window, Key.Key_Down)
        key(window, Key.Key_Down)
    assert clear_pages > 0
    assert covered == []
