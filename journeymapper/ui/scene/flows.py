"""Flows between process steps, painted from their faces (handovers stand out there)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from journeymapper.model.analysis import Finding
from journeymapper.render.card_faces import MARKER_RADIUS, arrow_face, marker_face
from journeymapper.render.faces import Face
from journeymapper.render.layout import ARROW_HEAD, Arrow
from journeymapper.ui.scene.face_painter import MIN_MARKER_PX, detail_level, paint_face, pen_for
from journeymapper.ui.scene.painting import qrect


class FlowItem(QGraphicsItem):
    def __init__(self, arrow: Arrow) -> None:
        super().__init__()
        self.element_id = arrow.flow_id
        self.arrow = arrow
        self.findings: list[Finding] = []
        self._path = QPainterPath()
        self._bounds = QRectF()
        self._faces: dict[bool, Face] = {}  # by whether the arrow is selected
        self.setZValue(2)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.set_arrow(arrow)

    def set_arrow(self, arrow: Arrow) -> None:
        """Show ``arrow``; only a new box re-indexes the item in the scene, which on a large
        map is what an edit's time goes into."""
        path = QPainterPath(QPointF(*arrow.points[0]))
        for point in arrow.points[1:]:
            path.lineTo(QPointF(*point))
        bounds = path.boundingRect().adjusted(-12, -12, 12, 12)
        if arrow.label_box is not None:
            bounds = bounds.united(qrect(arrow.label_box))
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.arrow = arrow
        self._path = path
        self._faces.clear()
        self.update()

    def set_findings(self, findings: list[Finding]) -> None:
        if findings != self.findings:
            self.findings = findings
            self.setToolTip("\n".join(f"{f.severity.value}: {f.message}" for f in findings))
            self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def _face(self) -> Face:
        """The arrow's face, worked out once per route and selection state."""
        selected = self.isSelected()
        face = self._faces.get(selected)
        if face is None:
            face = self._faces[selected] = arrow_face(self.arrow, highlighted=selected)
        return face

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
        lod = detail_level(option, painter, widget)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        face = self._face()
        if ARROW_HEAD * lod < MIN_MARKER_PX:
            # Zoomed far out the head is a dot on the line's end and the label a smudge:
            # the line alone, along the path already made for hit tests.
            painter.setPen(pen_for(face.shapes[0]))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._path)
            return
        paint_face(painter, face, lod)
        if MARKER_RADIUS * lod < MIN_MARKER_PX:
            return
        x, y = self.arrow.marker_at
        marker = marker_face(self.element_id, x, y, self.findings)
        if marker is not None:
            paint_face(painter, marker, lod)
