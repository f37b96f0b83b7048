"""The journey poster: the whole map on one PDF page, as vector graphics, for the wall.

The page carries a header (title, scenario, persona), the map drawn from the shared layout and
scaled to fit, a legend, and a footer with the date and the file name. Every size from A4 to A0,
landscape by default, portrait or a custom size in millimetres. With ``tile="A4"`` (or "A3")
the poster is spread over office-printer sheets with an overlap to glue and cut marks: it is
drawn once, as a PDF form, and each sheet shows its window of it.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A0, A1, A2, A3, A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from journeymapper import __version__
from journeymapper.export.common import (
    ExportError,
    ExportReport,
    Progress,
    finish_export,
    no_progress,
)
from journeymapper.export.fonts import REGULAR, GlyphCheck, register_fonts
from journeymapper.export.poster_content import MapContent, TextPlacement, map_region
from journeymapper.export.poster_draw import MapPainter
from journeymapper.export.poster_links import (
    ASIDE,
    RowPlace,
    draw_edge_labels,
    edge_labels,
    row_names,
)
from journeymapper.export.poster_page import (
    LEGEND_SHARE_OF_TEXT,
    NO_HEADING,
    LegendPlan,
    PageMetrics,
    SheetHeading,
    draw_footer,
    draw_header,
    draw_legend,
    draw_strip_line,
    footer_height,
    legend_items,
    plan_legend,
)
from journeymapper.export.poster_rows import (
    MAX_SHEETS,
    ROW_GAP,
    STRIP_HEAD,
    Cuts,
    MapRow,
    RowPlan,
    SheetPlan,
    column_cuts,
    plan_apart,
    plan_sheets,
)
from journeymapper.export.poster_sheets import (
    pack_lanes,
    row_places,
    sheet_heading,
    sheet_note,
)
from journeymapper.export.poster_tiles import TileGrid, draw_tiles, tile_grid
from journeymapper.model import style
from journeymapper.model.analysis import Analysis
from journeymapper.model.elements import JourneyMap
from journeymapper.model.layout import BAND_GAP, COLUMN_GAP, BandKind, Layout, Rect

SIZES: dict[str, tuple[float, float]] = {"A4": A4, "A3": A3, "A2": A2, "A1": A1, "A0": A0}
CUSTOM_RANGE_MM = (50.0, 5000.0)  # PDF pages end at 200 inches
# Below this size on paper, card text is not readable at arm's length.
READABLE_PT = 4.0
LEGEND_SHARE = 0.22  # at most this share of the page height goes to the legend
# Layout units a row's columns reach past (at its end) or give up (at its start) where rows
# meet between two columns: less than half the gap between columns, so cards are never
# touched, and enough for a line the router moved off the middle of the gap to make room for
# another (a few units) with half the widest stroke, so the row before draws it whole and the
# row after none of it. Where rows meet at a phase divider the router keeps every line off
# the middle, each phase's own on its side, and the rows meet right at the divider.
EDGE_TRIM = 5.0
# A tiled poster's map may print this much smaller to spare a row of tiles that would carry
# only its legend and footer.
TILE_SHRINK = 0.85


def page_size(
    size: str = "A2", portrait: bool = False, custom_mm: tuple[float, float] | None = None
) -> tuple[float, float]:
    """Width and height in points; a custom size is taken as given (width, height)."""
    if custom_mm is not None:
        low, high = CUSTOM_RANGE_MM
        if not all(math.isfinite(v) and low <= v <= high for v in custom_mm):
            raise ExportError(
                f"a custom poster size must be between {low:g} and {high:g} mm each way, "
                f"not {custom_mm[0]:g} x {custom_mm[1]:g} mm"
            )
        return custom_mm[0] * mm, custom_mm[1] * mm
    key = size.strip().upper()
    if key not in SIZES:
        raise ExportError(f"unknown poster size {size!r}; choose one of {', '.join(SIZES)}")
    short, long = sorted(SIZES[key])
    return (short, long) if portrait else (long, short)


# The smallest card title and detail sizes (points) per size, for the distance a poster of
# that size is read from (READING_DISTANCE): an A2 sheet is read from about a metre, and its
# 10 pt titles would be too small from a few metres.
READING_FLOORS: dict[str, tuple[float, float]] = {
    "A0": (14.0, 10.0),
    "A1": (14.0, 10.0),
    "A2": (10.0, 7.0),
}
READING_DISTANCE: dict[str, str] = {
    "A0": "a few metres",
    "A1": "a few metres",
    "A2": "about a metre",
}


def reading_distance(name: str) -> str:
    """Where a poster of size ``name`` is read from, as the warnings say it."""
    return READING_DISTANCE.get(name, "a few metres")


@dataclass
class PosterDrawing:
    """What drawing one poster page produced, for warnings, tests and the benchmark."""

    scale: float
    shapes: int
    strings: int
    shortened: int
    legend_left_out: int
    # Where layout point (0, 0) lands on the page: page x = ox + x * scale, y = oy - y * scale
    # (of the last row drawn: the columns of a map in one row).
    origin: tuple[float, float] = (0.0, 0.0)
    rows: int = 1  # the map wrapped into this many rows of phases
    # What the page carries above the footer (header, map, legend), top-down page points.
    used: Rect = Rect(0, 0, 0, 0)  # noqa: RUF009 (immutable named tuple)
    # Each part of the map drawn (label column or columns of a row) with its origin.
    parts: tuple[tuple[Rect, tuple[float, float]], ...] = ()
    sheets: int = 1  # the map spread over this many sheets of the size asked for
    portrait: bool = False  # the orientation of the sheets
    # Each row's columns (layout units) with the number of the sheet that shows them.
    windows: tuple[tuple[int, Rect], ...] = ()
    # What each shortened text is ("initiative 'Faster refunds'"), so the user can find it.
    shortened_where: tuple[str, ...] = ()
    # Per sheet, its parts (as ``parts``): where each sheet's map area is on its page.
    pages: tuple[tuple[tuple[Rect, tuple[float, float]], ...], ...] = ()

    def sheets_showing(self, rect: Rect) -> set[int]:
        """The sheets (from 1) that show part of a layout rectangle."""
        return {n for n, window in self.windows if window.overlaps(rect)}

    def on_page(self, rect: Rect) -> Rect:
        """A layout rectangle on the page (x right, y up) in the part of the map that shows
        its middle; for a wrapped map, the row that holds it."""
        ox, oy = self.origin
        for window, origin in self.parts:
            if window.x <= rect.center_x <= window.right:
                ox, oy = origin
        s = self.scale
        return Rect(ox + rect.x * s, oy - rect.bottom * s, rect.width * s, rect.height * s)

    def columns(self) -> list[Rect]:
        """The windows of the parts that show columns (not the label column)."""
        return [window for n, (window, _) in enumerate(self.parts) if n % 2 == 1]

    @property
    def card_text_pt(self) -> float:
        """The printed size of a card title."""
        return style.CARD_TITLE_SIZE * self.scale


def draw_poster_page(
    canv: Canvas,
    content: MapContent,
    glyphs: GlyphCheck,
    size: tuple[float, float],
    sheet: RowPlan,
    *,
    source_name: str = "",
    trace: list[TextPlacement] | None = None,
    floors: tuple[float, float] = (0.0, 0.0),
    note: str = "",
    where: Callable[[MapRow, float], str | None] | None = None,
    heading: SheetHeading = NO_HEADING,
) -> PosterDrawing:
    """Header, map, legend and footer on a page of ``size`` points at the canvas origin.
    ``sheet`` holds the rows of the map this page shows and their scale; ``floors`` (points)
    are the smallest card title and detail sizes: texts are shortened rather than shrunk below
    them. ``note`` goes into the footer (which sheet of several this is); ``where`` names the
    row holding a layout x, for the labels of flows that leave or enter a row; ``heading``
    names the sheet's part of the journey (and slims the header of a sheet hung below)."""
    metrics = PageMetrics.of(*size)
    page = MapPainter(canv, content, glyphs, origin=(0.0, size[1]), trace=trace)
    with page.placed():
        header_bottom = draw_header(page, metrics, heading)
        draw_footer(page, metrics, _footer_parts(content, source_name, note))
    frame = _frame(content, size, header_bottom)
    scale = sheet.scale
    if scale < minimum_scale(floors) * 0.999:
        # Out of reach on this sheet (the caller warns): texts shrink to fit as on a small
        # sheet rather than end in an ellipsis at a size that is too small anyway.
        floors = (0.0, 0.0)
    # The map right under the header and its legend right under the map: paper the map
    # does not need is left at the foot of the sheet, not between the title and the map.
    map_top = frame.room_top
    painters = [page]
    origin = (0.0, 0.0)
    parts = []
    top = map_top
    dividers = {round(x, 3) for x, _top, _bottom in content.layout.dividers}
    for row, (width, strip) in zip(sheet.rows, row_places(sheet), strict=True):
        # Each row at the x of its customer's sheet (a lanes strip: of the sheet it is under).
        left = metrics.margin + (metrics.inner_width - width * scale) / 2
        if strip is not None:
            line = Rect(left, top, width * scale, STRIP_HEAD * scale)
            with page.placed():
                draw_strip_line(page, heading.strips[strip], line)
            top += line.height
        for window, x in ((row.labels, left), (row.columns, left + row.labels.width * scale)):
            origin = (x - window.x * scale, size[1] - top + window.y * scale)
            shown = _trimmed(window, row, dividers)
            painter = MapPainter(
                canv, content, glyphs, origin, scale, trace, window=shown, floors=floors
            )
            painter.draw()
            painters.append(painter)
            if where is not None and window == row.columns:
                labels = edge_labels(content, row, partial(where, row))
                place = RowPlace(origin, scale, floors, trace)
                painters += draw_edge_labels(canv, content, glyphs, row, place, labels)
            parts.append((shown, origin))
        top += (row.height + ROW_GAP) * scale
    legend_top = map_top + sheet.height() * scale + metrics.gap
    legend = MapPainter(
        canv,
        content,
        glyphs,
        origin=(metrics.margin, size[1] - legend_top),
        scale=frame.legend.scale,
        trace=trace,
    )
    with legend.placed():
        draw_legend(legend, frame.legend)
    painters.append(legend)
    used = Rect(
        metrics.margin, metrics.margin, metrics.inner_width, legend_top + frame.legend.height
    )
    used = Rect(used.x, used.y, used.width, used.height - used.y)
    return PosterDrawing(
        scale,
        sum(p.shapes for p in painters),
        sum(p.strings for p in painters),
        sum(p.shortened for p in painters),
        frame.legend.left_out,
        origin,
        len(sheet.rows),
        used,
        tuple(parts),
        shortened_where=tuple(where for p in painters for where in p.shortened_where),
    )


