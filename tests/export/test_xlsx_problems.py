"""Bad workbooks as people make them: every problem is reported at once, by sheet, row and
column, in the workbook's own words, and nothing is imported (issue 12)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl.workbook.workbook import Workbook

from journeymapper.export import xlsx_problems
from journeymapper.export.common import ExportError
from journeymapper.export.xlsx_import import read_workbook

from .test_xlsx_import import (
    column,
    edited,
    exported,
    refused_by_the_command_line,
    row_of,
    set_cell,
    webshop,
)

Edit = Callable[[Workbook], object]


def _total_line(book: Workbook) -> None:
    ws = book["Touchpoints"]
    below = ws.max_row + 2  # one empty row between the table and the total
    ws.cell(below, column(ws, "Touchpoint")).value = "Total touchpoints"
    ws.cell(below, column(ws, "Channel")).value = 13


def _lone_number(book: Workbook) -> None:
    book["Steps"].cell(240, 1).value = 42


def _own_column(book: Workbook) -> None:
    ws = book["Touchpoints"]
    ws.cell(1, ws.max_column + 1).value = "My notes"
    ws.cell(3, ws.max_column).value = "call Anna about this"


def _value_right_of_the_table(book: Workbook) -> None:
    ws = book["Channels"]
    ws.cell(3, ws.max_column + 2).value = "x"


def _own_sheet(book: Workbook) -> None:
    book.create_sheet("Pivot")["A1"] = "Channel"


def _merged(book: Workbook) -> None:
    ws = book["Touchpoints"]
    at = column(ws, "Owner")
    top = row_of(ws, "tp-checkout")
    ws.merge_cells(start_row=top, start_column=at, end_row=top + 1, end_column=at)


def _formulas(book: Workbook) -> None:
    set_cell(book, "Touchpoints", "tp-checkout", "Note", '=CONCAT("a";"b")')
    set_cell(book, "Process steps", "proc-take-order", "Duration", "=2*4")


def _bad_unit(book: Workbook) -> None:
    set_cell(book, "Process steps", "proc-take-order", "Duration unit", "weeks")


def _three_mistakes(book: Workbook) -> None:
    set_cell(book, "Touchpoints", "tp-wismo-call", "Channel", "Fax")
    set_cell(book, "Steps", "step-compare", "Emotion", 11)
    set_cell(book, "Handovers", "flow-order-payment", "Agreed max wait unit", "fortnights")


BELOW = "so it would not be imported; delete it, or move it up into the table if it is a new row"
BAD_WORKBOOKS: dict[str, tuple[Edit, list[str]]] = {
    "a total line below the table": (
        _total_line,
        [f"Touchpoints row 16: below the table, which ends at row 14 (row 15 is empty), {BELOW}"],
    ),
    "a lone number far down": (
        _lone_number,
        [f"Steps row 240: below the table, which ends at row 19 (row 20 is empty), {BELOW}"],
    ),
    "a column of one's own": (
        _own_column,
        [
            "Touchpoints, column R ('My notes'): not a column of this sheet, so its cells "
            "would not be imported; delete the column (notes belong in a Note column)"
        ],
    ),
    "a value right of the table": (
        _value_right_of_the_table,
        [
            "Channels, column F, row 3: outside the table (the column has no header), so it "
            "would not be imported; delete it"
        ],
    ),
    "a sheet of one's own": (
        _own_sheet,
        [
            "edited.xlsx: the sheet 'Pivot' is not one journeymapper exports, so it would not "
            "be imported; delete it or move it to a workbook of its own"
        ],
    ),
    "merged cells": (
        _merged,
        [
            "Touchpoints, cells G4:G5: merged; a merged cell keeps only its first value, so "
            "unmerge them and give each row its own"
        ],
    ),
    "formulas": (
        _formulas,
        [
            'Touchpoints row 4, column Note: holds the formula \'=CONCAT("a";"b")\', which '
            "journeymapper does not work out; type the text itself (an apostrophe before = "
            "keeps it as text)",
            "Process steps row 3, column Duration: holds the formula '=2*4', which "
            "journeymapper does not work out; type the number itself",
        ],
    ),
    "a unit in the workbook's words": (
        _bad_unit,
        [
            "Process steps row 3, column Duration unit: expected 'working days' or 'hours', "
            "found 'weeks'"
        ],
    ),
    "three mistakes at once": (
        _three_mistakes,
        [
            "Steps row 3, column Emotion: 11 is outside the scale -5..5",
            "Touchpoints row 8, column Channel: no channel named 'Fax'",
            "Handovers row 2, column Agreed max wait unit: expected 'working days' or "
            "'hours', found 'fortnights'",
        ],
    ),
}


@pytest.mark.parametrize("name", BAD_WORKBOOKS)
def test_every_problem_of_a_bad_workbook_is_reported_at_once_and_nothing_imported(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit, expected = BAD_WORKBOOKS[name]
    path = edited(exported(webshop(), tmp_path), edit)
    with pytest.raises(ExportError) as raised:
        read_workbook(path)
    lines = str(raised.value).splitlines()
    if len(expected) == 1:
        assert lines == expected
    else:
        assert lines[0] == f"edited.xlsx: {len(expected)} problems, so nothing was imported:"
        assert [line.strip() for line in lines[1:]] == expected
    folder = tmp_path / "maps"
    folder.mkdir()
    assert expected[-1] in refused_by_the_command_line(path, folder, capsys)


def test_problems_past_the_cap_are_counted_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_problems, "MAX_PROBLEMS", 2)
    path = edited(exported(webshop(), tmp_path), _three_mistakes)
    with pytest.raises(ExportError) as raised:
        read_workbook(path)
    lines = str(raised.value).splitlines()
    assert lines[0] == "edited.xlsx: 3 problems, so nothing was imported:"
    assert len(lines) == 4
    assert lines[-1] == "  and 1 more"


def test_a_row_that_has_a_problem_is_not_reported_again_where_it_is_named(
    tmp_path: Path,
) -> None:
    """A step whose Emotion is a word is one problem, not one more for every touchpoint of
    that step whose name then seems to name nothing."""
    path = edited(
        exported(webshop(), tmp_path),
        lambda book: set_cell(book, "Steps", "step-compare", "Id", "not an id!"),
    )
    with pytest.raises(ExportError) as raised:
        read_workbook(path)
    assert str(raised.value).startswith("Steps row 3, column Id: 'not an id!' is not an id")
    assert "\n" not in str(raised.value)


def test_the_command_line_lists_the_problems_one_per_line(tmp_path: Path) -> None:
    """An analyst's terminal showed '5 problems, so nothing was imported:\\n  Touchpoints, ...'
    on one line: the list was flattened as a one-line message. Now each problem has a line."""
    import subprocess
    import sys

    path = edited(exported(webshop(), tmp_path), lambda book: [_total_line(book), _own_sheet(book)])
    done = subprocess.run(
        [sys.executable, "-m", "journeymapper", "import-xlsx", str(path), str(tmp_path / "x.cjm")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0].endswith("2 problems, so nothing was imported:"), done.stderr
    assert len(lines) == 3 and "\\n" not in done.stderr
    assert any("'Pivot'" in line for line in lines[1:])
    assert any("Total touchpoints" in line or "below the table" in line for line in lines[1:])
    assert not (tmp_path / "x.cjm").exists()
