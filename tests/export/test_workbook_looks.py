"""The workbook reads and prints well, read back with openpyxl on its own (issue 12): wrapped
multi-value cells, a long table of touchpoints by step, every curve's emotions, drop-down
lists for the fixed choices, a print set-up, and a named font everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from journeymapper.export.workbook import write_workbook
from journeymapper.export.workbook_looks import CHOICES, SPARE_ROWS
from journeymapper.export.workbook_schema import SHEETS, Sheet
from journeymapper.model.analysis import run_analysis
from journeymapper.model.elements import JourneyMap
from journeymapper.model.storage import load

from ..conftest import SAMPLE_MAPS
from .test_workbook import records

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))


def exported_book(journey: JourneyMap, tmp_path: Path) -> Workbook:
    out = tmp_path / "map.xlsx"
    write_workbook(journey, out)
    return load_workbook(out)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_long_table_has_one_row_per_touchpoint_and_step_with_its_emotion_and_phase(
    path: Path, tmp_path: Path
) -> None:
    journey = load(path).journey
    context = run_analysis(journey).context
    rows = records(exported_book(journey, tmp_path), "Touchpoints by step")
    titles = {step.id: step.title for step in journey.steps()}
    expected = [
        (
            touchpoint.id,
            step_id,
            titles[step_id],
            context.phase_of[step_id].title,
            context.emotion.get(step_id),
            touchpoint.title,
        )
        for touchpoint in journey.touchpoints
        for step_id in touchpoint.steps
    ]
    assert len(expected) > len(journey.touchpoints)  # some touchpoints span several steps
    assert [
        (r["Touchpoint id"], r["Step id"], r["Step"], r["Phase"], r["Emotion"], r["Touchpoint"])
        for r in rows
    ] == expected


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_curve_has_the_emotion_of_every_step(path: Path, tmp_path: Path) -> None:
    journey = load(path).journey
    rows = records(exported_book(journey, tmp_path), "Emotions")
    expected = [
        (step.id, curve.id, curve.name, curve.points.get(step.id))
        for step in journey.steps()
        for curve in journey.curves
    ]
    assert [(r["Step id"], r["Curve id"], r["Curve"], r["Emotion"]) for r in rows] == expected


def test_cells_of_several_values_wrap(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    ws = exported_book(journey, tmp_path)["Touchpoints"]
    steps = [cell.value for cell in ws[1]].index("Customer steps") + 1
    several = [ws.cell(row, steps) for row in range(2, ws.max_row + 1)]
    several = [cell for cell in several if isinstance(cell.value, str) and "\n" in cell.value]
    assert several  # touchpoints of several steps
    assert all(cell.alignment.wrap_text for cell in several)
    assert all(cell.alignment.vertical == "top" for cell in several)


def _column(sheet: Sheet, header: str) -> str:
    return get_column_letter(sheet.headers.index(header) + 1)


def test_fixed_choice_columns_have_drop_down_lists(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    book = exported_book(journey, tmp_path)
    sheets = {sheet.name: sheet for sheet in SHEETS}
    checked = set()
    for (name, header), choices in CHOICES.items():
        ws = book[name]
        letter = _column(sheets[name], header)
        rows = ws.max_row - 1
        found = [v for v in ws.data_validations.dataValidation if letter + "2" in str(v.sqref)]
        assert len(found) == 1, (name, header)
        validation = found[0]
        assert validation.type == "list"
        assert str(validation.sqref) == f"{letter}2:{letter}{rows + 1 + SPARE_ROWS}"
        if isinstance(choices, Sheet):
            # The list is the names on the other sheet, every one of them.
            source, cells = str(validation.formula1).split("!")
            names = book[source.strip("'")][cells.replace("$", "")]
            shown = [row[0].value for row in names]
            expected = {"Channels": journey.channels, "Departments": journey.departments}
            assert shown == [element.name for element in expected[choices.name]]
        else:
            assert str(validation.formula1) == '"' + ",".join(choices) + '"'
        checked.add(header)
    assert {"Channel", "Owner", "Kind", "Duration unit", "Status"} <= checked
    unit = _column(sheets["Process steps"], "Duration unit") + "2"
    units = next(
        v for v in book["Process steps"].data_validations.dataValidation if unit in str(v.sqref)
    )
    assert units.formula1 == '"working days,hours"'


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_row(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    journey.title = "Orders & returns"
    book = exported_book(journey, tmp_path)
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert ws.page_setup.orientation == "landscape", sheet.name
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddHeader.left.text == "Orders && returns"  # & doubled: shown as itself
        assert ws.oddHeader.center.text == "&A"
        assert ws.oddHeader.right.text.startswith("Exported 20")
        assert ws.oddFooter.center.text == "Page &P of &N"


def test_a_title_with_control_characters_and_lines_makes_a_readable_page_header(
    tmp_path: Path,
) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    journey.title = "\x00Orders\x07\nand  returns\r"
    ws = exported_book(journey, tmp_path)["Steps"]
    assert ws.oddHeader.left.text == "Orders and returns"


def test_every_font_has_a_name(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    book = exported_book(journey, tmp_path)
    fonts = list(book._fonts)  # every font of the workbook's style sheet
    assert fonts
    assert all(font.name for font in fonts)
    derived = book["Touchpoints"]["C1"]  # Phase: computed on export
    assert derived.font.name == "Calibri" and derived.font.i
