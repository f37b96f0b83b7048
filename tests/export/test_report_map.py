"""The report's map as a handout: a phase or two per page, card titles at least 7 pt (read
back with pdfplumber), the steps' pain points, ideas and quotes on the page with their map."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

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
