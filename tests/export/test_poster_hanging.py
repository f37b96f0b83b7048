"""Every sample's A0, A1 and A2 posters as a manager hangs them on a wall: the lanes sheets
under the customer's sheets they belong to, no card cut at a sheet's edge, the map right under
the header, a slim header on the sheets hung below, each sheet naming its part of the journey
in large type, and the key of the emotion curves whole and as large as the cards' details.

Everything is read back from the PDF with pdfplumber (words with their size and position,
card shapes with their boxes); where a check needs to know where a sheet's map area is, it
takes it from the poster's own account of the parts it drew (``PosterDrawing.pages``).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from journeymapper.export.poster import PosterDrawing, render_poster
from journeymapper.export.poster_content import MapContent
from journeymapper.model import load
from journeymapper.model.elements import JourneyMap
from journeymapper.model.layout import BandKind, Rect
from journeymapper.render import style
from journeymapper.render.curve_faces import curve_label
from journeymapper.render.faces import FaceKind
from journeymapper.render.header import header_texts
from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
SIZES = ("A0", "A1", "A2")
# The part heading is read from two metres: at least this size (points) per sheet size.
HEADING_PT = {"A0": 24.0, "A1": 20.0, "A2": 14.0}
DETAIL_PT = {"A0": 10.0, "A1": 10.0, "A2": 7.0}
LANES = re.compile(r"lanes, hang under sheet (\d+)")


@cache
def poster(sample: Path, size: str) -> tuple[bytes, tuple[str, ...], PosterDrawing]:
    """The poster as the CLI writes it (the same call), kept for the tests of one run."""
    data, warnings, drawing = render_poster(load(sample).journey, size=size)
    return data, tuple(warnings), drawing


@cache
def pages(sample: Path, size: str) -> tuple[dict[str, Any], ...]:
    """Per page: its height, its words (with size and font), its text and its shapes."""
    data = poster(sample, size)[0]
    read = []
    with pdfplumber.open(io.BytesIO(data)) as document:
        for page in document.pages:
            words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
            read.append(
                {
                    "height": float(page.height),
                    "words": words,
                    "text": " ".join((page.extract_text() or "").split()),
                    "blocks": text_blocks(words),
                    "shapes": [(s["x0"], s["top"], s["x1"], s["bottom"]) for s in page.curves]
                    + [(s["x0"], s["top"], s["x1"], s["bottom"]) for s in page.rects],
                    # Lines too (a line of visibility), but not the footer's rule.
                    "lines": [
                        (s["x0"], s["top"], s["x1"], s["bottom"])
                        for s in page.lines
                        if s["top"] < page.height * 0.9
                    ],
                }
            )
    return tuple(read)


def hung_under(sample: Path, size: str) -> dict[int, int]:
    """Lanes sheet number -> the customer's sheet it hangs under, as its footer says."""
    found = {}
    for number, page in enumerate(pages(sample, size), start=1):
        match = LANES.search(page["text"])
        if match:
            found[number] = int(match.group(1))
    return found


def heading(page: dict[str, Any], size: str) -> str:
    """The sheet's part heading: the bold line that starts with "Phase", printed at the
    heading size or larger (empty when there is none)."""
    words = page["words"]
    start = next(
        (
            w
            for w in words
            if w["text"] in ("Phase", "Phases")
            and "Bold" in w["fontname"]
            and w["size"] >= HEADING_PT[size] - 0.01
        ),
        None,
    )
    if start is None:
        return ""
    line = [
        w
        for w in words
        if abs(w["top"] - start["top"]) < 1 and abs(w["size"] - start["size"]) < 0.01
    ]
    return " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"]))


def layout_box(shape: tuple[float, ...], height: float, part: tuple[Rect, Any], s: float) -> Rect:
    """A shape's page box (pdfplumber, top-down) in layout units of one drawn part."""
    _window, (ox, oy) = part
    x0, top, x1, bottom = shape
    return Rect((x0 - ox) / s, (oy - (height - top)) / s, (x1 - x0) / s, (bottom - top) / s)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("size", SIZES)
