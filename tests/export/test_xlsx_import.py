"""Excel import: the exported workbook comes back as the same map, an analyst's edits come
through, and a bad or hostile workbook gives one clear error and no map at all (R11)."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from journeymapper import cli
from journeymapper.export import xlsx_safety, xlsx_sheets
from journeymapper.export.common import ExportError
from journeymapper.export.workbook import write_workbook
from journeymapper.export.workbook_schema import (
    STEPS_CURVE_FIELD,
    UNSTORABLE,
    decode_list,
    encode_list,
    escape_text,
    fitted_list,
    split_text,
    unescape_text,
)
from journeymapper.export.xlsx_import import read_workbook
from journeymapper.model.elements import (
    Channel,
    CurveState,
    Duration,
    Flow,
    JourneyMap,
    TimeUnit,
    Touchpoint,
    TouchpointKind,
)
from journeymapper.model.errors import quoted
from journeymapper.model.storage import load, save

from ..conftest import SAMPLE_MAPS
from ..strategies import journey_maps

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
Edit = Callable[[Workbook], object]


def webshop() -> JourneyMap:
    return load(SAMPLE_MAPS / "webshop_order.cjm").journey


def telecom() -> JourneyMap:
    """The telecom sample's two as-is curves, the customer's and the agent's (its to-be curve
    left out): the curve tests below swap, clear and repeat exactly these two."""
    return as_is(load(SAMPLE_MAPS / "telecom_contact_centre.cjm").journey)


def as_is(journey: JourneyMap) -> JourneyMap:
    """``journey`` with its to-be curves left out."""
    curves = [curve for curve in journey.curves if curve.state is CurveState.CURRENT]
    return journey.model_copy(update={"curves": curves})


def exported(journey: JourneyMap, folder: Path, name: str = "map.xlsx") -> Path:
    out = folder / name
    write_workbook(journey, out)
    return out


def edited(path: Path, edit: Edit) -> Path:
    """The workbook after a person changed it, saved by another program (openpyxl)."""
    book = load_workbook(path)
    edit(book)
    out = path.with_name("edited.xlsx")
    book.save(out)
    return out


def column(ws: Worksheet, header: str) -> int:
    return next(cell.column for cell in ws[1] if cell.value == header)


def row_of(ws: Worksheet, element_id: str) -> int:
    return int(next(cell.row for cell in ws["B"] if cell.value == element_id))


def set_cell(book: Workbook, sheet: str, element_id: str, header: str, value: Any) -> None:
    ws = book[sheet]
    ws.cell(row_of(ws, element_id), column(ws, header)).value = value


def storable(model: BaseModel) -> Any:
    """``model`` with the characters no Excel cell can hold removed from its own texts (the
    unknown fields travel as JSON and keep them)."""
    return model.model_copy(update={n: _clean(getattr(model, n)) for n in type(model).model_fields})


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return UNSTORABLE.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, BaseModel):
        return storable(value)
    return value


# -- the round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_map_comes_back_equal(path: Path, tmp_path: Path) -> None:
    journey = load(path).journey
    assert read_workbook(exported(journey, tmp_path)) == journey


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_a_workbook_saved_again_by_another_program_comes_back_equal(
    path: Path, tmp_path: Path
) -> None:
    journey = load(path).journey
    journey.touchpoints[0].note = "line one\r\nline two\rold Mac line"  # XML readers drop \r
    journey.phases[0].steps[0].pain_points = ["", "two\nlines", "[not json"]
    assert read_workbook(edited(exported(journey, tmp_path), lambda book: None)) == journey


def without_refused_flows(journey: JourneyMap) -> JourneyMap:
    """``journey`` without the flows the editor would refuse (to itself, or repeating one)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for flow in journey.flows:
        ends = (flow.source, flow.target)
        if flow.source != flow.target and ends not in seen:
            seen.add(ends)
            kept.append(flow)
    return journey.model_copy(update={"flows": kept})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=journey_maps(max_phases=3, max_steps=3, app_version=None))
def test_any_map_survives_export_and_import(journey: JourneyMap) -> None:
    # The strategy draws self-loops and parallel flows; the importer refuses those as the
    # editor does (see test_flows_the_editor_refuses_are_refused_and_announced).
    journey = without_refused_flows(journey)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "map.xlsx"
        report = write_workbook(journey, out)
        back = read_workbook(out)
    expected = storable(journey)
    assert back == expected
    # Nothing is lost silently: whatever had to go is in the report.
    assert bool(report.warnings) == (expected != journey)


# -- an analyst's edits -----------------------------------------------------------------------


