"""Canvas tools: small objects that own one mouse drag from press to release.

A tool previews on the canvas while the mouse moves and pushes one command through the
Editor when the button is released (or nothing, for a plain click or Escape). The emotion
points drag themselves (see scene/curve.py); everything else starts here.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem

from journeymapper.model import IntegrityError, style
from journeymapper.model.elements import ProcessStep
from journeymapper.model.layout import BandKind
from journeymapper.ui.editor import Editor
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.scene.items import CardItem
from journeymapper.ui.scene.painting import color

DRAG_THRESHOLD = 6.0
CONNECT_HANDLE = 14.0  # the right edge of a process step where a flow is dragged out


class CanvasTool:
    """Press, drag, release; subclasses preview in ``preview`` and edit in ``commit``."""

    def __init__(self, scene: JourneyScene, editor: Editor, item: CardItem, start: QPointF) -> None:
        self.scene = scene
        self.editor = editor
        self.item = item
        self.element_id = item.element_id
        self.start = start
        self.moved = False

    def drag_to(self, position: QPointF) -> None:
        if not self.moved and (position - self.start).manhattanLength() < DRAG_THRESHOLD:
            return
        self.moved = True
        self.preview(position)

    def finish(self, position: QPointF) -> None:
        self.end_preview()
        if self.moved:
            # A drop the model refuses changes nothing; the card snaps back.
            with contextlib.suppress(IntegrityError):
                self.commit(position)

    def cancel(self) -> None:
        self.end_preview()

    def preview(self, position: QPointF) -> None:
        raise NotImplementedError

    def end_preview(self) -> None:
        raise NotImplementedError

    def commit(self, position: QPointF) -> None:
        raise NotImplementedError

    def column_step(self, x: float) -> str | None:
        """The customer step (or "#empty-<phase>" placeholder) of the column under x."""
        column = self.scene.layout.column_at(x)
        return None if column is None else self.scene.layout.column_ids[column]


class MoveCardTool(CanvasTool):
    """Drag a card to another place: a step to another position or phase, a touchpoint to
    another step, a process step to another column or lane, a phase to another position."""

    def preview(self, position: QPointF) -> None:
        self.item.setPos(position - self.start)
        self.item.setZValue(10)
        self.item.setOpacity(0.75)

    def end_preview(self) -> None:
        self.item.setPos(0, 0)
        self.item.setZValue(1)
        self.item.setOpacity(1.0)

    def commit(self, position: QPointF) -> None:
        editor = self.editor
        target = self.column_step(position.x())
        if target is None:
            return
        kind = self.item.kind
        if kind == "step":
            parent, index = self._step_slot(target)
            editor.move(self.element_id, parent, index)
        elif kind == "touchpoint" and not target.startswith("#"):
            editor.move_touchpoint(self.element_id, target)
        elif kind == "process_step":
            self._move_process_step(target, position.y())
        elif kind == "phase":
            phase_id = self._phase_of_column(target)
            index = [p.id for p in editor.document.map.phases].index(phase_id)
            editor.move(self.element_id, None, index)

    def _step_slot(self, target: str) -> tuple[str, int]:
        if target.startswith("#empty-"):
            return target.removeprefix("#empty-"), 0
        placement = self.scene.document.placement(target)
        return _phase_id(placement.parent), placement.index

    def _phase_of_column(self, target: str) -> str:
        if target.startswith("#empty-"):
            return target.removeprefix("#empty-")
        return _phase_id(self.scene.document.placement(target).parent)

    def _move_process_step(self, target: str, y: float) -> None:
        step = self.scene.document.get(self.element_id)
        if not isinstance(step, ProcessStep):
            return
        department = step.department
        for band in self.scene.layout.bands:
            if band.kind is BandKind.LANE and band.rect.y <= y <= band.rect.bottom:
                department = band.element_id or department
        start_column = self.column_step(self.start.x())
        serves = step.serves
        if target != start_column and not target.startswith("#"):
            serves = [target]
        self.editor.move_process_step(self.element_id, department, serves)


class ConnectFlowTool(CanvasTool):
    """Drag from the right edge of a process step to another one to connect them."""

    def __init__(self, scene: JourneyScene, editor: Editor, item: CardItem, start: QPointF) -> None:
        super().__init__(scene, editor, item, start)
        self._line: QGraphicsLineItem | None = None

    def preview(self, position: QPointF) -> None:
        if self._line is None:
            self._line = QGraphicsLineItem()
            self._line.setPen(QPen(color(style.HANDOVER), 2, Qt.PenStyle.DashLine))
            self._line.setZValue(20)
            self.scene.addItem(self._line)
        self._line.setLine(QLineF(self.start, position))

    def end_preview(self) -> None:
        if self._line is not None:
            self.scene.removeItem(self._line)
            self._line = None

    def commit(self, position: QPointF) -> None:
        for item in self.scene.items(position):
            if isinstance(item, CardItem) and item.kind == "process_step" and item is not self.item:
                self.editor.add_flow(self.element_id, item.element_id)
                return


def tool_for_press(
    scene: JourneyScene, item: QGraphicsItem | None, position: QPointF
) -> CanvasTool | None:
    """The tool a left press at ``position`` on ``item`` starts, or None for the default
    (rubber-band selection on the background, the item's own handling otherwise)."""
    editor = scene.editor
    if editor is None or not isinstance(item, CardItem):
        return None
    if item.kind == "process_step" and position.x() >= item.rect.right - CONNECT_HANDLE:
        return ConnectFlowTool(scene, editor, item, position)
    return MoveCardTool(scene, editor, item, position)


def _phase_id(parent: str | None) -> str:
    if parent is None:
        raise IntegrityError("not a customer step")
    return parent
