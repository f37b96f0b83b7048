"""The inspector form shown when nothing is selected: the map's own fields and its persona."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from journeymapper.model import IntegrityError
from journeymapper.model.elements import Duration, EmotionScale, ScaleKind
from journeymapper.model.kinds import display_name
from journeymapper.ui.editor import Editor
from journeymapper.ui.inspector.fields import ConfirmedComboField, Context, DurationField
from journeymapper.ui.inspector.flow import choices_key, process_step_choices
from journeymapper.ui.inspector.form import Form
from journeymapper.ui.inspector.forms import PersonaForm

SCALES: list[tuple[str, Any]] = [
    ("bipolar, −5 to +5", ScaleKind.BIPOLAR),
    ("grade, 1 to 10", ScaleKind.GRADE),
]


class MapForm(Form):
    """Title, story and promise of the whole journey, and the customer it is told for."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self._choices: tuple[tuple[object, ...], list[tuple[str, Any]]] | None = None
        self.title = self.add_title("Title", "title", "The name of the journey, on every page")
        self.description = self.add_text(
            "Description", "description", "What the map covers and who made it"
        )
        self.scenario = self.add_text(
            "Scenario", "scenario", "The concrete story the map follows, told for the persona"
        )
        self.scale = self.add_row(
            "Emotion scale",
            ConfirmedComboField(context, lambda: SCALES, self._scale_kind, self._set_scale),
            "Bipolar: -5 (very negative) to +5 around a neutral 0. Grade: the Dutch school "
            "grade 1 to 10, with 5.5 as the pass mark and 9 or more making ambassadors",
        )
        self.lead_time = self.add_row(
            "Promised lead time",
            DurationField(context, self.read("promised_lead_time"), self._set_lead_time),
            "What the organisation promises the customer (e.g. 'delivered tomorrow' is one "
            "working day); the chain check compares the process with it",
        )
        self.promise_from = self._add_promise_end(
            "Promise starts at",
            "promise_from",
            "The process step where the promised time starts running (e.g. taking the "
            "order); not set: the longest chain of the whole process counts",
        )
        self.promise_to = self._add_promise_end(
            "Promise ends at",
            "promise_to",
            "The process step where the promise is kept or broken (e.g. the delivery)",
        )
        self.section("Persona")
        self.persona = PersonaForm(context)
        self.rows.addRow(self.persona)
        self.add_persona_button = QPushButton("Add persona")
        self.add_persona_button.setToolTip(
            "Describe the customer this journey is told for: a name, a profile and goals"
        )
        self.add_persona_button.clicked.connect(self._add_persona)
        self.rows.addRow(self.add_persona_button)

    def refresh(self, force: bool = False) -> None:
        super().refresh(force)
        personas = self.editor.document.map.personas
        persona_id = personas[0].id if personas else None
        with self.context.paused():  # hiding a focused persona field must not commit
            self.persona.setVisible(persona_id is not None)
        self.add_persona_button.setVisible(persona_id is None)
        if persona_id is None:
            self.persona.element_id = None
        elif persona_id != self.persona.element_id:
            self.persona.bind(persona_id)
        else:
            self.persona.refresh(force)

    def _add_promise_end(self, label: str, field: str, tip: str) -> ConfirmedComboField:
        widget = ConfirmedComboField(
            self.context,
            self._process_steps,
            self.read(field),
            lambda value: set_promise_end(self.editor, field, value),
        )
        return self.add_row(label, widget, tip)

    def _process_steps(self) -> list[tuple[str, Any]]:
        """ "not set" and every process step; worked out again only when they changed."""
        key = choices_key(self.editor.document)
        if self._choices is None or self._choices[0] != key:
            steps = process_step_choices(self.editor.document)
            self._choices = (key, [("not set", None), *steps])
        return self._choices[1]

    def _set_lead_time(self, value: Duration | None) -> object:
        if value is not None and value.value <= 0:
            raise IntegrityError(
                "the promised lead time must be more than 0; choose 'not set' to have no promise"
            )
        return self.editor.set_field(None, "promised_lead_time", value, "Change promised lead time")

    def _scale_kind(self) -> ScaleKind:
        return self.editor.document.map.scale.kind

    def _set_scale(self, kind: ScaleKind) -> object:
        scale = EmotionScale.grade() if kind is ScaleKind.GRADE else EmotionScale.bipolar()
        return self.editor.set_scale(scale)  # refuses while emotion values lie outside it

    def _add_persona(self) -> None:
        self.context.attempt(self.editor.add_persona)
        self.refresh()


def set_promise_end(editor: Editor, field: str, step_id: str | None) -> bool:
    """Set where the promise starts (``promise_from``) or ends (``promise_to``), as one
    undoable edit; refused when both ends would be the same process step, which measures no
    time at all."""
    other = getattr(
        editor.document.map, "promise_to" if field == "promise_from" else "promise_from"
    )
    if step_id is not None and step_id == other:
        name = display_name(editor.document.get(step_id))
        raise IntegrityError(
            f"the promise cannot start and end at the same process step ('{name}'); "
            "pick where the promised time starts and where it ends"
        )
    which = "start" if field == "promise_from" else "end"
    return editor.set_field(None, field, step_id, f"Change where the promise {which}s")
