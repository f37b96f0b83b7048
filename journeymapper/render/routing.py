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

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple, Protocol

Point = tuple[float, float]
_EPSILON = 1e-6
# How far the lines in a gap between two phases keep from its middle, where the divider
# runs and a poster's row may end: far enough that a line there reads as standing beside
# the divider, not on it (the layout makes those gaps wider, see ``Grid.widened``).
DIVIDER_CLEARANCE = 8.0


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
    """The lanes' grid. Column ``c`` starts at ``left + c * pitch``, moved right by
    ``widened`` for every gap between two phases left of it; gap ``g`` is the free corridor
    just left of column ``g``, ``gap`` wide (``gap + widened`` between two phases; gap
    ``columns`` is right of the last column). ``rows`` are the (top, bottom) of every row of
    cards, top to bottom; gutter ``i`` is the free band above row ``i`` (gutter ``len(rows)``
    lies below the last row), bounded by ``top`` and ``bottom``, the lanes' outer edges."""

    left: float
    pitch: float
    gap: float
    columns: int
    rows: tuple[tuple[float, float], ...]
    top: float
    bottom: float
    # The gaps between two phases: a divider runs down their middle (presentation mode
    # draws it), so their lines keep off the middle, and a line choosing freely avoids them.
    divided: frozenset[int] = frozenset()
    # How much wider than ``gap`` a gap between two phases is.
    widened: float = 0.0

    @cached_property
    def _divided_in_order(self) -> tuple[int, ...]:
        return tuple(sorted(self.divided))

    def gap_left(self, gap: int) -> float:
        wider_before = bisect_left(self._divided_in_order, gap) if self.widened else 0
        return self.left + gap * self.pitch - self.gap + wider_before * self.widened

    def gap_width(self, gap: int) -> float:
        return self.gap + self.widened if gap in self.divided else self.gap

    def column_middles(self) -> tuple[float, ...]:
        """The x of the middle of every column, left to right."""
        half = (self.pitch - self.gap) / 2
        return tuple(self.gap_left(c) + self.gap_width(c) + half for c in range(self.columns))

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


def _level_of_row(row: int) -> int:
    return 2 * row + 1


def _level_of_gutter(gutter: int) -> int:
    return 2 * gutter


class _Occupancy:
    """Which rows block which gap, and each card's neighbours in its row."""

    def __init__(self, grid: Grid, slots: dict[str, Slot]) -> None:
        self.grid = grid
        # Per gap, the rows whose cards span it as bits of one integer (bit r: row r), so
        # asking whether a stretch of rows is free is one shift and one mask.
        blocked: defaultdict[int, int] = defaultdict(int)
        by_row: defaultdict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for card_id, slot in slots.items():
            row, first, last = slot.row, slot.first, slot.last
            by_row[row].append((first, last, card_id))
            if last > first:
                bit = 1 << row
                for gap in range(first + 1, last + 1):
                    blocked[gap] |= bit
        self.blocked = dict(blocked)
        self.used: defaultdict[int, int] = defaultdict(int)  # vertical lines planned per gap
        # Per card: the first column of the next card right of it and the last column of the
        # card left of it, in its row; and the stretches of free row on either side of it,
        # numbered over all rows (a card's left stretch is its left neighbour's right one).
        self.next_first: dict[str, int] = {}
        self.previous_last: dict[str, int] = {}
        self.stretch_before: dict[str, int] = {}
        self.stretch_after: dict[str, int] = {}
        self.stretch_row: list[int] = []  # the row of every stretch
        columns = grid.columns
        for row, cards in by_row.items():
            cards.sort()
            previous = -1
            for n, (_, last, card_id) in enumerate(cards):
                self.next_first[card_id] = cards[n + 1][0] if n + 1 < len(cards) else columns
                self.previous_last[card_id] = previous
                previous = last
                self.stretch_before[card_id] = len(self.stretch_row) + n
                self.stretch_after[card_id] = len(self.stretch_row) + n + 1
            self.stretch_row += [row] * (len(cards) + 1)

    def clear(self, gap: int, level_a: int, level_b: int) -> bool:
        """Whether gap ``gap`` is free in every row strictly between two levels."""
        mask = self.blocked.get(gap)
        if not mask:
            return True
        if level_a > level_b:
            level_a, level_b = level_b, level_a
        first_row, last_row = (level_a + 1) // 2, level_b // 2 - 1
        if first_row > last_row:
            return True
        return not (mask >> first_row) & ((2 << (last_row - first_row)) - 1)


