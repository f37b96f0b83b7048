"""The Document facade: the one place a journey map is changed, and who hears about it.

The pydantic models stay plain data. Every mutation goes through a handful of methods that
validate, change the data and emit one small event only when something really changed. Inserts
and removes carry an index, so an undo can put an element back exactly where it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from journeymapper.model.elements import (
    CustomerStep,
    Element,
    EmotionCurve,
    JourneyMap,
    Model,
    Phase,
)
from journeymapper.model.errors import IntegrityError, quoted
from journeymapper.model.kinds import (
    ROOT_COLLECTION,
    Kind,
    describe,
    kind_of,
    map_references,
    off_scale,
    off_scale_problem,
    references_of,
)


@dataclass(frozen=True)
class Inserted:
    element_id: str
    kind: Kind
    parent: str | None
    index: int


@dataclass(frozen=True)
class Removed:
    element_id: str
    kind: Kind
    parent: str | None
    index: int


@dataclass(frozen=True)
class Moved:
    element_id: str
    kind: Kind
    old_parent: str | None
    old_index: int
    new_parent: str | None
    new_index: int


@dataclass(frozen=True)
class FieldChanged:
    """A field of an element changed; ``element_id`` is None for the map's own fields."""

    element_id: str | None
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class EmotionChanged:
    curve_id: str
    step_id: str
    old: float | None
    new: float | None


Change = Inserted | Removed | Moved | FieldChanged | EmotionChanged


@dataclass(frozen=True)
class Batch:
    """Several changes made as one edit (see ``Document.batch``), in the order they were made:
    a view updates once for all of them."""

    events: tuple[Change, ...]


Event = Change | Batch
Listener = Callable[[Event], None]
MAP_FIELDS = frozenset(
    {
        "title",
        "description",
        "scenario",
        "scale",
        "promised_lead_time",
        "promise_from",
        "promise_to",
        "view",
    }
)
_M = TypeVar("_M", bound=Model)
# How many referrers a refused remove names before it counts the rest.
_SHOWN_REFERRERS = 3


@dataclass(frozen=True)
class Placement:
    """Where an element sits: its parent (a phase for steps, else None) and its index."""

    parent: str | None
    index: int


@dataclass
class _Entry:
    element: Element
    kind: Kind
    parent: str | None
    # When the element joined the index: referrers are listed in this order, the order of a
    # walk over the index, so messages and compound deletes do not depend on the look-up.
    seq: int = 0


