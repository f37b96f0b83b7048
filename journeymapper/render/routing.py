"""Orthogonal arrow routes between process steps that go around cards and never share a line.

The lanes below the line of visibility are a grid: process-step cards sit in rows, each card
covering one or more neighbouring columns. That leaves two kinds of free channel:

* the *gaps* between columns, running top to bottom, blocked only in the rows where a card
  covers more than one column and so spans the gap;
* the *gutters* between rows (and between lanes), running left to right, never blocked.

A general router (an orthogonal visibility graph searched with a bend penalty) would find the
same routes, but costs a graph search per flow; on the benchmark's 600 flows that is many times
the whole layout. On this grid the cheapest routes come in a handful of shapes, tried in order
of their bends: a straight line to the next card of the row (no bend); right, down a gap, right
(two bends); out into a gutter and along it (four bends); and, when no single gap is free the
whole way, through a second gutter and any free gap (six bends; the gaps left of the first and
right of the last column are always free, so this one always exists).

Every flow leaves its source at the right edge and enters its target at the left edge, so a map
reads left to right. Only then are coordinates given, channel by channel (the "nudging"): the
lines sharing a stretch of a row, a gutter or a gap get their own track, spread evenly across
the channel, so no two flows ever run on the same line.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple, Protocol

Point = tuple[float, float]
_EPSILON = 1e-6


class Slot(NamedTuple):
    """Where one process-step card sits: its global row (counted over all lanes, top to
    bottom), its first and last column, and its rectangle (x, y, width, height)."""

    row: int
    first: int
    last: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Grid:
    """The lanes' grid. Column ``c`` starts at ``left + c * pitch``; gap ``g`` is the free
    corridor of width ``gap`` just left of column ``g`` (gap ``columns`` is right of the last
    column). ``rows`` are the (top, bottom) of every row of cards, top to bottom; gutter ``i``
    is the free band above row ``i`` (gutter ``len(rows)`` lies below the last row), bounded
    by ``top`` and ``bottom``, the lanes' outer edges."""

    left: float
    pitch: float
    gap: float
    columns: int
    rows: tuple[tuple[float, float], ...]
    top: float
    bottom: float

    def gap_left(self, gap: int) -> float:
        return self.left + gap * self.pitch - self.gap

    def gutter_span(self, gutter: int) -> tuple[float, float]:
        upper = self.rows[gutter - 1][1] if gutter > 0 else self.top
        lower = self.rows[gutter][0] if gutter < len(self.rows) else self.bottom
        return upper, lower


