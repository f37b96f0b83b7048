"""The lanes sheets of a poster wall: where the customer's side and the lanes of a map go onto
sheets of their own (A1 and A2 at the reading size), the lanes of consecutive customer's
sheets share a lanes sheet where they fit, so no lanes sheet is mostly blank paper and the
wall takes fewer sheets.

The CLI writes the posters in a subprocess; pypdf reads where each sheet hangs, pdfplumber
where the map, the legend and the footer are printed, and poppler's rendering how much of a
page is blank.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from tests.conftest import SAMPLE_MAPS
from tests.export.test_poster_wall import blank_bands

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
# A lanes sheet holding the lanes of two customer's sheets: at most this share blank (one
# holding those of one alone left 51-60% blank on the samples).
SHARED_MOST_BLANK = 0.45
# Two strips fit a sheet when twice the taller, this much more for the line above each and
# the gap between them, is within the map's room.
STRIP_EXTRA = 1.05
LEGEND_WORDS = {"Curves:", "Channels:", "Departments:"}


def export(sample: Path, out: Path, size: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "journeymapper", "export", str(sample), "--pdf", str(out)]
    return subprocess.run(
        [*command, "--size", size],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def map_and_room(page: Any) -> tuple[float, float]:
    """The height the map takes on a page (its first shape's top to its last one's bottom
    above the legend) and the room it has there: from the map's top to the footer, less the
    legend's height."""
    height = float(page.height)
    words = page.extract_words()
    footer = min(w["top"] for w in words if w["top"] > height * 0.9)
    legend_top = min(w["top"] for w in words if w["text"] in LEGEND_WORDS)
    legend_bottom = max(w["bottom"] for w in words if legend_top <= w["top"] < footer)
    shapes = [
        (s["top"], s["bottom"])
        for s in page.rects + page.curves + page.lines
        if s["bottom"] < legend_top - 1
    ]
    top = min(t for t, _b in shapes)
    drawn = max(b for _t, b in shapes) - top
    return drawn, footer - (legend_bottom - legend_top) - top


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("size", ("A1", "A2"))
def test_lanes_of_consecutive_sheets_share_a_sheet_where_they_fit(
    sample: Path, size: str, tmp_path: Path
) -> None:
    """Every lanes sheet holding the lanes of several customer's sheets is at most 45% blank;
    two lanes sheets of one customer's sheet each are side by side only where their lanes
    would not fit one sheet; and where any do share, the wall takes fewer sheets than two per
    customer's sheet (b2b on A1: 10 sheets, 8 now)."""
    out = tmp_path / f"{size}.pdf"
    result = export(sample, out, size)
    assert result.returncode == 0, result.stderr
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    lanes = [n for n, text in enumerate(texts, start=1) if "lanes, hang under sheet" in text]
    if not lanes:
        pytest.skip(f"this sample's lanes stay on the customer's sheets on {size}")
    customers = [n for n in range(1, len(texts) + 1) if n not in lanes]
    shared = [n for n in lanes if "top to bottom the lanes of sheets" in texts[n - 1]]
    blank = blank_bands(out)
    for number in shared:
        assert blank[number - 1] <= SHARED_MOST_BLANK, (number, round(blank[number - 1], 3))
    with pdfplumber.open(out) as document:
        measured = {n: map_and_room(document.pages[n - 1]) for n in lanes}
    for number, after in itertools.pairwise(lanes):
        if number in shared or after in shared:
            continue
        (one, room), (two, _room) = measured[number], measured[after]
        fits = STRIP_EXTRA * 2 * max(one, two) <= room
        assert not fits, (number, after, round(one), round(two), round(room))
    if shared:
        assert len(texts) < 2 * len(customers), texts
    assert len(lanes) + len(customers) == len(texts)


def test_the_customer_sheets_say_where_their_lanes_hang(tmp_path: Path) -> None:
    """On the b2b sample's A1 wall a manager hanging sheet 2 learns that its lanes are the
    second strip of a lanes sheet, and which sheet that one hangs under; the lanes sheet says
    whose lanes it holds, top to bottom, in its slim header and its footer."""
    out = tmp_path / "A1.pdf"
    result = export(SAMPLE_MAPS / "b2b_premium_supplier.cjm", out, "A1")
    assert result.returncode == 0, result.stderr
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    upper = [n for n, text in enumerate(texts, start=1) if "customer's side, hang" in text]
    second = texts[upper[1] - 1]
    told = "its lanes are strip 2 of 2 (from the top) of sheet "
    assert told in second, second
    lanes = int(second.split(told)[1].split(",")[0])
    under = int(second.split(f"sheet {lanes}, hung under sheet ")[1].split()[0])
    assert under == upper[0]
    sheet = texts[lanes - 1]
    assert f"sheet {lanes} of {len(texts)}: lanes, hang under sheet {under}" in sheet
    assert f"top to bottom the lanes of sheets {upper[0]}, {upper[1]}" in sheet
    assert f"lanes of sheet {upper[0]}: Phase" in sheet and f"lanes of sheet {upper[1]}: " in sheet
    assert f"hang this sheet right under sheet {under}" in sheet
