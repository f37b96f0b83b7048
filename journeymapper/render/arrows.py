"""Every flow's arrow: its route around the cards and the room for its label, remembered.

Most edits leave the lanes as they were, at most shifted up or down by a band above them that
grew or shrank (a touchpoint moved, a card renamed). Arrows are therefore worked out for lanes
measured from their own top, and the last few results are remembered: relaying out the canvas
after such an edit finds its arrows here and only moves them down.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from journeymapper.render.labels import Box, CardIndex, label_box
from journeymapper.render.routing import FlowEnds, Grid, Point, Slot, route_flows

Drawn = tuple[tuple[Point, ...], Box | None]  # the route and the room for the label


@functools.lru_cache(maxsize=4)
def arrows_below_top(
    grid: Grid, slots: tuple[tuple[str, Slot], ...], flows: tuple[FlowEnds, ...]
) -> Mapping[str, Drawn]:
    """Route and label room of every flow, for lanes whose top is at y = 0 (``grid.top``).
    A pure function's memo (the same input always gives the same arrows), not state; read
    the result, do not change it."""
    routes = route_flows(grid, dict(slots), flows)
    cards = CardIndex(grid.rows, (slot for _, slot in slots), left=grid.gap_left(0))
    drawn: dict[str, Drawn] = {}
    for flow in flows:  # in the map's order, so earlier flows' labels take the room first
        points = routes.get(flow.id)
        if points is not None:
            route = tuple(points)
            drawn[flow.id] = (route, label_box(route, cards) if flow.labelled else None)
    return drawn
