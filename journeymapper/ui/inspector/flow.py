"""The inspector form of a flow: a handover of work between two process steps, with the
agreement about it, the wait actually measured, and the four dimensions of chain steering."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from journeymapper.model import Document, IntegrityError
from journeymapper.model.elements import ChainDimensions, Flow, HandoverAgreement, ProcessStep
from journeymapper.model.kinds import display_name
from journeymapper.ui.inspector.fields import (
    CheckField,
    ConfirmedComboField,
    Context,
    DurationField,
    LineField,
    Read,
    Write,
    updated,
)
from journeymapper.ui.inspector.form import Form

CHAIN_TIPS = {
    "culture": "Culture: the mindset on both sides, e.g. 'the customer's deadline is ours too'",
    "relation": "Relation: how much the two sides trust each other, and how they talk",
    "procedure": "Procedure: the agreements and rules that govern the handover",
    "content": "Content: the knowledge and information shared along with the work",
}


class FlowForm(Form):
    """Work passing from one process step to the next, often across departments."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self._choices: tuple[tuple[object, ...], list[tuple[str, Any]]] | None = None
        self.source = self._add_end(
            "From",
            "source",
            "The process step the work comes from; arrows browse, Enter moves the arrow's "
            "start there (or drag the start on the canvas)",
        )
        self.target = self._add_end(
            "To",
            "target",
            "The process step the work goes to; arrows browse, Enter moves the arrow's "
            "head there (or drag the head on the canvas)",
        )
        self.label = self.add_line("Label", "label", "What passes along, as written on the arrow")
        self.measured_wait = self.add_duration(
            "Measured wait",
            "measured_wait",
            "The wait actually measured between the two steps; compared with the agreed maximum",
        )
        self.section("Handover agreement")
        self.has_agreement = self.add_row(
            "",
            CheckField(context, "Agreement made", self._has_agreement, self._set_agreement),
            "Whether the two sides agreed how this handover works; unticking forgets the "
            "agreement's details",
        )
        self.max_wait = self.add_row(
            "Max wait",
            DurationField(context, *self._agreement_field("max_wait", None)),
            "The longest the work may wait before the next step picks it up, as agreed",
        )
        self.information = self.add_row(
            "Information",
            LineField(context, *self._agreement_field("information", "")),
            "What is passed along with the work (documents, data, status)",
        )
        read_owner, write_owner = self._agreement_field("owner", "")
        self.agreement_owner = self.add_row(
            "Owner",
            ConfirmedComboField(
                context,
                lambda: owner_choices(self.editor.document, read_owner()),
                lambda: owner_value(self.editor.document, read_owner()),
                write_owner,
            ),
            "The department that answers for this handover and calls the other side when it "
            "goes wrong; an owner typed in an older map is kept as it was",
        )
        self.section("Chain dimensions")
        self.chain = {
            name: self.add_row(name.capitalize(), LineField(context, *self._chain_field(name)), tip)
            for name, tip in CHAIN_TIPS.items()
        }

    def flow(self) -> Flow:
        element = self.element()
        if not isinstance(element, Flow):
            raise IntegrityError(f"{self.element_id!r} is not a flow")
        return element

    def refresh(self, force: bool = False) -> None:
        super().refresh(force)
        flow = self.flow()
        agreed = flow.agreement is not None
        for widget in (self.max_wait, self.information, self.agreement_owner):
            widget.setEnabled(agreed)
            label = self.rows.labelForField(widget)
            if isinstance(label, QWidget):
                label.setEnabled(agreed)

    def _add_end(self, label: str, end: str, tip: str) -> ConfirmedComboField:
        """A choice of the process step at one end: reconnecting is how a flow moves."""

        def read() -> Any:
            return getattr(self.flow(), end)

        def write(step_id: Any) -> object:
            flow_id = self.flow().id
            # The Editor ignores a loop or a second identical flow; here the user asked for
            # it by name, so say why nothing happens.
            problem = self.editor.reconnect_problem(flow_id, end, step_id)
            if problem is not None:
                raise IntegrityError(problem)
            return self.editor.reconnect_flow(flow_id, end, step_id)

        field = ConfirmedComboField(self.context, self._step_choices, read, write)
        return self.add_row(label, field, tip)

    def _step_choices(self) -> list[tuple[str, Any]]:
        """The process steps to choose from, listed again only when what the list shows
        changed: every edit refreshes the form, and listing the process steps of a large map
        took longer than the edit itself."""
        document = self.editor.document
        key = choices_key(document)
        if self._choices is None or self._choices[0] != key:
            self._choices = (key, process_step_choices(document))
        return self._choices[1]

    def _has_agreement(self) -> bool:
        return self.flow().agreement is not None

    def _set_agreement(self, present: bool) -> object:
        value = HandoverAgreement() if present else None
        text = "Add handover agreement" if present else "Remove handover agreement"
        return self.editor.set_field(self.element_id, "agreement", value, text)

    def _agreement_field(self, name: str, empty: Any) -> tuple[Read, Write]:
        def read() -> Any:
            agreement = self.flow().agreement
            return empty if agreement is None else getattr(agreement, name)

        def write(value: Any) -> object:
            agreement = self.flow().agreement
            if agreement is None:
                raise IntegrityError("tick 'Agreement made' before filling in the agreement")
            new = updated(agreement, **{name: value})
            return self.editor.set_field(self.element_id, "agreement", new)

        return read, write

    def _chain_field(self, name: str) -> tuple[Read, Write]:
        def read() -> Any:
            return getattr(self.flow().chain, name)

        def write(value: Any) -> object:
            chain: ChainDimensions = updated(self.flow().chain, **{name: value})
            return self.editor.set_field(self.element_id, "chain", chain)

        return read, write


