"""The Editor: the one edit API of the GUI, owning the Document and its undo stack.

Menus, shortcuts, canvas tools, the inspector and the tests all call these methods; each
pushes exactly one undoable command (compound edits as one macro). Findings are recomputed
shortly after the last change, so a burst of edits runs the analysis once, in a worker thread
(``analysis_worker``) whose result is shown only if no edit came after the one it analysed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from journeymapper.model import Document, IntegrityError
from journeymapper.model.analysis import Finding
from journeymapper.model.analysis.moments import MomentOfTruth
from journeymapper.model.document import Event
from journeymapper.model.elements import (
    Channel,
    CustomerStep,
    Department,
    EmotionScale,
    Flow,
    HandoverAgreement,
    Initiative,
    Metric,
    Persona,
    Phase,
    ProcessStep,
    Touchpoint,
    TouchpointKind,
)
from journeymapper.model.ids import new_id
from journeymapper.model.kinds import display_name
from journeymapper.render.layout import BandKind
from journeymapper.render.style import next_department_colour
from journeymapper.render.view_bands import OPTIONAL_BANDS, with_band
from journeymapper.ui.analysis_worker import BackgroundAnalysis, ByElement, Result, analyse
from journeymapper.ui.commands import (
    DocumentCommand,
    InsertElement,
    MoveElement,
    RemoveElement,
    SetEmotion,
    SetField,
)
from journeymapper.ui.curve_edits import CurveEdits

FINDINGS_DELAY_MS = 60
# Reference fields that may simply be emptied when what they name is deleted.
_OPTIONAL_REFERENCES = {"channel", "owner", "persona"}


class BatchedUndoStack(QUndoStack):
    """An undo stack whose undo and redo of a compound edit reach the views as one batch of
    changes, so undoing a department's delete lays the map out once, not once per part.
    (QUndoView's clicks set the index in C++ and still go part by part.)"""

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document

    def undo(self) -> None:
        with self._document.batch():
            super().undo()

    def redo(self) -> None:
        with self._document.batch():
            super().redo()


class Editor(QObject):
    """Edits one document; emits ``changed`` after every document event."""

    changed = Signal()
    findings_changed = Signal()

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.undo_stack = BatchedUndoStack(document, self)
        self.findings: list[Finding] = []
        self.findings_by_element: ByElement = {}  # the findings of each element id
        self.moments: list[MomentOfTruth] = []  # of the curve the canvas edits
        self._moments_by_curve: dict[str, list[MomentOfTruth]] = {}
        self._marked: list[MomentOfTruth] = []  # steps marked as Moments of Truth by hand
        self.curves = CurveEdits(self)  # curve and persona edits, and the edited curve
        self.curves.edited_changed.connect(self._edited_curve_changed)
        # Moves on with every change of the document: an analysis result counts only for
        # the revision it was worked out from.
        self.revision = 0
        self._closed = False
        self._analysis = BackgroundAnalysis(self)
        self._analysis.finished.connect(self._analysis_finished)
        self._findings_timer = QTimer(self)
        self._findings_timer.setSingleShot(True)
        self._findings_timer.setInterval(FINDINGS_DELAY_MS)
        self._findings_timer.timeout.connect(self._analyse_in_background)
        self._unsubscribe = document.subscribe(self._on_event)
        self.refresh_findings()

    def close(self) -> None:
        """Stop listening to the document; the one teardown path of the editor."""
        self._closed = True
        self._findings_timer.stop()
        self._unsubscribe()
        self._analysis.close()

    def _on_event(self, event: Event) -> None:
        self.revision += 1
        self._findings_timer.start()
        self.changed.emit()

    def refresh_findings(self) -> None:
        """Analyse the map now, on this thread, and show the result."""
        self._findings_timer.stop()
        self._show_analysis(analyse(self.document.map))

    def _analyse_in_background(self) -> None:
        self._analysis.start(self.document.map, self.revision)

    def _analysis_finished(self, revision: int, result: Result | None) -> None:
        if self._closed or revision != self.revision:
            return  # the map changed since: the run for its newer state shows instead
        if result is None:
            # It failed on a map that did not change meanwhile: run it here, where its
            # error is raised and reported like any other.
            self.refresh_findings()
            return
        self._show_analysis(result)

    def _show_analysis(self, result: Result) -> None:
        self.findings = result.analysis.findings
        self._moments_by_curve = result.analysis.moments_by_curve
        self._marked = [moment for moment in result.analysis.moments if moment.marked]
        self.moments = self._edited_moments()
        self.findings_by_element = result.by_element
        self.findings_changed.emit()

    def _edited_moments(self) -> list[MomentOfTruth]:
        """The Moments of Truth the canvas marks: those of the curve it edits (the steps
        marked by hand, for a curve the analysis has not seen yet)."""
        curve = self.curves.edited()
        found = self._moments_by_curve.get(curve.id) if curve else None
        return found if found is not None else list(self._marked)

    def _edited_curve_changed(self) -> None:
        self.moments = self._edited_moments()
        self.findings_changed.emit()

    # -- generic edits ------------------------------------------------------------------------

    @contextlib.contextmanager
    def compound(self, label: str) -> Iterator[None]:
        """Several commands as one undoable edit named ``label``, which the canvas lays out
        once when it is done (and once again on its undo or redo)."""
        with self.document.batch():
            self.undo_stack.beginMacro(label)
            try:
                yield
            finally:
                self.undo_stack.endMacro()

    def push(self, command: DocumentCommand) -> None:
        """Validate, then run the command through the undo stack. A refused edit raises
        IntegrityError here, before anything reaches the document or the stack."""
        command.validate()
        self.undo_stack.push(command)

    def take_back(self, index: int) -> bool:
        """Undo the last edit and forget it, so no redo is left behind: an add cancelled
        while its title was still being typed. Only when the edit that made the stack reach
        ``index`` is still the last one; False otherwise."""
        stack = self.undo_stack
        if stack.index() != index or index != stack.count() or index == 0:
            return False
        stack.undo()
        # Pushing an obsolete command drops the redo tail and adds nothing (Qt's push).
        forget = QUndoCommand()
        forget.setObsolete(True)
        stack.push(forget)
        return True

    def set_field(
        self, element_id: str | None, field: str, value: Any, text: str | None = None
    ) -> bool:
        """Set one field (of the map itself when ``element_id`` is None); False if unchanged."""
        owner = self.document.map if element_id is None else self.document.get(element_id)
        if getattr(owner, field) == value:
            return False
        label = text or f"Change {field.replace('_', ' ')}"
        self.push(SetField(self.document, element_id, field, value, label))
        return True

    def rename(self, element_id: str, title: str) -> bool:
        element = self.document.get(element_id)
        field = "title" if "title" in type(element).model_fields else "name"
        label = f"Rename '{display_name(element)}'"
        owned = self._handovers_owned_by(element, title)
        if not owned:
            return self.set_field(element_id, field, title, label)
        # A handover's owner is chosen by department name: it follows the rename.
        with self.compound(label):
            self.set_field(element_id, field, title, label)
            for flow_id, agreement in owned:
                new = agreement.model_copy(update={"owner": title})
                self.set_field(flow_id, "agreement", new, "Change handover owner")
        return True

    def _handovers_owned_by(
        self, element: Any, new_name: str
    ) -> list[tuple[str, HandoverAgreement]]:
        """The flows (with their agreements) whose handover owner names this department,
        when it gets another name."""
        if not isinstance(element, Department) or element.name in ("", new_name):
            return []
        name = element.name.strip().casefold()
        return [
            (flow.id, flow.agreement)
            for flow in self.document.map.flows
            if flow.agreement is not None and flow.agreement.owner.strip().casefold() == name
        ]

    def set_emotion(self, step_id: str, value: float | None) -> bool:
        """Set the step's value on the curve being edited (``curves.edited``); False when
        it holds it already or no curve shows."""
        scale = self.document.map.scale
        if value is not None:
            value = min(scale.maximum, max(scale.minimum, round(value)))
        curve = self.curves.edited()
        if curve is None or curve.points.get(step_id) == value:
            return False
        text = f"Set emotion on '{display_name(curve)}'"
        self.push(SetEmotion(self.document, step_id, value, curve.id, text=text))
        return True

    def nudge_emotion(self, step_id: str, delta: float) -> bool:
        curve = self.curves.edited()
        scale = self.document.map.scale
        current = curve.points.get(step_id, scale.neutral) if curve else scale.neutral
        return self.set_emotion(step_id, current + delta)

    # -- adding -------------------------------------------------------------------------------

    def add_phase(self, title: str = "New phase", index: int | None = None) -> str:
        phase = Phase(id=new_id("phase"), title=title)
        self.push(InsertElement(self.document, phase, None, index, "Add phase"))
        return phase.id

    def add_step(self, phase_id: str, index: int | None = None, title: str = "New step") -> str:
        step = CustomerStep(id=new_id("step"), title=title)
        self.push(InsertElement(self.document, step, phase_id, index, "Add step"))
        return step.id

    def add_step_after(self, step_id: str, title: str = "New step") -> str:
        placement = self.document.placement(step_id)
        if placement.parent is None:
            raise IntegrityError(f"{step_id!r} is not a customer step")
        return self.add_step(placement.parent, placement.index + 1, title)

    def add_touchpoint(
        self,
        step_id: str,
        title: str = "New touchpoint",
        kind: TouchpointKind = TouchpointKind.COMMUNICATION,
        channel: str | None = None,
        owner: str | None = None,
    ) -> str:
        touchpoint = Touchpoint(
            id=new_id("touchpoint"),
            title=title,
            steps=[step_id],
            kind=kind,
            channel=channel,
            owner=owner,
        )
        self.push(InsertElement(self.document, touchpoint, text="Add touchpoint"))
        return touchpoint.id

    def add_department(self, name: str = "New department", index: int | None = None) -> str:
        used = [d.color for d in self.document.map.departments]
        department = Department(
            id=new_id("department"), name=name, color=next_department_colour(used)
        )
        self.push(InsertElement(self.document, department, None, index, "Add department"))
        return department.id

    def add_process_step(
        self, department_id: str, serves: Iterable[str] = (), title: str = "New process step"
    ) -> str:
        step = ProcessStep(
            id=new_id("process_step"), title=title, department=department_id, serves=list(serves)
        )
        self.push(InsertElement(self.document, step, text="Add process step"))
        return step.id

    def add_process_step_after(self, step_id: str, title: str = "New process step") -> str:
        """The next process step in the same lane and columns, connected from ``step_id`` by a
        flow, as one undoable edit: typing a process along is typing its chain."""
        element = self.document.get(step_id)
        if not isinstance(element, ProcessStep):
            raise IntegrityError(f"{step_id!r} is not a process step")
        with self.compound("Add the next process step"):
            new = self.add_process_step(element.department, element.serves, title)
            self.add_flow(step_id, new)
        return new

    def add_flow(self, source: str, target: str) -> str | None:
        """Connect two process steps; None when they are the same or already connected."""
        if source == target or any(
            f.source == source and f.target == target for f in self.document.map.flows
        ):
            return None
        flow = Flow(id=new_id("flow"), source=source, target=target)
        self.push(InsertElement(self.document, flow, text="Connect process steps"))
        return flow.id

    def add_channel(self, name: str, color: str = "#7f8c8d") -> str:
        channel = Channel(id=new_id("channel"), name=name, color=color)
        self.push(InsertElement(self.document, channel, text="Add channel"))
        return channel.id

    def add_metric(self, attached_to: str, name: str = "New metric") -> str:
        metric = Metric(id=new_id("metric"), name=name, attached_to=attached_to)
        self.push(InsertElement(self.document, metric, text="Add metric"))
        return metric.id

    def add_initiative(self, attached_to: str, title: str = "New initiative") -> str:
        initiative = Initiative(id=new_id("initiative"), title=title, attached_to=attached_to)
        self.push(InsertElement(self.document, initiative, text="Add initiative"))
        return initiative.id

    def add_persona(self, name: str = "New persona", index: int | None = None) -> str:
        persona = Persona(id=new_id("persona"), name=name)
        self.push(InsertElement(self.document, persona, None, index, "Add persona"))
        return persona.id

    def add_channel_for(self, touchpoint_id: str, name: str) -> str:
        """Add a channel and put the touchpoint on it, as one undoable edit."""
        if not isinstance(self.document.get(touchpoint_id), Touchpoint):
            raise IntegrityError(f"{touchpoint_id!r} is not a touchpoint")
        try:
            channel = Channel(id=new_id("channel"), name=name)
        except ValidationError as error:
            raise IntegrityError(f"channel name: {error.errors()[0]['msg']}") from None
        self.document.validate_insert(channel)  # refuse before opening the macro
        with self.compound(f"Add channel '{name}'"):
            self.push(InsertElement(self.document, channel, text="Add channel"))
            self.set_field(touchpoint_id, "channel", channel.id)
        return channel.id

    def show_band(self, kind: BandKind, shown: bool) -> bool:
        """Show or hide one optional band (View > Bands): one undoable change of the map's
        view options, saved with the map; False when nothing changes."""
        label = dict(OPTIONAL_BANDS)[kind].lower()
        view = with_band(self.document.map.view, kind, shown)
        return self.set_field(None, "view", view, f"{'Show' if shown else 'Hide'} {label}")

    def set_scale(self, scale: EmotionScale) -> bool:
        """Switch the emotion scale; refused while any emotion value lies outside it, since
        the Document would then hold values the curve cannot draw."""
        outside = [
            value
            for curve in self.document.map.curves
            for value in curve.points.values()
            if not scale.contains(value)
        ]
        if outside:
            count = (
                "1 emotion value lies"
                if len(outside) == 1
                else f"{len(outside)} emotion values lie"
            )
            raise IntegrityError(
                f"{count} outside {scale.minimum:g}..{scale.maximum:g} "
                f"(from {min(outside):g} to {max(outside):g}); "
                "change or clear them before switching the scale"
            )
        return self.set_field(None, "scale", scale, "Change emotion scale")

    # -- moving -------------------------------------------------------------------------------

    def move(self, element_id: str, parent_id: str | None, index: int) -> bool:
        placement = self.document.placement(element_id)
        if (placement.parent, placement.index) == (parent_id, index):
            return False
        name = display_name(self.document.get(element_id))
        self.push(MoveElement(self.document, element_id, parent_id, index, f"Move '{name}'"))
        return True

    def move_touchpoint(self, touchpoint_id: str, step_id: str) -> bool:
        """Put a touchpoint at another customer step (dragging it to another column)."""
        return self.set_field(touchpoint_id, "steps", [step_id], "Move touchpoint")

    def move_process_step(self, step_id: str, department_id: str, serves: list[str]) -> bool:
        """Put a process step in another lane and/or under other customer steps, as one edit."""
        element = self.document.get(step_id)
        if not isinstance(element, ProcessStep):
            raise IntegrityError(f"{step_id!r} is not a process step")
        if element.department == department_id and element.serves == serves:
            return False
        with self.compound(f"Move '{element.title}'"):
            self.set_field(step_id, "department", department_id)
            self.set_field(step_id, "serves", serves)
        return True

    def reconnect_flow(self, flow_id: str, end: str, step_id: str) -> bool:
        """Attach the ``end`` ("source" or "target") of a flow to another process step;
        False when nothing would change or the two ends would meet or repeat another flow."""
        flow = self._flow(flow_id, end)
        if getattr(flow, end) == step_id or self.reconnect_problem(flow_id, end, step_id):
            return False
        return self.set_field(flow_id, end, step_id, "Reconnect flow")

    def reconnect_problem(self, flow_id: str, end: str, step_id: str) -> str | None:
        """Why the ``end`` of a flow may not go to ``step_id`` (its ends would meet, or it
        would repeat another flow), or None. The Document allows both, but neither draws
        as a meaningful arrow, so the inspector says why instead of doing nothing."""
        flow = self._flow(flow_id, end)
        source, target = (step_id, flow.target) if end == "source" else (flow.source, step_id)
        if source == target:
            return "a flow cannot lead from a process step to itself"
        if any(
            f.source == source and f.target == target and f.id != flow_id
            for f in self.document.map.flows
        ):
            return f"{self._name(source)} already has a flow to {self._name(target)}"
        return None

    def _flow(self, flow_id: str, end: str) -> Flow:
        flow = self.document.get(flow_id)
        if not isinstance(flow, Flow) or end not in ("source", "target"):
            raise IntegrityError(f"{flow_id!r} has no end {end!r}")
        return flow

    def attach(self, element_id: str, owner_id: str) -> bool:
        """Hang a metric or initiative at another phase, customer step or touchpoint, as
        one undoable edit; False when it hangs there already."""
        element = self.document.get(element_id)
        if not isinstance(element, (Metric, Initiative)):
            raise IntegrityError(f"{element_id!r} is not a metric or initiative")
        text = f"Move '{display_name(element)}' to {self._name(owner_id)}"
        return self.set_field(element_id, "attached_to", owner_id, text)

    def _name(self, element_id: str) -> str:
        """'Pick the items' for an element of the map, the bare id for anything else."""
        if element_id not in self.document:
            return repr(element_id)
        return f"'{display_name(self.document.get(element_id))}'"

    # -- deleting -----------------------------------------------------------------------------

    def delete(self, element_ids: Iterable[str]) -> bool:
        """Delete elements and everything that cannot live without them, as one undoable
        edit: a department takes its process steps and their flows along, a step its
        emotion values and the touchpoints that were only there."""
        ids = [i for i in element_ids if i in self.document]
        if not ids:
            return False
        label = (
            f"Delete '{display_name(self.document.get(ids[0]))}'"
            if len(ids) == 1
            else f"Delete {len(ids)} items"
        )
        with self.document.batch():  # laid out once, however much goes
            self.undo_stack.beginMacro(label)
            try:
                for element_id in ids:
                    self._delete_one(element_id)
            except IntegrityError:
                self.undo_stack.endMacro()
                self.undo_stack.undo()  # leave nothing half-deleted
                raise
            self.undo_stack.endMacro()
        return True

    def _delete_one(self, element_id: str) -> None:
        if element_id not in self.document:
            return
        for referrer, field in self.document.referrers(element_id):
            if referrer and referrer not in self.document:
                continue  # deleted already as part of this edit
            self._detach(referrer, field, element_id)
        self.push(RemoveElement(self.document, element_id))

    def _detach(self, referrer: str, field: str, target: str) -> None:
        """Make ``referrer`` stop naming ``target``: empty the field, or delete it."""
        if not referrer:  # the map's own promise end points
            self.push(SetField(self.document, None, field, None))
            return
        element = self.document.get(referrer)
        value = getattr(element, field, None)
        if field == "points":
            self.push(SetEmotion(self.document, target, None, curve_id=referrer))
        elif field in _OPTIONAL_REFERENCES:
            self.push(SetField(self.document, referrer, field, None))
        elif isinstance(value, list) and (remaining := [v for v in value if v != target]):
            self.push(SetField(self.document, referrer, field, remaining))
        elif isinstance(value, list) and field == "serves":
            self.push(SetField(self.document, referrer, field, []))
        else:  # the referrer cannot exist without the target (a step's phase, a flow's end)
            self._delete_one(referrer)
