"""A poster spread over office-printer sheets: the grid of A4 or A3 sheets that covers it,
with an overlap to glue and cut marks, leaving out sheets that would carry only the footer.

The poster page is drawn once, as a PDF form, and each sheet shows its window of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from journeymapper.export.common import ExportError
from journeymapper.export.fonts import REGULAR, GlyphCheck
from journeymapper.export.poster_content import colour
from journeymapper.model import style
from journeymapper.model.layout import Rect

TILE_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "A3": A3}
TILE_MARGIN = 10 * mm  # what an office printer cannot print at the edge of the sheet
TILE_OVERLAP = 10 * mm  # glued under the neighbouring sheet


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
    short, long = sorted(TILE_SIZES[key])
    grids = []
    for sheet in ((long, short), (short, long)):
        step = _step(sheet)
        columns = max(1, math.ceil((poster[0] - TILE_OVERLAP) / step[0] - 1e-9))
        rows = max(1, math.ceil((poster[1] - TILE_OVERLAP) / step[1] - 1e-9))
        grids.append(TileGrid(sheet, columns, rows))
    landscape_poster = poster[0] >= poster[1]
    preferred, other = grids if landscape_poster else grids[::-1]
    return other if other.count < preferred.count else preferred


def draw_tiles(
    canv: Canvas,
    poster: tuple[float, float],
    grid: TileGrid,
    glyphs: GlyphCheck,
    used: Rect,
    form: str = "poster",
    part: str = "",
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
        canv.doForm(form)
        canv.restoreState()
        _cut_marks(canv, grid)
        label = part + (
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
