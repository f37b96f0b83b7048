"""The cells of one worksheet as openpyxl parses them, with what a reader of values loses.

openpyxl's read-only ``iter_rows(values_only=True)`` hands a formula over as its text, exactly
like a string cell holding the same characters, and forgets the value the spreadsheet program
stored beside it; it also never tells which cells are merged, nor where the sheet's table
ends. Each of these matters when a person's workbook comes back: LibreOffice stores every
TRUE and FALSE as the formula ``FALSE()`` with its value, a merged cell hides values, and a
line typed below the table is no row of it. So the sheet is parsed here with openpyxl's own
sheet parser (``WorkSheetParser``, the one its read-only mode uses), and a formula becomes a
``Formula`` holding both its text and its stored value.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.functions import fromstring

_VALUE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v"
_TABLE_TYPE = "/table"
_CELL_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$")


@dataclass(frozen=True)
class Formula:
    """A formula cell: its text (``=FALSE()``) and the value stored with it, as the XML
    holds it (``0``, ``TRUE``, ``Total``), or None when the program stored none."""

    text: str
    stored: str | None
    stored_type: str


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser, handing a formula over as a ``Formula``."""

    def parse_formula(self, element: Any) -> Any:
        text = super().parse_formula(element)  # type: ignore[no-untyped-call]
        if not isinstance(text, str):  # an array or data table formula: keep its text
            text = str(getattr(text, "text", "") or "=")
        return Formula(text, element.findtext(_VALUE_TAG), element.get("t", "n"))


@dataclass
class SheetCells:
    """What one sheet holds beyond its values: merged ranges and where its table ends."""

    merged: list[str] = field(default_factory=list)
    table_end: int | None = None


def sheet_rows(
    worksheet: Any, max_columns: int, found: SheetCells
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """Each row that holds a cell, as (row number, values from column A), at most
    ``max_columns`` wide; a row's values stop at its last cell. Once the rows are read,
    ``found`` holds the sheet's merged ranges (they follow the cells in the file)."""
    book = worksheet.parent
    with worksheet._get_source() as source:
        parser = _Parser(
            source,
            worksheet._shared_strings,
            data_only=False,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            if not cells:
                continue
            width = min(cells[-1]["column"], max_columns)
            values: list[object] = [None] * width
            for cell in cells:
                column = cell["column"]
                if column <= width:
                    values[column - 1] = cell["value"]
            yield number, tuple(values)
        merged = parser.merged_cells
        if merged is not None:
            found.merged = [str(cell.ref) for cell in merged.mergeCell]


def table_end(worksheet: Any) -> int | None:
    """The last row of the sheet's first table, or None when it has none (or it cannot be
    told: a workbook saved by a program that keeps no tables)."""
    archive = worksheet.parent._archive
    path = worksheet._worksheet_path
    rels_path = get_rels_path(path)  # type: ignore[no-untyped-call]
    if rels_path not in archive.namelist():
        return None
    for rel in get_dependents(archive, rels_path):
        if not str(rel.Type).endswith(_TABLE_TYPE):
            continue
        target = posixpath.normpath(str(rel.target)).lstrip("/")
        if target not in archive.namelist():
            return None
        ref = fromstring(archive.read(target)).get("ref", "")
        match = _CELL_RANGE.match(str(ref))
        return int(match.group(4)) if match else None
    return None
