"""The Document facade: the one place a journey map is changed, and who hears about it.

The pydantic models stay plain data. Every mutation goes through a handful of methods that
validate, change the data and emit one small event only when something really changed. Inserts
and removes carry an index, so an undo can put an element back exactly where it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
from journeymapper.model.errors import IntegrityError
from journeymapper.model.kinds import (
    ROOT_COLLECTION,
    Kind,
    describe,
    kind_of,
    map_references,
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


Event = Inserted | Removed | Moved | FieldChanged | EmotionChanged
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
    }
)
_M = TypeVar("_M", bound=Model)


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


class Document:
    """A journey map plus an id index and change events."""

    def __init__(self, journey: JourneyMap | None = None) -> None:
        self._map = journey if journey is not None else JourneyMap()
        self._entries: dict[str, _Entry] = {}
        self._listeners: list[Listener] = []
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
        phase count as referring to it through ``steps``."""
        found: list[tuple[str, str]] = [
            ("", reference.field)
            for reference in map_references(self._map)
            if reference.target == element_id
        ]
        for other_id, entry in self._entries.items():
            if entry.parent == element_id:
                found.append((other_id, "parent"))
            for reference in references_of(entry.element):
                if reference.target == element_id:
                    found.append((other_id, reference.field))
        return found

    # -- listening ----------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every change; returns the function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- changing -----------------------------------------------------------------------------

    def validate_insert(self, element: Element, parent: str | None = None) -> None:
        """Raise IntegrityError if ``insert`` would refuse; changes nothing."""
        self._check_parent(kind_of(element), parent)
        if element.id in self._entries:
            raise IntegrityError(
                f"id {element.id!r} is already used by {self._describe_id(element.id)}"
            )
        for child in _nested_elements(element):
            if child.id in self._entries:
                raise IntegrityError(f"id {child.id!r} is already used")
        self._check_references(element)

    def insert(self, element: Element, parent: str | None = None, index: int | None = None) -> int:
        """Insert ``element`` (a step needs its phase as ``parent``); returns its index."""
        self.validate_insert(element, parent)
        kind = kind_of(element)
        nested = _nested_elements(element)
        siblings = self._siblings(kind, parent)
        position = len(siblings) if index is None else max(0, min(index, len(siblings)))
        siblings.insert(position, element)
        self._entries[element.id] = _Entry(element, kind, parent)
        for child in nested:
            self._entries[child.id] = _Entry(child, kind_of(child), element.id)
        self._emit(Inserted(element.id, kind, parent, position))
        return position

    def validate_remove(self, element_id: str) -> None:
        """Raise IntegrityError if ``remove`` would refuse; changes nothing."""
        entry = self._entry(element_id)
        blocking = [
            r for r in self.referrers(element_id) if r[1] != "parent" or entry.kind != "phase"
        ]
        if blocking:
            names = ", ".join(
                self._describe_id(other) if other else f"the map's {field}"
                for other, field in blocking[:3]
            )
            raise IntegrityError(f"{describe(entry.element)} is still referred to by {names}")

    def remove(self, element_id: str) -> tuple[Element, Placement]:
        """Remove an element nothing refers to; returns it and where it was, for undo."""
        self.validate_remove(element_id)
        entry = self._entry(element_id)
        siblings = self._siblings(entry.kind, entry.parent)
        position = _identity_index(siblings, entry.element)
        del siblings[position]
        del self._entries[element_id]
        for child in _nested_elements(entry.element):
            del self._entries[child.id]
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
            raise IntegrityError(f"{describe(element)} has no editable field {field!r}")
        candidate = _validated_copy(element, field, value)
        self._check_references(candidate)
        return getattr(candidate, field)

    def set_field(self, element_id: str, field: str, value: Any) -> bool:
        """Validate and set one field of an element; False when the value is unchanged."""
        element = self._entry(element_id).element
        new = self.validate_field(element_id, field, value)
        old = getattr(element, field)
        if new == old:
            return False
        setattr(element, field, new)
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
            raise IntegrityError(f"the map has no editable field {field!r}")
        candidate = _validated_copy(self._map, field, value)
        for reference in map_references(candidate):
            target = self._entries.get(reference.target)
            if target is None or target.kind not in reference.allowed:
                raise IntegrityError(
                    f"{field}: {reference.target!r} is not a process step of this map"
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

    def set_emotion(self, step_id: str, value: float | None, curve_id: str | None = None) -> bool:
        """Set (or clear, with None) the emotion of a step on a curve, the first by default."""
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
        else:  # keep points in journey order, so an undone delete gives the same file
            curve.points[step_id] = new
            order = {step.id: n for n, step in enumerate(self._map.steps())}
            ordered = sorted(curve.points.items(), key=lambda item: order.get(item[0], len(order)))
            curve.points.clear()
            curve.points.update(ordered)
        self._emit(EmotionChanged(curve.id, step_id, old, new))
        return True

    # -- internals ----------------------------------------------------------------------------

    def _reindex(self) -> None:
        self._entries.clear()
        for kind, collection in ROOT_COLLECTION.items():
            for element in getattr(self._map, collection):
                self._entries[element.id] = _Entry(element, kind, None)
        for phase in self._map.phases:
            for step in phase.steps:
                self._entries[step.id] = _Entry(step, "step", phase.id)

    def _entry(self, element_id: str) -> _Entry:
        try:
            return self._entries[element_id]
        except KeyError:
            raise IntegrityError(f"there is no element with id {element_id!r}") from None

    def _describe_id(self, element_id: str) -> str:
        entry = self._entries.get(element_id)
        return describe(entry.element) if entry else repr(element_id)

    def _siblings(self, kind: Kind, parent: str | None) -> list[Any]:
        if kind == "step":
            phase = self.get(parent or "")
            if not isinstance(phase, Phase):
                raise IntegrityError(f"{parent!r} is not a phase")
            return phase.steps
        return getattr(self._map, ROOT_COLLECTION[kind])  # type: ignore[no-any-return]

    def _check_parent(self, kind: Kind, parent: str | None) -> None:
        if kind == "step":
            if parent is None or parent not in self._entries or self.kind(parent) != "phase":
                raise IntegrityError(f"a customer step belongs in a phase, not in {parent!r}")
        elif parent is not None:
            raise IntegrityError(f"a {kind} has no parent, got {parent!r}")

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
