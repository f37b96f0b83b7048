"""Every flow's arrow: its route around the cards and the room for its label, remembered.

Most edits leave the lanes as they were, at most shifted up or down by a band above them that
grew or shrank (a touchpoint moved, a card renamed). The lanes are therefore described from
their own top (the memo's key), and the last few results are remembered with the top they were
drawn at: relaying out the canvas after such an edit finds its arrows here, at most moves them
down, and a first layout routes them where they go at once, without a second pass to move them.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

from journeymapper.render.labels import (
    Box,
    CardIndex,
    Columns,
    GutterRuns,
    Lines,
    label_box,
    label_width,
    marker_at,
)
from journeymapper.render.routing import Grid, Point, Slot, route_flows


class FlowEnds(NamedTuple):
    """A flow as the arrows see it, hashable so that arrows can be remembered: its ends, the
    label to place on its arrow (blank: none) and whether it hands over between departments."""

    id: str
    source: str
    target: str
    label: str = ""
    handover: bool = False


# One flow's arrow in the layout's frame: the fields of ``layout.Arrow`` in its order (flow
# id, route, handover, label, the label's room as a plain box, the finding marker's point).
# A plain tuple: there are hundreds, and the layout reads them once.
Drawn = tuple[str, tuple[Point, ...], bool, str, Box | None, Point]


_Key = tuple[Grid, tuple[tuple[str, Slot], ...], tuple[FlowEnds, ...]]


class _Recent:
    """The arrows of the last few lanes, with the top each was drawn at. A pure function's
    memo (the same lanes always give the same arrows), not state; read, do not change."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[_Key, tuple[float, list[Drawn]]] = OrderedDict()

    def cache_clear(self) -> None:
        """Forget every remembered result (the benchmark routes from nothing)."""
        self.entries.clear()

    def __call__(
        self,
        grid: Grid,
        slots: tuple[tuple[str, Slot], ...],
        flows: tuple[FlowEnds, ...],
        top: float,
    ) -> list[Drawn]:
        """Every flow's arrow, in the order of ``flows`` (flows without both ends placed
        left out), for lanes described from y = 0 (``grid.top``) and drawn from ``top``."""
        key = (grid, slots, flows)
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
            drawn_at, drawn = found
            return drawn if drawn_at == top else _moved(drawn, top - drawn_at)
        drawn = _draw(grid, slots, flows, top)
        self.entries[key] = (top, drawn)
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return drawn


def _draw(
    grid: Grid, slots: tuple[tuple[str, Slot], ...], flows: tuple[FlowEnds, ...], top: float
) -> list[Drawn]:
    routes = route_flows(grid, dict(slots), flows, top)
    rows = [(upper + top, lower + top) for upper, lower in grid.rows]
    # Labels stay inside the lanes: right of the department names, left of the lanes' end.
    left = grid.gap_left(0)
    lanes = (left, grid.top + top, grid.gap_left(grid.columns) - left, grid.bottom - grid.top)
    lines = Lines(routes.values())
    cards = CardIndex(rows, (slot for _, slot in slots), left, lines, lanes)
    labelled = []
    for flow in flows:  # in the map's order, so earlier flows' labels take the room first
        points = routes.get(flow.id)
        if points is not None:
            route = tuple(points)
            label = flow.label
            box = None
            if label and not label.isspace():
                box = label_box(route, cards, label_width(label))
            labelled.append((flow, route, box))
    # Markers last: they keep clear of every label, those of later flows too.
    cols = Columns(grid.column_middles())
    runs = GutterRuns(route for _, route, _ in labelled)
    return [
        (flow.id, route, flow.handover, flow.label, box, marker_at(route, cards, cols, runs, box))
        for flow, route, box in labelled
    ]


def _moved(drawn: list[Drawn], down: float) -> list[Drawn]:
    return [
        (
            flow_id,
            tuple([(x, y + down) for x, y in points]),
            handover,
            label,
            _box_moved(box, down),
            (marker[0], marker[1] + down),
        )
        for flow_id, points, handover, label, box, marker in drawn
    ]


def _box_moved(box: Box | None, down: float) -> Box | None:
    return None if box is None else (box[0], box[1] + down, box[2], box[3])


lane_arrows = _Recent(4)
