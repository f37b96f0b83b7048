"""The report's map as a handout: a phase or two per page, card titles at least 7 pt (read
back with pdfplumber), the steps' pain points, ideas and quotes on the page with their map."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from journeymapper.export.poster_content import MapContent
from journeymapper.export.report import write_report
from journeymapper.model import load
from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))


@pytest.fixture(scope="module", params=SAMPLES, ids=lambda p: p.stem)
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    sample: Path = request.param
    out = tmp_path_factory.mktemp("report") / f"{sample.stem}.pdf"
    write_report(load(sample).journey, out, source_name=sample.name)
    return out


def _sample(report: Path) -> Path:
    return SAMPLE_MAPS / f"{report.stem}.cjm"


def test_card_titles_on_the_report_map_are_at_least_7_pt(report: Path) -> None:
    journey = load(_sample(report)).journey
    words = {w for t in journey.touchpoints for w in t.title.split()}
    words |= {w for p in journey.process_steps for w in p.title.split()}
    # A metric's name and an initiative's title are bold note text, held to the detail floor.
    words -= {w for m in journey.metrics for w in m.name.split()}
    words -= {w for i in journey.initiatives for w in i.title.split()}
    sizes = []
    with pdfplumber.open(report) as document:
        for page in document.pages:
            for word in page.extract_words(extra_attrs=["size", "fontname"]):
                if "Bold" in word["fontname"] and word["text"] in words:
                    sizes.append(float(word["size"]))
    # Card titles in bold: the tables' bold cells are 7.5 pt and up, so the floor holds for all.
    assert sizes
    assert min(sizes) >= 6.95


def test_pain_points_ideas_and_quotes_are_on_the_page_with_their_step(report: Path) -> None:
    journey = load(_sample(report)).journey
    with pdfplumber.open(report) as document:
        pages = [_words(page.extract_text() or "") for page in document.pages]
    checked = 0
    for step in journey.steps():
        for note in [*step.pain_points, *step.ideas, *([step.quote] if step.quote else [])]:
            # Table cells wrap, and a row's lines interleave in the text: compare words.
            wanted = _words(note) | _words(step.title)
            assert any(wanted <= page for page in pages), (step.title, note)
            checked += 1
    assert checked > 0


def _words(text: str) -> set[str]:
    """Words without punctuation or typographic quotes, lower case."""
    return {"".join(c for c in w if c.isalnum()).lower() for w in text.split()} - {""}


# -- pages that are not padded -------------------------------------------------------------------


def test_the_report_of_every_sample_takes_at_most_20_pages(report: Path) -> None:
    """The map pages used to show every lane and band for every phase, most of them empty,
    and cut each phase of four or five steps into two pieces of a portrait page: 24 to 34
    pages for the samples. Landscape map pages hold a phase across; empty bands are left out."""
    assert len(PdfReader(report).pages) <= 20


def test_map_pages_are_landscape_and_the_other_pages_portrait(report: Path) -> None:
    pages = PdfReader(report).pages
    texts = [" ".join((page.extract_text() or "").split()) for page in pages]
    start = next(n for n, t in enumerate(texts) if "The journey, phase by phase" in t)
    end = next(n for n, t in enumerate(texts) if re.search(r"page \d+ Findings", t))
    for n, page in enumerate(pages):
        width, height = (float(v) for v in page.mediabox[2:])
        assert (width > height) == (start <= n < end), n


def test_lanes_with_nothing_in_a_pages_phases_are_left_out_and_named(tmp_path: Path) -> None:
    """The telecom sample's first phase has no process step under it: its map pages showed
    six empty department lanes. Now they are left out, and a line names them."""
    sample = SAMPLE_MAPS / "telecom_contact_centre.cjm"
    journey = load(sample).journey
    out = tmp_path / "report.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", "export", str(sample), "--report", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, second = journey.phases[0], journey.phases[1]
    own_steps = {s.id for s in first.steps}
    assert not any(set(p.serves) & own_steps for p in journey.process_steps)
    with pdfplumber.open(out) as document:
        pages = [" ".join((page.extract_text() or "").split()) for page in document.pages]
        start = next(n for n, t in enumerate(pages) if f"phase by phase: {first.title}" in t)
        end = next(n for n, t in enumerate(pages) if f"{second.title} Phases" in t)
        group = " ".join(pages[start : end + 1])
        group = group[: group.index(f"{second.title} Phases")]  # up to the next phase's map
        said = re.search(r"Not shown, empty in these steps: (.*?)\.", group)
        assert said, group
        for department in journey.departments:
            assert department.name in said.group(1)
        # No lane label is drawn: no bold line of the label column starts a department's name.
        lines: dict[tuple[int, int], list[str]] = {}
        for n, page in enumerate(document.pages[start:end]):
            words = page.extract_words(extra_attrs=["fontname"])
            # The label column starts where the map does (it is centred on the page).
            column = min((w["x0"] for w in words if w["text"] in ("Phases", "Line")), default=0)
            for word in words:
                if column <= word["x0"] < column + page.width * 0.1 and "Bold" in word["fontname"]:
                    lines.setdefault((n, round(word["top"])), []).append(word["text"])
    labels = [" ".join(words) for words in lines.values()]
    assert "Customer steps" in labels  # the label column is read
    drawn = [d.name for d in journey.departments if any(d.name.startswith(x) for x in labels)]
    assert not drawn


# -- the landscape page's whole width --------------------------------------------------------------


def _heading_lines(page: pdfplumber.page.Page) -> list[tuple[float, str]]:
    """The page's lines of text as (bottom, text), top to bottom, without the footer."""
    lines: dict[int, list[dict[str, object]]] = {}
    for word in page.extract_words(extra_attrs=["size"]):
        if word["top"] < page.height - 30:
            lines.setdefault(round(word["bottom"]), []).append(word)
    return [(float(k), " ".join(str(w["text"]) for w in v)) for k, v in sorted(lines.items())]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_map_pages_use_the_landscape_width_for_map_and_footer(report: Path) -> None:
    """The map pages were laid out at a portrait page's width: map and page number sat in the
    left two thirds of the landscape page. The map reads back from the rendered page (the
    painter clips the whole map to its window, so the PDF's text runs past the window)."""
    labels = {b.label for b in MapContent.of(load(_sample(report)).journey).layout.bands}
    prefix = report.with_suffix("")
    dpi = 20
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), str(report), str(prefix)], check=True, timeout=120
    )
    images = sorted(report.parent.glob(prefix.name + "-*.pgm"))
    maps = 0
    with pdfplumber.open(report) as document:
        for page, image_path in zip(document.pages, images, strict=True):
            if page.width < page.height:
                continue
            number = [w for w in page.extract_words() if w["top"] > page.height - 30]
            assert number[-1]["x1"] > page.width * 0.9, page.page_number
            lines = _heading_lines(page)
            # A page that starts with a heading and then the map: the map's first band (as
            # wide as the map) lies under the heading.
            if len(lines) < 2 or not any(lines[1][1].startswith(label) for label in labels):
                continue
            maps += 1
            top = lines[0][0] + 4
            with Image.open(image_path) as image:
                scale = image.size[0] / page.width
                band = image.crop((0, round(top * scale), image.size[0], round((top + 60) * scale)))
                inked = band.point(lambda v: 255 if v < 254 else 0).getbbox()
            assert inked is not None
            assert inked[2] / scale > page.width * 0.7, page.page_number
    assert maps


