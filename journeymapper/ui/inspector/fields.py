"""Field widgets of the inspector: each shows one value read from the Document and commits a
changed value through the Editor, so every edit is one undoable command.

A field is built from two small functions, ``read`` (the value now in the Document) and
``write`` (ask the Editor to change it). It never keeps a copy of the value: ``refresh`` reads
it again, which is how undo shows up in the panel. Text commits on editingFinished, so one
typed title is one undo step; choices commit as they change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QRegularExpressionValidator,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from journeymapper.model import IntegrityError
from journeymapper.model.elements import Duration, TimeUnit
from journeymapper.ui.editor import Editor

Read = Callable[[], Any]
Write = Callable[[Any], object]
_B = TypeVar("_B", bound=BaseModel)

HEX_COLOUR = r"#[0-9A-Fa-f]{6}"
TEXT_ROWS = 4
MIN_CHOICE_CHARS = 12  # how narrow a list of long titles may get before it elides them


class Context:
    """What every field shares: the editor, and where a refused edit is reported."""

    def __init__(self, editor: Editor, report: Callable[[str], None]) -> None:
        self.editor = editor
        self.report = report
        self.closed = False
        self._paused = 0

    @property
    def active(self) -> bool:
        return not self.closed and not self._paused

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Commit nothing meanwhile: while the panel follows a change or shows another
        element, a field losing focus must not write into an element that is gone."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run one edit; a refusal becomes a message, never an exception in a slot."""
        if not self.active:
            return False
        try:
            action()
        except IntegrityError as error:
            self.report(str(error))
            return False
        self.report("")
        return True

    def change(self, field: Refreshable, read: Read, write: Write, value: Any) -> None:
        """Write ``value`` unless the Document holds it already, then show the Document's
        value again, which reverts the widget after a refused edit."""
        if not self.active:
            return
        try:
            if value != read():
                write(value)
                self.report("")  # only a real edit clears the last refusal
        except IntegrityError as error:
            self.report(str(error))
        self.reshow(field)

    def reshow(self, field: Refreshable) -> None:
        with suppress(IntegrityError):  # the element is gone; the panel shows another next
            field.refresh(force=True)


class Refreshable(Protocol):
    """Anything that re-reads its value from the Document."""

    def refresh(self, force: bool = False) -> None: ...


def updated(model: _B, **changes: Any) -> _B:
    """A validated copy of a nested value (a duration, an agreement) with some fields changed.

    ``model_copy(update=...)`` would skip validation, and the Document accepts a model
    instance as it is, so the copy is validated here; a bad value becomes an IntegrityError.
    """
    try:
        return type(model).model_validate({**model.model_dump(), **changes})
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise IntegrityError(f"{where}: {problem['msg']}") from None


class LineField(QLineEdit):
    """One line of text (or a number shown as text), committed on Enter or focus-out."""

    def __init__(
        self,
        context: Context,
        read: Read,
        write: Write,
        *,
        parse: Callable[[str], Any] = str,
        show: Callable[[Any], str] = str,
    ) -> None:
        super().__init__()
        self._context, self._read, self._write = context, read, write
        self._parse, self._show = parse, show
        self.editingFinished.connect(self._commit)

    def refresh(self, force: bool = False) -> None:
        if not force and self.hasFocus() and self.isModified():
            return  # the user is typing here; their text wins until they finish
        text = self._show(self._read())
        if text != self.text():
            self.setText(text)
            self.setCursorPosition(0)
        self.setModified(False)

    def _commit(self) -> None:
        # editingFinished also fires after a programmatic setText; change() only writes a
        # value that differs from the Document's.
        self.setModified(False)
        if not self._context.active:
            return
        try:
            value = self._parse(self.text())
        except ValueError as error:
            self._context.report(str(error))
            self._context.reshow(self)
            return
        self._context.change(self, self._read, self._write, value)


