"""File > Compare with… and File > Compare curves…: what changed, shown as the readable summary
``journeymapper compare`` prints, in a window of its own that stays open beside the map.

The window is not modal, so the team can keep it beside the map while they talk it through.
Its text is read-only but takes the keyboard focus (arrows and Page Up/Down scroll it, Ctrl+A
and Ctrl+C copy it into minutes); Escape closes it. Comparing curves, two labelled lists choose
the as-is and the to-be curve (Alt+A, Alt+T), and the summary follows each choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from journeymapper.model import JourneyMapError, load
from journeymapper.model.compare import compare, named_curve
from journeymapper.model.elements import CurveKind, CurveState, EmotionCurve, JourneyMap
from journeymapper.render.curve_faces import curve_label
from journeymapper.ui.settings import remember_folder, start_folder

if TYPE_CHECKING:
    from journeymapper.ui.main_window import MainWindow

COMPARE_WINDOW = "compare-summary"  # the object name tests and the window look for
THIS_MAP = "this map"


class CompareWindow(QDialog):
    """The summary of one comparison; with ``journey`` given, two lists choose its curves."""

    def __init__(self, parent: QWidget, title: str, journey: JourneyMap | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(COMPARE_WINDOW)
        self.setWindowTitle(title)
        self.resize(760, 560)
        self.journey = journey
        layout = QVBoxLayout(self)
        # Without a parent until the form takes them: a comparison of two files has no curve
        # lists, and a child widget outside every layout would show in the window's corner.
        self.as_is = QComboBox()
        self.to_be = QComboBox()
        if journey is not None:
            layout.addLayout(self._curve_choice(journey))
        self.summary = QPlainTextEdit(self)
        self.summary.setReadOnly(True)
        self.summary.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.summary.setAccessibleName("What changed")
        self.summary.setFont(QFont(self.summary.font().family(), 11))
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _curve_choice(self, journey: JourneyMap) -> QFormLayout:
        form = QFormLayout()
        for box in (self.as_is, self.to_be):
            for curve in journey.curves:
                box.addItem(curve_label(curve), curve.id)
        first, second = default_pair(journey.curves)
        self.as_is.setCurrentIndex(first)
        self.to_be.setCurrentIndex(second)
        form.addRow("&As-is curve:", self.as_is)
        form.addRow("&To-be curve:", self.to_be)
        self.as_is.currentIndexChanged.connect(lambda _index: self.compare_curves())
        self.to_be.currentIndexChanged.connect(lambda _index: self.compare_curves())
        return form

    def show_text(self, text: str) -> None:
        self.summary.setPlainText(text)

    def compare_curves(self) -> None:
        """The summary of the two chosen curves of this window's map."""
        if self.journey is None:
            return
        pair = (str(self.as_is.currentData()), str(self.to_be.currentData()))
        result = compare(
            self.journey,
            self.journey,
            names=(
                named_curve(THIS_MAP, self.journey, pair[0]),
                named_curve(THIS_MAP, self.journey, pair[1]),
            ),
            curves=pair,
        )
        self.show_text(result.to_text())


def default_pair(curves: list[EmotionCurve]) -> tuple[int, int]:
    """Indexes of the curves to compare first: today's customer curve and the first to-be
    curve of the same kind (else the next curve), so the usual question needs no choosing."""
    if not curves:
        return 0, 0
    first = next(
        (
            i
            for i, c in enumerate(curves)
            if c.kind is CurveKind.CUSTOMER and c.state is CurveState.CURRENT
        ),
        0,
    )
    kind = curves[first].kind
    second = next(
        (i for i, c in enumerate(curves) if c.state is CurveState.FUTURE and c.kind is kind),
        next((i for i in range(len(curves)) if i != first), first),
    )
    return first, second


def compare_with_file(window: MainWindow) -> CompareWindow | None:
    """Ask for a .cjm and show what changed from it (before) to the open map (after)."""
    session = window.session
    if session is None:
        return None
    path = window.prompts.open_path(str(start_folder(session.path)))
    if path is None:
        return None
    remember_folder(path)
    current = session.editor.document.map
    here = session.path.name if session.path else THIS_MAP
    try:
        result = compare(load(path).journey, current, names=(path.name, here))
    except JourneyMapError as error:
        window.prompts.error("Cannot compare", str(error))
        return None
    view = CompareWindow(window, f"What changed from {path.name} to {here}")
    view.show_text(result.to_text())
    return _shown(view)


def compare_curves(window: MainWindow) -> CompareWindow | None:
    """Show what changes between two curves of the open map, as-is and to-be by default."""
    session = window.session
    if session is None:
        return None
    current = session.editor.document.map.model_copy(deep=True)  # the map as it is now
    if len(current.curves) < 2:
        window.prompts.error(
            "Cannot compare curves",
            "The map has fewer than two emotion curves; add a to-be curve to compare it with "
            "today's.",
        )
        return None
    view = CompareWindow(window, "Compare two curves of this map", current)
    view.compare_curves()
    return _shown(view)


def _shown(view: CompareWindow) -> CompareWindow:
    view.show()
    view.raise_()
    view.activateWindow()  # keys go to the summary at once, not back to the canvas
    view.summary.setFocus()
    return view
