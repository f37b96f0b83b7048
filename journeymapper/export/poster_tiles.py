"""A poster spread over office-printer sheets at 1:1: the grid of A4 or A3 sheets that covers
it, with an overlap to glue and cut marks, leaving out sheets that would carry only the footer.

Only the poster's printed area is tiled (its own white border is the sheets' margins), so an
A0 poster takes 9 A3 sheets and an A1 poster 9 A4 sheets. Every sheet is named by its row
(a letter, top to bottom) and column (a number, left to right), "B3", and carries a small
map of the grid with its own place filled in, so the sheets can be laid out without guessing.

The poster page is drawn once, as a PDF form, and each sheet shows its window of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from journeymapper.export.common import ExportError
from journeymapper.export.fonts import BOLD, REGULAR, GlyphCheck
from journeymapper.export.pdf_text import elide, text_width
from journeymapper.export.poster_content import colour
from journeymapper.export.poster_page import PageMetrics
from journeymapper.model import style
from journeymapper.model.layout import Rect

TILE_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "A3": A3}
TILE_EDGE = 6 * mm  # what an office printer leaves blank at the sheet's edges
TILE_LABEL = 12 * mm  # the strip at the foot of each sheet: its name and the assembly map
TILE_OVERLAP = 8 * mm  # covered by the neighbouring sheet, right and below
LABEL_SIZE = 7.0
MAP_HEIGHT = 6.5 * mm  # the assembly map in the label strip


@dataclass(frozen=True)
class TileGrid:
    """How a poster is spread over sheets: the sheet size, columns and rows, and where the
    window of the first sheet starts on the poster (top-down poster points); each sheet shows
    a window of the poster the size of its printable area."""

    sheet: tuple[float, float]
    columns: int
    rows: int
    origin: tuple[float, float] = (0.0, 0.0)

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

    def window_at(self, row: int, column: int) -> Rect:
        """The part of the poster (top-down points) the sheet at ``row``, ``column`` shows."""
        step_x, step_y = self.step
        width, height = self.window
        x, y = self.origin
        return Rect(x + column * step_x, y + row * step_y, width, height)


def sheet_name(row: int, column: int) -> str:
    """ "Tile B-3" for the second row from the top, third column from the left (from 0): a
    letter and a number side by side ("A1", "A3") read as a paper size on a poster printed
    on A3 sheets, so the tile is named as one with a hyphen between them."""
    return f"Tile {row_letter(row)}-{column + 1}"


def row_letter(row: int) -> str:
    """A, B, ... Z, AA, AB, ... for rows 0, 1, ..."""
    letters = ""
    row += 1
    while row:
        row, rest = divmod(row - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _window(sheet: tuple[float, float]) -> tuple[float, float]:
    return sheet[0] - 2 * TILE_EDGE, sheet[1] - TILE_EDGE - TILE_LABEL


def _step(sheet: tuple[float, float]) -> tuple[float, float]:
    window = _window(sheet)
    return window[0] - TILE_OVERLAP, window[1] - TILE_OVERLAP


def printed_area(poster: tuple[float, float]) -> Rect:
    """What of a poster page is tiled (top-down points): inside the page's own margin, which
    holds nothing; the sheets' margins frame the assembled poster instead."""
    margin = PageMetrics.of(*poster).margin
    return Rect(margin, margin, poster[0] - 2 * margin, poster[1] - 2 * margin)


def tile_grid(poster: tuple[float, float], tile: str) -> TileGrid:
    """The grid of ``tile`` sheets (portrait or landscape, whichever needs fewer) that covers
    the printed area of a poster of ``poster`` points at 1:1, with TILE_OVERLAP between
    neighbours, from its top left corner (so that a bottom row holding only the footer can be
    left out)."""
    key = tile.strip().upper()
    if key not in TILE_SIZES:
        raise ExportError(f"posters are tiled on {' or '.join(TILE_SIZES)} sheets, not {tile!r}")
    area = printed_area(poster)
    short, long = sorted(TILE_SIZES[key])
    grids = []
    for sheet in ((long, short), (short, long)):
        step = _step(sheet)
        columns = max(1, math.ceil((area.width - TILE_OVERLAP) / step[0] - 1e-9))
        rows = max(1, math.ceil((area.height - TILE_OVERLAP) / step[1] - 1e-9))
        grids.append(TileGrid(sheet, columns, rows, (area.x, area.y)))
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
    """One sheet per window of the poster, row by row from the top left, with cut marks, its
    name and the assembly map; a sheet that would carry nothing but the footer line is left
    out (and named on the others)."""
    sheet_h = grid.sheet[1]
    window_w, window_h = grid.window
    sheets = kept_sheets(grid, used)
    left_out = _left_out(grid, sheets)
    for number, (row, column) in enumerate(sheets, start=1):
        canv.setPageSize(grid.sheet)
        canv.saveState()
        clip = canv.beginPath()
        clip.rect(TILE_EDGE, TILE_LABEL, window_w, window_h)
        canv.clipPath(clip, stroke=0, fill=0)
        window = grid.window_at(row, column)
        canv.translate(TILE_EDGE - window.x, sheet_h - TILE_EDGE - poster[1] + window.y)
        canv.doForm(form)
        canv.restoreState()
        _cut_marks(canv, grid)
        lines = _label(grid, row, column, number, len(sheets), left_out)
        map_left = _assembly_map(canv, grid, sheets, (row, column))
        _draw_label(canv, glyphs, part, lines, map_left - 3 * mm - TILE_EDGE - 2 * mm)
        canv.showPage()


