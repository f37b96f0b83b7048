"""Layout figures on the large map: how much routing the flows adds to laying out the boxes.

``layout_ms_large``: ``compute_layout`` of the large map, arrows routed around the cards.
``layout_without_arrows_ms_large``: the same map with its flows taken out, measured in the
same run: bands, columns, cards and the curve, everything but the routes.
``routing_ratio_large``: the first over the second; routing may add at most half (issue 9).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymapper.render.layout import compute_layout

if TYPE_CHECKING:
    from bench.run import Bench, Figures


def measure_layout(bench: Bench) -> Figures:
    # Imported here: bench.run imports this module to list it among its measurements.
    from bench.run import paired_median_ms

    journey = bench.large
    without_flows = journey.model_copy(update={"flows": []})
    full_ms, boxes_ms = paired_median_ms(
        lambda: compute_layout(journey), lambda: compute_layout(without_flows), bench.repeat
    )
    return {
        "layout_ms_large": full_ms,
        "layout_without_arrows_ms_large": boxes_ms,
        "routing_ratio_large": full_ms / boxes_ms,
    }
