"""Workshop speed: the keys, views and panels a facilitator uses in front of a room.

Undo and redo with the real shortcuts, Tab and the arrows walking the canvas, the emotion
keys on the grade scale, shortcuts in the menus and the cheat sheet, zoom, pan and fit,
presentation mode phase by phase, the findings panel, the start page and recent files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from journeymapper.model.layout import BandKind
from journeymapper.ui.findings_panel import FindingsPanel
from journeymapper.ui.keyboard import CANVAS_SHORTCUTS
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.prompts import Choice
from journeymapper.ui.settings import remember_recent
from journeymapper.ui.view import JourneyView
from tests.ui.helpers import open_window, sample_copy, view_of
from tests.ui.user import (
    CTRL_SHIFT,
    Mod,
    activate,
    document_of,
    editor_of,
    key,
    open_active,
    saved_bytes,
    scene_of,
    select,
)


def selected_kind(window: MainWindow) -> str:
    (selected,) = scene_of(window).selected_ids()
    return document_of(window).kind(selected)


def visible_scene_rect(view: JourneyView) -> QRectF:
    """What the canvas shows, once Qt has laid out the scroll bars the last zoom changed."""
    QApplication.processEvents()
    return view.mapToScene(view.viewport().rect()).boundingRect()


def shows_every_band_filling_the_width(view: JourneyView, scene_rect: QRectF) -> bool:
    """Fit to window on a wide map: every band top to bottom, no blank beside the map."""
    visible = visible_scene_rect(view)
    top_to_bottom = (
        visible.top() <= scene_rect.top() + 1 and visible.bottom() >= scene_rect.bottom() - 1
    )
    return top_to_bottom and scene_rect.adjusted(-1, -1, 1, 1).contains(
        QRectF(visible.left(), scene_rect.top(), visible.width(), 1)
    )


def double_click(widget: QWidget, point: QPoint) -> None:
    """A real double-click: a click, then the second press that Qt reports as a double."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Mod.NoModifier, point)
    QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, Mod.NoModifier, point)


# -- undo and redo ----------------------------------------------------------------------------


