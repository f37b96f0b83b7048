"""The window's shortcuts work in presentation mode.

Tried live: in F5 the facilitator set an emotion, pressed Ctrl+Z three times and Ctrl+S; nothing
was undone and nothing saved, and with the title and status bars hidden nothing said so. The
shortcuts belonged to the menu bar's actions, and presentation mode hides the menu bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journeymapper.model import JourneyMap, load
from tests.ui.user import Mod, document_of, editor_of, key, open_active, select

Key = Qt.Key


def test_ctrl_z_and_ctrl_s_work_in_presentation_mode(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path, "webshop_order")
    assert window.session is not None and window.session.path is not None
    path = window.session.path
    key(window, Key.Key_F5)
    assert window.presentation.active and not window.menuBar().isVisible()
    step = document_of(window).map.steps()[0]
    select(window, step.id)

    def emotion(journey: JourneyMap) -> float | None:
        return journey.curves[0].points.get(step.id)

    before = emotion(document_of(window).map)
    key(window, Key.Key_1 if before != 1 else Key.Key_2)
    new = emotion(document_of(window).map)
    assert new != before
    key(window, Key.Key_Z, Mod.ControlModifier)
    assert emotion(document_of(window).map) == before
    key(window, Key.Key_Z, Mod.ControlModifier | Mod.ShiftModifier)  # redo
    assert emotion(document_of(window).map) == new
    key(window, Key.Key_S, Mod.ControlModifier)
    qtbot.waitUntil(lambda: editor_of(window).undo_stack.isClean(), timeout=10000)
    assert emotion(load(path).journey) == new
    assert window.presentation.active  # the room still sees the map
