"""The emotion band on the canvas: its frame and every curve, and one draggable point per
step of the editable curve, all painted from their faces."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from journeymapper.render import style
from journeymapper.render.curve_faces import (
    EDITED_HALO_WIDTH,
    MOMENT_RADIUS,
    POINT_RADIUS,
    UNSERVED_RING,
    point_face,
)
from journeymapper.render.faces import Face
from journeymapper.render.layout import Point
from journeymapper.ui.scene.face_painter import detail_level, paint_face, smooth_path
from journeymapper.ui.scene.painting import color

if TYPE_CHECKING:
    from journeymapper.ui.scene.journey_scene import JourneyScene

HALO_ALPHA = 70  # light enough that the line itself and the curves under it still read


class CurveItem(QGraphicsItem):
    """The emotion band's frame (zones, neutral line, scale) and every curve of the map."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(0)
        self._area = QRectF()
        self._frame: Face | None = None
        self._curves: list[Face] = []
        self._editable: list[Point] = []  # the editable curve's points, for hit tests
        self._path: QPainterPath | None = None  # their line, made when first needed
        self._halo = ""  # the colour of the halo under the edited curve

    def boundingRect(self) -> QRectF:
        return self._area.adjusted(-40, -MOMENT_RADIUS * 2, 4, MOMENT_RADIUS * 2)

    def set_faces(
        self,
        area: QRectF,
        frame: Face | None,
        curves: list[Face],
        editable: list[Point],
        halo: str = style.CURVE,
    ) -> None:
        """Show ``frame`` and ``curves`` over the emotion band ``area``; ``editable`` are the
        points of the curve the user drags, for hit tests on its line, and a halo in its
        colour ``halo`` runs under it so the edited curve stands out from the others.

        Touches the item only for what changed: a new box re-indexes it in the scene (costly on
        a large map), new faces repaint it, equal ones do nothing."""
        if area != self._area:
            self.prepareGeometryChange()
            self._area = area
        if frame == self._frame and curves == self._curves and halo == self._halo:
            return
        self._frame = frame
        self._curves = curves
        self._halo = halo
        self._editable = editable
        self._path = None  # a drag sets the faces at every move; hit tests are rarer
        self.update()

    @property
    def halo(self) -> str:
        """The colour of the halo under the edited curve ("" before the first faces)."""
        return self._halo if self._editable else ""

    def _line(self) -> QPainterPath:
        """The edited curve's line, made once per new set of points."""
        if self._path is None:
            self._path = smooth_path(self._editable)
        return self._path

    def faces(self) -> list[Face]:
        """What the item shows, bottom first."""
        return ([self._frame] if self._frame is not None else []) + self._curves

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(6)
        return stroker.createStroke(self._line())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = detail_level(option, painter, widget)
        if self._frame is not None:
            paint_face(painter, self._frame, lod)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._editable:
            glow = QColor(color(self._halo))  # a copy: the shared colour stays opaque
            glow.setAlpha(HALO_ALPHA)
            pen = QPen(glow, EDITED_HALO_WIDTH)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._line())
        for face in self._curves:
            paint_face(painter, face, lod)


class EmotionPointItem(QGraphicsItem):
    """The emotion of one customer step; drag it up or down to change it."""

    def __init__(self, scene: JourneyScene, step_id: str) -> None:
        super().__init__()
        self.journey_scene = scene
        self.step_id = step_id
        self.value: float | None = None
        self.moment: str = ""  # "", "served" or "unserved"
        self.ink = style.CURVE_POINT  # the colour of the curve it is a point of
        self._dragging = False
        self.setZValue(5)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.SizeVerCursor)
        self._retip()

    @property
    def dragging(self) -> bool:
        """Whether the user is dragging the point (it keeps to the mouse meanwhile)."""
        return self._dragging

    def boundingRect(self) -> QRectF:
        r = UNSERVED_RING + 3
        return QRectF(-r, -r, 2 * r, 2 * r)

    def place(self, x: float, y: float, value: float | None) -> None:
        """Stand at (x, y) showing ``value``; a point already there is left alone, so a
        relayout touches only the points that moved or changed."""
        if self._dragging:
            return
        if value != self.value:
            self.value = value
            self._retip()
            self.update()
        if x != self.x() or y != self.y():
            self.setPos(x, y)

    def set_ink(self, ink: str) -> None:
        if ink != self.ink:
            self.ink = ink
            self.update()

    def set_moment(self, moment: str) -> None:
        if moment != self.moment:
            self.moment = moment
            self._retip()
            self.update()

    def _retip(self) -> None:
        value = "no emotion set (drag to set)" if self.value is None else f"emotion {self.value:g}"
        moment = {
            "served": "\nMoment of Truth",
            "unserved": "\nMoment of Truth without a touchpoint",
        }.get(self.moment, "")
        self.setToolTip(value + moment)

    def face(self) -> Face:
        """The point's face in the item's own coordinates (its centre at 0, 0)."""
        return point_face(self.step_id, 0.0, 0.0, self.value is not None, self.moment, self.ink)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        paint_face(painter, self.face())
        if self.isSelected():
            painter.setPen(QPen(color(style.SELECTION), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), POINT_RADIUS + 3, POINT_RADIUS + 3)

    # Dragging previews on the item; one command is pushed on release.

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.journey_scene.editor is not None:
            self._dragging = True
            self.journey_scene.select_only(self.step_id)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not self._dragging:
            return
        area = self.journey_scene.layout.emotion_area
        y = min(area.bottom, max(area.y, event.scenePos().y()))
        self.setPos(self.x(), y)
        self.journey_scene.preview_curve(self.step_id, y)
        value = self.journey_scene.layout.y_to_value(y)
        self.setToolTip(f"emotion {round(value):g}")

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not self._dragging:
            super().mouseReleaseEvent(event)
            return
        self._dragging = False
        value = self.journey_scene.layout.y_to_value(self.y())
        editor = self.journey_scene.editor
        if editor is None or not editor.set_emotion(self.step_id, value):
            self.journey_scene.refresh_curve()  # snap back: nothing changed
            self._retip()  # the drag's tooltip showed the value it did not set