def route_flows(
    grid: Grid, slots: dict[str, Slot], flows: Sequence[Flow], shift: float = 0.0
) -> dict[str, list[Point]]:
    """The polyline of every flow whose two ends have a slot, keyed by flow id; every y is
    moved down by ``shift`` (the grid's frame to the caller's)."""
    occupancy = _Occupancy(grid, slots)
    ends = [
        (flow, slots[flow.source], slots[flow.target])
        for flow in flows
        if flow.source in slots and flow.target in slots
    ]
    # The gaps right beside a flow's ends are where its ports and any route along a gutter
    # turn; a line choosing freely keeps out of them, so it does not run close beside those.
    used = occupancy.used
    for gap in grid.divided:
        used[gap] += 1
    for _, source, target in ends:
        used[source.last + 1] += 1
        used[target.first] += 1
    plans = []
    for flow, source, target in ends:
        plan = _plan(occupancy, flow, source, target)
        for gap in plan.channels[::2]:
            used[gap] += 1
        plans.append(plan)
    _place_row_ports(grid, occupancy, plans)
    _place_gutter_tracks(grid, plans)
    _place_gap_tracks(grid, plans)
    return {plan.flow.id: _points(plan, shift) for plan in plans}


# -- choosing the channels ------------------------------------------------------------------------


def _plan(occupancy: _Occupancy, flow: Flow, source: Slot, target: Slot) -> _Plan:
    source_row, target_row = source.row, target.row
    reach_right = occupancy.next_first[flow.source]  # exit gaps: last + 1 .. reach_right
    if source_row == target_row:
        if reach_right == target.first and flow.source != flow.target:
            return _Plan(flow, source, target, [])
    else:
        gap = _z_gap(occupancy, source, target, reach_right, occupancy.previous_last[flow.target])
        if gap is not None:
            return _Plan(flow, source, target, [gap])
    exit_level, entry_level = _level_of_row(source_row), _level_of_row(target_row)
    out, into = source.last + 1, target.first
    clear = occupancy.clear
    for gutter in _gutter_candidates(occupancy.grid, source_row, target_row):
        level = _level_of_gutter(gutter)
        if clear(out, exit_level, level) and clear(into, level, entry_level):
            return _Plan(flow, source, target, [out, gutter, into])
    # No single gap reaches: along the gutter beside each end, joined by any free gap.
    down = target_row > source_row
    near_source = source_row + 1 if down else source_row
    near_target = target_row if down else target_row + 1
    middle = _free_gap(
        occupancy, _level_of_gutter(near_source), _level_of_gutter(near_target), (out + into) / 2
    )
    return _Plan(flow, source, target, [out, near_source, middle, near_target, into])