def test_changed_cells_added_rows_and_deleted_rows_come_through(tmp_path: Path) -> None:
    journey = webshop()
    step = journey.phases[1].steps[0]

    def analyst(book: Workbook) -> None:
        set_cell(book, "Touchpoints", "tp-checkout", "Touchpoint", "Checkout, one page")
        set_cell(book, "Touchpoints", "tp-checkout", "Channel", "Chat")  # the id column is stale
        set_cell(book, "Steps", step.id, "Emotion", -4)
        set_cell(book, "Steps", step.id, "Pain points", "Too many fields\nNo guest checkout")
        ws = book["Touchpoints"]
        ws.delete_rows(row_of(ws, "tp-gift-slip"))
        new = ws.max_row + 1
        for header, value in {
            "Touchpoint": "Parcel on its way (text message)",
            "Customer steps": f"{journey.phases[2].steps[0].title}\n{step.title}",
            "Channel": "text message",  # case does not matter when it is unambiguous
            "Owner": "Courier (ParcelXpress)",
            "Kind": "Communication",
        }.items():
            ws.cell(new, column(ws, header)).value = value

    back = read_workbook(edited(exported(journey, tmp_path), analyst))

    added = back.touchpoints[-1]
    assert re.fullmatch(r"tp-[0-9a-f]{8}", added.id)
    expected = journey.model_copy(deep=True)
    checkout = next(t for t in expected.touchpoints if t.id == "tp-checkout")
    checkout.title, checkout.channel = "Checkout, one page", "ch-chat"
    expected.curves[0].points[step.id] = -4.0
    expected.phases[1].steps[0].pain_points = ["Too many fields", "No guest checkout"]
    expected.touchpoints = [t for t in expected.touchpoints if t.id != "tp-gift-slip"]
    expected.touchpoints.append(
        Touchpoint(
            id=added.id,
            title="Parcel on its way (text message)",
            steps=[journey.phases[2].steps[0].id, step.id],
            channel="ch-sms",
            owner="dept-courier",
            kind=TouchpointKind.COMMUNICATION,
        )
    )
    assert back == expected


def test_renaming_an_element_on_its_own_sheet_keeps_the_rows_that_name_it(
    tmp_path: Path,
) -> None:
    journey = webshop()

    def rename(book: Workbook) -> None:
        set_cell(book, "Steps", "step-compare", "Step", "Compare offers")
        set_cell(book, "Channels", "ch-web", "Channel", "Web shop")
        set_cell(book, "Departments", "dept-webshop", "Department", "E-commerce")
        set_cell(book, "Process steps", "proc-take-order", "Process step", "Accept the order")

    back = read_workbook(edited(exported(journey, tmp_path), rename))
    expected = journey.model_copy(deep=True)
    next(s for s in expected.steps() if s.id == "step-compare").title = "Compare offers"
    next(c for c in expected.channels if c.id == "ch-web").name = "Web shop"
    next(d for d in expected.departments if d.id == "dept-webshop").name = "E-commerce"
    next(p for p in expected.process_steps if p.id == "proc-take-order").title = "Accept the order"
    assert back == expected


def test_names_decide_when_the_id_columns_are_gone(tmp_path: Path) -> None:
    journey = webshop()

    def drop_ids(book: Workbook) -> None:
        for name in ("Touchpoints", "Handovers", "Process steps", "Steps", "Curves"):
            ws = book[name]
            for header in [c.value for c in ws[1] if str(c.value).endswith((" id", " ids"))]:
                ws.delete_cols(column(ws, str(header)))
        del book["_elements"]

    assert read_workbook(edited(exported(journey, tmp_path), drop_ids)) == journey


def _reverse_data_rows(ws: Worksheet) -> None:
    rows = [[cell.value for cell in row] for row in ws.iter_rows(min_row=2)]
    for number, values in enumerate(reversed(rows), 2):
        for index, value in enumerate(values, 1):
            ws.cell(number, index).value = value


def test_sorting_the_tables_does_not_reorder_the_journey(tmp_path: Path) -> None:
    journey = webshop()

    def sort_everything(book: Workbook) -> None:
        for name in ("Steps", "Touchpoints", "Phases", "Handovers", "Process steps"):
            _reverse_data_rows(book[name])

    assert read_workbook(edited(exported(journey, tmp_path), sort_everything)) == journey


def test_order_moves_a_step_and_a_new_row_without_order_follows_the_row_above(
    tmp_path: Path,
) -> None:
    journey = webshop()
    first_phase = journey.phases[0]
    last, after = first_phase.steps[-1], first_phase.steps[0]

    def reorder(book: Workbook) -> None:
        set_cell(book, "Steps", last.id, "Order", 0.5)
        ws = book["Steps"]
        below = row_of(ws, after.id) + 1
        ws.insert_rows(below)
        ws.cell(below, column(ws, "Phase")).value = first_phase.title
        ws.cell(below, column(ws, "Step")).value = "Ask a friend"

    back = read_workbook(edited(exported(journey, tmp_path), reorder))
    titles = [s.title for s in back.phases[0].steps]
    expected = [s.title for s in first_phase.steps]
    expected.remove(last.title)
    expected = [last.title, expected[0], "Ask a friend", *expected[1:]]
    assert titles == expected


