"""The footer of every poster sheet is printed whole: where the sheet hangs, the date, the
file, the end-to-end lead time and the app's version, nothing of it cut off with "…".

Exported with the real CLI in a subprocess; read back with pdfplumber.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from journeymapper import __version__
from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))


def footer_lines(page: pdfplumber.page.Page) -> list[str]:
    """The page's text lines from the one holding the date (the footer's) to the page's end,
    and the line before it when that belongs to the footer too (it is the sheet's note)."""
    today = datetime.date.today().isoformat()
    lines = sorted(page.extract_text_lines(), key=lambda line: line["top"])
    first = next(n for n, line in enumerate(lines) if today in line["text"])
    if first > 0 and lines[first - 1]["text"].startswith("sheet "):
        first -= 1
    return [line["text"] for line in lines[first:]]


@pytest.mark.parametrize("size", ["A1", "A2"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sheets_footer_is_printed_whole(sample: Path, size: str, tmp_path: Path) -> None:
    out = tmp_path / "poster.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymapper",
            "export",
            str(sample),
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
    with pdfplumber.open(out) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            footer = " ".join(footer_lines(page))
            assert "…" not in footer, (number, footer)
            assert sample.name in footer, (number, footer)
            # The version ends the footer: the first thing cut off were it too long.
            assert footer.endswith(f"journeymapper {__version__}"), (number, footer)
            if len(pdf.pages) > 1:
                assert footer.startswith(f"sheet {number} of {len(pdf.pages)}"), footer
