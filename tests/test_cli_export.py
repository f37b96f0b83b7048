"""``journeymapper export`` and ``import-xlsx`` as a user runs them: a real subprocess, and the
files read back by independent readers (pypdf, openpyxl, Qt's image reader, an XML parser)."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
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
        (["import-xlsx", "{map}", "{out}"], "not an Excel workbook"),
        (["import-xlsx", "{missing}", "{out}"], "cannot be read"),
        (["export", "{map}", "--pdf", "{link}"], "is not a plain file"),
        (["export", "{map}", "--pdf", "{out}", "--size", "B5"], "'B5' is not a paper size"),
    ],
)
def test_bad_export_input_gives_one_line_and_exit_2(
    arguments: list[str], expected: str, tmp_path: Path
) -> None:
    (tmp_path / "colleague.pdf").write_bytes(b"their poster")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "colleague.pdf")
    values = {
        "link": str(tmp_path / "link.pdf"),
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
    assert (tmp_path / "link.pdf").is_symlink()  # a link is refused, not replaced
    assert (tmp_path / "colleague.pdf").read_bytes() == b"their poster"


def test_poster_options_without_a_poster_are_pointed_out(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    result = journeymapper(
        "export", SAMPLE_MAPS / "webshop_order.cjm", "--svg", out, "--tile", "A4"
    )
    assert result.returncode == 0
    assert "apply to --pdf only" in result.stderr
    assert out.exists()


def limit_file_size() -> None:
    """In the child only: files may not grow past 12 KB, and hitting that is an error."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (12 * 1024, 12 * 1024))


@pytest.mark.parametrize("option", ["--svg", "--png", "--pdf", "--xlsx", "--report"])
def test_an_export_cut_short_by_a_full_disk_keeps_the_old_file(option: str, tmp_path: Path) -> None:
    """R1 for exports: the size limit stops the write; the colleague's file stays whole."""
    out = tmp_path / "shared-copy"
    out.write_bytes(b"the previous export, which a colleague has open")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymapper",
            "export",
            str(SAMPLE_MAPS / "holiday_park_stay.cjm"),
            option,
            str(out),
            # The holiday park at 250 dpi: 14,700 pixels wide, under the 16,000 limit.
            *(["--dpi", "250"] if option == "--png" else []),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_file_size,
    )
    assert result.returncode == 2, result.stdout
    assert "cannot save" in result.stderr and "unchanged" in result.stderr
    assert out.read_bytes() == b"the previous export, which a colleague has open"
    assert [p.name for p in tmp_path.iterdir()] == ["shared-copy"]  # no temporary left behind
