"""Inspector forms of the journey's elements: phase, customer step, touchpoint, department,
channel, process step and persona. The flow and the map have modules of their own."""

from __future__ import annotations

import math
from functools import partial
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSpinBox, QToolButton, QWidget

from journeymapper.model.elements import DepartmentKind, TouchpointKind
from journeymapper.ui.inspector.attachments import AttachmentsPanel
from journeymapper.ui.inspector.fields import Context
from journeymapper.ui.inspector.form import Form, enum_options


def add_attachments(form: Form) -> AttachmentsPanel:
    """The metrics-and-initiatives list of the element the form shows."""
    panel = AttachmentsPanel(form.context, lambda: form.element_id)
    form.rows.addRow(panel)
    form.track(panel)
    return panel


class PhaseForm(Form):
    """A stage of the journey as the customer lives it."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.title = self.add_title(
            "Title", "title", "A stage of the journey as the customer sees it, e.g. 'Order'"
        )
        self.description = self.add_text("Description", "description", "What this phase covers")
        self.contact_reasons = self.add_text(
            "Contact reasons",
            "contact_reasons",
            "The top reasons customers contact us in this phase (from the dashboard), "
            "most frequent first, one per line",
            lines=True,
        )
        self.attachments = add_attachments(self)


class EmotionField(QWidget):
    """The step's value on the curve being edited, on the map's scale, or not set."""

    def __init__(self, form: Form) -> None:
        super().__init__()
        self._form = form
        self.spin = QSpinBox()
        self.spin.setKeyboardTracking(False)
        self.spin.setSpecialValueText("not set")  # shown at the minimum, one below the scale
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Take this step off the emotion curve")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.spin, 1)
        row.addWidget(self.clear_button)
        self.spin.valueChanged.connect(self._on_spin)
        self.clear_button.clicked.connect(lambda: self._commit(None))

    def setToolTip(self, text: str) -> None:  # Qt override
        super().setToolTip(text)
        self.spin.setToolTip(text)

    def current(self) -> float | None:
        curve = self._form.editor.curves.edited()
        step = self._form.element_id
        return None if curve is None or step is None else curve.points.get(step)

    def refresh(self, force: bool = False) -> None:
        journey = self._form.editor.document.map
        scale = journey.scale
        value = self.current()
        self.spin.blockSignals(True)
        self.spin.setRange(math.floor(scale.minimum) - 1, math.ceil(scale.maximum))
        self.spin.setValue(self.spin.minimum() if value is None else round(value))
        self.spin.blockSignals(False)
        has_curve = self._form.editor.curves.edited() is not None
        self.spin.setEnabled(has_curve)
        self.clear_button.setEnabled(has_curve and value is not None)

    def _on_spin(self, value: int) -> None:
        self._commit(None if value == self.spin.minimum() else float(value))

    def _commit(self, value: float | None) -> None:
        step = self._form.element_id
        if step is not None:
            write = partial(self._form.editor.set_emotion, step)
            self._form.context.change(self, self.current, write, value)


class StepForm(Form):
    """One moment of the customer: what they do, say and feel."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.title = self.add_title(
            "Title", "title", "What the customer does, thinks or waits for, in their words"
        )
        self.note = self.add_text("Note", "note", "Context for the workshop: what happens here")
        self.quote = self.add_text(
            "Quote", "quote", "What a customer said at this moment, verbatim"
        )
        self.moment_of_truth = self.add_check(
            "Moment of Truth",
            "moment_of_truth",
            "A moment that makes or breaks the customer's trust: handled well it wins a fan, "
            "handled badly it loses the customer, whatever went before",
        )
        self.pain_points = self.add_text(
            "Pain points", "pain_points", "What hurts or annoys the customer here", lines=True
        )
        self.ideas = self.add_text("Ideas", "ideas", "Improvement ideas for this step", lines=True)
        self.emotion = self.add_row(
            "Emotion",
            EmotionField(self),
            "How the customer feels at this step on the map's scale (bipolar: -5 to +5 "
            "around a neutral 0; grade: 1 to 10); 'not set' leaves it off the curve",
        )
        self.attachments = add_attachments(self)


