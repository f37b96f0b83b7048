"""Keyboard-first editing on the canvas, for facilitators typing along with a room.

Enter adds the next item after the selected one and starts typing its title; F2 renames;
arrows move the selection within a band, Tab to the next band; F walks from a process step
through its flows; Delete deletes; digits, minus and plus set the emotion of the selected step.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from journeymapper.model import IntegrityError
from journeymapper.model.elements import Flow, ProcessStep, Touchpoint
from journeymapper.model.layout import Rect
from journeymapper.ui.editor import Editor
from journeymapper.ui.reorder import move_by
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.view import JourneyView

# The bands Tab walks through, top to bottom.
BAND_ORDER = ("phase", "step", "touchpoint", "process_step")
MINUS_WINDOW_S = 1.5  # how long a typed "-" waits for its digit


@dataclass(frozen=True)
class Shortcut:
    keys: str
    what: str


# The cheat sheet shown under Help; the menus show their own shortcuts too.
CANVAS_SHORTCUTS = (
    Shortcut("Enter", "add the next item after the selected one and type its title"),
    Shortcut("Enter on a process step", "add the next process step, connected by a flow"),
    Shortcut("Double-click an empty spot", "add a phase, step, touchpoint or process step there"),
    Shortcut("F2 or double-click", "rename the selected item"),
    Shortcut("Left / Right", "previous / next item in the band"),
    Shortcut("Up / Down", "item above / below"),
    Shortcut("Tab / Shift+Tab", "next / previous band in the same column"),
    Shortcut("Alt+Left / Alt+Right", "move the selected item one place earlier / later"),
    Shortcut("Alt+Up / Alt+Down", "move a department or process step one lane up / down"),
    Shortcut("Drag a card", "move it to another place, step, phase or lane"),
    Shortcut("F / Shift+F", "on a process step: select its next / previous flow (out, then in)"),
    Shortcut("Left / Right on a flow", "select the process step it comes from / goes to"),
    Shortcut("Escape, Up or Down on a flow", "back to the process step the flows were walked from"),
    Shortcut("Drag an arrow's end", "attach the flow to another process step"),
    Shortcut("From / To in the inspector", "attach the selected flow to another process step"),
    Shortcut("0-9, - then digit", "set the emotion of the selected step"),
    Shortcut("+ / -", "raise / lower the emotion of the selected step by one"),
    Shortcut("Delete", "delete the selection (undoable)"),
    Shortcut("Escape", "cancel a drag or typing; leave presentation mode"),
)


class KeyboardController:
    """Turns key presses on the canvas into Editor calls."""

    def __init__(self, editor: Editor, scene: JourneyScene, view: JourneyView) -> None:
        self.editor = editor
        self.scene = scene
        self.view = view
        self._minus_at = 0.0
        self._nudge_index = -1
        self._tab_target: str | None = None  # what the last Tab selected ...
        self._tab_x = 0.0  # ... and the x of the column that Tab walk keeps to
        self._flow_anchor: str | None = None  # the process step whose flows F walks
        view.key_handler = self.handle

    def handle(self, event: QKeyEvent) -> bool:
        """True when the key was used."""
        selected = self.scene.selected_ids()
        current = selected[0] if selected else None
        key = Qt.Key(event.key())
        modifiers = event.modifiers()
        if modifiers & Qt.KeyboardModifier.AltModifier and key in _ARROWS and current:
            return self.reorder(current, _ARROWS[key])
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        try:
            if key == Qt.Key.Key_F and current:
                return self.walk_flows(current, -1 if shift else 1)
            if current and self.editor.document.kind(current) == "flow" and key in _LEAVE_FLOW:
                return self.leave_flow(current, key, shift)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self.add_next(current)
            if key == Qt.Key.Key_F2 and current:
                self.view.start_inline_edit(current)
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and selected:
                return self.delete(selected)
            if key in _ARROWS and current:
                return self.navigate(current, _ARROWS[key])
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and current:
                backwards = key == Qt.Key.Key_Backtab or shift
                return self.next_band(current, -1 if backwards else 1)
            if current and self.editor.document.kind(current) == "step":
                return self.emotion_key(current, event.text())
        except IntegrityError:
            return True  # refused edits change nothing; the status bar is for messages
        return False

    # -- adding -------------------------------------------------------------------------------

    def add_next(self, current: str | None) -> bool:
        document = self.editor.document
        if current is None:
            if not document.map.phases:
                new = self.editor.add_phase("First phase")
            else:
                new = self.editor.add_step(document.map.phases[-1].id)
        else:
            new = self._add_after(current)
        self.scene.select_only(new)
        self.view.start_inline_edit(new)
        return True

    def _add_after(self, current: str) -> str:
        document = self.editor.document
        kind = document.kind(current)
        element = document.get(current)
        if kind == "step":
            return self.editor.add_step_after(current)
        if kind == "phase":
            return self.editor.add_phase("New phase", document.placement(current).index + 1)
        if kind == "touchpoint" and isinstance(element, Touchpoint) and element.steps:
            return self.editor.add_touchpoint(
                element.steps[0], owner=element.owner, channel=element.channel
            )
        if kind == "process_step" and isinstance(element, ProcessStep):
            return self.editor.add_process_step_after(current)
        if kind == "department":
            return self.editor.add_department(index=document.placement(current).index + 1)
        raise IntegrityError("nothing to add after this item")

    # -- moving the selected element ----------------------------------------------------------

    def reorder(self, current: str, direction: tuple[int, int]) -> bool:
        """Alt + arrow: move the selected element one place; it stays selected."""
        try:
            move_by(self.editor, current, *direction)
        except IntegrityError:
            return True  # refused: nothing changed
        self.select(current)
        return True

    # -- moving the selection -----------------------------------------------------------------

    def navigate(self, current: str, direction: tuple[int, int]) -> bool:
        """Select the nearest card in the direction, preferring the same band."""
        rects = self._card_rects(current)
        if current not in rects:
            return False
        here = rects[current]
        dx, dy = direction
        best: tuple[float, str] | None = None
        for other, rect in rects.items():
            if other == current:
                continue
            ox, oy = rect.center_x - here.center_x, rect.center_y - here.center_y
            if (dx and ox * dx <= 0) or (dy and oy * dy <= 0):
                continue
            along, across = (abs(ox), abs(oy)) if dx else (abs(oy), abs(ox))
            score = along + 3 * across
            if best is None or score < best[0]:
                best = (score, other)
        if best is not None:
            self.select(best[1])
        return True

    def next_band(self, current: str, step: int) -> bool:
        """Tab: the card in the next band down (or up) that has one, in the same column.

        The column is where the Tab walk started, so Tab from a step through its touchpoint,
        process step and wide phase header comes back to that step, not to the step under
        the middle of the phase.
        """
        document = self.editor.document
        rects = self._card_rects()
        kind = document.kind(current)
        position = BAND_ORDER.index(kind) if kind in BAND_ORDER else 0
        x = self._tab_x if current == self._tab_target else rects[current].center_x
        for offset in range(1, len(BAND_ORDER) + 1):
            band = BAND_ORDER[(position + step * offset) % len(BAND_ORDER)]
            candidates = [i for i in rects if document.kind(i) == band]
            if candidates:
                target = min(candidates, key=lambda i: (_distance(rects[i], x), rects[i].y))
                self.select(target)
                self._tab_target, self._tab_x = target, x
                return True
        return True

    # -- flows: they have no card, so F reaches them from their process steps -----------------

    def walk_flows(self, current: str, step: int) -> bool:
        """F on a process step selects its first flow, outgoing ones before incoming ones;
        F on a flow the next flow of the same process step (Shift+F the previous)."""
        anchor = self._anchor(current) or (
            current if self.editor.document.kind(current) == "process_step" else None
        )
        if anchor is None:
            return False  # F means nothing on a phase, step or touchpoint
        flows = self._flows_of(anchor)
        if not flows:
            return True  # nothing to walk; the process step stays selected
        index = flows.index(current) + step if current in flows else (0 if step > 0 else -1)
        self._flow_anchor = anchor
        self.select(flows[index % len(flows)])
        return True

    def leave_flow(self, flow_id: str, key: Qt.Key, shift: bool) -> bool:
        """From a flow back to the process steps: Left its source, Right its target; Up,
        Down and Escape the step the flows were walked from; Tab the band below that step."""
        flow = self.editor.document.get(flow_id)
        anchor = self._anchor(flow_id)
        if not isinstance(flow, Flow) or anchor is None:
            return False
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            backwards = key == Qt.Key.Key_Backtab or shift
            return self.next_band(anchor, -1 if backwards else 1)
        ends = {Qt.Key.Key_Left: flow.source, Qt.Key.Key_Right: flow.target}
        self.select(ends.get(key, anchor))
        return True

    def _anchor(self, flow_id: str) -> str | None:
        """The process step a flow was reached from (its source if it was clicked), or
        None when ``flow_id`` is no flow."""
        flow = self.editor.document.get(flow_id) if flow_id in self.editor.document else None
        if not isinstance(flow, Flow):
            return None
        return self._flow_anchor if self._flow_anchor in (flow.source, flow.target) else flow.source

    def _flows_of(self, step_id: str) -> list[str]:
        flows = self.editor.document.map.flows
        outgoing = [flow.id for flow in flows if flow.source == step_id]
        return outgoing + [flow.id for flow in flows if flow.target == step_id]

    def _card_rects(self, current: str | None = None) -> dict[str, Rect]:
        """Where the cards are. Lane headers (departments) only count from a lane header or a
        process step, so Left on the first customer step does not jump down to a lane."""
        rects = self.scene.card_rects
        if current is not None and self.editor.document.kind(current) in (
            "department",
            "process_step",
        ):
            return dict(rects)
        return {i: r for i, r in rects.items() if self.editor.document.kind(i) != "department"}

    def delete(self, selected: list[str]) -> bool:
        """Delete the selection and select the nearest card of the same kind, so the
        keyboard stays in the band; raises IntegrityError when the delete is refused."""
        neighbour = self.neighbour_in_band(selected[0], selected)
        deleted = self.editor.delete(selected)
        if deleted and neighbour is not None and neighbour in self.editor.document:
            self.select(neighbour)
        return deleted

    def neighbour_in_band(self, current: str, leaving: list[str]) -> str | None:
        """The card of the same kind nearest ``current`` that is not in ``leaving``, the one
        before it when two are as near (the previous step, the lane above)."""
        document = self.editor.document
        rects = self.scene.card_rects
        if current not in rects:
            return None
        kind, here = document.kind(current), rects[current]

        def distance(other: str) -> tuple[float, bool]:
            rect = rects[other]
            apart = abs(rect.center_x - here.center_x) + abs(rect.center_y - here.center_y)
            return (round(apart, 3), (rect.x, rect.y) > (here.x, here.y))

        candidates = [i for i in rects if i not in leaving and document.kind(i) == kind]
        return min(candidates, key=distance, default=None)

    def select(self, element_id: str) -> None:
        """Select one element and scroll it into view."""
        self.scene.select_only(element_id)
        item = self.scene.item_for(element_id)
        if item is not None:
            self.view.ensureVisible(item.sceneBoundingRect(), 60, 60)

    # -- emotion ------------------------------------------------------------------------------

    def emotion_key(self, step_id: str, text: str) -> bool:
        """+ and - nudge by one; a digit sets the value; "-" then a digit sets a negative
        value as one undo step (the nudge the "-" made is taken back first)."""
        stack = self.editor.undo_stack
        if text in ("+", "="):
            self.editor.nudge_emotion(step_id, 1)
            return True
        if text == "-":
            self._minus_at = time.monotonic()
            nudged = self.editor.nudge_emotion(step_id, -1)
            self._nudge_index = stack.index() if nudged else -1
            return True
        if not text.isdigit():
            return False
        value = float(text)
        if self.editor.document.map.scale.kind.value == "grade" and value == 0:
            value = 10.0  # on the grade scale the 0 key gives a 10
        if time.monotonic() - self._minus_at < MINUS_WINDOW_S:
            value = -value
            if stack.index() == self._nudge_index:
                stack.undo()
        self._minus_at = 0.0
        if self.editor.document.map.scale.contains(value):
            self.editor.set_emotion(step_id, value)
        return True


def _distance(rect: Rect, x: float) -> float:
    """How far x lies outside the card's width; 0 when the card spans it."""
    return max(0.0, rect.x - x, x - rect.right)


_ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}
# Keys that take the selection from a flow back to a process step.
_LEAVE_FLOW = {*_ARROWS, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab}
