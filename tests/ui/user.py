"""A user at the keyboard and mouse: the verbs the user-story tests are written in.

Builds on ``helpers``: the window is made the active one, so menu shortcuts (Ctrl+Z,
Ctrl+Shift+D, F1 ...) reach their actions through Qt's shortcut map exactly as typed keys do
on a desktop, rather than being triggered by hand.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from journeymapper.model import Document, serialize
from journeymapper.ui.editor import Editor
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.scene import JourneyScene
from tests.ui.helpers import open_window, sample_copy, view_of, viewport_point

Mod = Qt.KeyboardModifier
CTRL_SHIFT = Mod.ControlModifier | Mod.ShiftModifier


def open_active(qtbot: QtBot, tmp_path: Path, name: str = "webshop_order") -> MainWindow:
    """A sample map in the real window, which has the keyboard focus."""
    window, _ = open_window(qtbot, sample_copy(tmp_path, name))
    activate(qtbot, window)
    return window


def activate(qtbot: QtBot, window: MainWindow) -> None:
    handle = window.windowHandle()
    assert handle is not None
    with qtbot.waitActive(window):
        handle.requestActivate()
    view_of(window).setFocus()


def editor_of(window: MainWindow) -> Editor:
    assert window.session is not None
    return window.session.editor


def document_of(window: MainWindow) -> Document:
    return editor_of(window).document


def scene_of(window: MainWindow) -> JourneyScene:
    assert window.scene is not None
    return window.scene


def saved_bytes(window: MainWindow) -> bytes:
    """The document as it would be saved: what "back to the original" is compared on."""
    return serialize(document_of(window).map)


def key(window: MainWindow, pressed: Qt.Key, modifiers: Mod = Mod.NoModifier) -> None:
    """Press and release one key on the canvas (a shortcut if the window has one for it)."""
    QTest.keyClick(view_of(window), pressed, modifiers)


def undo_all_with_ctrl_z(window: MainWindow) -> int:
    """Press Ctrl+Z until nothing is left to undo; returns how many presses that took."""
    stack = editor_of(window).undo_stack
    presses = 0
    while stack.canUndo():
        assert presses < 100, "Ctrl+Z does not undo"
        before = stack.index()
        key(window, Qt.Key.Key_Z, Mod.ControlModifier)
        assert stack.index() == before - 1, "Ctrl+Z did not reach the undo action"
        presses += 1
    return presses


def card_center(window: MainWindow, element_id: str) -> QPointF:
    rect = scene_of(window).card_rects[element_id]
    return QPointF(rect.center_x, rect.center_y)


def click_at(window: MainWindow, scene_point: QPointF, modifiers: Mod = Mod.NoModifier) -> None:
    view = view_of(window)
    point = viewport_point(view, scene_point)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifiers, point)


def select(window: MainWindow, element_id: str) -> None:
    """Click the element's card, as a user picks something to work on."""
    click_at(window, card_center(window, element_id))
    assert scene_of(window).selected_ids() == [element_id]


def double_click_at(window: MainWindow, scene_point: QPointF) -> None:
    view = view_of(window)
    point = viewport_point(view, scene_point)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, point)


def type_title(window: MainWindow, text: str) -> None:
    """Type over the title being edited in place and press Enter."""
    inline = view_of(window).inline_editor()
    assert inline is not None and inline.isVisible(), "no title is being edited"
    inline.selectAll()
    QTest.keyClicks(inline, text)
    QTest.keyClick(inline, Qt.Key.Key_Return)
    assert view_of(window).inline_editor() is None