def owner_value(document: Document, owner: str) -> str:
    """The handover owner as the list shows it: the department it names (ignoring case and
    spaces around it), else the text as stored."""
    wanted = owner.strip().casefold()
    named = (d.name for d in document.map.departments if d.name.strip().casefold() == wanted)
    return next(named, owner) if wanted else ""


def owner_choices(document: Document, owner: str) -> list[tuple[str, Any]]:
    """No owner, each department by name, and an owner typed in an older map that names no
    department, kept as an entry of its own so that nothing typed is lost."""
    names = [d.name for d in document.map.departments if d.name.strip()]
    choices: list[tuple[str, Any]] = [("no owner", ""), *((name, name) for name in names)]
    shown = owner_value(document, owner)
    if shown and shown not in names:
        choices.append((f"{shown} (not a department)", shown))
    return choices


def choices_key(document: Document) -> tuple[object, ...]:
    """Everything ``process_step_choices`` reads, cheap to compare: the process steps'
    titles, lanes and customer steps, the departments' names and the steps' order."""
    journey = document.map
    return (
        tuple((p.id, p.title, p.department, tuple(p.serves)) for p in journey.process_steps),
        tuple((d.id, d.name) for d in journey.departments),
        tuple(step.id for step in journey.steps()),
    )


def process_step_choices(document: Document) -> list[tuple[str, Any]]:
    """Every process step as "title (department)", lane by lane and along the journey, the
    order in which the canvas shows them."""
    journey = document.map
    lanes = {department.id: n for n, department in enumerate(journey.departments)}
    columns = {step.id: n for n, step in enumerate(journey.steps())}

    def place(step: ProcessStep) -> tuple[int, int]:
        column = min((columns[s] for s in step.serves if s in columns), default=len(columns))
        return lanes.get(step.department, len(lanes)), column

    choices: list[tuple[str, Any]] = []
    for step in sorted(journey.process_steps, key=place):
        department = step.department
        lane = display_name(document.get(department)) if department in document else department
        choices.append((f"{display_name(step)} ({lane})", step.id))
    return choices


def route(document: Document, flow: Flow) -> str:
    """``Take the order → Authorise the payment``: the steps a flow connects."""
    names = [
        display_name(document.get(end)) if end in document else end
        for end in (flow.source, flow.target)
    ]
    return " → ".join(names)
