"""A wide map wrapped into rows of columns, and the rows onto one or more sheets, so that card
text prints at the reading size and the map fills the sheet.

A journey of twenty steps is about four times as wide as it is high, and a sheet is 1.41 times:
drawn in one piece it leaves half the sheet blank and prints its cards too small to read from
two metres. Cut into rows, stacked, each with the band labels and lane names at its left, it
fills the sheet at a larger scale. Rows end between phases where that costs little width, else
between two steps of a long phase (its title is repeated in the next row).

Measured on the sample maps, even the best rows on one A0 sheet print card titles at 10-12 pt
(the shared layout gives a card's title 11 of its 170 x 52 points): 14 pt needs more paper
than one A0 sheet. ``plan_sheets`` then spreads the rows over as few sheets of the chosen size
as print them at the reading size, hung side by side, and trying the other orientation too.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

from journeymapper.model.layout import COLUMN_GAP, PHASE_GAP, Layout, Rect

# Between two rows of a wrapped map, in layout units (points at 100%).
ROW_GAP = 36.0
# Plans printing the map at least this share of the largest scale count as equally large.
NEAR_SCALE = 0.97
# Rows may be this much wider than the narrowest split allows, to end between phases.
WIDTH_SLACK = 1.03
MAX_ROWS_PER_SHEET = 8
# The other orientation is taken when it covers this much more of the sheets' map room.
FILL_MARGIN = 0.08
# More sheets than this for one poster is no poster: the user is told which size would do.
MAX_SHEETS = 6
# Above each strip of a lanes sheet shared by several customer's sheets: the line naming
# whose lanes it shows, in layout units (its text a little larger than a card's title).
STRIP_HEAD = 26.0


@dataclass(frozen=True)
class MapRow:
    """One row of a wrapped map: the layout's label column and the part of the columns it
    shows, both in layout units over the whole height of ``region``, and ``aside`` units of
    paper right of the columns for the labels of flows that go on in another row."""

    labels: Rect
    columns: Rect
    aside: float = 0.0

    @property
    def width(self) -> float:
        return self.labels.width + self.columns.width + self.aside

    @property
    def height(self) -> float:
        return self.columns.height

    def part(self, top: float, bottom: float) -> MapRow:
        """The same row over the layout's heights ``top`` to ``bottom`` only (one tier)."""
        labels, columns = self.labels, self.columns
        return MapRow(
            Rect(labels.x, top, labels.width, bottom - top),
            Rect(columns.x, top, columns.width, bottom - top),
            self.aside,
        )


@dataclass(frozen=True)
class Strip:
    """Part of a lanes sheet shared by several customer's sheets: the lanes of customer's
    sheet ``sheet`` (from 1), ``rows`` of the lanes sheet's rows, placed across the sheet as
    on that customer's sheet, whose rows are ``width`` layout units wide at their widest."""

    sheet: int
    rows: int
    width: float


@dataclass(frozen=True)
class RowPlan:
    """How the map is drawn on the room left for it on one sheet: its rows and the scale;
    on a lanes sheet shared by several customer's sheets, its ``strips`` (top to bottom)."""

    rows: tuple[MapRow, ...]
    scale: float
    strips: tuple[Strip, ...] = ()

    @property
    def width(self) -> float:
        """The widest row, in layout units."""
        return max(row.width for row in self.rows)

    def height(self) -> float:
        """The rows stacked (with the line above each strip), in layout units."""
        rows = sum(row.height for row in self.rows) + (len(self.rows) - 1) * ROW_GAP
        return rows + len(self.strips) * STRIP_HEAD


