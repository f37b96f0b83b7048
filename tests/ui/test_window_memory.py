"""The window remembers where it was and where the files are: size, place, panels and the
last folder survive a restart, and file dialogs never start in the program's folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from pytestqt.qtbot import QtBot

from journeymapper.ui.main_window import FINDINGS_HEIGHT, INSPECTOR_WIDTH, MainWindow
from tests.conftest import SAMPLE_MAPS
from tests.ui.helpers import ScriptedPrompts
from tests.ui.test_exporting import ExportPrompts


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own, so the documents folder is known and the user's is never used."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.chdir(tmp_path)  # the "program folder" a relative path would land in
    return home / "Documents"


def start(qtbot: QtBot, prompts: ScriptedPrompts | None = None) -> MainWindow:
    window = MainWindow(autosave_ms=0)
    window.prompts = prompts or ExportPrompts()  # type: ignore[assignment]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_second_window_opens_as_the_first_was_closed(qtbot: QtBot) -> None:
    first = start(qtbot)
    screen = first.screen().availableGeometry()
    size = QSize(screen.width() * 9 // 10, screen.height() * 8 // 10)  # any size that fits
    first.resize(size)
    first.move(screen.topLeft() + QPoint(23, 17))
    first.findings_dock.hide()
    first.history_dock.show()
    first.resizeDocks([first.inspector_dock], [455], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: first.size() == size)
    qtbot.waitUntil(lambda: first.inspector_dock.width() != INSPECTOR_WIDTH)
    place = first.pos()
    inspector_width = first.inspector_dock.width()
    assert first.close()

    second = start(qtbot)

    assert second.size() == size
    # The window manager may nudge a window by its frame; a forgotten place is far off.
    assert (second.pos() - place).manhattanLength() <= 12
    assert second.findings_dock.isHidden()
    assert not second.history_dock.isHidden()
    assert second.inspector_dock.width() == inspector_width


def test_the_first_start_fits_the_screen_with_slim_panels(qtbot: QtBot) -> None:
    window = start(qtbot)
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() <= screen.height()
    assert window.inspector_dock.width() == INSPECTOR_WIDTH
    assert window.findings_dock.height() == FINDINGS_HEIGHT


def test_dialogs_start_in_the_documents_folder_then_the_last_folder_used(
    qtbot: QtBot, tmp_path: Path, documents: Path
) -> None:
    prompts = ExportPrompts()
    window = start(qtbot, prompts)
    actions = window.actions_by_name

    actions["open"].trigger()  # cancelled: nothing used yet
    assert prompts.dialog_starts == [str(documents)]

    actions["new"].trigger()
    actions["save_as"].trigger()
    assert Path(prompts.dialog_starts[-1]).parent == documents

    folder = tmp_path / "workshop maps"
    folder.mkdir()
    shutil.copy(SAMPLE_MAPS / "webshop_order.cjm", folder / "webshop.cjm")
    prompts.open_from = folder / "webshop.cjm"
    actions["open"].trigger()
    actions["save_as"].trigger()  # a map with a file: its own folder and name
    assert prompts.dialog_starts[-1] == str(folder / "webshop.cjm")
    actions["export_xlsx"].trigger()
    assert Path(prompts.suggested[-1]).parent == folder

    actions["new"].trigger()  # no file yet: the folder last used
    actions["save_as"].trigger()
    actions["export_xlsx"].trigger()
    actions["import_xlsx"].trigger()
    assert Path(prompts.dialog_starts[-1]).parent == folder
    assert Path(prompts.suggested[-1]).parent == folder
    assert prompts.asked[-1] == f"import-from:{folder}"
    assert not any(Path(start).parent == Path(os.getcwd()) for start in prompts.suggested)


def test_the_last_folder_is_remembered_across_restarts(
    qtbot: QtBot, tmp_path: Path, documents: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    first_prompts = ExportPrompts(export_to={"Export Excel workbook": folder / "journey.xlsx"})
    first = start(qtbot, first_prompts)
    first.actions_by_name["new"].trigger()
    first.actions_by_name["export_xlsx"].trigger()
    first.exporting.wait()  # the workbook is written on a worker
    assert (folder / "journey.xlsx").is_file()
    first.close()

    prompts = ExportPrompts()
    second = start(qtbot, prompts)
    second.actions_by_name["open"].trigger()
    assert prompts.dialog_starts == [str(folder)]