def test_no_card_is_cut_by_the_edge_of_a_sheet_or_a_row(sample: Path, size: str) -> None:
    """Every card shape printed on a sheet lies wholly inside the map area of the part that
    shows it (holiday park A0 cut "Send the pre-arrival e-mail" in two)."""
    journey = load(sample).journey
    content = MapContent.of(journey)
    cards = [face.box for face in content.faces.cards if face.kind is not FaceKind.PHASE]
    drawing = poster(sample, size)[2]
    s = drawing.scale
    checked = 0
    for page, parts in zip(pages(sample, size), drawing.pages, strict=True):
        for shape in page["shapes"]:
            for part in parts[1::2]:  # the columns of each row (the label column has none)
                box = layout_box(shape, page["height"], part, s)
                card = next((c for c in cards if _same(c, box)), None)
                if card is None:
                    continue
                window = part[0]
                inside = (
                    window.x - 0.5 <= card.x
                    and card.right <= window.right + 0.5
                    and window.y - 0.5 <= card.y
                    and card.bottom <= window.bottom + 0.5
                )
                assert inside, (size, card, window)
                checked += 1
    assert checked >= len(journey.process_steps)


def _same(a: Rect, b: Rect) -> bool:
    return all(abs(p - q) < 0.6 for p, q in zip(a, b, strict=True))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_each_lanes_strip_shows_the_phases_of_its_customer_sheet(sample: Path) -> None:
    """On A1 the lanes go onto sheets of their own: a lanes sheet shows the lanes of the
    customer's sheet it hangs under or, where they fit, of consecutive customer's sheets in
    strips one above the other, each under a line "lanes of sheet N: Phases ...". Every
    customer's sheet's lanes are on exactly one strip, which holds the process steps of
    exactly that sheet's columns, at the same scale and x: the phase's left edge, read from
    the customer steps on the customer's sheet and from the process steps in the strip, is at
    the same x within a point. A shared lanes sheet hangs under the first of its sheets."""
    size = "A1"
    journey = load(sample).journey
    content = MapContent.of(journey)
    under = hung_under(sample, size)
    assert under, "on A1 every sample's lanes go onto sheets of their own"
    read = pages(sample, size)
    strips = {lanes: lanes_strips(read[lanes - 1], under[lanes]) for lanes in under}
    owners = [customer for found in strips.values() for customer, _top, _bottom in found]
    customers = [n for n in range(1, len(read) + 1) if n not in under]
    assert sorted(owners) == customers  # each customer's sheet's lanes on one strip
    steps = {step.id: step for step in journey.steps()}
    layout = content.layout
    aligned = 0
    for lanes, found in strips.items():
        assert found[0][0] == under[lanes], (lanes, found)  # hung under its first sheet
        for customer, top, bottom in found:
            upper = read[customer - 1]
            strip = dict(read[lanes - 1])
            strip["blocks"] = text_blocks([w for w in strip["words"] if top <= w["top"] < bottom])
            shown = [i for i, step in steps.items() if _printed(step.title, upper)]
            assert shown, customer
            left = min(layout.boxes[i].rect.x for i in shown)
            right = max(layout.boxes[i].rect.right for i in shown)
            for process in journey.process_steps:
                box = layout.boxes[process.id].rect
                if not any(_printed(process.title, page) for page in read):
                    continue  # shortened: not found whole on any sheet
                here = _printed(process.title, strip)
                inside = left <= box.x and box.right <= right
                assert here == inside, (lanes, customer, process.title)
            # Where layout x = 0 falls, read from the customer steps above and the process
            # steps in the strip (and the printed size, so the scale too): the same.
            above = _origin(content, upper, FaceKind.STEP)
            below = _origin(content, strip, FaceKind.PROCESS_STEP)
            if below is not None:  # a strip with no process step printed whole
                assert above is not None and abs(above - below) <= 1.0, (lanes, above, below)
                aligned += 1
    assert aligned >= len(customers) // 2


STRIP_LINE = re.compile(r"^lanes of sheet (\d+): Phases? ")


