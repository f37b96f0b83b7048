"""Canvas items for bands and element cards: thin views that paint their faces.

An item keeps its element's id and nothing that saving or undo needs; geometry comes from
the layout, and what it shows from the shared face model (``journeymapper.render``), asked
at paint time, so the canvas shows what the poster prints. Only the editing affordances
(selection outline, the connect handle) are drawn here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from journeymapper.model.analysis import Finding
from journeymapper.model.kinds import Kind
from journeymapper.render import style
from journeymapper.render.card_faces import (
    MARKER_RADIUS,
    band_face,
    card_face,
    card_face_inputs,
    card_marker_at,
    marker_face,
)
from journeymapper.render.faces import Face
from journeymapper.render.layout import Band, Rect
from journeymapper.ui.scene.face_painter import (
    MIN_MARKER_PX,
    Boxes,
    detail_level,
    face_boxes,
    paint_boxes,
    paint_face,
)
from journeymapper.ui.scene.painting import color, qrect

if TYPE_CHECKING:
    from journeymapper.ui.scene.journey_scene import JourneyScene

# A card whose shorter side is under this many screen pixels is painted as plain boxes.
BOX_ONLY_PX = 12.0
# What a card's tooltip adds about handling it with the mouse.
_HINTS = {
    "process_step": "\nDrag from the dot at the right edge to another process step to connect "
    "them.",
    "department": "\nDrag up or down to reorder the lanes; double-click to rename.",
}


class BandItem(QGraphicsItem):
    """The background of one band with its label at the left."""

    def __init__(self, band: Band) -> None:
        super().__init__()
        self.band = band
        self.face = band_face(band)
        self.setZValue(-10)

    def boundingRect(self) -> QRectF:
        return qrect(self.band.rect)

    def set_band(self, band: Band) -> None:
        if band != self.band:
            self.prepareGeometryChange()
            self.band = band
            self.face = band_face(band)
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        paint_face(painter, self.face, detail_level(option, painter, widget))


class CardItem(QGraphicsItem):
    """A phase, customer step, touchpoint, process step or lane header on the canvas."""

    def __init__(self, scene: JourneyScene, element_id: str, kind: Kind, rect: Rect) -> None:
        super().__init__()
        self.journey_scene = scene
        self.element_id = element_id
        self.kind = kind
        self.rect = rect
        self._bounds = _card_bounds(rect)
        self.findings: list[Finding] = []
        # The face last worked out, with the layout it was checked against and what it was
        # worked out of (``card_face_inputs``): a relayout that leaves a card's box and inputs
        # alone keeps its face, so painting after a structural edit works out only the cards
        # it changed. Kept instead of a device-coordinate pixmap cache, which every zoom step
        # throws away.
        self._face: tuple[object, tuple[object, ...], Face | None, Boxes] | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, True)
        self.setZValue(1)
        self.refresh()

    def boundingRect(self) -> QRectF:
        return self._bounds  # Qt asks often; computed once per move

    def set_rect(self, rect: Rect) -> None:
        if rect != self.rect:
            self.prepareGeometryChange()
            self.rect = rect
            self._bounds = _card_bounds(rect)
            self._face = None

    def refresh(self) -> None:
        """Re-read the element (after a change of title, colour, owner ...). The tooltip is
        worked out when it is asked for (``tooltip_text``): most cards are never hovered."""
        self._face = None
        self.update()

    def set_findings(self, findings: list[Finding]) -> None:
        if findings != self.findings:
            self.findings = findings
            self.refresh()

    def face(self) -> Face | None:
        """What this card shows, from the shared face model."""
        return self._look()[0]

    def _look(self) -> tuple[Face | None, Boxes]:
        """The face and, for when the card is a few pixels wide, its boxes."""
        layout = self.journey_scene.layout
        kept = self._face
        if kept is not None and kept[0] is layout:  # every paint asks: the quick answer first
            return kept[2], kept[3]
        context = self.journey_scene.face_context()
        inputs = card_face_inputs(context, self.element_id, self.rect)
        if kept is not None and _same(kept[1], inputs):
            face, boxes = kept[2], kept[3]  # a new layout, but nothing this card shows changed
        else:
            face = card_face(context, self.element_id, self.rect)
            boxes = [] if face is None else face_boxes(face)
        self._face = (layout, inputs, face, boxes)
        return face, boxes

    def marker(self) -> Face | None:
        x, y = card_marker_at(self.rect, self.kind == "phase")
        return marker_face(self.element_id, x, y, self.findings)

    def tooltip_text(self) -> str:
        """The card's full text (shortened on the card), its findings and how to handle it."""
        face = self.face()
        title = face.tooltip if face is not None and face.tooltip else self.element_id
        messages = [f"{f.severity.value}: {f.message}" for f in self.findings]
        return "\n".join([title, *messages]) + _HINTS.get(self.kind, "")

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = detail_level(option, painter, widget)
        face, boxes = self._look()
        if min(self.rect.width, self.rect.height) * lod < BOX_ONLY_PX:
            # A few pixels wide: its colours as plain boxes, which is all that shows.
            paint_boxes(painter, boxes)
        else:
            if face is not None:
                paint_face(painter, face, lod)
            self._paint_affordances(painter, qrect(self.rect))
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(color(style.SELECTION), 2.5))
            painter.drawRoundedRect(
                qrect(self.rect).adjusted(-1, -1, 1, 1), style.CARD_RADIUS, style.CARD_RADIUS
            )
        if MARKER_RADIUS * lod >= MIN_MARKER_PX:
            marker = self.marker()
            if marker is not None:
                paint_face(painter, marker, lod)

    def _paint_affordances(self, painter: QPainter, rect: QRectF) -> None:
        if self.kind == "process_step" and self.journey_scene.editor is not None:
            # The handle a flow is dragged out of (see tools.ConnectFlowTool): an editing
            # affordance, so not in read-only pictures.
            painter.setPen(QPen(color(style.MUTED_INK), 1.5))
            painter.setBrush(color(style.PAPER))
            painter.drawEllipse(QPointF(rect.right() - 6, rect.center().y()), 3.5, 3.5)


def _same(before: tuple[object, ...], now: tuple[object, ...]) -> bool:
    """Whether a face's inputs are the very objects (or equal texts) they were."""
    return len(before) == len(now) and all(
        a is b or (isinstance(a, str) and a == b) for a, b in zip(before, now, strict=True)
    )


def _card_bounds(rect: Rect) -> QRectF:
    """The card plus room for its finding marker at the top right corner."""
    return QRectF(
        rect.x - 2,
        rect.y - MARKER_RADIUS - 2,
        rect.width + MARKER_RADIUS + 4,
        rect.height + MARKER_RADIUS + 4,
    )
