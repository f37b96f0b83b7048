"""Snapshots of a Document that cost what changed since the last one, not the map's size.

A save or an autosave takes its snapshot on the GUI thread, so that it shows the map exactly
as it was when the user saved, whatever is edited meanwhile. Serialising the whole map there
took about 70 ms at ten times the large map, a stall the user feels every minute. The keeper
holds every element's compact JSON as bytes (immutable: no later edit can reach them) and
renews only the elements the Document's events name; a snapshot is then the renewed bytes,
a copy of the table of bytes and the order of the elements, and the worker joins the file
from them. The bytes of the elements nothing has changed yet are made in small slices while
the window is idle (``prime``), so the first save after opening does not pay for them all.
Qt-free, like the rest of ``model``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from journeymapper import __version__
from journeymapper.model.document import (
    Batch,
    Change,
    Document,
    EmotionChanged,
    Event,
    Inserted,
    Moved,
    Removed,
)
from journeymapper.model.elements import Element, JourneyMap
from journeymapper.model.errors import JourneyMapError
from journeymapper.model.kinds import ROOT_COLLECTION
from journeymapper.model.snapshot import Snapshot

# The map's element collections, in the order the file lists them; the map's own fields
# before them lead the file, ``view`` and the fields this version does not know close it.
COLLECTIONS = tuple(ROOT_COLLECTION.values())
_FIELDS = list(JourneyMap.model_fields)
_LEADING = set(_FIELDS[: _FIELDS.index(COLLECTIONS[0])])
_NOT_TRAILING = _LEADING | set(COLLECTIONS)
_OPENINGS = tuple(f',"{name}":['.encode() for name in COLLECTIONS)

# The JSON of an element and the live element it was made from.
Piece = tuple[Element, bytes]


class SnapshotOutOfStep(JourneyMapError):
    """An element had no bytes of its own state: a change reached the map without an
    event. Raised (the save fails and says so) rather than writing an older element."""


@dataclass(frozen=True)
class Pieces:
    """What a snapshot's JSON is joined from: nothing here changes after ``take``."""

    leading: bytes
    trailing: bytes
    order: tuple[tuple[Element, ...], ...]  # the elements of each collection, in order
    pieces: dict[str, Piece]

    def join(self) -> bytes:
        """The map's compact JSON, exactly as pydantic writes the whole map. A Python loop
        per element, so a worker running it hands the interpreter lock over often."""
        parts = [self.leading]
        for opening, elements in zip(_OPENINGS, self.order, strict=True):
            parts.append(opening)
            parts.append(b",".join([self._bytes_of(element) for element in elements]))
            parts.append(b"]")
        parts.append(self.trailing)
        return b"".join(parts)

    def _bytes_of(self, element: Element) -> bytes:
        piece = self.pieces.get(element.id)
        if piece is None or piece[0] is not element:
            raise SnapshotOutOfStep(f"the snapshot has no current copy of {element.id!r}")
        return piece[1]


class SnapshotKeeper:
    """Takes snapshots of one Document, serialising only the elements changed since the
    last one. A customer step is part of its phase's JSON: a change of a step renews the
    phase."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._pieces: dict[str, Piece] = {}
        self._stale: set[str] = set()
        # The elements whose bytes are still to be made, as the map held them at the start.
        self._unprimed = [element for _name, element in _elements(document.map)]
        self.renewed = 0  # how many elements the last snapshot serialised
        self._unsubscribe = document.subscribe(self._heard)

    def close(self) -> None:
        """Stop listening to the document (the session is over)."""
        self._unsubscribe()

    @property
    def primed(self) -> bool:
        return not self._unprimed

    def prime(self, budget: int) -> bool:
        """Make the bytes of up to ``budget`` elements not made yet; True when all are."""
        chunk = self._unprimed[-budget:]
        del self._unprimed[-budget:]
        for element in chunk:
            self._make(element)
        return self.primed

    def take(self, revision: int = 0) -> Snapshot:
        """The document's map as it is now, for its file bytes on a worker."""
        self.renewed = 0
        self.prime(len(self._unprimed))
        self._renew_stale()
        journey = self._document.map
        pieces = Pieces(
            _leading_json(journey),
            _trailing_json(journey),
            tuple(tuple(getattr(journey, name)) for name in COLLECTIONS),
            dict(self._pieces),
        )
        return Snapshot(pieces, journey.title, revision)

    def _make(self, element: Element) -> None:
        """Serialise ``element`` if it is still in the map and its bytes are not current."""
        document = self._document
        if element.id not in document or document.get(element.id) is not element:
            return  # gone, or replaced: the replacement is renewed by its event
        kept = self._pieces.get(element.id)
        if kept is None or kept[0] is not element:
            self._pieces[element.id] = (element, _json(element))
            self.renewed += 1

    def _heard(self, event: Event) -> None:
        for change in event.events if isinstance(event, Batch) else (event,):
            self._stale.update(_touched(change))

    def _renew_stale(self) -> None:
        """Serialise what changed anew; a step's change renews the phase holding it."""
        document = self._document
        renew: set[str] = set()
        for element_id in self._stale:
            self._pieces.pop(element_id, None)
            if element_id not in document:
                continue
            if document.kind(element_id) == "step":  # a phase's few steps: a short look-up
                parent = document.placement(element_id).parent
                renew.add(element_id if parent is None else parent)
            else:
                renew.add(element_id)
        self._stale.clear()
        for element_id in renew:
            self._pieces.pop(element_id, None)
            self._make(document.get(element_id))


def _elements(journey: JourneyMap) -> Iterable[tuple[str, Element]]:
    for name in COLLECTIONS:
        for element in getattr(journey, name):
            yield name, element


def _touched(change: Change) -> tuple[str, ...]:
    """The ids whose JSON a change alters: the element, and the phase a step sits in."""
    if isinstance(change, Inserted | Removed):
        if change.parent is None:
            return (change.element_id,)
        return (change.element_id, change.parent)
    if isinstance(change, Moved):
        places = (change.element_id, change.old_parent, change.new_parent)
        return tuple(place for place in places if place is not None)
    if isinstance(change, EmotionChanged):
        return (change.curve_id,)
    # The map's own fields (no element id) are written anew for every snapshot.
    return () if change.element_id is None else (change.element_id,)


def _json(element: Element) -> bytes:
    return type(element).__pydantic_serializer__.to_json(element)


def _leading_json(journey: JourneyMap) -> bytes:
    """``{"format":...,"promise_to":...`` of the map, stamped with this app's version."""
    stamped = journey.model_copy(update={"app_version": __version__})
    return JourneyMap.__pydantic_serializer__.to_json(stamped, include=_LEADING)[:-1]


def _trailing_json(journey: JourneyMap) -> bytes:
    """``,"view":...}``: the fields after the collections, unknown ones included."""
    whole = JourneyMap.__pydantic_serializer__.to_json(journey, exclude=_NOT_TRAILING)
    return b"," + whole[1:]
