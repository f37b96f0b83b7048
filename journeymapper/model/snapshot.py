"""An immutable copy of a map, cheap to take, for work that runs beside the user's edits.

A save, an autosave or an export in the GUI runs on a worker thread while the user goes on
editing, so it must work on the map as it was, not on the live models the edits change in
place. Copying the models (``model_copy(deep=True)``) costs seconds at ten times the large
map; pydantic's compact JSON writer gives the same content as bytes in a fraction of that, in
one call on the GUI thread. Everything slow happens to those bytes on the worker: the pretty
file format, the check that the file reads back as a map, rebuilding models for an exporter.

The worker steps are chosen to let the GUI thread run: Python's own JSON encoder (pure
Python with ``indent``) and one small validation call per element give the interpreter lock
back every few milliseconds, where one ``model_validate_json`` of the whole map held it for
half a second. Qt-free, like the rest of ``model``.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import ValidationError

from journeymapper import __version__
from journeymapper.model.elements import (
    Channel,
    Department,
    EmotionCurve,
    Flow,
    Initiative,
    JourneyMap,
    Metric,
    Model,
    Persona,
    Phase,
    ProcessStep,
    Touchpoint,
)
from journeymapper.model.errors import MapFileError
from journeymapper.model.fileformat import check_header, check_integrity, check_version
from journeymapper.model.limits import marks, over_limit
from journeymapper.model.storage import BackupPolicy, DiskState, Saved, write_map

if TYPE_CHECKING:
    from journeymapper.model.snapshot_keeper import Pieces

# The element collections of a map and the model of each of their items.
_ITEMS: dict[str, type[Model]] = {
    "personas": Persona,
    "phases": Phase,
    "curves": EmotionCurve,
    "channels": Channel,
    "departments": Department,
    "touchpoints": Touchpoint,
    "process_steps": ProcessStep,
    "flows": Flow,
    "metrics": Metric,
    "initiatives": Initiative,
}


class Snapshot:
    """The map at one revision, as compact JSON; ``title`` for messages and recovery.

    ``source`` is the JSON itself or, from a ``SnapshotKeeper``, the pieces it is joined
    from: the joining then happens where ``data`` is first read, on the worker."""

    def __init__(self, source: bytes | Pieces, title: str, revision: int = 0) -> None:
        self._source = source
        self.title = title
        self.revision = revision

    @cached_property
    def data(self) -> bytes:
        source = self._source
        return source if isinstance(source, bytes) else source.join()


def take(journey: JourneyMap, revision: int = 0) -> Snapshot:
    """The map as it is now (GUI thread): one call of pydantic's JSON writer, stamped with
    this app's version as every saved file is."""
    stamped = journey.model_copy(update={"app_version": __version__})
    data = JourneyMap.__pydantic_serializer__.to_json(stamped)
    return Snapshot(data, journey.title, revision)


def file_bytes(snapshot: Snapshot) -> bytes:
    """The .cjm file bytes for the snapshot: exactly what ``fileformat.serialize`` writes
    for the same map (its reference, Python's JSON module with indent 2, key order kept)."""
    content = _json_value(snapshot.data)
    return (json.dumps(content, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def rebuild(data: bytes, source: str = "<map>") -> JourneyMap:
    """A checked map from file bytes (or a snapshot's data), validating one element at a
    time; raises MapFileError like ``fileformat.parse``. Meant for our own bytes, so it
    gives short reasons rather than the detailed ones ``parse`` works out for a user's file."""
    objects, _colons = marks(data)
    too_much = over_limit(data, objects)
    if too_much is not None:
        raise MapFileError(source, too_much)
    try:
        raw = _json_value(data)
    except ValueError as error:
        raise MapFileError(source, f"not valid JSON ({error})") from None
    if not isinstance(raw, dict):
        raise MapFileError(source, "not a journey map (no JSON object at the top)")
    pieces = {name: raw.pop(name, []) for name in _ITEMS}
    try:
        header = JourneyMap.model_validate(raw)
        lists = {name: _validated(_ITEMS[name], items, source) for name, items in pieces.items()}
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise MapFileError(source, f"{where}: {first['msg']}") from None
    check_header(header, source)
    check_version(header.format_version, source)
    journey = header.model_copy(update=lists)
    check_integrity(journey, source)
    return journey


def _json_value(data: bytes) -> Any:
    """The JSON value of ``data``, parsed so that the GUI thread keeps running meanwhile.

    A parser written in C or Rust holds the interpreter lock for the whole document (about
    0.1 s at ten times the large map, a stall of the window as long); a small Python hook per
    object lets the interpreter hand the lock over every few milliseconds, for a few percent
    more time. NaN and infinity are refused, as ``parse`` refuses them."""
    return json.loads(data, object_pairs_hook=_json_object, parse_constant=_no_constant)


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return dict(pairs)


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number a map may hold")


def _validated(model: type[Model], items: Any, source: str) -> list[Model]:
    if not isinstance(items, list):
        raise MapFileError(source, f"a list of {model.__name__} was expected")
    return [model.model_validate(item) for item in items]


def save_snapshot(
    snapshot: Snapshot,
    path: Path,
    *,
    expected: DiskState | None = None,
    backups: BackupPolicy | None = None,
    replace_read_only: bool = False,
    must_not_exist: bool = False,
) -> Saved:
    """What ``storage.save`` does, from a snapshot, for a worker thread: the file bytes,
    checked to read back as a map (nothing is written otherwise), then written safely."""
    data = file_bytes(snapshot)
    rebuild(data, str(path))  # never write what we could not read back
    return write_map(
        data,
        path,
        expected=expected,
        backups=backups,
        replace_read_only=replace_read_only,
        must_not_exist=must_not_exist,
    )
