"""Every question the app asks the user, in one replaceable object.

The main window only talks to ``Prompts``; tests swap in an object that answers without a
dialog, so a test of saving over a changed file still goes through the real decision path.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from journeymapper.ui.exporting import PngDialog, PosterDialog, PosterOptions
from journeymapper.ui.recovery import RecoveryEntry

MAP_FILTER = "Journey maps (*.cjm);;All files (*)"


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"
    OVERWRITE = "overwrite"
    SAVE_AS = "save_as"
    RELOAD = "reload"
    KEEP = "keep"


class Prompts:
    """Real dialogs, parented to the main window."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def unsaved_changes(self, name: str) -> Choice:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            f"Save the changes to {name}?",
            parent=self.parent,
        )
        box.setInformativeText("Your changes are lost if you don't save them.")
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        answer = box.exec()
        return {buttons.Save: Choice.SAVE, buttons.Discard: Choice.DISCARD}.get(
            QMessageBox.StandardButton(answer), Choice.CANCEL
        )

    def changed_on_disk_before_save(self, path: Path) -> Choice:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "File changed by someone else",
            f"{path.name} was changed on disk since you opened it.",
            parent=self.parent,
        )
        box.setInformativeText("Overwrite their version, save yours under another name, or cancel?")
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        return (
            Choice.OVERWRITE
            if clicked is overwrite
            else Choice.SAVE_AS
            if clicked is save_as
            else Choice.CANCEL
        )

    def changed_on_disk(self, path: Path, have_changes: bool) -> Choice:
        detail = "Reload it? Your unsaved changes would be lost." if have_changes else "Reload it?"
        answer = QMessageBox.question(
            self.parent,
            "File changed on disk",
            f"{path.name} was changed by another program.\n{detail}",
        )
        return Choice.RELOAD if answer == QMessageBox.StandardButton.Yes else Choice.KEEP

    def restore(self, entry: RecoveryEntry) -> bool:
        name = entry.original.name if entry.original else "an unsaved map"
        answer = QMessageBox.question(
            self.parent,
            "Recover unsaved work",
            f"journeymapper closed unexpectedly while '{entry.title}' ({name}) "
            "had unsaved changes.\nRestore them?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def open_path(self, folder: str = "") -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.parent, "Open map", folder, MAP_FILTER)
        return Path(name) if name else None

    def save_path(self, suggestion: str = "") -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, "Save map", suggestion, MAP_FILTER)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".cjm")

    def error(self, title: str, message: str) -> None:
        QMessageBox.critical(self.parent, title, message)

    def warning(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)

    def export_path(self, title: str, suggestion: str, file_filter: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, title, suggestion, file_filter)
        return Path(name) if name else None

    def open_workbook_path(self, folder: str = "") -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent, "Import from Excel", folder, "Excel workbooks (*.xlsx);;All files (*)"
        )
        return Path(name) if name else None

    def poster_options(self) -> PosterOptions | None:
        dialog = PosterDialog(self.parent)
        return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def png_resolution(self) -> int | None:
        dialog = PngDialog(self.parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.dpi_box.value() if accepted else None
