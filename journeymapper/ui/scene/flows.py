"""Flows between process steps, painted from their faces (handovers stand out there)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from journeymapper.model.analysis import Finding
from journeymapper.render.card_faces import arrow_face, marker_face
from journeymapper.render.layout import Arrow
from journeymapper.ui.scene.face_painter import paint_face
from journeymapper.ui.scene.painting import qrect


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
        paint_face(painter, arrow_face(self.arrow, highlighted=self.isSelected()))
        x, y = self.arrow.marker_at
        marker = marker_face(self.element_id, x, y, self.findings)
        if marker is not None:
            paint_face(painter, marker)