def lanes_strips(page: dict[str, Any], hung: int) -> list[tuple[int, float, float]]:
    """The strips of a lanes sheet, top to bottom: (customer's sheet, top, bottom), read from
    the bold line above each strip; a sheet without such lines is one strip of the lanes of
    the sheet it hangs under."""
    lines: dict[float, list[dict[str, Any]]] = {}
    for word in page["words"]:
        if "Bold" in word["fontname"]:
            lines.setdefault(round(word["top"], 1), []).append(word)
    tops = []
    for top, words in sorted(lines.items()):
        text = " ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"]))
        match = STRIP_LINE.match(text)
        if match:
            tops.append((int(match.group(1)), top))
    if not tops:
        return [(hung, 0.0, page["height"])]
    ends = [top for _n, top in tops[1:]] + [page["height"]]
    return [(n, top, end) for (n, top), end in zip(tops, ends, strict=True)]


def _printed(title: str, page: dict[str, Any]) -> bool:
    """Whether ``title`` is printed whole as one block of text (a card's title) on the page."""
    return any(text == " ".join(title.split()) for text, _x0, _size in page["blocks"])


def text_blocks(words: list[dict[str, Any]]) -> list[tuple[str, float, float]]:
    """The page's words put back together as the blocks they were set in: words of one size
    on a line, close together, make a line; lines of one size starting at the same x, one
    under the other, make a block (the title of a card, say)."""
    lines: list[dict[str, Any]] = []
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        last = lines[-1] if lines else None
        if (
            last is not None
            and abs(last["top"] - word["top"]) < 0.5
            and abs(last["size"] - word["size"]) < 0.01
            and 0 <= word["x0"] - last["x1"] < word["size"] * 0.8
        ):
            last["text"] += " " + word["text"]
            last["x1"] = word["x1"]
        else:
            lines.append({k: word[k] for k in ("text", "x0", "x1", "top", "size")})
    blocks: list[dict[str, Any]] = []
    for line in sorted(lines, key=lambda n: (round(n["x0"], 1), n["top"])):
        block = blocks[-1] if blocks else None
        if (
            block is not None
            and abs(block["x0"] - line["x0"]) < 0.5
            and abs(block["size"] - line["size"]) < 0.01
            and 0 < line["top"] - block["top"] < 1.4 * line["size"]
        ):
            block["text"] += " " + line["text"]
            block["top"] = line["top"]
        else:
            blocks.append(dict(line))
    return [(block["text"], block["x0"], block["size"]) for block in blocks]


def _origin(content: MapContent, page: dict[str, Any], kind: FaceKind) -> float | None:
    """Where layout x = 0 falls on the page, by the most common answer of the cards of
    ``kind`` whose whole title is printed as a block: its x less the title's layout x at the
    scale its printed size gives."""
    votes: Counter[float] = Counter()
    for face in content.faces.cards:
        if face.kind is not kind or not face.texts:
            continue
        title = face.texts[0]
        for text, x0, size in page["blocks"]:
            if text == " ".join(title.text.split()):
                votes[round(x0 - title.box.x * size / title.size)] += 1
    return votes.most_common(1)[0][0] if votes else None


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("size", SIZES)
def test_the_map_starts_right_under_the_header(sample: Path, size: str) -> None:
    """The blank between the header and the map was about a fifth of an A0 sheet: the first
    band's top now follows the last header line within 2% of the sheet's height."""
    for number, page in enumerate(pages(sample, size), start=1):
        map_top = min(top for _x0, top, _x1, _bottom in page["shapes"] + page["lines"])
        header_bottom = max(w["bottom"] for w in page["words"] if w["bottom"] < map_top)
        gap = (map_top - header_bottom) / page["height"]
        assert gap <= 0.02, (size, number, round(gap, 3))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("size", ("A1", "A2"))
