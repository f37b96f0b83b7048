"""Ids and references while a workbook is read back: who is who, and who a cell names.

A reference is written as a name and, in a column of its own, the id. Reading it back, the id
wins while the name beside it is the element's name, now or as exported (names may repeat;
ids do not; and renaming an element on its own sheet must not break the rows that name it).
When a person changed the name in the reference, or typed one into a new row, the name
decides: it must name exactly one element of the right kind (an exact match first, then one
ignoring case and outer spaces) or be an id.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from journeymapper.export.xlsx_problems import Echo
from journeymapper.export.xlsx_sheets import Row
from journeymapper.model.errors import quoted
from journeymapper.model.ids import new_id
from journeymapper.model.kinds import KIND_LABEL, Kind

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")


def _fold(name: str) -> str:
    return name.strip().casefold()


class Registry:
    """Every element read so far: its kind, its name and the row it came from."""

    def __init__(self, exported: dict[str, str] | None = None) -> None:
        self.exported = exported or {}
        self.kind: dict[str, Kind] = {}
        self.name: dict[str, str] = {}
        self.origin: dict[str, str] = {}
        self._by_name: defaultdict[str, list[str]] = defaultdict(list)
        self._by_folded: defaultdict[str, list[str]] = defaultdict(list)
        self._broken: set[str] = set()

    def broken(self, row: Row, name_column: str) -> None:
        """Remember the name and id of a row that could not be read."""
        for column in (name_column, "Id"):
            text = row.cells.get(column)  # as it is: a formula in it is no name
            if isinstance(text, str) and text.strip():
                self._broken.add(_fold(text))

    def is_broken(self, name_or_id: str) -> bool:
        """Whether a row that could not be read had this name or id."""
        return _fold(name_or_id) in self._broken

    def take_id(self, row: Row, kind: Kind) -> str:
        """The row's id, checked and not used before; a fresh one when the cell is empty."""
        given = row.optional_text("Id")
        element_id = given.strip() if given else ""
        if not element_id:
            element_id = new_id(kind)
            while element_id in self.kind:
                element_id = new_id(kind)
            return element_id
        if not ID_PATTERN.fullmatch(element_id):
            raise row.fail(
                "Id",
                f"{quoted(element_id)} is not an id: up to 64 letters, digits and . _ : - "
                "starting with a letter or digit (leave it empty in a new row)",
            )
        if element_id in self.kind:
            raise row.fail(
                "Id", f"the id {quoted(element_id)} is also used on {self.origin[element_id]}"
            )
        return element_id

    def add(self, element_id: str, kind: Kind, name: str, row: Row) -> None:
        """Record an element so that later rows can name it."""
        self.kind[element_id] = kind
        self.name[element_id] = name
        self.origin[element_id] = f"{row.sheet} row {row.excel_row}"
        self._by_name[f"{kind}\0{name}"].append(element_id)
        self._by_folded[f"{kind}\0{_fold(name)}"].append(element_id)

    def is_a(self, element_id: str, kinds: Iterable[Kind]) -> bool:
        return self.kind.get(element_id) in tuple(kinds)

    def _called(self, element_id: str, name: str) -> bool:
        """Whether ``name`` is the element's name now, or was when it was exported."""
        return self.name[element_id] == name or self.exported.get(element_id) == name

    def one(self, row: Row, column: str, kinds: tuple[Kind, ...]) -> str | None:
        """The element the name in ``column`` (with its id in ``column + ' id'``) names."""
        name = row.optional_text(column)
        hint = row.optional_text(f"{column} id")
        if hint and self.is_a(hint.strip(), kinds) and self._called(hint.strip(), name or ""):
            return hint.strip()
        if name is None:
            return None
        return self.lookup(row, column, name, kinds)

    def many(self, row: Row, column: str, id_column: str, kinds: tuple[Kind, ...]) -> list[str]:
        """The elements a list cell names, in its order."""
        hints = [h for h in row.items(id_column) if self.is_a(h, kinds)]
        found = []
        for name in row.items(column):
            hint = next((h for h in hints if self._called(h, name)), None)
            if hint is not None:
                hints.remove(hint)
                found.append(hint)
            else:
                found.append(self.lookup(row, column, name, kinds))
        return found

    def named(self, name: str, kinds: tuple[Kind, ...]) -> list[str]:
        """The elements of ``kinds`` called ``name``: exact matches, or else those matching
        when case and outer spaces are ignored."""
        for index, key in ((self._by_name, name), (self._by_folded, _fold(name))):
            matches = [m for kind in kinds for m in index.get(f"{kind}\0{key}", ())]
            if matches:
                return matches
        return []

    def lookup(self, row: Row, column: str, name: str, kinds: tuple[Kind, ...]) -> str:
        """The one element of ``kinds`` called ``name`` (or with that id)."""
        label = " or ".join(KIND_LABEL[kind] for kind in kinds)
        matches = self.named(name, kinds)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise row.fail(
                column,
                f"{len(matches)} elements ({label}) are named {quoted(name)}; "
                f"write the id of the one you mean ({', '.join(matches[:3])}) instead",
            )
        if self.is_a(name.strip(), kinds):
            return name.strip()
        if self.is_broken(name):
            raise Echo(f"{row.sheet} row {row.excel_row}: names a row that has a problem")
        raise row.fail(column, f"no {label} named {quoted(name)}")
