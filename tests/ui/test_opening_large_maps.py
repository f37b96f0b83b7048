"""Opening a large but allowed map: the window keeps running, shows progress, can cancel.

The maps are the project's synthetic ones at ten times the large map (bench/synthetic.py),
which take seconds to read and check; the checks below are about behaviour (did the event loop
run, did the dialog appear, what is left after a cancel), never about how long anything took.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from bench.synthetic import scaled_map
from journeymapper.export import xlsx_import
from journeymapper.export.workbook import write_workbook
from journeymapper.model import JourneyMap, limits, load, save, storage
from journeymapper.ui import loading
from journeymapper.ui.main_window import MainWindow
from tests.ui.helpers import ScriptedPrompts, open_window, sample_copy
from tests.ui.user import (
    activate,
    card_center,
    document_of,
    double_click_at,
    editor_of,
    type_title,
)


@pytest.fixture(scope="module")
def tenfold_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "tenfold.cjm"
    save(scaled_map(10), path)
    return path


def every_tick(action: Callable[[], None]) -> Iterator[QTimer]:
    """A timer running ``action`` every 50 ms: it fires only while an event loop runs."""
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(action)
    timer.start()
    yield timer
    timer.stop()


def progress_dialogs() -> list[QProgressDialog]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QProgressDialog) and widget.isVisible()
    ]


def open_with_menu(window: MainWindow, prompts: ScriptedPrompts, path: Path) -> None:
    """File > Open, choosing ``path`` in the file dialog."""
    prompts.open_from = path
    window.actions_by_name["open"].trigger()


def no_load_running() -> bool:
    return not any(thread.name == "journeymapper-load" for thread in threading.enumerate())


def test_the_window_keeps_running_while_a_large_map_opens(
    qtbot: QtBot, tenfold_map: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, prompts = open_window(qtbot)
    ticks: list[int] = []
    ticks_when_drawing: list[int] = []
    install = window.install
    monkeypatch.setattr(
        window, "install", lambda session: (ticks_when_drawing.append(len(ticks)), install(session))
    )
    for _ in every_tick(lambda: ticks.append(1)):
        open_with_menu(window, prompts, tenfold_map)
    assert prompts.errors == []
    assert window.session is not None and window.session.path == tenfold_map
    # A blocking load lets no timer fire before the canvas is built from the loaded map.
    assert ticks_when_drawing and ticks_when_drawing[0] > 0


def test_a_slow_open_shows_a_dialog_naming_the_file_and_the_stage(
    qtbot: QtBot, tenfold_map: Path
) -> None:
    window, prompts = open_window(qtbot)
    window.progress_delay_ms = 0  # the dialog's delay is not what is tested here
    labels: list[str] = []
    for _ in every_tick(lambda: labels.extend(d.labelText() for d in progress_dialogs())):
        open_with_menu(window, prompts, tenfold_map)
    assert window.session is not None and window.session.path == tenfold_map
    assert labels, "no progress dialog was shown while the map was read"
    assert all(tenfold_map.name in label for label in labels)
    assert any("Checking" in label or "Reading" in label for label in labels)
    assert progress_dialogs() == []  # gone once the map is shown


def test_cancelling_an_open_keeps_the_map_and_its_history(
    qtbot: QtBot, tmp_path: Path, tenfold_map: Path
) -> None:
    window, prompts = open_window(qtbot, sample_copy(tmp_path))
    activate(qtbot, window)
    first_step = document_of(window).map.steps()[0]
    double_click_at(window, card_center(window, first_step.id))
    type_title(window, "Renamed before opening")
    stack = editor_of(window).undo_stack
    before = (window.session, window.session.path if window.session else None)
    history = (stack.count(), stack.index(), stack.text(stack.index() - 1))
    window.progress_delay_ms = 0
    cancelled: list[str] = []

    def cancel_when_shown() -> None:
        for dialog in progress_dialogs():
            buttons = dialog.findChildren(QPushButton)
            if buttons and not cancelled:
                cancelled.append(dialog.labelText())
                qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)

    for _ in every_tick(cancel_when_shown):
        open_with_menu(window, prompts, tenfold_map)
    assert cancelled, "the open showed no dialog to cancel"
    qtbot.waitUntil(no_load_running, timeout=60_000)  # the dropped result has come back
    QApplication.processEvents()
    assert (window.session, window.session.path if window.session else None) == before
    assert (stack.count(), stack.index(), stack.text(stack.index() - 1)) == history
    assert document_of(window).map.steps()[0].title == "Renamed before opening"
    assert prompts.asked == [] and prompts.errors == []  # never asked to discard the edit


def refusal_on_worker(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, path: Path
) -> tuple[list[str], list[bool]]:
    """Open ``path`` with File > Open; the errors shown, and per read whether it ran on
    the GUI thread."""
    window, prompts = open_window(qtbot)
    on_gui_thread: list[bool] = []
    read = storage.read_bounded

    def spied(target: Path) -> bytes:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return read(target)

    monkeypatch.setattr(storage, "read_bounded", spied)
    open_with_menu(window, prompts, path)
    assert window.session is None  # the start page stays
    return prompts.errors, on_gui_thread


def test_a_pipe_is_refused_in_one_line_by_the_worker(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe = tmp_path / "pipe.cjm"
    os.mkfifo(pipe)
    errors, on_gui_thread = refusal_on_worker(qtbot, monkeypatch, pipe)
    assert errors == [f"{pipe}: this is a named pipe (FIFO), not a map file"]
    assert on_gui_thread == [False]


def test_too_many_elements_are_refused_in_one_line_by_the_worker(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = limits.LIMITS["flows"]
    path = tmp_path / "crowded.cjm"
    flows = ",".join(f'{{"id": "x{n}"}}' for n in range(limit + 1))
    path.write_text(f'{{"format_version": "1.0", "title": "Crowded", "flows": [{flows}]}}')
    errors, on_gui_thread = refusal_on_worker(qtbot, monkeypatch, path)
    assert errors == [
        f"{path}: the map holds {limit + 1:,} flows, more than journeymapper opens "
        f"(at most {limit:,}; see docs/format.md)"
    ]
    assert on_gui_thread == [False]


def test_import_from_excel_reads_the_workbook_off_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = tmp_path / "table.xlsx"
    journey = load(sample_copy(tmp_path)).journey
    write_workbook(journey, workbook)
    window, prompts = open_window(qtbot)
    on_gui_thread: list[bool] = []
    read = xlsx_import.read_workbook

    def spied(path: Path, stage: Callable[[str], None]) -> JourneyMap:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return read(path, stage)

    monkeypatch.setattr(xlsx_import, "read_workbook", spied)
    monkeypatch.setattr(prompts, "open_workbook_path", lambda _folder="": workbook, raising=False)
    window.actions_by_name["import_xlsx"].trigger()
    assert prompts.errors == []
    assert window.session is not None and window.session.path is None
    assert window.session.editor.document.map.title == journey.title
    assert on_gui_thread == [False]


def test_a_slow_open_shows_its_progress_within_the_first_200_ms(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the window's own delay: the check of the map is held until a progress dialog is
    on screen (or, failing that, for 20 s), and the dialog was set to appear by 200 ms."""
    window, prompts = open_window(qtbot)
    shown = threading.Event()
    delays: list[int] = []
    parse = loading.parse

    def slow_parse(data: bytes, source: str) -> JourneyMap:
        shown.wait(20)
        return parse(data, source)

    def look() -> None:
        for dialog in progress_dialogs():
            delays.append(dialog.minimumDuration())
            shown.set()

    monkeypatch.setattr(loading, "parse", slow_parse)
    path = sample_copy(tmp_path)
    for _ in every_tick(look):
        open_with_menu(window, prompts, path)
    assert window.session is not None and window.session.path == path
    assert shown.is_set(), "no progress was shown while the open was slow"
    assert delays and max(delays) <= 200
