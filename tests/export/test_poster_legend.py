"""The poster's legend keeps each group's heading ("Departments:", "Channels:") on the row
of its first entry: a heading never ends a row with its entries starting the next.

Exported with the real CLI in a subprocess; every word's font, size and place read back
with pdfplumber."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import SAMPLE_MAPS


def lonely_headings(pdf: Path) -> list[tuple[int, str]]:
    """(page, heading) for every bold word ending in ':' with no word of its size after it on
    its line."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            words = page.extract_words(extra_attrs=["fontname", "size"])
            for word in words:
                if "Bold" not in word["fontname"] or not word["text"].endswith(":"):
                    continue
                after = [
                    other
                    for other in words
                    if abs(other["top"] - word["top"]) < 1
                    and other["x0"] > word["x1"]
                    and abs(other["size"] - word["size"]) < 0.1
                ]
                if not after:
                    found.append((number, word["text"]))
    return found


# The samples and sizes whose legend wrapped right after a heading before.
@pytest.mark.parametrize(
    ("sample", "size"),
    [
        ("holiday_park_stay", "A0"),
        ("webshop_order", "A0"),
        ("telecom_contact_centre", "A1"),
        ("telecom_contact_centre", "A2"),
    ],
)
def test_a_legend_heading_stays_on_the_row_of_its_first_entry(
    tmp_path: Path, sample: str, size: str
) -> None:
    out = tmp_path / "poster.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymapper",
            "export",
            str(SAMPLE_MAPS / f"{sample}.cjm"),
            "--pdf",
            str(out),
            "--size",
            size,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(out) as document:
        text = document.pages[0].extract_text()
    assert "Departments:" in text and "Channels:" in text
    assert lonely_headings(out) == []
