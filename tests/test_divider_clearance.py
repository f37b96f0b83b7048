"""Arrows stand clearly off the phase dividers (issue 9): a facilitator found the arrows in
the gap between two phases looked glued to the divider down its middle. Every vertical run
of every arrow keeps at least MIN_CLEARANCE points from every divider beside it, read from
``journeymapper layout --json`` as a user runs it, for every sample map."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE_MAPS
from tests.export.test_poster_routes import layout_json

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
MIN_CLEARANCE = 8.0
# A vertical run this close to a divider runs in the gap between two phases.
IN_A_PHASE_GAP = 20.0


def vertical_runs(data: dict[str, Any]) -> list[tuple[str, float, float, float]]:
    """Every vertical segment of every arrow as (flow id, x, top, bottom)."""
    runs = []
    for arrow in data["arrows"]:
        for (x1, y1), (x2, y2) in pairwise(arrow["points"]):
            if x1 == x2 and y1 != y2:
                runs.append((arrow["id"], x1, min(y1, y2), max(y1, y2)))
    return runs


def too_close(data: dict[str, Any]) -> list[str]:
    problems = []
    for flow, x, top, bottom in vertical_runs(data):
        for divider in data["dividers"]:
            beside = top < divider["bottom"] and divider["top"] < bottom
            distance = abs(x - divider["x"])
            if beside and distance < MIN_CLEARANCE:
                problems.append(f"{flow} runs {distance:.1f} pt from the divider at {divider['x']}")
    return problems


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_arrows_keep_clear_of_the_phase_dividers(path: Path) -> None:
    data = layout_json(path)
    assert data["dividers"], "every sample map has more than one phase"
    assert too_close(data) == []


def test_the_samples_have_arrows_in_the_gaps_between_phases() -> None:
    """The check above is not empty: the samples' arrows do run down gaps between phases."""
    near = 0
    for path in SAMPLES:
        data = layout_json(path)
        xs = [d["x"] for d in data["dividers"]]
        near += sum(
            1 for _, x, _, _ in vertical_runs(data) if any(abs(x - d) < IN_A_PHASE_GAP for d in xs)
        )
    assert near >= 3
