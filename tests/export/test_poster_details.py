"""A card's detail line on the poster takes the room its title leaves free before it ends in
'…' (an initiative's status and contact person, 'green · Anouk Verhoeven, head of cu…' under
a short title), and the report carries every contact person in full."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from journeymapper.export.poster import render_poster
from journeymapper.export.poster_content import TextPlacement
from journeymapper.model import load
from journeymapper.model.elements import Initiative
from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))


def detail(initiative: Initiative) -> str:
    return " · ".join(part for part in (initiative.status.value, initiative.contact) if part)


def printed_texts(trace: list[TextPlacement]) -> list[str]:
    """Each text drawn, its lines joined (the lines of one text share their box)."""
    lines: dict[object, list[str]] = defaultdict(list)
    for placement in trace:
        lines[placement.box].append(placement.text)
    return [" ".join(text) for text in lines.values()]


@pytest.mark.parametrize("size", ["A0", "A1", "A2"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_an_initiatives_contact_person_is_printed_whole_where_its_card_has_room(
    sample: Path, size: str
) -> None:
    journey = load(sample).journey
    trace: list[TextPlacement] = []
    render_poster(journey, size=size, trace=trace)
    texts = printed_texts(trace)
    for initiative in journey.initiatives:
        if not initiative.contact:
            continue
        start = f"{initiative.status.value} · {initiative.contact.split()[0]}"
        printed = [text for text in texts if text.startswith(start)]
        assert printed, (initiative.title, start)
        # Every sample's initiative title leaves its card a line for the contact person.
        assert all(text == detail(initiative) for text in printed), (printed, detail(initiative))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_the_report_carries_every_contact_person_in_full(sample: Path, tmp_path: Path) -> None:
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
    column = []
    with pdfplumber.open(out) as document:
        for page in document.pages:
            words = page.extract_words()
            heads = [w for w in words if w["text"] == "Contact"]
            notes = [w for w in words if w["text"] == "Note"]
            for head in heads:
                right = min((n["x0"] for n in notes if n["x0"] > head["x0"]), default=page.width)
                cell = page.crop((head["x0"] - 1, head["top"], right - 1, page.height))
                column.append(" ".join((cell.extract_text() or "").split()))
    contacts = [i.contact for i in journey.initiatives if i.contact]
    if not contacts:
        pytest.skip("no contact persons in this sample")
    every = " ".join(column)
    for contact in contacts:
        assert contact in every, (contact, every)
