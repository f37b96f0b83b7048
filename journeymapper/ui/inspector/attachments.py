"""Metrics and initiatives attached to a phase, customer step or touchpoint: a compact list
with add and remove buttons, and the selected one's fields below it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journeymapper.model import Document
from journeymapper.model.elements import Initiative, InitiativeStatus, Metric, Touchpoint
from journeymapper.model.kinds import KIND_LABEL, display_name
from journeymapper.ui.inspector.fields import ConfirmedComboField, Context, show_number
from journeymapper.ui.inspector.form import Form, enum_options, section_label

LIST_ROWS = 4


class MetricForm(Form):
    """A KPI: what is measured, its value against the target and which way is good."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.name = self.add_title("Name", "name", "What is measured, in the words of the report")
        self.attached_to = add_attached_to(self, "metric")
        self.value = self.add_number(
            "Value", "value", "The latest measured value; empty if unknown"
        )
        self.unit = self.add_line("Unit", "unit", "The unit of value and target, e.g. % or days")
        self.target = self.add_number("Target", "target", "The value the organisation aims for")
        self.trend = self.add_number(
            "Trend %", "trend_percent", "Change against the previous period, in per cent"
        )
        self.higher_is_better = self.add_check(
            "Higher is better",
            "higher_is_better",
            "Ticked: a value above the target is good; unticked: lower is better "
            "(waiting times, complaints)",
        )
        self.note = self.add_text(
            "Note", "note", "How it is measured, and where the figure comes from"
        )


