"""Refusing a .cjm file in which one object names the same key twice.

JSON parsers keep the last of two equal keys without a word (a merge conflict resolved by hand
can leave both), so a colleague's title or a whole list of steps would vanish silently. The
parser cannot be asked to refuse them, so after the map is read this module compares two
counts: the keys the map was built from, and the colons in the file. Every key is followed by
one colon and other colons can only sit inside text, so when the two are equal no key was
dropped and no further work is needed (the usual case, a fraction of a millisecond). When
there are more colons, the file is read once more with a check on every object, which finds
the key or shows that the colons were in text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from pydantic import BaseModel

from journeymapper.model.elements import JourneyMap
from journeymapper.model.errors import quoted

_FIELDS_SET = attrgetter("__pydantic_fields_set__")
_EXTRA = attrgetter("__pydantic_extra__")
_AGREEMENT, _CHAIN = attrgetter("agreement"), attrgetter("chain")
_MEASURED_WAIT, _MAX_WAIT = attrgetter("measured_wait"), attrgetter("max_wait")
_DURATION = attrgetter("duration")


class _Duplicate(Exception):
    def __init__(self, key: str, where: str) -> None:
        super().__init__(key)
        self.key = key
        self.where = where


def duplicate_key_problem(
    data: bytes, colons: int, journey: JourneyMap | None, elements: Iterable[BaseModel]
) -> str | None:
    """The message for the first key ``data`` repeats within one object, or None.

    ``data`` must be JSON that pydantic-core parsed already (so its nesting is shallow), with
    ``colons`` the count of ``:`` in it; ``journey`` the map read from it with ``elements``
    its elements, or None when the map was migrated (its keys then differ from the file's).
    """
    if journey is not None:
        models = _models(journey, elements)
        own = _own_keys(journey, models)
        # Each count is at most the keys in the file, which are at most its colons: once the
        # colons are reached, no key was dropped. The unknown fields' insides (rare) are
        # only counted when the models' own keys fall short.
        if colons == own or colons == own + _keys_inside_unknown_fields(models):
            return None
    return _first_duplicate(data)


def keys_read(journey: JourneyMap, elements: Iterable[BaseModel]) -> int:
    """How many keys of the file the map was built from (each key once per object)."""
    models = _models(journey, elements)
    return _own_keys(journey, models) + _keys_inside_unknown_fields(models)


def _models(journey: JourneyMap, elements: Iterable[BaseModel]) -> list[BaseModel]:
    """Every model the map was built of: the map, its elements and the parts they hold."""
    models: list[BaseModel] = [journey, journey.scale, journey.view, *elements]
    if journey.promised_lead_time is not None:
        models.append(journey.promised_lead_time)
    flows = journey.flows
    agreements = [agreement for agreement in map(_AGREEMENT, flows) if agreement is not None]
    models.extend(map(_CHAIN, flows))
    models.extend(agreements)
    for parts, wait in ((flows, _MEASURED_WAIT), (agreements, _MAX_WAIT)):
        models.extend(duration for duration in map(wait, parts) if duration is not None)
    durations = map(_DURATION, journey.process_steps)
    models.extend(duration for duration in durations if duration is not None)
    return models


def _own_keys(journey: JourneyMap, models: list[BaseModel]) -> int:
    """The keys of the models themselves (pydantic counts a model's unknown fields among its
    fields set) and of the emotion points."""
    total = sum(map(len, map(_FIELDS_SET, models)))
    return total + sum(len(curve.points) for curve in journey.curves)


def _keys_inside_unknown_fields(models: list[BaseModel]) -> int:
    extras: list[dict[str, Any]] = list(filter(None, map(_EXTRA, models)))
    return sum(_json_keys(list(extra.values())) for extra in extras)


def _json_keys(values: list[Any]) -> int:
    """The keys of every object inside plain JSON values (the fields a newer version wrote)."""
    total = 0
    pending = list(values)
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            total += len(value)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return total


def _first_duplicate(data: bytes) -> str | None:
    # Numbers stay text: nothing is kept, and a 5,000-digit number is not an int() problem.
    decoder = json.JSONDecoder(
        object_pairs_hook=_refuse_duplicates, parse_int=str, parse_float=str, parse_constant=str
    )
    try:
        decoder.decode(data.decode("utf-8"))
    except _Duplicate as found:
        key = quoted(found.key)
        return f"the key {key} appears twice{found.where}; a key may be given only once"
    except (ValueError, RecursionError):  # pydantic-core read it, so this is not expected
        return None
    return None


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key, _where(result))
            seen.add(key)
    return result


def _where(found: dict[str, Any]) -> str:
    """`` in the element with id 's1'``: the object, as far as its own keys tell."""
    owner = found.get("id")
    if isinstance(owner, str):
        return f" in the element with id {quoted(owner)}"
    if found.get("format") == "journeymapper":
        return " at the top level of the map"
    return ""
