"""Every question the app asks the user, in one replaceable object.

The main window only talks to ``Prompts``; tests swap in an object that answers without a
dialog, so a test of saving over a changed file still goes through the real decision path.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QDialog, QFileDialog, QMessageBox, QWidget

from journeymapper.model.merge import Conflict, MergeResult
from journeymapper.ui.exporting import PngDialog, PosterDialog, PosterOptions
from journeymapper.ui.merge_dialog import MergeDialog
from journeymapper.ui.recovery import RecoveryEntry
from journeymapper.ui.session import free_copy_name

MAP_FILTER = "Journey maps (*.cjm);;All files (*)"


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"
    OVERWRITE = "overwrite"
    SAVE_AS = "save_as"
    RELOAD = "reload"
    KEEP = "keep"
    KEEP_BOTH = "keep_both"
    RESTORE = "restore"
    LATER = "later"
    MERGE = "merge"


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

    def changed_on_disk_before_save(self, path: Path, can_merge: bool = False) -> Choice:
        if not can_merge:
            return self._save_as_or_replace(
                "File changed by someone else",
                f"{path.name} was changed on disk since you opened it.",
                "Overwrite their version, save yours under another name, or cancel?",
                "Overwrite",
            )
        return self._save_as_or_replace(
            "File changed by someone else",
            f"{path.name} was changed on disk since you opened it.",
            "Merge: keep their changes and yours in one map (where you both changed the same "
            "thing, yours is kept and you can choose theirs). Or overwrite their version, "
            "save yours under another name, or cancel.",
            "Overwrite",
            merge=True,
        )

    def merge_summary(self, result: MergeResult, use_theirs: Callable[[Conflict], bool]) -> None:
        """What the merge took from each side, and each conflict with a button to use their
        value instead (one undoable step per choice)."""
        MergeDialog(result, use_theirs, self.parent).exec()

    def changed_on_disk(self, path: Path, have_changes: bool) -> Choice:
        """Someone replaced the open file. Enter (the default) and Escape keep what is on
        screen; nothing is lost by either."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "File changed on disk",
            f"{path.name} was changed by someone else or another program.",
            parent=self.parent,
        )
        keep = box.addButton("Keep mine", QMessageBox.ButtonRole.RejectRole)
        answers: dict[QAbstractButton, Choice] = {keep: Choice.KEEP}
        if have_changes:
            copy = free_copy_name(path).name
            both = box.addButton("Keep both", QMessageBox.ButtonRole.AcceptRole)
            reload = box.addButton("Reload theirs", QMessageBox.ButtonRole.DestructiveRole)
            answers |= {both: Choice.KEEP_BOTH, reload: Choice.RELOAD}
            box.setInformativeText(
                "Keep mine: go on with your version; saving asks before it replaces theirs.\n"
                f"Keep both: your version is saved now as \u201c{copy}\u201d beside theirs and "
                "you go on working in that copy; their file stays as they saved it.\n"
                "Reload theirs: show their version; your unsaved changes are lost."
            )
        else:
            reload = box.addButton("Reload theirs", QMessageBox.ButtonRole.AcceptRole)
            answers[reload] = Choice.RELOAD
            box.setInformativeText(
                "You have no unsaved changes. Keep mine: go on showing the version you "
                "opened. Reload theirs: show their version."
            )
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return answers.get(box.clickedButton(), Choice.KEEP)

    def read_only(self, path: Path) -> Choice:
        """Saving over a map the user may not write: Save As is the default."""
        return self._save_as_or_replace(
            "Read-only map",
            f"{path.name} is read-only: someone made it so it would not be changed.",
            "Save your version under another name, or replace it anyway?",
            "Replace anyway",
        )

    def _save_as_or_replace(
        self, title: str, text: str, question: str, replace: str, merge: bool = False
    ) -> Choice:
        """A save that would replace what the user may not want replaced: Save As (the
        default; Merge when offered), the ``replace`` button, or Cancel (also Escape)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.parent)
        box.setInformativeText(question)
        answers: dict[QAbstractButton, Choice] = {}
        merging = box.addButton("Merge", QMessageBox.ButtonRole.AcceptRole) if merge else None
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        overwrite = box.addButton(replace, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        answers |= {save_as: Choice.SAVE_AS, overwrite: Choice.OVERWRITE}
        if merging is not None:
            answers[merging] = Choice.MERGE
        box.setDefaultButton(merging or save_as)
        box.exec()
        return answers.get(box.clickedButton(), Choice.CANCEL)

    def restore(self, entry: RecoveryEntry) -> Choice:
        """Restore (the default), Not now (Escape: the copy is kept and offered again at the
        next start) or Discard (the copy is deleted)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Recover unsaved work",
            f"journeymapper closed unexpectedly. {entry.describe()}.",
            parent=self.parent,
        )
        box.setInformativeText(
            "Restore: continue with that work (the file itself is untouched until you save).\n"
            "Not now: keep the copy and ask again at the next start.\n"
            "Discard: delete the copy; those changes are gone."
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        box.setEscapeButton(later)
        box.exec()
        answers: dict[QAbstractButton, Choice] = {
            restore: Choice.RESTORE,
            discard: Choice.DISCARD,
        }
        return answers.get(box.clickedButton(), Choice.LATER)

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
