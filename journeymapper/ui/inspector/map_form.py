"""The inspector form shown when nothing is selected: the map's own fields and its persona."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from journeymapper.model.elements import EmotionScale, ScaleKind
from journeymapper.ui.inspector.fields import ConfirmedComboField, Context
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
        self.lead_time = self.add_duration(
            "Promised lead time",
            "promised_lead_time",
            "What the organisation promises the customer (e.g. 'delivered tomorrow' is one "
            "working day); the chain check compares the process with it",
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

    def _scale_kind(self) -> ScaleKind:
        return self.editor.document.map.scale.kind

    def _set_scale(self, kind: ScaleKind) -> object:
        scale = EmotionScale.grade() if kind is ScaleKind.GRADE else EmotionScale.bipolar()
        return self.editor.set_scale(scale)  # refuses while emotion values lie outside it

    def _add_persona(self) -> None:
        self.context.attempt(self.editor.add_persona)
        self.refresh()
