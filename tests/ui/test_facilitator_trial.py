"""What a facilitator ran into when mapping live on a real window with the keyboard alone:
keys that did nothing without saying why, a link mode that gave no sign of being on, and
a help sheet and inspector that held the keyboard or the text back.

Each test drives the real MainWindow with key presses, as the facilitator did.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QTableWidget
from pytestqt.qtbot import QtBot

from journeymapper.ui.main_window import MainWindow
from tests.ui.helpers import view_of
from tests.ui.user import document_of, editor_of, key, open_active, scene_of, select


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def selected(window: MainWindow) -> list[str]:
    return scene_of(window).selected_ids()


def flow_pairs(window: MainWindow) -> set[tuple[str, str]]:
    return {(f.source, f.target) for f in document_of(window).map.flows}


# -- L: linking two process steps says what is going on ---------------------------------------


def test_l_says_a_link_is_being_aimed_and_how_to_finish_it(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "proc-publish-promise")
    key(window, Qt.Key.Key_L)
    message = status(window)
    assert "Publish stock and delivery promise" in message
    assert "Enter" in message and "Escape" in message


def test_enter_before_aiming_keeps_the_link_on_and_says_to_aim(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    before = flow_pairs(window)
    select(window, "proc-publish-promise")
    key(window, Qt.Key.Key_L)
    key(window, Qt.Key.Key_Return)  # nothing aimed at yet
    assert flow_pairs(window) == before
    assert "arrows" in status(window)
    key(window, Qt.Key.Key_Right)  # the link is still on: the arrow aims
    assert selected(window) == ["proc-take-order"]
    key(window, Qt.Key.Key_Return)
    assert flow_pairs(window) == before | {("proc-publish-promise", "proc-take-order")}
    assert "Take the order" in status(window)


def test_joining_two_steps_already_joined_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    before = flow_pairs(window)
    select(window, "proc-pick")
    key(window, Qt.Key.Key_L)
    key(window, Qt.Key.Key_Down)  # packing sits under picking, in the same column
    assert selected(window) == ["proc-pack"]  # joined by the sample's flow-pick-pack
    key(window, Qt.Key.Key_Return)
    assert flow_pairs(window) == before and not editor_of(window).undo_stack.count()
    assert "already" in status(window)


def test_escape_while_linking_says_the_link_is_off(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "proc-publish-promise")
    key(window, Qt.Key.Key_L)
    key(window, Qt.Key.Key_Escape)
    assert "cancel" in status(window).lower()


def test_delete_while_linking_cancels_the_link_and_deletes_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "proc-publish-promise")
    key(window, Qt.Key.Key_L)
    key(window, Qt.Key.Key_Right)  # aiming at "Take the order"
    key(window, Qt.Key.Key_Delete)  # a slip of the hand while the link is on
    assert "proc-publish-promise" in document_of(window)
    assert "proc-take-order" in document_of(window)
    assert not editor_of(window).undo_stack.count()
    assert "cancel" in status(window).lower()
    key(window, Qt.Key.Key_Right)  # the link is off: the arrows move the selection again
    key(window, Qt.Key.Key_Return)
    assert ("proc-publish-promise", "proc-take-order") not in flow_pairs(window)


# -- keys that are refused say why ------------------------------------------------------------


def test_enter_on_a_flow_says_why_nothing_is_added(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "proc-pick")
    key(window, Qt.Key.Key_F)  # the flow out of it
    assert selected(window) == ["flow-pick-pack"]
    key(window, Qt.Key.Key_Return)
    assert not editor_of(window).undo_stack.count()
    assert "flow" in status(window)


def test_a_digit_outside_the_emotion_scale_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)  # the sample's scale runs from -5 to +5
    select(window, "step-pay")
    key(window, Qt.Key.Key_7)
    assert not editor_of(window).undo_stack.count()
    message = status(window)
    assert "7" in message and "-5" in message and "5" in message


# -- F1: the help sheet can be read without scrolling sideways --------------------------------


def test_f1_shows_every_key_and_its_whole_description(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    key(window, Qt.Key.Key_F1)
    (dialog,) = [d for d in window.findChildren(QDialog) if d.windowTitle() == "Keyboard shortcuts"]
    qtbot.waitExposed(dialog)
    (table,) = dialog.findChildren(QTableWidget)
    viewport = table.viewport().width()
    # Both columns fit in the table: nothing is cut off at the right edge.
    assert table.columnViewportPosition(1) + table.columnWidth(1) <= viewport
    line = table.fontMetrics().lineSpacing()
    width = table.columnWidth(1)
    for row in range(table.rowCount()):
        item = table.item(row, 1)
        assert item is not None
        # A description wider than its column is wrapped onto as many lines as it needs.
        lines = math.ceil(table.fontMetrics().horizontalAdvance(item.text()) / width)
        assert table.rowHeight(row) >= lines * line, item.text()
    key(window, Qt.Key.Key_F1)  # F1 again shows the same sheet, not a second one
    assert len([d for d in window.findChildren(QDialog) if d.isVisible()]) == 1


# -- Escape in the inspector goes back to the canvas ------------------------------------------


def test_escape_in_the_inspector_goes_back_to_the_canvas_keeping_what_was_typed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    key(window, Qt.Key.Key_Escape)  # the map itself
    key(window, Qt.Key.Key_F6)
    title = QApplication.focusWidget()
    assert isinstance(title, QLineEdit)
    title.selectAll()
    QTest.keyClicks(title, "Gift order")
    QTest.keyClick(title, Qt.Key.Key_Escape)  # no Enter: out of the panel at once
    assert QApplication.focusWidget() is view_of(window)
    assert document_of(window).map.title == "Gift order"  # typed, kept, one undo step
    assert editor_of(window).undo_stack.count() == 1
    key(window, Qt.Key.Key_Home)  # the canvas keys work again
    assert selected(window) == ["step-search-gift"]


def test_escape_in_a_step_field_returns_to_that_step(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "step-pay")
    key(window, Qt.Key.Key_F6)
    field = QApplication.focusWidget()
    assert field is not None and field is not view_of(window)
    QTest.keyClick(field, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is view_of(window)
    assert selected(window) == ["step-pay"]
    key(window, Qt.Key.Key_Right)
    assert selected(window) == ["step-read-confirmation"]


# -- Delete says what went with the selection --------------------------------------------------


def test_deleting_a_phase_says_what_went_with_it_and_how_to_get_it_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    document = document_of(window)
    phase = document.get("phase-order")
    steps = len(getattr(phase, "steps", []))
    assert steps > 1
    select(window, "phase-order")
    key(window, Qt.Key.Key_Delete)
    assert "phase-order" not in document
    message = status(window)
    assert "'Order'" in message and f"{steps} customer steps" in message
    assert "Ctrl+Z" in message
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "phase-order" in document


# -- Left / Right keep to the band --------------------------------------------------------------


def test_right_on_a_phase_goes_to_the_next_phase_not_down_to_a_step(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    phases = [p.id for p in document_of(window).map.phases]
    select(window, "step-pay")
    key(window, Qt.Key.Key_Up)  # from a step up to its phase, as a facilitator does
    assert selected(window) == ["phase-order"]
    key(window, Qt.Key.Key_Right)
    assert selected(window) == [phases[phases.index("phase-order") + 1]]
    key(window, Qt.Key.Key_Left)
    assert selected(window) == ["phase-order"]
