"""The emotion curve: zones and neutral line, a smooth line, and one draggable point per step."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from journeymapper.model import style
from journeymapper.model.elements import EmotionScale
from journeymapper.model.layout import Layout
from journeymapper.ui.scene.painting import color, draw_lines, qrect

if TYPE_CHECKING:
    from journeymapper.ui.scene.journey_scene import JourneyScene

POINT_RADIUS = 7.0
MOMENT_RADIUS = 10.0


class CurveItem(QGraphicsItem):
    """Scale zones, the neutral line and the smooth line through the emotion points."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(0)
        self._area = QRectF()
        self._path = QPainterPath()
        self._zones: list[tuple[QRectF, str, str]] = []
        self._neutral_y = 0.0
        self._ticks: list[tuple[float, str]] = []

    def boundingRect(self) -> QRectF:
        return self._area.adjusted(-40, -POINT_RADIUS * 2, 4, POINT_RADIUS * 2)

    def set_frame(self, layout: Layout, scale: EmotionScale) -> None:
        """Place the zones, neutral line and scale ticks for the layout's emotion band."""
        self.prepareGeometryChange()
        self._area = qrect(layout.emotion_area)
        left, width = self._area.left(), self._area.width()
        self._zones = []
        if scale.okay_band is not None:
            top, bottom = (
                layout.value_to_y(scale.okay_band[1]),
                layout.value_to_y(scale.okay_band[0]),
            )
            self._zones.append((QRectF(left, top, width, bottom - top), style.OKAY_BAND, "okay"))
        if scale.excellent_from is not None:
            top, bottom = layout.value_to_y(scale.maximum), layout.value_to_y(scale.excellent_from)
            self._zones.append((QRectF(left, top, width, bottom - top), style.EXCELLENT_ZONE, "9+"))
        self._neutral_y = layout.value_to_y(scale.neutral)
        self._ticks = [
            (layout.value_to_y(v), f"{v:g}") for v in (scale.minimum, scale.neutral, scale.maximum)
        ]
        self.update()

    def set_points(self, points: list[QPointF]) -> None:
        """Redraw the line through ``points`` (already in journey order)."""
        self.prepareGeometryChange()
        self._path = smooth_path(points)
        self.update()

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(6)
        return stroker.createStroke(self._path)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        for rect, fill, label in self._zones:
            painter.fillRect(rect, color(fill))
            painter.setPen(color(style.MUTED_INK))
            # At the left, beside the scale's numbers: the right end of a long map is rarely
            # on screen, and the first point sits half a column in, clear of the label.
            draw_lines(
                painter,
                (label,),
                QPointF(rect.left() + 4, rect.top() + 1),
                style.CARD_DETAIL_SIZE,
            )
        painter.setPen(QPen(color(style.NEUTRAL_LINE), 1.2, Qt.PenStyle.DashLine))
        painter.drawLine(
            QPointF(self._area.left(), self._neutral_y),
            QPointF(self._area.right(), self._neutral_y),
        )
        painter.setPen(color(style.MUTED_INK))
        for y, label in self._ticks:
            draw_lines(
                painter, (label,), QPointF(self._area.left() - 26, y - 7), style.CARD_DETAIL_SIZE
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(color(style.CURVE), 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)


def smooth_path(points: list[QPointF]) -> QPainterPath:
    """Cubic segments with horizontal tangents: smooth, and never beyond its points, so the
    line cannot overshoot the scale the way a spline through the points can."""
    path = QPainterPath()
    if not points:
        return path
    path.moveTo(points[0])
    for before, after in itertools.pairwise(points):
        middle = (before.x() + after.x()) / 2
        path.cubicTo(QPointF(middle, before.y()), QPointF(middle, after.y()), after)
    return path


class EmotionPointItem(QGraphicsItem):
    """The emotion of one customer step; drag it up or down to change it."""

    def __init__(self, scene: JourneyScene, step_id: str) -> None:
        super().__init__()
        self.journey_scene = scene
        self.step_id = step_id
        self.value: float | None = None
        self.moment: str = ""  # "", "served" or "unserved"
        self._dragging = False
        self.setZValue(5)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.SizeVerCursor)

    def boundingRect(self) -> QRectF:
        r = MOMENT_RADIUS + 3
        return QRectF(-r, -r, 2 * r, 2 * r)

    def place(self, x: float, y: float, value: float | None) -> None:
        if self._dragging:
            return
        self.value = value
        self.setPos(x, y)
        self._retip()
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

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.moment:
            ring = style.MOMENT_UNSERVED if self.moment == "unserved" else style.MOMENT_OF_TRUTH
            painter.setPen(QPen(color(ring), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(_diamond(MOMENT_RADIUS))
        if self.value is None:
            painter.setPen(QPen(color(style.CURVE_POINT), 1.5, Qt.PenStyle.DotLine))
            painter.setBrush(color(style.PAPER))
        else:
            painter.setPen(QPen(color(style.PAPER), 1.5))
            painter.setBrush(color(style.CURVE_POINT))
        painter.drawEllipse(QPointF(0, 0), POINT_RADIUS, POINT_RADIUS)
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
        self.journey_scene.preview_curve()
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


def _diamond(radius: float) -> QPolygonF:
    return QPolygonF(
        [QPointF(0, -radius), QPointF(radius, 0), QPointF(0, radius), QPointF(-radius, 0)]
    )
