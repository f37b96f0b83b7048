"""Flows between the rows of a wrapped poster: where a flow leaves its row (or sheet) a label
at the row's edge names where it goes, "→ row 2: Compose the decision letter", and where it
comes into another row a label names where it comes from, "from sheet 1: Second check". A line
that just stopped at the edge of a row would leave a reader on the wall with a handover that
goes nowhere.

A card often stands right against the edge of its row, so the labels are not put on the map:
at the right edge they stand in the paper the row keeps beside its columns (``MapRow.aside``),
at the left edge in the label column, below the band's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from journeymapper.export.fonts import BOLD, REGULAR, GlyphCheck
from journeymapper.export.pdf_text import LINE_HEIGHT, fit_text, text_width
from journeymapper.export.poster_content import MapContent, TextPlacement, colour
from journeymapper.export.poster_draw import MapPainter
from journeymapper.export.poster_rows import MapRow, SheetPlan
from journeymapper.model import style
from journeymapper.model.layout import BandKind, Point, Rect

LABEL_SIZE = style.CARD_DETAIL_SIZE
PAD = 4.0  # inside a label's pill, and between the pill and the edge
# The paper a row keeps right of its columns for these labels (layout units).
ASIDE = 130.0
LABEL_LINES = 2


@dataclass(frozen=True)
class EdgeLabel:
    """One label at an edge of a row, in layout units: the flow crosses the edge at height
    ``y``; ``right`` for the row's right edge."""

    text: str
    y: float
    right: bool
    handover: bool
    # What a shortened label is called in the export's warning: it names the card it
    # points at ("a flow between rows to process step 'Pack'"), which the label shows cut.
    where: str = "a flow between rows"


def edge_labels(
    content: MapContent, row: MapRow, where: Callable[[float], str | None]
) -> list[EdgeLabel]:
    """The labels where flows cross the left or right edge of ``row``'s columns. ``where(x)``
    names the row holding layout x ("row 2", "sheet 3"), None for this row itself."""
    window = row.columns
    flows = {flow.id: flow for flow in content.journey.flows}
    labels = []
    for arrow in content.layout.arrows:
        flow = flows.get(arrow.flow_id)
        if flow is None:
            continue
        for edge, right in ((window.x, False), (window.right, True)):
            for reach, leave, rightwards in _crossings(arrow.points, edge):
                # Leaving when heading out of the row: rightwards at its right edge. The
                # label stands where the line is seen in this row.
                leaving = rightwards == right
                y = reach if leaving else leave
                if not window.y <= y <= window.bottom:
                    continue
                place = where(arrow.points[-1][0] if leaving else arrow.points[0][0])
                if place is None:
                    continue
                element = content.elements.get(flow.target if leaving else flow.source)
                title = element.title if element is not None else "?"
                # Where first, so that a shortened label still says where to look.
                mark = "→" if right else "←"
                text = f"{mark} {place}: {title}" if leaving else f"from {place}: {title}"
                named = f"a flow between rows {'to' if leaving else 'from'} process step '{title}'"
                labels.append(EdgeLabel(text, y, right, arrow.handover, named))
    return labels


def _crossings(points: tuple[Point, ...], x: float) -> list[tuple[float, float, bool]]:
    """Where the route goes from one side of the vertical line at ``x`` to the other: the y
    where it reaches the line, the y where it leaves it (the same unless it runs along the
    line a while), and whether it heads right. A route that only touches the line and turns
    back does not cross it."""
    found = []
    (px, py) = points[0]
    side = _side(px, x)
    reach = py
    for qx, qy in points[1:]:
        new = _side(qx, x)
        if new == 0:
            if _side(px, x) != 0:
                reach = qy  # onto the line (segments are level or upright)
        elif side != 0 and new != side:
            if _side(px, x) != 0:  # straight through the line
                y = py + (qy - py) * (x - px) / (qx - px)
                found.append((y, y, new > 0))
            else:  # off the line, to the other side than it came from
                found.append((reach, py, new > 0))
        if new != 0:
            side = new
        px, py = qx, qy
    return found


def _side(value: float, x: float) -> int:
    return -1 if value < x else 1 if value > x else 0


@dataclass(frozen=True)
class RowPlace:
    """Where a row's columns are drawn: the painter's origin and scale, and its trimmings."""

    origin: tuple[float, float]
    scale: float
    floors: tuple[float, float]
    trace: list[TextPlacement] | None


def draw_edge_labels(
    canv: Canvas,
    content: MapContent,
    glyphs: GlyphCheck,
    row: MapRow,
    place: RowPlace,
    labels: list[EdgeLabel],
) -> list[MapPainter]:
    """The labels of ``row``: at the right edge in the row's aside, at the left edge in its
    label column; returns the painters used (for their counts)."""
    window = row.columns
    sides = (
        (True, Rect(window.right, window.y, row.aside, window.height)),
        (False, Rect(window.x - row.labels.width, window.y, row.labels.width, window.height)),
    )
    painters = []
    for right, area in sides:
        mine = sorted((label for label in labels if label.right == right), key=lambda la: la.y)
        if not mine or area.width <= 2 * PAD:
            continue
        painter = MapPainter(
            canv,
            content,
            glyphs,
            place.origin,
            place.scale,
            place.trace,
            window=area,
            floors=place.floors,
        )
        taken = [] if right else _band_names(content, area)
        with painter.placed():
            for label in mine:
                taken.append(_draw_label(painter, label, area, window, taken))
        painters.append(painter)
    return painters


