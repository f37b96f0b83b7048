"""The poster as a manager hangs it: wrapped into rows of phases to print larger, honest about
type too small to read from a few metres, and tiled without sheets that carry only the footer.

Sizes are read back from the PDF with pdfplumber, an independent reader of every character's
printed size; the CLI runs in a subprocess as a user runs it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
from pypdf import PdfReader

from journeymapper.export.poster import render_poster
from journeymapper.model import load, serialize
from journeymapper.model.elements import JourneyMap, ViewOptions
from journeymapper.render.view_bands import OPTIONAL_BANDS
from tests.conftest import SAMPLE_MAPS

# The samples as they were drawn before the workshop's bands: the wrapping and tiling below
# are about the shape of a wide map, which those bands (shown by default) make taller.
WITHOUT_WORKSHOP_BANDS = ViewOptions(hidden=[kind.value for kind, _ in OPTIONAL_BANDS])


def without_workshop_bands(sample: Path, folder: Path) -> Path:
    journey = load(sample).journey
    journey.view = WITHOUT_WORKSHOP_BANDS
    copy = folder / sample.name
    copy.write_bytes(serialize(journey))
    return copy


def card_title_sizes(pdf: Path, journey: JourneyMap) -> list[float]:
    """The printed size of every bold word that belongs to a touchpoint or process step title."""
    titles = [t.title for t in journey.touchpoints] + [p.title for p in journey.process_steps]
    words_in_titles = {word for title in titles for word in title.split()}
    sizes = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for word in page.extract_words(extra_attrs=["size", "fontname"]):
                if "Bold" in word["fontname"] and word["text"] in words_in_titles:
                    sizes.append(float(word["size"]))
    return sizes


def export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymapper", "export", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_wide_map_wraps_into_rows_of_phases_and_prints_larger(tmp_path: Path) -> None:
    """The holiday park's 22 columns on A0: in one row its card titles were 8.4 pt and 59% of
    the sheet's height blank; in two rows of phases they are printed larger."""
    sample = SAMPLE_MAPS / "holiday_park_stay.cjm"
    journey = load(sample).journey
    journey.view = WITHOUT_WORKSHOP_BANDS
    data, _warnings, drawing = render_poster(journey, size="A0")
    assert drawing.rows == 2
    out = tmp_path / "poster.pdf"
    out.write_bytes(data)
    sizes = card_title_sizes(out, journey)
    assert sizes
    assert min(sizes) >= 10.0
    # Every phase title is on the sheet once: the rows split the map, not repeat it.
    text = PdfReader(out).pages[0].extract_text()
    for phase in journey.phases:
        assert text.splitlines().count(phase.title) == 1, phase.title
    # Each row carries its band labels and emotion scale once, at its left.
    with pdfplumber.open(out) as document:
        words = document.pages[0].extract_words()
    # The band's label "Line of visibility" (the legend's entry is "line of visibility").
    visibility = [
        w
        for n, w in enumerate(words)
        if w["text"] == "visibility" and words[n - 2]["text"] == "Line"
    ]
    assert len(visibility) == drawing.rows
    scale_tops = [w for w in words if w["text"] == str(int(journey.scale.maximum))]
    assert len(scale_tops) >= drawing.rows


def test_a_poster_below_reading_size_says_so_and_names_a_size_that_fits(tmp_path: Path) -> None:
    out = tmp_path / "poster.pdf"
    result = export(str(SAMPLE_MAPS / "webshop_order.cjm"), "--pdf", str(out), "--size", "A1")
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if "14 pt is needed" in line]
    assert len(warning) == 1, result.stderr
    stated = float(warning[0].split("card titles are ")[1].split(" pt")[0])
    printed = card_title_sizes(out, load(SAMPLE_MAPS / "webshop_order.cjm").journey)
    assert min(printed) - 0.05 <= stated < 14
    assert "--size" in warning[0]


def test_a_poster_large_enough_is_printed_without_that_warning(tmp_path: Path) -> None:
    out = tmp_path / "poster.pdf"
    result = export(str(SAMPLE_MAPS / "webshop_order.cjm"), "--pdf", str(out), "--size", "A2")
    assert "10 pt is needed" in result.stderr
    bigger = export(
        str(SAMPLE_MAPS / "webshop_order.cjm"), "--pdf", str(out), "--size", "1900x1350"
    )
    assert bigger.returncode == 0
    assert "is needed" not in bigger.stderr


def test_tiling_leaves_out_sheets_that_carry_only_the_footer(tmp_path: Path) -> None:
    """A1 on A4 is a grid of 15 sheets; the webshop map fills the top two rows of them and
    the bottom row would hold nothing but the footer line: ten sheets are printed."""
    out = tmp_path / "tiled.pdf"
    sample = without_workshop_bands(SAMPLE_MAPS / "webshop_order.cjm", tmp_path)
    result = export(str(sample), "--pdf", str(out), "--size", "A1", "--tile", "A4")
    assert result.returncode == 0, result.stderr
    pages = PdfReader(out).pages
    assert len(pages) == 10
    first = pages[0].extract_text()
    assert "Sheet 1 of 10" in first
    assert "5 sheet(s) with only the footer left out" in first


def test_every_curve_is_named_in_the_poster_legend(tmp_path: Path) -> None:
    """The telecom sample's employee curve was not drawn at all; now each curve is drawn and
    named, with its kind, in the legend of the poster the CLI writes."""
    sample = SAMPLE_MAPS / "telecom_contact_centre.cjm"
    journey = load(sample).journey
    out = tmp_path / "poster.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", "export", str(sample), "--pdf", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert len(journey.curves) == 2
    for curve in journey.curves:
        kind = "employee" if curve.kind.value == "employee" else "customer"
        assert f"{curve.name} ({kind}, as-is)" in text
