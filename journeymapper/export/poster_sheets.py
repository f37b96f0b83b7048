"""What each sheet of a poster on several sheets says of itself: its part of the journey in
large type (the phases it shows, the customer's side or the lanes), the slim header of a sheet
hung below another, and the footer's word on where it hangs on the wall."""

from __future__ import annotations

from journeymapper.export.poster_content import MapContent
from journeymapper.export.poster_page import SheetHeading
from journeymapper.export.poster_rows import MapRow, RowPlan, SheetPlan
from journeymapper.model.layout import COLUMN_GAP


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
    own: each lanes sheet shows the columns of one customer's sheet and hangs right under it."""
    count = len(plan.sheets)
    head = f"sheet {number} of {count}"
    if number <= upper:
        below = sorted({n for n, row in _lane_rows(plan, upper) if _under(plan, row) == number})
        lanes = ", ".join(str(n) for n in below)
        return f"{head}: the customer's side, hang sheets 1-{upper} side by side, left to right" + (
            f"; the lanes under it are on sheet{'s' if len(below) > 1 else ''} {lanes}"
            if lanes
            else ""
        )
    return f"{head}: lanes, hang under sheet {_hung_under(plan, number)}"


def _hung_under(plan: SheetPlan, number: int) -> int:
    """The customer's sheet a lanes sheet hangs under (the one showing its columns)."""
    return _under(plan, plan.sheets[number - 1].rows[0])


def sheet_heading(content: MapContent, plan: SheetPlan, number: int) -> SheetHeading:
    """What sheet ``number`` says of itself in large type: the phases it shows and, when the
    lanes went onto sheets of their own, which side it is; a lanes sheet also gets the slim
    header (the map's title and where it hangs) instead of the full one."""
    upper = plan.upper_sheets()
    apart = upper < len(plan.sheets)
    part = _phases_shown(content, plan.sheets[number - 1])
    if not apart:
        return SheetHeading(part)
    if number <= upper:
        return SheetHeading(f"{part} · customer's side")
    above = _hung_under(plan, number)
    slim = (
        f"{content.journey.title}   ·   the lanes of sheet {above}: hang this sheet right "
        f"under sheet {above}, its columns under the same phases"
    )
    return SheetHeading(f"{part} · lanes", slim)


def _phases_shown(content: MapContent, sheet: RowPlan) -> str:
    """ "Phases 1-4: Book → Arrive" for the phases whose columns a sheet's rows show (row by
    row, "; " between rows); a phase only partly shown is marked so."""
    layout = content.layout
    parts = []
    for row in sheet.rows:
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
        if not shown:
            continue
        (first, start), (last, end) = shown[0], shown[-1]
        if first == last:
            parts.append(f"Phase {first}: {start}")
        else:
            parts.append(f"Phases {first}-{last}: {start} → {end}")
    return "; ".join(parts)


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