class Document:
    """A journey map plus an id index and change events."""

    def __init__(self, journey: JourneyMap | None = None) -> None:
        self._map = journey if journey is not None else JourneyMap()
        self._entries: dict[str, _Entry] = {}
        # Who refers to whom, kept up to date by every change: a reference check or a delete
        # costs what the element touches, not the size of the map. Target id -> the ids of
        # the elements naming it (a step names its phase as its parent); and what each
        # element names, to take it out again.
        self._referrers: dict[str, set[str]] = {}
        self._names: dict[str, set[str]] = {}
        self._next_seq = 0
        self._listeners: list[Listener] = []
        self._batch_depth = 0
        self._held: list[Change] = []
        self._reindex()

    # -- reading ------------------------------------------------------------------------------

    @property
    def map(self) -> JourneyMap:
        """The data; read it freely, change it only through this facade."""
        return self._map

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._entries

    def get(self, element_id: str) -> Element:
        return self._entry(element_id).element

    def kind(self, element_id: str) -> Kind:
        return self._entry(element_id).kind

    def placement(self, element_id: str) -> Placement:
        entry = self._entry(element_id)
        siblings = self._siblings(entry.kind, entry.parent)
        return Placement(entry.parent, _identity_index(siblings, entry.element))

    def ids(self) -> Iterator[str]:
        return iter(self._entries)

    def referrers(self, element_id: str) -> list[tuple[str, str]]:
        """(referring element id, field) for every reference to ``element_id``; steps of a
        phase count as referring to it through ``parent``, the map's own fields as id ''."""
        return [(other, field) for other, field, _ in self._references_to({element_id})]

    def _references_to(self, targets: Set[str]) -> list[tuple[str, str, str]]:
        """(referrer, field, target) for every reference to one of ``targets``."""
        found = [
            ("", reference.field, reference.target)
            for reference in map_references(self._map)
            if reference.target in targets
        ]
        referring = {other for target in targets for other in self._referrers.get(target, ())}
        entries = self._entries
        for other_id in sorted(referring, key=lambda other: entries[other].seq):
            entry = entries[other_id]
            if entry.parent is not None and entry.parent in targets:
                found.append((other_id, "parent", entry.parent))
            for reference in references_of(entry.element):
                if reference.target in targets:
                    found.append((other_id, reference.field, reference.target))
        return found

    def _link(self, element_id: str) -> None:
        """Index what ``element_id`` names now (after it joined or one of its fields changed)."""
        self._unlink(element_id)
        entry = self._entries[element_id]
        named = {reference.target for reference in references_of(entry.element)}
        if entry.parent is not None:
            named.add(entry.parent)
        self._names[element_id] = named
        for target in named:
            self._referrers.setdefault(target, set()).add(element_id)

    def _unlink(self, element_id: str) -> None:
        for target in self._names.pop(element_id, ()):
            referring = self._referrers.get(target)
            if referring is not None:
                referring.discard(element_id)
                if not referring:
                    del self._referrers[target]

    def _add_entry(self, element: Element, kind: Kind, parent: str | None) -> None:
        self._entries[element.id] = _Entry(element, kind, parent, self._next_seq)
        self._next_seq += 1
        self._link(element.id)

    # -- listening ----------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every change; returns the function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """The changes made inside the block reach the listeners as one ``Batch`` when it
        closes (a lone change as itself), so a compound edit (a department deleted with its
        process steps and flows) is laid out once, not once per part. Blocks nest; the
        outermost one delivers. Changes made before an error are still delivered."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._held:
                held, self._held = tuple(self._held), []
                self._deliver(held[0] if len(held) == 1 else Batch(held))

    def _emit(self, event: Change) -> None:
        if self._batch_depth:
            self._held.append(event)
        else:
            self._deliver(event)

    def _deliver(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- changing -----------------------------------------------------------------------------

    def validate_insert(self, element: Element, parent: str | None = None) -> None:
        """Raise IntegrityError if ``insert`` would refuse; changes nothing."""
        self._check_parent(kind_of(element), parent)
        self._check_new_ids(element)
        self._check_element(element)

    def insert(self, element: Element, parent: str | None = None, index: int | None = None) -> int:
        """Insert ``element`` (a step needs its phase as ``parent``); returns its index."""
        self.validate_insert(element, parent)
        kind = kind_of(element)
        nested = _nested_elements(element)
        siblings = self._siblings(kind, parent)
        position = len(siblings) if index is None else max(0, min(index, len(siblings)))
        siblings.insert(position, element)
        self._add_entry(element, kind, parent)
        for child in nested:
            self._add_entry(child, kind_of(child), element.id)
        self._emit(Inserted(element.id, kind, parent, position))
        return position

    def validate_remove(self, element_id: str) -> None:
        """Raise IntegrityError if ``remove`` would refuse; changes nothing.

        A phase leaves with its steps, so whatever refers to one of them blocks it too: the
        caller detaches those referrers first (the editor does, as undoable commands), and an
        undo then puts back exactly what each command took away.
        """
        entry = self._entry(element_id)
        leaving = {element_id, *(child.id for child in _nested_elements(entry.element))}
        blocking = [ref for ref in self._references_to(leaving) if ref[0] not in leaving]
        if blocking:
            names = ", ".join(
                self._name_referrer(other, field, target, element_id)
                for other, field, target in blocking[:_SHOWN_REFERRERS]
            )
            if len(blocking) > _SHOWN_REFERRERS:
                names += f" and {len(blocking) - _SHOWN_REFERRERS} more"
            raise IntegrityError(f"{describe(entry.element)} is still referred to by {names}")

    def _name_referrer(self, referrer: str, field: str, target: str, removed: str) -> str:
        """``touchpoint 'Mail' (tp)``, and the step it names when that is one of the steps
        a removed phase holds."""
        name = self._describe_id(referrer) if referrer else f"the map's {field}"
        if target != removed:
            name += f" at {self._describe_id(target)}"
        return name

    def remove(self, element_id: str) -> tuple[Element, Placement]:
        """Remove an element nothing refers to; returns it and where it was, for undo."""
        self.validate_remove(element_id)
        entry = self._entry(element_id)
        siblings = self._siblings(entry.kind, entry.parent)
        position = _identity_index(siblings, entry.element)
        del siblings[position]
        del self._entries[element_id]
        self._unlink(element_id)
        for child in _nested_elements(entry.element):
            del self._entries[child.id]
            self._unlink(child.id)
        self._emit(Removed(element_id, entry.kind, entry.parent, position))
        return entry.element, Placement(entry.parent, position)

    def validate_move(self, element_id: str, parent: str | None) -> None:
        """Raise IntegrityError if ``move`` would refuse; changes nothing."""
        self._check_parent(self._entry(element_id).kind, parent)

    def move(self, element_id: str, parent: str | None, index: int) -> bool:
        """Move an element to ``index`` among the children of ``parent``; False if it is there."""
        entry = self._entry(element_id)
        self.validate_move(element_id, parent)
        old = self.placement(element_id)
        old_siblings = self._siblings(entry.kind, entry.parent)
        new_siblings = self._siblings(entry.kind, parent)
        if new_siblings is old_siblings:
            index = max(0, min(index, len(old_siblings) - 1))
            if index == old.index:
                return False
        else:
            index = max(0, min(index, len(new_siblings)))
        del old_siblings[old.index]
        new_siblings.insert(index, entry.element)
        entry.parent = parent
        self._link(element_id)
        self._emit(Moved(element_id, entry.kind, old.parent, old.index, parent, index))
        return True

    def validate_field(self, element_id: str | None, field: str, value: Any) -> Any:
        """The value as ``set_field`` (or, for None, ``set_map_field``) would store it;
        raises IntegrityError if it would refuse. Changes nothing."""
        if element_id is None:
            return self._validated_map_value(field, value)
        element = self._entry(element_id).element
        nested = field == "steps" and isinstance(element, Phase)  # steps move via insert/move
        if field == "id" or field not in type(element).model_fields or nested:
            raise IntegrityError(f"{describe(element)} has no editable field {quoted(field)}")
        candidate = _validated_copy(element, field, value)
        self._check_element(candidate)
        return getattr(candidate, field)

    def set_field(self, element_id: str, field: str, value: Any) -> bool:
        """Validate and set one field of an element; False when the value is unchanged."""
        element = self._entry(element_id).element
        new = self.validate_field(element_id, field, value)
        old = getattr(element, field)
        if new == old:
            return False
        setattr(element, field, new)
        self._link(element_id)
        self._emit(FieldChanged(element_id, field, old, new))
        return True

    def set_map_field(self, field: str, value: Any) -> bool:
        """Set one of the map's own fields (title, description, scenario, scale, lead time)."""
        new = self._validated_map_value(field, value)
        old = getattr(self._map, field)
        if new == old:
            return False
        setattr(self._map, field, new)
        self._emit(FieldChanged(None, field, old, new))
        return True

    def _validated_map_value(self, field: str, value: Any) -> Any:
        if field not in MAP_FIELDS:
            raise IntegrityError(f"the map has no editable field {quoted(field)}")
        candidate = _validated_copy(self._map, field, value)
        for reference in map_references(candidate):
            target = self._entries.get(reference.target)
            if target is None or target.kind not in reference.allowed:
                raise IntegrityError(
                    f"{field}: {reference.target!r} is not a process step of this map"
                )
        if field == "scale":
            outside = off_scale(self._map.curves, candidate.scale)
            if outside:
                raise IntegrityError(
                    f"{off_scale_problem(outside, candidate.scale)}; "
                    "change or clear such emotions before switching the scale"
                )
        return getattr(candidate, field)

    def validate_emotion(
        self, step_id: str, value: float | None, curve_id: str | None = None
    ) -> None:
        """Raise IntegrityError if ``set_emotion`` would refuse; changes nothing."""
        step = self.get(step_id)
        if not isinstance(step, CustomerStep):
            raise IntegrityError(f"{describe(step)} is not a customer step")
        self._curve(curve_id)
        scale = self._map.scale
        if value is not None and not scale.contains(float(value)):
            raise IntegrityError(
                f"emotion {value} is outside the scale {scale.minimum:g}..{scale.maximum:g}"
            )

    def set_emotion(
        self,
        step_id: str,
        value: float | None,
        curve_id: str | None = None,
        index: int | None = None,
    ) -> bool:
        """Set (or clear, with None) the emotion of a step on a curve, the first by default.

        A new point goes at ``index`` among the curve's points (undo passes the place the
        point had), or else before the first point of a later step, so the file stays in
        journey order without moving any other point.
        """
        self.validate_emotion(step_id, value, curve_id)
        curve = self._curve(curve_id)
        old = curve.points.get(step_id)
        new = None if value is None else float(value)
        if old == new:
            return False
        if new is None:
            del curve.points[step_id]
        elif old is not None:
            curve.points[step_id] = new
        else:
            place = self._journey_place(curve, step_id) if index is None else index
            _insert_point(curve.points, step_id, new, place)
        if old is None or new is None:  # a point came or went: the curve names other steps
            self._link(curve.id)
        self._emit(EmotionChanged(curve.id, step_id, old, new))
        return True

    def point_index(self, step_id: str, curve_id: str | None = None) -> int | None:
        """Where the step's point stands among its curve's points; None without a point."""
        points = self._curve(curve_id).points
        return list(points).index(step_id) if step_id in points else None

    def _journey_place(self, curve: EmotionCurve, step_id: str) -> int:
        order = {step.id: n for n, step in enumerate(self._map.steps())}
        rank = order.get(step_id, len(order))
        for place, other in enumerate(curve.points):
            if order.get(other, len(order)) > rank:
                return place
        return len(curve.points)

    # -- internals ----------------------------------------------------------------------------

    def _reindex(self) -> None:
        self._entries.clear()
        self._referrers.clear()
        self._names.clear()
        for kind, collection in ROOT_COLLECTION.items():
            for element in getattr(self._map, collection):
                self._add_entry(element, kind, None)
        for phase in self._map.phases:
            for step in phase.steps:
                self._add_entry(step, "step", phase.id)

    def _entry(self, element_id: str) -> _Entry:
        try:
            return self._entries[element_id]
        except KeyError:
            raise IntegrityError(f"there is no element with id {quoted(element_id)}") from None

    def _describe_id(self, element_id: str) -> str:
        entry = self._entries.get(element_id)
        return describe(entry.element) if entry else quoted(element_id)

    def _siblings(self, kind: Kind, parent: str | None) -> list[Any]:
        if kind == "step":
            phase = self.get(parent or "")
            if not isinstance(phase, Phase):
                raise IntegrityError(f"{quoted(parent)} is not a phase")
            return phase.steps
        return getattr(self._map, ROOT_COLLECTION[kind])  # type: ignore[no-any-return]

    def _check_parent(self, kind: Kind, parent: str | None) -> None:
        if kind == "step":
            if parent is None or parent not in self._entries or self.kind(parent) != "phase":
                raise IntegrityError(f"a customer step belongs in a phase, not in {quoted(parent)}")
        elif parent is not None:
            raise IntegrityError(f"a {kind} has no parent, got {quoted(parent)}")

    def _check_new_ids(self, element: Element) -> None:
        """The element's id and those of the steps it brings along are new and distinct."""
        seen: set[str] = set()
        for new in (element, *_nested_elements(element)):
            if new.id in self._entries:
                raise IntegrityError(
                    f"id {new.id!r} is already used by {self._describe_id(new.id)}"
                )
            if new.id in seen:
                raise IntegrityError(f"id {new.id!r} is used twice in {describe(element)}")
            seen.add(new.id)

    def _check_element(self, element: Element) -> None:
        """The rules the loader checks for one element: references, and emotions on the
        scale. Running the same rules here keeps every edit loadable."""
        self._check_references(element)
        if isinstance(element, EmotionCurve):
            outside = off_scale([element], self._map.scale)
            if outside:
                raise IntegrityError(off_scale_problem(outside, self._map.scale))

    def _check_references(self, element: Element) -> None:
        for reference in references_of(element):
            target = self._entries.get(reference.target)
            if target is None or target.kind not in reference.allowed:
                raise IntegrityError(
                    f"{describe(element)}: {reference.field} names {reference.target!r}, "
                    f"which is not a {' or '.join(reference.allowed)} of this map"
                )

    def _curve(self, curve_id: str | None) -> EmotionCurve:
        if curve_id is None:
            curve = self._map.default_curve()
            if curve is None:
                raise IntegrityError("this map has no emotion curve yet")
            return curve
        found = self.get(curve_id)
        if not isinstance(found, EmotionCurve):
            raise IntegrityError(f"{describe(found)} is not an emotion curve")
        return found


def _insert_point(points: dict[str, float], step_id: str, value: float, place: int) -> None:
    """Put a point at ``place`` in the dict's order (dicts keep insertion order)."""
    items = list(points.items())
    items.insert(max(0, min(place, len(items))), (step_id, value))
    points.clear()
    points.update(items)


def _identity_index(items: list[Any], item: object) -> int:
    for position, candidate in enumerate(items):
        if candidate is item:
            return position
    raise IntegrityError("element is not where the index says it is")


def _nested_elements(element: Element) -> list[Element]:
    return list(element.steps) if isinstance(element, Phase) else []


def _validated_copy(model: _M, field: str, value: Any) -> _M:
    """Run pydantic's validation for one field on a shallow copy, leaving the original alone."""
    try:
        copy = model.model_copy()
        type(model).__pydantic_validator__.validate_assignment(copy, field, value)  # in place
        return copy
    except ValidationError as error:
        owner = describe(model) if isinstance(model, Element) else "the map"
        raise IntegrityError(f"{owner}: {field}: {error.errors()[0]['msg']}") from None
