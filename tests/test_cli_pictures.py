"""PNG and SVG from the command line as a user makes them: a PNG refused rather than written
smaller than its dpi claims, an SVG that names a real font family and carries its legend."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase

from journeymapper.model import load
from tests.conftest import SAMPLE_MAPS

WEBSHOP = SAMPLE_MAPS / "webshop_order.cjm"


def export(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymapper", "export", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_a_png_too_large_for_its_dpi_is_refused_with_the_dpi_that_fits(tmp_path: Path) -> None:
    """The webshop is 3,496 points wide: at 400 dpi that is 19,422 pixels, over the 16,000
    limit. Before, a 16,000-pixel image was written and labelled 400 dpi (it prints 18%
    small); now nothing is written and the user is told the largest dpi that fits."""
    out = tmp_path / "map.png"
    result = export(WEBSHOP, "--png", out, "--dpi", "400")
    assert result.returncode == 2
    assert not out.exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    fits = int(re.search(r"at most (\d+) dpi", lines[0]).group(1))  # type: ignore[union-attr]
    assert "400 dpi" in lines[0]
    ok = export(WEBSHOP, "--png", out, "--dpi", str(fits))
    assert ok.returncode == 0, ok.stderr
    assert out.exists()


def test_a_png_that_fits_keeps_its_dpi(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    result = export(WEBSHOP, "--png", out, "--dpi", "144")
    assert result.returncode == 0, result.stderr
    width = int(re.search(r"\((\d+) x", result.stdout).group(1))  # type: ignore[union-attr]
    # 144 dpi is twice the layout's points; the scene is the map plus a margin of a few points.
    assert width >= 2 * 3000


@pytest.fixture(scope="module")
def webshop_svg(tmp_path_factory: pytest.TempPathFactory) -> ET.Element:
    out = tmp_path_factory.mktemp("svg") / "map.svg"
    result = export(WEBSHOP, "--svg", out)
    assert result.returncode == 0, result.stderr
    return ET.parse(out).getroot()  # noqa: S314 (our own file)


def test_svg_text_names_a_real_font_family_with_a_sans_serif_fallback(
    qapp: object, webshop_svg: ET.Element
) -> None:
    families = {
        element.get("font-family") for element in webshop_svg.iter() if element.get("font-family")
    }
    assert families
    installed = set(QFontDatabase.families())
    for family in families:
        assert family is not None
        names = [name.strip() for name in family.split(",")]
        assert names[-1] == "sans-serif", family
        assert names[0] in installed, family
        assert names[0].lower() not in {"sans serif", "sans-serif", ""}, family


def test_svg_carries_the_legend_and_the_date(webshop_svg: ET.Element) -> None:
    text = " ".join(t.strip() for t in webshop_svg.itertext())
    journey = load(WEBSHOP).journey
    for heading in ("Channels", "Departments", "Findings", "Lines"):
        assert heading in text
    for channel in journey.channels:
        assert channel.name in text
    assert "handover between departments" in text
    assert datetime.date.today().isoformat() in text
