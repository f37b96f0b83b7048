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
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from journeymapper.export import xlsx_safety
from journeymapper.export.common import ExportError
from journeymapper.export.workbook import write_workbook
from journeymapper.export.workbook_schema import UNSTORABLE
from journeymapper.export.xlsx_import import read_workbook
from journeymapper.model.elements import JourneyMap, Touchpoint, TouchpointKind
from journeymapper.model.storage import load

from ..conftest import SAMPLE_MAPS
from ..strategies import journey_maps

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
Edit = Callable[[Workbook], object]


def webshop() -> JourneyMap:
    return load(SAMPLE_MAPS / "webshop_order.cjm").journey


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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=journey_maps(max_phases=3, max_steps=3, app_version=None))
def test_any_map_survives_export_and_import(journey: JourneyMap) -> None:
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


def test_formulas_typed_into_text_cells_come_in_as_inert_text(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://example.com","x")'

    def type_formulas(book: Workbook) -> None:
        set_cell(book, "Touchpoints", "tp-checkout", "Touchpoint", "=1+1")
        set_cell(book, "Touchpoints", "tp-checkout", "Note", formula)

    back = read_workbook(edited(exported(webshop(), tmp_path), type_formulas))
    checkout = next(t for t in back.touchpoints if t.id == "tp-checkout")
    assert (checkout.title, checkout.note) == ("=1+1", formula)


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
        "column Duration: expected a number, found the formula '=1+2' (not evaluated)",
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
        "Touchpoints row 4, column Kind: Input should be",
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
}


@pytest.mark.parametrize("name", BAD_EDITS)
def test_a_bad_edit_names_sheet_row_and_column(name: str, tmp_path: Path) -> None:
    edit, message = BAD_EDITS[name]
    path = edited(exported(webshop(), tmp_path), edit)
    before = path.read_bytes()
    with pytest.raises(ExportError) as raised:
        read_workbook(path)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert path.read_bytes() == before


def test_an_error_in_the_last_sheet_read_still_gives_no_map(tmp_path: Path) -> None:
    """Everything else is fine; the map is only returned once all of it is."""
    edit = _cell("Metrics and initiatives", "metric-wismo", "Attached to", "Nowhere")
    path = edited(exported(webshop(), tmp_path), edit)
    result: list[JourneyMap] = []
    with pytest.raises(ExportError, match="column Attached to: no phase or customer step or"):
        result.append(read_workbook(path))
    assert result == []


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
