"""Where a flow's label goes: beside the arrow, in a small pill just above or below its
longest horizontal run (else beside a vertical run where it crosses the free band between two
rows), clear of every card, every other label and every arrow's line, its own included, so a
reader sees what is handed over where it goes and no line strikes the text through.

The layout gives the pill's room (a box about as wide as the text, beside the line); each
painter fits the text into it with its own font and draws the pill as wide as the text,
centred in the box. Once every label is placed, each flow's finding marker gets a point of its
own route clear of cards and labels (``marker_at``), which canvas and poster both draw at.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from journeymapper.render import style
from journeymapper.render.routing import Point, Slot

LABEL_HEIGHT = style.CARD_DETAIL_SIZE + 4.0  # the pill: one line of detail text
LABEL_INSET = 5.0  # from the corner or card where the run starts
LABEL_MIN_WIDTH = 36.0  # narrower room shows too little of any label to be worth it
LABEL_MAX_WIDTH = 160.0
MARKER_HALF = 8.0  # half the side of the square a finding marker (radius 7) needs clear
MARKER_SPACE = 2 * MARKER_HALF + 2.0  # what a label leaves of a short run for the marker
ARROW_HEAD_ROOM = 10.0  # kept free before the target, where the head is
LINE_CLEARANCE = 1.5  # between a label and the line it sits beside (and any other line)
# A label's text at the detail size is about this wide per character (DejaVu Sans averages
# 0.55 of the size; a little more, so the painter rarely has to shrink it), plus the pill's
# padding either side: the room asked for, so a pill beside a vertical line stays close to it.
_CHARACTER_WIDTH = 0.6 * style.CARD_DETAIL_SIZE
_PILL_PADDING = 4.0
_BUCKET = 200.0  # width of the x buckets placed labels are kept in

Box = tuple[float, float, float, float]


def arrow_midpoint(points: Sequence[Point]) -> Point:
    """The middle of the polyline's middle segment (where a flow's finding marker sat before
    ``marker_at``; the last resort of that)."""
    n = len(points) // 2
    (x1, y1), (x2, y2) = points[max(0, n - 1)], points[n]
    return (x1 + x2) / 2, (y1 + y2) / 2


def label_width(text: str) -> float:
    """The room a label's pill asks for: its text's estimated width, within bounds."""
    wanted = len(text.strip()) * _CHARACTER_WIDTH + 2 * _PILL_PADDING
    return min(LABEL_MAX_WIDTH, max(LABEL_MIN_WIDTH, wanted))


class Lines:
    """Every arrow's segments, by x bucket, to ask whether a box keeps off all of them."""

    def __init__(self, routes: Iterable[Sequence[Point]]) -> None:
        self.buckets: defaultdict[int, list[Box]] = defaultdict(list)
        for route in routes:
            for n in range(len(route) - 1):
                (x1, y1), (x2, y2) = route[n], route[n + 1]
                left, right = (x1, x2) if x1 < x2 else (x2, x1)
                top, bottom = (y1, y2) if y1 < y2 else (y2, y1)
                segment = (left, top, right, bottom)
                for bucket in range(int(left // _BUCKET), int(right // _BUCKET) + 1):
                    self.buckets[bucket].append(segment)

    def clear(self, box: Box) -> bool:
        """Whether ``box``, grown by ``LINE_CLEARANCE``, touches no segment."""
        margin = LINE_CLEARANCE - 0.01
        x, y, width, height = box
        left, top, right, bottom = x - margin, y - margin, x + width + margin, y + height + margin
        for bucket in range(int(left // _BUCKET), int(right // _BUCKET) + 1):
            for x1, y1, x2, y2 in self.buckets.get(bucket, ()):
                if x1 <= right and left <= x2 and y1 <= bottom and top <= y2:
                    return False
        return True


class CardIndex:
    """The lanes' cards by row, to ask quickly whether a box lies clear of all of them."""

    def __init__(
        self,
        rows: Iterable[tuple[float, float]],
        slots: Iterable[Slot],
        left: float,
        lines: Lines | None = None,
        bounds: Box | None = None,
    ) -> None:
        self.left = left  # the lanes' headers (department names) lie left of this
        # Labels keep off every arrow's line and inside ``bounds`` (the lanes), when given.
        self.lines = lines
        self.bounds = bounds
        self.rows = list(rows)
        self.tops = [top for top, _ in self.rows]
        spans: defaultdict[int, list[tuple[float, float]]] = defaultdict(list)
        for slot in slots:
            spans[slot.row].append((slot.x, slot.x + slot.width))
        # Per row, its cards left to right (they never overlap, so their right ends rise too).
        self.lefts: dict[int, list[float]] = {}
        self.rights: dict[int, list[float]] = {}
        for row, cards in spans.items():
            cards.sort()
            self.lefts[row] = [left for left, _ in cards]
            self.rights[row] = [right for _, right in cards]
        self.labels: defaultdict[int, list[Box]] = defaultdict(list)  # placed, by x bucket

    def place(self, box: Box) -> None:
        """Keep later labels off this one."""
        for bucket in range(int(box[0] // _BUCKET), int((box[0] + box[2]) // _BUCKET) + 1):
            self.labels[bucket].append(box)

    def room_for_label(self, box: Box) -> bool:
        """Whether a label fits in ``box``: inside the lanes, clear of every card, header,
        label and arrow's line."""
        if self.bounds is not None:
            bx, by, bw, bh = self.bounds
            x, y, width, height = box
            if x < bx or y < by or x + width > bx + bw or y + height > by + bh:
                return False
        return self.clear(box) and (self.lines is None or self.lines.clear(box))

    def clear(self, box: Box) -> bool:
        """Whether ``box`` overlaps no card, no lane header and no label placed so far."""
        x, y, width, height = box
        if x < self.left:
            return False
        right, bottom = x + width, y + height
        for bucket in range(int(x // _BUCKET), int(right // _BUCKET) + 1):
            for other in self.labels.get(bucket, ()):
                ox, oy, ow, oh = other
                if ox < right and x < ox + ow and oy < bottom and y < oy + oh:
                    return False
        row = bisect_right(self.tops, bottom) - 1
        while row >= 0 and self.rows[row][1] > y:  # every row the box reaches into
            rights = self.rights.get(row)
            if rights:
                first = bisect_right(rights, x)  # the first card ending right of x
                if first < len(rights) and self.lefts[row][first] < right:
                    return False
            row -= 1
        return True


def label_box(
    points: tuple[Point, ...], cards: CardIndex, wanted: float = LABEL_MAX_WIDTH
) -> Box | None:
    """The room for a label beside the line of ``points``, at most ``wanted`` wide: just
    above or below the longest horizontal run where the pill clears every card, label and
    line; else beside a vertical run where it crosses the free band between two rows; None
    when neither leaves room. The box found counts as placed."""
    runs: list[tuple[float, float, float]] = []  # (room, left, y) of each horizontal run
    last = len(points) - 2
    for n in range(last + 1):
        (x1, y1), (x2, y2) = points[n], points[n + 1]
        if y1 != y2:  # routes are built of exactly horizontal and vertical segments
            continue
        if x1 > x2:
            x1, x2 = x2, x1
        room = x2 - x1 - (ARROW_HEAD_ROOM + 2 * LABEL_INSET if n == last else 2 * LABEL_INSET)
        if room >= LABEL_MIN_WIDTH:
            runs.append((room, x1 + LABEL_INSET, y1))
    if len(runs) > 1:
        runs.sort(reverse=True)
    for room, left, y in runs:
        width = min(room, wanted)
        if room - width < MARKER_SPACE <= room - LABEL_MIN_WIDTH:
            # A run the label would all but fill: it leaves room for the marker at its left.
            left, room = left + MARKER_SPACE, room - MARKER_SPACE
            width = min(room, wanted)
        for top in (y - LINE_CLEARANCE - LABEL_HEIGHT, y + LINE_CLEARANCE):
            for x in _along(left, room, width):
                box = (x, top, width, LABEL_HEIGHT)
                if cards.room_for_label(box):
                    cards.place(box)
                    return box
    found = _across_a_gutter(points, cards, min(wanted, LABEL_MAX_WIDTH))
    if found is not None:
        cards.place(found)
    return found


_SLIDES = 24  # places tried along a long run, either side of its middle


def _along(left: float, room: float, width: float) -> Iterator[float]:
    """The left edges to try for a box ``width`` wide along a run of ``room`` from
    ``left``: centred first, then outwards half a box at a time, then at either end (a
    long run is often shared with other labels and, above or below it, other lines)."""
    middle = left + (room - width) / 2
    yield middle
    step = max(width / 2, LABEL_MIN_WIDTH / 2)
    for n in range(1, _SLIDES + 1):
        if n * step > (room - width) / 2:
            break
        yield middle - n * step
        yield middle + n * step
    if room > width:
        yield left
        yield left + room - width


def _across_a_gutter(points: tuple[Point, ...], cards: CardIndex, width: float) -> Box | None:
    """A box right or left of a vertical run where it crosses the free band between two
    rows, the band nearest the run's middle."""
    rows, tops = cards.rows, cards.tops
    candidates = []
    for n in range(len(points) - 1):
        (x1, y1), (x2, y2) = points[n], points[n + 1]
        if x1 != x2:
            continue
        low, high = (y1, y2) if y1 < y2 else (y2, y1)
        centre = (low + high) / 2
        # The bands between row k - 1 and row k that lie wholly inside the run.
        for k in range(bisect_right(tops, low) or 1, bisect_right(tops, high)):
            upper, lower = rows[k - 1][1], rows[k][0]
            if lower - upper >= LABEL_HEIGHT and upper >= low:
                middle = (upper + lower) / 2
                candidates.append((abs(middle - centre), x1, upper, lower))
    if len(candidates) > 1:
        candidates.sort()
    for _, x, upper, lower in candidates:
        # The middle of the band, else its top or bottom: a line along the band's middle
        # leaves room for a label above or below it.
        middle = (upper + lower - LABEL_HEIGHT) / 2
        for top in (middle, upper + LINE_CLEARANCE, lower - LINE_CLEARANCE - LABEL_HEIGHT):
            for left in (x + LINE_CLEARANCE, x - LINE_CLEARANCE - width):
                box = (left, top, width, LABEL_HEIGHT)
                if cards.room_for_label(box):
                    return box
    return None


_MARKER_TRIES = 4  # column middles tried per horizontal run, outwards from its middle
_BANDS_TRIED = 4  # bands tried per vertical run, outwards from its middle
_NUDGE = 4.0  # up or down from the middle of a band, to keep a marker off another arrow
_ON_A_LINE = 1.5  # a marker centred closer than this to another arrow's line sits on it


class Columns(NamedTuple):
    """Where the columns are: the x of each one's middle, left to right (the gaps between
    phases are wider than the others, so they are not evenly spaced)."""

    middles: tuple[float, ...]


class GutterRuns:
    """Every route's horizontal runs but its first and last (those are inside rows of
    cards): the lines along the free bands between rows, by height, so that a marker put on
    a vertical run crossing such a band can keep off the other arrows running along it."""

    def __init__(self, routes: Iterable[tuple[Point, ...]]) -> None:
        self.by_height: defaultdict[int, list[tuple[float, float, float, tuple[Point, ...]]]]
        self.by_height = defaultdict(list)
        for route in routes:
            for n in range(1, len(route) - 2):
                (x1, y1), (x2, y2) = route[n], route[n + 1]
                if y1 == y2:
                    left, right = (x1, x2) if x1 < x2 else (x2, x1)
                    self.by_height[int(y1 // MARKER_HALF)].append((left, right, y1, route))

    def room(self, x: float, y: float, own: tuple[Point, ...]) -> float:
        """How far (up to ``MARKER_HALF``) the nearest other run passing x lies from y."""
        nearest = MARKER_HALF
        bucket = int(y // MARKER_HALF)
        for near in (bucket - 1, bucket, bucket + 1):
            for left, right, height, route in self.by_height.get(near, ()):
                if left <= x <= right and route is not own:
                    nearest = min(nearest, abs(height - y))
        return nearest


def marker_at(
    points: tuple[Point, ...],
    cards: CardIndex,
    columns: Columns,
    runs: GutterRuns,
    label: Box | None = None,
) -> Point:
    """Where a flow's finding marker sits: on its own route, clear of every card and every
    label placed. Best in the middle of a column on a horizontal run: arrows run up and down
    only in the gaps between columns and never share a horizontal line, so no other arrow
    passes there. Else where a vertical run crosses the free band between two rows, as far
    from the other arrows running along that band as it can be; else the middle of a segment
    that lies off every card and label (the disc may then touch one), or failing that the
    middle of the middle segment. ``label``: the flow's own label, the likeliest in the way.
    """
    lx, ly, lw, lh = label or (0.0, 0.0, 0.0, 0.0)
    clear = cards.clear

    def free(disc: Box) -> bool:
        x, y, width, height = disc
        off = x >= lx + lw or lx >= x + width or y >= ly + lh or ly >= y + height
        return off and clear(disc)

    found = _on_a_column(points, free, columns) or _in_a_band(points, cards, free, runs)
    return found or _off_the_labels(points, cards, free)


def _on_a_column(
    points: tuple[Point, ...], free: Callable[[Box], bool], columns: Columns
) -> Point | None:
    """The middle of a column on the straight line, or on a run along a gutter (a route's
    segments turn at every point, the first one horizontal: the even ones are horizontal,
    and all but the first and last lie between rows of cards). The ends' short stubs are
    left out: they rarely pass a column's middle."""
    middles = columns.middles
    last_segment = len(points) - 2
    for n in (0,) if not last_segment else range(2, last_segment - 1, 2):
        (x1, y), (x2, _) = points[n], points[n + 1]
        if x1 > x2:
            x1, x2 = x2, x1
        # The columns whose middle lies on the run, far enough from its ends.
        first = bisect_left(middles, x1 + MARKER_HALF)
        last = bisect_right(middles, x2 - MARKER_HALF) - 1
        if first > last:
            continue
        middle = (first + last) // 2
        for offset in range(min(_MARKER_TRIES, last - first + 1)):
            column = middle + (offset + 1) // 2 * (1 if offset % 2 else -1)
            if first <= column <= last:
                x = middles[column]
                if free(_disc(x, y)):
                    return x, y
    return None


def _in_a_band(
    points: tuple[Point, ...], cards: CardIndex, free: Callable[[Box], bool], runs: GutterRuns
) -> Point | None:
    """A point of a vertical run in a free band between two rows, the longest run first and
    its bands from its middle outwards (a few of them), clear of cards and labels and off the
    other arrows along the band: wholly if it can be, else the one furthest from them (None
    when every one sits on another)."""
    rows, tops = cards.rows, cards.tops
    verticals = []
    for n in range(1, len(points) - 1, 2):  # the odd segments are the vertical ones
        (x, y1), (_, y2) = points[n], points[n + 1]
        verticals.append((abs(y2 - y1), x, min(y1, y2), max(y1, y2)))
    if len(verticals) > 1:
        verticals.sort(reverse=True)
    best: tuple[float, Point] | None = None
    for _, x, low, high in verticals:
        # Band k lies between row k - 1 and row k; those wholly inside the run qualify.
        first, end = bisect_right(tops, low) or 1, bisect_right(tops, high)
        near = min(max(bisect_right(tops, (low + high) / 2), first), end - 1)
        for step in range(min(end - first, _BANDS_TRIED)):
            k = near + (step + 1) // 2 * (1 if step % 2 else -1)
            if not first <= k < end or rows[k - 1][1] < low:
                continue
            middle = (rows[k - 1][1] + rows[k][0]) / 2
            for y in (middle, middle - _NUDGE, middle + _NUDGE):
                if free(_disc(x, y)):
                    room = runs.room(x, y, points)
                    if room >= MARKER_HALF:
                        return x, y
                    if room > _ON_A_LINE and (best is None or room > best[0]):
                        best = room, (x, y)
    return None if best is None else best[1]


def _disc(x: float, y: float) -> Box:
    """The square a finding marker centred on (x, y) covers."""
    return (x - MARKER_HALF, y - MARKER_HALF, 2 * MARKER_HALF, 2 * MARKER_HALF)


def _off_the_labels(
    points: tuple[Point, ...], cards: CardIndex, free: Callable[[Box], bool]
) -> Point:
    """The middle of a segment, the middle one first, or a point just inside the left end of
    a horizontal run (where a label filling the run leaves room), whose disc clears every card
    and label; else the first of those that is at least itself off them."""
    middle = len(points) // 2  # the middle segment ends there; the others after it
    candidates = []
    for n in (middle, *range(1, middle), *range(middle + 1, len(points))):
        (x1, y1), (x2, y2) = points[n - 1], points[n]
        candidates.append(((x1 + x2) / 2, (y1 + y2) / 2))
        if y1 == y2 and abs(x2 - x1) > 2 * MARKER_HALF:
            candidates.append((min(x1, x2) + MARKER_HALF + 1, y1))
    for x, y in candidates:
        if free(_disc(x, y)):
            return x, y
    for x, y in candidates:
        if cards.clear((x, y, 0.0, 0.0)):  # the point itself, not the disc
            return x, y
    return arrow_midpoint(points)
