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
from dataclasses import dataclass
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
from journeymapper.export.poster_content import MapContent, TextPlacement, colour, map_region
from journeymapper.export.poster_draw import MapPainter
from journeymapper.export.poster_page import (
    LEGEND_SHARE_OF_TEXT,
    PageMetrics,
    draw_footer,
    draw_header,
    draw_legend,
    footer_height,
    legend_items,
    plan_legend,
)
from journeymapper.export.poster_rows import ROW_GAP, RowPlan, phase_spans, plan_rows
from journeymapper.model import style
from journeymapper.model.analysis import Analysis
from journeymapper.model.elements import JourneyMap
from journeymapper.model.layout import COLUMN_GAP, Rect

SIZES: dict[str, tuple[float, float]] = {"A4": A4, "A3": A3, "A2": A2, "A1": A1, "A0": A0}
TILE_SIZES = ("A4", "A3")
TILE_MARGIN = 10 * mm  # what an office printer cannot print at the edge of the sheet
TILE_OVERLAP = 10 * mm  # glued under the neighbouring sheet
CUSTOM_RANGE_MM = (50.0, 5000.0)  # PDF pages end at 200 inches
# Below this size on paper, card text is not readable at arm's length.
READABLE_PT = 4.0
LEGEND_SHARE = 0.22  # at most this share of the page height goes to the legend


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


@dataclass(frozen=True)
class TileGrid:
    """How a poster is spread over sheets: the sheet size, columns and rows, and the
    window of the poster each sheet shows (the printable area of the sheet)."""

    sheet: tuple[float, float]
    columns: int
    rows: int

    @property
    def window(self) -> tuple[float, float]:
        return _window(self.sheet)

    @property
    def step(self) -> tuple[float, float]:
        """How far the window moves from one sheet to the next."""
        return _step(self.sheet)

    @property
    def count(self) -> int:
        return self.columns * self.rows


def _window(sheet: tuple[float, float]) -> tuple[float, float]:
    return sheet[0] - 2 * TILE_MARGIN, sheet[1] - 2 * TILE_MARGIN


def _step(sheet: tuple[float, float]) -> tuple[float, float]:
    window = _window(sheet)
    return window[0] - TILE_OVERLAP, window[1] - TILE_OVERLAP


def tile_grid(poster: tuple[float, float], tile: str) -> TileGrid:
    """The grid of ``tile`` sheets (portrait or landscape, whichever needs fewer) that covers
    a poster of ``poster`` points, with TILE_OVERLAP between neighbours."""
    key = tile.strip().upper()
    if key not in TILE_SIZES:
        raise ExportError(f"posters are tiled on {' or '.join(TILE_SIZES)} sheets, not {tile!r}")
    short, long = sorted(SIZES[key])
    grids = []
    for sheet in ((long, short), (short, long)):
        step = _step(sheet)
        columns = max(1, math.ceil((poster[0] - TILE_OVERLAP) / step[0] - 1e-9))
        rows = max(1, math.ceil((poster[1] - TILE_OVERLAP) / step[1] - 1e-9))
        grids.append(TileGrid(sheet, columns, rows))
    landscape_poster = poster[0] >= poster[1]
    preferred, other = grids if landscape_poster else grids[::-1]
    return other if other.count < preferred.count else preferred


# The smallest card title and detail sizes (points) read from a few metres away, per size.
READING_FLOORS: dict[str, tuple[float, float]] = {
    "A0": (14.0, 10.0),
    "A1": (14.0, 10.0),
    "A2": (10.0, 7.0),
}


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

    def on_page(self, rect: Rect) -> Rect:
        """A layout rectangle on the page (x right, y up) in the part of the map that shows
        its middle; for a wrapped map, the row that holds it."""
        ox, oy = self.origin
        for window, origin in self.parts:
            if window.x <= rect.center_x <= window.right:
                ox, oy = origin
        s = self.scale
        return Rect(ox + rect.x * s, oy - rect.bottom * s, rect.width * s, rect.height * s)

    @property
    def card_text_pt(self) -> float:
        """The printed size of a card title."""
        return style.CARD_TITLE_SIZE * self.scale


