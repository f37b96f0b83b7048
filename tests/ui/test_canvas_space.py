"""The canvas uses the window: a fitted map fills it with every band in sight, the panels
keep their width whatever is selected, and a title typed in place is the card's own size,
inside the card and on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journeymapper.model import style
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.view import READABLE_TEXT_PX, JourneyView
from tests.ui.helpers import sample_copy, viewport_point
from tests.ui.user import (
    CTRL_SHIFT,
    Mod,
    card_center,
    document_of,
    key,
    open_active,
    scene_of,
    view_of,
)


def at_projector_size(qtbot: QtBot, tmp_path: Path, name: str) -> MainWindow:
    """A sample opened in a 1600x1000 window, as on a projector, at the fit it opens with."""
    window = open_active(qtbot, tmp_path, name)
    window.resize(1600, 1000)
    key(window, Qt.Key.Key_0, Mod.ControlModifier)
    QApplication.processEvents()
    return window


def shown(view: JourneyView) -> QRectF:
    QApplication.processEvents()
    return view.mapToScene(view.viewport().rect()).boundingRect()


def click_card(window: MainWindow, element_id: str) -> None:
    view = view_of(window)
    point = viewport_point(view, card_center(window, element_id))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, point)


def ids_of(window: MainWindow, kind: str) -> list[str]:
    document = document_of(window)
    return [i for i in scene_of(window).card_rects if document.kind(i) == kind]


@pytest.mark.parametrize("name", ["webshop_order", "holiday_park_stay"])
def test_fit_to_window_fills_it_with_every_band(qtbot: QtBot, tmp_path: Path, name: str) -> None:
    window = at_projector_size(qtbot, tmp_path, name)
    view = view_of(window)
    scene_rect = scene_of(window).sceneRect()
    visible = shown(view)
    # From the phases down to the last lane, and no blank band above or below the map.
    assert visible.top() == pytest.approx(scene_rect.top(), abs=1)
    assert visible.bottom() >= scene_rect.bottom() - 1
    assert visible.height() <= scene_rect.height() * 1.03
    assert visible.left() >= scene_rect.left() - 1 and visible.right() <= scene_rect.right() + 1

    key(window, Qt.Key.Key_0, CTRL_SHIFT)  # the whole map, for an overview
    whole_map_zoom = view.zoom()
    assert shown(view).adjusted(-1, -1, 1, 1).contains(scene_rect)
    key(window, Qt.Key.Key_0, Mod.ControlModifier)
    # The text is larger: about twice on a map of 3:1, less on one whose workshop bands
    # (pain points, ideas, quotes, metrics, initiatives) make it taller (webshop: 1.9:1).
    assert view.zoom() > 1.25 * whole_map_zoom


def test_the_panels_keep_their_width_whatever_is_selected(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(autosave_ms=0)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    assert window.open_map(sample_copy(tmp_path))
    view = view_of(window)
    widths = set()
    for element_id in scene_of(window).card_ids():  # every card: the widths depended on
        click_card(window, element_id)  # the titles and texts each form showed
        QApplication.processEvents()
        widths.add((window.inspector_dock.width(), view.viewport().width()))
    assert len(widths) == 1, widths


def editor_check(window: MainWindow) -> tuple[QRect, QRect]:
    """The in-place editor's place and its card's, on the viewport."""
    view = view_of(window)
    editor = view.inline_editor()
    assert editor is not None and editor.isVisible()
    item = scene_of(window).item_for(editor.element_id)
    assert item is not None
    card = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
    return editor.geometry(), card


def test_a_new_card_is_typed_in_view_at_a_readable_size(qtbot: QtBot, tmp_path: Path) -> None:
    window = at_projector_size(qtbot, tmp_path, "webshop_order")
    view = view_of(window)
    key(window, Qt.Key.Key_0, CTRL_SHIFT)  # the whole map: card text a few pixels high
    assert style.CARD_TITLE_SIZE * view.zoom() < READABLE_TEXT_PX / 2
    click_card(window, ids_of(window, "touchpoint")[-1])  # the last one, at the right edge
    key(window, Qt.Key.Key_Return)  # a new touchpoint after it, its title typed in place
    editor = view.inline_editor()
    assert editor is not None
    QTest.keyClicks(editor, "Parcel tracking by text message")

    place, card = editor_check(window)
    assert view.viewport().rect().contains(card)  # the card and what is typed are on screen
    assert card.contains(place)  # inside the card: the neighbours stay readable
    text_px = editor.font().pixelSize()
    assert text_px == round(style.CARD_TITLE_SIZE * view.zoom())  # the card's own size
    assert text_px >= READABLE_TEXT_PX  # zoomed in around the card to read along
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert document_of(window).get(editor.element_id).title == "Parcel tracking by text message"


def test_f2_keeps_the_view_when_the_card_is_readable_and_in_sight(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = at_projector_size(qtbot, tmp_path, "webshop_order")
    view = view_of(window)
    key(window, Qt.Key.Key_1, Mod.ControlModifier)  # 100%
    step = ids_of(window, "step")[1]
    click_card(window, step)
    view.centerOn(scene_of(window).item_for(step))  # type: ignore[arg-type]
    QApplication.processEvents()
    before = (view.zoom(), view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    key(window, Qt.Key.Key_F2)
    after = (view.zoom(), view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    assert after == before  # no jump
    place, card = editor_check(window)
    assert card.contains(place)
    editor = view.inline_editor()
    assert editor is not None
    assert editor.font().pixelSize() == round(style.STEP_TITLE_SIZE * view.zoom())


def test_f2_at_the_fitted_view_zooms_in_around_the_card(qtbot: QtBot, tmp_path: Path) -> None:
    window = at_projector_size(qtbot, tmp_path, "holiday_park_stay")
    view = view_of(window)
    touchpoint = ids_of(window, "touchpoint")[2]
    click_card(window, touchpoint)
    assert style.CARD_TITLE_SIZE * view.zoom() < READABLE_TEXT_PX
    key(window, Qt.Key.Key_F2)
    place, card = editor_check(window)
    assert view.viewport().rect().contains(card)
    assert card.contains(place)
    assert style.CARD_TITLE_SIZE * view.zoom() == pytest.approx(READABLE_TEXT_PX)
