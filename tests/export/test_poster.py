"""The PDF poster, read back with pypdf (and rendered with pdftoppm): sizes, text, fonts, tiles.

A manager prints the map for the wall: every title must be on it, in the embedded font, inside
its box and the page, and markup or foreign scripts in titles must print as typed (R12).
"""

from __future__ import annotations

import io
import logging
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from bench.synthetic import synthetic_map
from journeymapper.export.common import ExportError
from journeymapper.export.fonts import BOLD, REGULAR, GlyphCheck
from journeymapper.export.pdf_text import LINE_HEIGHT, fit_text, text_width, visual_order
from journeymapper.export.poster import (
    PosterDrawing,
    page_size,
    render_poster,
    tile_grid,
    write_poster,
)
from journeymapper.export.poster_content import TextPlacement
from journeymapper.model import load, new_map
from journeymapper.model.elements import (
    Channel,
    CustomerStep,
    Department,
    JourneyMap,
    Phase,
    ProcessStep,
    Touchpoint,
)
from journeymapper.model.layout import (
    CardRects,
    Rect,
    card_rects,
    compute_layout,
    phase_rects,
    step_rects,
)
from tests.conftest import SAMPLE_MAPS

MM = 72 / 25.4
PAYLOADS = {
    "img": '<img src="/etc/passwd"/>',
    "font": "<font color=red>x</font>",
    "dutch": "Ĳsselmeer: ĳs en bĳ",
    "greek": "Ελληνική διαδρομή",
    "arabic": "رحلة العميل",
}
UNCOVERED = "顧客"  # CJK: DejaVu Sans has no glyphs for it
# DejaVu has a glyph for it, but reportlab cannot map it back to text (an odd-length ToUnicode
# entry), so it must be replaced and reported like a missing glyph.
EMOJI = "\U0001f600"


# -- helpers shared with test_report ----------------------------------------------------------


def sample_maps() -> list[Path]:
    return sorted(SAMPLE_MAPS.glob("*.cjm"))


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def flat(text: str) -> str:
    """Whitespace collapsed: wrapped lines read as one line."""
    return " ".join(text.split())


def all_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in read(data).pages))


def titles(journey: JourneyMap) -> list[str]:
    """Every phase, customer step and touchpoint title."""
    found = [p.title for p in journey.phases] + [s.title for s in journey.steps()]
    return found + [t.title for t in journey.touchpoints]


def font_descriptors(data: bytes) -> list[dict[str, Any]]:
    """Every font of every page (and of forms drawn on them), resolved."""
    fonts = []
    for page in read(data).pages:
        resources = page.get("/Resources")
        stack = [resources.get_object()] if resources else []
        while stack:
            current = stack.pop()
            for font in (current.get("/Font") or {}).values():
                fonts.append(font.get_object())
            for xobject in (current.get("/XObject") or {}).values():
                inner = xobject.get_object().get("/Resources")
                if inner is not None:
                    stack.append(inner.get_object())
    return fonts


def assert_fonts_embedded(data: bytes) -> None:
    fonts = font_descriptors(data)
    assert fonts
    for font in fonts:
        assert "DejaVuSans" in str(font["/BaseFont"]), font["/BaseFont"]
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"


def payload_map(extra_title: str = "") -> JourneyMap:
    """A small map whose titles carry the R12 payloads (and ``extra_title`` if given)."""
    journey = new_map(PAYLOADS["img"])
    journey.scenario = PAYLOADS["font"]
    journey.phases = [
        Phase(
            id="p1", title=PAYLOADS["dutch"], steps=[CustomerStep(id="s1", title=PAYLOADS["greek"])]
        ),
        Phase(id="p2", title="Pay", steps=[CustomerStep(id="s2", title=PAYLOADS["arabic"])]),
    ]
    if extra_title:
        journey.phases[1].steps.append(CustomerStep(id="s3", title=extra_title))
    journey.channels = [Channel(id="web", name=PAYLOADS["font"])]
    journey.departments = [Department(id="d1", name=PAYLOADS["greek"])]
    journey.touchpoints = [
        Touchpoint(id="t1", title=PAYLOADS["font"], steps=["s1"], channel="web", owner="d1"),
        Touchpoint(id="t2", title=PAYLOADS["img"], steps=["s2"], owner="d1"),
    ]
    journey.process_steps = [
        ProcessStep(id="w1", title=PAYLOADS["arabic"], department="d1", serves=["s2"])
    ]
    return journey