def draw_poster_page(
    canv: Canvas,
    content: MapContent,
    glyphs: GlyphCheck,
    size: tuple[float, float],
    source_name: str = "",
    trace: list[TextPlacement] | None = None,
    floors: tuple[float, float] = (0.0, 0.0),
) -> PosterDrawing:
    """Header, map, legend and footer on a page of ``size`` points at the canvas origin. The
    map is wrapped into rows of phases when that prints it larger; ``floors`` (points) are the
    smallest card title and detail sizes: texts are shortened rather than shrunk below them."""
    metrics = PageMetrics.of(*size)
    page = MapPainter(canv, content, glyphs, origin=(0.0, size[1]), trace=trace)
    with page.placed():
        header_bottom = draw_header(page, metrics)
        draw_footer(page, metrics, _footer_parts(content, source_name))
    plan = plan_legend(
        legend_items(content),
        metrics.inner_width,
        metrics.text_size * LEGEND_SHARE_OF_TEXT,
        size[1] * LEGEND_SHARE,
    )
    room_top = header_bottom + metrics.gap
    room_bottom = size[1] - metrics.margin - footer_height(metrics) - metrics.gap
    map_room = max(1.0, room_bottom - room_top - plan.height - metrics.gap)
    region = map_region(content.layout)
    rows = _row_plan(content, region, (metrics.inner_width, map_room))
    scale = rows.scale
    if scale < minimum_scale(floors) * 0.999:
        # Out of reach on this sheet (the caller warns): texts shrink to fit as on a small
        # sheet rather than end in an ellipsis at a size that is too small anyway.
        floors = (0.0, 0.0)
    # The map and its legend sit together in the middle of the room left for them.
    spare = map_room - rows.height(region.height) * scale
    map_top = room_top + spare / 2
    left = metrics.margin + (metrics.inner_width - rows.width * scale) / 2
    painters = [page]
    origin = (0.0, 0.0)
    parts = []
    for n, row in enumerate(rows.rows):
        top = map_top + n * (region.height + ROW_GAP) * scale
        for window, x in ((row.labels, left), (row.columns, left + row.labels.width * scale)):
            origin = (x - window.x * scale, size[1] - top + region.y * scale)
            painter = MapPainter(
                canv, content, glyphs, origin, scale, trace, window=window, floors=floors
            )
            painter.draw()
            painters.append(painter)
            parts.append((window, origin))
    legend_top = map_top + rows.height(region.height) * scale + metrics.gap
    legend = MapPainter(
        canv,
        content,
        glyphs,
        origin=(metrics.margin, size[1] - legend_top),
        scale=plan.scale,
        trace=trace,
    )
    with legend.placed():
        draw_legend(legend, plan)
    painters.append(legend)
    used = Rect(metrics.margin, metrics.margin, metrics.inner_width, legend_top + plan.height)
    used = Rect(used.x, used.y, used.width, used.height - used.y)
    return PosterDrawing(
        scale,
        sum(p.shapes for p in painters),
        sum(p.strings for p in painters),
        sum(p.shortened for p in painters),
        plan.left_out,
        origin,
        len(rows.rows),
        used,
        tuple(parts),
    )


def _row_plan(content: MapContent, region: Rect, room: tuple[float, float]) -> RowPlan:
    layout = content.layout
    labels = Rect(
        region.x, region.y, layout.columns_left - COLUMN_GAP / 2 - region.x, region.height
    )
    phase_ids = [phase.id for phase in content.journey.phases]
    return plan_rows(phase_spans(layout, phase_ids, region), labels, region, room)


def minimum_scale(floors: tuple[float, float]) -> float:
    """The smallest scale at which card titles and details print at least ``floors``."""
    return max(floors[0] / style.CARD_TITLE_SIZE, floors[1] / style.CARD_DETAIL_SIZE)


