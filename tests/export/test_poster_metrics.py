"""A metric card on the poster shows its key figures whole: its value and its target, each
read back from the exported A0 poster with poppler's pdftotext (an independent reader)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journeymapper.model import load
from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_metric_shows_its_value_and_target_whole_on_the_a0_poster(
    sample: Path, tmp_path: Path
) -> None:
    journey = load(sample).journey
    if not any(m.target is not None for m in journey.metrics):
        pytest.skip("no metric with a target")
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
            "A0",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = {" ".join(line.split()) for line in text.splitlines()}
    printed = "\n".join(lines)
    for metric in journey.metrics:
        unit = f" {metric.unit}" if metric.unit else ""
        if metric.target is not None:
            assert f"target {metric.target:g}{unit}" in printed, metric.name
        if metric.value is not None:
            assert f"{metric.value:g}{unit}" in printed, metric.name
