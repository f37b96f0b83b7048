"""Layout figures on the large map: how much routing the flows adds to laying out the boxes.

``layout_ms_large``: ``compute_layout`` of the large map, arrows routed around the cards.
``layout_without_arrows_ms_large``: the same map with its flows taken out, measured in the
same run: bands, columns, cards and the curve, everything but the routes.
``routing_ratio_large``: the first over the second; routing may add at most half (issue 9).
The routes are remembered for the last few maps (``arrows.lane_arrows``); these three
figures forget them before every run, so they are the cost of routing from nothing.
``layout_remembered_ms_large``: a layout whose lanes were routed just before, as after an edit
that leaves the lanes as they were (a rename, a touchpoint moved to another step).
``faces_ms_large``: every face of the laid-out map (``map_faces``, as the poster asks for them),
findings and Moments of Truth included; ``routing_and_faces_ratio_large``: layout with routes
plus faces, over the layout without arrows (issue 9: at most 1.5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymapper.render.arrows import lane_arrows
from journeymapper.render.layout import compute_layout

if TYPE_CHECKING:
    from bench.run import Bench, Figures
    from journeymapper.model.analysis import Finding


def measure_layout(bench: Bench) -> Figures:
    # Imported here: bench.run imports this module to list it among its measurements.
    from bench.run import median_ms, paired_median_ms

    journey = bench.large
    without_flows = journey.model_copy(update={"flows": []})

    def from_nothing() -> None:
        lane_arrows.cache_clear()
        compute_layout(journey)

    def without_arrows() -> None:
        lane_arrows.cache_clear()
        compute_layout(without_flows)

    full_ms, boxes_ms = paired_median_ms(from_nothing, without_arrows, bench.repeat)
    remembered_ms = median_ms(lambda: compute_layout(journey), bench.repeat)
    faces_ms = _faces_ms(bench)
    return {
        "layout_ms_large": full_ms,
        "layout_without_arrows_ms_large": boxes_ms,
        "routing_ratio_large": full_ms / boxes_ms,
        "layout_remembered_ms_large": remembered_ms,
        "faces_ms_large": faces_ms,
        "routing_and_faces_ratio_large": (full_ms + faces_ms) / boxes_ms,
    }


def _faces_ms(bench: Bench) -> float:
    from bench.run import median_ms
    from journeymapper.model.analysis import run_analysis
    from journeymapper.render.map_faces import map_faces, served_moments

    journey = bench.large
    layout = compute_layout(journey)
    analysis = run_analysis(journey)
    findings: dict[str, list[Finding]] = {}
    for finding in analysis.findings:
        for element_id in finding.elements:
            findings.setdefault(element_id, []).append(finding)
    moments = served_moments(journey, (m.step.id for m in analysis.moments))
    named: dict[str, object] = {}
    for phase in journey.phases:
        named[phase.id] = phase
        named.update((step.id, step) for step in phase.steps)
    groups = (journey.touchpoints, journey.process_steps, journey.channels, journey.departments)
    for group in groups:
        named.update((element.id, element) for element in group)
    return median_ms(lambda: map_faces(journey, layout, named.get, findings, moments), bench.repeat)
