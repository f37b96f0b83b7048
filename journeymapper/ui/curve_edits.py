"""Edits of the map's emotion curves and personas, and which curve the canvas edits.

Each edit is one undoable command through the Editor; which curve the digit keys and point
drags change is a choice of this session, like the selection, so picking one is no edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from journeymapper.model import IntegrityError
from journeymapper.model.elements import CurveKind, CurveState, EmotionCurve, Persona
from journeymapper.model.ids import new_id
from journeymapper.model.kinds import display_name
from journeymapper.render.curve_faces import edited_curve
from journeymapper.render.view_bands import curve_shown, with_curve
from journeymapper.ui.commands import InsertElement

if TYPE_CHECKING:
    from journeymapper.ui.editor import Editor


class CurveEdits(QObject):
    """The curve and persona edits of one Editor, and the curve its keys and drags change."""

    # The curve the keys and drags change may be another one now.
    edited_changed = Signal()

    def __init__(self, editor: Editor) -> None:
        super().__init__(editor)
        self._editor = editor
        self._chosen: str | None = None

    # -- which curve is edited ----------------------------------------------------------------

    def edited(self) -> EmotionCurve | None:
        """The curve the digit keys and point drags change: the one picked, else the first
        shown curve; None when no curve shows, or when the picked one is hidden (the keys
        must not change another curve than the one the panel shows as picked)."""
        if self.hidden_pick() is not None:
            return None
        return edited_curve(self._editor.document.map, self._chosen)

    def hidden_pick(self) -> EmotionCurve | None:
        """The picked curve, while it is hidden."""
        journey = self._editor.document.map
        picked = next((curve for curve in journey.curves if curve.id == self._chosen), None)
        if picked is None or curve_shown(journey.view, picked.id):
            return None
        return picked

    def edit(self, curve_id: str) -> bool:
        """Let the keys and drags change ``curve_id`` (shown or hidden; a hidden one is
        shown first, as one undoable edit, since its points could not be seen)."""
        self._curve(curve_id)
        if not curve_shown(self._editor.document.map.view, curve_id):
            self.set_shown(curve_id, True)
        if self._chosen == curve_id:
            return False
        self._chosen = curve_id
        self.edited_changed.emit()
        return True

    # -- curves -------------------------------------------------------------------------------

    def add_curve(
        self,
        name: str = "New curve",
        kind: CurveKind = CurveKind.CUSTOMER,
        state: CurveState = CurveState.CURRENT,
    ) -> str:
        """A new empty curve at the end of the list, to be edited next."""
        curve = EmotionCurve(id=new_id("curve"), name=name, kind=kind, state=state)
        document = self._editor.document
        self._editor.push(InsertElement(document, curve, text=f"Add curve '{name}'"))
        self.edit(curve.id)
        return curve.id

    def rename(self, curve_id: str, name: str) -> bool:
        self._curve(curve_id)
        return self._editor.rename(curve_id, name)

    def set_kind(self, curve_id: str, kind: CurveKind) -> bool:
        """Customer or employee."""
        what = "an employee" if kind is CurveKind.EMPLOYEE else "a customer"
        label = f"Make '{self._name(curve_id)}' {what} curve"
        return self._editor.set_field(curve_id, "kind", kind, label)

    def set_state(self, curve_id: str, state: CurveState) -> bool:
        """As-is (today) or to-be (the future)."""
        word = "to-be" if state is CurveState.FUTURE else "as-is"
        name = self._name(curve_id)
        return self._editor.set_field(curve_id, "state", state, f"Make '{name}' {word}")

    def set_persona(self, curve_id: str, persona_id: str | None) -> bool:
        """The persona the curve is the journey of (None: none)."""
        name = self._name(curve_id)
        return self._editor.set_field(curve_id, "persona", persona_id, f"Persona of '{name}'")

    def move(self, curve_id: str, index: int) -> bool:
        """Put the curve at ``index`` in the list (its colour follows its place)."""
        self._curve(curve_id)
        return self._editor.move(curve_id, None, index)

    def delete(self, curve_id: str) -> bool:
        """Delete the curve with its points, and forget that it was hidden, as one edit."""
        name = self._name(curve_id)
        document = self._editor.document
        with self._editor.compound(f"Delete curve '{name}'"):
            if not curve_shown(document.map.view, curve_id):
                self.set_shown(curve_id, True)  # no stale entry in the saved view
            self._editor.delete([curve_id])
        return True

    def set_shown(self, curve_id: str, shown: bool) -> bool:
        """Show or hide one curve on the canvas and paper alike; saved with the map."""
        name = self._name(curve_id)
        view = with_curve(self._editor.document.map.view, curve_id, shown)
        label = f"{'Show' if shown else 'Hide'} curve '{name}'"
        return self._editor.set_field(None, "view", view, label)

    # -- personas -----------------------------------------------------------------------------

    def add_persona(self, name: str = "New persona") -> str:
        return self._editor.add_persona(name)

    def rename_persona(self, persona_id: str, name: str) -> bool:
        self._persona(persona_id)
        return self._editor.rename(persona_id, name)

    def delete_persona(self, persona_id: str) -> bool:
        """Delete a persona no curve belongs to; refused, naming the curves, otherwise."""
        persona = self._persona(persona_id)
        users = [c for c in self._editor.document.map.curves if c.persona == persona_id]
        if users:
            names = ", ".join(f"'{display_name(curve)}'" for curve in users)
            raise IntegrityError(
                f"persona '{display_name(persona)}' is the persona of curve"
                f"{'s' if len(users) > 1 else ''} {names}; give "
                f"{'them' if len(users) > 1 else 'it'} another persona first"
            )
        return self._editor.delete([persona_id])

    # -- internals ----------------------------------------------------------------------------

    def _curve(self, curve_id: str) -> EmotionCurve:
        found = self._editor.document.get(curve_id)
        if not isinstance(found, EmotionCurve):
            raise IntegrityError(f"{curve_id!r} is not an emotion curve")
        return found

    def _persona(self, persona_id: str) -> Persona:
        found = self._editor.document.get(persona_id)
        if not isinstance(found, Persona):
            raise IntegrityError(f"{persona_id!r} is not a persona")
        return found

    def _name(self, curve_id: str) -> str:
        return display_name(self._curve(curve_id))