@dataclass(frozen=True)
class SheetPlan:
    """The map over ``len(sheets)`` sheets of one size and orientation, at one scale; each
    sheet's rows in reading order (sheet by sheet, top to bottom)."""

    sheets: tuple[RowPlan, ...]
    portrait: bool
    # Whether the scale reaches the reading size asked for.
    readable: bool

    @property
    def scale(self) -> float:
        return self.sheets[0].scale

    def upper_sheets(self) -> int:
        """How many sheets show the top of the map (all of them, unless the customer's side
        and the lanes went onto sheets of their own)."""
        top = self.sheets[0].rows[0].columns.y
        return sum(1 for sheet in self.sheets if sheet.rows[0].columns.y == top)

    @property
    def rows(self) -> tuple[MapRow, ...]:
        """Every row in reading order: the top row of each sheet, left to right, and so on."""
        deepest = max(len(sheet.rows) for sheet in self.sheets)
        return tuple(
            sheet.rows[n] for n in range(deepest) for sheet in self.sheets if n < len(sheet.rows)
        )


@dataclass(frozen=True)
class Cuts:
    """Where a row may end: the x of every boundary between columns, left to right (the first
    is the left edge of the first column, the last the region's right edge), whether each is
    also a boundary between phases, and how many cards (spanning several columns) it cuts."""

    xs: tuple[float, ...]
    phase: tuple[bool, ...]
    cards: tuple[int, ...] = ()

    def cost(self, index: int) -> float:
        """What ending a row at boundary ``index`` costs a reader: a card cut in two counts
        more than a phase continued in the next row."""
        cut = self.cards[index] if self.cards else 0
        return 4.0 * cut + (0.0 if self.phase[index] else 1.0)

    def keeping(self, keep: Callable[[int], bool]) -> Cuts:
        """Only the boundaries where ``keep(index)`` holds, and always the first and last."""
        last = len(self.xs) - 1
        kept = [n for n in range(last + 1) if n in (0, last) or keep(n)]
        cards = tuple(self.cards[n] for n in kept) if self.cards else ()
        return Cuts(tuple(self.xs[n] for n in kept), tuple(self.phase[n] for n in kept), cards)

    def choices(self) -> tuple[Cuts, ...]:
        """The boundaries a row may end at, best first: between phases where no card reaches
        across; then between any two columns no card reaches across (a phase too wide for a
        sheet); then anywhere (a card wider than a sheet)."""
        clear = [not self.cards or self.cards[n] == 0 for n in range(len(self.xs))]
        between_phases = self.keeping(lambda n: self.phase[n] and clear[n])
        free = self.keeping(lambda n: clear[n])
        unique: list[Cuts] = []
        for cuts in (between_phases, free, self):
            if cuts not in unique:
                unique.append(cuts)
        return tuple(unique)


def phase_spans(layout: Layout, phase_ids: list[str], region: Rect) -> list[tuple[float, float]]:
    """The x extent of each phase's columns (half a gap either side); the last reaches the
    region's right edge, which holds the column of touchpoints at no step."""
    spans = []
    for phase_id in phase_ids:
        box = layout.boxes.get(phase_id)
        if box is not None:
            # Half the gap either side: the gaps between two phases are the wider ones.
            before = COLUMN_GAP if box.rect.x <= layout.columns_left + 1e-6 else PHASE_GAP
            spans.append((box.rect.x - before / 2, box.rect.right + PHASE_GAP / 2))
    if not spans:
        return [(layout.columns_left - COLUMN_GAP / 2, region.right)]
    spans[-1] = (spans[-1][0], region.right)
    return spans


def column_cuts(layout: Layout, phase_ids: list[str], region: Rect) -> Cuts:
    """Every boundary between columns (mid-gap), marked where a phase starts or ends."""
    xs = [*layout.column_bounds()[:-1], region.right]
    phase_edges = {round(x, 3) for span in phase_spans(layout, phase_ids, region) for x in span}
    marks = [round(x, 3) in phase_edges for x in xs]
    marks[0] = marks[-1] = True
    # A phase's card reaches over its columns by design (a row ending inside a phase repeats
    # its title); every other card cut by a boundary would be cut in two on paper.
    phases = set(phase_ids)
    rects = [rect for element_id, rect in layout.cards() if element_id not in phases]
    cut = [sum(1 for rect in rects if rect.x < x < rect.right) for x in xs]
    return Cuts(tuple(xs), tuple(marks), tuple(cut))


