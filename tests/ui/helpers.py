"""Driving the real window like a user: clicks, drags and keys on the canvas."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from journeymapper.model.merge import Conflict, MergeResult
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.merge_dialog import summary_lines
from journeymapper.ui.prompts import Choice
from journeymapper.ui.recovery import RecoveryEntry
from journeymapper.ui.view import JourneyView
from tests.conftest import SAMPLE_MAPS


@dataclass
class ScriptedPrompts:
    """Answers the window's questions without dialogs, and remembers what was asked."""

    unsaved: Choice = Choice.DISCARD
    conflict: Choice = Choice.CANCEL
    reload: Choice = Choice.KEEP
    restore_answer: Choice = Choice.RESTORE
    read_only_answer: Choice = Choice.CANCEL
    save_to: Path | None = None
    open_from: Path | None = None
    asked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialog_starts: list[str] = field(default_factory=list)  # what each file dialog was given
    theirs_for: tuple[str, ...] = ()  # conflicting fields to settle with their value
    merge_lines: list[str] = field(default_factory=list)
    merge_offered: bool = False

    def unsaved_changes(self, name: str) -> Choice:
        self.asked.append(f"unsaved:{name}")
        return self.unsaved

    def changed_on_disk_before_save(self, path: Path, can_merge: bool = False) -> Choice:
        self.asked.append(f"conflict:{path.name}")
        self.merge_offered = can_merge
        return self.conflict

    def merge_summary(self, result: MergeResult, use_theirs: Callable[[Conflict], bool]) -> None:
        """Reads the summary as the dialog shows it; takes their value for the conflicts
        listed in ``theirs_for`` (by the field's name), as a user's clicks would."""
        self.merge_lines = summary_lines(result)
        for conflict in result.conflicts:
            if conflict.field in self.theirs_for:
                use_theirs(conflict)

    def changed_on_disk(self, path: Path, have_changes: bool) -> Choice:
        self.asked.append(f"changed:{path.name}")
        return self.reload

    def restore(self, entry: RecoveryEntry) -> Choice:
        self.asked.append(f"restore:{entry.title}")
        return self.restore_answer

    def read_only(self, path: Path) -> Choice:
        self.asked.append(f"read-only:{path.name}")
        return self.read_only_answer

    def open_path(self, folder: str = "") -> Path | None:
        self.dialog_starts.append(folder)
        return self.open_from

    def save_path(self, suggestion: str = "") -> Path | None:
        self.dialog_starts.append(suggestion)
        return self.save_to

    def error(self, title: str, message: str) -> None:
        self.errors.append(message)


def sample_copy(tmp_path: Path, name: str = "webshop_order") -> Path:
    target = tmp_path / f"{name}.cjm"
    shutil.copy(SAMPLE_MAPS / f"{name}.cjm", target)
    return target


def open_window(qtbot: QtBot, path: Path | None = None) -> tuple[MainWindow, ScriptedPrompts]:
    window = MainWindow(autosave_ms=0)
    prompts = ScriptedPrompts()
    window.prompts = prompts  # type: ignore[assignment]
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    if path is not None:
        assert window.open_map(path)
        assert window.view is not None
        window.view.reset_zoom()
    return window, prompts


def view_of(window: MainWindow) -> JourneyView:
    assert window.view is not None
    return window.view


def viewport_point(view: JourneyView, scene_point: QPointF) -> QPoint:
    """Scroll the scene point into view and return where it is on the viewport."""
    view.ensureVisible(scene_point.x() - 5, scene_point.y() - 5, 10, 10, 100, 100)
    return view.mapFromScene(scene_point)


def card_center(window: MainWindow, element_id: str) -> QPointF:
    assert window.scene is not None
    rect = window.scene.layout.boxes[element_id].rect
    return QPointF(rect.center_x, rect.center_y)


def click_card(window: MainWindow, element_id: str) -> None:
    view = view_of(window)
    point = viewport_point(view, card_center(window, element_id))
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )


def drag(view: JourneyView, start: QPointF, end: QPointF, steps: int = 6) -> None:
    """Press at ``start``, move in steps to ``end`` and release, all in scene coordinates."""
    start_point = viewport_point(view, start)
    viewport = view.viewport()
    QTest.mousePress(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start_point
    )
    for n in range(1, steps + 1):
        scene_point = start + (end - start) * (n / steps)
        QTest.mouseMove(viewport, view.mapFromScene(scene_point))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view.mapFromScene(end)
    )


def press(
    window: MainWindow,
    key: Qt.Key,
    text: str = "",
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    QTest.keyClick(view_of(window), key, modifiers)


def type_keys(window: MainWindow, text: str) -> None:
    QTest.keyClicks(view_of(window), text)
