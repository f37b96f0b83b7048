"""``journeymapper export`` and ``import-xlsx`` as a user runs them: a real subprocess, and the
files read back by independent readers (pypdf, openpyxl, Qt's image reader, an XML parser)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from journeymapper.model import load
from tests.conftest import SAMPLE_MAPS
from tests.test_cli import journeymapper

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
MM = 72 / 25.4  # PDF points per millimetre


def page_size_mm(path: Path, page: int = 0) -> tuple[int, int]:
    box = PdfReader(path).pages[page].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_every_sample_exports_to_every_format(sample: Path, tmp_path: Path) -> None:
    out = {suffix: tmp_path / f"map.{suffix}" for suffix in ("pdf", "xlsx", "png", "svg")}
    report = tmp_path / "report.pdf"
    result = journeymapper(
        "export",
        sample,
        "--pdf",
        out["pdf"],
        "--size",
        "A3",
        "--report",
        report,
        "--xlsx",
        out["xlsx"],
        "--png",
        out["png"],
        "--dpi",
        "50",
        "--svg",
        out["svg"],
    )
    assert result.returncode == 0, result.stderr
    journey = load(sample).journey

    poster_text = "".join(page.extract_text() for page in PdfReader(out["pdf"]).pages)
    assert journey.phases[0].title in poster_text
    assert page_size_mm(out["pdf"]) == (420, 297)  # A3, landscape by default
    assert page_size_mm(report) == (210, 297)  # the report is A4 portrait

    workbook = openpyxl.load_workbook(out["xlsx"])
    touchpoints = workbook["Touchpoints"]
    assert touchpoints.max_row == len(journey.touchpoints) + 1  # a header and one row each

    from PySide6.QtGui import QImage

    image = QImage(str(out["png"]))
    assert not image.isNull() and image.width() > 200

    svg = ET.parse(out["svg"]).getroot()  # noqa: S314 (our own file)
    svg_text = " ".join(t.strip() for t in svg.itertext())
    assert journey.title.split(":")[0] in svg_text


def test_poster_options_set_the_page(tmp_path: Path) -> None:
    sample = SAMPLE_MAPS / "webshop_order.cjm"
    portrait = tmp_path / "portrait.pdf"
    custom = tmp_path / "custom.pdf"
    assert (
        journeymapper("export", sample, "--pdf", portrait, "--size", "a1", "--portrait").returncode
        == 0
    )
    assert page_size_mm(portrait) == (594, 841)
    assert journeymapper("export", sample, "--pdf", custom, "--size", "900x600").returncode == 0
    assert page_size_mm(custom) == (900, 600)
    tiled = tmp_path / "tiled.pdf"
    result = journeymapper("export", sample, "--pdf", tiled, "--size", "A1", "--tile", "a4")
    assert result.returncode == 0, result.stderr
    pages = PdfReader(tiled).pages
    assert len(pages) > 1
    assert {page_size_mm(tiled, n) for n in range(len(pages))} <= {(210, 297), (297, 210)}


def test_excel_round_trip_through_the_command_line(tmp_path: Path) -> None:
    sample = SAMPLE_MAPS / "health_insurance_claim.cjm"
    workbook = tmp_path / "claim.xlsx"
    back = tmp_path / "claim.cjm"
    assert journeymapper("export", sample, "--xlsx", workbook).returncode == 0
    result = journeymapper("import-xlsx", workbook, back)
    assert result.returncode == 0, result.stderr
    original, imported = load(sample).journey, load(back).journey
    assert imported.model_dump(exclude={"app_version"}) == original.model_dump(
        exclude={"app_version"}
    )
    again = journeymapper("import-xlsx", workbook, back)
    assert again.returncode == 2
    assert "exists already" in again.stderr


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["export", "{map}"], "export needs at least one of --pdf"),
        (["export", "{missing}", "--pdf", "{out}"], "no such file"),
        (["export", "{map}", "--pdf", "{nofolder}"], "is not a folder"),
        (["export", "{map}", "--png", "{out}", "--dpi", "5000"], "dpi is outside"),
        (["import-xlsx", "{map}", "{out}"], ""),
        (["import-xlsx", "{missing}", "{out}"], ""),
    ],
)
def test_bad_export_input_gives_one_line_and_exit_2(
    arguments: list[str], expected: str, tmp_path: Path
) -> None:
    values = {
        "map": str(SAMPLE_MAPS / "webshop_order.cjm"),
        "missing": str(tmp_path / "missing.cjm"),
        "out": str(tmp_path / "out.pdf"),
        "nofolder": str(tmp_path / "no" / "such" / "folder.pdf"),
    }
    result = journeymapper(*[a.format(**values) for a in arguments])
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("journeymapper: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_a_bad_paper_size_is_refused(tmp_path: Path) -> None:
    result = journeymapper(
        "export", SAMPLE_MAPS / "webshop_order.cjm", "--pdf", tmp_path / "x.pdf", "--size", "B5"
    )
    assert result.returncode == 2
    assert "'B5' is not a paper size" in result.stderr