def split_rows(
    cuts: Cuts, count: int, labels: Rect, region: Rect, aside: float = 0.0
) -> tuple[MapRow, ...]:
    """The columns cut into ``count`` rows (fewer when there are fewer columns) with the widest
    as narrow as possible (give or take WIDTH_SLACK), and within that the fewest rows ending
    inside a phase and rows as even as may be. Rows of a map in more than one row keep
    ``aside`` units at their right for the labels of flows that go on in another row; the
    last row, with no row after it, keeps none."""
    xs = cuts.xs
    count = max(1, min(count, len(xs) - 1))
    aside = aside if count > 1 else 0.0
    allowed = _narrowest(xs, count, aside) * WIDTH_SLACK
    cut = _even_cuts(cuts, count, allowed, aside)
    last = len(xs) - 1
    return tuple(
        MapRow(
            labels,
            Rect(xs[a], region.y, xs[b] - xs[a], region.height),
            aside if b != last else 0.0,
        )
        for a, b in itertools.pairwise(cut)
    )


def _narrowest(xs: tuple[float, ...], count: int, aside: float) -> float:
    """The smallest width that ``count`` rows of whole columns (each but the last with
    ``aside`` more) can keep to, filling rows greedily from the left, by bisection."""
    last = len(xs) - 1
    # A row holds at least one column, and keeps its aside: with cuts between phases only,
    # the widest phase and its aside is the narrowest any split can be.
    low = max(xs[n + 1] - xs[n] + _extra(n + 1, last, aside) for n in range(last))
    high = xs[-1] - xs[0] + aside
    while high - low > 0.5:
        middle = (low + high) / 2
        rows, start = 0, 0
        while start < last:
            end = start + 1
            while end < last and xs[end + 1] - xs[start] + _extra(end + 1, last, aside) <= middle:
                end += 1
            rows, start = rows + 1, end
        if rows <= count:
            high = middle
        else:
            low = middle
    return high


def _extra(end: int, last: int, aside: float) -> float:
    """The aside of a row ending at cut ``end``: none for the last row."""
    return 0.0 if end == last else aside


def _even_cuts(cuts: Cuts, count: int, allowed: float, aside: float) -> list[int]:
    """Cut indices (first 0, last the end) of ``count`` rows no wider than ``allowed``: the
    least cost to a reader (``Cuts.cost``: cards cut, phases continued), then the smallest sum
    of squared widths (dynamic programming over the boundaries; each row reaches back only as
    far as ``allowed``)."""
    xs = cuts.xs
    last = len(xs) - 1
    inf = (math.inf, math.inf)
    best: list[list[tuple[float, float]]] = [[inf] * (last + 1) for _ in range(count + 1)]
    back = [[0] * (last + 1) for _ in range(count + 1)]
    best[0][0] = (0.0, 0.0)
    for k in range(1, count + 1):
        for i in range(k, last + 1):
            inside = cuts.cost(i)
            j = i - 1
            extra = _extra(i, last, aside)
            while j >= k - 1 and xs[i] - xs[j] + extra <= allowed + 1e-6:
                before = best[k - 1][j]
                if before[0] < math.inf:
                    width = xs[i] - xs[j] + extra
                    value = (before[0] + inside, before[1] + width * width)
                    if value < best[k][i]:
                        best[k][i], back[k][i] = value, j
                j -= 1
    cut = [last]
    for k in range(count, 0, -1):
        cut.append(back[k][cut[-1]])
    return cut[::-1]