class InitiativeForm(Form):
    """A running improvement: its title, traffic-light status and who to ask about it."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.title = self.add_title("Title", "title", "What is being improved")
        self.attached_to = add_attached_to(self, "initiative")
        self.status = self.add_combo(
            "Status",
            "status",
            "Traffic light: green on track, amber at risk, red stuck",
            enum_options(list(InitiativeStatus)),
        )
        self.contact = self.add_line("Contact", "contact", "Who to ask about this initiative")
        self.note = self.add_text("Note", "note", "Plans, dependencies, expected effect")


def add_attached_to(form: Form, what: str) -> ConfirmedComboField:
    """The element a metric or initiative hangs at; choosing another one moves it there."""

    def write(owner_id: Any) -> object:
        return form.element_id is not None and form.editor.attach(form.element_id, owner_id)

    field = ConfirmedComboField(
        form.context,
        lambda: attachable_choices(form.editor.document),
        form.read("attached_to"),
        write,
    )
    tip = (
        f"The phase, customer step or touchpoint this {what} belongs to; arrows browse, "
        "Enter moves it there, to that element's list"
    )
    return form.add_row("Attached to", field, tip)


def attachable_choices(document: Document) -> list[tuple[str, Any]]:
    """Every phase, customer step and touchpoint by title, in journey order: a phase, then
    each of its steps followed by the touchpoints that start at that step."""
    journey = document.map
    starting: dict[str, list[Touchpoint]] = defaultdict(list)
    for touchpoint in journey.touchpoints:
        starting[touchpoint.steps[0] if touchpoint.steps else ""].append(touchpoint)
    choices: list[tuple[str, Any]] = []
    for phase in journey.phases:
        choices.append((f"Phase: {display_name(phase)}", phase.id))
        for step in phase.steps:
            choices.append((f"Step: {display_name(step)}", step.id))
            choices.extend(_touchpoint_choices(starting.pop(step.id, [])))
    for rest in starting.values():  # touchpoints at no step of a phase: still offered
        choices.extend(_touchpoint_choices(rest))
    return choices


def _touchpoint_choices(touchpoints: list[Touchpoint]) -> list[tuple[str, Any]]:
    return [(f"Touchpoint: {display_name(t)}", t.id) for t in touchpoints]


def _label(element: Metric | Initiative) -> str:
    if isinstance(element, Metric):
        if element.value is None:
            return f"Metric: {element.name}"
        measured = " ".join(part for part in (show_number(element.value), element.unit) if part)
        return f"Metric: {element.name} ({measured})"
    return f"Initiative: {element.title} [{element.status.value}]"


class AttachmentsPanel(QWidget):
    """The metrics and initiatives of one owner element; every change goes via the Editor."""

    def __init__(self, context: Context, owner: Callable[[], str | None]) -> None:
        super().__init__()
        self.context = context
        self._owner = owner
        self._shown_owner: str | None = None
        self._ids: list[str] = []
        self.selected: str | None = None
        self.list = QListWidget()
        self.list.setToolTip(
            "KPIs and running improvements attached here; select one to edit its fields"
        )
        self.list.setFixedHeight(self.list.fontMetrics().lineSpacing() * LIST_ROWS + 12)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.currentRowChanged.connect(self._on_row)
        # Moving the selected metric elsewhere takes it out of this list; say where it went.
        self.moved_note = QLabel()
        self.moved_note.setWordWrap(True)
        self.moved_note.hide()
        self.add_metric_button = QPushButton("Add metric")
        self.add_metric_button.setToolTip("Attach a new KPI here")
        self.add_initiative_button = QPushButton("Add initiative")
        self.add_initiative_button.setToolTip("Attach a new improvement initiative here")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Delete the selected metric or initiative")
        self.add_metric_button.clicked.connect(self._add_metric)
        self.add_initiative_button.clicked.connect(self._add_initiative)
        self.remove_button.clicked.connect(self._remove)
        self.metric_form = MetricForm(context)
        self.initiative_form = InitiativeForm(context)
        self.detail = QFrame()
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addWidget(self.metric_form)
        detail_layout.addWidget(self.initiative_form)
        buttons = QHBoxLayout()
        for button in (self.add_metric_button, self.add_initiative_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section_label("Metrics and initiatives"))
        layout.addWidget(self.list)
        layout.addWidget(self.moved_note)
        layout.addLayout(buttons)
        layout.addWidget(self.detail)

    def attached(self) -> list[Metric | Initiative]:
        owner = self._owner()
        journey = self.context.editor.document.map
        found: list[Metric | Initiative] = [m for m in journey.metrics if m.attached_to == owner]
        return found + [i for i in journey.initiatives if i.attached_to == owner]

    def select(self, element_id: str | None) -> None:
        """Show the fields of one attached metric or initiative (None: none)."""
        self.selected = element_id
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        owner = self._owner()
        if owner != self._shown_owner:  # bound to another element: start unselected
            self._shown_owner, self.selected = owner, None
        elements = self.attached()
        ids = [element.id for element in elements]
        if self.selected not in ids:
            self._tell_where(self.selected)
            self.selected = None
        self.list.blockSignals(True)
        if ids != self._ids:
            self.list.clear()
            self.list.addItems(["" for _ in elements])
            self._ids = ids
        for row, element in enumerate(elements):
            item = self.list.item(row)
            item.setText(_label(element))
            item.setToolTip(_label(element))
        self.list.setCurrentRow(ids.index(self.selected) if self.selected else -1)
        self.list.blockSignals(False)
        self.remove_button.setEnabled(self.selected is not None)
        self._show_detail(force)

    def _tell_where(self, gone: str | None) -> None:
        """Say where ``gone`` (no longer in the list) now hangs; clear the note otherwise."""
        document = self.context.editor.document
        element = document.get(gone) if gone is not None and gone in document else None
        text = ""
        if isinstance(element, (Metric, Initiative)) and element.attached_to in document:
            owner = element.attached_to
            where = f"{KIND_LABEL[document.kind(owner)]} '{display_name(document.get(owner))}'"
            text = f"'{display_name(element)}' moved to {where}; Ctrl+Z brings it back."
        self.moved_note.setText(text)
        self.moved_note.setVisible(bool(text))

    def _show_detail(self, force: bool) -> None:
        kind = None if self.selected is None else self.context.editor.document.kind(self.selected)
        with self.context.paused():  # a focused field of a deleted metric must not commit
            self.detail.setVisible(kind is not None)
            for form, form_kind in (
                (self.metric_form, "metric"),
                (self.initiative_form, "initiative"),
            ):
                form.setVisible(kind == form_kind)
        for form, form_kind in ((self.metric_form, "metric"), (self.initiative_form, "initiative")):
            if kind == form_kind:
                if form.element_id != self.selected:
                    form.bind(self.selected)
                else:
                    form.refresh(force)

    def _on_row(self, row: int) -> None:
        self.select(self._ids[row] if 0 <= row < len(self._ids) else None)

    def _add_metric(self) -> None:
        owner = self._owner()
        if owner is not None:
            self._add(lambda: self.context.editor.add_metric(owner))

    def _add_initiative(self) -> None:
        owner = self._owner()
        if owner is not None:
            self._add(lambda: self.context.editor.add_initiative(owner))

    def _add(self, add: Callable[[], str]) -> None:
        added: list[str] = []
        if self.context.attempt(lambda: added.append(add())):
            self.select(added[0])
            form = self.metric_form if self.selected == self.metric_form.element_id else None
            first = form.name if form is not None else self.initiative_form.title
            first.setFocus()  # ready to type the name of what was just added
            first.selectAll()

    def _remove(self) -> None:
        selected = self.selected
        if selected is not None:
            self.context.attempt(lambda: self.context.editor.delete([selected]))
            self.refresh(force=True)
