"""The comparison as the report's last page and the workbook's sheet, written by the real
command line (`export MAP --report --xlsx --compare-with BEFORE` / `--compare-curves`) and read
back with pypdf and openpyxl: exactly the changes made to a copy of a sample appear."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from journeymapper.model import load, save
from journeymapper.model.document import Document
from journeymapper.model.elements import CustomerStep, JourneyMap, Touchpoint
from journeymapper.model.kinds import display_name
from tests.conftest import ROOT, SAMPLE_MAPS
from tests.test_cli_compare import finding_keys

WEBSHOP = SAMPLE_MAPS / "webshop_order.cjm"
TELECOM = SAMPLE_MAPS / "telecom_contact_centre.cjm"
SHEET = "Comparison"
HEADER = ["Change", "Kind", "Ids", "Titles", "Before", "After", "Difference", "Detail"]


def journeymapper(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymapper", *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )


def edited_webshop(out: Path) -> JourneyMap:
    """A copy of the webshop sample with four changes: the worst moment's emotion, a
    touchpoint at it, a touchpoint removed and a step added."""
    document = Document(load(WEBSHOP).journey.model_copy(deep=True))
    journey = document.map
    document.set_emotion("step-wonder-where", 1.0, "curve-customer")  # was -3
    document.insert(
        Touchpoint(
            id="tp-cmp-status",
            title="Proactive parcel status text",
            steps=["step-wonder-where"],
            owner=journey.departments[0].id,
        )
    )
    document.remove("tp-review-mail")
    document.insert(
        CustomerStep(id="step-cmp-friend", title="Ask a friend for ideas"), "phase-orient"
    )
    save(journey, out)
    return load(out).journey


def sheet_rows(path: Path) -> list[list[object]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(row) for row in book[SHEET].iter_rows(values_only=True)]
    finally:
        book.close()


def comparison_text(path: Path) -> str:
    """The text of the report's pages from the comparison's heading on."""
    pages = [page.extract_text() or "" for page in PdfReader(path).pages]
    first = next(i for i, text in enumerate(pages) if "What changed" in text)
    return " ".join(" ".join(pages[first:]).split())


def test_report_page_and_workbook_sheet_list_exactly_the_changes_made(tmp_path: Path) -> None:
    after_path = tmp_path / "after.cjm"
    before, after = load(WEBSHOP).journey, edited_webshop(after_path)
    report, workbook = tmp_path / "report.pdf", tmp_path / "book.xlsx"

    result = journeymapper(
        "export", after_path, "--report", report, "--xlsx", workbook, "--compare-with", WEBSHOP
    )

    assert result.returncode == 0, result.stderr
    rows = sheet_rows(workbook)
    assert rows[0] == HEADER
    by_change: dict[str, list[list[object]]] = {}
    for row in rows[1:]:
        by_change.setdefault(str(row[0]), []).append(row)
    assert by_change["Emotion changed"] == [
        [
            "Emotion changed",
            "emotion",
            "step-wonder-where",
            "Wonder where the parcel is",
            -3,
            1,
            4,
            "curve 'Customer, today'",
        ]
    ]
    assert [r[2:4] for r in by_change["Step added"]] == [
        ["step-cmp-friend", "Ask a friend for ideas"]
    ]
    assert [r[2:4] for r in by_change["Touchpoint added"]] == [
        ["tp-cmp-status", "Proactive parcel status text"]
    ]
    assert [r[2:4] for r in by_change["Touchpoint removed"]] == [
        ["tp-review-mail", "Review invitation e-mail"]
    ]
    assert [r[2:4] for r in by_change["Moment of Truth gained a touchpoint"]] == [
        ["step-wonder-where", "Wonder where the parcel is"]
    ]
    lead = by_change["End-to-end lead time"]
    assert len(lead) == 1 and lead[0][4] == lead[0][5] and lead[0][6] == 0
    # Findings: exactly the set difference of the two maps' analyses, done here by hand.
    old, new = finding_keys(before), finding_keys(after)

    def listed(change: str) -> set[tuple[str, tuple[str, ...]]]:
        return {(str(r[1]), tuple(str(r[2]).split("\n"))) for r in by_change.get(change, [])}

    assert listed("Finding disappeared") == {(kind, ids) for kind, ids, _ in old - new}
    assert listed("Finding appeared") == {(kind, ids) for kind, ids, _ in new - old}
    assert listed("Finding disappeared")  # the unserved worst moment is served now
    assert set(by_change) == {
        "Emotion changed",
        "Step added",
        "Touchpoint added",
        "Touchpoint removed",
        "Moment of Truth gained a touchpoint",
        "End-to-end lead time",
        "Finding disappeared",
        *(["Finding appeared"] if new - old else []),
    }

    page = comparison_text(report)
    assert f"From {WEBSHOP.name} to {after_path.name}" in page
    for change, found in by_change.items():
        assert f"{change} ({len(found)})" in page
    for title in ("Ask a friend for ideas", "Proactive parcel status text", "Review invitation"):
        assert title in page
    assert "-3 1 +4" in page  # before, after and change of the emotion, side by side
    # Nothing that did not change: no step-removed heading, no untouched touchpoint.
    assert "Step removed" not in page and "Steps removed" not in page
    untouched = [t for t in before.touchpoints if t.id not in ("tp-review-mail",)]
    mentioned = {e for row in rows[1:] for e in str(row[2]).split("\n")}
    for touchpoint in untouched:
        if touchpoint.id not in mentioned:
            assert display_name(touchpoint) not in page


def test_the_as_is_and_to_be_curves_of_one_map(tmp_path: Path) -> None:
    journey = load(TELECOM).journey
    customer, agent = journey.curves[0], journey.curves[1]
    workbook = tmp_path / "book.xlsx"

    result = journeymapper(
        "export", TELECOM, "--xlsx", workbook, "--compare-curves", customer.id, agent.id
    )

    assert result.returncode == 0, result.stderr
    emotion = [r for r in sheet_rows(workbook)[1:] if r[0] == "Emotion changed"]
    expected = [
        (step.id, customer.points.get(step.id), agent.points.get(step.id))
        for step in journey.steps()
        if customer.points.get(step.id) != agent.points.get(step.id)
    ]
    assert [(r[2], r[4], r[5]) for r in emotion] == expected


def test_the_comparison_sheet_does_not_disturb_the_round_trip(tmp_path: Path) -> None:
    after_path = tmp_path / "after.cjm"
    after = edited_webshop(after_path)
    workbook, back = tmp_path / "book.xlsx", tmp_path / "back.cjm"
    assert (
        journeymapper(
            "export", after_path, "--xlsx", workbook, "--compare-with", WEBSHOP
        ).returncode
        == 0
    )

    result = journeymapper("import-xlsx", workbook, back)

    assert result.returncode == 0, result.stderr
    assert load(back).journey == after


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["--compare-with", "missing.cjm"], "missing.cjm"),
        (["--compare-curves", "curve-customer", "curve-nobody"], "curve-nobody"),
    ],
)
def test_bad_comparison_input_is_one_line_and_writes_nothing(
    arguments: list[str], named: str, tmp_path: Path
) -> None:
    report, poster = tmp_path / "report.pdf", tmp_path / "poster.pdf"

    result = journeymapper("export", WEBSHOP, "--pdf", poster, "--report", report, *arguments)

    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and named in result.stderr
    assert not report.exists() and not poster.exists()  # refused before anything is written