def plan_sheets(
    cuts: Cuts,
    labels: Rect,
    region: Rect,
    rooms: Callable[[bool], tuple[float, float]],
    portrait: bool,
    minimum: float,
    aside: float = 0.0,
    tiers: tuple[tuple[float, float], ...] = (),
    turn: bool = True,
) -> SheetPlan:
    """The rows and sheets to print the map on: the fewest sheets (up to MAX_SHEETS) on which
    it prints at scale ``minimum`` or more, in the asked orientation where that needs no more
    sheets (and, on several, fills them about as well as the other: FILL_MARGIN); on those
    sheets the number of rows with the largest scale, among nearly equal scales the one
    covering most of the sheet. ``rooms(portrait)`` is the room for the map (width, height in
    points) on a sheet.
    Without any such plan, one sheet in the asked orientation at the largest scale it allows
    (``readable`` False). A map in more than one row keeps ``aside`` units right of each row
    but the last for the labels of flows between rows.

    Several sheets hang side by side: row n of every sheet together is one band of the
    journey across the wall, read left to right across the sheets, then the next band.

    ``tiers`` (top and bottom in layout units) cut every row across as well: a map too tall
    for the sheet at the reading size prints each row as its customer's side with its lanes
    below, one above the other on the same sheet. ``turn`` False keeps the asked orientation
    on several sheets as well."""
    columns = len(cuts.xs) - 1
    splits: dict[int, tuple[MapRow, ...]] = {}

    def rows_of(count: int) -> tuple[MapRow, ...]:
        if count not in splits:
            splits[count] = split_rows(cuts, count, labels, region, aside)
        return splits[count]

    orientations = (portrait, not portrait) if minimum > 0 and turn else (portrait,)
    for sheets in range(1, min(MAX_SHEETS, columns) + 1 if minimum > 0 else 2):
        found = [
            plan
            for turned in orientations
            if (plan := _best_on(sheets, turned, rooms(turned), rows_of, region, minimum, tiers))
        ]
        if found:
            # The asked orientation; on several sheets (a wall, not the sheet asked for) the
            # other where it fills them clearly better.
            fill = {plan.portrait: _covered(plan, rooms(plan.portrait)) for plan in found}
            if portrait in fill and (
                sheets == 1 or fill[portrait] >= max(fill.values()) - FILL_MARGIN
            ):
                return next(plan for plan in found if plan.portrait == portrait)
            return max(found, key=lambda plan: fill[plan.portrait])
    fallback = _best_on(1, portrait, rooms(portrait), rows_of, region, 0.0, tiers)
    if fallback is None:  # cannot happen: one sheet holds one row of everything
        fallback = SheetPlan((RowPlan(rows_of(1), 1e-6),), portrait, True)
    return SheetPlan(fallback.sheets, portrait, readable=minimum <= 0)


def _best_on(
    sheets: int,
    portrait: bool,
    room: tuple[float, float],
    rows_of: Callable[[int], tuple[MapRow, ...]],
    region: Rect,
    minimum: float,
    tiers: tuple[tuple[float, float], ...] = (),
) -> SheetPlan | None:
    """The best plan with ``sheets`` sheets of up to the same number of rows each, at scale
    ``minimum`` or more; None when there is none. With ``tiers``, each row is drawn as its
    tiers one above the other."""
    parts = tiers or ((region.y, region.bottom),)
    stacked = sum(bottom - top for top, bottom in parts) + (len(parts) - 1) * ROW_GAP
    plans = []
    for per_sheet in range(1, MAX_ROWS_PER_SHEET + 1):
        height = per_sheet * stacked + (per_sheet - 1) * ROW_GAP
        if room[1] / height < minimum * 0.999:
            break  # more rows per sheet only print smaller
        rows = rows_of(sheets * per_sheet)
        if len(rows) <= (sheets - 1) * per_sheet:
            break  # too few columns: a sheet would be empty
        scale = max(1e-6, min(room[0] / max(row.width for row in rows), room[1] / height))
        if scale < minimum * 0.999:
            continue
        # Row n of every sheet is one band across the wall: sheet j shows rows j, j + n, ...
        chunks = tuple(_tiered(rows[j::sheets], tiers) for j in range(sheets))
        plans.append(SheetPlan(tuple(RowPlan(chunk, scale) for chunk in chunks), portrait, True))
    if not plans:
        return None
    largest = max(plan.scale for plan in plans)
    near = [plan for plan in plans if plan.scale >= largest * NEAR_SCALE]
    return max(near, key=lambda plan: (_covered(plan, room), -len(plan.rows)))