class Flow(Protocol):
    """What routing reads of a flow (the model's ``Flow`` has these)."""

    @property
    def id(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def target(self) -> str: ...


class FlowEnds(NamedTuple):
    """A flow as routing sees it, hashable so that routes can be remembered; ``labelled``:
    whether it has a label to place on its arrow."""

    id: str
    source: str
    target: str
    labelled: bool = False


class _Plan:
    """A route before coordinates: the channels it runs through, alternating vertical gaps
    and horizontal gutters, starting and ending with a gap (none: a straight line along the
    row); then, channel by channel, the coordinates nudging gives it."""

    __slots__ = ("channels", "entry_y", "exit_y", "flow", "source", "target", "where")

    def __init__(self, flow: Flow, source: Slot, target: Slot, channels: list[int]) -> None:
        self.flow = flow
        self.source = source
        self.target = target
        self.channels = channels
        self.exit_y = 0.0
        self.entry_y = 0.0
        # Per channel: the x of the line in a gap, the y of the line in a gutter.
        self.where = [0.0] * len(channels)

    @property
    def straight(self) -> bool:
        return not self.channels


def _level_of_row(row: int) -> int:
    return 2 * row + 1


def _level_of_gutter(gutter: int) -> int:
    return 2 * gutter


class _Occupancy:
    """Which rows block which gap, and each card's neighbours in its row."""

    def __init__(self, grid: Grid, slots: dict[str, Slot]) -> None:
        self.grid = grid
        blocked: defaultdict[int, list[int]] = defaultdict(list)
        by_row: defaultdict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for card_id, slot in slots.items():
            by_row[slot.row].append((slot.first, slot.last, card_id))
            for gap in range(slot.first + 1, slot.last + 1):
                blocked[gap].append(slot.row)
        self.blocked = {gap: sorted(rows) for gap, rows in blocked.items()}
        self.used: defaultdict[int, int] = defaultdict(int)  # vertical lines planned per gap
        # Per card: the first column of the next card right of it and the last column of the
        # card left of it, in its row; and the card's place in the row, naming the stretch of
        # free row on each side (stretch k lies right of the k-th card, -1 left of the first).
        self.next_first: dict[str, int] = {}
        self.previous_last: dict[str, int] = {}
        self.position: dict[str, int] = {}
        for cards in by_row.values():
            cards.sort()
            for n, (_, _, card_id) in enumerate(cards):
                self.position[card_id] = n
                self.next_first[card_id] = cards[n + 1][0] if n + 1 < len(cards) else grid.columns
                self.previous_last[card_id] = cards[n - 1][1] if n else -1

    def clear(self, gap: int, level_a: int, level_b: int) -> bool:
        """Whether gap ``gap`` is free in every row strictly between two levels."""
        rows = self.blocked.get(gap)
        if not rows:
            return True
        low, high = min(level_a, level_b), max(level_a, level_b)
        first_row, last_row = (low + 1) // 2, high // 2 - 1
        if first_row > last_row:
            return True
        return bisect_right(rows, last_row) == bisect_left(rows, first_row)


def route_flows(
    grid: Grid, slots: dict[str, Slot], flows: Sequence[Flow]
) -> dict[str, list[Point]]:
    """The polyline of every flow whose two ends have a slot, keyed by flow id."""
    occupancy = _Occupancy(grid, slots)
    # The gaps right beside a flow's ends are where its ports and any route along a gutter
    # turn; a line choosing freely keeps out of them, so it does not run close beside those.
    for flow in flows:
        if flow.source in slots and flow.target in slots:
            occupancy.used[slots[flow.source].last + 1] += 1
            occupancy.used[slots[flow.target].first] += 1
    plans = []
    for flow in flows:
        if flow.source in slots and flow.target in slots:
            plan = _plan(occupancy, flow, slots[flow.source], slots[flow.target])
            for gap in plan.channels[::2]:
                occupancy.used[gap] += 1
            plans.append(plan)
    _place_row_ports(grid, occupancy, plans)
    _place_gutter_tracks(grid, plans)
    _place_gap_tracks(grid, plans)
    return {plan.flow.id: _points(plan) for plan in plans}


# -- choosing the channels ------------------------------------------------------------------------


def _plan(occupancy: _Occupancy, flow: Flow, source: Slot, target: Slot) -> _Plan:
    reach_right = occupancy.next_first[flow.source]  # exit gaps: last + 1 .. reach_right
    reach_left = occupancy.previous_last[flow.target] + 1  # entry gaps: reach_left .. first
    if source.row == target.row and reach_right == target.first and flow.source != flow.target:
        return _Plan(flow, source, target, [])
    exit_level, entry_level = _level_of_row(source.row), _level_of_row(target.row)
    if source.row != target.row:
        gap = _z_gap(occupancy, source, target, reach_right, reach_left)
        if gap is not None:
            return _Plan(flow, source, target, [gap])
    out, into = source.last + 1, target.first
    for gutter in _gutter_candidates(occupancy.grid, source.row, target.row):
        level = _level_of_gutter(gutter)
        if occupancy.clear(out, exit_level, level) and occupancy.clear(into, level, entry_level):
            return _Plan(flow, source, target, [out, gutter, into])
    # No single gap reaches: along the gutter beside each end, joined by any free gap.
    down = target.row > source.row
    near_source = source.row + 1 if down else source.row
    near_target = target.row if down else target.row + 1
    middle = _free_gap(
        occupancy, _level_of_gutter(near_source), _level_of_gutter(near_target), (out + into) / 2
    )
    return _Plan(flow, source, target, [out, near_source, middle, near_target, into])


def _z_gap(
    occupancy: _Occupancy, source: Slot, target: Slot, reach_right: int, reach_left: int
) -> int | None:
    """A gap both ends reach along their rows and free in between, nearest the middle (a tie
    goes to the target's side), or None."""
    low, high = max(source.last + 1, reach_left), min(reach_right, target.first)
    if low > high:
        return None
    exit_level, entry_level = _level_of_row(source.row), _level_of_row(target.row)
    middle = (low + high + 1) // 2
    best: int | None = None
    for offset in range(high - low + 1):
        for gap in (middle + offset, middle - offset - 1) if offset else (middle,):
            if low <= gap <= high and occupancy.clear(gap, exit_level, entry_level):
                # An unused gap keeps the new line apart from the others; else the least used.
                if not occupancy.used[gap]:
                    return gap
                if best is None or occupancy.used[gap] < occupancy.used[best]:
                    best = gap
    return best


def _gutter_candidates(grid: Grid, source_row: int, target_row: int) -> list[int]:
    """Gutters to try for a route along one gutter: those between the two rows first (no
    detour), the one next to the source first; then the ones just outside them."""
    low, high = min(source_row, target_row), max(source_row, target_row)
    between = list(range(low + 1, high + 1))
    if source_row > target_row:
        between.reverse()
    outside = [high + 1, low] if source_row <= target_row else [low, high + 1]
    return between + [g for g in outside if 0 <= g <= len(grid.rows)]


def _free_gap(occupancy: _Occupancy, level_a: int, level_b: int, near: float) -> int:
    """The gap nearest ``near`` that is free between two levels (the outer gaps always are)."""
    columns = occupancy.grid.columns
    start = min(max(round(near), 0), columns)
    for offset in range(columns + 1):
        for gap in (start + offset, start - offset) if offset else (start,):
            if 0 <= gap <= columns and occupancy.clear(gap, level_a, level_b):
                return gap
    return columns  # unreachable: no card spans the gap right of the last column


# -- nudging: a track of its own for every line ---------------------------------------------------


_EXIT, _ENTRY, _BOTH = 1, 2, 3  # which of a route's row ports a line in a stretch is


def _place_row_ports(grid: Grid, occupancy: _Occupancy, plans: list[_Plan]) -> None:
    """Give every horizontal line inside a row (leaving a source, entering a target, or
    straight to the next card) its own height in the stretch of free row it runs through,
    spread evenly over the card height; lines heading further down go lower."""
    stretches: defaultdict[tuple[int, int], list[tuple[int, int, _Plan, int]]] = defaultdict(list)
    position = occupancy.position
    for n, plan in enumerate(plans):
        channels = plan.channels
        source_row, target_row = plan.source.row, plan.target.row
        source_key = (source_row, position[plan.flow.source])
        if not channels:
            stretches[source_key].append((2 * source_row + 1, n, plan, _BOTH))
            continue
        # The level each port's vertical line runs to: the next gutter, or the other row.
        if len(channels) == 1:
            out_level, in_level = 2 * target_row + 1, 2 * source_row + 1
        else:
            out_level, in_level = 2 * channels[1], 2 * channels[-2]
        stretches[source_key].append((out_level, n, plan, _EXIT))
        target_key = (target_row, position[plan.flow.target] - 1)
        stretches[target_key].append((in_level, n, plan, _ENTRY))
    rows = grid.rows
    for (row, _), members in stretches.items():
        top, bottom = rows[row]
        members.sort(key=_LEVEL_THEN_ORDER)
        step = (bottom - top) / (len(members) + 1)
        for index, (_, _, plan, role) in enumerate(members, 1):
            if role != _ENTRY:
                plan.exit_y = top + index * step
            if role != _EXIT:
                plan.entry_y = top + index * step


_LEVEL_THEN_ORDER = itemgetter(0, 1)


def _place_gutter_tracks(grid: Grid, plans: list[_Plan]) -> None:
    """Lines in one gutter whose column ranges touch get different tracks."""
    by_gutter: defaultdict[int, list[tuple[int, int, _Plan, int]]] = defaultdict(list)
    for plan in plans:
        channels = plan.channels
        for position in range(1, len(channels), 2):
            left, right = sorted((channels[position - 1], channels[position + 1]))
            by_gutter[channels[position]].append((left, right, plan, position))
    for gutter, members in by_gutter.items():
        tracks = interval_tracks([(left, right) for left, right, _, _ in members], 0.5)
        upper, lower = grid.gutter_span(gutter)
        step = (lower - upper) / (max(tracks) + 2)
        for (_, _, plan, position), track in zip(members, tracks, strict=True):
            plan.where[position] = upper + (track + 1) * step


def _place_gap_tracks(grid: Grid, plans: list[_Plan]) -> None:
    """Vertical lines in one gap whose heights overlap get different tracks."""
    by_gap: defaultdict[int, list[tuple[float, float, _Plan, int]]] = defaultdict(list)
    for plan in plans:
        channels = plan.channels
        for position in range(0, len(channels), 2):
            above = plan.exit_y if position == 0 else plan.where[position - 1]
            below = plan.entry_y if position == len(channels) - 1 else plan.where[position + 1]
            if above > below:
                above, below = below, above
            by_gap[channels[position]].append((above, below, plan, position))
    for gap, members in by_gap.items():
        tracks = interval_tracks([(low, high) for low, high, _, _ in members], _EPSILON)
        left = grid.gap_left(gap)
        step = grid.gap / (max(tracks) + 2)
        for (_, _, plan, position), track in zip(members, tracks, strict=True):
            plan.where[position] = left + (track + 1) * step


def interval_tracks(intervals: list[tuple[float, float]], slack: float) -> list[int]:
    """A track per interval such that intervals closer than ``slack`` (touching ones
    included) never share one: greedy interval partitioning, fewest tracks."""
    result = [0] * len(intervals)
    if len(intervals) == 1:
        return result
    ends: list[float] = []  # per track, where its last interval ends
    for start, end, n in sorted((start, end, n) for n, (start, end) in enumerate(intervals)):
        for track, taken_until in enumerate(ends):
            if taken_until + slack < start:
                ends[track] = end
                result[n] = track
                break
        else:
            result[n] = len(ends)
            ends.append(end)
    return result


def _points(plan: _Plan) -> list[Point]:
    """The polyline: out of the source's right edge, along the channels, into the target's
    left edge. Consecutive lines lie in different kinds of channel (a row, a gap, a gutter),
    so no point repeats and no two neighbouring segments are collinear."""
    source = plan.source
    start_x, end_x = source.x + source.width, plan.target.x
    y = plan.exit_y
    if plan.straight:
        return [(start_x, y), (end_x, y)]
    points: list[Point] = [(start_x, y)]
    x = start_x
    for position, value in enumerate(plan.where):
        if position % 2 == 0:
            x = value
        else:
            y = value
        points.append((x, y))
    points.append((x, plan.entry_y))
    points.append((end_x, plan.entry_y))
    return points