def _trimmed(window: Rect, row: MapRow, dividers: set[float]) -> Rect:
    """What a painter of ``row`` shows of ``window`` (its label column or its columns). A
    flow may run down the middle of the gap where one row ends and the next begins: the row
    before shows EDGE_TRIM more of the gap, so the line is whole there, and the row after
    EDGE_TRIM less, so no sliver of it is left at its edge; its label column reaches as much
    further, so no white seam opens beside it. At a phase divider (x in ``dividers``) no line
    runs near the middle (the router keeps each phase's lines on its side), so rows meet
    right there and each shows its phase's lines whole."""
    starts_at_cut = row.columns.x > row.labels.right + 0.5
    left = EDGE_TRIM if starts_at_cut and round(row.columns.x, 3) not in dividers else 0.0
    # Only the last row has no row after it.
    ends_at_cut = row.aside > 0 and round(row.columns.right, 3) not in dividers
    right = EDGE_TRIM if ends_at_cut else 0.0
    if window == row.labels:
        return Rect(window.x, window.y, window.width + left, window.height)
    return Rect(window.x + left, window.y, window.width - left + right, window.height)


@dataclass(frozen=True)
class _Frame:
    """Where the map goes on a sheet: below the header, above the legend and the footer."""

    room_top: float  # top-down page points
    room: tuple[float, float]  # width and height for the map
    legend: LegendPlan


