"""Reading the rows of one workbook sheet, with typed access that names sheet, row and column.

Cells come from openpyxl's read-only reader: text, numbers, booleans, dates or nothing. A
formula arrives as its text (``=A1+1``) and is never evaluated; a cell showing an error
arrives as its code (``#N/A``). In a text column both are simply text; in a number column
they are errors that say so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from journeymapper.export.common import ExportError
from journeymapper.export.workbook_schema import Sheet, decode_list, unescape_text
from journeymapper.export.xlsx_safety import READ_ERRORS, unreadable
from journeymapper.model.errors import quoted

# Generous bounds: a journey map has hundreds of rows and about twenty columns per sheet. Only
# rows holding something count: blank rows below the data (a formatted column) are skipped.
MAX_ROWS = 200_000
MAX_COLUMNS = 256
# Excel's last row. openpyxl fills the rows a sheet leaves out with blank ones, so one cell far
# down would otherwise make it hand us any number of them; past this no real workbook goes.
EXCEL_LAST_ROW = 1_048_576
T = TypeVar("T")
_TRUE = frozenset({"true", "yes", "y", "1", "x", "ja", "waar", "wahr", "vrai"})
_FALSE = frozenset({"false", "no", "n", "0", "nee", "onwaar", "falsch", "faux"})


class Row:
    """One data row: the cells of the columns we know, by header."""

    __slots__ = ("cells", "excel_row", "sheet")

    def __init__(self, sheet: str, number: int, cells: dict[str, object]) -> None:
        self.sheet = sheet
        self.excel_row = number
        self.cells = cells

    def fail(self, column: str, problem: str) -> ExportError:
        """The error for a problem with one cell of this row."""
        return ExportError(f"{self.sheet} row {self.excel_row}, column {column}: {problem}")

    def has(self, column: str) -> bool:
        return column in self.cells

    def optional_text(self, column: str) -> str | None:
        """The cell as text, None when it is empty."""
        value = self.cells.get(column)
        if value is None:
            return None
        if isinstance(value, str):
            return unescape_text(value) if value else None
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        if isinstance(value, datetime | date | time):
            return value.isoformat()
        return str(value)

    def text(self, column: str) -> str:
        """The cell as text, empty when the cell is."""
        return self.optional_text(column) or ""

    def items(self, column: str) -> list[str]:
        """A list cell: one item per line (or the JSON array the exporter writes)."""
        text = self.optional_text(column)
        return decode_list(text) if text else []

    def number(self, column: str) -> float | None:
        """The cell as a finite number, None when it is empty."""
        value = self.cells.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise self.fail(column, f"expected a number, found {'TRUE' if value else 'FALSE'}")
        if isinstance(value, int | float):
            number = float(value)
        elif isinstance(value, str):
            number = self._parsed_number(column, value.strip())
        else:
            raise self.fail(column, f"expected a number, found {_kind(value)}")
        if not math.isfinite(number):
            raise self.fail(column, "expected a finite number")
        return number

    def _parsed_number(self, column: str, text: str) -> float:
        if text.startswith("="):
            raise self.fail(
                column, f"expected a number, found the formula {quoted(text)} (not evaluated)"
            )
        try:
            return float(text)
        except ValueError:
            raise self.fail(column, f"expected a number, found {quoted(text)}") from None

    def boolean(self, column: str) -> bool | None:
        """The cell as TRUE or FALSE, None when it is empty."""
        value = self.cells.get(column)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            word = value.strip().lower()
            if not word:
                return None
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
        raise self.fail(
            column, f"expected TRUE or FALSE, found {quoted(self.optional_text(column))}"
        )


def _kind(value: object) -> str:
    if isinstance(value, datetime | date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time | timedelta):
        return f"the time {value}"
    return type(value).__name__


def read_rows(book: Workbook, sheet: Sheet, source: str, optional: frozenset[str]) -> list[Row]:
    """The non-blank data rows of ``sheet``; every column not in ``optional`` (and not
    derived) must be there. Columns a person added are ignored."""
    worksheet = _from_openpyxl(lambda: book[sheet.name], source)
    header = next(
        _parsed(
            lambda: worksheet.iter_rows(
                min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True
            ),
            source,
        ),
        (),
    )
    positions = _positions(header, sheet, optional)
    width = max(positions.values(), default=0) + 1
    values = _parsed(
        lambda: worksheet.iter_rows(min_row=2, max_col=width, values_only=True), source
    )
    return list(_data_rows(values, sheet, positions))


def _from_openpyxl(call: Callable[[], T], source: str) -> T:
    """What ``call`` returns; what openpyxl raises on a damaged file becomes one ExportError.
    Only openpyxl's own work goes through here, so that a bug of ours is not passed off as a
    damaged workbook."""
    try:
        return call()
    except READ_ERRORS as error:
        raise unreadable(error, source) from None


def _parsed(
    start: Callable[[], Iterator[tuple[object, ...]]], source: str
) -> Iterator[tuple[object, ...]]:
    """The rows openpyxl parses, lazily, its errors made one ExportError. The ``try`` holds
    only openpyxl's parsing: what the consumer of these rows raises is raised in its own
    frame, never in this one, so our own errors pass through unchanged."""
    rows = _from_openpyxl(start, source)
    try:
        yield from rows
    except READ_ERRORS as error:
        raise unreadable(error, source) from None


def _positions(
    header: tuple[object, ...], sheet: Sheet, optional: frozenset[str]
) -> dict[str, int]:
    found: dict[str, int] = {}
    kept = {column.header for column in sheet.columns if not column.derived}
    for index, value in enumerate(header):
        name = value.strip() if isinstance(value, str) else None
        if name in kept and name in found:
            raise ExportError(
                f"{sheet.name}: the column {quoted(name)} is there twice (columns "
                f"{get_column_letter(found[name] + 1)} and {get_column_letter(index + 1)}); "
                "keep one, so that it is clear which one counts"
            )
        if name is not None and name in sheet.headers:
            found.setdefault(name, index)
    for column in sheet.columns:
        if column.header not in found and not column.derived and column.header not in optional:
            raise ExportError(
                f"{sheet.name}: the column {quoted(column.header)} is missing "
                "(row 1 must hold the column headers)"
            )
    return {
        column.header: found[column.header]
        for column in sheet.columns
        if column.header in found and not column.derived
    }


def _data_rows(
    rows: Iterator[tuple[object, ...]], sheet: Sheet, positions: dict[str, int]
) -> Iterator[Row]:
    filled = 0
    blank: tuple[object, ...] = ()
    for number, values in enumerate(rows, 2):
        if number > EXCEL_LAST_ROW:
            raise ExportError(
                f"{sheet.name}: rows past row {EXCEL_LAST_ROW:,}, Excel's last; refused"
            )
        if values == blank:  # the usual blank row, compared at C speed
            continue
        if values.count(None) == len(values):
            blank = values  # openpyxl pads every row to the same width
            continue
        cells = {
            header: values[index] if index < len(values) else None
            for header, index in positions.items()
        }
        if any(value is not None and value != "" for value in cells.values()):
            filled += 1
            if filled > MAX_ROWS:
                raise ExportError(f"{sheet.name}: more than {MAX_ROWS:,} filled rows; refused")
            yield Row(sheet.name, number, cells)