def test_formulas_typed_into_text_cells_are_reported_not_taken_as_text(tmp_path: Path) -> None:
    """A formula is never worked out, and never silently taken as its text either: the
    person is told where it is and what to type instead (issue 12)."""
    formula = '=HYPERLINK("http://example.com","x")'

    def type_formulas(book: Workbook) -> None:
        set_cell(book, "Touchpoints", "tp-checkout", "Touchpoint", "=1+1")
        set_cell(book, "Touchpoints", "tp-checkout", "Note", formula)

    with pytest.raises(ExportError) as raised:
        read_workbook(edited(exported(webshop(), tmp_path), type_formulas))
    lines = str(raised.value).splitlines()
    assert lines[0] == "edited.xlsx: 2 problems, so nothing was imported:"
    assert (
        lines[1]
        .strip()
        .startswith(
            "Touchpoints row 4, column Touchpoint: holds the formula '=1+1', which journeymapper "
            "does not work out; type the text itself"
        )
    )
    assert (
        lines[2]
        .strip()
        .startswith(f"Touchpoints row 4, column Note: holds the formula {quoted(formula)}")
    )


def test_text_that_only_looks_like_a_formula_comes_back_as_text(tmp_path: Path) -> None:
    """Text starting with = that the exporter wrote (a string cell) is text, not a formula."""
    journey = webshop()
    journey.touchpoints[0].note = "=1+1 is how the shop's calculator starts"
    assert read_workbook(exported(journey, tmp_path)) == journey


# -- clear errors, no map ---------------------------------------------------------------------


def _cell(sheet: str, element_id: str, header: str, value: Any) -> Edit:
    return lambda book: set_cell(book, sheet, element_id, header, value)


def _delete_row(sheet: str, element_id: str) -> Edit:
    def delete(book: Workbook) -> None:
        book[sheet].delete_rows(row_of(book[sheet], element_id))

    return delete


def _rename_header(sheet: str, header: str, new: str) -> Edit:
    def rename(book: Workbook) -> None:
        book[sheet].cell(1, column(book[sheet], header)).value = new

    return rename


def _delete_sheet(name: str) -> Edit:
    def delete(book: Workbook) -> None:
        del book[name]

    return delete


BAD_EDITS: dict[str, tuple[Edit, str]] = {
    "unknown channel": (
        _cell("Touchpoints", "tp-wismo-call", "Channel", "Fax"),
        "Touchpoints row 8, column Channel: no channel named 'Fax'",
    ),
    "text in a number column": (
        _cell("Steps", "step-compare", "Emotion", "very happy"),
        "Steps row 3, column Emotion: expected a number, found 'very happy'",
    ),
    "formula in a number column": (
        _cell("Process steps", "proc-take-order", "Duration", "=1+2"),
        "column Duration: holds the formula '=1+2', which journeymapper does not work out; "
        "type the number itself",
    ),
    "emotion off the scale": (
        _cell("Steps", "step-compare", "Emotion", 11),
        "Steps row 3, column Emotion: 11 is outside the scale -5..5",
    ),
    "dangling reference": (
        lambda book: [
            _cell("Handovers", "flow-order-payment", "From step", "Gone")(book),
            _cell("Handovers", "flow-order-payment", "From step id", "proc-gone")(book),
        ],
        "Handovers row 2, column From step: no process step named 'Gone'",
    ),
    "deleted row still referred to": (
        _delete_row("Steps", "step-compare"),
        "Touchpoints row 2, column Customer steps: "
        "no customer step named 'Compare prices and read reviews'",
    ),
    "duplicate id": (
        _cell("Touchpoints", "tp-checkout", "Id", "tp-product-page"),
        "Touchpoints row 4, column Id: the id 'tp-product-page' is also used on Touchpoints row 2",
    ),
    "malformed id": (
        _cell("Channels", "ch-web", "Id", "web site"),
        "Channels row 2, column Id: 'web site' is not an id",
    ),
    "title too long": (
        _cell("Touchpoints", "tp-checkout", "Touchpoint", "x" * 501),
        "Touchpoints row 4, column Touchpoint: String should have at most 500 characters",
    ),
    "unknown kind": (
        _cell("Touchpoints", "tp-checkout", "Kind", "telepathy"),
        "Touchpoints row 4, column Kind: expected 'communication', 'contact' or 'transaction', "
        "found 'telepathy'",
    ),
    "not a boolean": (
        _cell("Steps", "step-compare", "Moment of Truth", "maybe"),
        "Steps row 3, column Moment of Truth: expected TRUE or FALSE, found 'maybe'",
    ),
    "step without phase": (
        _cell("Steps", "step-compare", "Phase", None),
        "Steps row 3, column Phase: every customer step belongs to a phase",
    ),
    "unknown metric type": (
        lambda book: book["Metrics and initiatives"].cell(2, 3, "Goal"),
        "Metrics and initiatives row 2, column Type: expected Metric or Initiative",
    ),
    "unknown map field": (
        lambda book: book["Map"].cell(2, 1, "Colour"),
        "Map row 2, column Field: 'Colour' is not a field of the map",
    ),
    "missing sheet": (
        _delete_sheet("Handovers"),
        "edited.xlsx: the sheet 'Handovers' is missing",
    ),
    "missing column": (
        _rename_header("Touchpoints", "Channel", "Kanaal"),
        "Touchpoints: the column 'Channel' is missing",
    ),
    "column twice": (
        lambda book: book["Touchpoints"].cell(1, book["Touchpoints"].max_column + 1, "Channel"),
        "Touchpoints: the column 'Channel' is there twice (columns F and R)",
    ),
    "flow to itself": (
        lambda book: [
            _cell("Handovers", "flow-order-payment", "To step", "Take the order")(book),
            _cell("Handovers", "flow-order-payment", "To step id", "proc-take-order")(book),
        ],
        "Handovers row 2, column To step: a flow cannot lead from a process step to itself",
    ),
    "flow repeated": (
        lambda book: [
            _cell("Handovers", "flow-payment-confirm", "From step", "Take the order")(book),
            _cell("Handovers", "flow-payment-confirm", "From step id", "proc-take-order")(book),
            _cell("Handovers", "flow-payment-confirm", "To step", "Authorise the payment")(book),
            _cell("Handovers", "flow-payment-confirm", "To step id", "proc-authorise-payment")(
                book
            ),
        ],
        "Handovers row 3, column To step: row 2 already has a flow from 'Take the order' to "
        "'Authorise the payment'",
    ),
    "steps curve gone": (
        lambda book: _set_map_value(book, STEPS_CURVE_FIELD, "curve-gone"),
        "Map row 20, column Value: no curve 'curve-gone' on the Curves sheet",
    ),
    "bands not names": (
        lambda book: _set_map_value(book, "Bands turned on", "[1, 2]"),
        "Map row 16, column Value: expected band names separated by commas",
    ),
}


