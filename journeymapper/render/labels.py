"""Where a flow's label goes: on the arrow itself, in a small pill over its longest
horizontal run that clears every card, so a reader sees what is handed over where it goes.

The layout gives the pill's room (a box on the line); each painter fits the text into it with
its own font and draws the pill as wide as the text, centred in the box.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence

from journeymapper.render import style
from journeymapper.render.routing import Point, Slot

LABEL_HEIGHT = style.CARD_DETAIL_SIZE + 5.0  # the pill: one line of detail text
LABEL_INSET = 5.0  # from the corner or card where the run starts
LABEL_MIN_WIDTH = 36.0  # narrower room shows too little of any label to be worth it
LABEL_MAX_WIDTH = 160.0
ARROW_HEAD_ROOM = 10.0  # kept free before the target, where the head is
MARKER_ROOM = 12.0  # kept free either side of the finding marker on the line
_BUCKET = 200.0  # width of the x buckets placed labels are kept in

Box = tuple[float, float, float, float]


def arrow_midpoint(points: Sequence[Point]) -> Point:
    """Where a flow's finding marker sits: the middle of the polyline's middle segment (the
    label keeps clear of it)."""
    n = len(points) // 2
    (x1, y1), (x2, y2) = points[max(0, n - 1)], points[n]
    return (x1 + x2) / 2, (y1 + y2) / 2


class CardIndex:
    """The lanes' cards by row, to ask quickly whether a box lies clear of all of them."""

    def __init__(
        self, rows: Iterable[tuple[float, float]], slots: Iterable[Slot], left: float
    ) -> None:
        self.left = left  # the lanes' headers (department names) lie left of this
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

    def labels_beside(self, left: float, right: float, top: float, bottom: float) -> list[Box]:
        """The labels placed so far that reach into the given area."""
        found = []
        for bucket in range(int(left // _BUCKET), int(right // _BUCKET) + 1):
            for other in self.labels.get(bucket, ()):
                ox, oy, ow, oh = other
                if ox < right and left < ox + ow and oy < bottom and top < oy + oh:
                    found.append(other)
        return found

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


def label_box(points: tuple[Point, ...], cards: CardIndex) -> Box | None:
    """The room for a label on the line of ``points``, the pill to be centred in it: the
    longest horizontal run whose pill clears every card and every label placed before; else
    where a vertical run crosses the free band between two rows of cards; None when neither
    leaves room. The box found counts as placed."""
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
        width = min(room, LABEL_MAX_WIDTH)
        box = (left + (room - width) / 2, y - LABEL_HEIGHT / 2, width, LABEL_HEIGHT)
        found = box if cards.clear(box) else _beside_labels(left, room, y, cards)
        if found is not None:
            cards.place(found)
            return found
    found = _across_a_gutter(points, cards)
    if found is not None:
        cards.place(found)
    return found


def _beside_labels(left: float, room: float, y: float, cards: CardIndex) -> Box | None:
    """A box on a horizontal run in the longest piece of it that no label placed before
    covers (a long run is often shared with another flow's label), or None."""
    top = y - LABEL_HEIGHT / 2
    taken = sorted(
        (ox - LABEL_INSET, ox + ow + LABEL_INSET)
        for ox, _, ow, _ in cards.labels_beside(left, left + room, top, top + LABEL_HEIGHT)
    )
    pieces, start = [], left
    for taken_left, taken_right in taken:
        pieces.append((taken_left - start, start))
        start = max(start, taken_right)
    pieces.append((left + room - start, start))
    for length, start in sorted(pieces, reverse=True):
        if length < LABEL_MIN_WIDTH:
            break
        width = min(length, LABEL_MAX_WIDTH)
        box = (start + (length - width) / 2, top, width, LABEL_HEIGHT)
        if cards.clear(box):
            return box
    return None


def _across_a_gutter(points: tuple[Point, ...], cards: CardIndex) -> Box | None:
    """A box centred on a vertical run where it crosses the free band between two rows, the
    band nearest the run's middle."""
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
                candidates.append((abs(middle - centre), x1, middle))
    if len(candidates) > 1:
        candidates.sort()
    for _, x, middle in candidates:
        box = (x - LABEL_MAX_WIDTH / 2, middle - LABEL_HEIGHT / 2, LABEL_MAX_WIDTH, LABEL_HEIGHT)
        if cards.clear(box):
            return box
    return None