def _frame(content: MapContent, size: tuple[float, float], header_bottom: float) -> _Frame:
    metrics = PageMetrics.of(*size)
    plan = plan_legend(
        legend_items(content),
        metrics.inner_width,
        metrics.text_size * LEGEND_SHARE_OF_TEXT,
        size[1] * LEGEND_SHARE,
    )
    room_top = header_bottom + metrics.gap
    room_bottom = size[1] - metrics.margin - footer_height(metrics) - metrics.gap
    height = max(1.0, room_bottom - room_top - plan.height - metrics.gap)
    return _Frame(room_top, (metrics.inner_width, height), plan)


def _map_room(
    content: MapContent, size: tuple[float, float], slim: bool = False
) -> tuple[float, float]:
    """The room the map has on a sheet of ``size``, with the full header or (``slim``) the
    slim one of a sheet hung below another."""
    return _measured_frame(content, size, slim).room


def _measured_frame(content: MapContent, size: tuple[float, float], slim: bool) -> _Frame:
    """The frame of a sheet of ``size``: the header is drawn on a scratch canvas to measure
    it (a long scenario takes more of the sheet; the part heading is one line)."""
    scratch = MapPainter(
        Canvas(io.BytesIO(), pagesize=size), content, GlyphCheck(), origin=(0.0, size[1])
    )
    heading = SheetHeading("Phases", "the map" if slim else None)
    with scratch.placed():
        header_bottom = draw_header(scratch, PageMetrics.of(*size), heading)
    return _frame(content, size, header_bottom)


