"""Turn the Document's map into another version of it through the Document's own edits.

A merge (or any whole-map change) applied this way reaches the canvas, the inspector and the
findings as ordinary changes in one batch, and is undone by turning the map back the same
way: one undoable step, no special repaint. Every edit is tried first on a copy, so a version
the Document would refuse changes nothing.
"""

from __future__ import annotations

from typing import Any

from journeymapper.model.document import MAP_FIELDS, Document
from journeymapper.model.elements import Element, EmotionCurve, JourneyMap, Phase
from journeymapper.model.errors import IntegrityError
from journeymapper.model.kinds import KIND_OF_TYPE, ROOT_COLLECTION, Kind, off_scale

# References point from later kinds to earlier ones: insert in this order, remove in reverse.
_INSERT_ORDER: tuple[Kind, ...] = (
    "persona",
    "channel",
    "department",
    "phase",
    "step",
    "process_step",
    "touchpoint",
    "flow",
    "curve",
    "metric",
    "initiative",
)
_NOT_FIELDS = {"id", "points"}  # a phase's steps and a curve's points change one by one


def retarget(document: Document, target: JourneyMap) -> None:
    """Make ``document``'s map equal ``target`` (same ids, fields and order), as one batch of
    Document edits. Raises IntegrityError, changing nothing, if any edit would be refused."""
    rehearse(document.map, target)
    with document.batch():
        _apply(document, target)


def rehearse(journey: JourneyMap, target: JourneyMap) -> None:
    """Raise IntegrityError if ``retarget`` would refuse; works on a copy of ``journey``."""
    rehearsal = Document(journey.model_copy(deep=True))
    _apply(rehearsal, target)
    if rehearsal.map.model_dump() != target.model_dump():
        raise IntegrityError("the merged map cannot be reached by edits of this map")


def _apply(document: Document, target: JourneyMap) -> None:
    wanted = _elements(target)
    _insert_new(document, wanted, target)
    # Values the new scale cannot hold go first; the target's own values all fit it.
    for outside in off_scale(document.map.curves, target.scale):
        document.set_emotion(outside.step_id, None, outside.curve.id)
    document.set_map_field("scale", target.scale)
    for ident, (element, _, _) in wanted.items():
        if ident in document:
            _set_fields(document, ident, element)
    _clear_emotions(document, target)
    for name in sorted(MAP_FIELDS - {"scale"}):
        document.set_map_field(name, getattr(target, name))
    _move_steps_home(document, wanted)
    _remove_gone(document, wanted)
    _order(document, target)
    _set_emotions(document, target)


def _elements(journey: JourneyMap) -> dict[str, tuple[Element, Kind, str | None]]:
    """Every element of ``journey`` by id, with its kind and parent (a step's phase)."""
    return {element.id: (element, kind, parent) for element, kind, parent in _walk(journey)}


def _walk(journey: JourneyMap) -> list[tuple[Element, Kind, str | None]]:
    found: list[tuple[Element, Kind, str | None]] = []
    for collection in ROOT_COLLECTION.values():
        for element in getattr(journey, collection):
            found.append((element, KIND_OF_TYPE[type(element)], None))
            if isinstance(element, Phase):
                found += [(step, "step", element.id) for step in element.steps]
    return found


def _insert_new(
    document: Document, wanted: dict[str, tuple[Element, Kind, str | None]], target: JourneyMap
) -> None:
    for kind in _INSERT_ORDER:
        for ident, (element, element_kind, parent) in wanted.items():
            if element_kind != kind or ident in document:
                continue
            fresh = element.model_copy(deep=True)
            if isinstance(fresh, Phase):
                fresh.steps = []  # its steps come one by one: some may exist already
            if isinstance(fresh, EmotionCurve):
                fresh.points = {}  # set with the other emotions, once every step is there
            document.insert(fresh, parent)


def _set_fields(document: Document, ident: str, element: Element) -> None:
    current = document.get(ident)
    for name in type(element).model_fields:
        if name in _NOT_FIELDS or (name == "steps" and isinstance(element, Phase)):
            continue
        value: Any = getattr(element, name)
        if getattr(current, name) != value:
            document.set_field(ident, name, value)


def _clear_emotions(document: Document, target: JourneyMap) -> None:
    """Values the target does not have go before their steps can."""
    wanted = {curve.id: curve.points for curve in target.curves}
    for curve in list(document.map.curves):
        points = wanted.get(curve.id, {})
        for step_id in [step for step in curve.points if step not in points]:
            document.set_emotion(step_id, None, curve.id)


def _set_emotions(document: Document, target: JourneyMap) -> None:
    """The target's values, in its order: a point goes in at its step's place in the journey,
    so with the steps in order, points set afresh fall in order too."""
    for wanted in target.curves:
        curve = document.get(wanted.id)
        present = curve if isinstance(curve, EmotionCurve) else None
        if present is None:
            continue
        if list(present.points) != [s for s in wanted.points if s in present.points]:
            for step_id in list(present.points):
                document.set_emotion(step_id, None, wanted.id)
        for step_id, value in wanted.points.items():
            document.set_emotion(step_id, value, wanted.id)


def _move_steps_home(
    document: Document, wanted: dict[str, tuple[Element, Kind, str | None]]
) -> None:
    """Steps that change phase move before any phase is removed, so none leaves with one."""
    for ident, (_, kind, parent) in wanted.items():
        if kind == "step" and document.placement(ident).parent != parent:
            document.move(ident, parent, len(_phase(document, parent).steps))


def _remove_gone(document: Document, wanted: dict[str, tuple[Element, Kind, str | None]]) -> None:
    for kind in reversed(_INSERT_ORDER):
        gone = [
            element.id
            for element, element_kind, _ in _walk(document.map)
            if element_kind == kind and element.id not in wanted
        ]
        for ident in gone:
            if ident in document:
                document.remove(ident)


def _order(document: Document, target: JourneyMap) -> None:
    for collection in ROOT_COLLECTION.values():
        for index, element in enumerate(getattr(target, collection)):
            document.move(element.id, None, index)
    for phase in target.phases:
        for index, step in enumerate(phase.steps):
            document.move(step.id, phase.id, index)


def _phase(document: Document, phase_id: str | None) -> Phase:
    phase = document.get(phase_id or "")
    if not isinstance(phase, Phase):  # a step's parent is always a phase
        raise IntegrityError(f"{phase_id!r} is not a phase")
    return phase
