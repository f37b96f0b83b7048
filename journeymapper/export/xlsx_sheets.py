"""Reading the rows of one workbook sheet, with typed access that names sheet, row and column.

Cells come from openpyxl's read-only reader: text, numbers, booleans, dates or nothing. A
formula arrives as its text (``=A1+1``) and is never evaluated; a cell showing an error
arrives as its code (``#N/A``). In a text column both are simply text; in a number column
they are errors that say so.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from openpyxl.workbook.workbook import Workbook

from journeymapper.export.common import ExportError
from journeymapper.export.workbook_schema import Sheet, decode_list, unescape_text
from journeymapper.export.xlsx_safety import READ_ERRORS, unreadable
from journeymapper.model.errors import quoted

# Generous bounds: a journey map has hundreds of rows and about twenty columns per sheet.
MAX_ROWS = 200_000
MAX_COLUMNS = 256
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
    worksheet = book[sheet.name]
    try:
        header = next(
            worksheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ()
        )
        positions = _positions(header, sheet, optional)
        width = max(positions.values(), default=0) + 1
        return list(
            _data_rows(
                worksheet.iter_rows(min_row=2, max_col=width, values_only=True), sheet, positions
            )
        )
    except ExportError:
        raise
    except READ_ERRORS as error:
        raise unreadable(error, source) from None


def _positions(
    header: tuple[object, ...], sheet: Sheet, optional: frozenset[str]
) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        if isinstance(value, str) and value.strip() in sheet.headers:
            found.setdefault(value.strip(), index)
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
    for number, values in enumerate(rows, 2):
        if number > MAX_ROWS:
            raise ExportError(f"{sheet.name}: more than {MAX_ROWS:,} rows; refused")
        cells = {
            header: values[index] if index < len(values) else None
            for header, index in positions.items()
        }
        if any(value is not None and value != "" for value in cells.values()):
            yield Row(sheet.name, number, cells)
