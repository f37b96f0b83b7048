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

from journeymapper.model import Document, IntegrityError, style
from journeymapper.model.elements import ProcessStep
from journeymapper.model.layout import BandKind
from journeymapper.ui.editor import Editor
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.scene.flows import FlowItem
from journeymapper.ui.scene.items import CardItem
from journeymapper.ui.scene.painting import color

DRAG_THRESHOLD = 6.0
CONNECT_HANDLE = 14.0  # the right edge of a process step where a flow is dragged out
FLOW_END_GRIP = 14.0  # how near an arrow's end a press must be to drag that end


class CanvasTool:
    """Press, drag, release; subclasses preview in ``preview`` and edit in ``commit``."""

    def __init__(
        self, scene: JourneyScene, editor: Editor, element_id: str, start: QPointF
    ) -> None:
        self.scene = scene
        self.editor = editor
        self.element_id = element_id
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
    another step, a process step to another column or lane, a phase to another position, a
    department's lane header to another lane."""

    def __init__(self, scene: JourneyScene, editor: Editor, item: CardItem, start: QPointF) -> None:
        super().__init__(scene, editor, item.element_id, start)
        self.item = item

    def preview(self, position: QPointF) -> None:
        offset = position - self.start
        if self.item.kind == "department":
            offset.setX(0)  # lanes only reorder up and down
        self.item.setPos(offset)
        self.item.setZValue(10)
        self.item.setOpacity(0.75)

    def end_preview(self) -> None:
        self.item.setPos(0, 0)
        self.item.setZValue(1)
        self.item.setOpacity(1.0)

    def commit(self, position: QPointF) -> None:
        editor = self.editor
        kind = self.item.kind
        if kind == "department":
            lane = self._lane_at(position.y())
            if lane is not None:
                lanes = [d.id for d in editor.document.map.departments]
                editor.move(self.element_id, None, lanes.index(lane))
            return
        target = self.column_step(position.x())
        if target is None:
            return
        if kind == "step":
            parent, index = self._step_slot(target)
            editor.move(self.element_id, parent, index)
        elif kind == "touchpoint" and not target.startswith("#"):
            editor.move_touchpoint(self.element_id, target)
        elif kind == "process_step":
            self._move_process_step(target, position.y())
        elif kind == "phase":
            phase_id = _phase_of_slot(editor.document, target)
            index = [p.id for p in editor.document.map.phases].index(phase_id)
            editor.move(self.element_id, None, index)

    def _step_slot(self, target: str) -> tuple[str, int]:
        if target.startswith("#empty-"):
            return target.removeprefix("#empty-"), 0
        placement = self.scene.document.placement(target)
        return _phase_id(placement.parent), placement.index

    def _lane_at(self, y: float) -> str | None:
        """The department whose lane holds y; the first or last lane above or below them."""
        lanes = [b for b in self.scene.layout.bands if b.kind is BandKind.LANE]
        if not lanes:
            return None
        for band in lanes:
            if band.rect.y <= y <= band.rect.bottom:
                return band.element_id
        return (lanes[0] if y < lanes[0].rect.y else lanes[-1]).element_id

    def _move_process_step(self, target: str, y: float) -> None:
        step = self.scene.document.get(self.element_id)
        if not isinstance(step, ProcessStep):
            return
        lanes = [b for b in self.scene.layout.bands if b.kind is BandKind.LANE]
        inside = any(band.rect.y <= y <= band.rect.bottom for band in lanes)
        department = (self._lane_at(y) if inside else None) or step.department
        start_column = self.column_step(self.start.x())
        serves = step.serves
        if target != start_column and not target.startswith("#"):
            serves = [target]
        self.editor.move_process_step(self.element_id, department, serves)


class ConnectFlowTool(CanvasTool):
    """Drag from the right edge of a process step to another one to connect them."""

    def __init__(self, scene: JourneyScene, editor: Editor, item: CardItem, start: QPointF) -> None:
        super().__init__(scene, editor, item.element_id, start)
        self.item = item
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


class ReconnectFlowTool(CanvasTool):
    """Drag one end of a flow arrow onto another process step to attach it there."""

    def __init__(
        self, scene: JourneyScene, editor: Editor, item: FlowItem, end: str, start: QPointF
    ) -> None:
        super().__init__(scene, editor, item.element_id, start)
        self.item = item
        self.end = end  # "source" or "target"
        points = item.arrow.points
        fixed = points[-1] if end == "source" else points[0]
        self._fixed = QPointF(*fixed)
        self._line: QGraphicsLineItem | None = None

    def preview(self, position: QPointF) -> None:
        if self._line is None:
            self._line = QGraphicsLineItem()
            self._line.setPen(QPen(color(style.SELECTION), 2, Qt.PenStyle.DashLine))
            self._line.setZValue(20)
            self.scene.addItem(self._line)
            self.item.setOpacity(0.3)
        self._line.setLine(QLineF(self._fixed, position))

    def end_preview(self) -> None:
        self.item.setOpacity(1.0)
        if self._line is not None:
            self.scene.removeItem(self._line)
            self._line = None

    def commit(self, position: QPointF) -> None:
        for item in self.scene.items(position):
            if isinstance(item, CardItem) and item.kind == "process_step":
                self.editor.reconnect_flow(self.element_id, self.end, item.element_id)
                return


