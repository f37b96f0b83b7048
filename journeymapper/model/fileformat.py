"""The .cjm format: bytes to a checked JourneyMap and back, with versions and migrations.

A .cjm file is UTF-8 JSON, pretty-printed with a fixed key order so that it diffs readably in
git. ``format_version`` is ``MAJOR.MINOR``: a newer minor only adds fields (kept on save even
though this version does not know them); a newer major is refused; an older major is migrated
forward one explicit step at a time.

Nothing here trusts the input. JSON is parsed by pydantic-core straight from bytes, which caps
nesting depth cleanly (``json.loads`` would raise RecursionError) and refuses NaN and infinity,
in unknown fields too (see ``elements.UnknownValue``).
"""

from __future__ import annotations

import contextlib
import gc
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NoReturn

import pydantic_core
from pydantic import ValidationError

from journeymapper import __version__
from journeymapper.model.duplicate_keys import duplicate_key_problem
from journeymapper.model.elements import FORMAT_NAME, Element, JourneyMap
from journeymapper.model.errors import MapFileError, quoted
from journeymapper.model.kinds import (
    KIND_LABEL,
    KIND_OF_TYPE,
    REFERENCE_FIELDS,
    ROOT_COLLECTION,
    Kind,
    describe,
    kind_of,
    map_references,
    off_scale,
    off_scale_problem,
    references_of,
)
from journeymapper.model.limits import marks, over_limit

# ASCII digits only: str.isdigit() also passes '²' or '٣', which int() then refuses. The cap
# keeps int() far from its limit on digits (4300) and any real version far below the cap.
_VERSION = re.compile(r"([0-9]{1,9})(?:\.([0-9]{0,9}))?")
# A key that reads well after a dot in a path such as ``phases[2].steps``.
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,59}")


@dataclass(frozen=True, order=True)
class FormatVersion:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: object) -> FormatVersion | None:
        """``MAJOR.MINOR`` (or ``MAJOR``, or ``MAJOR.``) in ASCII digits, else None."""
        if not isinstance(text, str):
            return None
        match = _VERSION.fullmatch(text)
        if match is None:
            return None
        major, minor = match.groups()
        return cls(int(major), int(minor or 0))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


CURRENT_VERSION = FormatVersion(1, 0)

# A migration turns the raw JSON object of major version N into one of major N + 1. Each is a
# small, tested function; none exists yet because 1 is the first released major version.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# How many problems one message lists before it says "and N more".
_SHOWN_PROBLEMS = 1


def new_map(title: str = "Untitled journey") -> JourneyMap:
    """An empty map of the current format version, with the default emotion curve."""
    from journeymapper.model.elements import EmotionCurve

    return JourneyMap(
        title=title,
        format_version=str(CURRENT_VERSION),
        app_version=__version__,
        curves=[EmotionCurve(id="curve-customer")],
    )


# Numbers from 1e-9 to 1e-4 are the only ones pydantic writes differently from Python's json
# module (0.00001 or 1e-7 where Python writes 1e-05 and 1e-07); both forms are found here.
_SMALL_NUMBER = re.compile(rb"0\.0000|[0-9]e-[0-9](?![0-9])")


def serialize(journey: JourneyMap) -> bytes:
    """The file bytes for a map: same map, same bytes.

    pydantic's own JSON writer is about five times as fast as dumping ``model_dump`` with
    Python's json module, and gives the same bytes, except for numbers between 1e-9 and 1e-4;
    a map with one (rare) takes the slow path, so a file never changes between versions of the
    app for nothing.
    """
    stamped = journey.model_copy(update={"app_version": __version__})
    fast = stamped.model_dump_json(indent=2).encode("utf-8") + b"\n"
    if _SMALL_NUMBER.search(fast) is None:
        return fast
    return python_json_bytes(stamped)