def _set_map_value(book: Workbook, field: str, value: object) -> None:
    ws = book["Map"]
    row = next(cell.row for cell in ws["A"] if cell.value == field)
    ws.cell(int(row), 2).value = value


def refused_by_the_command_line(
    workbook: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> str:
    """Import ``workbook`` over a team's existing map as a user would; return the message.
    The map on disk must be byte-identical afterwards and no other file may appear: the
    import refuses a bad workbook whole, before anything is written (R11)."""
    target = folder / "team.cjm"
    save(webshop(), target)
    before, files = target.read_bytes(), sorted(folder.iterdir())
    capsys.readouterr()
    assert cli.main(["import-xlsx", str(workbook), str(target), "--force"]) == cli.EXIT_BAD_INPUT
    assert target.read_bytes() == before
    assert sorted(folder.iterdir()) == files
    return capsys.readouterr().err


@pytest.mark.parametrize("name", BAD_EDITS)
def test_a_bad_edit_names_sheet_row_and_column(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit, message = BAD_EDITS[name]
    path = edited(exported(webshop(), tmp_path), edit)
    with pytest.raises(ExportError) as raised:
        read_workbook(path)
    # The problem is named on one line of its own (a sample may give the edit more than one
    # genuine problem: a deleted step is named by a touchpoint and by every curve's points).
    assert any(message in line for line in str(raised.value).splitlines())
    folder = tmp_path / "maps"
    folder.mkdir()
    assert message in refused_by_the_command_line(path, folder, capsys)


def test_an_error_in_the_last_sheet_read_leaves_the_target_map_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every other sheet is fine and already read when the last one fails: still nothing is
    written over the map the user imports into."""
    edit = _cell("Metrics and initiatives", "metric-wismo", "Attached to", "Nowhere")
    path = edited(exported(webshop(), tmp_path), edit)
    folder = tmp_path / "maps"
    folder.mkdir()
    message = refused_by_the_command_line(path, folder, capsys)
    assert "column Attached to: no phase or customer step or touchpoint named 'Nowhere'" in message


# -- hostile files ----------------------------------------------------------------------------


def rezipped(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """A copy of the workbook at ``source`` with some entries replaced or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            if entry.filename not in replace:
                new.writestr(entry.filename, old.read(entry.filename))
        for name, data in replace.items():
            new.writestr(name, data)
    return target


def billion_laughs(root: bytes) -> bytes:
    """An XML document whose entities would expand to a gigabyte, around ``root``'s body."""
    entities = [b'<!ENTITY lol0 "lol">'] + [
        b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10)
    ]
    doctype = b"<!DOCTYPE lolz [" + b"".join(entities) + b"]>"
    body = root.split(b"?>", 1)[-1]
    body = body.replace(
        b"<sheetData>",
        b'<sheetData><row r="99"><c r="A99" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
        1,
    )
    return b'<?xml version="1.0"?>' + doctype + body


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    return exported(webshop(), tmp_path, "good.xlsx")


def test_a_zip_bomb_is_refused(tmp_path: Path, good: Path) -> None:
    bomb = rezipped(good, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet9.xml": bytes(60 << 20)})
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(ExportError, match=r"unpacks [0-9,]+ times its packed size.*zip bomb"):
        read_workbook(bomb)


def test_too_much_unpacked_data_is_refused(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_safety, "MAX_UNPACKED_BYTES", 50_000)
    with pytest.raises(ExportError, match="unpacks to more than"):
        read_workbook(good)


def test_too_many_entries_are_refused(tmp_path: Path, good: Path) -> None:
    extra = {f"xl/media/pad{n}.bin": b"" for n in range(xlsx_safety.MAX_ENTRIES)}
    with pytest.raises(ExportError, match=r"holds [0-9,]+ files"):
        read_workbook(rezipped(good, tmp_path / "many.xlsx", extra))


@pytest.mark.parametrize("entry", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_an_entity_bomb_is_refused(entry: str, tmp_path: Path, good: Path) -> None:
    with zipfile.ZipFile(good) as archive:
        original = archive.read(entry)
    if entry.endswith("workbook.xml"):
        hostile = (
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "x">]>' + original.split(b"?>", 1)[-1]
        )
    else:
        hostile = billion_laughs(original)
    bomb = rezipped(good, tmp_path / "laughs.xlsx", {entry: hostile})
    with pytest.raises(ExportError, match="declares entities"):
        read_workbook(bomb)


def test_macros_are_refused(tmp_path: Path, good: Path) -> None:
    renamed = tmp_path / "macro.xlsm"
    renamed.write_bytes(good.read_bytes())
    with pytest.raises(ExportError, match="macros"):
        read_workbook(renamed)
    with_vba = rezipped(good, tmp_path / "vba.xlsx", {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    with pytest.raises(ExportError, match=r"macros \(vbaProject.bin\)"):
        read_workbook(with_vba)
    with zipfile.ZipFile(good) as archive:
        types = archive.read("[Content_Types].xml")
    enabled = types.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
    with pytest.raises(ExportError, match="macro-enabled"):
        read_workbook(rezipped(good, tmp_path / "enabled.xlsx", {"[Content_Types].xml": enabled}))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not an Excel workbook"),
        (b"journey,map\n1,2\n", "not an Excel workbook"),
        (b"PK\x03\x04 broken", "not an Excel workbook"),
    ],
)
def test_what_is_not_a_workbook_is_refused(content: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "map.xlsx"
    path.write_bytes(content)
    with pytest.raises(ExportError, match=message):
        read_workbook(path)


def test_a_damaged_sheet_is_refused_with_one_line(tmp_path: Path, good: Path) -> None:
    damaged = rezipped(good, tmp_path / "damaged.xlsx", {"xl/worksheets/sheet2.xml": b"<work"})
    with pytest.raises(ExportError, match="cannot be read as an Excel workbook"):
        read_workbook(damaged)


def test_a_missing_file_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot be read"):
        read_workbook(tmp_path / "nothing.xlsx")


def test_an_oversized_file_is_refused_before_reading(
    good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_safety, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ExportError, match="too large"):
        read_workbook(good)


def test_without_defusedxml_nothing_is_read(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert openpyxl.DEFUSEDXML is True  # installed, and openpyxl parses through it
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(ExportError, match="defusedxml"):
        read_workbook(good)


def test_hostile_fixtures_are_generated_not_stored() -> None:
    """The bomb above is made in memory in a blink: no large file in the repository."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x", bytes(1 << 20))
    assert len(buffer.getvalue()) < 5_000


# -- curves -----------------------------------------------------------------------------------


def _swap_curve_order(book: Workbook) -> None:
    ws = book["Curves"]
    order = column(ws, "Order")
    first, second = ws.cell(2, order), ws.cell(3, order)
    first.value, second.value = second.value, first.value


def _clear_curve_points(book: Workbook) -> None:
    ws = book["Curve points"]
    ws.delete_rows(2, ws.max_row)


def test_reordering_the_curves_keeps_every_emotion_on_its_own_curve(tmp_path: Path) -> None:
    journey = telecom()
    customer, agent = journey.curves
    back = read_workbook(edited(exported(journey, tmp_path), _swap_curve_order))
    assert [c.id for c in back.curves] == [agent.id, customer.id]
    assert back.curves[1].points == customer.points
    assert back.curves[0].points == agent.points


def test_the_steps_emotions_stay_with_their_curve_when_the_other_curve_comes_first(
    tmp_path: Path,
) -> None:
    """The reviewer's case: before, the Steps emotions went to whichever curve came first."""
    journey = telecom()
    customer, agent = journey.curves

    def swap_and_clear(book: Workbook) -> None:
        _swap_curve_order(book)
        _clear_curve_points(book)

    back = read_workbook(edited(exported(journey, tmp_path), swap_and_clear))
    by_id = {curve.id: curve for curve in back.curves}
    assert by_id[customer.id].points == customer.points
    assert by_id[agent.id].points == {}


def test_a_workbook_without_the_curve_row_is_read_when_one_curve_leaves_no_doubt(
    tmp_path: Path,
) -> None:
    """Workbooks exported before the Map sheet named the curve still import, if unambiguous."""
    journey = as_is(webshop())  # one curve

    def drop_row(book: Workbook) -> None:
        ws = book["Map"]
        ws.delete_rows(next(int(c.row) for c in ws["A"] if c.value == STEPS_CURVE_FIELD))

    assert read_workbook(edited(exported(journey, tmp_path), drop_row)) == journey


def test_with_two_curves_and_no_curve_row_the_steps_emotions_are_not_guessed(
    tmp_path: Path,
) -> None:
    def clear(book: Workbook) -> None:
        _set_map_value(book, STEPS_CURVE_FIELD, None)

    with pytest.raises(ExportError, match=r"Steps row 2, column Emotion: which curve do these"):
        read_workbook(edited(exported(telecom(), tmp_path), clear))


def test_a_curve_point_repeating_a_steps_emotion_names_both_rows(tmp_path: Path) -> None:
    journey = telecom()
    step = journey.phases[0].steps[0]
    other = 1.0 if journey.curves[0].points[step.id] != 1.0 else 2.0

    def repeat(book: Workbook) -> None:
        ws = book["Curve points"]
        new = ws.max_row + 1
        for header, value in {"Curve id": "curve-customer", "Step id": step.id}.items():
            ws.cell(new, column(ws, header)).value = value
        ws.cell(new, column(ws, "Curve")).value = journey.curves[0].name
        ws.cell(new, column(ws, "Step")).value = step.title
        ws.cell(new, column(ws, "Emotion")).value = other

    with pytest.raises(ExportError) as raised:
        read_workbook(edited(exported(journey, tmp_path), repeat))
    assert "Curve points row 9, column Emotion: a second value for the step" in str(raised.value)
    assert "the first is on Steps row 2" in str(raised.value)


# -- long texts: whatever the exporter writes, the importer reads ------------------------------


def _long_map(change: Callable[[JourneyMap], object]) -> JourneyMap:
    journey = webshop()
    change(journey)
    return journey


def _pain_points(items: list[str]) -> Callable[[JourneyMap], object]:
    def change(journey: JourneyMap) -> None:
        journey.phases[0].steps[0].pain_points = items

    return change


def _unknown(value: str, nested: bool = False) -> Callable[[JourneyMap], object]:
    def change(journey: JourneyMap) -> None:
        journey.touchpoints[0] = Touchpoint.model_validate(
            journey.touchpoints[0].model_dump() | {"future": value}
        )
        if nested:
            journey.__pydantic_extra__["map_future"] = [value, {"deeper": value}]

    return change


def _note(text: str) -> Callable[[JourneyMap], object]:
    def change(journey: JourneyMap) -> None:
        journey.touchpoints[0].note = text

    return change


# name: (change, warning expected, what comes back differs from the map)
LONG_TEXTS: dict[str, tuple[Callable[[JourneyMap], object], bool, bool]] = {
    "three long pain points": (
        _pain_points(["a" * 15_000, "b" * 15_000, "c" * 15_000]),
        True,
        True,
    ),
    "long pain points as JSON": (
        _pain_points(["two\nlines" + "a" * 15_000, "b" * 15_000, "c" * 15_000]),
        True,
        True,
    ),
    "one JSON pain point that grows when escaped": (
        _pain_points(["[" + "\\" * 19_999]),
        True,
        True,
    ),
    "carriage returns that grow when escaped": (_note("\r" * 20_000), True, True),
    "long lines that fit": (_pain_points(["a" * 16_000, "b" * 16_000]), False, False),
    "a 40,000 character unknown field": (_unknown("x" * 40_000), False, False),
    "unknown fields with escape look-alikes": (
        _unknown("_x0041_" * 12_000 + "\r\u00e9\u2603", nested=True),
        False,
        False,
    ),
}


@pytest.mark.parametrize("name", LONG_TEXTS)
def test_long_texts_come_back_whole_or_as_reported(name: str, tmp_path: Path) -> None:
    change, warned, differs = LONG_TEXTS[name]
    journey = _long_map(change)
    out = tmp_path / "long.xlsx"
    report = write_workbook(journey, out)
    assert bool(report.warnings) is warned, report.warnings
    back = read_workbook(out)  # never refused: the exporter only writes what it can read
    assert (back != journey) is differs
    if differs:
        old, new = journey.phases[0].steps[0], back.phases[0].steps[0]
        assert new.pain_points == old.pain_points[: len(new.pain_points)] or (
            len(new.pain_points) == 1 and old.pain_points[0].startswith(new.pain_points[0])
        )
        assert (
            back.touchpoints[0].note == journey.touchpoints[0].note[: len(back.touchpoints[0].note)]
        )


def test_a_list_too_long_for_a_cell_loses_whole_items_and_names_them(tmp_path: Path) -> None:
    journey = _long_map(_pain_points(["a" * 15_000, "b" * 15_000, "c" * 15_000]))
    out = tmp_path / "long.xlsx"
    report = write_workbook(journey, out)
    assert report.warnings == [
        "Steps, column Pain points, row 2: 1 item left out, since the cell holds at most "
        f"32,767 characters: {quoted('c' * 15_000, 40)}"
    ]
    back = read_workbook(out)
    assert back.phases[0].steps[0].pain_points == ["a" * 15_000, "b" * 15_000]


def test_a_long_unknown_field_is_spread_over_rows_of_the_same_id(tmp_path: Path) -> None:
    journey = _long_map(_unknown("x" * 70_000))
    out = exported(journey, tmp_path)
    ws = load_workbook(out, read_only=True)["_elements"]
    ids = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert ids.count(journey.touchpoints[0].id) == 3
    assert read_workbook(out) == journey


_CELL_TEXT = st.text(
    st.sampled_from(["a", "_", "x", "0", "4", "1", "\r", "\n", "[", '"', "\\", "é"])
)


@settings(max_examples=300, deadline=None)
@given(items=st.lists(_CELL_TEXT, max_size=8), limit=st.integers(min_value=7, max_value=60))
def test_a_fitted_list_cell_always_decodes_to_a_start_of_its_items(
    items: list[str], limit: int
) -> None:
    fitted = fitted_list(items, encode_list, limit)
    assert len(fitted.text) <= limit
    back = decode_list(unescape_text(fitted.text)) if fitted.text else []
    if fitted.cut:
        assert len(back) == 1 and items[0].startswith(back[0]) and fitted.kept == 1
    else:
        assert back == items[: fitted.kept]
        if fitted.kept < len(items):  # an item is left out only when it does not fit
            assert len(escape_text(encode_list(items[: fitted.kept + 1]))) > limit


@settings(max_examples=300, deadline=None)
@given(text=_CELL_TEXT, limit=st.integers(min_value=7, max_value=60))
def test_split_text_pieces_fit_and_join_to_the_text(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(piece and len(escape_text(piece)) <= limit for piece in pieces)


# -- blank rows, the row limit ----------------------------------------------------------------


def test_blank_rows_below_the_data_do_not_count(tmp_path: Path) -> None:
    """A column formatted down to row 300,001 leaves that many blank rows in the sheet."""
    journey = webshop()

    def format_far_down(book: Workbook) -> None:
        for name in ("Steps", "Touchpoints"):
            ws = book[name]
            ws.cell(300_001, 1).font = Font(bold=True)
            for number in range(ws.max_row - 2_000, ws.max_row):
                ws.cell(number, 3).font = Font(italic=True)

    assert read_workbook(edited(exported(journey, tmp_path), format_far_down)) == journey


def test_filled_rows_over_the_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_sheets, "MAX_ROWS", 5)
    with pytest.raises(ExportError, match=r"Phases: more than 5 filled rows; refused"):
        read_workbook(exported(webshop(), tmp_path))


def test_a_row_past_excels_last_is_refused(tmp_path: Path, good: Path) -> None:
    with zipfile.ZipFile(good) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml")
    far = sheet.replace(
        b"</sheetData>", b'<row r="2000000"><c r="A2000000" t="n"><v>1</v></c></row></sheetData>'
    )
    far = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:L2000000"', far)
    hostile = rezipped(good, tmp_path / "far.xlsx", {"xl/worksheets/sheet2.xml": far})
    with pytest.raises(ExportError, match=r"Steps: rows past row 1,048,576, Excel's last"):
        read_workbook(hostile)


# -- what the hidden sheet may and may not do -------------------------------------------------


def test_the_hidden_sheet_cannot_fill_in_a_field_a_person_cleared(tmp_path: Path) -> None:
    journey = webshop()

    def plant_and_clear(book: Workbook) -> None:
        set_cell(book, "Channels", "ch-web", "Colour", None)
        ws = book["_elements"]
        row = next(int(c.row) for c in ws["A"] if c.value == "ch-web")
        ws.cell(row, 3).value = '{"+": {"color": "#ff0000", "future": 1}}'

    back = read_workbook(edited(exported(journey, tmp_path), plant_and_clear))
    web = next(c for c in back.channels if c.id == "ch-web")
    assert web.color == Channel(id="x", name="x").color  # the default, not the hidden value
    assert web.model_extra == {"future": 1}  # unknown fields still come back


def test_nested_unknown_fields_come_back_but_not_over_known_ones(tmp_path: Path) -> None:
    """A cleared unit means the default unit, even when the hidden sheet holds another."""
    journey = webshop()
    flow = next(f for f in journey.flows if f.id == "flow-order-payment")
    assert flow.measured_wait is not None and flow.measured_wait.unit is TimeUnit.HOURS

    def plant_and_clear(book: Workbook) -> None:
        set_cell(book, "Handovers", flow.id, "Measured wait unit", None)
        ws = book["_elements"]
        row = next(int(c.row) for c in ws["A"] if c.value == flow.id)
        ws.cell(row, 3).value = '{"measured_wait": {"+": {"unit": "hours", "future": "kept"}}}'

    back = read_workbook(edited(exported(journey, tmp_path), plant_and_clear))
    wait = next(f for f in back.flows if f.id == flow.id).measured_wait
    assert wait is not None
    assert wait.unit is Duration(value=1).unit is TimeUnit.WORKING_DAYS
    assert wait.model_extra == {"future": "kept"}


# -- flows the editor refuses -----------------------------------------------------------------


def test_flows_the_editor_refuses_are_refused_and_announced(tmp_path: Path) -> None:
    """The model allows them (an older file may hold them); the export says the import will
    refuse them, and the import does, naming the row."""
    journey = webshop()
    take, pay = "proc-take-order", "proc-authorise-payment"
    journey.flows.append(Flow(id="flow-again", source=take, target=pay))
    journey.flows.append(Flow(id="flow-self", source=pay, target=pay))
    out = tmp_path / "map.xlsx"
    report = write_workbook(journey, out)
    last = len(journey.flows) + 1
    assert [w.split(":")[0] for w in report.warnings] == [
        f"Handovers, row {last - 1}",
        f"Handovers, row {last}",
    ]
    assert "repeats the flow on row 2" in report.warnings[0]
    assert "from a process step to itself" in report.warnings[1]
    with pytest.raises(ExportError, match=rf"Handovers row {last - 1}, column To step: row 2"):
        read_workbook(out)


# -- read errors: openpyxl's, never ours ------------------------------------------------------


def _damaged(good: Path, entry: str, change: Callable[[bytes], bytes], target: Path) -> Path:
    with zipfile.ZipFile(good) as archive:
        original = archive.read(entry)
    return rezipped(good, target, {entry: change(original)})


DAMAGE: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "cell reference (ValueError)": (
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace(b'r="A2"', b'r="A?"', 1),
    ),
    "missing relationship (KeyError)": (
        "xl/_rels/workbook.xml.rels",
        lambda xml: re.sub(rb'Id="rId1"', b'Id="rId999"', xml, count=1),
    ),
    "shared string not there (IndexError)": (
        "xl/worksheets/sheet2.xml",
        lambda xml: re.sub(
            rb'<c r="C2" t="inlineStr"><is><t>[^<]*</t></is></c>',
            b'<c r="C2" t="s"><v>5</v></c>',
            xml,
            count=1,
        ),
    ),
    "style of the wrong type (TypeError)": (
        "xl/styles.xml",
        lambda _xml: (
            b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            b'main"><numFmts count="1"><numFmt/></numFmts></styleSheet>'
        ),
    ),
    "not XML (ParseError)": ("xl/worksheets/sheet2.xml", lambda _xml: b"<work"),
}


@pytest.mark.parametrize("name", DAMAGE)
def test_what_openpyxl_raises_on_a_damaged_file_is_one_clear_error(
    name: str, tmp_path: Path, good: Path
) -> None:
    entry, change = DAMAGE[name]
    damaged = _damaged(good, entry, change, tmp_path / "damaged.xlsx")
    with pytest.raises(ExportError, match=r"damaged\.xlsx: cannot be read as an Excel workbook"):
        read_workbook(damaged)


@pytest.mark.parametrize("error", [KeyError, TypeError, IndexError, ValueError])
def test_a_bug_in_our_own_reading_is_not_reported_as_a_damaged_file(
    error: type[Exception], good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise error("a bug of ours")

    monkeypatch.setattr(xlsx_sheets, "_positions", broken)
    with pytest.raises(error, match="a bug of ours"):
        read_workbook(good)
