"""How much a map may hold, checked before any model is built.

The 64 MB cap on the file does not bound the work: a million small steps fit in 32 MB and
take gigabytes once every one is a model. So each kind of element has a limit far above any
real map (the "10x" benchmark map, ten times a large real journey, has 120 phases, 2,400
steps, 6,000 touchpoints, 4,000 process steps and 6,000 flows; the limits are 20 to 50 times
that), and the file as a whole a limit on objects and values. docs/format.md lists them.

Checking costs little for an ordinary map: a map of at most ``_SCAN_FROM_OBJECTS`` JSON
objects (each element is one) in at most ``_SCAN_FROM_BYTES`` cannot exceed any limit, and
counting the ``{`` of the bytes is one pass at memory speed. A larger file is counted exactly
from pydantic-core's fast JSON parse, after a byte count has shown it is no memory bomb.
"""

from __future__ import annotations

from typing import Any

import pydantic_core

# Limits per kind, by the words a message uses. Every limit is at least _SCAN_FROM_OBJECTS,
# so that a file with fewer objects than that needs no exact count.
LIMITS: dict[str, int] = {
    "phases": 5_000,
    "customer steps": 50_000,
    "emotion curves": 5_000,
    "emotion values": 250_000,  # the points of all curves together
    "personas": 5_000,
    "channels": 5_000,
    "departments": 5_000,
    "touchpoints": 120_000,
    "process steps": 80_000,
    "flows": 120_000,
    "metrics": 20_000,
    "initiatives": 20_000,
}
# The file as a whole: every ``{`` opens an object (elements and their parts, such as a
# flow's agreement), every ``,`` separates two values. Counted on the bytes, so text inside
# strings counts too; both are far above what maps at the limits above hold.
MAX_OBJECTS = 2_000_000
MAX_VALUES = 5_000_000

_SCAN_FROM_OBJECTS = 5_000
_NOT_MARKS = bytes(byte for byte in range(256) if byte not in b"{:")
_SCAN_FROM_BYTES = 2 * 1024 * 1024
_ROOT: dict[str, str] = {
    "phases": "phases",
    "curves": "emotion curves",
    "personas": "personas",
    "channels": "channels",
    "departments": "departments",
    "touchpoints": "touchpoints",
    "process_steps": "process steps",
    "flows": "flows",
    "metrics": "metrics",
    "initiatives": "initiatives",
}


def marks(data: bytes) -> tuple[int, int]:
    """How many ``{`` and ``:`` the file holds, in one pass: an upper bound on its objects
    (for the limits) and on its keys (for ``duplicate_keys``)."""
    kept = data.translate(None, _NOT_MARKS)
    return kept.count(b"{"), kept.count(b":")


def over_limit(data: bytes, objects: int) -> str | None:
    """What in ``data`` exceeds a limit, as a message, or None when all is within them;
    ``objects`` is the count of ``{`` from ``marks``.

    Invalid JSON is not reported here (None): the parser that follows says what is wrong.
    """
    if len(data) <= _SCAN_FROM_BYTES and objects <= _SCAN_FROM_OBJECTS:
        return None
    if objects > MAX_OBJECTS:
        return _too_many("JSON objects", objects, MAX_OBJECTS, about=True)
    values = data.count(b",") + 1
    if values > MAX_VALUES:
        return _too_many("values (list items and fields)", values, MAX_VALUES, about=True)
    try:
        raw = pydantic_core.from_json(data, allow_inf_nan=True)
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None
    for label, count in counts(raw).items():
        if count > LIMITS[label]:
            return _too_many(label, count, LIMITS[label])
    return None


def counts(raw: dict[str, Any]) -> dict[str, int]:
    """How many elements of each kind the parsed file holds (a wrong shape counts as none;
    validation reports it)."""
    found = {label: len(_list(raw.get(key))) for key, label in _ROOT.items()}
    phases = [phase for phase in _list(raw.get("phases")) if isinstance(phase, dict)]
    found["customer steps"] = sum(len(_list(phase.get("steps"))) for phase in phases)
    curves = [curve for curve in _list(raw.get("curves")) if isinstance(curve, dict)]
    found["emotion values"] = sum(len(_dict(curve.get("points"))) for curve in curves)
    return found


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _too_many(what: str, count: int, limit: int, *, about: bool = False) -> str:
    """``about``: counted on the bytes, where text in strings counts too."""
    return (
        f"the map holds {'about ' if about else ''}{count:,} {what}, more than journeymapper "
        f"opens (at most {limit:,}; see docs/format.md)"
    )
