"""The base of every inspector form: a column of fields bound to one element at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from journeymapper.ui.editor import Editor
from journeymapper.ui.inspector.fields import (
    CheckField,
    ColorField,
    ComboField,
    ConfirmedComboField,
    Context,
    DurationField,
    LineField,
    Read,
    Refreshable,
    TextField,
    Write,
    optional_number,
    show_number,
)

_W = TypeVar("_W", bound=QWidget)
LABEL_WIDTH_SAMPLE = "Contact reasons"


def enum_options(values: Sequence[Enum]) -> Callable[[], list[tuple[str, Any]]]:
    """Options for a combo over an enum: the value, spaces for underscores, as the label."""
    options = [(str(value.value).replace("_", " "), value) for value in values]
    return lambda: options


def section_label(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label


class Form(QWidget):
    """Fields of one element kind, bound to one element id (None: the map's own fields).

    Fields read and write through small functions that look the element up by id at the
    moment they run, so the form never holds a stale copy of the data.
    """

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.element_id: str | None = None
        self._fields: list[Refreshable] = []
        self.rows = QFormLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # One label width in every form, so a nested form (the persona) lines up; longer
        # labels wrap onto a second line instead of pushing the fields aside.
        self._label_width = self.fontMetrics().horizontalAdvance(LABEL_WIDTH_SAMPLE) + 6

    @property
    def editor(self) -> Editor:
        return self.context.editor

    def bind(self, element_id: str | None) -> None:
        """Show ``element_id``; a forced refresh drops any half-typed text of the last one."""
        self.element_id = element_id
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        for field in self._fields:
            field.refresh(force)

    def element(self) -> Any:
        document = self.editor.document
        return document.map if self.element_id is None else document.get(self.element_id)

    # -- building -----------------------------------------------------------------------------

    def read(self, field: str) -> Read:
        return lambda: getattr(self.element(), field)

    def write(self, field: str) -> Write:
        return lambda value: self.editor.set_field(self.element_id, field, value)

    def add_row(self, label: str, widget: _W, tip: str) -> _W:
        """Put a field in the form with its tooltip, and re-read it on every refresh."""
        widget.setToolTip(tip)
        self.place(label, widget)
        self.track(widget)  # type: ignore[arg-type]
        return widget

    def place(self, label: str, widget: QWidget) -> None:
        """Add a row whose label has the common width."""
        caption = QLabel(label)
        caption.setWordWrap(True)
        caption.setFixedWidth(self._label_width)
        caption.setBuddy(widget)
        self.rows.addRow(caption, widget)

    def track(self, field: Refreshable) -> None:
        self._fields.append(field)

    def section(self, text: str) -> None:
        self.rows.addRow(section_label(text))

    def add_title(self, label: str, field: str, tip: str) -> LineField:
        """The element's title or name, changed with ``Editor.rename`` for a clear undo text."""

        def write(value: Any) -> object:
            if self.element_id is None:
                return self.editor.set_field(None, field, value, "Rename map")
            return self.editor.rename(self.element_id, value)

        return self.add_row(label, LineField(self.context, self.read(field), write), tip)

    def add_line(self, label: str, field: str, tip: str) -> LineField:
        return self.add_row(
            label, LineField(self.context, self.read(field), self.write(field)), tip
        )

    def add_number(self, label: str, field: str, tip: str) -> LineField:
        """An optional number: empty means not known."""
        widget = LineField(
            self.context,
            self.read(field),
            self.write(field),
            parse=optional_number,
            show=show_number,
        )
        widget.setPlaceholderText("not known")
        return self.add_row(label, widget, tip)

    def add_text(self, label: str, field: str, tip: str, *, lines: bool = False) -> TextField:
        widget = TextField(self.context, self.read(field), self.write(field), lines=lines)
        if lines:
            widget.setPlaceholderText("one per line")
        return self.add_row(label, widget, tip)

    def add_check(self, text: str, field: str, tip: str) -> CheckField:
        return self.add_row(
            "", CheckField(self.context, text, self.read(field), self.write(field)), tip
        )

    def add_combo(
        self, label: str, field: str, tip: str, options: Callable[[], Sequence[tuple[str, Any]]]
    ) -> ComboField:
        # Browsing with the arrows must not move the element once per item (a lane per
        # press for a department): the choice applies on Enter, a click or leaving the field.
        widget = ConfirmedComboField(self.context, options, self.read(field), self.write(field))
        return self.add_row(label, widget, tip)

    def add_duration(self, label: str, field: str, tip: str) -> DurationField:
        return self.add_row(
            label, DurationField(self.context, self.read(field), self.write(field)), tip
        )

    def add_color(self, label: str, field: str, tip: str) -> ColorField:
        return self.add_row(
            label, ColorField(self.context, self.read(field), self.write(field)), tip
        )