def fit_tile_rows(
    content: MapContent, poster: tuple[float, float], grid: TileGrid, plan: SheetPlan
) -> SheetPlan:
    """The plan of a tiled poster, its map a little smaller (down to TILE_SHRINK of its
    scale) where that keeps the legend out of a row of tiles the map does not reach: such a
    row would carry only the legend and the footer, three A3 sheets of an A0 poster for a
    few lines of key. Otherwise the plan as it is."""
    if len(plan.sheets) != 1:
        return plan
    sheet = plan.sheets[0]
    frame = _measured_frame(content, poster, False)
    gap = PageMetrics.of(*poster).gap
    height = sheet.height()
    map_bottom = frame.room_top + height * sheet.scale
    used_bottom = map_bottom + gap + frame.legend.height
    top_y = grid.origin[1]
    step = grid.step[1]
    # The last row of tiles the page uses: does the map reach into it?
    last = max(0, math.ceil((used_bottom - top_y) / step - 1e-9) - 1)
    last_top = top_y + last * step
    if last == 0 or map_bottom > last_top:
        return plan
    # Half a point clear of that row, so its window does not touch the legend.
    room = last_top - 0.5 - frame.room_top - gap - frame.legend.height
    scale = room / height
    if scale < sheet.scale * TILE_SHRINK:
        return plan
    return SheetPlan((RowPlan(sheet.rows, scale),), plan.portrait, plan.readable)


def _labels(content: MapContent, region: Rect) -> Rect:
    left = content.layout.columns_left - COLUMN_GAP / 2
    return Rect(region.x, region.y, left - region.x, region.height)


def _cuts(content: MapContent, region: Rect) -> Cuts:
    phase_ids = [phase.id for phase in content.journey.phases]
    return column_cuts(content.layout, phase_ids, region)


def plan_poster(
    content: MapContent,
    size: str,
    portrait: bool,
    custom_mm: tuple[float, float] | None,
    minimum: float,
) -> SheetPlan:
    """How the map goes onto sheets of ``size``: see ``plan_sheets``. Rows end between phases
    where no card reaches across (``Cuts.choices``); only when no plan at the reading size
    does so, between other columns."""
    region = map_region(content.layout)
    rooms: dict[tuple[bool, bool], tuple[float, float]] = {}

    def room(turned: bool, slim: bool = False) -> tuple[float, float]:
        if (turned, slim) not in rooms:
            rooms[turned, slim] = _map_room(content, page_size(size, turned, custom_mm), slim)
        return rooms[turned, slim]

    labels = _labels(content, region)
    first: SheetPlan | None = None
    for cuts in _cuts(content, region).choices():
        plan = _plan_with(content, cuts, labels, region, room, portrait, minimum)
        if plan.readable:
            return plan
        first = first or plan
    assert first is not None  # noqa: S101 (choices() holds at least every boundary)
    return first