def python_json_bytes(journey: JourneyMap) -> bytes:
    """The file format as Python's json module writes it (the reference for ``serialize``)."""
    data = journey.model_dump(mode="json")
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def parse(data: bytes, source: str = "<map>") -> JourneyMap:
    """Turn file bytes into a checked map, or raise MapFileError naming what and where."""
    if data.startswith(_UTF8_BOM):
        # Notepad and some Windows tools start UTF-8 with a byte-order mark; it carries no
        # content, so the map is read without it (and saved without it).
        data = data[len(_UTF8_BOM) :]
    elif data.startswith(_UTF16_BOMS):
        raise MapFileError(source, "the file is UTF-16 text; save it as UTF-8 and open it again")
    if not data.strip():
        raise MapFileError(source, "the file is empty")
    objects, colons = marks(data)
    too_much = over_limit(data, objects)
    if too_much is not None:
        raise MapFileError(source, too_much)
    with collector_paused():
        return _parse(data, source, colons)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block, restored as it was after it.

    Building thousands of models triggers needless cycle collections (about an eighth of the
    load time of a large map); the parse creates no garbage cycles worth chasing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse(data: bytes, source: str, colons: int) -> JourneyMap:
    read: JourneyMap | None = None  # the map as the file spells it, when not migrated
    try:
        journey = read = JourneyMap.model_validate_json(data)
    except ValidationError as error:
        journey = _parse_slow_path(data, source, error)
    else:
        _check_header(journey, source)
        version = _check_version(journey.format_version, source)
        if version.major < CURRENT_VERSION.major:
            read = None
            journey = _migrate(pydantic_core.from_json(data), version, source)
    elements = all_elements(journey)
    duplicate = duplicate_key_problem(data, colons, read, map(_first, elements))
    if duplicate is not None:
        raise MapFileError(source, duplicate)
    check_integrity(journey, source, elements)
    return journey


_first = itemgetter(0)


def _check_header(journey: JourneyMap, source: str) -> None:
    """The model has defaults for both, but a file must say what it is."""
    for required in ("format", "format_version"):
        if required not in journey.model_fields_set:
            raise MapFileError(
                source, f"not a journeymapper map: the top-level {required!r} is missing"
            )


def _parse_slow_path(data: bytes, source: str, error: ValidationError) -> JourneyMap:
    """The fast parse failed: explain why, or migrate an older format and try again."""
    first = error.errors(include_url=False)[0]
    if first["type"] in ("json_invalid", "recursion_loop"):
        raise MapFileError(source, _json_problem(first["msg"])) from None
    try:
        # NaN is let through here only so the validation message can say where it sits.
        raw = pydantic_core.from_json(data, allow_inf_nan=True)
    except ValueError as json_error:
        raise MapFileError(source, _json_problem(str(json_error))) from None
    if not isinstance(raw, dict):
        raise MapFileError(
            source,
            f"expected a journey map (a JSON object in braces) at the top, found {_json_kind(raw)}",
        )
    if raw.get("format") != FORMAT_NAME:
        raise MapFileError(
            source, f"not a journeymapper map: the top-level 'format' is not {FORMAT_NAME!r}"
        )
    if "format_version" not in raw:
        raise MapFileError(
            source, "not a journeymapper map: the top-level 'format_version' is missing"
        )
    version = _check_version(raw["format_version"], source)
    if version.major < CURRENT_VERSION.major:
        return _migrate(raw, version, source)
    raise MapFileError(source, _validation_problem(error, raw)) from None


