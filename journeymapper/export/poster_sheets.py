"""What each sheet of a poster on several sheets says of itself: its part of the journey in
large type (the phases it shows, the customer's side or the lanes), the slim header of a sheet
hung below another, and the footer's word on where it hangs on the wall.

Also where the lanes of a wall go: a customer's sheet and its lanes never fit one sheet at
the reading size, and the lanes alone fill less than half of one. The lanes of consecutive
customer's sheets therefore share a lanes sheet where they fit, in strips one above the other,
each at the customer sheet's scale and x, under a line naming whose lanes it shows; the shared
sheet hangs under the first of its customer's sheets."""

from __future__ import annotations

from journeymapper.export.poster_content import MapContent
from journeymapper.export.poster_page import SheetHeading
from journeymapper.export.poster_rows import MapRow, RowPlan, SheetPlan, Strip
from journeymapper.model.layout import COLUMN_GAP


def pack_lanes(plan: SheetPlan, room: tuple[float, float]) -> SheetPlan:
    """``plan`` with the lanes of consecutive customer's sheets sharing a lanes sheet where
    they fit its map ``room`` (width, height in points, with the slim header) at the plan's
    scale; a plan without lanes sheets, or whose lanes fit one to a sheet only, as it is."""
    upper = plan.upper_sheets()
    lanes = plan.sheets[upper:]
    if not lanes:
        return plan
    groups: list[list[Strip]] = []
    for sheet in lanes:
        customer = _under(plan, sheet.rows[0])
        strip = Strip(customer, len(sheet.rows), plan.sheets[customer - 1].width)
        last = groups[-1] if groups else None
        # Only the lanes of customer's sheets hung side by side, next to each other.
        if last is not None and last[-1].sheet + 1 == customer:
            trial = _shared(plan, [*last, strip])
            if trial.height() * trial.scale <= room[1] + 0.01:
                last.append(strip)
                continue
        groups.append([strip])
    if len(groups) == len(lanes):
        return plan
    packed = tuple(
        _shared(plan, group) if len(group) > 1 else _lanes_sheet(plan, group[0].sheet)
        for group in groups
    )
    return SheetPlan(plan.sheets[:upper] + packed, plan.portrait, plan.readable)


def _shared(plan: SheetPlan, strips: list[Strip]) -> RowPlan:
    """One lanes sheet holding the lanes of ``strips``' customer's sheets, top to bottom."""
    rows = tuple(row for strip in strips for row in _lanes_sheet(plan, strip.sheet).rows)
    return RowPlan(rows, plan.scale, tuple(strips))


def _lanes_sheet(plan: SheetPlan, customer: int) -> RowPlan:
    """The lanes sheet (of an unshared plan) whose rows hang under customer's sheet
    ``customer``."""
    upper = plan.upper_sheets()
    return next(s for s in plan.sheets[upper:] if _under(plan, s.rows[0]) == customer)


def row_places(sheet: RowPlan) -> list[tuple[float, int | None]]:
    """Per row of ``sheet``: the width (layout units) it is centred by across the sheet, so
    that it lands at the x of its customer's sheet; and, for the first row of a strip, the
    strip's index (its line goes above it), else None."""
    if not sheet.strips:
        return [(sheet.width, None)] * len(sheet.rows)
    places: list[tuple[float, int | None]] = []
    for index, strip in enumerate(sheet.strips):
        places += [(strip.width, index if n == 0 else None) for n in range(strip.rows)]
    return places


def sheet_note(number: int, plan: SheetPlan) -> str:
    """The footer's word on where this sheet hangs among several."""
    count = len(plan.sheets)
    if count == 1:
        return ""
    upper = plan.upper_sheets()
    if upper < count:
        return _tier_note(number, plan, upper)
    note = f"sheet {number} of {count}: hang sheets 1-{count} side by side, left to right"
    if max(len(s.rows) for s in plan.sheets) > 1:
        note += "; read the top rows across all sheets first"
    return note


def _tier_note(number: int, plan: SheetPlan, upper: int) -> str:
    """Where a sheet hangs when the customer's side and the lanes went onto sheets of their
    own: each lanes sheet shows the columns of one customer's sheet (or, in strips, of a few
    side by side) and hangs right under it (the first of them)."""
    count = len(plan.sheets)
    head = f"sheet {number} of {count}"
    if number > upper:
        note = f"{head}: lanes, hang under sheet {_hung_under(plan, number)}"
        strips = plan.sheets[number - 1].strips
        if strips:
            note += f" ({_strip_order(strips)})"
        return note
    side = f"{head}: the customer's side, hang sheets 1-{upper} side by side, left to right"
    below = sorted({n for n, row in _lane_rows(plan, upper) if _under(plan, row) == number})
    if not below:
        return side
    if len(below) == 1 and plan.sheets[below[0] - 1].strips:
        lanes = below[0]
        strips = plan.sheets[lanes - 1].strips
        index = next(n for n, strip in enumerate(strips) if strip.sheet == number)
        return (
            f"{side}; its lanes are strip {index + 1} of {len(strips)} (from the top) of "
            f"sheet {lanes}, hung under sheet {strips[0].sheet}"
        )
    many = len(below) > 1
    return f"{side}; the lanes under it are on sheet{'s' if many else ''} " + ", ".join(
        str(n) for n in below
    )