def test_a_sheet_hung_below_has_a_slim_header(sample: Path, size: str) -> None:
    """A lanes sheet repeats neither the scenario nor the persona: the map's title and where
    it hangs, in one line under its heading, and the map starts in the top tenth of the
    sheet."""
    journey = load(sample).journey
    under = hung_under(sample, size)
    if not under:
        pytest.skip("this sample's lanes stay on the customer's sheets")
    read = pages(sample, size)
    for lanes, customer in under.items():
        page = read[lanes - 1]
        assert journey.title in page["text"]
        assert f"hang this sheet right under sheet {customer}" in page["text"]
        texts = header_texts(journey)
        assert texts.persona and texts.persona not in page["text"], lanes
        story = " ".join(texts.story.split()[:6])
        assert story and story not in page["text"], lanes
        map_top = min(top for _x0, top, _x1, _bottom in page["shapes"])
        assert map_top / page["height"] < 0.10, (lanes, map_top / page["height"])


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("size", SIZES)
def test_every_sheet_names_its_phases_and_side_in_large_type(sample: Path, size: str) -> None:
    """Each sheet says, at 24 pt or more on A0, which phases it shows ("Phases 2-3: ..."):
    the phases whose steps (or, on a lanes sheet, whose customer's sheet's steps) it prints,
    and on a wall of customer's and lanes sheets which of the two it is."""
    journey = load(sample).journey
    read = pages(sample, size)
    under = hung_under(sample, size)
    numbers = {}
    for number, page in enumerate(read, start=1):
        said = heading(page, size)
        match = re.match(r"Phases? (\d+)(?:-(\d+))?: ", said)
        assert match is not None, (size, number, said)
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        numbers[number] = (first, last)
        if under:
            side = "lanes" if number in under else "customer's side"
            assert said.endswith(f"· {side}"), (size, number, said)
        if number not in under:
            printed = {
                n
                for n, phase in enumerate(journey.phases, start=1)
                if any(_printed(step.title, page) for step in phase.steps)
            }
            if ";" not in said:  # a sheet of one row: its phases are one range
                assert printed <= set(range(first, last + 1)), (size, number, said)
                assert {first, last} <= printed, (size, number, said)
    for lanes, customer in under.items():
        owners = [n for n, _top, _bottom in lanes_strips(read[lanes - 1], customer)]
        # From the first phase of its first strip's sheet to the last of its last one's.
        assert numbers[lanes] == (numbers[owners[0]][0], numbers[owners[-1]][1]), lanes


@pytest.mark.parametrize("size", SIZES)
def test_the_curve_key_is_whole_and_as_large_as_the_details(size: str, tmp_path: Path) -> None:
    """The telecom sample's two curves have long names: the key in the emotion band printed
    them at about 11 pt on A0 and cut them on A2. Now every curve's whole name is printed in
    the label column of the emotion band at the size of a card's details or larger, and the
    CLI names no text of the key among those that did not fit."""
    sample = SAMPLE_MAPS / "telecom_contact_centre.cjm"
    out = tmp_path / "poster.pdf"
    command = [sys.executable, "-m", "journeymapper", "export", str(sample), "--pdf", str(out)]
    result = subprocess.run(
        [*command, "--size", size],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "key to curve" not in result.stderr, result.stderr
    journey: JourneyMap = load(sample).journey
    drawing = poster(sample, size)[2]
    band = next(b for b in MapContent.of(journey).layout.bands if b.kind is BandKind.EMOTION)
    s = drawing.scale
    with pdfplumber.open(out) as document:
        page = document.pages[0]
        label_column, (ox, oy) = drawing.pages[0][0]
        right = ox + label_column.right * s
        top, bottom = (page.height - oy + y * s for y in (band.rect.y, band.rect.bottom))
        words = page.extract_words(extra_attrs=["size"])
        key = [w for w in words if w["x1"] <= right + 1 and top <= w["top"] <= bottom]
    # The scale's numbers stand at the right of the label column, beside the key.
    key = [w for w in key if not re.fullmatch(r"[\d.]+", w["text"])]
    text = " ".join(w["text"] for w in key)
    for curve in journey.curves:
        assert curve_label(curve) in text, (curve_label(curve), text)
    printed = min(w["size"] for w in key if w["text"] != "Emotion")
    assert printed >= DETAIL_PT[size] - 0.01
    assert printed >= style.CARD_DETAIL_SIZE * s - 0.01, (printed, style.CARD_DETAIL_SIZE * s)
