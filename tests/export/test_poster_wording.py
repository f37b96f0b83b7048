"""What the poster export tells the user names the distance a sheet of that size is read
from honestly: A0 and A1 from a few metres at 14 pt, A2 from about a metre at 10 pt (not
"a few metres", which the A0 and A1 warnings give for 14 pt)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_MAPS


@pytest.mark.parametrize(
    ("size", "said", "not_said"),
    [("A2", "at 10 pt", "a few metres"), ("A1", "at 14 pt", "about a metre")],
)
def test_the_warning_names_the_reading_distance_of_the_size(
    tmp_path: Path, size: str, said: str, not_said: str
) -> None:
    out = tmp_path / "poster.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymapper",
            "export",
            str(SAMPLE_MAPS / "webshop_order.cjm"),
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
    spread = next(line for line in result.stderr.splitlines() if "To print card titles" in line)
    distance = "about a metre" if size == "A2" else "a few metres"
    assert said in spread and f"(read from {distance})" in spread, spread
    assert not_said not in result.stderr, result.stderr