def _tiered(rows: tuple[MapRow, ...], tiers: tuple[tuple[float, float], ...]) -> tuple[MapRow, ...]:
    """Each row as its tiers, top to bottom, one after the other."""
    if not tiers:
        return rows
    return tuple(row.part(top, bottom) for row in rows for top, bottom in tiers)


def _covered(plan: SheetPlan, room: tuple[float, float]) -> float:
    """The share of the sheets' map room the rows cover."""
    s = plan.scale
    area = sum(row.width * row.height for row in plan.rows) * s * s
    return area / (room[0] * room[1] * len(plan.sheets))


def plan_apart(
    cuts: Cuts,
    labels: Rect,
    region: Rect,
    rooms: Callable[[bool, bool], tuple[float, float]],
    portrait: bool,
    minimum: float,
    aside: float,
    tiers: tuple[tuple[float, float], ...],
) -> SheetPlan | None:
    """The customer's side on sheets of their own and the lanes on as many sheets, each hung
    right under the customer's sheet whose columns it shows: the same rows at the same scale,
    so on the wall every column of the lanes sits under its phase. ``rooms(portrait, slim)``
    is the map's room on a sheet with the full header (the customer's side) or the slim one
    (the sheets hung below). The fewest sheets that print at scale ``minimum`` or more, as
    ``plan_sheets`` chooses them; None when there are none."""
    columns = len(cuts.xs) - 1
    splits: dict[int, tuple[MapRow, ...]] = {}

    def rows_of(count: int) -> tuple[MapRow, ...]:
        if count not in splits:
            splits[count] = split_rows(cuts, count, labels, region, aside)
        return splits[count]

    for sheets in range(1, min(MAX_SHEETS, columns) + 1):
        found = [
            plan
            for turned in (portrait, not portrait)
            if (plan := _best_apart(sheets, turned, rooms, rows_of, tiers, minimum))
        ]
        if found:
            fill = {plan.portrait: _covered(plan, rooms(plan.portrait, False)) for plan in found}
            if portrait in fill and fill[portrait] >= max(fill.values()) - FILL_MARGIN:
                return next(plan for plan in found if plan.portrait == portrait)
            return max(found, key=lambda plan: fill[plan.portrait])
    return None


def _best_apart(
    sheets: int,
    portrait: bool,
    rooms: Callable[[bool, bool], tuple[float, float]],
    rows_of: Callable[[int], tuple[MapRow, ...]],
    tiers: tuple[tuple[float, float], ...],
    minimum: float,
) -> SheetPlan | None:
    """The best plan with ``sheets`` sheets per tier, each tier's sheet j showing the same
    rows; None when no number of rows per sheet reaches scale ``minimum``."""
    # The first tier (the customer's side) has the full header, the tiers below the slim one.
    heights = [(rooms(portrait, n > 0)[1], bottom - top) for n, (top, bottom) in enumerate(tiers)]
    width = rooms(portrait, False)[0]
    plans = []
    for per_sheet in range(1, MAX_ROWS_PER_SHEET + 1):
        tall = min(room / (per_sheet * h + (per_sheet - 1) * ROW_GAP) for room, h in heights)
        if tall < minimum * 0.999:
            break  # more rows per sheet only print smaller
        rows = rows_of(sheets * per_sheet)
        if len(rows) <= (sheets - 1) * per_sheet:
            break  # too few columns: a sheet would be empty
        scale = max(1e-6, min(width / max(row.width for row in rows), tall))
        if scale < minimum * 0.999:
            continue
        chunks = [rows[j::sheets] for j in range(sheets)]
        plans.append(
            SheetPlan(
                tuple(
                    RowPlan(tuple(row.part(top, bottom) for row in chunk), scale)
                    for top, bottom in tiers
                    for chunk in chunks
                ),
                portrait,
                True,
            )
        )
    if not plans:
        return None
    largest = max(plan.scale for plan in plans)
    near = [plan for plan in plans if plan.scale >= largest * NEAR_SCALE]
    room = rooms(portrait, False)
    return max(near, key=lambda plan: (_covered(plan, room), -len(plan.rows)))
