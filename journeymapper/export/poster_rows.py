"""A wide map wrapped into rows of phases, so that it fills the sheet at a readable size.

A journey of twenty steps is three times as wide as it is high, and a sheet is 1.41 times: drawn
in one piece it leaves half the sheet blank and prints its cards too small to read from two
metres. Cut between phases into two or more rows, stacked, each with the band labels and lane
names at its left, it fills the sheet at a larger scale. ``plan_rows`` picks the number of rows
that gives the largest scale; the poster refuses a size on which even the best plan would
print card text below the reading size, and names a size that would do.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymapper.model.layout import COLUMN_GAP, Layout, Rect

# Between two rows of a wrapped map, in layout units (points at 100%).
ROW_GAP = 36.0
# Plans printing the map at least this share of the largest scale count as equally large.
NEAR_SCALE = 0.97


@dataclass(frozen=True)
class MapRow:
    """One row of a wrapped map: the layout's label column and the part of the columns it
    shows, both in layout units over the whole height of ``region``."""

    labels: Rect
    columns: Rect

    @property
    def width(self) -> float:
        return self.labels.width + self.columns.width


@dataclass(frozen=True)
class RowPlan:
    """How the map is drawn on the room left for it: its rows and the scale."""

    rows: tuple[MapRow, ...]
    scale: float

    @property
    def width(self) -> float:
        """The widest row, in layout units."""
        return max(row.width for row in self.rows)

    def height(self, row_height: float) -> float:
        """The rows stacked, in layout units."""
        return len(self.rows) * row_height + (len(self.rows) - 1) * ROW_GAP


def phase_spans(layout: Layout, phase_ids: list[str], region: Rect) -> list[tuple[float, float]]:
    """The x extent of each phase's columns (half a gap either side); the last reaches the
    region's right edge, which holds the column of touchpoints at no step."""
    spans = []
    for phase_id in phase_ids:
        box = layout.boxes.get(phase_id)
        if box is not None:
            spans.append((box.rect.x - COLUMN_GAP / 2, box.rect.right + COLUMN_GAP / 2))
    if not spans:
        return [(layout.columns_left - COLUMN_GAP / 2, region.right)]
    spans[-1] = (spans[-1][0], region.right)
    return spans


def split_rows(
    spans: list[tuple[float, float]], count: int, labels: Rect, region: Rect
) -> tuple[MapRow, ...]:
    """``spans`` (phases, left to right) cut into at most ``count`` consecutive groups with the
    widest group as narrow as possible; every row repeats the label column."""
    widths = [right - left for left, right in spans]
    groups = _balanced_groups(widths, count)
    rows = []
    for first, last in groups:
        left, right = spans[first][0], spans[last][1]
        rows.append(MapRow(labels, Rect(left, region.y, right - left, region.height)))
    return tuple(rows)


def _balanced_groups(widths: list[float], count: int) -> list[tuple[int, int]]:
    """Consecutive groups (first, last index) of ``widths``, at most ``count`` of them, that
    minimise the largest group sum (dynamic programming: maps have a handful of phases)."""
    n = len(widths)
    count = max(1, min(count, n))
    prefix = [0.0]
    for width in widths:
        prefix.append(prefix[-1] + width)
    inf = float("inf")
    # best[k][i]: the smallest largest sum splitting the first i widths into k groups.
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                value = max(best[k - 1][j], prefix[i] - prefix[j])
                if value < best[k][i] - 1e-9:
                    best[k][i], cut[k][i] = value, j
    k = min(range(1, count + 1), key=lambda g: (best[g][n], g))
    groups = []
    i = n
    while k > 0:
        j = cut[k][i]
        groups.append((j, i - 1))
        i, k = j, k - 1
    return groups[::-1]


def plan_rows(
    spans: list[tuple[float, float]], labels: Rect, region: Rect, room: tuple[float, float]
) -> RowPlan:
    """The number of rows (1 up to one per phase) whose scale, fitting ``room`` (width and
    height in points), is the largest; among nearly equal scales the one filling the most."""
    plans = [
        _fitted(split_rows(spans, count, labels, region), region, room)
        for count in range(1, len(spans) + 1)
    ]
    largest = max(plan.scale for plan in plans)
    # Within a few percent of the largest scale, the plan that covers most of the sheet: the
    # same type size with less blank paper (a 3:1 map in one row leaves half an A0 empty).
    near = [plan for plan in plans if plan.scale >= largest * NEAR_SCALE]
    return max(near, key=lambda plan: (_covered(plan, region), -len(plan.rows)))


def _covered(plan: RowPlan, region: Rect) -> float:
    """How much of the room the rows cover, in square points."""
    return plan.width * plan.height(region.height) * plan.scale**2


def _fitted(rows: tuple[MapRow, ...], region: Rect, room: tuple[float, float]) -> RowPlan:
    trial = RowPlan(rows, 1.0)
    scale = min(room[0] / trial.width, room[1] / trial.height(region.height))
    return RowPlan(rows, max(1e-6, scale))
