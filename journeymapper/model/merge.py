"""Three-way merge of maps, and the list of differences between two: two colleagues who edited
one map keep both their work.

The merge compares the version both started from (base) with each side's version, element by
element by id and, within an element, field by field. A field changed on one side only takes
that side's value; changed alike on both, it is kept; changed differently, it is a conflict and
*ours* is kept, so the merged map always loads. An element deleted on one side and edited on
the other is a conflict too (ours wins: kept if ours edited it, gone if ours deleted it).
Customer steps merge their order across the whole journey and their phase as a field, so a
step moved to another phase on one side moves. Each emotion value (a curve at a step) is a
field of its own. A reference left pointing at a deleted element (a touchpoint another side
added at a step this side deleted) brings the element back and is reported as a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from journeymapper.model.elements import JourneyMap
from journeymapper.model.errors import JourneyMapError, quoted
from journeymapper.model.kinds import KIND_LABEL, KIND_OF_TYPE, REFERENCE_FIELDS, ROOT_COLLECTION

Key = tuple[str, str]  # (kind, id); the map's own fields are ("map", "")
Record = dict[str, Any]
MAP_KEY: Key = ("map", "")
POINT = "emotion at "  # a curve's value at a step is the field "emotion at <step id>"
_ABSENT = object()  # a field one version does not have (a curve's value at a step)
_REFERENCES: dict[str, tuple[str, ...]] = {
    KIND_OF_TYPE[element_type]: tuple(name for name, _ in fields)
    for element_type, fields in REFERENCE_FIELDS.items()
}
_REFERENCES["step"] = ("phase",)
_REFERENCES["map"] = ("promise_from", "promise_to")
_ORDERED = ("phase", "step", *[kind for kind in ROOT_COLLECTION if kind != "phase"])


class MergeError(JourneyMapError):
    """The inputs cannot be merged (not maps); the message says which and why."""


@dataclass(frozen=True)
class Conflict:
    """One field both sides changed differently; ``ours`` is what the merged map holds."""

    key: Key
    title: str
    field: str
    base: Any
    ours: Any
    theirs: Any

    def describe(self) -> str:
        where = _element_words(self.key, self.title)
        if self.field == "(deleted)":
            deleted = "ours" if self.ours is None else "theirs"
            kept = "deleted" if self.ours is None else "kept with our edits"
            return f"{where}: deleted in {deleted}, edited in the other; {kept}"
        if self.field == "(restored)":
            return f"{where}: {self.ours}"
        return (
            f"{where}: {_field_words(self.field)} is {_value(self.ours)} in ours and "
            f"{_value(self.theirs)} in theirs; ours kept"
        )


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a map, in a user's words."""

    key: Key
    title: str
    what: str  # "added", "deleted", or the changed fields

    def describe(self) -> str:
        return f"{_element_words(self.key, self.title)}: {self.what}"


@dataclass
class MergeResult:
    journey: JourneyMap
    from_ours: list[Change] = field(default_factory=list)
    from_theirs: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def merge_maps(base: JourneyMap, ours: JourneyMap, theirs: JourneyMap) -> MergeResult:
    """Merge ``ours`` and ``theirs``, both edited from ``base``."""
    old, mine, other = (_records(journey) for journey in (base, ours, theirs))
    conflicts: list[Conflict] = []
    merged: dict[Key, Record] = {}
    for key in _keys_in_order(old, mine, other):
        record = _merge_record(key, old.get(key), mine.get(key), other.get(key), conflicts)
        if record is not None:
            merged[key] = record
    _restore_referenced(merged, (mine, other, old), conflicts)
    orders = {kind: _merge_order(kind, old, mine, other, merged) for kind in _ORDERED}
    journey = _rebuild(merged, orders)
    return MergeResult(
        journey,
        from_ours=_differences(old, mine),
        from_theirs=_differences(old, other),
        conflicts=conflicts,
    )


def differences(before: JourneyMap, after: JourneyMap) -> list[Change]:
    """What changed from ``before`` to ``after``: elements added, deleted, and the fields
    changed, in map order."""
    return _differences(_records(before), _records(after))


