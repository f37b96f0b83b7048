"""Layout figures on the large map: how much routing the flows adds to laying out the boxes.

``layout_ms_large``: ``compute_layout`` of the large map, arrows routed around the cards.
``layout_without_arrows_ms_large``: the same map with its flows taken out, measured in the
same run: bands, columns, cards and the curve, everything but the routes.
``routing_ratio_large``: the first over the second; routing may add at most half (issue 9).
The routes are remembered for the last few maps (``arrows.lane_arrows``); these three
figures forget them before every run, so they are the cost of routing from nothing.
``layout_remembered_ms_large``: a layout whose lanes were routed just before, as after an edit
that leaves the lanes as they were (a rename, a touchpoint moved to another step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymapper.render.arrows import lane_arrows
from journeymapper.render.layout import compute_layout

if TYPE_CHECKING:
    from bench.run import Bench, Figures


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
    return {
        "layout_ms_large": full_ms,
        "layout_without_arrows_ms_large": boxes_ms,
        "routing_ratio_large": full_ms / boxes_ms,
        "layout_remembered_ms_large": remembered_ms,
    }