def _left_out(grid: TileGrid, printed: list[tuple[int, int]]) -> list[str]:
    """The sheets not printed, a whole row as "row C", others by name."""
    names = []
    for row in range(grid.rows):
        missing = [c for c in range(grid.columns) if (row, c) not in printed]
        if len(missing) == grid.columns:
            names.append(f"row {row_letter(row)}")
        else:
            names += [sheet_name(row, column).lower() for column in missing]
    return names


def _label(
    grid: TileGrid, row: int, column: int, number: int, printed: int, left_out: list[str]
) -> tuple[str, str, str]:
    """The sheet's lines: which sheet it is, said both ways round; how to join the sheets;
    which were not printed."""
    first = (
        f"{sheet_name(row, column)} · row {row_letter(row)} of {grid.rows} (top to "
        f"bottom) · column {column + 1} of {grid.columns} (left to right) · "
        f"{number} of {printed} printed"
    )
    second = (
        "To join: trim the left and top margins at the marks (not on row A or column 1), "
        f"lay on the neighbour's {TILE_OVERLAP / mm:.0f} mm strip up to the ticks."
    )
    third = f" Not printed, only the footer: {', '.join(left_out)}." if left_out else ""
    return first, second, third


def _draw_label(
    canv: Canvas, glyphs: GlyphCheck, part: str, lines: tuple[str, str, str], room: float
) -> None:
    """The label lines in the strip at the sheet's foot, ``room`` points wide; the list of
    sheets left out is counted instead where it does not fit."""
    first, second, third = lines
    small = LABEL_SIZE * 0.85
    if third and text_width(second + third, REGULAR, small) > room:
        third = f" {third.count(',') + 1} sheet(s) not printed, only the footer."
    left = TILE_EDGE + 2 * mm  # clear of the corner mark
    baseline = TILE_LABEL - 1.5 * mm - LABEL_SIZE
    canv.setFillColor(colour(style.INK))
    canv.setFont(BOLD, LABEL_SIZE)
    canv.drawString(left, baseline, elide(glyphs.printable(part + first), BOLD, LABEL_SIZE, room))
    canv.setFillColor(colour(style.MUTED_INK))
    canv.setFont(REGULAR, small)
    canv.drawString(left, baseline - LABEL_SIZE * 1.15, elide(second + third, REGULAR, small, room))


def _assembly_map(
    canv: Canvas, grid: TileGrid, printed: list[tuple[int, int]], here: tuple[int, int]
) -> float:
    """The grid of sheets in miniature at the right of the label strip (clear of the overlap
    ticks): printed sheets outlined, this one filled, sheets left out not drawn. Returns its
    left edge."""
    step_x, step_y = grid.step
    cell_h = MAP_HEIGHT / grid.rows
    cell_w = cell_h * step_x / step_y
    right = grid.sheet[0] - TILE_EDGE - TILE_OVERLAP - 2 * mm
    left = right - cell_w * grid.columns
    top = TILE_LABEL - 1.5 * mm
    canv.setLineWidth(0.3)
    canv.setStrokeColor(colour(style.INK))
    for row, column in printed:
        canv.setFillColor(colour(style.INK if (row, column) == here else style.PAPER))
        canv.rect(left + column * cell_w, top - (row + 1) * cell_h, cell_w, cell_h, 1, 1)
    return left


def kept_sheets(grid: TileGrid, used: Rect) -> list[tuple[int, int]]:
    """(row, column) of every sheet whose window shows part of ``used`` (the header, map and
    legend, in top-down poster points): the others would carry only the footer line."""
    kept = []
    for row in range(grid.rows):
        for column in range(grid.columns):
            if grid.window_at(row, column).overlaps(used):
                kept.append((row, column))
    return kept or [(0, 0)]


def _cut_marks(canv: Canvas, grid: TileGrid) -> None:
    """Corner marks just outside the window, and ticks where the next sheet's overlap ends."""
    window_w, window_h = grid.window
    left, bottom = TILE_EDGE, TILE_LABEL
    right, top = left + window_w, bottom + window_h
    # Short enough below the window to stay clear of the label lines.
    gap, length = 1.0 * mm, TILE_EDGE - 2.5 * mm
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
        canv.line(overlap_x, y + direction * gap, overlap_x, y + direction * (gap + length))
    for x, direction in ((left, -1), (right, 1)):
        canv.line(x + direction * gap, overlap_y, x + direction * (gap + length), overlap_y)