def _differences(old: dict[Key, Record], new: dict[Key, Record]) -> list[Change]:
    # A changed reference reads as the names of what it points at, not their ids.
    titles = {ident: _title(record) for (_kind, ident), record in [*old.items(), *new.items()]}
    changes: list[Change] = []
    for key in _keys_in_order(old, new, {}):
        was, now = old.get(key), new.get(key)
        if was == now:
            continue
        if was is None:
            changes.append(Change(key, _title(now), "added"))
        elif now is None:
            changes.append(Change(key, _title(was), "deleted"))
        else:
            names = [
                name for name in sorted(was.keys() | now.keys()) if was.get(name) != now.get(name)
            ]
            changes.append(Change(key, _title(now), _changed_words(names, was, now, titles)))
    moved = _reordered(old, new)
    changes.extend(Change((kind, ""), "", "order changed") for kind in moved)
    return changes


# ---------------------------------------------------------------- records


def _records(journey: JourneyMap) -> dict[Key, Record]:
    """The map as flat records: one per element, plus the map's own fields."""
    data = journey.model_dump(mode="json")
    records: dict[Key, Record] = {}
    lists = {"phases", *ROOT_COLLECTION.values()}
    records[MAP_KEY] = {name: value for name, value in data.items() if name not in lists}
    for phase in data["phases"]:
        records[("phase", phase["id"])] = {k: v for k, v in phase.items() if k != "steps"}
        for step in phase["steps"]:
            records[("step", step["id"])] = {**step, "phase": phase["id"]}
    for kind, collection in ROOT_COLLECTION.items():
        if kind == "phase":
            continue
        for element in data[collection]:
            records[(kind, element["id"])] = _flat(kind, element)
    return records


def _flat(kind: str, element: Record) -> Record:
    if kind != "curve":
        return dict(element)
    record = {name: value for name, value in element.items() if name != "points"}
    record.update({POINT + step: value for step, value in element["points"].items()})
    return record


def _keys_in_order(*sides: dict[Key, Record]) -> list[Key]:
    seen: dict[Key, None] = {}
    for side in sides:
        seen.update(dict.fromkeys(side))
    return list(seen)


# ---------------------------------------------------------------- merging


def _merge_record(
    key: Key,
    base: Record | None,
    ours: Record | None,
    theirs: Record | None,
    conflicts: list[Conflict],
) -> Record | None:
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if ours is None or theirs is None:
        conflicts.append(Conflict(key, _title(ours or theirs), "(deleted)", base, ours, theirs))
        return ours
    return _merge_fields(key, base or {}, ours, theirs, conflicts)


def _merge_fields(
    key: Key, base: Record, ours: Record, theirs: Record, conflicts: list[Conflict]
) -> Record:
    merged: Record = {}
    for name in dict.fromkeys([*ours, *theirs, *base]):
        was, mine = base.get(name, _ABSENT), ours.get(name, _ABSENT)
        other = theirs.get(name, _ABSENT)
        if mine == other or other == was:
            value = mine
        elif mine == was:
            value = other
        else:
            conflicts.append(Conflict(key, _title(ours), name, _shown(was), mine, _shown(other)))
            value = mine
        if value is not _ABSENT:
            merged[name] = value
    return merged


def _shown(value: Any) -> Any:
    return None if value is _ABSENT else value


def _restore_referenced(
    merged: dict[Key, Record],
    versions: tuple[dict[Key, Record], ...],
    conflicts: list[Conflict],
) -> None:
    """Bring back an element that a kept reference still points at (deleted on one side,
    newly used on the other), so the merged map never refers to nothing."""
    present = {ident for _, ident in merged}
    waiting = list(merged)
    while waiting:
        key = waiting.pop()
        for target in _targets(key, merged[key]):
            found = None if target in present else _find(target, versions)
            if found is None:
                continue
            target_key, record = found
            merged[target_key] = record
            present.add(target)
            waiting.append(target_key)
            note = f"restored: {_element_words(key, _title(merged[key]))} still refers to it"
            conflicts.append(Conflict(target_key, _title(record), "(restored)", None, note, None))
    for key, record in merged.items():  # a value at a step that is gone goes with the step
        if key[0] == "curve":
            for name in [n for n in record if n.startswith(POINT)]:
                if ("step", name[len(POINT) :]) not in merged:
                    del record[name]


def _targets(key: Key, record: Record) -> Iterable[str]:
    for name in _REFERENCES.get(key[0], ()):
        if name == "points":
            continue  # handled with the steps: a value at a deleted step simply goes
        value = record.get(name)
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (item for item in value if isinstance(item, str))


def _find(target: str, versions: tuple[dict[Key, Record], ...]) -> tuple[Key, Record] | None:
    for side in versions:
        for key, record in side.items():
            if key[1] == target:
                return key, record
    return None


