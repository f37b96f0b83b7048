"""Zoomed out, the canvas paints what shows: cards a few pixels wide are coloured boxes.

On the large map fitted whole into the window a card is about five pixels wide and its title
would be a pixel high; wrapping and drawing every title each frame made the fit view take
seconds to paint on larger maps. The checks look at what the painting does (which texts it
draws), never at how long it takes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget
from pytestqt.qtbot import QtBot

from bench.synthetic import large_map
from journeymapper.model import save
from journeymapper.render.faces import TextFace
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.scene import face_painter
from journeymapper.ui.scene.items import CardItem
from journeymapper.ui.view import JourneyView
from tests.ui.helpers import open_window
from tests.ui.user import CTRL_SHIFT, Mod, activate, key


class Painted:
    """What one repaint of the canvas drew: the texts, and how many cards were painted."""

    def __init__(self) -> None:
        self.texts: list[TextFace] = []
        self.cards = 0

    def card_texts(self) -> list[TextFace]:
        """The titles and detail lines of steps, touchpoints and process steps."""
        kinds = ("step '", "touchpoint '", "process step '")
        return [t for t in self.texts if t.where.startswith(kinds)]


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> Iterator[Painted]:
    seen = Painted()
    paint_text = face_painter.paint_text
    paint_card = CardItem.paint

    def spying_text(painter: QPainter, text: TextFace) -> None:
        seen.texts.append(text)
        paint_text(painter, text)

    def spying_card(
        item: CardItem,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        seen.cards += 1
        paint_card(item, painter, option, widget)

    monkeypatch.setattr(face_painter, "paint_text", spying_text)
    monkeypatch.setattr(CardItem, "paint", spying_card)
    yield seen


def repaint(view: JourneyView, seen: Painted) -> Painted:
    seen.texts.clear()
    seen.cards = 0
    view.viewport().repaint()
    return seen


@pytest.fixture
def large_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "large.cjm"
    save(large_map(), path)
    window, _ = open_window(qtbot, path)
    activate(qtbot, window)
    return window


def test_the_whole_large_map_paints_its_cards_without_their_texts(
    large_window: MainWindow, painted: Painted
) -> None:
    view = large_window.view
    assert view is not None
    key(large_window, Qt.Key.Key_0, CTRL_SHIFT)  # View > Whole map
    assert view.zoom() < 0.1  # a card is a few pixels wide
    seen = repaint(view, painted)
    assert seen.cards > 1000  # every card of the map is painted ...
    assert seen.card_texts() == []  # ... as a box, with no text drawn on it


def test_at_actual_size_the_cards_in_sight_show_their_texts(
    large_window: MainWindow, painted: Painted
) -> None:
    view = large_window.view
    assert view is not None
    key(large_window, Qt.Key.Key_0, CTRL_SHIFT)
    key(large_window, Qt.Key.Key_1, Mod.ControlModifier)  # View > Actual size
    assert view.zoom() == 1.0
    seen = repaint(view, painted)
    assert 0 < seen.cards < 200
    titles = {t.text for t in seen.card_texts()}
    journey = large_window.session.editor.document.map if large_window.session else None
    assert journey is not None
    cards = [*journey.steps(), *journey.touchpoints, *journey.process_steps]
    assert titles & {card.title for card in cards}  # the titles of the cards in sight