def _plan_with(
    content: MapContent,
    cuts: Cuts,
    labels: Rect,
    region: Rect,
    room: Callable[[bool, bool], tuple[float, float]],
    portrait: bool,
    minimum: float,
) -> SheetPlan:
    """The plan with rows ending only at ``cuts``: the map whole on each sheet; too tall,
    each row as its customer's side above its lanes; still too tall, the customer's side on
    sheets of their own and the lanes of each on a sheet hung right under it."""

    def full(turned: bool) -> tuple[float, float]:
        return room(turned, False)

    plan = plan_sheets(cuts, labels, region, full, portrait, minimum, ASIDE)
    tiers = _tiers(content.layout, region)
    if plan.readable or not tiers:
        return plan
    tiered = plan_sheets(cuts, labels, region, full, portrait, minimum, ASIDE, tiers)
    if tiered.readable:
        return tiered
    apart = plan_apart(cuts, labels, region, room, portrait, minimum, ASIDE, tiers)
    return plan if apart is None else pack_lanes(apart, room(apart.portrait, True))


def _tiers(layout: Layout, region: Rect) -> tuple[tuple[float, float], ...]:
    """The customer's side and the organisation's lanes, split at the line of visibility
    (which goes with the lanes); none for a map without lanes below the line."""
    line = next((band for band in layout.bands if band.kind is BandKind.VISIBILITY), None)
    if line is None or line.rect.y <= region.y or line.rect.bottom >= region.bottom:
        return ()
    cut = line.rect.y - BAND_GAP / 2
    return ((region.y, cut), (cut, region.bottom))


def minimum_scale(floors: tuple[float, float]) -> float:
    """The smallest scale at which card titles and details print at least ``floors``."""
    return max(floors[0] / style.CARD_TITLE_SIZE, floors[1] / style.CARD_DETAIL_SIZE)


def _footer_parts(content: MapContent, source_name: str, note: str = "") -> list[str]:
    journey = content.journey
    # Where the sheet hangs goes first: should the line be too long, the version is cut.
    parts = [note, datetime.date.today().isoformat(), source_name]
    lead_time = content.analysis.lead_time
    if lead_time is not None and (lead_time.working_days > 0 or journey.promised_lead_time):
        promise = journey.promised_lead_time
        promised = f", promised {promise.in_working_days():g}" if promise else ""
        parts.append(
            f"end-to-end lead time {round(lead_time.working_days, 1):g} working days{promised}"
        )
    parts.append(f"journeymapper {__version__}")
    return parts


def render_poster(
    journey: JourneyMap,
    *,
    size: str = "A2",
    portrait: bool = False,
    custom_mm: tuple[float, float] | None = None,
    tile: str | None = None,
    source_name: str = "",
    progress: Progress = no_progress,
    trace: list[TextPlacement] | None = None,
    analysis: Analysis | None = None,
) -> tuple[bytes, list[str], PosterDrawing]:
    """The poster as PDF bytes, the warnings for the user, and what was drawn. ``analysis``
    (of this same map) saves running the analysis again; without it, it runs once here.

    On A0-A2 card text is printed at least at the size read from the sheet's reading distance
    (READING_FLOORS): when one sheet cannot hold the map at that size, the rows of the map go
    onto as many sheets of the size as needed (in the other orientation where that needs fewer
    or fills them better), and the warnings say so and name the single sheet that would do."""
    page_size(size, portrait, custom_mm)  # a bad size is refused before any work
    floors = READING_FLOORS.get(size.strip().upper(), (0.0, 0.0)) if custom_mm is None else (0, 0)
    register_fonts()
    progress(0.05)
    content = MapContent.of(journey, analysis)
    progress(0.2)
    needed = minimum_scale(floors)
    # Tiled, the poster is one sheet of its size at full size (poster_tiles): the office
    # sheets make up that sheet, so the map is not spread over several sheets of the size.
    plan = plan_poster(content, size, portrait, custom_mm, 0.0 if tile else needed)
    poster = page_size(size, plan.portrait, custom_mm)  # a custom size is never turned
    grid = tile_grid(poster, tile) if tile else None
    if grid is not None:
        plan = fit_tile_rows(content, poster, grid, plan)
    glyphs = GlyphCheck()
    buffer = io.BytesIO()
    # No page may refer to a font that is not embedded (the stub types the name as a float).
    font: Any = REGULAR
    canv = Canvas(buffer, pagesize=grid.sheet if grid else poster, initialFontName=font)
    canv.setTitle(journey.title)
    canv.setSubject("Customer journey poster")
    canv.setCreator(f"journeymapper {__version__}")
    name = f"{poster[0] / mm:.0f} x {poster[1] / mm:.0f} mm" if custom_mm else size.upper()
    drawings = []
    count = len(plan.sheets)
    where = row_names(plan) if len(plan.rows) > 1 else None
    for number, sheet in enumerate(plan.sheets, start=1):
        form = f"poster{number}"
        if grid is not None:
            canv.beginForm(form, 0, 0, poster[0], poster[1])
        drawn = draw_poster_page(
            canv,
            content,
            glyphs,
            poster,
            sheet,
            source_name=source_name,
            trace=trace,
            floors=floors,
            note=sheet_note(number, plan),
            where=where,
            heading=sheet_heading(content, plan, number),
        )
        if grid is None:
            canv.showPage()
        else:
            canv.endForm()
            part = f"Poster sheet {number} of {count}. " if count > 1 else ""
            draw_tiles(canv, poster, grid, glyphs, drawn.used, form, part)
        drawings.append(drawn)
        progress(0.2 + 0.6 * number / count)
    canv.save()
    drawing = _combined(drawings, poster[0] < poster[1])
    warnings = _warnings(glyphs, drawing, name)
    if not plan.readable:
        # Printed all the same (a poster a little small beats none), but never silently.
        warnings.insert(
            0,
            f"On {name} the card titles are {drawing.card_text_pt:.1f} pt: {floors[0]:g} pt "
            f"is needed to read a poster of this size from {reading_distance(name)}, and "
            f"{_why_not(content, size, needed)}; {_what_fits(poster, needed, plan)}.",
        )
    elif tile and drawing.scale < needed * 0.999:
        warnings.insert(0, _tiled_note(name, tile, drawing, floors, needed))
    elif count > 1 or plan.portrait != portrait:
        warnings.insert(0, _spread_note(content, name, floors, plan, portrait, needed))
    return buffer.getvalue(), warnings, drawing