class TextField(QPlainTextEdit):
    """Several lines of text, or a list with one item per line; committed on focus-out."""

    editing_finished = Signal()

    def __init__(self, context: Context, read: Read, write: Write, *, lines: bool = False) -> None:
        super().__init__()
        self._context, self._read, self._write, self._lines = context, read, write, lines
        self.setTabChangesFocus(True)
        margins = 2 * (self.document().documentMargin() + self.frameWidth())
        self.setFixedHeight(int(self.fontMetrics().lineSpacing() * TEXT_ROWS + margins + 2))
        self.editing_finished.connect(self._commit)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.document().isModified():
            self.editing_finished.emit()

    def refresh(self, force: bool = False) -> None:
        if not force and self.hasFocus() and self.document().isModified():
            return
        value = self._read()
        text = "\n".join(value) if self._lines else str(value)
        if text != self.toPlainText():
            self.setPlainText(text)
        self.document().setModified(False)

    def value(self) -> str | list[str]:
        if self._lines:
            return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]
        return self.toPlainText()

    def _commit(self) -> None:
        self.document().setModified(False)
        self._context.change(self, self._read, self._write, self.value())


class CheckField(QCheckBox):
    """A yes/no field, committed as it is ticked."""

    def __init__(self, context: Context, text: str, read: Read, write: Write) -> None:
        super().__init__(text)
        self._context, self._read, self._write = context, read, write
        # As wide as box and text: a click in the empty rest of the row toggles nothing.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.toggled.connect(self._commit)

    def refresh(self, force: bool = False) -> None:
        self.blockSignals(True)
        self.setChecked(bool(self._read()))
        self.blockSignals(False)

    def _commit(self, checked: bool) -> None:
        self._context.change(self, lambda: bool(self._read()), self._write, checked)


class ComboField(QComboBox):
    """A choice among (label, value) options, which may change (a channel added)."""

    def __init__(
        self,
        context: Context,
        options: Callable[[], Sequence[tuple[str, Any]]],
        read: Read,
        write: Write,
    ) -> None:
        super().__init__()
        self._context, self._options, self._read, self._write = context, options, read, write
        self._values: list[Any] = []
        self._labels: list[str] = []  # the items shown, without asking Qt for each one
        self.currentIndexChanged.connect(self._commit)

    def refresh(self, force: bool = False) -> None:
        options = list(self._options())
        current = self._read()
        self.blockSignals(True)
        labels = [label for label, _ in options]
        self._values = [value for _, value in options]
        if current not in self._values:  # a value the options do not offer: show it anyway
            labels.append(str(current))
            self._values.append(current)
        if labels != self._labels or self.count() != len(labels):
            self.clear()
            self.addItems(labels)
            self._labels = labels
        self.setCurrentIndex(self._values.index(current))
        self.blockSignals(False)

    def _commit(self, index: int) -> None:
        if 0 <= index < len(self._values):
            self._context.change(self, self._read, self._write, self._values[index])


class ConfirmedComboField(ComboField):
    """A choice that moves something (a flow's end, a metric to another element), where
    every intermediate item would be a real move: arrow keys, typed letters and the wheel
    only browse, and Enter, a pick from the open list or leaving the field commits once.
    Escape goes back to the value in the Document."""

    def __init__(
        self,
        context: Context,
        options: Callable[[], Sequence[tuple[str, Any]]],
        read: Read,
        write: Write,
    ) -> None:
        super().__init__(context, options, read, write)
        # Long titles (a process step and its department) must not widen the whole panel.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(MIN_CHOICE_CHARS)
        self._browsing = False  # set while a key or the wheel changes the current item
        self.pending = False  # an item is shown that the Document does not hold yet
        # A pick from the open list of the item already browsed to changes no index.
        self.activated.connect(self._on_activated)

    def refresh(self, force: bool = False) -> None:
        if not force and self.pending and self.hasFocus():
            return  # the user is still browsing; their choice wins until they confirm
        self.pending = False
        super().refresh(force)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
        elif event.key() == Qt.Key.Key_Escape and self.pending:
            self.pending = False
            self._context.reshow(self)
        else:
            self._browsing = True
            try:
                super().keyPressEvent(event)
            finally:
                self._browsing = False

    def wheelEvent(self, event: QWheelEvent) -> None:  # Qt override
        self._browsing = True
        try:
            super().wheelEvent(event)
        finally:
            self._browsing = False

    def focusOutEvent(self, event: QFocusEvent) -> None:  # Qt override
        super().focusOutEvent(event)
        # Its own list opening takes the focus too; a pick there commits by itself.
        opening = event.reason() == Qt.FocusReason.PopupFocusReason or self.view().isVisible()
        if not opening:
            self.confirm()

    def confirm(self) -> None:
        """Commit the item shown, if the user browsed to one."""
        if self.pending:
            self.pending = False
            super()._commit(self.currentIndex())

    def _on_activated(self, index: int) -> None:
        if not self._browsing:
            self.confirm()

    def _commit(self, index: int) -> None:
        if self._browsing:
            self.pending = True
        else:
            self.pending = False
            super()._commit(index)


