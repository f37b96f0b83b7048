"""Flows between process steps; handovers across departments are drawn to stand out."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from journeymapper.model import style
from journeymapper.model.analysis import Finding
from journeymapper.model.layout import Arrow, arrow_head, arrow_midpoint
from journeymapper.ui.scene.items import paint_marker
from journeymapper.ui.scene.painting import color


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
        if self.findings:
            worst = max((f.severity for f in self.findings), key=lambda s: s.rank)
            middle = QPointF(*arrow_midpoint(self.arrow.points))
            paint_marker(painter, middle, worst, len(self.findings))
