"""The summary a merge shows: what came from the colleague's version, and each conflict,
which the user may settle with their value instead of ours (one undoable step each)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journeymapper.model.merge import Conflict, MergeResult

SHOWN_CHANGES = 200  # a summary, not a log: the rest is counted


def summary_lines(result: MergeResult) -> list[str]:
    """The summary in words: counts, then their changes, then the conflicts."""
    conflicts = len(result.conflicts)
    lines = [
        f"Merged: {_count(len(result.from_theirs), 'change')} from their version, "
        f"{_count(len(result.from_ours), 'change')} of yours, "
        f"{_count(conflicts, 'conflict')}" + (" (yours kept)." if conflicts else ".")
    ]
    lines += [f"Theirs: {change.describe()}" for change in result.from_theirs[:SHOWN_CHANGES]]
    hidden = len(result.from_theirs) - SHOWN_CHANGES
    if hidden > 0:
        lines.append(f"… and {_count(hidden, 'more change')} of theirs")
    lines += [f"Conflict: {conflict.describe()}" for conflict in result.conflicts]
    return lines


class MergeDialog(QDialog):
    """Lists the merge; "Use theirs" (Alt+U) settles the selected conflict their way."""

    def __init__(
        self,
        result: MergeResult,
        use_theirs: Callable[[Conflict], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merged with the version on disk")
        self._use_theirs = use_theirs
        lines = summary_lines(result)
        layout = QVBoxLayout(self)
        heading = QLabel(lines[0])
        heading.setWordWrap(True)
        layout.addWidget(heading)
        changes = QListWidget()
        changes.addItems([line for line in lines[1:] if not line.startswith("Conflict: ")])
        layout.addWidget(changes)
        self.conflicts = QListWidget()
        for conflict in result.conflicts:
            item = QListWidgetItem(conflict.describe())
            item.setData(Qt.ItemDataRole.UserRole, conflict)
            self.conflicts.addItem(item)
        self.use_button = QPushButton("Use theirs (Alt+U)")
        self.use_button.clicked.connect(self.use_selected)
        # A shortcut of its own: Qt does not turn "&U" into Alt+U on every platform.
        QShortcut(QKeySequence("Alt+U"), self).activated.connect(self.use_selected)
        if result.conflicts:
            layout.addWidget(QLabel("Conflicts (yours kept); select one to use theirs instead:"))
            layout.addWidget(self.conflicts)
            layout.addWidget(self.use_button)
            self.conflicts.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 480)

    def use_selected(self) -> None:
        item = self.conflicts.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        conflict: Conflict = item.data(Qt.ItemDataRole.UserRole)
        if self._use_theirs(conflict):
            item.setText(f"Theirs used: {conflict.describe()}")
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        else:
            item.setText(f"Not a value to choose (see the map): {conflict.describe()}")


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")
