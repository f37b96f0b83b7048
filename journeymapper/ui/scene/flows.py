"""Flows between process steps; handovers across departments are drawn to stand out."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from journeymapper.model import style
from journeymapper.model.analysis import Finding
from journeymapper.model.layout import Arrow, Rect, arrow_head
from journeymapper.ui.scene.items import paint_marker
from journeymapper.ui.scene.painting import color, fitted_lines, font, qrect

LABEL_PADDING = 4.0  # inside a flow label's pill, either side of the text


class FlowItem(QGraphicsItem):
    def __init__(self, arrow: Arrow) -> None:
        super().__init__()
        self.element_id = arrow.flow_id
        self.arrow = arrow
        self.findings: list[Finding] = []
        self._path = QPainterPath()
        self._bounds = QRectF()
        self.setZValue(2)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.set_arrow(arrow)

    def set_arrow(self, arrow: Arrow) -> None:
        self.prepareGeometryChange()
        self.arrow = arrow
        path = QPainterPath(QPointF(*arrow.points[0]))
        for point in arrow.points[1:]:
            path.lineTo(QPointF(*point))
        self._path = path
        self._bounds = path.boundingRect().adjusted(-12, -12, 12, 12)
        if arrow.label_box is not None:
            self._bounds = self._bounds.united(qrect(arrow.label_box))

    def set_findings(self, findings: list[Finding]) -> None:
        if findings != self.findings:
            self.findings = findings
            self.setToolTip("\n".join(f"{f.severity.value}: {f.message}" for f in findings))
            self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        # Flat ends: a square cap would reach over the connect handle of the source card,
        # and a press there must start a new flow, not grab this one.
        stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
        return stroker.createStroke(self._path)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        handover = self.arrow.handover
        ink = color(
            style.SELECTION if self.isSelected() else style.HANDOVER if handover else style.FLOW
        )
        pen = QPen(ink, 2.4 if handover else 1.3)
        if handover:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawPolygon(QPolygonF([QPointF(*p) for p in arrow_head(self.arrow.points)]))
        if self.arrow.label_box is not None:
            self._paint_label(painter, ink, self.arrow.label_box)
        if self.findings:
            worst = max((f.severity for f in self.findings), key=lambda s: s.rank)
            paint_marker(painter, QPointF(*self.arrow.marker_at), worst, len(self.findings))

    def _paint_label(self, painter: QPainter, ink: QColor, box: Rect) -> None:
        """The label in a pill on the line, as wide as its text (elided to the room)."""
        size = style.CARD_DETAIL_SIZE
        room = box.width - 2 * LABEL_PADDING
        line = fitted_lines(self.arrow.label, size, False, room, 1)
        width = QFontMetricsF(font(size)).horizontalAdvance(line[0]) + 2 * LABEL_PADDING
        width = min(width, box.width)
        pill = QRectF(box.center_x - width / 2, box.y, width, box.height)
        painter.setPen(QPen(ink, 1))
        painter.setBrush(color(style.PAPER))
        painter.drawRoundedRect(pill, box.height / 2, box.height / 2)
        painter.setPen(color(style.INK))
        painter.setFont(font(size))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, line[0])