class LinkFlowTool:
    """Join two existing process steps from the keyboard: start on the source, aim at a
    target with the arrows (a dashed line follows), finish with Enter, cancel with Escape.

    Like the mouse tools it previews on the canvas and pushes one command on finish.
    """

    def __init__(self, scene: JourneyScene, editor: Editor, source: str) -> None:
        self.scene = scene
        self.editor = editor
        self.source = source
        self.target: str | None = None
        self._line: QGraphicsLineItem | None = None

    def start(self) -> None:
        self._line = QGraphicsLineItem()
        self._line.setPen(QPen(color(style.HANDOVER), 2, Qt.PenStyle.DashLine))
        self._line.setZValue(20)
        self.scene.addItem(self._line)
        self.aim(self.source)

    def aim(self, target: str) -> None:
        """Point the preview at ``target``, a process step."""
        self.target = target
        rects = self.scene.card_rects
        if self._line is None or self.source not in rects or target not in rects:
            return
        start, end = rects[self.source], rects[target]
        end_x = end.right if target == self.source else end.x
        self._line.setLine(QLineF(start.right, start.center_y, end_x, end.center_y))

    def finish(self) -> str | None:
        """Connect source and target as one undoable edit; the new flow's id, or None when
        there is nothing to connect (the same step, or already connected)."""
        self.end_preview()
        target = self.target
        if target is None or target not in self.editor.document:
            return None
        if self.editor.document.kind(target) != "process_step":
            return None
        return self.editor.add_flow(self.source, target)

    def cancel(self) -> None:
        self.end_preview()

    def end_preview(self) -> None:
        if self._line is not None:
            self.scene.removeItem(self._line)
            self._line = None


def tool_for_press(
    scene: JourneyScene, item: QGraphicsItem | None, position: QPointF
) -> CanvasTool | None:
    """The tool a left press at ``position`` on ``item`` starts, or None for the default
    (rubber-band selection on the background, the item's own handling otherwise)."""
    editor = scene.editor
    if editor is None:
        return None
    if isinstance(item, FlowItem):
        end = _flow_end_near(item, position)
        return None if end is None else ReconnectFlowTool(scene, editor, item, end, position)
    if not isinstance(item, CardItem):
        return None
    if item.kind == "process_step" and position.x() >= item.rect.right - CONNECT_HANDLE:
        return ConnectFlowTool(scene, editor, item, position)
    return MoveCardTool(scene, editor, item, position)


def _flow_end_near(item: FlowItem, position: QPointF) -> str | None:
    """Which end of the arrow a press grabs: within FLOW_END_GRIP of it, else none (a press
    elsewhere on the arrow just selects it)."""
    points = item.arrow.points
    for end, (x, y) in (("target", points[-1]), ("source", points[0])):
        if (position - QPointF(x, y)).manhattanLength() <= FLOW_END_GRIP:
            return end
    return None


def create_at(scene: JourneyScene, editor: Editor, position: QPointF) -> str | None:
    """Double-click on an empty spot of a band: add what that band holds, in that column.

    Phases band: a phase after the one above the spot (at the end from the band's label);
    steps band: a step after the column's step (the first one of an empty phase); touchpoints
    band: a touchpoint at the column's step; a lane: a process step of that department under
    the column's step. Returns the new element's id, None where nothing is added.
    """
    layout = scene.layout
    band = next((b for b in layout.bands if b.rect.y <= position.y() <= b.rect.bottom), None)
    if band is None:
        return None
    column = layout.column_at(position.x()) if position.x() >= layout.columns_left else None
    slot = None if column is None else layout.column_ids[column]
    step = None if slot is None or slot.startswith("#") else slot
    if band.kind is BandKind.PHASES:
        return _add_phase_at(editor, slot)
    if band.kind is BandKind.STEPS:
        return _add_step_at(editor, slot)
    if band.kind is BandKind.TOUCHPOINTS and step is not None:
        return editor.add_touchpoint(step)
    if band.kind is BandKind.LANE and band.element_id is not None:
        return editor.add_process_step(band.element_id, [step] if step else [])
    return None


def _add_phase_at(editor: Editor, slot: str | None) -> str:
    phases = [p.id for p in editor.document.map.phases]
    if slot is None:
        return editor.add_phase()
    return editor.add_phase(index=phases.index(_phase_of_slot(editor.document, slot)) + 1)


def _add_step_at(editor: Editor, slot: str | None) -> str | None:
    if slot is None:
        phases = editor.document.map.phases
        return editor.add_step(phases[-1].id) if phases else None
    if slot.startswith("#empty-"):
        return editor.add_step(slot.removeprefix("#empty-"), 0)
    return editor.add_step_after(slot)


def _phase_of_slot(document: Document, slot: str) -> str:
    """The phase of a column: its step's phase, or the empty phase it stands for."""
    if slot.startswith("#empty-"):
        return slot.removeprefix("#empty-")
    return _phase_id(document.placement(slot).parent)


def _phase_id(parent: str | None) -> str:
    if parent is None:
        raise IntegrityError("not a customer step")
    return parent
