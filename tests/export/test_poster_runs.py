"""The poster draws a touchpoint at steps far apart once per run of neighbouring steps, as the
canvas does, each piece marked as part of one touchpoint."""

from __future__ import annotations

import itertools

from journeymapper.export.poster import render_poster
from journeymapper.export.poster_content import TextPlacement
from journeymapper.model import load
from journeymapper.render.layout import compute_layout
from tests.conftest import SAMPLE_MAPS


def test_every_run_of_a_touchpoint_is_on_the_poster() -> None:
    journey = load(SAMPLE_MAPS / "health_insurance_claim.cjm").journey
    touchpoint = next(t for t in journey.touchpoints if t.id == "tp-question-mail")
    runs = compute_layout(journey).runs[touchpoint.id]
    assert len(runs) >= 2
    trace: list[TextPlacement] = []
    render_poster(journey, size="A0", trace=trace)
    titles = [placed for placed in trace if placed.text == touchpoint.title]
    assert len(titles) == len(runs)
    # Each title in its own card, left to right, as far apart as the runs are.
    lefts = sorted(placed.box.x for placed in titles)
    assert all(b > a for a, b in itertools.pairwise(lefts))
    for n in range(1, len(runs) + 1):
        assert any(p.text.startswith(f"part {n} of {len(runs)}") for p in trace), n
