"""The Excel workbook of a journey map: one real Excel table per sheet, typed cells.

Every user text is written as a string cell, never as a formula or an error value, whatever it
starts with (``=``, ``+``, ``-``, ``@``, ``#N/A``); text starting with a formula character also
gets Excel's quote prefix, so it stays text when someone edits the cell. Characters Excel cannot
store are dropped, text longer than a cell holds is cut, and a list cell too long for a cell
leaves out whole items from its end (so that what is left still reads back as those items); all
of it is reported in the ``ExportReport``, never silently. Numbers are written as numbers with
every digit they have. Whatever this module writes, ``xlsx_import.read_workbook`` reads back.

The workbook is built in memory with openpyxl's streaming writer and written to disk in one
atomic step. ``xlsx_import.read_workbook`` reads it back; the two share ``workbook_schema``.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from journeymapper.export.common import (
    ExportError,
    ExportReport,
    Progress,
    no_progress,
    write_output,
)
from journeymapper.export.workbook_compare import with_comparison
from journeymapper.export.workbook_looks import (
    DERIVED_HEADER_FONT,
    HEADER_FONT,
    WRAPPED,
    SheetLooks,
)
from journeymapper.export.workbook_rows import SheetRows, Value, workbook_rows
from journeymapper.export.workbook_schema import (
    CELL_LIMIT,
    HANDOVERS,
    UNSTORABLE,
    Column,
    Sheet,
    encode_list,
    escape_text,
    fitted_list,
    fitted_text,
)
from journeymapper.model.analysis import Analysis
from journeymapper.model.compare import Comparison
from journeymapper.model.elements import JourneyMap
from journeymapper.model.errors import quoted

MAX_WIDTH = 60
TABLE_STYLE = "TableStyleMedium2"
FORMULA_STARTS = ("=", "+", "-", "@")
_AUTHOR = "journeymapper"
_HEADER_NOTES = {
    "Order": "Position in the map. Sorting the table leaves it alone; change it to move a row "
    "(a new row without one follows the row above it).",
    "Id": "Stable id. Keep it as it is; leave it empty in a new row.",
}
_DERIVED_NOTE = "Computed on export from the rest of the map; the importer ignores this column."
_DERIVED_NOTES = {
    ("Touchpoints", "Emotion"): "The emotion of the touchpoint's first customer step, on the "
    "map's first curve. Every step's is on the sheet 'Touchpoints by step', every curve's "
    "on 'Emotions'. " + _DERIVED_NOTE,
}
_ID_NOTE = (
    "Id of the element named in the column of that name. Keep it: it tells apart elements "
    "with the same name. Name another element there and the name counts."
)
# openpyxl's streaming worksheet; its stubs lack what it borrows from the ordinary one
# (tables, column dimensions, sheet state), so it goes untyped.
StreamSheet = Any


def write_workbook(
    journey: JourneyMap,
    out: Path,
    progress: Progress = no_progress,
    *,
    analysis: Analysis | None = None,
    comparison: Comparison | None = None,
) -> ExportReport:
    """Write the workbook of ``journey`` to ``out`` (whole or not at all); the report lists
    what the workbook could not hold exactly. Pass the ``analysis`` of ``journey`` when it is
    at hand (the editor keeps one), so the export does not run it again. A ``comparison``
    adds a sheet of what changed."""
    report = ExportReport(out)
    try:
        data = workbook_bytes(journey, report, progress, analysis=analysis, comparison=comparison)
    except OSError as error:
        # openpyxl's streaming writer keeps each sheet in a temporary file until it saves, so
        # a full disk shows up here, before anything at ``out`` has been touched.
        raise ExportError(
            f"cannot save {out}: {error.strerror or error} while building the workbook; "
            "the file on disk is unchanged"
        ) from None
    write_output(out, data)
    progress(1.0)
    return report


def workbook_bytes(
    journey: JourneyMap,
    report: ExportReport,
    progress: Progress = no_progress,
    *,
    analysis: Analysis | None = None,
    comparison: Comparison | None = None,
) -> bytes:
    """The .xlsx file of ``journey`` as bytes; warnings go to ``report``."""
    sheets = with_comparison(workbook_rows(journey, analysis), comparison)
    _warn_refused_flows(journey, report)
    progress(0.2)
    book = Workbook(write_only=True)
    book.properties.creator = _AUTHOR
    losses = _Losses()
    looks = SheetLooks(journey.title, {rows.sheet.name: len(rows.rows) for rows in sheets})
    buffer = io.BytesIO()
    try:
        for done, sheet_rows in enumerate(sheets, 1):
            _write_sheet(book, sheet_rows, losses, looks)
            progress(0.2 + 0.7 * done / len(sheets))
        book.save(buffer)
    except BaseException:
        _abandon(book)
        raise
    losses.report(report)
    return buffer.getvalue()


def _abandon(book: Workbook) -> None:
    """Close the streaming sheets of a workbook that failed to build (a full disk, a size
    limit). Left to the garbage collector, each would try to finish its XML in the file that
    failed and print a traceback after the one-line message; its temporary file goes too."""
    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)
        for generator in (getattr(sheet, "_rows", None), getattr(writer, "xf", None)):
            if generator is not None:
                with contextlib.suppress(Exception):
                    generator.close()
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def _warn_refused_flows(journey: JourneyMap, report: ExportReport) -> None:
    """The model allows a flow from a process step to itself and two flows between the same
    steps, the editor (and so the importer) does not: say so now rather than on import."""
    first_row: dict[tuple[str, str], int] = {}
    for row, flow in enumerate(journey.flows, 2):
        where = f"{HANDOVERS.name}, row {row}"
        if flow.source == flow.target:
            report.warn(
                f"{where}: a flow from a process step to itself, which the app does not "
                "allow; importing this workbook refuses it until the row is removed"
            )
        elif (flow.source, flow.target) in first_row:
            report.warn(
                f"{where}: repeats the flow on row {first_row[(flow.source, flow.target)]}, "
                "which the app does not allow; importing this workbook refuses it until one "
                "of the two rows is removed"
            )
        else:
            first_row[(flow.source, flow.target)] = row


class _Losses:
    """What had to change on the way into cells, per sheet and column, for the report."""

    def __init__(self) -> None:
        self.dropped: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        self.cut: defaultdict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        self.not_finite: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        self.left_out: defaultdict[tuple[str, str], list[tuple[int, list[str]]]] = defaultdict(list)

    def report(self, report: ExportReport) -> None:
        for (sheet, column), rows in self.dropped.items():
            report.warn(
                f"{sheet}, column {column}, {_rows_text(rows)}: removed control characters "
                "that an Excel cell cannot hold"
            )
        for (sheet, column), cuts in self.cut.items():
            longest = max(length for _row, length in cuts)
            report.warn(
                f"{sheet}, column {column}, {_rows_text([row for row, _ in cuts])}: text of up "
                f"to {longest:,} characters cut to {CELL_LIMIT:,}, the most an Excel cell "
                "holds; the rest is not in the workbook"
            )
        for (sheet, column), left_out in self.left_out.items():
            for row, items in left_out:
                names = ", ".join(quoted(item, 40) for item in items[:3])
                more = f" and {len(items) - 3} more" if len(items) > 3 else ""
                report.warn(
                    f"{sheet}, column {column}, row {row}: {len(items)} "
                    f"item{'s' if len(items) > 1 else ''} left out, since the cell holds at "
                    f"most {CELL_LIMIT:,} characters: {names}{more}"
                )
        for (sheet, column), rows in self.not_finite.items():
            report.warn(
                f"{sheet}, column {column}, {_rows_text(rows)}: a number that is not "
                "finite was left out"
            )


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def _write_sheet(book: Workbook, sheet_rows: SheetRows, losses: _Losses, looks: SheetLooks) -> None:
    sheet, rows = sheet_rows.sheet, sheet_rows.rows
    ws: StreamSheet = book.create_sheet(sheet.name)
    if sheet.hidden:
        ws.sheet_state = "hidden"
    ws.freeze_panes = "A2"  # the header row; must be set before the first row is written
    looks.dress(ws, sheet, len(rows))
    for index, width in enumerate(_widths(sheet, rows), 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.append(_header(ws, sheet))
    writer = _CellWriter(ws, sheet, losses)
    for number, row in enumerate(rows, 2):
        ws.append(writer.row(row, number))
    _add_table(ws, sheet, len(rows))


def _header(ws: StreamSheet, sheet: Sheet) -> list[Cell]:
    cells = []
    for index, column in enumerate(sheet.columns):
        cell = WriteOnlyCell(ws, column.header)
        cell.data_type = "s"
        note = _header_note(sheet, column)
        if index == 0 and sheet.note:
            note = f"{sheet.note}\n\n{note}".strip()
        if note:
            cell.comment = Comment(note, _AUTHOR, width=320, height=110)
        cell.font = DERIVED_HEADER_FONT if column.derived else HEADER_FONT
        cells.append(cell)
    return cells


def _header_note(sheet: Sheet, column: Column) -> str:
    if column.derived:
        return _DERIVED_NOTES.get((sheet.name, column.header), _DERIVED_NOTE)
    if column.header.endswith(" id") or column.header.endswith(" ids"):
        return _ID_NOTE
    return _HEADER_NOTES.get(column.header, "")


def _add_table(ws: StreamSheet, sheet: Sheet, row_count: int) -> None:
    # A table needs a data row; an empty sheet gets one blank row inside its table.
    ref = f"A1:{get_column_letter(len(sheet.columns))}{max(2, row_count + 1)}"
    table = Table(
        displayName=sheet.table,
        ref=ref,
        tableColumns=[TableColumn(id=n, name=h) for n, h in enumerate(sheet.headers, 1)],
        autoFilter=AutoFilter(ref=ref),
        tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True),
    )
    with warnings.catch_warnings():
        # openpyxl reminds streaming writers to name the columns themselves: done above.
        warnings.filterwarnings("ignore", message="In write-only mode")
        ws.add_table(table)


def _widths(sheet: Sheet, rows: list[list[Value]]) -> list[float]:
    widths = []
    for index, column in enumerate(sheet.columns):
        widest = max((_shown_length(row[index]) for row in rows), default=0)
        widths.append(float(min(MAX_WIDTH, max(column.width, len(column.header) + 4, widest + 2))))
    return widths


def _shown_length(value: Value) -> int:
    if value is None:
        return 0
    if isinstance(value, list):
        return max((_shown_length(item) for item in value), default=0)
    if isinstance(value, str):
        if len(value) > MAX_WIDTH and "\n" not in value:
            return MAX_WIDTH
        return max(len(line) for line in value.split("\n"))
    if isinstance(value, bool):
        return 5
    return len(f"{value:g}")


class _CellWriter:
    """Turns the values of one sheet into cells: strings as strings, numbers exact."""

    def __init__(self, ws: StreamSheet, sheet: Sheet, losses: _Losses) -> None:
        self.ws = ws
        self.sheet = sheet
        self.losses = losses

    def row(self, values: list[Value], number: int) -> list[Cell | bool | int | float | None]:
        return [
            self.cell(value, column, number)
            for value, column in zip(values, self.sheet.columns, strict=True)
        ]

    def cell(self, value: Value, column: Column, row: int) -> Cell | bool | int | float | None:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return self.number(value, column, row)
        if isinstance(value, list):
            return self.list_cell(value, column, row)
        text = self.storable(value, column, row)
        return self.text(text, column, row) if text else None

    def list_cell(self, value: list[str], column: Column, row: int) -> Cell | None:
        items = [self.storable(item, column, row) for item in value]
        fitted = fitted_list(items, _join_lines if column.derived else encode_list)
        where = (self.sheet.name, column.header)
        if fitted.cut:
            self.losses.cut[where].append((row, len(items[0])))
        if fitted.kept < len(items):
            self.losses.left_out[where].append((row, items[fitted.kept :]))
        return self.string_cell(fitted.text) if fitted.text else None

    def storable(self, text: str, column: Column, row: int) -> str:
        if UNSTORABLE.search(text):
            self.losses.dropped[(self.sheet.name, column.header)].append(row)
            return UNSTORABLE.sub("", text)
        return text

    def text(self, text: str, column: Column, row: int) -> Cell:
        escaped = escape_text(text)
        if len(escaped) > CELL_LIMIT:
            self.losses.cut[(self.sheet.name, column.header)].append((row, len(text)))
            escaped = fitted_text(text)
        return self.string_cell(escaped)

    def string_cell(self, escaped: str) -> Cell:
        cell = WriteOnlyCell(self.ws, escaped)
        cell.data_type = "s"  # never a formula (=...) nor an error value (#N/A)
        if escaped.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        if "\n" in escaped:  # several values, or lines: shown one under the other
            cell.alignment = WRAPPED
        return cell

    def number(self, value: float, column: Column, row: int) -> Cell | int | float | None:
        if not math.isfinite(value):
            self.losses.not_finite[(self.sheet.name, column.header)].append(row)
            return None
        if isinstance(value, float) and float(f"{value:.16g}") != value:
            # openpyxl writes 16 significant digits; a double may need 17 to come back.
            cell = WriteOnlyCell(self.ws, repr(value))
            cell.data_type = "n"
            return cell
        return value


def _join_lines(items: list[str]) -> str:
    """A derived list, one item per line: only read by people, never imported."""
    return "\n".join(items)