def _strip_order(strips: tuple[Strip, ...]) -> str:
    """ "top to bottom the lanes of sheets 1, 2" for a shared lanes sheet."""
    return "top to bottom the lanes of sheets " + ", ".join(str(s.sheet) for s in strips)


def _hung_under(plan: SheetPlan, number: int) -> int:
    """The customer's sheet a lanes sheet hangs under (the one showing its columns; for a
    shared lanes sheet, the first of them)."""
    return _under(plan, plan.sheets[number - 1].rows[0])


def sheet_heading(content: MapContent, plan: SheetPlan, number: int) -> SheetHeading:
    """What sheet ``number`` says of itself in large type: the phases it shows and, when the
    lanes went onto sheets of their own, which side it is; a lanes sheet also gets the slim
    header (the map's title and where it hangs) instead of the full one, and a shared one a
    line above each strip naming whose lanes it shows."""
    upper = plan.upper_sheets()
    apart = upper < len(plan.sheets)
    sheet = plan.sheets[number - 1]
    part = _phases_shown(content, sheet)
    if not apart:
        return SheetHeading(part)
    if number <= upper:
        return SheetHeading(f"{part} · customer's side")
    above = _hung_under(plan, number)
    if not sheet.strips:
        slim = (
            f"{content.journey.title}   ·   the lanes of sheet {above}: hang this sheet right "
            f"under sheet {above}, its columns under the same phases"
        )
        return SheetHeading(f"{part} · lanes", slim)
    slim = (
        f"{content.journey.title}   ·   {_strip_order(sheet.strips)}, each in a strip: hang "
        f"this sheet right under sheet {above}"
    )
    lines = tuple(
        f"lanes of sheet {strip.sheet}: {_phases_shown(content, plan.sheets[strip.sheet - 1])}"
        for strip in sheet.strips
    )
    return SheetHeading(f"{_phase_range(content, sheet)} · lanes", slim, lines)


def _phases_shown(content: MapContent, sheet: RowPlan) -> str:
    """ "Phases 1-4: Book → Arrive" for the phases whose columns a sheet's rows show (row by
    row, "; " between rows); a phase only partly shown is marked so."""
    parts = [_named(shown) for row in sheet.rows if (shown := _shown(content, row))]
    return "; ".join(parts)


def _phase_range(content: MapContent, sheet: RowPlan) -> str:
    """ "Phases 1-8: Book → Leave" from the first phase of a sheet's first row to the last of
    its last row (a shared lanes sheet: its strips' lines say which shows which)."""
    shown = [phase for row in sheet.rows for phase in _shown(content, row)]
    return _named(shown) if shown else ""


def _named(shown: list[tuple[int, str]]) -> str:
    """ "Phase 2: Pay" or "Phases 1-4: Book → Arrive" for phases (number, title) in order."""
    (first, start), (last, end) = shown[0], shown[-1]
    if first == last:
        return f"Phase {first}: {start}"
    return f"Phases {first}-{last}: {start} → {end}"


def _shown(content: MapContent, row: MapRow) -> list[tuple[int, str]]:
    """The phases (number, title) whose columns ``row`` shows, a part only marked so."""
    layout = content.layout
    shown = []
    for number, phase in enumerate(content.journey.phases, start=1):
        box = layout.boxes.get(phase.id)
        if box is None:
            continue
        left, right = box.rect.x, box.rect.right
        inside = min(right, row.columns.right) - max(left, row.columns.x)
        if inside > COLUMN_GAP:
            whole = row.columns.x <= left + 1 and right - 1 <= row.columns.right
            title = phase.title.strip() or f"phase {number}"
            shown.append((number, title if whole else f"{title} (part)"))
    return shown


def _lane_rows(plan: SheetPlan, upper: int) -> list[tuple[int, MapRow]]:
    """Every row of the lanes' sheets with its sheet's number."""
    return [
        (number, row)
        for number, sheet in enumerate(plan.sheets[upper:], start=upper + 1)
        for row in sheet.rows
    ]


def _under(plan: SheetPlan, row: MapRow) -> int:
    """The customer's sheet whose columns overlap the lanes' ``row`` the most."""
    upper = plan.sheets[: plan.upper_sheets()]

    def overlap(sheet: RowPlan) -> float:
        return sum(
            max(0.0, min(row.columns.right, it.columns.right) - max(row.columns.x, it.columns.x))
            for it in sheet.rows
        )

    return max(range(len(upper)), key=lambda n: overlap(upper[n])) + 1
