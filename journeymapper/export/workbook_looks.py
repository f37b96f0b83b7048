"""How the workbook reads and prints: fonts, drop-down lists and the page set-up of a sheet.

Every font the workbook uses has a name (a header font without one shows differently in
every program). Columns with fixed choices (a touchpoint's channel, owner and kind, a unit, an
initiative's status) get a drop-down list: the choices are the names on the Channels or
Departments sheet, or the words the workbook itself writes ("working days"). A value outside
the list only warns, since the importer is the one that decides (a new channel typed in a
different case is still found). Each sheet prints landscape, one page wide, with the header
row on every page, the map's title and the export date in the page header and the page
number in the footer.
"""

from __future__ import annotations

import datetime
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from journeymapper.export.workbook_rows import INITIATIVE_TYPE, METRIC_TYPE, UNIT_LABEL
from journeymapper.export.workbook_schema import (
    CHANNELS,
    CURVES,
    DEPARTMENTS,
    HANDOVERS,
    METRICS,
    PROCESS_STEPS,
    TOUCHPOINTS,
    UNSTORABLE,
    Sheet,
)
from journeymapper.model.elements import (
    CurveKind,
    CurveState,
    DepartmentKind,
    InitiativeStatus,
    TouchpointKind,
)

FONT_NAME = "Calibri"  # the font of openpyxl's default style, which the data cells use
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
DERIVED_HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True, italic=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")
# Rows below the data that keep the drop-down lists, for the rows a person adds.
SPARE_ROWS = 200
# Excel's limit on a header or footer section, and on an explicit list of choices.
_HEADER_LIMIT = 80
_LIST_LIMIT = 255
_UNITS = tuple(UNIT_LABEL.values())

# The fixed-choice columns: (sheet, column) -> the choices, or the sheet whose names they are.
Choices = tuple[str, ...] | Sheet
CHOICES: dict[tuple[str, str], Choices] = {
    (TOUCHPOINTS.name, "Channel"): CHANNELS,
    (TOUCHPOINTS.name, "Owner"): DEPARTMENTS,
    (TOUCHPOINTS.name, "Kind"): tuple(kind.value for kind in TouchpointKind),
    (DEPARTMENTS.name, "Kind"): tuple(kind.value for kind in DepartmentKind),
    (PROCESS_STEPS.name, "Department"): DEPARTMENTS,
    (PROCESS_STEPS.name, "Duration unit"): _UNITS,
    (HANDOVERS.name, "Agreed max wait unit"): _UNITS,
    (HANDOVERS.name, "Measured wait unit"): _UNITS,
    (METRICS.name, "Type"): (METRIC_TYPE, INITIATIVE_TYPE),
    (METRICS.name, "Status"): tuple(status.value for status in InitiativeStatus),
    (CURVES.name, "Kind"): tuple(kind.value for kind in CurveKind),
    (CURVES.name, "State"): tuple(state.value for state in CurveState),
}
# The column of a sheet holding the names that a reference to it picks from.
_NAME_COLUMN = {CHANNELS.name: "Channel", DEPARTMENTS.name: "Department"}


class SheetLooks:
    """Dresses each sheet of one export: page set-up and drop-down lists."""

    def __init__(self, title: str, row_counts: dict[str, int]) -> None:
        self.title = title
        self.row_counts = row_counts
        self.today = datetime.date.today().isoformat()

    def dress(self, ws: Any, sheet: Sheet, row_count: int) -> None:
        """Set up ``ws`` (a streaming sheet, before its first row) for ``sheet``."""
        self.page_setup(ws)
        for index, column in enumerate(sheet.columns, 1):
            choices = CHOICES.get((sheet.name, column.header))
            if choices is not None:
                self.drop_down(ws, index, choices, row_count)

    def page_setup(self, ws: Any) -> None:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as it takes
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_title_rows = "1:1"
        title = self.title if len(self.title) <= _HEADER_LIMIT else self.title[:_HEADER_LIMIT] + "…"
        ws.oddHeader.left.text = _literal(title)
        ws.oddHeader.center.text = "&A"  # the sheet's name
        ws.oddHeader.right.text = _literal(f"Exported {self.today}")
        ws.oddFooter.center.text = "Page &P of &N"

    def drop_down(self, ws: Any, index: int, choices: Choices, row_count: int) -> None:
        letter = get_column_letter(index)
        if isinstance(choices, Sheet):
            names = get_column_letter(choices.headers.index(_NAME_COLUMN[choices.name]) + 1)
            last = max(2, self.row_counts.get(choices.name, 0) + 1)
            formula = f"'{choices.name}'!${names}$2:${names}${last}"
        else:
            formula = '"' + ",".join(choices) + '"'
            if len(formula) > _LIST_LIMIT:
                return
        validation = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Not one of the choices",
            error="This is not one of the choices; the import will say so if it names nothing.",
        )
        validation.add(f"{letter}2:{letter}{row_count + 1 + SPARE_ROWS}")
        ws.data_validations.append(validation)


def _literal(text: str) -> str:
    """``text`` shown as it is in a page header (``&`` starts a code there), on one line and
    without the characters no XML file can hold (a title may have any)."""
    return " ".join(UNSTORABLE.sub("", text).split()).replace("&", "&&")