def _footer_parts(content: MapContent, source_name: str) -> list[str]:
    journey = content.journey
    parts = [datetime.date.today().isoformat(), source_name]
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
    (of this same map) saves running the analysis again; without it, it runs once here."""
    poster = page_size(size, portrait, custom_mm)
    grid = tile_grid(poster, tile) if tile else None
    register_fonts()
    progress(0.05)
    content = MapContent.of(journey, analysis)
    progress(0.2)
    glyphs = GlyphCheck()
    buffer = io.BytesIO()
    # No page may refer to a font that is not embedded (the stub types the name as a float).
    font: Any = REGULAR
    canv = Canvas(buffer, pagesize=grid.sheet if grid else poster, initialFontName=font)
    canv.setTitle(journey.title)
    canv.setSubject("Customer journey poster")
    canv.setCreator(f"journeymapper {__version__}")
    floors = READING_FLOORS.get(size.strip().upper(), (0.0, 0.0)) if custom_mm is None else (0, 0)
    name = f"{poster[0] / mm:.0f} x {poster[1] / mm:.0f} mm" if custom_mm else size.upper()
    if grid is None:
        drawing = draw_poster_page(canv, content, glyphs, poster, source_name, trace, floors)
        canv.showPage()
    else:
        canv.beginForm("poster", 0, 0, poster[0], poster[1])
        drawing = draw_poster_page(canv, content, glyphs, poster, source_name, trace, floors)
        canv.endForm()
        _tiles(canv, poster, grid, glyphs, drawing.used)
    progress(0.8)
    canv.save()
    warnings = _warnings(glyphs, drawing, name)
    needed = minimum_scale(floors)
    if drawing.scale < needed * 0.999:
        # Printed all the same (a poster a little small beats none), but never silently.
        warnings.insert(
            0,
            f"On {name} the card titles are {drawing.card_text_pt:.1f} pt even with the map "
            f"wrapped into rows of phases; {floors[0]:g} pt is needed to read a poster of "
            f"this size from a few metres: {_what_fits(content, poster, needed)}.",
        )
    return buffer.getvalue(), warnings, drawing


def _what_fits(content: MapContent, poster: tuple[float, float], needed: float) -> str:
    """The smallest standard size the map reads well on, else a custom size that does."""
    portrait = poster[0] < poster[1]
    for key in ("A1", "A0"):
        sheet = page_size(key, portrait)
        if sheet[0] * sheet[1] <= poster[0] * poster[1] + 1:
            continue
        scratch = Canvas(io.BytesIO(), pagesize=sheet)
        drawn = draw_poster_page(scratch, content, GlyphCheck(), sheet, "", None)
        if drawn.scale < minimum_scale(READING_FLOORS[key]) * 0.999:
            continue
        return f"choose --size {key} (with --tile A4 or A3 to print it on office sheets)"
    scratch = Canvas(io.BytesIO(), pagesize=poster)
    fitted = draw_poster_page(scratch, content, GlyphCheck(), poster).scale
    # Text, margins and legend grow with the sheet, so ask a little more than the ratio.
    grow = needed / fitted * 1.1
    width, height = poster[0] * grow / mm, poster[1] * grow / mm
    return (
        f"choose a custom --size of at least {math.ceil(width / 10) * 10:.0f}x"
        f"{math.ceil(height / 10) * 10:.0f} mm (with --tile A4 or A3 to print it on office "
        "sheets)"
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


def drawing_warnings(drawing: PosterDrawing, where: str) -> list[str]:
    """What the user should know about a drawn map page: texts shortened to fit their boxes
    and legend entries left out. ``where`` names the page ("the poster (A2)")."""
    warnings = []
    if drawing.shortened:
        warnings.append(
            f"{drawing.shortened} text(s) did not fit their boxes on {where} and end in '…'; "
            "the workbook has every text in full."
        )
    if drawing.legend_left_out:
        warnings.append(
            f"The legend on {where} had no room for {drawing.legend_left_out} of its entries."
        )
    return warnings


def _tiles(
    canv: Canvas, poster: tuple[float, float], grid: TileGrid, glyphs: GlyphCheck, used: Rect
) -> None:
    """One sheet per window of the poster, row by row from the top left, with cut marks;
    a sheet that would carry nothing but the footer line is left out."""
    sheet_h = grid.sheet[1]
    window_w, window_h = grid.window
    step_x, step_y = grid.step
    sheets = kept_sheets(grid, used)
    for number, (row, column) in enumerate(sheets, start=1):
        canv.setPageSize(grid.sheet)
        canv.saveState()
        clip = canv.beginPath()
        clip.rect(TILE_MARGIN, TILE_MARGIN, window_w, window_h)
        canv.clipPath(clip, stroke=0, fill=0)
        canv.translate(
            TILE_MARGIN - column * step_x, sheet_h - TILE_MARGIN - poster[1] + row * step_y
        )
        canv.doForm("poster")
        canv.restoreState()
        _cut_marks(canv, grid)
        label = (
            f"Sheet {number} of {len(sheets)}: row {row + 1}, column {column + 1} of "
            f"{grid.rows} x {grid.columns}. Cut along the marks; the next sheet overlaps by "
            f"{TILE_OVERLAP / mm:.0f} mm (ticks)."
        )
        if len(sheets) < grid.count:
            label += f" {grid.count - len(sheets)} sheet(s) with only the footer left out."
        canv.setFillColor(colour(style.MUTED_INK))
        canv.setFont(REGULAR, 7)
        canv.drawString(TILE_MARGIN, TILE_MARGIN * 0.35, glyphs.printable(label))
        canv.showPage()


def kept_sheets(grid: TileGrid, used: Rect) -> list[tuple[int, int]]:
    """(row, column) of every sheet whose window shows part of ``used`` (the header, map and
    legend, in top-down poster points): the others would carry only the footer line."""
    window_w, window_h = grid.window
    step_x, step_y = grid.step
    kept = []
    for row in range(grid.rows):
        for column in range(grid.columns):
            window = Rect(column * step_x, row * step_y, window_w, window_h)
            if window.overlaps(used):
                kept.append((row, column))
    return kept or [(0, 0)]


def _cut_marks(canv: Canvas, grid: TileGrid) -> None:
    """Corner marks just outside the window, and ticks where the next sheet's overlap ends."""
    window_w, window_h = grid.window
    left, bottom = TILE_MARGIN, TILE_MARGIN
    right, top = left + window_w, bottom + window_h
    gap, length = 1.5 * mm, TILE_MARGIN - 2.5 * mm
    canv.setStrokeColor(colour(style.INK))
    canv.setLineWidth(0.4)
    for x in (left, right):
        for y, direction in ((bottom, -1), (top, 1)):
            canv.line(x, y + direction * gap, x, y + direction * (gap + length))
    for y in (bottom, top):
        for x, direction in ((left, -1), (right, 1)):
            canv.line(x + direction * gap, y, x + direction * (gap + length), y)
    canv.setStrokeColor(colour(style.HANDOVER))
    overlap_x, overlap_y = right - TILE_OVERLAP, bottom + TILE_OVERLAP
    for y, direction in ((bottom, -1), (top, 1)):
        canv.line(overlap_x, y + direction * gap, overlap_x, y + direction * (gap + length / 2))
    for x, direction in ((left, -1), (right, 1)):
        canv.line(x + direction * gap, overlap_y, x + direction * (gap + length / 2), overlap_y)


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
