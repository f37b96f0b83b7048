"""The workshop's cards on the canvas: pain points, ideas, quotes, metrics, initiatives, and
the key of the emotion curves.

Read-only items that paint their face (``render.note_faces``), the same faces the poster and
the report draw. They are edited where they belong (a step's pain points in the inspector),
so a click on one selects its step, or what its metric or initiative is attached to. The
layer follows the layout: items are kept and moved, not rebuilt, when the map is laid out
again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from journeymapper.model.document import Event, FieldChanged
from journeymapper.model.elements import Initiative, Metric
from journeymapper.render.faces import Face, FaceKind
from journeymapper.render.layout import Layout
from journeymapper.render.map_faces import note_layer
from journeymapper.ui.scene.face_painter import detail_level, paint_face
from journeymapper.ui.scene.painting import qrect

if TYPE_CHECKING:
    from journeymapper.model import Document
    from journeymapper.ui.scene.journey_scene import JourneyScene

# Fields of a step whose change adds, removes or rewrites its notes.
_NOTE_FIELDS = frozenset({"pain_points", "ideas", "quote"})
_KEYED_BY_STEP = frozenset({FaceKind.PAIN_POINT, FaceKind.IDEA, FaceKind.QUOTE})


def needs_relayout(document: Document, event: Event) -> bool:
    """Whether ``event`` changes the notes' bands (their content or which bands show), which
    a repaint of one card would not show."""
    if not isinstance(event, FieldChanged):
        return False
    if event.element_id is None:
        return event.field == "view"
    if event.field in _NOTE_FIELDS:
        return True
    return document.kind(event.element_id) in ("metric", "initiative")


class NoteItem(QGraphicsItem):
    """One note card (or the curves' key), painting its face."""

    def __init__(self, scene: JourneyScene, face: Face) -> None:
        super().__init__()
        self.journey_scene = scene
        self.face = face
        self.setZValue(1)
        self.setToolTip(face.tooltip)

    def set_face(self, face: Face) -> None:
        if face == self.face:
            return
        if face.box != self.face.box:
            self.prepareGeometryChange()
        self.face = face
        self.setToolTip(face.tooltip)
        self.update()

    def boundingRect(self) -> QRectF:
        return qrect(self.face.box).adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        paint_face(painter, self.face, detail_level(option, painter, widget))

    def owner_id(self) -> str | None:
        """The element a click selects: the step of a pain point, idea or quote, the element
        a metric or initiative is attached to."""
        key = self.face.key
        document = self.journey_scene.document
        if key not in document:
            return None
        if self.face.kind in _KEYED_BY_STEP:
            return key
        element = document.get(key)
        if isinstance(element, Metric | Initiative):
            return element.attached_to
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        owner = self.owner_id()
        if owner is None:
            event.ignore()
            return
        self.journey_scene.select_only(owner)
        event.accept()


class NoteLayer:
    """The note items of one scene, by face kind, key and occurrence."""

    def __init__(self, scene: JourneyScene) -> None:
        self.scene = scene
        self.items: dict[tuple[FaceKind, str, int], NoteItem] = {}

    def sync(self, layout: Layout) -> None:
        """Match the items to the notes ``layout`` places: move, repaint, add, remove."""
        wanted: dict[tuple[FaceKind, str, int], Face] = {}
        for face in note_layer(self.scene.document.map, layout):
            number = 0
            while (face.kind, face.key, number) in wanted:  # a step's second pain point
                number += 1
            wanted[(face.kind, face.key, number)] = face
        for key in [k for k in self.items if k not in wanted]:
            self.scene.removeItem(self.items.pop(key))
        for key, face in wanted.items():
            item = self.items.get(key)
            if item is None:
                item = self.items[key] = NoteItem(self.scene, face)
                self.scene.addItem(item)
            else:
                item.set_face(face)
