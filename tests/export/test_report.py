"""The A4 report, read back with pypdf: pages, every title, escaped markup, dashboards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeymapper.export.common import ExportError
from journeymapper.export.report import render_report, write_report
from journeymapper.export.report_tables import KIND_TITLES
from journeymapper.model import load
from journeymapper.model.analysis import analyze
from journeymapper.model.elements import (
    Flow,
    HandoverAgreement,
    Initiative,
    InitiativeStatus,
    Metric,
    Persona,
    ProcessStep,
)
from tests.conftest import SAMPLE_MAPS
from tests.export.test_poster import (
    MM,
    PAYLOADS,
    UNCOVERED,
    all_text,
    assert_fonts_embedded,
    flat,
    payload_map,
    pdf_points,
    read,
    sample_maps,
    titles,
)


@pytest.mark.parametrize("path", sample_maps(), ids=lambda p: p.stem)
def test_report_carries_every_title_and_dashboard(path: Path) -> None:
    journey = load(path).journey
    data, warnings = render_report(journey, source_name=path.name)
    assert warnings == []
    text = all_text(data)
    expected = titles(journey) + [p.title for p in journey.process_steps]
    expected += [m.name for m in journey.metrics] + [i.title for i in journey.initiatives]
    expected += [i.contact for i in journey.initiatives if i.contact]
    expected += [p.name for p in journey.personas]
    missing = [title for title in expected if flat(title) not in text]
    assert not missing
    assert path.name in text
    assert_fonts_embedded(data)


def test_pages_are_a4_with_the_map_on_a_landscape_page() -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    data, _ = render_report(journey)
    sizes = [tuple(round(float(v) / MM) for v in page.mediabox[2:]) for page in read(data).pages]
    assert sizes[0] == (210, 297) and sizes[1] == (297, 210)
    assert all(size == (210, 297) for size in sizes[2:]) and len(sizes) >= 5
    map_page = flat(read(data).pages[1].extract_text())
    assert all(flat(t) in map_page for t in titles(journey))
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
    assert not report.warnings
    assert_fonts_embedded(data)


def test_a_character_no_font_covers_is_reported(tmp_path: Path) -> None:
    report = write_report(payload_map(f"{UNCOVERED} in the app"), tmp_path / "r.pdf")
    assert any("no glyph" in w and "U+9867" in w for w in report.warnings)
    text = all_text((tmp_path / "r.pdf").read_bytes())
    assert "\ufffd\ufffd in the app" in text and "\x00" not in text


def test_huge_texts_are_cut_to_fit_a_page_and_reported() -> None:
    journey = payload_map()
    journey.touchpoints[0].title = "x" * 500
    journey.metrics = [Metric(id="m1", name="Calls", attached_to="p1", note="word " * 4000)]
    journey.initiatives = [
        Initiative(id="i1", title="y" * 500, attached_to="p2", note="z" * 20000, contact="Ann")
    ]
    data, warnings = render_report(journey)
    assert any("too long for a table cell" in w for w in warnings)
    assert "Ann" in all_text(data)


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
    dashboard = text[text.index("Dashboard per phase") :]
    assert "30,000 calls ▼ 10%" in dashboard and "88% 85% ▲ 2%" in dashboard
    assert "amber Self-service" in dashboard and "Joost" in dashboard
    assert re.search(r"Ĳsselmeer.*Calls.*Pay.*Satisfaction", dashboard)


def test_handover_table_names_the_gap() -> None:
    journey = payload_map()
    journey.departments.append(
        journey.departments[0].model_copy(update={"id": "d2", "name": "Hub"})
    )
    journey.process_steps.append(ProcessStep(id="w2", title="Ship", department="d2"))
    journey.flows = [
        Flow(id="f1", source="w1", target="w2", agreement=HandoverAgreement(owner="Kim"))
    ]
    text = all_text(render_report(journey)[0])
    handovers = text[text.index("Handovers From") :]
    assert "owner: Kim" in handovers and "no agreement on what information" in handovers


def test_progress_and_a_bad_folder(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    shares: list[float] = []
    write_report(journey, tmp_path / "r.pdf", progress=shares.append)
    assert shares == sorted(shares) and shares[-1] == 1.0
    with pytest.raises(ExportError):
        write_report(journey, tmp_path / "nowhere" / "r.pdf")