def test_ctrl_z_and_ctrl_shift_z_walk_the_history(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "step-pay")
    QTest.keyClicks(view_of(window), "7")  # off the bipolar scale: refused, nothing to undo
    QTest.keyClicks(view_of(window), "4")
    key(window, Qt.Key.Key_Delete)
    deleted = saved_bytes(window)
    key(window, Qt.Key.Key_Z, Mod.ControlModifier)
    key(window, Qt.Key.Key_Z, Mod.ControlModifier)
    assert saved_bytes(window) == original and not window.isWindowModified()
    key(window, Qt.Key.Key_Z, CTRL_SHIFT)
    key(window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert saved_bytes(window) == deleted
    assert editor_of(window).undo_stack.count() == 2


# -- moving the selection ---------------------------------------------------------------------


def test_tab_walks_the_bands_of_one_column_and_back(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "step-pay")
    kinds = []
    for _ in range(4):
        key(window, Qt.Key.Key_Tab)
        kinds.append(selected_kind(window))
    assert kinds == ["touchpoint", "process_step", "phase", "step"]
    assert scene_of(window).selected_ids() == ["step-pay"]  # the same column all the way
    key(window, Qt.Key.Key_Backtab)
    assert selected_kind(window) == "phase"


def test_arrows_move_along_a_band_and_down_to_the_next(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    scene = scene_of(window)
    select(window, "step-pay")
    key(window, Qt.Key.Key_Left)
    assert scene.selected_ids() == ["step-choose-delivery"]
    key(window, Qt.Key.Key_Right)
    key(window, Qt.Key.Key_Right)
    assert scene.selected_ids() == ["step-read-confirmation"]
    key(window, Qt.Key.Key_Down)
    assert scene.selected_ids() == ["tp-confirmation-mail"]
    key(window, Qt.Key.Key_Up)
    assert scene.selected_ids() == ["step-read-confirmation"]


def test_arrows_walk_the_lane_labels_and_into_a_lane(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    scene = scene_of(window)
    select(window, "dept-webshop")
    key(window, Qt.Key.Key_Down)
    assert scene.selected_ids() == ["dept-customer-service"]
    key(window, Qt.Key.Key_Up)
    key(window, Qt.Key.Key_Right)
    assert scene.selected_ids() == ["proc-publish-promise"]  # the first step in that lane
    key(window, Qt.Key.Key_Left)
    assert scene.selected_ids() == ["dept-webshop"]
    select(window, "step-search-gift")
    key(window, Qt.Key.Key_Left)  # nothing further left in the band: it stays
    assert scene.selected_ids() == ["step-search-gift"]


def test_zero_gives_a_ten_on_the_grade_scale(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path, "telecom_contact_centre")
    step = document_of(window).map.phases[0].steps[0].id
    select(window, step)
    QTest.keyClicks(view_of(window), "0")
    curve = document_of(window).map.default_curve()
    assert curve is not None and curve.points[step] == 10
    QTest.keyClicks(view_of(window), "+")  # already at the top: nothing changes
    QTest.keyClicks(view_of(window), "-")
    assert curve.points[step] == 9


# -- shortcuts --------------------------------------------------------------------------------


def menu_actions(window: MainWindow) -> list[QAction]:
    """Every action reachable from the menu bar, submenus included."""
    found: list[QAction] = []
    pending = list(window.menuBar().actions())
    while pending:
        action = pending.pop()
        menu = action.menu()
        if isinstance(menu, QMenu):
            pending.extend(menu.actions())
        else:
            found.append(action)
    return found


def test_every_edit_in_the_menus_has_its_own_shortcut(qtbot: QtBot) -> None:
    window, _ = open_window(qtbot)
    names = ["undo", "redo", "rename", "delete", "add_phase", "add_step", "add_touchpoint"]
    names += ["add_department", "add_process_step", "zoom_in", "zoom_out", "fit", "present"]
    for name in names:
        assert not window.actions_by_name[name].shortcut().isEmpty(), name
    shortcuts = [
        a.shortcut().toString() for a in menu_actions(window) if not a.shortcut().isEmpty()
    ]
    assert len(shortcuts) == len(set(shortcuts)), "one key combination for two menu items"


def test_f1_shows_the_cheat_sheet_with_canvas_keys_and_menu_shortcuts(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    key(window, Qt.Key.Key_F1)
    (dialog,) = [d for d in window.findChildren(QDialog) if d.isVisible()]
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget)
    assert table is not None
    rows = {(cell_text(table, row, 0), cell_text(table, row, 1)) for row in range(table.rowCount())}
    assert {(s.keys, s.what) for s in CANVAS_SHORTCUTS} <= rows
    add_touchpoint = window.actions_by_name["add_touchpoint"]
    native = add_touchpoint.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    assert (native, "Add touchpoint") in rows


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


# -- zoom, pan and fit ------------------------------------------------------------------------


def test_zoom_keys_fit_and_actual_size(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    key(window, Qt.Key.Key_Plus, Mod.ControlModifier)
    assert view.zoom() > 1.1
    key(window, Qt.Key.Key_Minus, Mod.ControlModifier)
    key(window, Qt.Key.Key_Minus, Mod.ControlModifier)
    assert view.zoom() < 0.9
    key(window, Qt.Key.Key_0, CTRL_SHIFT)
    scene_rect = scene_of(window).sceneRect()
    assert visible_scene_rect(view).adjusted(-1, -1, 1, 1).contains(scene_rect)
    key(window, Qt.Key.Key_0, Mod.ControlModifier)
    assert shows_every_band_filling_the_width(view, scene_rect)
    key(window, Qt.Key.Key_1, Mod.ControlModifier)
    assert view.zoom() == 1.0


def test_a_fitted_map_stays_fitted_when_the_window_resizes(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    scene_rect = scene_of(window).sceneRect()
    key(window, Qt.Key.Key_0, Mod.ControlModifier)
    window.resize(900, 700)  # say, the projector's resolution
    assert shows_every_band_filling_the_width(view, scene_rect)
    key(window, Qt.Key.Key_0, CTRL_SHIFT)
    window.resize(1000, 800)
    assert visible_scene_rect(view).adjusted(-1, -1, 1, 1).contains(scene_rect)
    key(window, Qt.Key.Key_Plus, Mod.ControlModifier)  # zoomed by hand: a resize keeps it
    zoom = view.zoom()
    window.resize(1300, 900)
    QApplication.processEvents()
    assert view.zoom() == zoom


def test_ctrl_wheel_zooms_and_middle_drag_pans(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    viewport = view.viewport()
    center = QPointF(viewport.rect().center())
    wheel = QWheelEvent(
        center,
        QPointF(viewport.mapToGlobal(center.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Mod.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert view.zoom() > 1.1
    bar = view.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    start_value = bar.value()
    press_at = viewport.rect().center()
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Mod.NoModifier, press_at)
    QTest.mouseMove(viewport, press_at + QPoint(-150, 0))
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, Mod.NoModifier, press_at)
    assert bar.value() == start_value + 150  # the map follows the hand


# -- presentation -----------------------------------------------------------------------------


def test_f5_presents_phase_by_phase_in_large_type(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    key(window, Qt.Key.Key_0, CTRL_SHIFT)  # the whole map
    overview_zoom = view.zoom()
    key(window, Qt.Key.Key_F5)
    assert window.presentation.active
    assert not window.findings_dock.isVisible() and not window.menuBar().isVisible()
    phases = document_of(window).map.phases
    visibility_line = scene_of(window).layout.band(BandKind.VISIBILITY).rect
    for index in (0, 1, 2):
        phase = scene_of(window).card_rects[phases[index].id]
        visible = visible_scene_rect(view)
        assert visible.left() <= phase.x and phase.right <= visible.right()
        assert view.zoom() > overview_zoom  # one phase fills the screen: bigger type
        assert visible.bottom() >= visibility_line.bottom  # steps, curve and touchpoints whole
        key(window, Qt.Key.Key_Right)
    key(window, Qt.Key.Key_Left)
    assert window.presentation.phase_index == 2
    lanes_top = visible_scene_rect(view).top()
    key(window, Qt.Key.Key_Down)  # on to the departments' swimlanes
    assert visible_scene_rect(view).top() > lanes_top
    key(window, Qt.Key.Key_Up)
    assert visible_scene_rect(view).top() == pytest.approx(lanes_top)
    key(window, Qt.Key.Key_Home)  # the whole map
    assert visible_scene_rect(view).adjusted(-1, -1, 1, 1).contains(scene_of(window).sceneRect())
    key(window, Qt.Key.Key_Escape)
    assert not window.presentation.active
    assert window.findings_dock.isVisible() and window.menuBar().isVisible()


def test_leaving_the_presentation_returns_to_the_working_view(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    key(window, Qt.Key.Key_0, Mod.ControlModifier)  # fit to window: the view a facilitator works in
    working_zoom = view.zoom()
    key(window, Qt.Key.Key_F5)
    key(window, Qt.Key.Key_Right)
    key(window, Qt.Key.Key_Escape)
    assert not window.presentation.active
    qtbot.waitUntil(lambda: view.zoom() == pytest.approx(working_zoom, rel=0.02))


# -- findings ---------------------------------------------------------------------------------


def test_clicking_a_finding_selects_its_elements_and_scrolls_to_them(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    view.reset_zoom()
    view.horizontalScrollBar().setValue(0)  # the start of the map: the finding is far right
    panel = window.findings_dock.widget()
    assert isinstance(panel, FindingsPanel)
    editor = editor_of(window)
    row = next(n for n, f in enumerate(editor.findings) if "proc-handle-exchange" in f.elements)
    finding = editor.findings[row]
    card = scene_of(window).item_for("proc-handle-exchange")
    assert card is not None
    assert not visible_scene_rect(view).intersects(card.sceneBoundingRect())
    index = panel.model.index(row, 0)
    panel.list.scrollTo(index)
    QTest.mouseClick(
        panel.list.viewport(),
        Qt.MouseButton.LeftButton,
        Mod.NoModifier,
        panel.list.visualRect(index).center(),
    )
    selected = set(scene_of(window).selected_ids())
    assert selected and selected <= set(finding.elements)
    assert visible_scene_rect(view).intersects(card.sceneBoundingRect())


# -- start page and recent files --------------------------------------------------------------


def test_start_page_opens_a_sample_with_a_double_click(qtbot: QtBot) -> None:
    window, _ = open_window(qtbot)
    samples = window.start_page.samples
    item = samples.item(samples.count() - 1)
    assert item.text() == "Webshop order"
    samples.scrollToItem(item)
    opened: list[object] = []
    window.start_page.path_chosen.connect(opened.append)
    double_click(samples.viewport(), samples.visualItemRect(item).center())
    assert len(opened) == 1  # opened once, not once per signal of the double-click
    assert window.session is not None and window.session.path is not None
    assert window.session.path.name == "webshop_order.cjm"
    assert window.pages.currentWidget() is window.view


def test_recent_maps_on_the_start_page_and_in_the_file_menu(qtbot: QtBot, tmp_path: Path) -> None:
    older, newer = sample_copy(tmp_path, "holiday_park_stay"), sample_copy(tmp_path)
    remember_recent(older)
    remember_recent(newer)
    window, _ = open_window(qtbot)
    recent = window.start_page.recent
    names = [recent.item(n).text().split()[0] for n in range(recent.count())]
    assert names == [newer.name, older.name]
    recent.setFocus()  # by keyboard: the first Down lands on the newest, the next below it
    QTest.keyClick(recent, Qt.Key.Key_Down)
    QTest.keyClick(recent, Qt.Key.Key_Down)
    QTest.keyClick(recent, Qt.Key.Key_Return)
    assert window.session is not None and window.session.path == older.resolve()
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    (recent_menu,) = [a.menu() for a in file_menu.actions() if a.text() == "Open &recent"]
    assert isinstance(recent_menu, QMenu)
    recent_menu.aboutToShow.emit()  # what opening the submenu does
    entries = recent_menu.actions()
    assert [a.text() for a in entries] == [older.name, newer.name]  # newest first
    entries[1].trigger()
    assert window.session.path == newer.resolve()


def test_closing_with_unsaved_changes_asks_first(qtbot: QtBot, tmp_path: Path) -> None:
    window, prompts = open_window(qtbot, sample_copy(tmp_path))
    activate(qtbot, window)
    select(window, "phase-orient")
    key(window, Qt.Key.Key_Delete)
    prompts.unsaved = Choice.CANCEL
    assert not window.close()
    assert window.isVisible() and prompts.asked == ["unsaved:webshop_order.cjm"]
    prompts.unsaved = Choice.DISCARD
    assert window.close()
