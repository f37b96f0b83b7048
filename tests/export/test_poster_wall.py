"""The poster as a manager hangs it: card text at the size read from a few metres, the map
filling its sheets, flows between rows that say where they go, honest about maps no sheet of
the size holds, and tiled without sheets that carry only the footer.

Sizes are read back from the PDF with pdfplumber, an independent reader of every character's
printed size; blank paper is measured on poppler's rendering of the pages; the CLI runs in a
subprocess as a user runs it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from bench.synthetic import synthetic_map
from journeymapper.export.poster import minimum_scale, plan_poster, render_poster
from journeymapper.export.poster_content import MapContent
from journeymapper.model import load, save, serialize
from journeymapper.model.elements import JourneyMap, ViewOptions
from journeymapper.model.layout import compute_layout
from journeymapper.render.layout import PHASE_GAP, Layout, Rect
from journeymapper.render.view_bands import OPTIONAL_BANDS
from tests.conftest import SAMPLE_MAPS

# Card title and detail floors (points) per size, as the issue asks them.
FLOORS = {"A0": (14.0, 10.0), "A1": (14.0, 10.0), "A2": (10.0, 7.0)}
# Of a page's printable area, at most this share in blank bands (rows or columns of paper
# with no ink across the whole area). A row of whole columns rarely has the sheet's shape: the
# samples without their workshop bands leave 8-29% (the holiday park's 11 columns a row on A0
# sheets the most); in one piece they left up to 45%. With those bands the health insurance
# map is too tall for an A1 sheet at 14 pt and its lanes get sheets of their own below the
# customer's side, at the customer's side's scale: those leave up to 37%.
MOST_BLANK = 0.40
SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))

# The samples as they were drawn before the workshop's bands: the wrapping and tiling below
# are about the shape of a wide map, which those bands (shown by default) make taller.
WITHOUT_WORKSHOP_BANDS = ViewOptions(hidden=[kind.value for kind, _ in OPTIONAL_BANDS])


def without_workshop_bands(sample: Path, folder: Path) -> Path:
    journey = load(sample).journey
    journey.view = WITHOUT_WORKSHOP_BANDS
    copy = folder / sample.name
    copy.write_bytes(serialize(journey))
    return copy


def card_title_words(journey: JourneyMap) -> set[str]:
    """The words of every card title: customer steps, touchpoints and process steps."""
    titles = [t.title for t in journey.touchpoints] + [p.title for p in journey.process_steps]
    titles += [step.title for step in journey.steps()]
    # A metric's name and an initiative's title are bold note text (held to the detail floor).
    notes = [m.name for m in journey.metrics] + [i.title for i in journey.initiatives]
    in_notes = {word for note in notes for word in note.split()}
    return {word for title in titles for word in title.split()} - in_notes


def printed_sizes(pdf: Path, journey: JourneyMap) -> tuple[list[float], list[float]]:
    """The printed size of every bold word that belongs to a card title, and of every
    character on the pages (details, labels, legend and footer among them)."""
    words_in_titles = card_title_words(journey)
    titles, characters = [], []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for word in page.extract_words(extra_attrs=["size", "fontname"]):
                if "Bold" in word["fontname"] and word["text"] in words_in_titles:
                    titles.append(float(word["size"]))
            characters += [float(char["size"]) for char in page.chars if char["text"].strip()]
    return titles, characters


def card_title_sizes(pdf: Path, journey: JourneyMap) -> list[float]:
    return printed_sizes(pdf, journey)[0]


def blank_bands(pdf: Path, dpi: int = 10) -> list[float]:
    """Per page, the share of the printable area (inside a 3% margin) in blank bands: pixel
    rows across the whole width and pixel columns down the whole height with no ink."""
    shares = []
    prefix = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(prefix)], check=True, timeout=120
    )
    for image_path in sorted(pdf.parent.glob(prefix.name + "-*.pgm")):
        with Image.open(image_path) as image:
            pixels = image.load()
            width, height = image.size
        margin = round(min(width, height) * 0.03)
        xs, ys = range(margin, width - margin), range(margin, height - margin)
        rows = sum(all(pixels[x, y] >= 253 for x in xs) for y in ys)
        columns = sum(all(pixels[x, y] >= 253 for y in ys) for x in xs)
        area = len(xs) * len(ys)
        shares.append((rows * len(xs) + columns * len(ys) - rows * columns) / area)
    return shares


def export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymapper", "export", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_reads_from_a_few_metres_and_fills_its_sheets(
    sample: Path, tmp_path: Path
) -> None:
    """On A0 and A1 card titles print at 14 pt or more and nothing below 10 pt (A2: 10 and
    7); where one sheet cannot hold the map at that size it goes onto several sheets of the
    size, and the user is told how many and which single sheet would do. No page is more
    than a quarter blank."""
    journey = load(sample).journey
    for size, (title_floor, detail_floor) in FLOORS.items():
        out = tmp_path / f"{size}.pdf"
        result = export(str(sample), "--pdf", str(out), "--size", size)
        assert result.returncode == 0, result.stderr
        titles, characters = printed_sizes(out, journey)
        assert len(titles) >= len(journey.process_steps), size
        assert min(titles) >= title_floor - 0.01, (size, min(titles))
        assert min(characters) >= detail_floor - 0.01, (size, min(characters))
        pages = len(PdfReader(out).pages)
        if pages > 1:
            told = re.search(rf"printed on (\d+) {size} sheets", result.stderr)
            assert told is not None and int(told.group(1)) == pages, result.stderr
            assert "for one sheet, choose a custom --size of at least" in result.stderr
        hung_below = {
            number
            for number, page in enumerate(PdfReader(out).pages, start=1)
            if "lanes, hang under sheet" in " ".join(page.extract_text().split())
        }
        for page, share in enumerate(blank_bands(out), start=1):
            # A lanes sheet shows the columns of the sheet above at its scale, so that they
            # line up on the wall: its paper below the lanes stays blank (and the map starts
            # right under its slim header: test_poster_hanging).
            if page not in hung_below:
                assert share <= MOST_BLANK, (size, page, round(share, 3))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_a_flow_between_sheets_names_where_it_goes_and_where_it_comes_from(
    sample: Path,
) -> None:
    """A flow whose two ends are on different sheets ends at the sheet's edge in a label
    naming the sheet and the card it goes to, and starts on the other sheet in a label naming
    the sheet and the card it comes from (its title shortened, perhaps, never the sheet)."""
    journey = load(sample).journey
    journey.view = WITHOUT_WORKSHOP_BANDS
    data, _warnings, drawing = render_poster(journey, size="A0")
    with pdfplumber.open(io.BytesIO(data)) as document:
        texts = [" ".join((page.extract_text() or "").split()) for page in document.pages]
    assert drawing.sheets == len(texts) > 1
    layout = compute_layout(journey)
    titles = {p.id: p.title for p in journey.process_steps}
    crossing = 0
    for flow in journey.flows:
        ends = [
            drawing.sheets_showing(layout.boxes[end].rect) for end in (flow.source, flow.target)
        ]
        # A card cut by a sheet's edge is on both: its flows need no label.
        if any(len(sheets) != 1 for sheets in ends) or ends[0] == ends[1]:
            continue
        (source_sheet,), (target_sheet,) = ends
        crossing += 1
        target_word = titles[flow.target].split()[0]
        source_word = titles[flow.source].split()[0]
        # On sheets of more than one row, the label names the row as well.
        row = r"(, row \d+)?"
        goes = rf"sheet {target_sheet}{row}: {re.escape(target_word)}"
        comes = rf"from sheet {source_sheet}{row}: {re.escape(source_word)}"
        assert re.search(goes, texts[source_sheet - 1]), flow.id
        assert re.search(comes, texts[target_sheet - 1]), flow.id
    assert crossing > 0


def test_a_map_no_sheet_of_the_size_holds_is_printed_with_a_size_that_would(
    tmp_path: Path,
) -> None:
    """Twenty departments make a row of the map taller than an A1 sheet at 14 pt: the poster
    is printed all the same, with a warning naming a custom size, and at that size the card
    titles do print at 14 pt."""
    journey = synthetic_map(
        phases=3, steps=12, touchpoints=20, departments=20, process_steps=40, flows=40
    )
    sample = tmp_path / "tall.cjm"
    save(journey, sample)
    out = tmp_path / "poster.pdf"
    result = export(str(sample), "--pdf", str(out), "--size", "A1")
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if "14 pt is needed" in line]
    assert len(warning) == 1, result.stderr
    assert "the map is taller than the sheet at that size" in warning[0]
    stated = float(warning[0].split("card titles are ")[1].split(" pt")[0])
    printed = card_title_sizes(out, journey)
    assert min(printed) - 0.05 <= stated < 14
    size = re.search(r"--size of at least (\d+x\d+) mm", warning[0])
    assert size is not None, warning[0]
    bigger = export(str(sample), "--pdf", str(out), "--size", size.group(1))
    assert bigger.returncode == 0, bigger.stderr
    assert len(PdfReader(out).pages) == 1
    assert min(card_title_sizes(out, journey)) >= 14 - 0.01


def test_a_journey_too_long_for_a_few_sheets_says_so() -> None:
    """A hundred and seventy steps at 14 pt would take more than a wall of A0 sheets: the
    poster says that, not that the map is too tall, and names one sheet that would do. (With
    two hundred and forty, and metric and initiative cards a title line taller, that sheet
    would be past the largest PDF page: the advice is then to split the map.)"""
    journey = synthetic_map(
        phases=12, steps=170, touchpoints=10, departments=2, process_steps=20, flows=10
    )
    _data, warnings, drawing = render_poster(journey, size="A0")
    assert drawing.sheets == 1
    assert "it would take more than 6 sheets of this size" in warnings[0], warnings[0]
    assert "choose a custom --size of at least" in warnings[0]


def test_the_single_sheet_named_for_a_poster_on_several_holds_it_at_reading_size(
    tmp_path: Path,
) -> None:
    sample = SAMPLE_MAPS / "webshop_order.cjm"
    journey = load(sample).journey
    out = tmp_path / "poster.pdf"
    result = export(str(sample), "--pdf", str(out), "--size", "A1")
    assert len(PdfReader(out).pages) > 1
    size = re.search(
        r"for one sheet, choose a custom --size of at least (\d+x\d+) mm", result.stderr
    )
    assert size is not None, result.stderr
    one = export(str(sample), "--pdf", str(out), "--size", size.group(1))
    assert one.returncode == 0, one.stderr
    assert len(PdfReader(out).pages) == 1
    assert min(card_title_sizes(out, journey)) >= 14 - 0.01


def test_a_small_map_stays_on_one_sheet_as_asked(tmp_path: Path) -> None:
    """A map that reads well on one landscape A0 sheet is printed so, without a note, even
    where portrait would cover more of the sheet."""
    journey = synthetic_map(
        phases=1, steps=2, touchpoints=2, departments=1, process_steps=2, flows=1
    )
    sample = tmp_path / "small.cjm"
    save(journey, sample)
    out = tmp_path / "poster.pdf"
    result = export(str(sample), "--pdf", str(out), "--size", "A0")
    assert result.returncode == 0, result.stderr
    assert "printed on" not in result.stderr and "pt is needed" not in result.stderr
    pages = PdfReader(out).pages
    assert len(pages) == 1 and pages[0].mediabox.width > pages[0].mediabox.height
    assert min(card_title_sizes(out, journey)) >= 14 - 0.01


def test_a_custom_size_is_printed_on_one_sheet_without_reading_size_notes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "poster.pdf"
    sample = SAMPLE_MAPS / "webshop_order.cjm"
    result = export(str(sample), "--pdf", str(out), "--size", "1900x1350")
    assert result.returncode == 0, result.stderr
    assert "pt is needed" not in result.stderr and "printed on" not in result.stderr
    assert len(PdfReader(out).pages) == 1


def test_tiling_leaves_out_sheets_that_carry_only_the_footer(tmp_path: Path) -> None:
    """900 x 600 mm on A4 is a grid of 15 sheets; the webshop map fills the top two rows of
    them and the bottom row would hold nothing but the footer line: ten sheets are printed,
    and each names the five left out."""
    out = tmp_path / "tiled.pdf"
    sample = without_workshop_bands(SAMPLE_MAPS / "webshop_order.cjm", tmp_path)
    result = export(str(sample), "--pdf", str(out), "--size", "900x600", "--tile", "A4")
    assert result.returncode == 0, result.stderr
    pages = PdfReader(out).pages
    assert len(pages) == 10
    first = " ".join(pages[0].extract_text().split())
    assert "Tile A-1 · row A of 3 (top to bottom)" in first and "1 of 10 printed" in first
    assert "Not printed, only the footer: row C." in first


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
    assert [curve.kind.value for curve in journey.curves].count("employee") == 1
    for curve in journey.curves:
        kind = "employee" if curve.kind.value == "employee" else "customer"
        state = "to-be" if curve.state.value == "future" else "as-is"
        assert f"{curve.name} ({kind}, {state})" in text


def test_a_flow_down_the_gap_where_a_sheet_ends_is_drawn_on_that_sheet_only() -> None:
    """A flow that runs down the gap between two phases where one A0 sheet ends, and back
    (in the holiday park map, the one into "Hand over the door code" did), is drawn whole on
    the sheet it belongs to; the next sheet leaves it out instead of showing a sliver of line
    at its edge. Checked at every sheet edge of every sample."""
    checked = 0
    for path in SAMPLES:
        journey = load(path).journey
        data, _warnings, drawing = render_poster(journey, size="A0")
        layout = compute_layout(journey)
        dividers = {round(x, 3) for x, _top, _bottom in layout.dividers}
        with pdfplumber.open(io.BytesIO(data)) as document:
            for number, parts in enumerate(drawing.pages[1:], start=1):
                for window, origin in parts[1:]:  # the first part is the label column
                    if window.x <= layout.boxes[journey.phases[0].id].rect.x:
                        continue  # a row that starts with the map's first column
                    # Sheets meet at a phase divider, down the middle of the gap.
                    assert round(window.x, 3) in dividers, (path.stem, number + 1)
                    page = document.pages[number]
                    checked += _no_sliver_at(page, drawing.scale, window, origin, layout)
    assert checked, "no flow runs down a gap where two sheets meet"


def _no_sliver_at(
    page: Any, s: float, window: Rect, origin: tuple[float, float], layout: Layout
) -> int:
    """Check the flows running down the gap where ``window`` starts (and back) leave no
    stroke on the sheet that shows it; returns how many segments were checked."""
    cut, (ox, oy) = window.x, origin
    along = [
        (arrow.flow_id, start, end)
        for arrow in layout.arrows
        for start, end in zip(arrow.points, arrow.points[1:], strict=False)
        if abs(start[0] - end[0]) < 0.01
        and abs(start[0] - cut) < PHASE_GAP / 2
        # down the gap and back: the flow never goes on into the next sheet
        and all(x < cut + PHASE_GAP / 2 for x, _y in arrow.points)
    ]
    # What the sheet shows starts here: a line whose stroke (half of the widest, 1.2 units)
    # reaches past it is seen there, a sliver at the sheet's edge.
    shown_from = ox + (window.x - 1.2) * s
    points = [(x, page.height - top) for path in page.curves + page.lines for x, top in path["pts"]]
    for flow_id, (x, y0), (_x, y1) in along:
        page_x = ox + x * s
        low, high = sorted((oy - y0 * s, oy - y1 * s))
        stray = [
            (px, py)
            for px, py in points
            if abs(px - page_x) < 0.5 and low - 0.5 <= py <= high + 0.5 and px > shown_from
        ]
        assert not stray, flow_id
    return len(along)


def test_a_map_too_tall_for_the_sheet_puts_its_lanes_on_sheets_below(tmp_path: Path) -> None:
    """With its workshop bands the health insurance map is taller than an A1 sheet at 14 pt:
    its customer's side goes on the first sheets and its lanes on the sheets hung below them,
    at one scale, instead of printing at 6 pt on one sheet."""
    sample = SAMPLE_MAPS / "health_insurance_claim.cjm"
    journey = load(sample).journey
    out = tmp_path / "poster.pdf"
    result = export(str(sample), "--pdf", str(out), "--size", "A1")
    assert result.returncode == 0, result.stderr
    assert "hung below them" in result.stderr
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    upper, lower = texts[: len(texts) // 2], texts[len(texts) // 2 :]
    steps = [step.title for step in journey.steps()]
    lanes = [department.name for department in journey.departments]
    assert all(any(step in text for text in upper) for step in steps)
    assert not any(step in text for step in steps for text in lower)
    assert all(lane in text for lane in lanes[:2] for text in lower)
    assert min(card_title_sizes(out, journey)) >= 14.0 - 0.01


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_lanes_sheet_says_which_customer_sheet_it_hangs_under(
    sample: Path, tmp_path: Path
) -> None:
    """On A2 the lanes go onto sheets of their own below the customer's side: a lanes sheet
    must say which customer's sheet it goes under (the one sheet holding the middle of every
    row's columns), and must not tell the manager to hang every sheet side by side."""
    out = tmp_path / "A2.pdf"
    result = export(str(sample), "--pdf", str(out), "--size", "A2")
    assert result.returncode == 0, result.stderr
    texts = [page.extract_text() for page in PdfReader(out).pages]
    content = MapContent.of(load(sample).journey, None)
    plan = plan_poster(content, "A2", False, None, minimum_scale(FLOORS["A2"]))
    upper = plan.upper_sheets()
    assert len(texts) == len(plan.sheets)
    if upper == len(plan.sheets):
        pytest.skip("this sample's lanes stay on the customer's sheets on A2")
    flat = [" ".join(text.split()) for text in texts]
    for number, (sheet, text) in enumerate(zip(plan.sheets, flat, strict=True), start=1):
        assert f"hang sheets 1-{len(texts)} side by side" not in text, (number, text)
        if number <= upper:
            assert f"hang sheets 1-{upper} side by side" in text, (number, text)
            continue
        # A lanes sheet hangs under one customer's sheet (its slim header and its footer
        # both say which): the one showing its rows' columns or, for the lanes of several
        # side by side in strips, top to bottom as it says, the first of them.
        claims = set(re.findall(r"under sheet (\d+)", text))
        assert len(claims) == 1, (number, text)
        (claim,) = claims
        order = re.search(r"top to bottom the lanes of sheets (\d+(?:, \d+)+)", text)
        said = [int(n) for n in order.group(1).split(", ")] if order else [int(claim)]
        assert said[0] == int(claim), (number, text)
        owners: list[int] = []
        for row in sheet.rows:
            middle = (row.columns.x + row.columns.right) / 2
            above = [
                n
                for n, top in enumerate(plan.sheets[:upper], start=1)
                if top.rows[0].columns.x <= middle <= top.rows[0].columns.right
            ]
            assert len(above) == 1, (number, text)
            if above[0] not in owners:
                owners.append(above[0])
        assert owners == said, (number, text)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_the_warning_about_shortened_texts_names_them_and_says_what_to_do(
    sample: Path, tmp_path: Path
) -> None:
    """A manager told that texts 'did not fit' must learn which ones (by what they are, as
    the map names them) and what to do. The footer line is the poster's own words: cut at
    its end it is no text of the map, and where the sheet hangs comes first in it."""
    journey = load(sample).journey
    names = [t.title for t in journey.touchpoints] + [p.title for p in journey.process_steps]
    names += [i.title for i in journey.initiatives] + [m.name for m in journey.metrics]
    names += [s.title for s in journey.steps()] + [c.name for c in journey.curves]
    for size in ("A0", "A2"):
        out = tmp_path / f"{size}.pdf"
        result = export(str(sample), "--pdf", str(out), "--size", size)
        assert result.returncode == 0, result.stderr
        assert "the footer" not in result.stderr
        told = re.search(r"did not fit their boxes .*? end in '…': (.+?); shorten", result.stderr)
        if "did not fit" in result.stderr:
            assert told is not None, result.stderr
            assert any(name in told.group(1) for name in names), told.group(1)
        pages = PdfReader(out).pages
        if len(pages) > 1:
            for number, page in enumerate(pages, start=1):
                text = " ".join(page.extract_text().split())
                assert f"sheet {number} of {len(pages)}" in text, number
