"""What the poster page adds around the map: the header, the legend and the footer line.

All three are drawn with a ``MapPainter`` placed on the page in top-down coordinates, so they
share its text fitting (nothing runs out of its box) and its glyph check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from journeymapper.export.fonts import BOLD, REGULAR
from journeymapper.export.pdf_text import LINE_HEIGHT, elide, text_width
from journeymapper.export.poster_content import MapContent, colour
from journeymapper.export.poster_draw import MapPainter
from journeymapper.model import style
from journeymapper.model.layout import Rect
from journeymapper.render.header import HeaderTexts, header_texts
from journeymapper.render.legend import LegendItem, icon_shapes
from journeymapper.render.legend import legend_items as map_legend

# Legend units: text of this size, icons as big as on the map; scaled to the page's type size.
LEGEND_TEXT = 10.0
LEGEND_ROW = 30.0
LEGEND_ICON = 32.0
LEGEND_SPACING = 18.0
LEGEND_SHARE_OF_TEXT = 0.7  # legend text against the page's small type size
LEGEND_LABEL_MAX = 280.0


@dataclass(frozen=True)
class PageMetrics:
    """Margins and type sizes of one page size, in points."""

    width: float
    height: float
    margin: float
    title_size: float
    text_size: float

    @classmethod
    def of(cls, width: float, height: float) -> PageMetrics:
        short = min(width, height)
        title = min(60.0, max(14.0, short * 0.032))
        return cls(width, height, min(72.0, max(18.0, short * 0.03)), title, title * 0.45)

    @property
    def inner_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def gap(self) -> float:
        return self.text_size


# The line naming a sheet's part of the journey, against the title size: 33 pt on A0, read
# from a few metres, as a manager looks for "which sheet shows the arrival".
HEADING_SHARE = 0.55


@dataclass(frozen=True)
class SheetHeading:
    """What a sheet says of itself in large type (``part``: its phases, customer's side or
    lanes), and for a sheet hung below another, the one line that replaces the full header
    (``slim``: the map's title and where the sheet hangs); on a lanes sheet shared by several
    customer's sheets, the line above each of its strips (``strips``: whose lanes it shows)."""

    part: str = ""
    slim: str | None = None
    strips: tuple[str, ...] = ()


NO_HEADING = SheetHeading()


def draw_header(
    painter: MapPainter, metrics: PageMetrics, heading: SheetHeading = NO_HEADING
) -> float:
    """Title and scenario at the left, the persona at the right, the sheet's part of the
    journey below them; or, on a sheet hung below another, only the part and one slim line.
    Returns the y below it (top-down page coordinates)."""
    if heading.slim is not None:
        return _slim_header(painter, metrics, heading)
    texts = header_texts(painter.content.journey)
    m = metrics.margin
    left_width = metrics.inner_width * 0.6
    small = metrics.text_size
    title_box = Rect(m, m, left_width, metrics.title_size * LINE_HEIGHT * 2)
    title = painter.text(
        texts.title, "the title", title_box, font=BOLD, size=metrics.title_size, max_lines=2
    )
    below = m + title.height + small * 0.4
    if texts.story:
        box = Rect(m, below, left_width, small * LINE_HEIGHT * 5)
        below += painter.text(
            texts.story, "the scenario", box, size=small, ink=style.MUTED_INK
        ).height
    if texts.persona:
        left = m + left_width + metrics.gap * 2
        below = max(below, _persona(painter, metrics, texts, left))
    return below + small * 0.4 + _part(painter, metrics, heading.part, below + small * 0.4)


def heading_size(metrics: PageMetrics) -> float:
    """The printed size of a sheet's part heading."""
    return metrics.title_size * HEADING_SHARE


def _part(painter: MapPainter, metrics: PageMetrics, part: str, top: float) -> float:
    """The sheet's part of the journey in large type, one line across the sheet; returns the
    height it takes (none without a part)."""
    if not part:
        return 0.0
    size = heading_size(metrics)
    box = Rect(metrics.margin, top, metrics.inner_width, size * LINE_HEIGHT)
    painter.text(part, "the sheet's heading", box, font=BOLD, size=size, max_lines=1, min_share=0.7)
    return box.height


def _slim_header(painter: MapPainter, metrics: PageMetrics, heading: SheetHeading) -> float:
    """A sheet hung below another needs no second title block: its part in large type and one
    muted line with the map's title and where the sheet hangs, the rest of the height for the
    map."""
    m = metrics.margin
    below = m + _part(painter, metrics, heading.part, m) + metrics.text_size * 0.2
    size = metrics.text_size
    box = Rect(m, below, metrics.inner_width, size * LINE_HEIGHT)
    painter.text(
        heading.slim or "",
        "the sheet's heading",
        box,
        size=size,
        ink=style.MUTED_INK,
        max_lines=1,
        min_share=0.8,
        detail=True,
    )
    return below + box.height


def _persona(painter: MapPainter, metrics: PageMetrics, texts: HeaderTexts, left: float) -> float:
    small = metrics.text_size
    room = metrics.width - metrics.margin - left
    top = metrics.margin + metrics.title_size * 0.15
    box = Rect(left, top, room, small * 1.1 * LINE_HEIGHT)
    top += painter.text(
        texts.persona, "the persona", box, font=BOLD, size=small * 1.1, max_lines=1
    ).height
    if texts.about:
        box = Rect(left, top + small * 0.2, room, small * LINE_HEIGHT * 5)
        top += painter.text(texts.about, "the persona", box, size=small, ink=style.MUTED_INK).height
    return top


@dataclass(frozen=True)
class PlacedItem:
    item: LegendItem
    x: float
    row: int
    label: str


@dataclass(frozen=True)
class LegendPlan:
    """Legend entries placed in rows, in legend units; ``scale`` turns units into points."""

    items: tuple[PlacedItem, ...]
    rows: int
    scale: float
    left_out: int

    @property
    def height(self) -> float:
        return self.rows * LEGEND_ROW * self.scale


def legend_items(content: MapContent) -> list[LegendItem]:
    """What the legend explains (see ``render.legend``)."""
    return map_legend(content.journey)


def plan_legend(
    items: list[LegendItem], width: float, text_size: float, max_height: float
) -> LegendPlan:
    """Rows of legend entries in ``width`` points: at ``text_size`` if they fit ``max_height``,
    else smaller (down to 60%), else the entries that fit and a count of those left out."""
    for share in (1.0, 0.85, 0.7, 0.6):
        scale = text_size * share / LEGEND_TEXT
        placed, rows = _place(items, width / scale)
        if rows * LEGEND_ROW * scale <= max_height:
            return LegendPlan(tuple(placed), rows, scale, 0)
    max_rows = max(1, math.floor(max_height / (LEGEND_ROW * scale)))
    kept = tuple(p for p in placed if p.row < max_rows)
    return LegendPlan(kept, min(rows, max_rows), scale, len(placed) - len(kept))


def _place(items: list[LegendItem], width: float) -> tuple[list[PlacedItem], int]:
    labels = [_legend_label(item, width) for item in items]
    needed = [_legend_width(item, label) for item, label in zip(items, labels, strict=True)]
    placed: list[PlacedItem] = []
    x, row = 0.0, 0
    for n, item in enumerate(items):
        # A heading takes its first entry with it onto the next row rather than end a row.
        keep = needed[n]
        if item.icon is None and n + 1 < len(items) and items[n + 1].icon is not None:
            keep += _legend_space(item) + needed[n + 1]
        if x > 0 and x + keep > width:
            x, row = 0.0, row + 1
        placed.append(PlacedItem(item, x, row, labels[n]))
        x += needed[n] + _legend_space(item)
    return placed, row + 1 if items else 0


def _legend_label(item: LegendItem, width: float) -> str:
    """An entry's words (a heading with its colon), cut to the room one entry may take."""
    font = BOLD if item.icon is None else REGULAR
    label = item.label + (":" if item.icon is None else "")
    return elide(label, font, LEGEND_TEXT, min(LEGEND_LABEL_MAX, width - LEGEND_ICON))


def _legend_width(item: LegendItem, label: str) -> float:
    if item.icon is None:
        return text_width(label, BOLD, LEGEND_TEXT)
    return LEGEND_ICON + text_width(label, REGULAR, LEGEND_TEXT)


def _legend_space(item: LegendItem) -> float:
    """The room after an entry: a heading's is narrower, it belongs to what follows."""
    return LEGEND_TEXT * 0.8 if item.icon is None else LEGEND_SPACING


def draw_legend(painter: MapPainter, plan: LegendPlan) -> None:
    """The planned legend; ``painter`` is placed at its top left corner in legend units."""
    for entry in plan.items:
        y = entry.row * LEGEND_ROW
        middle = y + LEGEND_ROW / 2
        item = entry.item
        font = REGULAR
        if item.icon is None:
            font = BOLD
        else:
            _icon(painter, item, entry.x, middle)
        text_x = entry.x + (0.0 if item.icon is None else LEGEND_ICON)
        box = Rect(text_x, middle - LEGEND_TEXT * 0.62, LEGEND_LABEL_MAX + 1, LEGEND_TEXT * 1.25)
        painter.text(
            entry.label, "the legend", box, font=font, size=LEGEND_TEXT, max_lines=1, min_share=1.0
        )


def _icon(painter: MapPainter, item: LegendItem, x: float, y: float) -> None:
    for shape in icon_shapes(item, x, y, LEGEND_ICON - 6):
        painter.draw_shape(shape)


FOOTER_SEPARATOR = "   ·   "


def draw_footer(painter: MapPainter, metrics: PageMetrics, parts: list[str]) -> None:
    """Muted lines at the bottom of the page: where the sheet hangs, date, file name and what
    else is given; one line when they fit it, else two, broken between two of the parts."""
    size = metrics.text_size * 0.85
    lines = _footer_lines([p for p in parts if p], size, metrics.inner_width)
    box_height = size * LINE_HEIGHT
    top = metrics.height - metrics.margin - len(lines) * box_height
    painter.canv.setStrokeColor(colour(style.NEUTRAL_LINE))
    painter.canv.setLineWidth(0.5)
    rule_y = -(top - size * 0.3)
    painter.canv.line(metrics.margin, rule_y, metrics.margin + metrics.inner_width, rule_y)
    for n, line in enumerate(lines):
        painter.text(
            line,
            "the footer",
            Rect(metrics.margin, top + n * box_height, metrics.inner_width, box_height),
            size=size,
            ink=style.MUTED_INK,
            max_lines=1,
            min_share=0.8,
            detail=True,  # its own words, not the map's: cut at its end, it is no text lost
        )


def _footer_lines(parts: list[str], size: float, width: float) -> list[str]:
    """The parts joined on one line if it fits ``width`` at ``size``, else on two lines,
    broken where the longer of the two is shortest."""
    joined = FOOTER_SEPARATOR.join(parts)
    if len(parts) < 2 or text_width(joined, REGULAR, size) <= width:
        return [joined]

    def longer(k: int) -> float:
        first, second = FOOTER_SEPARATOR.join(parts[:k]), FOOTER_SEPARATOR.join(parts[k:])
        return max(text_width(first, REGULAR, size), text_width(second, REGULAR, size))

    k = min(range(1, len(parts)), key=longer)
    return [FOOTER_SEPARATOR.join(parts[:k]), FOOTER_SEPARATOR.join(parts[k:])]


def footer_height(metrics: PageMetrics) -> float:
    """The room kept for the footer: two lines and the rule above them."""
    return metrics.text_size * 0.85 * (2 * LINE_HEIGHT + 0.3)


# A strip's line against its height: the rest is room between it and the strip's top band.
STRIP_TEXT_SHARE = 0.6


def draw_strip_line(painter: MapPainter, text: str, box: Rect) -> None:
    """The line above a strip of a shared lanes sheet naming whose lanes it shows ("lanes of
    sheet 2: Phases 3-4: ..."), bold across the strip's width at the top of ``box``."""
    size = box.height * STRIP_TEXT_SHARE
    line = Rect(box.x, box.y, box.width, size * LINE_HEIGHT)
    painter.text(text, "the sheet's heading", line, font=BOLD, size=size, max_lines=1, detail=True)