def _channels(form: Form) -> list[tuple[str, Any]]:
    channels = form.editor.document.map.channels
    return [
        ("no channel", None),
        *((channel.name or channel.id, channel.id) for channel in channels),
    ]


def _owners(form: Form) -> list[tuple[str, Any]]:
    departments = form.editor.document.map.departments
    return [("no owner", None), *((d.name or d.id, d.id) for d in departments)]


def _departments(form: Form) -> list[tuple[str, Any]]:
    return [(d.name or d.id, d.id) for d in form.editor.document.map.departments]


class TouchpointForm(Form):
    """A contact between the organisation and the customer."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.title = self.add_title(
            "Title", "title", "The contact as the customer meets it, e.g. 'order confirmation'"
        )
        self.kind = self.add_combo(
            "Kind",
            "kind",
            "Communication: we inform the customer; contact: a two-way conversation; "
            "transaction: an order, payment or delivery changes hands",
            enum_options(list(TouchpointKind)),
        )
        self.channel = self.add_combo(
            "Channel",
            "channel",
            "The medium of the contact (website, phone, letter, ...); it colours the card",
            lambda: _channels(self),
        )
        self.new_channel = QLineEdit()
        self.new_channel.setPlaceholderText("New channel name, then Enter")
        self.new_channel.setToolTip(
            "Type a channel name and press Enter to add it to the map and use it here"
        )
        self.new_channel.returnPressed.connect(self._add_channel)
        self.place("", self.new_channel)
        self.owner = self.add_combo(
            "Owner",
            "owner",
            "The department that answers for this touchpoint and for improving it",
            lambda: _owners(self),
        )
        self.note = self.add_text("Note", "note", "What the customer receives, and when")
        self.attachments = add_attachments(self)

    def _add_channel(self) -> None:
        name = self.new_channel.text().strip()
        touchpoint = self.element_id
        if name and touchpoint is not None:
            if self.context.attempt(lambda: self.editor.add_channel_for(touchpoint, name)):
                self.new_channel.clear()
            self.refresh()


class DepartmentForm(Form):
    """A lane of the process: an internal department or an external chain partner."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.name = self.add_title("Name", "name", "The department or partner, as staff call it")
        self.kind = self.add_combo(
            "Kind",
            "kind",
            "Internal: part of our organisation; partner: an external chain partner such as "
            "the courier, whose handovers cross the organisation's border",
            enum_options(list(DepartmentKind)),
        )
        self.colour = self.add_color("Colour", "color", "The colour of this department's lane")


class ChannelForm(Form):
    """A medium through which touchpoints reach the customer."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.name = self.add_title("Name", "name", "The medium, e.g. 'Website' or 'Phone'")
        self.colour = self.add_color("Colour", "color", "The colour of this channel's touchpoints")


class ProcessStepForm(Form):
    """Work behind the scenes, owned by one department."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.title = self.add_title("Title", "title", "The work done, e.g. 'Pick and pack'")
        self.department = self.add_combo(
            "Department",
            "department",
            "The lane: the department or partner that does this work",
            lambda: _departments(self),
        )
        self.duration = self.add_duration(
            "Duration",
            "duration",
            "How long the work itself takes, without the waiting before it; "
            "8 hours count as one working day",
        )
        self.note = self.add_text("Note", "note", "How the work is done, known problems")
        self.starts_chain = self.add_check(
            "Starts a chain",
            "starts_chain",
            "This work legitimately starts without an incoming flow (a schedule, a "
            "monitoring signal), so the broken-chain check accepts it",
        )
        self.ends_chain = self.add_check(
            "Ends a chain",
            "ends_chain",
            "Its result legitimately stays here (archiving), so no outgoing flow is expected",
        )


class PersonaForm(Form):
    """The customer the journey is told for."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.name = self.add_title("Name", "name", "A name and a few words, e.g. 'Sanne, 34'")
        self.profile = self.add_text("Profile", "profile", "Who they are, how they use our service")
        self.goals = self.add_text(
            "Goals", "goals", "What the customer wants to achieve", lines=True
        )
        self.quote = self.add_text("Quote", "quote", "A typical remark, in their own words")
