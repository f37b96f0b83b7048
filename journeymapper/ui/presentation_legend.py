"""The small legend presentation mode keeps in a corner of the screen (the bottom right,
unless a card is there).

It explains what a room sees and cannot ask about mid-talk: the emotion curve, the Moment
of Truth marks (served by a touchpoint or not), a flow against a handover between
departments, and the colours of the finding markers. Entries and icons are the poster's
and the picture's (``render.legend``, drawn by ``image_legend.draw_icon``); every curve of the
map has its own entry.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from journeymapper.model.analysis import Severity
from journeymapper.model.elements import JourneyMap
from journeymapper.render import style
from journeymapper.render.legend import Icon, LegendItem, legend_items
from journeymapper.ui.image_legend import ICON, TEXT, draw_icon
from journeymapper.ui.scene.painting import color, font

MARGIN_PX = 12  # between the legend and the screen's edges
# After the map's curves, one entry a row, the finding colours together on the last row.
MARKS: tuple[tuple[LegendItem, ...], ...] = (
    (LegendItem(Icon.MOMENT, "Moment of Truth"),),
    (LegendItem(Icon.MOMENT_UNSERVED, "Moment of Truth without touchpoint"),),
    (LegendItem(Icon.FLOW, "flow"),),
    (LegendItem(Icon.HANDOVER, "handover between departments"),),
    tuple(LegendItem(Icon.DISC, severity.value, severity=severity) for severity in Severity),
)


class PresentationLegend:
    """Lays out and paints the legend for a viewport of a given size; ``journey_of`` gives
    the map shown, whose curves the legend names."""

    def __init__(self, journey_of: Callable[[], JourneyMap]) -> None:
        self.journey_of = journey_of

    def rows(self) -> tuple[tuple[LegendItem, ...], ...]:
        curves = [item for item in legend_items(self.journey_of()) if item.icon is Icon.CURVE]
        return tuple((curve,) for curve in curves) + MARKS

    def entries(
        self, width: float, height: float, text_px: int, at: QPointF | None = None
    ) -> list[tuple[str, QRectF]]:
        """Each entry's label and the rectangle of its icon and label on the viewport; ``at``
        is the frame's top left, the bottom right corner when None."""
        return [(item.label, rect) for item, rect in self._placed(width, height, text_px, at)[1]]

    def box(self, width: float, height: float, text_px: int, at: QPointF | None = None) -> QRectF:
        """The legend's frame on the viewport."""
        return self._placed(width, height, text_px, at)[0]

    def _placed(
        self, width: float, height: float, text_px: int, at: QPointF | None = None
    ) -> tuple[QRectF, list[tuple[LegendItem, QRectF]]]:
        metrics = QFontMetricsF(font(text_px))
        icon = ICON * text_px / TEXT
        row_height = max(metrics.height(), icon * 0.8) + text_px * 0.35
        gap = text_px * 0.9
        rows = []
        for row in self.rows():
            widths = [icon + text_px * 0.4 + metrics.horizontalAdvance(i.label) for i in row]
            rows.append((row, widths, sum(widths) + gap * (len(row) - 1)))
        pad = text_px * 0.6
        inner_width = max(total for _, _, total in rows)
        frame = QRectF(0, 0, inner_width + 2 * pad, len(rows) * row_height + 2 * pad)
        if at is None:
            frame.moveBottomRight(QRectF(0, 0, width - MARGIN_PX, height - MARGIN_PX).bottomRight())
        else:
            frame.moveTopLeft(at)
        placed = []
        for n, (row, widths, _) in enumerate(rows):
            x = frame.left() + pad
            y = frame.top() + pad + n * row_height
            for item, item_width in zip(row, widths, strict=True):
                placed.append((item, QRectF(x, y, item_width, row_height)))
                x += item_width + gap
        return frame, placed

    def paint(
        self,
        painter: QPainter,
        width: float,
        height: float,
        text_px: int,
        at: QPointF | None = None,
    ) -> None:
        frame, placed = self._placed(width, height, text_px, at)
        if frame.left() < 0 or frame.top() < 0:
            return  # a tiny window: the map comes first
        paper = QColor(color(style.PAPER))
        paper.setAlpha(235)
        painter.setPen(QPen(color("#d5d8dc"), 1))
        painter.setBrush(paper)
        painter.drawRoundedRect(frame, 6, 6)
        scale = text_px / TEXT
        for item, rect in placed:
            painter.save()
            painter.translate(rect.left(), rect.center().y())
            painter.scale(scale, scale)
            draw_icon(painter, item, 0, 0)
            painter.restore()
            painter.setPen(color(style.INK))
            painter.setFont(font(text_px))
            label = rect.adjusted(ICON * scale + text_px * 0.4, 0, 0, 0)
            painter.drawText(
                label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, item.label
            )
