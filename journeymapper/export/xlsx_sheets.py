"""Reading the rows of one workbook sheet, with typed access that names sheet, row and column.

Cells come from openpyxl's sheet parser (see ``xlsx_cells``): text, numbers, booleans, dates
or nothing. A formula is never evaluated: one that is a plain constant of its column's type
(``=FALSE()`` in a boolean column, as LibreOffice writes every FALSE) counts as that value,
any other is a problem. A cell showing an error arrives as its code (``#N/A``): text in a text
column, an error in a number column. What lies outside the sheet's table (rows below it after
an empty row, columns without a header or with one of a person's own) and merged cells are
problems too, all noted in a ``Problems`` and reported at once.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from journeymapper.export.common import ExportError
from journeymapper.export.workbook_schema import Sheet, decode_list, unescape_text
from journeymapper.export.xlsx_cells import Formula, SheetCells, sheet_rows, table_end
from journeymapper.export.xlsx_problems import Echo, Problems
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

    def value(self, column: str) -> object:
        """The cell's value; a formula noted as a problem stops the row's reading quietly."""
        value = self.cells.get(column)
        if isinstance(value, Formula):
            raise Echo(f"{self.sheet} row {self.excel_row}, column {column}: a formula")
        return value

    def optional_text(self, column: str) -> str | None:
        """The cell as text, None when it is empty."""
        value = self.value(column)
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
        value = self.value(column)
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
        value = self.value(column)
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


def read_rows(
    book: Workbook, sheet: Sheet, source: str, optional: frozenset[str], problems: Problems
) -> list[Row] | None:
    """The non-blank data rows of ``sheet``; None when the sheet cannot be read as a table
    of it (a column missing or there twice). Every other problem (a column or a value outside
    the table, merged cells, formulas) goes to ``problems`` and the reading goes on."""
    worksheet = _from_openpyxl(lambda: book[sheet.name], source)
    end = _from_openpyxl(lambda: table_end(worksheet), source)
    found = SheetCells()
    rows = _parsed(lambda: sheet_rows(worksheet, MAX_COLUMNS, found), source)
    first = next(rows, None)
    header: tuple[object, ...] = first[1] if first is not None and first[0] == 1 else ()
    try:
        positions = _positions(header, sheet, optional)
    except ExportError as error:
        problems.add(str(error))
        return None
    _check_header(header, sheet, problems)
    if first is not None and first[0] != 1:
        rows = itertools.chain([first], rows)
    reader = _SheetReader(sheet, positions, len(header), problems)
    data = list(reader.rows(rows, end or 1))
    for ref in found.merged:
        problems.add(
            f"{sheet.name}, cells {ref}: merged; a merged cell keeps only its first value, "
            "so unmerge them and give each row its own"
        )
    reader.report_loose()
    return data


def _check_header(header: tuple[object, ...], sheet: Sheet, problems: Problems) -> None:
    """Columns a person added: their cells would be lost, so they are reported."""
    for index, value in enumerate(header):
        name = value.strip() if isinstance(value, str) else value
        if name is None or name == "" or name in sheet.headers:
            continue
        problems.add(
            f"{sheet.name}, column {get_column_letter(index + 1)} ({quoted(str(name))}): "
            "not a column of this sheet, so its cells would not be imported; delete the "
            "column (notes belong in a Note column)"
        )


def _from_openpyxl(call: Callable[[], T], source: str) -> T:
    """What ``call`` returns; what openpyxl raises on a damaged file becomes one ExportError.
    Only openpyxl's own work goes through here, so that a bug of ours is not passed off as a
    damaged workbook."""
    try:
        return call()
    except READ_ERRORS as error:
        raise unreadable(error, source) from None


def _parsed(start: Callable[[], Iterator[T]], source: str) -> Iterator[T]:
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


class _SheetReader:
    """Turns the parsed rows of one sheet into ``Row``s, noting what lies outside its table
    and the formulas that are not plain constants."""

    def __init__(
        self, sheet: Sheet, positions: dict[str, int], width: int, problems: Problems
    ) -> None:
        self.sheet = sheet
        self.positions = positions
        self.types = {column.header: column.type for column in sheet.columns}
        self.width = width  # the header's width: cells right of it are outside the table
        self.problems = problems
        self.loose: dict[int, list[int]] = {}  # column index -> rows with a cell outside

    def rows(self, rows: Iterator[tuple[int, tuple[object, ...]]], end: int) -> Iterator[Row]:
        """The table's rows: up to its last row ``end``, and on below as long as no blank
        row comes between (a row typed just under the table joins it, as in Excel)."""
        filled = 0
        last = 1
        for number, values in rows:
            if number > EXCEL_LAST_ROW:
                raise ExportError(
                    f"{self.sheet.name}: rows past row {EXCEL_LAST_ROW:,}, Excel's last; refused"
                )
            if not any(value is not None and value != "" for value in values):
                continue
            if number > end and number != last + 1:
                self._outside(number, last)
                continue
            last = number
            self._note_loose(number, values)
            cells = {
                header: self._cell(number, header, values[index] if index < len(values) else None)
                for header, index in self.positions.items()
            }
            filled += 1
            if filled > MAX_ROWS:
                raise ExportError(f"{self.sheet.name}: more than {MAX_ROWS:,} filled rows; refused")
            yield Row(self.sheet.name, number, cells)

    def _outside(self, number: int, last: int) -> None:
        self.problems.add(
            f"{self.sheet.name} row {number}: below the table, which ends at row {last} "
            f"(row {last + 1} is empty), so it would not be imported; delete it, or move it "
            "up into the table if it is a new row"
        )

    def _note_loose(self, number: int, values: tuple[object, ...]) -> None:
        for index in range(self.width, len(values)):
            if values[index] is not None and values[index] != "":
                self.loose.setdefault(index, []).append(number)

    def report_loose(self) -> None:
        """One problem per column right of the table holding values."""
        for index, rows in self.loose.items():
            shown = ", ".join(str(row) for row in rows[:3])
            more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
            self.problems.add(
                f"{self.sheet.name}, column {get_column_letter(index + 1)}, "
                f"row{'s' if len(rows) > 1 else ''} {shown}{more}: outside the table (the "
                "column has no header), so it would not be imported; delete it"
            )

    def _cell(self, number: int, header: str, value: object) -> object:
        """A cell's value; a formula is taken only when it is a constant of the column's
        type (LibreOffice writes TRUE and FALSE as ``TRUE()`` and ``FALSE()``)."""
        if not isinstance(value, Formula):
            return value
        constant = formula_constant(value, self.types[header])
        if constant is not None:
            return constant
        what = "number" if self.types[header] in ("number", "integer") else "value"
        if self.types[header] in ("text", "list"):
            what = "text"
        self.problems.add(
            f"{self.sheet.name} row {number}, column {header}: holds the formula "
            f"{quoted(value.text)}, which journeymapper does not work out; type the {what} "
            "itself" + (" (an apostrophe before = keeps it as text)" if what == "text" else "")
        )
        return value  # reading it raises Echo: the problem is noted once, here


_BOOLEAN_FORMULA = re.compile(r"=\s*(TRUE|FALSE)\s*(?:\(\s*\))?\s*", re.IGNORECASE)
_NUMBER_FORMULA = re.compile(r"=\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*")


def formula_constant(formula: Formula, kind: str) -> bool | float | None:
    """The value of a formula that is a plain constant of the column's ``kind`` (``=TRUE()``
    in a boolean column, ``=42`` in a number column) and agrees with the value stored with
    it; None for any other formula."""
    if kind == "boolean":
        match = _BOOLEAN_FORMULA.fullmatch(formula.text)
        if match is None:
            return None
        value = match.group(1).upper() == "TRUE"
        stored = None if formula.stored is None else formula.stored.strip().upper()
        agrees = stored is None or stored == ("1" if value else "0") or stored == str(value).upper()
        return value if agrees else None
    if kind in ("number", "integer"):
        match = _NUMBER_FORMULA.fullmatch(formula.text)
        if match is None:
            return None
        number = float(match.group(1))
        try:
            agrees = formula.stored is None or float(formula.stored) == number
        except ValueError:
            agrees = False
        return number if agrees and math.isfinite(number) else None
    return None