UNITS: list[tuple[str, TimeUnit | None]] = [
    ("not set", None),
    ("working days", TimeUnit.WORKING_DAYS),
    ("hours", TimeUnit.HOURS),
]


class DurationField(QWidget):
    """A duration as value plus unit, or "not set"; commits as either changes."""

    def __init__(self, context: Context, read: Read, write: Write) -> None:
        super().__init__()
        self._context, self._read, self._write = context, read, write
        self.value_box = QDoubleSpinBox()
        self.value_box.setRange(0.0, 1_000_000.0)
        self.value_box.setDecimals(2)
        self.value_box.setValue(1.0)
        self.value_box.setKeyboardTracking(False)  # typing "12" is one edit, not two
        self.unit_box = QComboBox()
        self.unit_box.addItems([label for label, _ in UNITS])
        # Narrow enough for the inspector's fixed width: a spin box sized for a million and
        # a list sized for its longest unit made this the widest row of every form.
        self.value_box.setMinimumWidth(self.fontMetrics().horizontalAdvance("00000.00") + 24)
        self.unit_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.unit_box.setMinimumContentsLength(6)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.value_box, 1)
        row.addWidget(self.unit_box, 1)
        self.value_box.valueChanged.connect(self._commit)
        self.unit_box.currentIndexChanged.connect(self._commit)

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        self.value_box.setToolTip(text)
        self.unit_box.setToolTip(text)

    def refresh(self, force: bool = False) -> None:
        duration: Duration | None = self._read()
        self.value_box.blockSignals(True)
        self.unit_box.blockSignals(True)
        units = [unit for _, unit in UNITS]
        self.unit_box.setCurrentIndex(units.index(duration.unit if duration else None))
        if duration is not None:
            self.value_box.setValue(duration.value)
        self.value_box.setEnabled(duration is not None)
        self.value_box.blockSignals(False)
        self.unit_box.blockSignals(False)

    def value(self) -> Duration | None:
        unit = UNITS[self.unit_box.currentIndex()][1]
        return None if unit is None else Duration(value=self.value_box.value(), unit=unit)

    def _commit(self) -> None:
        self._context.change(self, self._read, self._write, self.value())


class ColorField(QWidget):
    """A colour as #rrggbb: typed (validated as hex) or picked with a colour dialog."""

    def __init__(self, context: Context, read: Read, write: Write) -> None:
        super().__init__()
        self._context, self._read, self._write = context, read, write
        self.line = LineField(context, read, write, parse=str.lower)
        self.line.setValidator(QRegularExpressionValidator(QRegularExpression(HEX_COLOUR)))
        self.line.setPlaceholderText("#rrggbb")
        self.swatch = QToolButton()
        self.swatch.setFixedWidth(32)
        self.swatch.setToolTip("Choose a colour")
        self.swatch.clicked.connect(self._choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.swatch)

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        self.line.setToolTip(text)

    def refresh(self, force: bool = False) -> None:
        self.line.refresh(force)
        colour = str(self._read())
        if QColor.isValidColorName(colour):
            self.swatch.setStyleSheet(
                f"QToolButton {{ background: {colour}; border: 1px solid #777; }}"
            )

    def _choose(self) -> None:
        initial = QColor(str(self._read()))
        chosen = QColorDialog.getColor(initial, self, "Choose a colour")
        if chosen.isValid():
            self._context.change(self, self._read, self._write, chosen.name())


def optional_number(text: str) -> float | None:
    """Parse a typed number, "" meaning none; a decimal comma is fine."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a number; type one, or clear the field") from None


def show_number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
