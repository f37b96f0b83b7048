"""Slots: the empty places of the canvas that the keyboard can stand on.

A band or lane with nothing in it has no card for the arrows or Tab to land on, so a
facilitator could not get there without knowing a menu shortcut. A slot stands in for the
missing card: the steps band of an empty phase, the touchpoint band while the map has no
touchpoint, and the lane of a department without process steps each offer one in the column
the keyboard comes from. Enter on a slot adds the first element there.

A slot is not an element and is never stored: it is worked out from the layout each time.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem

from journeymapper.model import IntegrityError, style
from journeymapper.model.layout import (
    BAND_PADDING,
    CARD_HEIGHT,
    COLUMN_WIDTH,
    STEP_INSET,
    BandKind,
    Layout,
    Rect,
)
from journeymapper.ui.editor import Editor
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.scene.painting import color, font

EMPTY_PREFIX = "#empty-"
# The band each kind of slot belongs to, named like the cards Tab walks through.
SLOT_BAND = {
    BandKind.STEPS: "step",
    BandKind.TOUCHPOINTS: "touchpoint",
    BandKind.LANE: "process_step",
}
_WHAT = {BandKind.STEPS: "step", BandKind.TOUCHPOINTS: "touchpoint", BandKind.LANE: "process step"}


@dataclass(frozen=True)
class Slot:
    """An empty place: a band (a lane with its department) in one column.

    ``column`` is the layout's column id: a customer step, or "#empty-<phase>" for a phase
    without steps.
    """

    band: BandKind
    column: str
    department: str | None = None

    @property
    def kind(self) -> str:
        """The kind of card this slot stands in for ("step", "touchpoint", "process_step")."""
        return SLOT_BAND[self.band]

    @property
    def step(self) -> str | None:
        """The customer step of the column, None in an empty phase."""
        return None if self.column.startswith(EMPTY_PREFIX) else self.column


def slots_at(layout: Layout, has_touchpoints: bool, x: float) -> dict[Slot, Rect]:
    """The slots of the column under scene x, with their rectangles."""
    column = layout.column_at(x)
    if column is None:
        return {}
    return _column_slots(layout, has_touchpoints, column, _lanes_with_cards(layout))


def all_slots(layout: Layout, has_touchpoints: bool) -> dict[Slot, Rect]:
    """The slots of every column: where the arrows can go along an empty band."""
    full = _lanes_with_cards(layout)
    found: dict[Slot, Rect] = {}
    for column in range(len(layout.column_ids)):
        found.update(_column_slots(layout, has_touchpoints, column, full))
    return found


def _column_slots(
    layout: Layout, has_touchpoints: bool, column: int, lanes_with_cards: set[str]
) -> dict[Slot, Rect]:
    column_id = layout.column_ids[column]
    left = layout.column_left(column)
    empty_phase = column_id.startswith(EMPTY_PREFIX)
    found: dict[Slot, Rect] = {}
    for band in layout.bands:
        rect = band.rect
        if band.kind is BandKind.STEPS and empty_phase:
            height = rect.height - 2 * STEP_INSET
            found[Slot(BandKind.STEPS, column_id)] = Rect(
                left, rect.y + STEP_INSET, COLUMN_WIDTH, height
            )
        elif band.kind is BandKind.TOUCHPOINTS and not has_touchpoints and not empty_phase:
            found[Slot(BandKind.TOUCHPOINTS, column_id)] = _card_slot(left, rect)
        elif band.kind is BandKind.LANE and band.element_id not in lanes_with_cards:
            found[Slot(BandKind.LANE, column_id, band.element_id)] = _card_slot(left, rect)
    return found


def slot_rect(layout: Layout, has_touchpoints: bool, slot: Slot) -> Rect | None:
    """Where ``slot`` is now, or None when it is no longer empty or its column is gone."""
    if slot.column not in layout.column_ids:
        return None
    column = layout.column_ids.index(slot.column)
    x = layout.column_left(column) + COLUMN_WIDTH / 2
    return slots_at(layout, has_touchpoints, x).get(slot)


def _card_slot(left: float, band: Rect) -> Rect:
    return Rect(left, band.y + BAND_PADDING, COLUMN_WIDTH, CARD_HEIGHT)


def _lanes_with_cards(layout: Layout) -> set[str]:
    """Departments whose lane holds at least one card."""
    lanes = [b for b in layout.bands if b.kind is BandKind.LANE]
    full: set[str] = set()
    for box in layout.boxes.values():
        for lane in lanes:
            inside = lane.rect.y <= box.rect.y and box.rect.bottom <= lane.rect.bottom
            if lane.element_id and inside:
                full.add(lane.element_id)
    return full


def fill(editor: Editor, slot: Slot) -> str:
    """Add the first element of the slot's band in its column; returns its id."""
    if slot.band is BandKind.STEPS:
        return editor.add_step(slot.column.removeprefix(EMPTY_PREFIX), 0)
    if slot.band is BandKind.TOUCHPOINTS:
        if slot.step is None:
            raise IntegrityError("add a customer step to this phase first")
        return editor.add_touchpoint(slot.step)
    if slot.department is None:
        raise IntegrityError("this lane has no department")
    return editor.add_process_step(slot.department, [slot.step] if slot.step else [])


class SlotItem(QGraphicsRectItem):
    """The dashed outline that shows where the keyboard stands in an empty band."""

    def __init__(self, slot: Slot, rect: Rect) -> None:
        super().__init__(QRectF(rect.x, rect.y, rect.width, rect.height))
        self.slot = slot
        pen = QPen(color(style.SELECTION), 2, Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.setZValue(5)
        hint = QGraphicsSimpleTextItem(f"Enter: add a {_WHAT[slot.band]} here", self)
        hint.setFont(font(style.CARD_DETAIL_SIZE))
        hint.setBrush(color(style.MUTED_INK))
        hint.setPos(rect.x + 8, rect.y + 8)


def show_slot(scene: JourneyScene, slot: Slot, rect: Rect) -> SlotItem:
    """Put the outline of ``slot`` on the canvas; the caller removes it again."""
    item = SlotItem(slot, rect)
    scene.addItem(item)
    return item
