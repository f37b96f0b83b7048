"""Exports run on a worker from a snapshot: the user edits on meanwhile, the edit is neither
blocked nor lost nor exported, and Cancel in the status bar writes nothing (issue 10)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressBar, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from journeymapper.export import workbook, xlsx_import
from journeymapper.export.xlsx_import import read_workbook
from journeymapper.ui import exporting
from tests.ui.helpers import click_card, sample_copy
from tests.ui.test_exporting import trigger, window_with
from tests.ui.test_save_in_background import HOLD_S, STEP, HeldWriter, emotion, when
from tests.ui.user import activate, key


def status_widget(window: object, kind: type) -> list:  # type: ignore[type-arg]
    return [w for w in window.statusBar().findChildren(kind) if w.isVisible()]  # type: ignore[attr-defined]


def test_an_edit_during_an_export_is_applied_at_once_and_not_exported(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = HeldWriter(workbook.write_output)
    monkeypatch.setattr(workbook, "write_output", held)
    window, prompts = window_with(qtbot, sample_copy(tmp_path))
    activate(qtbot, window)
    click_card(window, STEP)
    key(window, Qt.Key.Key_2)
    out = tmp_path / "table.xlsx"
    prompts.export_to = {"Export Excel workbook": out}
    window.actions_by_name["export_xlsx"].trigger()  # returns at once: the worker exports
    assert window.exporting.running
    assert [bar.format() for bar in status_widget(window, QProgressBar)] == [
        "Writing the workbook: %p%"
    ]
    assert held.started.wait(HOLD_S)
    key(window, Qt.Key.Key_4)  # the user goes on editing while the workbook is written
    assert emotion(window) == 4 and held.running == 1 and not held.release.is_set()
    held.release.set()
    window.exporting.wait()
    assert prompts.errors == []
    assert read_workbook(out).curves[0].points[STEP] == 2  # the map as it was exported
    assert emotion(window) == 4  # and the edit is still there
    assert status_widget(window, QProgressBar) == []
    assert window.statusBar().currentMessage() == f"Wrote {out}"


def test_cancel_in_the_status_bar_stops_the_export_and_writes_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = HeldWriter(exporting.rebuild)
    monkeypatch.setattr(exporting, "rebuild", held)  # the worker's first step after starting
    window, prompts = window_with(qtbot, sample_copy(tmp_path))
    out = tmp_path / "poster.pdf"
    prompts.export_to = {"Export poster": out}
    window.actions_by_name["export_poster"].trigger()
    assert held.started.wait(HOLD_S)
    (cancel,) = status_widget(window, QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    held.release.set()
    window.exporting.wait()
    assert not out.exists()
    assert prompts.errors == [] and prompts.warnings == []
    assert window.statusBar().currentMessage() == "Export cancelled; nothing was written"
    assert not window.exporting.running
    trigger(window, "export_poster")  # the next export runs as usual
    assert out.exists()


def test_closing_the_window_during_an_export_cancels_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = HeldWriter(exporting.rebuild)
    monkeypatch.setattr(exporting, "rebuild", held)
    window, prompts = window_with(qtbot, sample_copy(tmp_path))
    out = tmp_path / "report.pdf"
    prompts.export_to = {"Export report": out}
    window.actions_by_name["export_report"].trigger()
    assert held.started.wait(HOLD_S)
    cancelled = window.exporting._running[0].cancelled  # type: ignore[index]

    # Let the worker go on once the close has asked it to stop, not before.
    def release_once_cancelled() -> None:
        if cancelled.wait(HOLD_S):
            held.release.set()

    threading.Thread(target=release_once_cancelled).start()
    assert window.close()  # waits for the worker, which stops at its next progress report
    assert cancelled.is_set() and held.release.is_set()
    assert not out.exists()


def test_an_import_names_each_sheet_and_cancel_stops_it_at_the_next(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sample_copy(tmp_path)
    window, prompts = window_with(qtbot, path)
    prompts.export_to = {"Export Excel workbook": tmp_path / "table.xlsx"}
    trigger(window, "export_xlsx")
    held = HeldWriter(xlsx_import.read_rows)
    monkeypatch.setattr(xlsx_import, "read_rows", held)  # each sheet, read on the worker
    window.progress_delay_ms = 0  # the dialog's delay is not what is tested here
    before = window.session
    labels: list[str] = []

    def dialog() -> QProgressDialog:
        (shown,) = [d for d in QApplication.topLevelWidgets() if isinstance(d, QProgressDialog)]
        return shown

    def first_sheet_named() -> bool:
        # The worker's news reaches the dialog at the GUI thread's next look.
        return held.started.is_set() and "Phases" in dialog().labelText()

    def cancel_while_the_first_sheet_is_read() -> None:
        labels.append(dialog().labelText())
        qtbot.mouseClick(dialog().findChildren(QPushButton)[0], Qt.MouseButton.LeftButton)
        held.release.set()

    timer = when(first_sheet_named, cancel_while_the_first_sheet_is_read)
    prompts.workbook = tmp_path / "table.xlsx"
    trigger(window, "import_xlsx")  # returns once the import is cancelled
    timer.stop()
    assert labels == ["table.xlsx\nReading the sheet Phases (1 of 11)…"]
    assert held.calls == 1  # stopped before the next sheet, not after reading them all
    assert window.session is before and prompts.errors == []
