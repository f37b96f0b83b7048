"""The report's pages hold together (issue 9): a heading never ends a page with what it
introduces on the next (health sample: "KPIs, initiatives and contact reasons" alone at the
foot of a page, its table overleaf). Read with pdfplumber from the reports the command line
writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
FOOTER = 40.0  # points above the page's foot that hold the footer line
HEADING_PT = 12.0  # the report's headings are bold at this size and up; body text is smaller


def report(sample: Path, out: Path) -> Path:
    command = [sys.executable, "-m", "journeymapper", "export", str(sample), "--report", str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_page_ends_with_a_heading(sample: Path, tmp_path: Path) -> None:
    pdf = report(sample, tmp_path / "report.pdf")
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) > 5
        for number, page in enumerate(doc.pages, start=1):
            lines = [
                line for line in page.extract_text_lines() if line["bottom"] < page.height - FOOTER
            ]
            assert lines, f"page {number} is empty"
            last = lines[-1]
            heading = all(
                "Bold" in char["fontname"] and char["size"] >= HEADING_PT
                for char in last["chars"]
                if not char["text"].isspace()
            )
            assert not heading, (number, last["text"])