def pdf_points(data: bytes) -> list[tuple[str, float, float, tuple[float, ...]]]:
    """The page position of every piece of text drawn directly on a page, and the page box."""
    found: list[tuple[str, float, float, tuple[float, ...]]] = []
    for page in read(data).pages:
        box = tuple(float(v) for v in page.mediabox)

        def visit(text: str, cm: list[float], tm: list[float], *_: object, box: Any = box) -> None:
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                found.append((text, x, y, box))

        page.extract_text(visitor_text=visit)
    return found


def assert_text_on_pages(data: bytes) -> None:
    """Read back from the PDF itself, not from the painter: every piece of text starts on its
    page, and a line never runs past the page's right edge."""
    points = pdf_points(data)
    assert points
    for text, x, y, (left, bottom, right, top) in points:
        assert left <= x <= right and bottom <= y <= top, (text, x, y)


def extraction_problems(data: bytes, caplog: pytest.LogCaptureFixture) -> list[str]:
    """What pypdf complained about while extracting the text (an odd-length ToUnicode entry
    is logged, not raised)."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        all_text(data)
    return [record.getMessage() for record in caplog.records]


def pdftotext(path: Path) -> str | None:
    """poppler's reading of the PDF, or None where poppler is not installed."""
    if shutil.which("pdftotext") is None:
        return None
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    assert not result.stderr, result.stderr
    return flat(result.stdout.decode("utf-8"))


# -- page sizes ----------------------------------------------------------------------------------

ISO_MM = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594), "A1": (594, 841), "A0": (841, 1189)}


@pytest.mark.parametrize("portrait", [False, True])
@pytest.mark.parametrize("size", list(ISO_MM))
def test_each_size_and_orientation_gives_its_page(
    size: str, portrait: bool, tmp_path: Path
) -> None:
    """A4 and A3 give one page as asked. A2-A0 keep card text at the reading size: the map
    may go onto several sheets of the size, turned only where the warning says so."""
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    out = tmp_path / "poster.pdf"
    report = write_poster(journey, out, size=size, portrait=portrait)
    pages = PdfReader(out).pages
    short, long = ISO_MM[size]
    expected = (short, long) if portrait else (long, short)
    turned = any(f"in {'landscape' if portrait else 'portrait'}" in w for w in report.warnings)
    if turned:
        expected = expected[::-1]
    for page in pages:
        width, height = (float(v) / MM for v in page.mediabox[2:])
        assert (round(width), round(height)) == expected
    if size in ("A4", "A3"):
        assert len(pages) == 1 and not turned