def _z_gap(
    occupancy: _Occupancy, source: Slot, target: Slot, reach_right: int, left_last: int
) -> int | None:
    """A gap both ends reach along their rows and free in between, nearest the middle (a tie
    goes to the target's side), or None. ``left_last``: the last column of the card left of
    the target in its row (-1 for none)."""
    low, high = source.last + 1, target.first
    if left_last >= low:
        low = left_last + 1
    if reach_right < high:
        high = reach_right
    if low > high:
        return None
    exit_level, entry_level = 2 * source.row + 1, 2 * target.row + 1
    clear, used = occupancy.clear, occupancy.used
    if low == high:
        return low if clear(low, exit_level, entry_level) else None
    middle = (low + high + 1) // 2  # the middle gap, or the one right of the middle
    # Outwards from the middle, the target's side first at equal distance: when the middle
    # lies between two gaps, ``middle`` is on the right, so the left one is as near.
    odd = (low + high) % 2
    best: int | None = None
    for offset in range(max(middle - low, high - middle) + 1):
        if not offset:
            pair: tuple[int, ...] = (middle,)
        else:
            pair = (middle - offset, middle + offset) if odd else (middle + offset, middle - offset)
        for gap in pair:
            if low <= gap <= high and clear(gap, exit_level, entry_level):
                # An unused gap keeps the new line apart from the others; else the least used.
                if not used[gap]:
                    return gap
                if best is None or used[gap] < used[best]:
                    best = gap
    return best


def _gutter_candidates(grid: Grid, source_row: int, target_row: int) -> Iterator[int]:
    """Gutters to try for a route along one gutter: those between the two rows first (no
    detour), the one next to the source first; then the ones just outside them. Lazily:
    between rows far apart there are many, and the first usually does."""
    if source_row <= target_row:
        yield from range(source_row + 1, target_row + 1)
        outside = (target_row + 1, source_row)
    else:
        yield from range(source_row, target_row, -1)
        outside = (target_row, source_row + 1)
    for gutter in outside:
        if 0 <= gutter <= len(grid.rows):
            yield gutter


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
    stretches: defaultdict[int, list[tuple[int, int, int, _Plan]]] = defaultdict(list)
    after, before = occupancy.stretch_after, occupancy.stretch_before
    for n, plan in enumerate(plans):
        channels = plan.channels
        source_row, target_row = plan.source.row, plan.target.row
        if not channels:
            stretches[after[plan.flow.source]].append((2 * source_row + 1, n, _BOTH, plan))
            continue
        # The level each port's vertical line runs to: the next gutter, or the other row.
        if len(channels) == 1:
            out_level, in_level = 2 * target_row + 1, 2 * source_row + 1
        else:
            out_level, in_level = 2 * channels[1], 2 * channels[-2]
        stretches[after[plan.flow.source]].append((out_level, n, _EXIT, plan))
        stretches[before[plan.flow.target]].append((in_level, n, _ENTRY, plan))
    rows, stretch_row = grid.rows, occupancy.stretch_row
    for stretch, members in stretches.items():
        top, bottom = rows[stretch_row[stretch]]
        members.sort()  # by level, then in the flows' order (``n`` is unique)
        step = (bottom - top) / (len(members) + 1)
        for index, (_, _, role, plan) in enumerate(members, 1):
            y = top + index * step
            if role != _ENTRY:
                plan.exit_y = y
            if role != _EXIT:
                plan.entry_y = y


def _place_gutter_tracks(grid: Grid, plans: list[_Plan]) -> None:
    """Lines in one gutter whose column ranges touch get different tracks."""
    by_gutter: defaultdict[int, list[tuple[float, float, int, int, _Plan]]] = defaultdict(list)
    for n, plan in enumerate(plans):
        channels = plan.channels
        for position in range(1, len(channels), 2):
            left, right = channels[position - 1], channels[position + 1]
            if left > right:
                left, right = right, left
            by_gutter[channels[position]].append((left, right, n, position, plan))
    for gutter, members in by_gutter.items():
        upper, lower = grid.gutter_span(gutter)
        _spread(members, 0.5, upper, lower - upper)