def _json_kind(value: object) -> str:
    """What a JSON value is, in plain words: ``a list``, ``the number 1.0``, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {quoted(value)}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _check_version(text: object, source: str) -> FormatVersion:
    if not isinstance(text, str):
        # Usually a number: "format_version": 1.0 instead of "1.0".
        raise MapFileError(
            source,
            f'format_version must be text in quotes, like "1.0"; found {_json_kind(text)}',
        )
    version = FormatVersion.parse(text)
    if version is None:
        raise MapFileError(source, f"format_version {quoted(text)} is not a version like '1.0'")
    if version.major > CURRENT_VERSION.major:
        raise MapFileError(
            source,
            f"this map uses format version {version}, which needs a newer journeymapper "
            f"(one that reads format {version.major}.x); this is {__version__}, "
            f"reading format {CURRENT_VERSION}",
        )
    return version


def _migrate(raw: dict[str, Any], version: FormatVersion, source: str) -> JourneyMap:
    major = version.major
    while major < CURRENT_VERSION.major:
        step = MIGRATIONS.get(major)
        if step is None:
            raise MapFileError(
                source, f"format version {version} is not one journeymapper can migrate"
            )
        raw = step(raw)
        major += 1
    raw["format_version"] = str(CURRENT_VERSION)
    try:
        return JourneyMap.model_validate(raw)
    except ValidationError as error:
        raise MapFileError(
            source, "after migrating from " + str(version) + ": " + _validation_problem(error, raw)
        ) from None


def _json_problem(message: str) -> str:
    if "recursion" in message.lower():
        return "the JSON is nested too deeply to be a journey map"
    return f"not valid JSON ({message})"


def _validation_problem(error: ValidationError, raw: dict[str, Any]) -> str:
    problems = error.errors(include_url=False)
    first = problems[0]
    where = _location(first["loc"], raw)
    message = f"{where}: {first['msg']}"
    if len(problems) > _SHOWN_PROBLEMS:
        message += f" (and {len(problems) - _SHOWN_PROBLEMS} more problems)"
    return message


def _location(loc: tuple[int | str, ...], raw: dict[str, Any]) -> str:
    """``phases[2].steps[0].title, in customer step 'step-7'``: a path plus the element's id.

    Keys and ids come from the file, so each is quoted unless it is a plain name.
    """
    path = ""
    node: Any = raw
    owner = ""
    collection = ""
    for part in loc:
        path += _path_part(part, first=not path)
        node = node[part] if _can_index(node, part) else None
        if isinstance(part, str):
            collection = part
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            owner = f"{_kind_label(collection)} {quoted(node['id'])}"
    return f"{path or 'top level'}" + (f", in {owner}" if owner else "")


def _path_part(part: int | str, first: bool) -> str:
    if isinstance(part, int):
        return f"[{part}]"
    if part == "[key]":  # pydantic's marker: the problem is the dict key just before it
        return part
    if _PLAIN_KEY.fullmatch(part):
        return part if first else f".{part}"
    return f"[{quoted(part)}]"


def _can_index(node: Any, part: int | str) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _kind_label(collection: str) -> str:
    if collection == "steps":
        return "customer step"
    for kind, name in ROOT_COLLECTION.items():
        if name == collection:
            return KIND_LABEL[kind]
    return "element"


_TYPE_OF_KIND = {kind: element_type for element_type, kind in KIND_OF_TYPE.items()}


def check_integrity(
    journey: JourneyMap,
    source: str = "<map>",
    elements: list[tuple[Element, Kind]] | None = None,
) -> None:
    """Ids are unique and every reference names an element of the right kind.

    Runs on every load, so the common case (all is well) is a tight loop over plain values;
    only when something is wrong does the slower path work out how to say it. ``elements``
    is ``all_elements(journey)`` when the caller has it already.
    """
    if elements is None:
        elements = all_elements(journey)
    # Set operations per field of each kind rather than a look-up per reference: this
    # check runs on every load, and this way it costs a few percent of a large map's.
    groups: list[tuple[Kind, list[Element]]] = [
        (kind, getattr(journey, collection)) for kind, collection in ROOT_COLLECTION.items()
    ]
    groups.append(("step", [step for phase in journey.phases for step in phase.steps]))
    ids_of_kind: dict[Kind, set[str]] = {
        kind: {element.id for element in group} for kind, group in groups
    }
    if len(set().union(*ids_of_kind.values())) < len(elements):
        _report_duplicate(elements, source)
    for kind, group in groups:
        for name, allowed in REFERENCE_FIELDS.get(_TYPE_OF_KIND[kind], ()):
            if not _named_ids(group, name) <= _ids_of(ids_of_kind, allowed):
                _report_first_reference(group, name, allowed, elements, source)
    for reference in map_references(journey):
        if reference.target not in _ids_of(ids_of_kind, reference.allowed):
            raise MapFileError(
                source,
                f"{reference.field} names {reference.target!r}, "
                "which is not a process step of this map",
            )
    _check_emotions(journey, source)


def _named_ids(group: list[Element], name: str) -> set[str]:
    """Every id the field ``name`` of the elements holds: one id, None, a list or a dict."""
    values = [getattr(element, name) for element in group]
    named = {value for value in values if value.__class__ is str}
    many = (value for value in values if value is not None and value.__class__ is not str)
    return named.union(*many)


def _ids_of(ids_of_kind: dict[Kind, set[str]], kinds: tuple[Kind, ...]) -> set[str]:
    if len(kinds) == 1:
        return ids_of_kind.get(kinds[0], set())
    return set().union(*(ids_of_kind.get(kind, ()) for kind in kinds))


def _report_first_reference(
    group: list[Element],
    name: str,
    allowed: tuple[Kind, ...],
    elements: list[tuple[Element, Kind]],
    source: str,
) -> None:
    """The rare case: some element's ``name`` names a wrong id; find the first, say so."""
    kind_by_id = {element.id: kind for element, kind in elements}
    for element in group:
        value = getattr(element, name)
        for target in [value] if isinstance(value, str) else value or ():
            if kind_by_id.get(target) not in allowed:
                _report_reference(element, elements, source)


