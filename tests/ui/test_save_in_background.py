"""Saving and autosaving write on a worker: the user's edits go on meanwhile and are never
lost, and the map is marked saved only for the revision that reached the disk (issue 10).

The writer is held on a ``threading.Event`` so a save is certainly still in flight when the
keys are pressed; nothing here is timed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from journeymapper.model import load, storage
from journeymapper.paths import config_dir
from journeymapper.ui import recovery
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.settings import recent_files
from tests.ui.helpers import click_card, open_window, sample_copy
from tests.ui.user import activate, document_of, key

Mod = Qt.KeyboardModifier
STEP = "step-search-gift"
# A writer is held at most this long: on the GUI thread (as saves used to run) nothing can
# release it, and the test fails instead of hanging.
HOLD_S = 20


class HeldWriter:
    """Stands in for a writing function: each call waits until ``release`` is set, and
    counts how many calls run at once."""

    def __init__(self, write: Callable[..., Any]) -> None:
        self.write = write
        self.started = threading.Event()
        self.release = threading.Event()
        self.running = 0
        self.most_at_once = 0
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.running += 1
            self.calls += 1
            self.most_at_once = max(self.most_at_once, self.running)
        self.started.set()
        try:
            assert self.release.wait(HOLD_S), "the test never released the writer"
            return self.write(*args, **kwargs)
        finally:
            with self._lock:
                self.running -= 1


def when(condition: Callable[[], bool], action: Callable[[], None]) -> QTimer:
    """Run ``action`` once on the GUI thread as soon as ``condition`` holds; checked by a
    timer, so it also runs inside the local event loop a save waits in."""
    timer = QTimer()
    timer.setInterval(5)

    def check() -> None:
        if condition():
            timer.stop()
            action()

    timer.timeout.connect(check)
    timer.start()
    return timer


def emotion(window: MainWindow) -> float | None:
    curve = document_of(window).map.curves[0]
    return curve.points.get(STEP)


def saved_emotion(path: Path) -> float | None:
    return load(path).journey.curves[0].points.get(STEP)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldWriter:
    # Where a save starts writing (it finds the file a link points to), on whichever
    # thread does the writing.
    writer = HeldWriter(storage.save_target)
    monkeypatch.setattr(storage, "save_target", writer)
    return writer


def test_an_edit_during_a_save_is_applied_at_once_and_keeps_the_map_unsaved(
    qtbot: QtBot, tmp_path: Path, held: HeldWriter
) -> None:
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    activate(qtbot, window)
    click_card(window, STEP)
    key(window, Qt.Key.Key_2)  # an unsaved edit: the save below writes it
    assert emotion(window) == 2
    seen: dict[str, object] = {}

    def edit_while_the_writer_waits() -> None:
        key(window, Qt.Key.Key_4)  # the user goes on: a new emotion for the same step
        seen["emotion"] = emotion(window)
        seen["writer still held"] = not held.release.is_set() and held.running == 1
        held.release.set()

    timer = when(held.started.is_set, edit_while_the_writer_waits)
    key(window, Qt.Key.Key_S, Mod.ControlModifier)  # returns once the save is done
    timer.stop()
    assert seen == {"emotion": 4, "writer still held": True}
    assert prompts.errors == []
    assert emotion(window) == 4  # the edit made during the save is in the map
    assert saved_emotion(path) == 2  # the file holds the revision that was saved
    assert window.session is not None and window.session.modified
    assert window.isWindowModified()  # the title shows *
    key(window, Qt.Key.Key_S, Mod.ControlModifier)
    held.release.set()
    assert saved_emotion(path) == 4
    assert not window.session.modified and not window.isWindowModified()


def test_a_second_save_waits_for_the_first_and_the_close_waits_for_both(
    qtbot: QtBot, tmp_path: Path, held: HeldWriter
) -> None:
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    activate(qtbot, window)
    click_card(window, STEP)
    key(window, Qt.Key.Key_1)
    closed_early: list[bool] = []

    def edit_save_again_and_close() -> None:
        key(window, Qt.Key.Key_3)
        window.close()  # asked while the save runs: the window stays until it is done
        closed_early.append(not window.isVisible())
        when(lambda: held.calls == 1, held.release.set).setParent(window)
        key(window, Qt.Key.Key_S, Mod.ControlModifier)  # waits for the first save

    timer = when(held.started.is_set, edit_save_again_and_close)
    key(window, Qt.Key.Key_S, Mod.ControlModifier)
    timer.stop()
    assert closed_early == [False]
    assert held.calls == 2 and held.most_at_once == 1  # one after the other
    assert prompts.errors == []
    assert saved_emotion(path) == 3  # the second save wrote the later revision
    qtbot.waitUntil(lambda: not window.isVisible())  # the close asked for ran after it
    assert prompts.asked == []  # all saved: nothing to ask about


def test_a_failed_save_says_so_and_leaves_the_file_and_the_edit(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sample_copy(tmp_path)
    before = path.read_bytes()
    window, prompts = open_window(qtbot, path)
    activate(qtbot, window)

    def full_disk(descriptor: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "_write_all", full_disk)
    click_card(window, STEP)
    key(window, Qt.Key.Key_5)
    key(window, Qt.Key.Key_S, Mod.ControlModifier)
    assert len(prompts.errors) == 1 and "\n" not in prompts.errors[0]
    assert "No space left on device" in prompts.errors[0]
    assert path.read_bytes() == before
    assert emotion(window) == 5 and window.isWindowModified()


def test_an_edit_during_an_autosave_is_kept_and_autosaved_next(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = HeldWriter(recovery.write_atomically)
    monkeypatch.setattr(recovery, "write_atomically", held)
    path = sample_copy(tmp_path)
    window, _ = open_window(qtbot, path)
    activate(qtbot, window)
    session = window.session
    assert session is not None
    click_card(window, STEP)
    key(window, Qt.Key.Key_2)
    assert session.autosave()  # what the timer does every minute
    assert held.started.wait(HOLD_S)
    key(window, Qt.Key.Key_4)  # the window answers while the copy is being written
    assert emotion(window) == 4 and held.running == 1 and not held.release.is_set()
    held.release.set()
    session.wait_for_writes()
    copy = session.recovery.folder / f"{session.recovery_key}.cjm"
    assert load(copy).journey.curves[0].points[STEP] == 2  # the revision it was taken of
    assert session.modified and emotion(window) == 4
    assert session.autosave()  # the edit made meanwhile is the next copy's
    session.wait_for_writes()
    assert load(copy).journey.curves[0].points[STEP] == 4
    assert saved_emotion(path) != 4  # the map's own file is not touched by an autosave


def test_saving_again_leaves_the_settings_file_alone_when_nothing_in_it_changes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Each save puts the map first among the recent files; when it is first already, the
    settings file is not rewritten on the GUI thread (it was, after every Ctrl+S)."""
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    activate(qtbot, window)
    click_card(window, STEP)
    key(window, Qt.Key.Key_2)
    key(window, Qt.Key.Key_S, Mod.ControlModifier)
    ini = config_dir() / "settings.ini"
    before = ini.stat()
    key(window, Qt.Key.Key_3)
    key(window, Qt.Key.Key_S, Mod.ControlModifier)
    assert prompts.errors == [] and saved_emotion(path) == 3
    after = ini.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )
    assert recent_files()[0] == path.resolve()