# -- pages that go on with a phase --------------------------------------------------------------


def test_every_map_page_starts_with_one_heading_naming_its_phases(report: Path) -> None:
    """Holiday park page 5 began "Book together (continued)", "Book together (continued)",
    "Book together"; telecom pages 3 and 11 began with a table and no heading. Every map page
    now starts with a heading (12 pt bold), a page going on with a phase with its one
    "(continued)" heading, never followed by another heading naming the phase."""
    phases = [p.title for p in load(_sample(report)).journey.phases]
    continued = 0
    with pdfplumber.open(report) as document:
        for page in document.pages:
            if page.width < page.height:
                continue
            words = page.extract_words(extra_attrs=["size", "fontname"])
            first = min(words, key=lambda w: (round(w["top"]), w["x0"]))
            assert first["size"] > 11.5 and "Bold" in first["fontname"], page.page_number
            lines = [text for _, text in _heading_lines(page)]
            said = [n for n, line in enumerate(lines) if line.endswith("(continued)")]
            assert len(said) <= 1, (page.page_number, lines[:4])
            if said:
                continued += 1
                assert said == [0], (page.page_number, lines[:4])
                after = lines[1] if len(lines) > 1 else ""
                assert after not in phases, (page.page_number, lines[:4])
    assert continued


# -- flows that leave a map page ------------------------------------------------------------------


def test_a_flow_that_leaves_a_map_page_says_where_it_goes(report: Path) -> None:
    """Handovers into a lane left out on the page stopped at the edge of the map and pointed
    nowhere (telecom page 7: 'Log a goodwill credit' to Billing and to Network operations).
    A flow whose source card's title is on a page and whose target card's is not now ends
    in a numbered marker, and the list under the map names its lane and target."""
    journey = load(_sample(report)).journey
    steps = {p.id: p for p in journey.process_steps}
    checked = 0
    with pdfplumber.open(report) as document:
        for page in document.pages:
            if page.width < page.height:
                continue
            text = " ".join((page.extract_text() or "").split())
            listed = re.findall(r"Flows that leave this map: (.*?\.)(?= [A-Z“]|$)", text)
            # The cards' titles are bold (as are a few table cells); the list is not.
            # A source counts when its whole title is on one line; a target is taken as
            # drawn when its title's words are all there (the check errs on passing).
            words = page.extract_words(extra_attrs=["fontname"])
            bold = " ".join(w["text"] for w in words if "Bold" in w["fontname"])
            said = " ".join(listed)
            for flow in journey.flows:
                source, target = steps[flow.source], steps[flow.target]
                drawn = " ".join(source.title.split()) in bold
                if drawn and not _words(target.title) <= _words(bold):
                    checked += 1
                    assert f"→ {' '.join(target.title.split())}" in said or (
                        f"(not shown here): {' '.join(target.title.split())}" in said
                    ), (page.page_number, source.title, target.title, said)
    assert checked