def _report_duplicate(elements: list[tuple[Element, Kind]], source: str) -> NoReturn:
    seen: dict[str, Element] = {}
    for element, _ in elements:
        previous = seen.setdefault(element.id, element)
        if previous is not element:
            raise MapFileError(
                source,
                f"duplicate id {element.id!r}: "
                f"used by {describe(previous)} and {describe(element)}",
            )
    raise AssertionError("no duplicate found")  # pragma: no cover


def _report_reference(
    element: Element, elements: list[tuple[Element, Kind]], source: str
) -> NoReturn:
    by_id = {other.id: other for other, _ in elements}
    for reference in references_of(element):
        target = by_id.get(reference.target)
        if target is None:
            raise MapFileError(
                source,
                f"{describe(element)}: {reference.field} names {reference.target!r}, "
                "which does not exist in this map",
            )
        if kind_of(target) not in reference.allowed:
            allowed = " or ".join(KIND_LABEL[k] for k in reference.allowed)
            raise MapFileError(
                source,
                f"{describe(element)}: {reference.field} names {describe(target)}, "
                f"which is not a {allowed}",
            )
    raise AssertionError("no bad reference found")  # pragma: no cover


def _check_emotions(journey: JourneyMap, source: str) -> None:
    found = off_scale(journey.curves, journey.scale)
    if found:
        raise MapFileError(source, off_scale_problem(found, journey.scale))


def all_elements(journey: JourneyMap) -> list[tuple[Element, Kind]]:
    """Every element of the map with its kind: the root collections, then the steps."""
    elements: list[tuple[Element, Kind]] = []
    for kind, collection in ROOT_COLLECTION.items():
        elements.extend((element, kind) for element in getattr(journey, collection))
    for phase in journey.phases:
        elements.extend((step, "step") for step in phase.steps)
    return elements


# The header checks of ``parse``, for ``snapshot.rebuild``, which reads our own bytes.
check_header = _check_header
check_version = _check_version
_all_elements = all_elements  # its name before the Excel export came to use it too