def _tiled_note(
    name: str, tile: str, drawing: PosterDrawing, floors: tuple[float, float], needed: float
) -> str:
    """What the user is told when a tiled poster's type is under the reading size."""
    poster = page_size(name, drawing.portrait)
    return (
        f"Tiled on {tile.strip().upper()}, the poster is one {name} sheet at full size, so its "
        f"card titles are {drawing.card_text_pt:.1f} pt, under the {floors[0]:g} pt read from "
        f"{reading_distance(name)}: for that, {_custom_fit(poster, drawing.scale, needed)}, "
        f"or print {name} untiled (the map then goes onto several {name} sheets)."
    )


def _spread_note(
    content: MapContent,
    name: str,
    floors: tuple[float, float],
    plan: SheetPlan,
    portrait: bool,
    needed: float,
) -> str:
    """What the user is told when the map went onto several sheets or was turned."""
    count = len(plan.sheets)
    turned = "portrait" if plan.portrait else "landscape"
    where = f"{count} {name} sheets in {turned}, to hang side by side" if count > 1 else ""
    upper = plan.upper_sheets()
    if upper < count:
        where = (
            f"{count} {name} sheets in {turned}: the customer's side on the first {upper}, side "
            f"by side, and the lanes on the other {count - upper}, hung below them"
        )
    if plan.portrait != portrait and count == 1:
        where = f"one {name} sheet turned to {turned}"
    one = _one_sheet(content, name, plan.portrait, needed)
    return (
        f"To print card titles at {floors[0]:g} pt and details at {floors[1]:g} pt (read from "
        f"{reading_distance(name)}), the map is printed on {where}"
        + (f"; for one sheet, {one}" if count > 1 else "")
        + "."
    )


def _one_sheet(content: MapContent, name: str, portrait: bool, needed: float) -> str:
    """The custom size of one sheet that holds the map at scale ``needed``. (A larger
    standard size is no answer: it is read from further away, so asks larger type.)"""
    one = plan_poster(content, name, portrait, None, 0.0)
    return _custom_fit(page_size(name, one.portrait), one.scale, needed)


def _custom_fit(sheet: tuple[float, float], scale: float, needed: float) -> str:
    """The advice to choose a custom size shaped like ``sheet`` on which the map, printed at
    ``scale`` there, would print at ``needed``: text, margins and legend grow with the sheet,
    so a little more is asked. Beyond the largest PDF page, what it would take and what to do
    instead."""
    grow = needed / scale * 1.1
    width, height = (math.ceil(side * grow / mm / 10) * 10 for side in sheet)
    if max(width, height) > CUSTOM_RANGE_MM[1]:
        return (
            f"no sheet holds it: it would take about {width:.0f}x{height:.0f} mm and PDF pages "
            f"end at {CUSTOM_RANGE_MM[1]:g} mm, so split the journey into smaller maps"
        )
    return (
        f"choose a custom --size of at least {width:.0f}x{height:.0f} mm (with --tile A4 or "
        "A3 to print it on office sheets)"
    )


