"""The findings panel: a list model over the Editor's findings, live after every edit.

Clicking a finding selects its elements on the canvas and scrolls to them.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from journeymapper.model import style
from journeymapper.model.analysis import Finding, Severity
from journeymapper.ui.editor import Editor

_Index = QModelIndex | QPersistentModelIndex
_SYMBOL = {Severity.PROBLEM: "●", Severity.WARNING: "▲", Severity.INFO: "ℹ"}


class FindingsModel(QAbstractListModel):
    """Adapter over ``editor.findings``; holds no copy beyond what Qt asks for."""

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        editor.findings_changed.connect(self._reset)

    def detach(self) -> None:
        self.editor.findings_changed.disconnect(self._reset)

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self.editor.findings)

    def finding(self, row: int) -> Finding:
        return self.editor.findings[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.editor.findings):
            return None
        finding = self.editor.findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{_SYMBOL[finding.severity]}  {finding.message}"
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = finding.kind.value.replace("_", " ")
            return f"{finding.severity.value} · {kind}\n{finding.message}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(style.SEVERITY_COLOUR[finding.severity])
        return None


class FindingsPanel(QWidget):
    """A summary line and the list of findings."""

    finding_activated = Signal(object)  # the Finding

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(editor)
        self.summary = QLabel()
        self.list = QListView()
        self.list.setModel(self.model)
        # One line per finding (the tooltip has it whole): uniform rows let Qt skip measuring
        # every row again after each edit, which on a large map costs more than the edit.
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setAlternatingRowColors(True)
        self.list.setToolTip("What the analysis found. Click a finding to show its elements.")
        self.list.clicked.connect(self._activate)
        self.list.activated.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        editor.findings_changed.connect(self._summarise)
        self._summarise()

    def sizeHint(self) -> QSize:  # Qt override
        # A few rows are enough to start with; the canvas needs the height more.
        return QSize(480, 140)

    def detach(self) -> None:
        self.model.detach()
        self.model.editor.findings_changed.disconnect(self._summarise)

    def _summarise(self) -> None:
        findings = self.model.editor.findings
        if not findings:
            self.summary.setText(
                "No findings: every Moment of Truth is served and every handover agreed."
            )
            return
        counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
        parts = [f"{n} {s.value}{'s' if n > 1 else ''}" for s, n in reversed(counts.items()) if n]
        self.summary.setText(", ".join(parts))

    def _activate(self, index: QModelIndex) -> None:
        self.finding_activated.emit(self.model.finding(index.row()))