def _band_names(content: MapContent, area: Rect) -> list[Rect]:
    """What the band names take of the label column, so a label keeps below them."""
    taken = []
    for band in content.layout.bands:
        if band.kind in (BandKind.HEADER, BandKind.VISIBILITY) or not band.label:
            continue
        box = band.label_rect
        # Not shrunk: the painter keeps band names at the reading size, wrapping them.
        fitted = fit_text(band.label, BOLD, style.BAND_LABEL_SIZE, box.width, box.height, 0, 1.0)
        taken.append(Rect(area.x, box.y, area.width, fitted.height))
    return taken


def _draw_label(
    painter: MapPainter, label: EdgeLabel, area: Rect, edge: Rect, taken: list[Rect]
) -> Rect:
    """One label in a pill on its flow's height, moved down past what is ``taken``, with a
    short line from the row's edge to it; returns the pill."""
    width = area.width - 2 * PAD - (PAD if not label.right else 0)
    # As the painter will fit it: not below the detail floor on paper.
    share = max(0.85, min(1.0, painter.floors[1] / (LABEL_SIZE * painter.scale)))
    text = painter.glyphs.printable(label.text, label.where)
    fitted = fit_text(
        text,
        REGULAR,
        LABEL_SIZE,
        width - 2 * PAD,
        LABEL_SIZE * LINE_HEIGHT * LABEL_LINES + 1,
        LABEL_LINES,
        share,
    )
    lines = max(1, len(fitted.lines))
    height = fitted.size * LINE_HEIGHT * lines + 2 * PAD / 2
    widest = max((text_width(line, REGULAR, fitted.size) for line in fitted.lines), default=0.0)
    pill_width = min(width, widest + 2 * PAD + 1)
    top = label.y - height / 2
    for rect in taken:
        if rect.y - 1 < top + height and top < rect.bottom + 1:
            top = rect.bottom + 2
    x = edge.right + PAD if label.right else edge.x - PAD - pill_width
    pill = Rect(x, top, pill_width, height)
    ink = style.HANDOVER if label.handover else style.FLOW
    canv = painter.canv
    canv.setStrokeColor(colour(ink))
    canv.setLineWidth(2.4 if label.handover else 1.3)
    if label.handover:
        canv.setDash(7, 4)
    # From the row's edge to the pill (down beside it where the pill moved down).
    start = edge.right if label.right else edge.x
    reach = pill.x if label.right else pill.right
    middle = min(max(label.y, pill.y + 2), pill.bottom - 2)
    path = canv.beginPath()
    path.moveTo(start, -label.y)
    path.lineTo((start + reach) / 2, -label.y)
    path.lineTo((start + reach) / 2, -middle)
    path.lineTo(reach, -middle)
    canv.drawPath(path, stroke=1, fill=0)
    canv.setDash()
    canv.setFillColor(colour(style.PAPER))
    canv.setLineWidth(1.2)
    canv.roundRect(pill.x, -pill.bottom, pill.width, pill.height, min(height / 2, 6.0), 1, 1)
    painter.shapes += 2
    box = Rect(pill.x + PAD, pill.y + PAD / 2, pill.width - 2 * PAD + 1, height - PAD / 2)
    painter.text(
        label.text,
        label.where,
        box,
        size=LABEL_SIZE,
        max_lines=LABEL_LINES,
        min_share=share,
        detail=True,
    )
    return pill


def row_names(plan: SheetPlan) -> Callable[[MapRow, float], str | None]:
    """For a row and a layout x: how a reader finds the row holding x ("row 2", "sheet 3",
    "sheet 2, row 1"), or None when it is that row itself or no row of the plan."""
    several = len(plan.sheets) > 1
    # A row cut into tiers (customer's side above, lanes below) counts once: the lanes' parts
    # are numbered, they hold the flows.
    tiers = [
        [row for row in sheet.rows if row.columns.y == sheet.rows[-1].columns.y]
        for sheet in plan.sheets
    ]
    deep = max(len(rows) for rows in tiers) > 1
    places: list[tuple[MapRow, str]] = []
    for number, rows in enumerate(tiers, start=1):
        for index, row in enumerate(rows, start=1):
            if several and deep:
                name = f"sheet {number}, row {index}"
            elif several:
                name = f"sheet {number}"
            else:
                name = f"row {index}"
            places.append((row, name))

    def name_of(current: MapRow, x: float) -> str | None:
        for row, name in places:
            if row.columns.y == current.columns.y and row.columns.x <= x <= row.columns.right:
                return None if row == current else name
        return None

    return name_of
