"""A poster tiled on office sheets, through the real command line and read back from the PDF:
one sheet of the poster's size at full size, about 9 sheets for A0 on A3 or A1 on A4, each
named without ambiguity (row letter top to bottom, column number left to right) and carrying
a small map of the grid with its own place filled in."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from journeymapper.export.poster_tiles import LABEL_SIZE, TILE_LABEL
from journeymapper.model import load
from tests.conftest import SAMPLE_MAPS
from tests.export.test_poster_wall import card_title_words

MM = 72 / 25.4
SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
SHEET_MM = {"A4": (210, 297), "A3": (297, 420)}
NAME = re.compile(
    r"Tile ([A-Z]+)-(\d+) · row ([A-Z]+) of (\d+) \(top to bottom\) · "
    r"column (\d+) of (\d+) \(left to right\)"
)


def tiled(sample: Path, size: str, tile: str, out: Path) -> subprocess.CompletedProcess[str]:
    args = ["export", str(sample), "--pdf", str(out), "--size", size, "--tile", tile]
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.parametrize(("size", "tile"), [("A0", "A3"), ("A1", "A4")])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_a0_on_a3_and_a1_on_a4_take_about_nine_named_sheets(
    sample: Path, size: str, tile: str, tmp_path: Path
) -> None:
    """A0 is 8 A3 sheets of paper and A1 8 A4 sheets: with margins and overlap, 3 x 3. The
    poster used to be spread over 3-4 sheets of its size first, and then each tiled: 36-45
    A3 sheets for an A0 poster, labelled 'row 4, column 3 of 5 x 3'."""
    out = tmp_path / "tiled.pdf"
    tiled(sample, size, tile, out)
    pages = PdfReader(out).pages
    assert 1 <= len(pages) <= 9
    names = []
    with pdfplumber.open(out) as document:
        for page, read in zip(pages, document.pages, strict=True):
            size_mm = sorted(round(float(v) / MM) for v in page.mediabox[2:])
            assert size_mm == sorted(SHEET_MM[tile])
            label = sheet_label(read)
            found = NAME.search(label)
            assert found, label
            # Nothing in the tile's name reads as a paper size ("A1", "A3") on an A3 sheet.
            assert not re.search(r"\b[A-C]\d\b", label), label
            row, column, row_again, rows, column_again, columns = found.groups()
            assert row == row_again and column == column_again
            assert (ord(row) - ord("A")) < int(rows) and 1 <= int(column) <= int(columns)
            names.append((row, int(column)))
    assert len(set(names)) == len(names)
    assert names == sorted(names)  # row by row from the top, left to right in a row


def test_each_sheet_carries_a_map_of_the_grid_with_its_place_filled(tmp_path: Path) -> None:
    out = tmp_path / "tiled.pdf"
    tiled(SAMPLE_MAPS / "holiday_park_stay.cjm", "A0", "A3", out)
    with pdfplumber.open(out) as document:
        for page in document.pages:
            found = NAME.search(sheet_label(page))
            assert found, sheet_label(page)
            row, rows = ord(found.group(1)) - ord("A"), int(found.group(4))
            column, columns = int(found.group(2)) - 1, int(found.group(6))
            # The map's cells: small framed squares in the strip below the poster's window.
            cells = [
                r
                for r in page.rects
                if r["top"] > page.height - 13 * MM
                and r["height"] < 4 * MM
                and r["stroke"]
                and abs(r.get("linewidth", 0) - CELL_LINE) < 0.01
            ]
            assert len(cells) == len(document.pages)  # one per printed sheet
            filled = [r for r in cells if _dark(r["non_stroking_color"])]
            assert len(filled) == 1
            left = min(r["x0"] for r in cells)
            top = min(r["top"] for r in cells)
            width, height = filled[0]["width"], filled[0]["height"]
            assert round((filled[0]["x0"] - left) / width) == column
            assert round((filled[0]["top"] - top) / height) == row
            assert rows * columns >= len(document.pages)


CELL_LINE = 0.3  # the assembly map's outline


def sheet_label(page: pdfplumber.page.Page) -> str:
    """The sheet's name line. The poster is drawn whole on every sheet and clipped to the
    sheet's window, so text hidden under the label strip still reads back from the PDF; the
    name line is the only text in the label's bold size there."""
    strip_top = page.height - TILE_LABEL
    chars = [
        c
        for c in page.chars
        if c["top"] > strip_top and "Bold" in c["fontname"] and abs(c["size"] - LABEL_SIZE) < 0.05
    ]
    return " ".join(
        "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))).split()
    )


def _dark(colour: object) -> bool:
    values = colour if isinstance(colour, tuple | list) else (colour,)
    return all(isinstance(v, int | float) for v in values) and sum(values) / len(values) < 0.5


def test_a_tiled_poster_is_one_sheet_of_its_size_at_full_size(tmp_path: Path) -> None:
    """Card text on the sheets is the size the warning names (the poster at 1:1, not shrunk
    onto the office sheet), and the warning says how to get the reading size."""
    sample = SAMPLE_MAPS / "webshop_order.cjm"
    out = tmp_path / "tiled.pdf"
    result = tiled(sample, "A0", "A3", out)
    said = re.search(
        r"one A0 sheet at full size, so its card titles are ([\d.]+) pt", result.stderr
    )
    assert said, result.stderr
    assert "custom --size of at least" in result.stderr
    assert "Poster sheet" not in " ".join(p.extract_text() for p in PdfReader(out).pages)
    with pdfplumber.open(out) as document:
        sizes = [
            float(w["size"])
            for page in document.pages
            for w in page.extract_words(extra_attrs=["size", "fontname"])
            if "Bold" in w["fontname"] and float(w["size"]) < 20
        ]
    title = float(said.group(1))
    # Card titles print at that size where they fit whole (shorter ones never grow).
    assert any(abs(size - title) < 0.06 for size in sizes)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_row_of_tiles_carries_only_the_legend_and_the_footer(
    sample: Path, tmp_path: Path
) -> None:
    """The holiday park's A0 poster on A3 took a third row of three sheets for the last lines
    of its legend and the footer: every printed row of tiles now shows part of the map (a
    card title in its window), and the sheets left out are named."""
    journey = load(sample).journey
    out = tmp_path / "tiled.pdf"
    tiled(sample, "A0", "A3", out)
    words = card_title_words(journey)
    rows_with_map: dict[str, bool] = {}
    with pdfplumber.open(out) as document:
        for page in document.pages:
            found = NAME.search(sheet_label(page))
            assert found, sheet_label(page)
            # The poster is drawn whole on every sheet and clipped to the window above the
            # label strip: only the words inside the window are on this sheet.
            window = page.crop((0, 0, page.width, page.height - TILE_LABEL))
            titles = [
                w
                for w in window.extract_words(extra_attrs=["fontname"])
                if "Bold" in w["fontname"] and w["text"] in words
            ]
            row = found.group(1)
            rows_with_map[row] = rows_with_map.get(row, False) or bool(titles)
    assert all(rows_with_map.values()), rows_with_map