def test_custom_size_and_bad_sizes(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    out = tmp_path / "banner.pdf"
    write_poster(journey, out, custom_mm=(2000.0, 500.0))
    width, height = (float(v) / MM for v in PdfReader(out).pages[0].mediabox[2:])
    assert (round(width), round(height)) == (2000, 500)
    for bad in [(10.0, 500.0), (6000.0, 500.0), (float("nan"), 500.0)]:
        with pytest.raises(ExportError, match="custom poster size"):
            write_poster(journey, out, custom_mm=bad)
    with pytest.raises(ExportError, match="unknown poster size"):
        write_poster(journey, out, size="B2")
    with pytest.raises(ExportError, match="tiled on"):
        write_poster(journey, out, tile="A5")


# -- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sample_maps(), ids=lambda p: p.stem)
def test_every_title_is_on_the_poster_inside_its_box(path: Path) -> None:
    """On A3 (no reading size asked, so text may shrink to fit) every title is printed in
    full; a card that a row of the wrapped map ends in shows its title in each piece, as far
    as it fits there, and the first word at least."""
    journey = load(path).journey
    trace: list[TextPlacement] = []
    data, warnings, drawing = render_poster(journey, size="A3", source_name=path.name, trace=trace)
    text = all_text(data)
    layout = compute_layout(journey)
    cut = {
        element_id
        for element_id, box in layout.boxes.items()
        if not any(
            window.x <= box.rect.x and box.rect.right <= window.right
            for window in drawing.columns()
        )
    }
    named = [(p.id, p.title) for p in journey.phases] + [(s.id, s.title) for s in journey.steps()]
    named += [(t.id, t.title) for t in journey.touchpoints]
    assert {element_id for element_id, _ in named} - cut, "every card cut"
    missing = [
        title for element_id, title in named if element_id not in cut and flat(title) not in text
    ]
    assert not missing
    assert all(flat(title).split()[0] in text for element_id, title in named if element_id in cut)
    assert journey.title in text and path.name in text
    # Titles are whole (above); a cut detail line is counted and named in the warning.
    warned = [w for w in warnings if "did not fit" in w]
    assert (drawing.shortened > 0) == bool(warned)
    assert all(where in warned[0] for where in drawing.shortened_where)
    assert_text_on_pages(data)
    assert_cards_follow_the_layout(journey, data, trace, drawing)
    assert_fonts_embedded(data)


def expected_rects(journey: JourneyMap, element_id: str, rect: Rect) -> CardRects | None:
    """The layout's boxes for one card, worked out here from the element's own fields."""
    for phase in journey.phases:
        if phase.id == element_id:
            return phase_rects(rect)
        for step in phase.steps:
            if step.id == element_id:
                return step_rects(rect, step.moment_of_truth or bool(step.pain_points))
    if any(t.id == element_id for t in journey.touchpoints):
        return card_rects(rect, True)  # a touchpoint always names its owner or "no owner"
    for process_step in journey.process_steps:
        if process_step.id == element_id:
            return card_rects(rect, process_step.duration is not None)
    return None


def title_boxes(drawing: PosterDrawing, rect: Rect) -> list[Rect]:
    """Where a layout box lands on the pages: one piece per part of the map (a row of a
    wrapped poster) that shows at least half of it (else the widest piece), cut to that
    part."""
    pieces = []
    s = drawing.scale
    for window, (ox, oy) in drawing.parts:
        left, right = max(rect.x, window.x), min(rect.right, window.right)
        top, bottom = max(rect.y, window.y), min(rect.bottom, window.bottom)
        if right > left and bottom > top:
            piece = Rect(ox + left * s, oy - bottom * s, (right - left) * s, (bottom - top) * s)
            pieces.append((right - left, piece))
    # A phase cut into three or more rows has no piece showing half of it: its widest does.
    widest = max((width for width, _ in pieces), default=0.0)
    return [
        piece
        for width, piece in pieces
        if width >= rect.width / 2 or (width == widest and widest < rect.width / 2)
    ]


def assert_cards_follow_the_layout(
    journey: JourneyMap, data: bytes, trace: list[TextPlacement], drawing: PosterDrawing
) -> None:
    """Every card's title box on the poster is the layout's title box after the page
    transform (cut to its row where a row ends inside it), and the PDF really has text
    starting inside it."""
    boxes = {tuple(round(v, 6) for v in placed.box) for placed in trace}
    starts = [(x, y) for _, x, y, _ in pdf_points(data)]
    layout = compute_layout(journey)
    checked = 0
    for element_id, box in layout.boxes.items():
        rects = expected_rects(journey, element_id, box.rect)
        assert rects is not None, element_id
        placed = [
            title
            for title in title_boxes(drawing, rects.title)
            if tuple(round(v, 6) for v in title) in boxes
        ]
        assert placed, element_id
        assert any(
            title.x - 0.01 <= x <= title.right and title.y <= y <= title.bottom
            for title in placed
            for x, y in starts
        ), element_id
        checked += 1
    assert checked == len(layout.boxes) > 0


def test_no_text_starts_outside_the_page() -> None:
    journey = load(SAMPLE_MAPS / "holiday_park_stay.cjm").journey
    for size, portrait in [("A4", False), ("A3", True), ("A0", False)]:
        data, _, _ = render_poster(journey, size=size, portrait=portrait)
        points = pdf_points(data)
        assert len(points) > 50
        for text, x, y, (left, bottom, right, top) in points:
            assert left <= x <= right and bottom <= y <= top, (text, x, y)


def test_markup_and_scripts_in_titles_print_literally() -> None:
    data, warnings, _ = render_poster(payload_map(), size="A3")
    text = all_text(data)
    for name, payload in PAYLOADS.items():
        assert payload in text, name
    assert not [w for w in warnings if "glyph" in w]
    assert b"/Subtype /Image" not in data
    assert_fonts_embedded(data)


def test_a_character_no_font_covers_is_reported_not_a_silent_square(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "p.pdf"
    report = write_poster(payload_map(f"{UNCOVERED} journey {EMOJI} ends"), out)
    glyph_warnings = [w for w in report.warnings if "no glyph" in w]
    assert len(glyph_warnings) == 3
    assert "U+9867" in glyph_warnings[0] and "journey" in glyph_warnings[0]
    assert "U+1F600" in glyph_warnings[2]
    data = out.read_bytes()
    text = all_text(data)
    assert "\ufffd\ufffd journey \ufffd ends" in text and "\x00" not in text
    assert extraction_problems(data, caplog) == []
    poppler = pdftotext(out)
    assert poppler is None or "\ufffd\ufffd journey \ufffd ends" in poppler


def test_long_titles_wrap_shrink_and_end_in_an_ellipsis_with_a_warning() -> None:
    journey = payload_map()
    journey.phases[0].steps[0].title = "A very long customer step title " * 15
    journey.touchpoints[0].title = "Unbreakable" * 40
    trace: list[TextPlacement] = []
    data, warnings, drawing = render_poster(journey, size="A4", trace=trace)
    # The two titles, and any detail line cut on the small sheet, each counted and named.
    assert drawing.shortened >= 2
    shortened = [w for w in warnings if "did not fit" in w]
    assert len(shortened) == 1 and shortened[0].startswith(f"{drawing.shortened} text(s)")
    assert all(where in shortened[0] for where in drawing.shortened_where)
    # Only the workbook is sure to hold every text in full; the report may shorten too.
    assert "the workbook has every text in full" in shortened[0] and "report" not in shortened[0]
    assert any(p.text.endswith("…") for p in trace)
    assert "…" in all_text(data)
    assert_text_on_pages(data)


def test_tiny_print_is_reported() -> None:
    journey = synthetic_map(
        phases=4, steps=60, touchpoints=90, departments=6, process_steps=70, flows=90
    )
    _, warnings, drawing = render_poster(journey, size="A4")
    assert drawing.scale < 0.2
    assert any("choose a larger size or tile" in w for w in warnings)


@pytest.mark.parametrize("seed", [1, 2])
def test_synthetic_maps_keep_every_text_in_its_box(seed: int) -> None:
    journey = synthetic_map(
        phases=3, steps=24, touchpoints=60, departments=5, process_steps=40, flows=60, seed=seed
    )
    trace: list[TextPlacement] = []
    data, _, drawing = render_poster(journey, size="A1", trace=trace)
    assert_text_on_pages(data)
    assert_cards_follow_the_layout(journey, data, trace, drawing)
    assert drawing.strings >= len(journey.touchpoints) + len(journey.process_steps)
    assert all(flat(t.title) in all_text(data) for t in journey.touchpoints[:20])


# -- text fitting --------------------------------------------------------------------------------

words = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzĳΩب WMW—€"), min_size=0, max_size=300
)


@settings(max_examples=150, deadline=None)
@given(
    text=words,
    width=st.floats(min_value=5, max_value=400),
    height=st.floats(min_value=2, max_value=120),
    size=st.floats(min_value=4, max_value=30),
    bold=st.booleans(),
)
def test_fitted_text_always_fits(
    text: str, width: float, height: float, size: float, bold: bool
) -> None:
    font = BOLD if bold else REGULAR
    fitted = fit_text(text, font, size, width, height)
    if not text.split():
        assert fitted.lines == ()
        return
    assert fitted.lines and fitted.height <= height + 1e-6
    for line in fitted.lines:
        # One character wider than a very narrow box is the only allowed excess.
        assert text_width(line, font, fitted.size) <= width + 1e-6 or len(line) == 1
    if not fitted.shortened:
        assert "".join(fitted.lines).replace(" ", "") == "".join(text.split())


def test_text_shrinks_before_it_is_elided() -> None:
    text = "Wait for the dispatch message and wonder"
    nominal = fit_text(text, BOLD, 12, 100, 60)
    squeezed = fit_text(text, BOLD, 12, 100, 3 * LINE_HEIGHT * 9)
    assert nominal.size == 12 and not nominal.shortened
    assert 12 * 0.7 <= squeezed.size < 12 and not squeezed.shortened
    cut = fit_text(text * 5, BOLD, 12, 100, 20)
    assert cut.shortened and cut.lines[-1].endswith("…") and cut.size == pytest.approx(8.4)


def test_right_to_left_runs_are_painted_in_reverse() -> None:
    assert visual_order("abc def") == "abc def"
    assert visual_order("سلام") == "مالس"
    assert visual_order("Order سلام now") == "Order مالس now"
    assert visual_order("سلام 3.5 kg") == "kg 3.5 مالس"


def test_glyph_check_names_the_place_once_per_character() -> None:
    glyphs = GlyphCheck()
    assert glyphs.printable("Ĳs\tbĳ", "x") == "Ĳs bĳ"
    assert glyphs.printable("顧 客 顧", "step 'a'") == "\ufffd \ufffd \ufffd"
    for place in "bbcde":
        glyphs.printable("顧", f"step '{place}'")
    messages = glyphs.warnings()
    assert len(messages) == 2
    assert "in step 'a', step 'b', step 'c' and 2 more places." in messages[0]
    assert "U+5BA2" in messages[1] and "step 'a'." in messages[1]
    assert glyphs.printable(f"smile {EMOJI}") == "smile \ufffd"
    assert "U+1F600" in glyphs.warnings()[2]
    assert glyphs.printable("Ελληνικά ĳ € – “”") == "Ελληνικά ĳ € – “”"


# -- tiling ------------------------------------------------------------------------------------


def expected_sheets(poster: tuple[float, float], sheet_mm: tuple[float, float]) -> int:
    """Counted here independently: the poster's printed area (inside its own margin of 3% of
    its short side, 18-72 pt) on sheets with 6 mm unprintable edges, a 12 mm label strip at
    the foot and 8 mm overlap."""
    margin = min(72.0, max(18.0, min(poster) * 0.03))
    area = (poster[0] - 2 * margin, poster[1] - 2 * margin)
    counts = []
    for w, h in (sheet_mm, sheet_mm[::-1]):
        overlap = 8 * MM
        step_w, step_h = (w - 12) * MM - overlap, (h - 18) * MM - overlap
        counts.append(
            math.ceil((area[0] - overlap) / step_w) * math.ceil((area[1] - overlap) / step_h)
        )
    return min(counts)


@pytest.mark.parametrize(("size", "tile"), [("A1", "A4"), ("A0", "A3"), ("A2", "A4")])
def test_tiled_poster_has_one_sheet_per_window(size: str, tile: str, tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    out = tmp_path / "tiled.pdf"
    write_poster(journey, out, size=size, tile=tile)
    pages = PdfReader(out).pages
    poster = page_size(size)  # tiled, the poster is one sheet of its size, as asked
    grid = tile_grid(poster, tile)
    assert grid.count == expected_sheets(poster, ISO_MM[tile])
    # Sheets that would carry only the footer are left out (test_poster_wall.py).
    assert 0 < len(pages) <= grid.count
    sheet = sorted(round(float(v) / MM) for v in pages[0].mediabox[2:])
    assert sheet == sorted(ISO_MM[tile])
    assert "Tile A-1 · row A of" in pages[0].extract_text()
    assert_fonts_embedded(out.read_bytes())


# -- rendering -----------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_a_second_pdf_reader_renders_the_poster_without_complaint(tmp_path: Path) -> None:
    """poppler, not only pypdf, reads the file: no syntax errors, a landscape A3 page, and
    something drawn on it. What is drawn is checked on the document, not on pixels."""
    from PIL import Image

    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    write_poster(journey, tmp_path / "poster.pdf", size="A3")
    pdf, png = str(tmp_path / "poster.pdf"), str(tmp_path / "poster")
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-singlefile", pdf, png],
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert not result.stderr, result.stderr
    image = Image.open(tmp_path / "poster.png").convert("L")
    assert image.size[0] == pytest.approx(420 / 25.4 * 30, abs=1.5)  # landscape A3 at 30 dpi
    assert image.size[1] == pytest.approx(297 / 25.4 * 30, abs=1.5)
    assert image.getextrema()[0] < 128  # not a blank page


# -- writing -------------------------------------------------------------------------------------


def test_progress_runs_to_the_end_and_a_bad_folder_is_an_export_error(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    shares: list[float] = []
    write_poster(journey, tmp_path / "p.pdf", progress=shares.append)
    assert shares == sorted(shares) and shares[-1] == 1.0
    with pytest.raises(ExportError, match="is not a folder"):
        write_poster(journey, tmp_path / "missing" / "p.pdf")
    assert not (tmp_path / "missing").exists()
