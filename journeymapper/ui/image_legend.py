"""The legend and date under a picture of the map (SVG), drawn with a QPainter.

The entries and their icons are the poster's (``render.legend``), so paper and picture explain
the same things; here they are laid out in rows across the picture's width.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF, QPainter

from journeymapper import __version__
from journeymapper.render import style
from journeymapper.render.legend import LegendItem, icon_shapes
from journeymapper.ui.scene.face_painter import paint_shape
from journeymapper.ui.scene.painting import color, font

TEXT = 12.0
ROW = 26.0
ICON = 22.0
SPACING = 18.0
INSET = 24.0  # the layout's margin, so the legend lines up with the bands


@dataclass(frozen=True)
class LegendStrip:
    """Legend entries placed in rows (x, row) under the map, and the date line."""

    placed: tuple[tuple[LegendItem, float, int], ...]
    rows: int
    footer: str

    @property
    def height(self) -> float:
        return (self.rows + 1) * ROW + INSET

    def draw(self, painter: QPainter, top: float) -> None:
        """Draw the strip with its first row at ``top`` (scene units)."""
        for item, x, row in self.placed:
            y = top + row * ROW + ROW / 2
            left = x
            if item.icon is not None:
                draw_icon(painter, item, x, y)
                left += ICON + 6
            painter.setFont(font(TEXT, bold=item.icon is None))
            painter.setPen(color(style.INK))
            painter.drawText(QPointF(left, y + TEXT * 0.35), item.label)
        painter.setFont(font(TEXT))
        painter.setPen(color(style.MUTED_INK))
        painter.drawText(QPointF(INSET, top + self.rows * ROW + ROW / 2 + TEXT * 0.35), self.footer)


def plan_legend_strip(items: list[LegendItem], width: float) -> LegendStrip:
    """Rows of entries, a heading kept with the entry after it, within ``width``."""
    placed: list[tuple[LegendItem, float, int]] = []
    x, row = INSET, 0
    for n, item in enumerate(items):
        wide = _width(item)
        keep = wide + (_width(items[n + 1]) if item.icon is None and n + 1 < len(items) else 0)
        if x > INSET and x + keep > width - INSET:
            x, row = INSET, row + 1
        placed.append((item, x, row))
        x += wide + SPACING
    footer = f"{datetime.date.today().isoformat()} · journeymapper {__version__}"
    return LegendStrip(tuple(placed), row + 1 if placed else 0, footer)


def _width(item: LegendItem) -> float:
    text = QFontMetricsF(font(TEXT, bold=item.icon is None)).horizontalAdvance(item.label)
    return text + (ICON + 6 if item.icon is not None else 0)


def draw_icon(painter: QPainter, item: LegendItem, x: float, y: float) -> None:
    """The entry's icon, ``ICON`` wide from ``x`` and centred on ``y`` (presentation mode's
    legend draws the same icons)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for shape in icon_shapes(item, x, y, ICON):
        paint_shape(painter, shape)