def _place_gap_tracks(grid: Grid, plans: list[_Plan]) -> None:
    """Vertical lines in one gap whose heights overlap get different tracks."""
    by_gap: defaultdict[int, list[tuple[float, float, int, int, _Plan]]] = defaultdict(list)
    for n, plan in enumerate(plans):
        channels, where = plan.channels, plan.where
        last = len(channels) - 1
        for position in range(0, last + 1, 2):
            above = plan.exit_y if position == 0 else where[position - 1]
            below = plan.entry_y if position == last else where[position + 1]
            if above > below:
                above, below = below, above
            by_gap[channels[position]].append((above, below, n, position, plan))
    for gap, members in by_gap.items():
        width = grid.gap_width(gap)
        if gap not in grid.divided:
            _spread(members, _EPSILON, grid.gap_left(gap), width)
            continue
        # A poster may end a sheet's row at this divider: a line between two steps of the
        # phase on one side keeps to that side, so the row showing both steps shows it whole
        # and the row beside shows none of it. A line crossing over goes to the emptier side.
        left, right = _sides(gap, members)
        half = width / 2 - DIVIDER_CLEARANCE
        start = grid.gap_left(gap)
        if left:
            _spread(left, _EPSILON, start, half)
        if right:
            _spread(right, _EPSILON, start + width - half, half)


_Member = tuple[float, float, int, int, _Plan]


def _sides(gap: int, members: list[_Member]) -> tuple[list[_Member], list[_Member]]:
    """The lines in a gap between two phases on its left side and on its right: those of
    flows between two steps left of it, and right of it; the crossing ones join the side
    with fewer lines."""
    left: list[_Member] = []
    right: list[_Member] = []
    crossing: list[_Member] = []
    for member in members:
        plan = member[4]
        if max(plan.source.last, plan.target.last) < gap:
            left.append(member)
        elif min(plan.source.first, plan.target.first) >= gap:
            right.append(member)
        else:
            crossing.append(member)
    for member in crossing:
        (left if len(left) <= len(right) else right).append(member)
    return left, right


def _track_at(track: int, tracks: int, start: float, room: float) -> float:
    """Where track ``track`` of ``tracks`` lies, spread evenly across ``room`` from ``start``."""
    return start + (track + 1) * room / (tracks + 1)


def _spread(
    members: list[_Member],
    slack: float,
    start: float,
    room: float,
) -> None:
    """Lines sharing one channel, each (low, high, order, position, plan) along the channel:
    a track each such that lines closer than ``slack`` never share one (greedy interval
    partitioning, as ``interval_tracks``), the tracks spread evenly across ``room`` from
    ``start``; the plan's ``where`` at ``position`` gets its track's coordinate."""
    if len(members) == 1:
        _, _, _, position, plan = members[0]
        plan.where[position] = _track_at(0, 1, start, room)
        return
    members.sort()  # by where the lines start, then end, then the flows' and routes' order
    ends: list[float] = []  # per track, where its last line ends
    tracks = []
    for low, high, _, _, _ in members:
        for track, taken_until in enumerate(ends):
            if taken_until + slack < low:
                ends[track] = high
                tracks.append(track)
                break
        else:
            tracks.append(len(ends))
            ends.append(high)
    count = len(ends)
    for (_, _, _, position, plan), track in zip(members, tracks, strict=True):
        plan.where[position] = _track_at(track, count, start, room)


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


def _points(plan: _Plan, shift: float) -> list[Point]:
    """The polyline: out of the source's right edge, along the channels, into the target's
    left edge, moved down by ``shift``. Consecutive lines lie in different kinds of channel (a
    row, a gap, a gutter), so no point repeats and no two neighbouring segments are collinear."""
    source = plan.source
    start_x, end_x = source.x + source.width, plan.target.x
    y = plan.exit_y + shift
    if not plan.channels:
        return [(start_x, y), (end_x, y)]
    points: list[Point] = [(start_x, y)]
    append = points.append
    where = plan.where
    x = where[0]
    append((x, y))
    for position in range(1, len(where), 2):  # a gutter, then the next gap
        y = where[position] + shift
        append((x, y))
        x = where[position + 1]
        append((x, y))
    y = plan.entry_y + shift
    append((x, y))
    append((end_x, y))
    return points
