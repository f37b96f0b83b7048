"""Every flow's line stays on the paper that shows its map: a route between two steps that
one sheet's row shows whole never leaves that row's drawn window (where the sheet is clipped
to it), and no route leaves the map's own width and height.

The routes are read from ``journeymapper layout --json`` run as a user runs it; the windows
are the parts of the map each poster sheet draws, as the poster reports them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.run import QUICK_SIZES
from bench.synthetic import synthetic_map
from journeymapper.export.poster import render_poster
from journeymapper.model import load, serialize
from journeymapper.model.elements import JourneyMap
from journeymapper.model.layout import Rect
from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
# Half of the widest line a flow is drawn with (a handover), in layout units: a line this
# close to a window's edge is cut along its length.
HALF_STROKE = 1.2


def layout_json(path: Path) -> dict[str, Any]:
    """What ``journeymapper layout PATH --json`` prints, read back (the real CLI)."""
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", "layout", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def route_problems(journey: JourneyMap, data: dict[str, object], size: str) -> list[str]:
    """Flows whose two ends a sheet's row shows but whose line leaves that row's window."""
    cards = {c["id"]: Rect(*c["box"]) for c in data["cards"]}  # type: ignore[attr-defined]
    arrows = data["arrows"]
    _pdf, _warnings, drawing = render_poster(journey, size=size)
    problems = []
    for page, parts in enumerate(drawing.pages, start=1):
        # Each row's label column and its columns, drawn side by side.
        for (labels, _), (columns, _) in zip(parts[::2], parts[1::2], strict=True):
            window = Rect(labels.x, columns.y, columns.right - labels.x, columns.height)
            for arrow in arrows:  # type: ignore[attr-defined]
                ends = (cards[arrow["source"]], cards[arrow["target"]])
                if not all(window.contains(card) for card in ends):
                    continue
                outside = [
                    (x, y)
                    for x, y in arrow["points"]
                    if not (
                        window.x + HALF_STROKE <= x <= window.right - HALF_STROKE
                        and window.y <= y <= window.bottom
                    )
                ]
                if outside:
                    where = f"{size} sheet {page}: {arrow['id']}"
                    problems.append(f"{where} at {outside} out of {window}")
    return problems


def map_problems(data: dict[str, object]) -> list[str]:
    width, height = float(data["width"]), float(data["height"])  # type: ignore[arg-type]
    return [
        f"{arrow['id']} at {(x, y)}"
        for arrow in data["arrows"]  # type: ignore[attr-defined]
        for x, y in arrow["points"]
        if not (0 < x < width and 0 < y < height)
    ]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_route_stays_inside_the_windows_the_poster_draws(path: Path) -> None:
    data = layout_json(path)
    journey = load(path).journey
    assert map_problems(data) == []
    problems = [p for size in ("A0", "A1", "A2") for p in route_problems(journey, data, size)]
    assert problems == []


@pytest.mark.parametrize("seed", [1, 5, 9])
def test_every_route_of_a_synthetic_map_stays_inside_the_poster_windows(
    tmp_path: Path, seed: int
) -> None:
    journey = synthetic_map(**{**QUICK_SIZES, "seed": seed, "loops": 4})
    path = tmp_path / "map.cjm"
    path.write_bytes(serialize(journey))
    data = layout_json(path)
    assert map_problems(data) == []
    problems = [p for size in ("A1", "A2") for p in route_problems(journey, data, size)]
    assert problems == []
