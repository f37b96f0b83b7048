"""Element kinds, where each kind lives in the map, which ids each kind points at, and the
rules a map obeys beyond its fields' own types.

The loader's integrity check and the Document's guards both read these tables and rules, so a
new reference field or rule is declared once and an edit can never make a map the loader
would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from journeymapper.model.elements import (
    Channel,
    CustomerStep,
    Department,
    Element,
    EmotionCurve,
    EmotionScale,
    Flow,
    Initiative,
    JourneyMap,
    Metric,
    Persona,
    Phase,
    ProcessStep,
    Touchpoint,
)
from journeymapper.model.errors import quoted

Kind = Literal[
    "persona",
    "phase",
    "step",
    "curve",
    "channel",
    "department",
    "touchpoint",
    "process_step",
    "flow",
    "metric",
    "initiative",
]

KIND_OF_TYPE: dict[type[Element], Kind] = {
    Persona: "persona",
    Phase: "phase",
    CustomerStep: "step",
    EmotionCurve: "curve",
    Channel: "channel",
    Department: "department",
    Touchpoint: "touchpoint",
    ProcessStep: "process_step",
    Flow: "flow",
    Metric: "metric",
    Initiative: "initiative",
}

# The JourneyMap list that holds each kind; steps live inside their phase instead.
ROOT_COLLECTION: dict[Kind, str] = {
    "persona": "personas",
    "phase": "phases",
    "curve": "curves",
    "channel": "channels",
    "department": "departments",
    "touchpoint": "touchpoints",
    "process_step": "process_steps",
    "flow": "flows",
    "metric": "metrics",
    "initiative": "initiatives",
}

# Words a manager reads in messages.
KIND_LABEL: dict[Kind, str] = {
    "persona": "persona",
    "phase": "phase",
    "step": "customer step",
    "curve": "emotion curve",
    "channel": "channel",
    "department": "department",
    "touchpoint": "touchpoint",
    "process_step": "process step",
    "flow": "flow",
    "metric": "metric",
    "initiative": "initiative",
}

ATTACHABLE: tuple[Kind, ...] = ("phase", "step", "touchpoint")


@dataclass(frozen=True)
class Reference:
    """One id an element points at, the field it sits in and the kinds it may name."""

    field: str
    target: str
    allowed: tuple[Kind, ...]


def kind_of(element: Element) -> Kind:
    return KIND_OF_TYPE[type(element)]


# For each element type: the fields holding ids, and the kinds those ids may name. A field
# holds one id (or None), or a list of ids, or (curve points) a dict keyed by step id.
REFERENCE_FIELDS: dict[type[Element], tuple[tuple[str, tuple[Kind, ...]], ...]] = {
    Touchpoint: (("steps", ("step",)), ("channel", ("channel",)), ("owner", ("department",))),
    ProcessStep: (("department", ("department",)), ("serves", ("step",))),
    Flow: (("source", ("process_step",)), ("target", ("process_step",))),
    Metric: (("attached_to", ATTACHABLE),),
    Initiative: (("attached_to", ATTACHABLE),),
    EmotionCurve: (("persona", ("persona",)), ("points", ("step",))),
}


def targets(value: object) -> Iterator[str]:
    """The ids held by one reference field's value."""
    if value is None:
        return
    if isinstance(value, str):
        yield value
    else:
        yield from value  # type: ignore[misc]


def references_of(element: Element) -> Iterator[Reference]:
    """Every outgoing reference of one element, in field order."""
    for name, allowed in REFERENCE_FIELDS.get(type(element), ()):
        for target in targets(getattr(element, name)):
            yield Reference(name, target, allowed)


def map_references(journey: JourneyMap) -> Iterator[Reference]:
    """References held by the map itself rather than by one of its elements."""
    for name in ("promise_from", "promise_to"):
        target = getattr(journey, name)
        if target is not None:
            yield Reference(name, target, ("process_step",))


def display_name(element: Element) -> str:
    """The human name of an element: its title or name, else its id."""
    for attribute in ("title", "name"):
        value = getattr(element, attribute, "")
        if isinstance(value, str) and value.strip():
            return value
    return element.id


def describe(element: Element) -> str:
    """``customer step 'Pay' (st-12)``: how messages name an element, the title quoted so
    that a line break in it cannot split the message."""
    return f"{KIND_LABEL[kind_of(element)]} {quoted(display_name(element))} ({element.id})"


@dataclass(frozen=True)
class OffScale:
    """An emotion value that lies outside the map's scale."""

    curve: EmotionCurve
    step_id: str
    value: float


def off_scale(curves: Iterable[EmotionCurve], scale: EmotionScale) -> list[OffScale]:
    """Every emotion value of ``curves`` outside ``scale``, in curve and point order."""
    low, high = scale.minimum, scale.maximum
    return [
        OffScale(curve, step_id, value)
        for curve in curves
        for step_id, value in curve.points.items()
        if not low <= value <= high
    ]


def off_scale_problem(found: list[OffScale], scale: EmotionScale) -> str:
    """``emotion curve 'Today' (c): emotion 11 at step 's1' is outside the scale -5..5``,
    naming the first value found and counting the others."""
    first = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return (
        f"{describe(first.curve)}: emotion {first.value:g} at step {quoted(first.step_id)} "
        f"is outside the scale {scale.minimum:g}..{scale.maximum:g}{more}"
    )
