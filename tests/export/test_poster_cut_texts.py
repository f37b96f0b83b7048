"""Every text the poster cuts with '…' is named in the export's warning, and the touchpoint
detail lines (channel · owner · kind) of a sheet print at one size (issue 9).

Read with pdfplumber from the posters the command line writes, as a user prints them."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from journeymapper.export.pdf_text import ELLIPSIS
from journeymapper.export.poster_content import MapContent
from journeymapper.model import load
from journeymapper.render.faces import FaceKind
from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
SIZES = ["A0", "A1", "A2"]


@dataclass(frozen=True)
class Segment:
    """Words printed next to each other on one baseline: one line of one text."""

    page: int
    text: str
    sizes: frozenset[float]


@dataclass(frozen=True)
class Poster:
    segments: list[Segment]
    warnings: str


def segments(pdf: Path) -> list[Segment]:
    """The lines of text on every page; words further apart than a space or two belong to
    different boxes (neighbouring cards share a baseline)."""
    found = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            words = page.extract_words(extra_attrs=["size"], use_text_flow=True)
            rows: dict[float, list[dict[str, object]]] = defaultdict(list)
            for word in words:
                rows[round(float(word["bottom"]), 1)].append(word)
            for row in rows.values():
                row.sort(key=lambda w: float(w["x0"]))  # type: ignore[arg-type]
                current: list[dict[str, object]] = []
                for word in row:
                    if current:
                        gap = float(word["x0"]) - float(current[-1]["x1"])  # type: ignore[arg-type]
                        if gap > 0.6 * float(word["size"]):  # type: ignore[arg-type]
                            found.append(_segment(number, current))
                            current = []
                    current.append(word)
                if current:
                    found.append(_segment(number, current))
    return found


def _segment(page: int, words: list[dict[str, object]]) -> Segment:
    text = " ".join(str(w["text"]) for w in words)
    sizes = frozenset(round(float(w["size"]), 2) for w in words)  # type: ignore[arg-type]
    return Segment(page, text, sizes)


_POSTERS: dict[tuple[str, str], Poster] = {}


def texts_by_element(sample: Path) -> list[tuple[str, str, FaceKind, bool]]:
    """Every text of the map's faces: (text, what it is, the face's kind, detail)."""
    content = MapContent.of(load(sample).journey)
    return [
        (" ".join(text.text.split()), text.where, face.kind, text.detail)
        for face in content.faces.stacked()
        for text in face.texts
    ]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("size", SIZES)
def test_every_text_that_ends_in_an_ellipsis_is_counted_and_named_in_the_warning(
    sample: Path, size: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    printed = _export(sample, size, tmp_path_factory)
    cut = [s for s in printed.segments if s.text.endswith(ELLIPSIS)]
    if not cut:
        return
    warning = " ".join(printed.warnings.split())
    assert "did not fit their boxes" in warning, warning
    # The count covers every cut text printed (the lines of a text share one ellipsis).
    count = int(warning.split(" text(s) did not fit their boxes")[0].split()[-1])
    assert count >= len(cut), (count, [s.text for s in cut])
    texts = texts_by_element(sample)
    for segment in cut:
        shown = segment.text.removesuffix(ELLIPSIS).strip()
        owners = {where for text, where, _kind, _detail in texts if shown in text}
        assert owners, segment.text
        # Named by what it is ("touchpoint 'Order in the dealer portal'"), wherever it is.
        assert any(where in warning for where in owners), (segment.text, owners, warning)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("size", SIZES)
def test_the_touchpoint_detail_lines_of_a_sheet_share_one_size(
    sample: Path, size: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    printed = _export(sample, size, tmp_path_factory)
    details = [
        text
        for text, _where, kind, detail in texts_by_element(sample)
        if kind is FaceKind.TOUCHPOINT and detail
    ]
    sizes: dict[int, set[float]] = defaultdict(set)
    for segment in printed.segments:
        shown = segment.text.removesuffix(ELLIPSIS).strip()
        # A detail line's first line starts the detail (a second line continues it).
        if " · " in shown and any(detail.startswith(shown) for detail in details):
            sizes[segment.page] |= segment.sizes
    assert sizes, "no touchpoint detail line found"
    for page, found in sizes.items():
        assert len(found) == 1, (page, sorted(found))


def _export(sample: Path, size: str, factory: pytest.TempPathFactory) -> Poster:
    key = (sample.stem, size)
    if key not in _POSTERS:
        out = factory.mktemp("cut") / f"{sample.stem}-{size}.pdf"
        command = [sys.executable, "-m", "journeymapper", "export", str(sample)]
        result = subprocess.run(
            [*command, "--pdf", str(out), "--size", size], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        _POSTERS[key] = Poster(segments(out), result.stderr)
    return _POSTERS[key]