def _merge_order(
    kind: str,
    base: dict[Key, Record],
    ours: dict[Key, Record],
    theirs: dict[Key, Record],
    merged: dict[Key, Record],
) -> list[str]:
    """The merged order of one kind's ids: the side that reordered gives the order of the
    elements both have, and each side's additions go in after their neighbour there."""
    old, mine, other = ([ident for k, ident in side if k == kind] for side in (base, ours, theirs))
    in_mine, in_other = set(mine), set(other)
    common = [ident for ident in old if ident in in_mine and ident in in_other]
    common_set = set(common)
    mine_reordered = [ident for ident in mine if ident in common_set] != common
    skeleton, extra = (mine, other) if mine_reordered else (other, mine)
    placed = set(skeleton)
    # Each addition of the other side goes in after its nearest placed predecessor there.
    after: dict[str | None, list[str]] = {}
    previous: str | None = None
    for ident in extra:
        if ident in placed:
            previous = ident
        else:
            after.setdefault(previous, []).append(ident)
    order = [*after.get(None, [])]
    for ident in skeleton:
        order.append(ident)
        order += after.get(ident, [])
    listed = set(order)
    order += [ident for k, ident in merged if k == kind and ident not in listed]
    return [ident for ident in order if (kind, ident) in merged]


def _rebuild(merged: dict[Key, Record], orders: dict[str, list[str]]) -> JourneyMap:
    data: Record = dict(merged[MAP_KEY])
    steps_of: dict[str, list[Record]] = {ident: [] for ident in orders["phase"]}
    for ident in orders["step"]:
        step = dict(merged[("step", ident)])
        steps_of.setdefault(step.pop("phase"), []).append(step)
    data["phases"] = [
        {**merged[("phase", ident)], "steps": steps_of[ident]} for ident in orders["phase"]
    ]
    for kind, collection in ROOT_COLLECTION.items():
        if kind != "phase":
            data[collection] = [
                _unflat(kind, merged[(kind, ident)], orders["step"]) for ident in orders[kind]
            ]
    return JourneyMap.model_validate(data)


def _unflat(kind: str, record: Record, step_order: list[str]) -> Record:
    if kind != "curve":
        return record
    element = {name: value for name, value in record.items() if not name.startswith(POINT)}
    points = {name[len(POINT) :]: value for name, value in record.items() if name.startswith(POINT)}
    # In journey order, as the editor keeps them, so a merge writes the bytes an edit would.
    element["points"] = {step: points[step] for step in step_order if step in points}
    return element


def _reordered(old: dict[Key, Record], new: dict[Key, Record]) -> list[str]:
    moved = []
    for kind in _ORDERED:
        before = [ident for k, ident in old if k == kind and (k, ident) in new]
        after = [ident for k, ident in new if k == kind and (k, ident) in old]
        if before != after:
            moved.append(kind)
    return moved


# ---------------------------------------------------------------- words


def _title(record: Record | None) -> str:
    if not record:
        return ""
    for name in ("title", "name"):
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _element_words(key: Key, title: str) -> str:
    kind, ident = key
    if kind == "map":
        return "the map"
    label = KIND_LABEL.get(kind, kind)  # type: ignore[call-overload]
    if not ident:
        return f"{label}s"
    return f"{label} {quoted(title)} ({ident})" if title else f"{label} {ident}"


def _field_words(name: str) -> str:
    if name.startswith(POINT):
        return f"the emotion at step {name[len(POINT) :]}"
    return name.replace("_", " ")


def _changed_words(names: list[str], was: Record, now: Record, titles: dict[str, str]) -> str:
    parts = []
    for name in names:
        before, after = was.get(name), now.get(name)
        if isinstance(before, list) and isinstance(after, list):
            parts.append(f"{_field_words(name)}: {_list_change(before, after, titles)}")
        else:
            old, new = _value(before, titles), _value(after, titles)
            parts.append(f"{_field_words(name)} {old} → {new}")
    return "; ".join(parts)


def _list_change(before: list[Any], after: list[Any], titles: dict[str, str]) -> str:
    """``+ 'No size guide'``: the items a list gained and lost (a pain point, a step a
    touchpoint serves), rather than both lists cut at the same length."""
    gained = [f"+ {_value(item, titles)}" for item in after if item not in before]
    lost = [f"- {_value(item, titles)}" for item in before if item not in after]
    return ", ".join(gained + lost) or "order changed"


def _value(value: Any, titles: dict[str, str] | None = None) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    if titles and isinstance(value, str) and titles.get(value):
        return quoted(titles[value])  # an id: the name of what it points at
    return quoted(value)