def _why_not(content: MapContent, size: str, needed: float) -> str:
    """Why no sheets of ``size`` hold the map at scale ``needed``: its bands are taller than
    the sheet (in either orientation), or it would take more than MAX_SHEETS of them."""
    height = map_region(content.layout).height
    if all(
        _map_room(content, page_size(size, turned))[1] < height * needed for turned in (False, True)
    ):
        return "the map is taller than the sheet at that size (wrapping does not help)"
    return f"it would take more than {MAX_SHEETS} sheets of this size"


def _what_fits(poster: tuple[float, float], needed: float, plan: SheetPlan) -> str:
    """What to do for a map that no number of sheets of this size holds at the reading size
    (its rows are too tall for the sheet)."""
    return _custom_fit(poster, plan.scale, needed)


def _combined(drawings: list[PosterDrawing], portrait: bool) -> PosterDrawing:
    """One account of the sheets drawn (the first sheet's page area, every sheet's parts)."""
    first = drawings[0]
    return PosterDrawing(
        first.scale,
        sum(d.shapes for d in drawings),
        sum(d.strings for d in drawings),
        sum(d.shortened for d in drawings),
        max(d.legend_left_out for d in drawings),
        drawings[-1].origin,
        sum(d.rows for d in drawings),
        first.used,
        tuple(part for d in drawings for part in d.parts),
        len(drawings),
        portrait,
        tuple(
            (number, window) for number, d in enumerate(drawings, start=1) for window in d.columns()
        ),
        tuple(where for d in drawings for where in d.shortened_where),
        tuple(d.parts for d in drawings),
    )


def _warnings(glyphs: GlyphCheck, drawing: PosterDrawing, name: str) -> list[str]:
    warnings = glyphs.warnings()
    if drawing.card_text_pt < READABLE_PT:
        warnings.append(
            f"On {name} the map is printed at {drawing.scale:.0%} of its size, so card text is "
            f"{drawing.card_text_pt:.1f} pt: choose a larger size or tile the poster for a "
            "readable print."
        )
    return warnings + drawing_warnings(drawing, f"the poster ({name})")


def _named(places: tuple[str, ...]) -> str:
    """Every shortened text by what it is, once each: a user told of "5 texts" must be able
    to find all five."""
    unique = list(dict.fromkeys(places))
    if not unique:
        return ""
    return ": " + ", ".join(unique)


def drawing_warnings(drawing: PosterDrawing, where: str) -> list[str]:
    """What the user should know about a drawn map page: texts shortened to fit their boxes
    and legend entries left out. ``where`` names the page ("the poster (A2)")."""
    warnings = []
    if drawing.shortened:
        warnings.append(
            f"{drawing.shortened} text(s) did not fit their boxes on {where} and end in '…'"
            f"{_named(drawing.shortened_where)}; shorten them or print larger to show them "
            "whole; the workbook has every text in full."
        )
    if drawing.legend_left_out:
        warnings.append(
            f"The legend on {where} had no room for {drawing.legend_left_out} of its entries."
        )
    return warnings


def write_poster(
    journey: JourneyMap,
    out: Path,
    *,
    size: str = "A2",
    portrait: bool = False,
    custom_mm: tuple[float, float] | None = None,
    tile: str | None = None,
    source_name: str = "",
    progress: Progress = no_progress,
    analysis: Analysis | None = None,
) -> ExportReport:
    """Write the poster of ``journey`` to ``out`` (whole or not at all); the report lists what
    the user should know: characters the font lacks, shortened texts, tiny print. Pass the
    editor's ``analysis`` of this same map to save computing it again."""
    data, warnings, _drawing = render_poster(
        journey,
        size=size,
        portrait=portrait,
        custom_mm=custom_mm,
        tile=tile,
        source_name=source_name,
        progress=progress,
        analysis=analysis,
    )
    return finish_export(out, data, warnings, progress)
