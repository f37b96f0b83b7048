"""The A4 report, read back with pypdf: pages, every title, escaped markup, dashboards."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from journeymapper.export import report_text
from journeymapper.export.common import ExportError
from journeymapper.export.poster import render_poster, write_poster
from journeymapper.export.report import render_report, write_report
from journeymapper.export.report_tables import KIND_TITLES
from journeymapper.model import load
from journeymapper.model.analysis import Analysis, analyze, run_analysis
from journeymapper.model.analysis.context import AnalysisParameters, Context
from journeymapper.model.elements import (
    Duration,
    Flow,
    HandoverAgreement,
    Initiative,
    InitiativeStatus,
    JourneyMap,
    Metric,
    Persona,
    ProcessStep,
    TimeUnit,
)
from tests.conftest import SAMPLE_MAPS
from tests.export.test_poster import (
    EMOJI,
    MM,
    PAYLOADS,
    UNCOVERED,
    all_text,
    assert_fonts_embedded,
    extraction_problems,
    flat,
    payload_map,
    pdf_points,
    pdftotext,
    read,
    sample_maps,
    titles,
)


@pytest.mark.parametrize("path", sample_maps(), ids=lambda p: p.stem)
def test_report_carries_every_title_and_dashboard(path: Path) -> None:
    journey = load(path).journey
    data, warnings = render_report(journey, source_name=path.name)
    # The only warning a sample's report may carry names the map's texts cut with '…'.
    assert [w for w in warnings if "did not fit their boxes" not in w] == []
    text = all_text(data)
    expected = titles(journey) + [p.title for p in journey.process_steps]
    expected += [m.name for m in journey.metrics] + [i.title for i in journey.initiatives]
    expected += [i.contact for i in journey.initiatives if i.contact]
    expected += [p.name for p in journey.personas]
    missing = [title for title in expected if flat(title) not in text]
    assert not missing
    assert path.name in text
    assert_fonts_embedded(data)


def test_pages_are_a4_with_the_map_phase_by_phase() -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    data, _ = render_report(journey)
    sizes = [tuple(round(float(v) / MM) for v in page.mediabox[2:]) for page in read(data).pages]
    # The map pages are landscape (test_report_map.py), the others portrait.
    assert set(sizes) <= {(210, 297), (297, 210)} and len(sizes) >= 5
    texts = [flat(page.extract_text()) for page in read(data).pages]
    start = next(n for n, t in enumerate(texts) if flat("The journey, phase by phase") in t)
    end = next(n for n, t in enumerate(texts) if n > start and "Findings" in t)
    map_pages = "".join(texts[start:end])
    assert all(flat(t) in map_pages for t in titles(journey))
    for text, x, y, (left, bottom, right, top) in pdf_points(data):
        assert left <= x <= right and bottom <= y <= top, (text, x, y)


def test_findings_are_grouped_by_kind_in_analysis_order() -> None:
    journey = load(SAMPLE_MAPS / "health_insurance_claim.cjm").journey
    text = all_text(render_report(journey)[0])
    kinds = list(dict.fromkeys(f.kind for f in analyze(journey)))
    positions = [text.index(f"{KIND_TITLES[kind]} (") for kind in kinds]
    assert positions == sorted(positions) and len(positions) >= 2
    for finding in analyze(journey):
        assert flat(finding.message) in text


def test_user_markup_prints_literally_and_reads_no_file(tmp_path: Path) -> None:
    journey = payload_map()
    journey.personas = [Persona(id="who", name=PAYLOADS["img"], quote=PAYLOADS["font"])]
    journey.metrics = [
        Metric(id="m1", name=PAYLOADS["font"], attached_to="p1", value=3, unit="<b>")
    ]
    journey.initiatives = [
        Initiative(id="i1", title=PAYLOADS["img"], attached_to="s2", contact=PAYLOADS["arabic"])
    ]
    report = write_report(journey, tmp_path / "r.pdf")
    data = (tmp_path / "r.pdf").read_bytes()
    text = all_text(data)
    for name, payload in PAYLOADS.items():
        assert payload in text, name
    assert "3 <b>" in text
    assert b"/Subtype /Image" not in data and b"root:" not in data
    assert [w for w in report.warnings if "did not fit their boxes" not in w] == []
    assert_fonts_embedded(data)


def test_a_character_no_font_covers_is_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "r.pdf"
    report = write_report(payload_map(f"{UNCOVERED} in the app {EMOJI} now"), out)
    assert any("no glyph" in w and "U+9867" in w for w in report.warnings)
    assert any("no glyph" in w and "U+1F600" in w for w in report.warnings)
    data = out.read_bytes()
    text = all_text(data)
    assert "\ufffd\ufffd in the app \ufffd now" in text and "\x00" not in text
    assert extraction_problems(data, caplog) == []
    poppler = pdftotext(out)
    assert poppler is None or "\ufffd\ufffd in the app \ufffd now" in poppler


@pytest.mark.parametrize(
    "note",
    ["m" * 2000, "W" * 2000, "顧" * 2000, "word " * 4000, "z" * 20000, "Wm " * 6000],
    ids=["narrow-letters", "wide-letters", "cjk", "words", "one-long-word", "short-words"],
)
def test_a_note_longer_than_a_page_is_cut_with_an_ellipsis_and_reported(note: str) -> None:
    journey = payload_map()
    journey.metrics = [Metric(id="m1", name="Calls", attached_to="p1", note=note)]
    data, warnings = render_report(journey)
    cut = [w for w in warnings if "too long for the report" in w]
    assert len(cut) == 1 and "in KPI 'Calls'" in cut[0] and "workbook" in cut[0]
    text = all_text(data)
    dashboard = text[text.index("The journey, phase by phase") :]  # beside each phase's map
    assert "Calls" in dashboard and "…" in dashboard
    assert len(read(data).pages) < 12


@pytest.mark.parametrize("width", [40.0, 83.0, 300.0])
@pytest.mark.parametrize("note", ["m" * 2000, "W" * 2000, "顧" * 2000, "Wm iiii " * 2000])
def test_reportlab_lays_out_a_cell_in_the_lines_counted(note: str, width: float) -> None:
    text = report_text.ReportText()
    cell = text.cell(note, width, "a note", bold=True)
    _, height = cell.wrap(width - 2 * report_text.CELL_PADDING, 10_000)
    assert height <= report_text.MAX_CELL_LINES * cell.style.leading + 1e-6
    assert text.cut == 1


def test_huge_texts_everywhere_still_give_a_report() -> None:
    journey = payload_map()
    journey.touchpoints[0].title = "x" * 500
    journey.metrics = [Metric(id="m1", name="Calls", attached_to="p1", note="word " * 4000)]
    journey.initiatives = [
        Initiative(id="i1", title="y" * 500, attached_to="p2", note="z" * 20000, contact="Ann")
    ]
    data, warnings = render_report(journey)
    assert any(w.startswith("2 text(s) were too long for the report") for w in warnings)
    assert "Ann" in all_text(data)


def test_a_page_high_cell_that_gets_through_is_one_clean_error_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without the line cap, the note's cell is taller than an A4 frame: reportlab gives up.
    monkeypatch.setattr(report_text, "MAX_CELL_LINES", 100_000)
    journey = payload_map()
    journey.metrics = [Metric(id="m1", name="Calls", attached_to="p1", note="W" * 2000)]
    with pytest.raises(ExportError) as caught:
        render_report(journey)
    message = str(caught.value)
    assert message.startswith("the report could not be laid out") and "page" in message
    assert "\n" not in message and "0x" not in message and "<" not in message


def test_dashboard_shows_trend_target_status_and_contact() -> None:
    journey = payload_map()
    journey.metrics = [
        Metric(
            id="m1",
            name="Calls",
            attached_to="s1",
            value=30000,
            unit="calls",
            trend_percent=-10,
            higher_is_better=False,
        ),
        Metric(
            id="m2",
            name="Satisfaction",
            attached_to="p2",
            value=88,
            unit="%",
            target=85,
            trend_percent=2,
        ),
    ]
    journey.initiatives = [
        Initiative(
            id="i1",
            title="Self-service",
            attached_to="t1",
            status=InitiativeStatus.AMBER,
            contact="Joost",
        ),
    ]
    text = all_text(render_report(journey)[0])
    dashboard = text[text.index("The journey, phase by phase") :]  # beside each phase's map
    assert "30,000 calls ▼ 10%" in dashboard and "88% 85% ▲ 2%" in dashboard
    assert "amber Self-service" in dashboard and "Joost" in dashboard
    assert re.search(r"Ĳsselmeer.*Calls.*Pay.*Satisfaction", dashboard)


def test_handover_table_names_the_gap() -> None:
    journey = payload_map()
    journey.departments.append(
        journey.departments[0].model_copy(update={"id": "d2", "name": "Hub"})
    )
    journey.process_steps.append(ProcessStep(id="w2", title="Ship", department="d2"))
    agreement = HandoverAgreement(owner="Kim", max_wait=Duration(value=1))
    wait = Duration(value=4, unit=TimeUnit.HOURS)
    journey.flows = [
        Flow(id="f1", source="w1", target="w2", agreement=agreement, measured_wait=wait)
    ]
    text = all_text(render_report(journey)[0])
    handovers = text[text.index("Handovers From") :]
    assert "owner: Kim" in handovers and "no agreement on what information" in handovers
    assert "max. wait 1 working day;" in handovers and "4 h" in handovers


def test_persona_goals_left_out_are_counted_and_reported() -> None:
    journey = payload_map()
    goals = [f"Goal number {n}" for n in range(1, 15)]
    journey.personas = [Persona(id="who", name="Sam", goals=goals)]
    data, warnings = render_report(journey)
    text = all_text(data)
    assert "Goal number 10" in text and "Goal number 11" not in text
    assert "and 4 more goal(s), in the workbook" in text
    assert any("Persona 'Sam' has 14 goals" in w and "first 10" in w for w in warnings)


def test_texts_shortened_on_the_map_page_are_reported() -> None:
    journey = payload_map()
    journey.phases[0].steps[0].title = "A very long customer step title " * 15
    _, warnings = render_report(journey)
    shortened = [w for w in warnings if "did not fit" in w]
    assert len(shortened) == 1 and "the report's map page" in shortened[0]


def test_only_the_top_contact_reasons_show_and_the_heading_says_so() -> None:
    journey = payload_map()
    journey.phases[0].contact_reasons = ["Where is it", "Cost", "Returns", "Broken", "Late"]
    journey.phases[1].contact_reasons = ["Paying twice"]
    text = all_text(render_report(journey)[0])
    assert "Top contact reasons (3 of 5): 1. Where is it; 2. Cost; 3. Returns" in text
    assert "Top contact reasons: 1. Paying twice" in text and "Broken" not in text


def count_context_builds(monkeypatch: pytest.MonkeyPatch) -> list[JourneyMap]:
    """Every analysis run starts with one Context.build: record them."""
    built: list[JourneyMap] = []
    original = Context.build

    def counting(
        cls: type[Context], journey: JourneyMap, parameters: AnalysisParameters
    ) -> Context:
        built.append(journey)
        return original(journey, parameters)

    monkeypatch.setattr(Context, "build", classmethod(counting))
    return built


def test_each_export_analyses_the_map_once_or_not_at_all(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    journey = load(SAMPLE_MAPS / "health_insurance_claim.cjm").journey
    built = count_context_builds(monkeypatch)
    render_poster(journey, size="A3")
    assert len(built) == 1
    render_report(journey)
    assert len(built) == 2
    analysis: Analysis = run_analysis(journey)
    assert len(built) == 3
    write_poster(journey, tmp_path / "p.pdf", analysis=analysis)
    report = write_report(journey, tmp_path / "r.pdf", analysis=analysis)
    assert len(built) == 3
    assert [w for w in report.warnings if "did not fit their boxes" not in w] == []
    assert all(
        flat(f.message) in all_text((tmp_path / "r.pdf").read_bytes()) for f in analysis.findings
    )


def test_progress_and_a_bad_folder(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    shares: list[float] = []
    write_report(journey, tmp_path / "r.pdf", progress=shares.append)
    assert shares == sorted(shares) and shares[-1] == 1.0
    with pytest.raises(ExportError):
        write_report(journey, tmp_path / "nowhere" / "r.pdf")


@pytest.mark.parametrize("sample", sorted(SAMPLE_MAPS.glob("*.cjm")), ids=lambda p: p.stem)
def test_the_cover_counts_in_plural_forms(sample: Path, tmp_path: Path) -> None:
    """The cover said "2 problem, 1 warning": every count on it agrees with its noun."""
    out = tmp_path / "report.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", "export", str(sample), "--report", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    cover = " ".join((PdfReader(out).pages[0].extract_text() or "").split())
    counts = re.findall(r"\b(\d+) (phases?|steps?|handovers?|problems?|warnings?)\b", cover)
    assert {noun.rstrip("s") for _, noun in counts} >= {"phase", "step", "problem", "warning"}
    for number, noun in counts:
        assert noun.endswith("s") == (int(number) != 1), (number, noun)
