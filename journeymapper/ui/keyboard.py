"""Keyboard-first editing on the canvas, for facilitators typing along with a room.

Enter adds the next item after the selected one and starts typing its title; F2 renames;
arrows move the selection within a band, Tab to the next band, and onto the dashed slot of an
empty band or lane; F walks from a process step through its flows and L joins it to another;
Escape selects the map itself; Delete deletes; digits, minus and plus set the emotion of the
selected step.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from journeymapper.model import IntegrityError
from journeymapper.model.elements import Flow, ProcessStep, Touchpoint
from journeymapper.model.kinds import KIND_LABEL, Kind
from journeymapper.model.layout import Rect
from journeymapper.ui.editor import Editor
from journeymapper.ui.reorder import move_by
from journeymapper.ui.scene import JourneyScene, scene_alive
from journeymapper.ui.slots import (
    Slot,
    SlotItem,
    all_slots,
    fill,
    show_slot,
    slot_rect,
    slots_at,
)
from journeymapper.ui.tools import LinkFlowTool
from journeymapper.ui.view import JourneyView

# The bands Tab walks through, top to bottom.
BAND_ORDER = ("phase", "step", "touchpoint", "process_step")
MINUS_WINDOW_S = 1.5  # how long a typed "-" waits for its digit


class Run(NamedTuple):
    """One run of a touchpoint drawn in several, the ``n``-th from the left: the keyboard
    walks to each like to a card of its own."""

    element_id: str
    n: int


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
    Shortcut(
        "Tab / Shift+Tab",
        "next / previous band in the same column; an empty band or lane offers a dashed slot",
    ),
    Shortcut("Enter on a dashed slot", "add the first step, touchpoint or process step there"),
    Shortcut("Home / End", "first / last item of the band (the first / last step from the map)"),
    Shortcut("Arrows or Tab with nothing selected", "select the card nearest the middle"),
    Shortcut(
        "L on a process step, arrows, Enter",
        "join it with a flow to the process step the arrows reach; Escape cancels",
    ),
    Shortcut(
        "Title @word #word",
        "on a touchpoint: @ picks the channel, # the owner whose name starts with the word "
        "(a new one if none does), e.g. 'Order confirmation @email #web'; the list that "
        "opens after @ or # picks with Down and Enter",
    ),
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
    Shortcut(
        "Escape",
        "select the map itself (F6 edits its title and persona); cancel a drag or typing, and "
        "an add whose title was not typed yet; leave presentation mode",
    ),
    Shortcut("Escape in the inspector", "back to the canvas, keeping what was typed (as F6)"),
)


class KeyboardController:
    """Turns key presses on the canvas into Editor calls."""

    def __init__(self, editor: Editor, scene: JourneyScene, view: JourneyView) -> None:
        self.editor = editor
        self.scene = scene
        self.view = view
        self._minus_at = 0.0
        self._nudge_index = -1
        self._tab_target: str | Slot | None = None  # what the last Tab selected ...
        self._tab_x = 0.0  # ... and the x of the column that Tab walk keeps to
        self._flow_anchor: str | None = None  # the process step whose flows F walks
        # The element just added by the keyboard, and what was selected before it.
        self._before_add: tuple[str | None, str | Slot | None] = (None, None)
        self.slot: Slot | None = None  # the empty slot the keyboard stands on
        self._slot_item: SlotItem | None = None
        self.link: LinkFlowTool | None = None  # joining two process steps, while active
        self._aiming = False
        # Where a key that changed nothing says why (the window's status bar): a key that
        # does nothing silently leaves a facilitator in front of a room guessing.
        self.report: Callable[[str], None] = _ignore
        view.key_handler = self.handle
        view.add_cancelled.connect(self._add_cancelled)
        scene.selectionChanged.connect(self._on_selection)

    def close(self) -> None:
        """The one teardown path: stop following the scene and the view."""
        self.drop_slot()
        if self.link is not None:
            self.link.cancel()
            self.link = None
        self.scene.selectionChanged.disconnect(self._on_selection)
        self.view.add_cancelled.disconnect(self._add_cancelled)
        self.view.key_handler = None

    def handle(self, event: QKeyEvent) -> bool:
        """True when the key was used."""
        selected = self.scene.selected_ids()
        current = selected[0] if selected else None
        key = Qt.Key(event.key())
        modifiers = event.modifiers()
        if self.link is not None:
            return self.link_key(key)
        if modifiers & Qt.KeyboardModifier.AltModifier and key in _ARROWS and current:
            return self.reorder(current, _ARROWS[key])
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        try:
            if current is None:
                return self.from_nothing(key, shift)
            return self.on_element(current, selected, key, shift, event.text())
        except IntegrityError as error:
            self.report(str(error))  # refused edits change nothing; say why
            return True

    def on_element(
        self, current: str, selected: list[str], key: Qt.Key, shift: bool, text: str
    ) -> bool:
        """A key with ``current`` (the first of ``selected``) selected."""
        kind = self.editor.document.kind(current)
        if key == Qt.Key.Key_F:
            return self.walk_flows(current, -1 if shift else 1)
        if kind == "flow" and key in _LEAVE_FLOW:
            return self.leave_flow(current, key, shift)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self.add_next(current)
        if key == Qt.Key.Key_F2:
            self.view.start_inline_edit(current)
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return self.delete(selected)
        if key in _ARROWS:
            return self.navigate(current, _ARROWS[key])
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            backwards = key == Qt.Key.Key_Backtab or shift
            return self.next_band(current, -1 if backwards else 1)
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            return self.band_end(current, key == Qt.Key.Key_End)
        if key == Qt.Key.Key_L and kind == "process_step":
            return self.start_link(current)
        if key == Qt.Key.Key_Escape:
            self.scene.clearSelection()  # the map itself: the inspector shows its fields
            return True
        if kind == "step":
            return self.emotion_key(current, text)
        return False

    def from_nothing(self, key: Qt.Key, shift: bool) -> bool:
        """Keys with nothing selected: on an empty slot, or on the map itself."""
        slot = self.current_slot()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if slot is not None:
                self.type_new(fill(self.editor, slot), slot)
                return True
            return self.add_next(None)
        if key == Qt.Key.Key_Escape:
            if slot is None:
                return False
            self.drop_slot()
            return True
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            return self.journey_end(key == Qt.Key.Key_End)
        moves = key in _ARROWS or key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if not moves:
            return False
        if slot is None:
            return self.select_near_centre()
        if key in _ARROWS:
            return self.navigate(slot, _ARROWS[key])
        backwards = key == Qt.Key.Key_Backtab or shift
        return self.next_band(slot, -1 if backwards else 1)

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
        self.type_new(new, current)
        return True

    def type_new(self, new: str, before: str | Slot | None) -> None:
        """Select the element just added and type its title; Escape while typing takes the
        add back and returns to ``before``."""
        self._before_add = (new, before)
        self.scene.select_only(new)
        self.view.start_inline_edit(new, added=True)

    def _add_cancelled(self, element_id: str) -> None:
        added, before = self._before_add
        self._before_add = (None, None)
        if added != element_id:
            return  # added elsewhere (a double-click): nothing to go back to
        if isinstance(before, Slot) or (before is not None and before in self.editor.document):
            self.select(before)

    def _add_after(self, current: str) -> str:
        document = self.editor.document
        kind = document.kind(current)
        element = document.get(current)
        if kind == "step":
            return self.editor.add_step_after(current)
        if kind == "phase":
            return self.editor.add_phase("New phase", document.placement(current).index + 1)
        if kind == "touchpoint" and isinstance(element, Touchpoint) and element.steps:
            # The owner often stays the same along a band; the channel is chosen each time
            # (type "@channel" after the title), never copied silently.
            return self.editor.add_touchpoint(element.steps[0], owner=element.owner)
        if kind == "process_step" and isinstance(element, ProcessStep):
            return self.editor.add_process_step_after(current)
        if kind == "department":
            return self.editor.add_department(index=document.placement(current).index + 1)
        raise IntegrityError(
            f"Enter adds nothing after a {kind}: it adds after a phase, step, touchpoint, "
            "process step or lane"
        )

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

    def navigate(self, current: str | Slot, direction: tuple[int, int]) -> bool:
        """Select the nearest card (or empty slot) in the direction, preferring the same band."""
        target = self._toward(current, direction)
        if target is not None:
            self.select(target)
        return True

    def _toward(
        self, current: str | Slot, direction: tuple[int, int], kinds: tuple[str, ...] = ()
    ) -> str | Slot | Run | None:
        """The nearest card, run of a touchpoint or slot from ``current`` in ``direction``, of
        ``kinds`` if given."""
        here = self.rect_of(current)
        if here is None:
            return None
        slots = all_slots(self.scene.layout, self._has_touchpoints())
        targets = _with_runs(_together(self._card_rects(current), slots), self.scene.layout.runs)
        position: str | Slot | Run = current
        if isinstance(current, str) and current in self.scene.layout.runs:
            position = Run(current, self.scene.current_run(current))
        dx, dy = direction
        if dx:
            # Left / Right keep to the row when it holds a card of the same kind that way:
            # the centre of a wide phase header is nearer a step below than the next phase.
            kind = self._kind(current)
            row = {
                other: rect
                for other, rect in targets.items()
                if self._kind(other) == kind
                and rect.y < here.bottom
                and here.y < rect.bottom
                and (rect.center_x - here.center_x) * dx > 0
            }
            if row and (not kinds or kind in kinds):
                targets = row
        best: tuple[float, str | Slot | Run] | None = None
        for other, rect in targets.items():
            if other == position or (kinds and self._kind(other) not in kinds):
                continue
            ox, oy = rect.center_x - here.center_x, rect.center_y - here.center_y
            if (dx and ox * dx <= 0) or (dy and oy * dy <= 0):
                continue
            along, across = (abs(ox), abs(oy)) if dx else (abs(oy), abs(ox))
            score = along + 3 * across
            if best is None or score < best[0]:
                best = (score, other)
        return None if best is None else best[1]

    def next_band(self, current: str | Slot, step: int) -> bool:
        """Tab: the card in the next band down (or up) that has one, in the same column; an
        empty band or lane offers its slot.

        The column is where the Tab walk started, so Tab from a step through its touchpoint,
        process step and wide phase header comes back to that step, not to the step under
        the middle of the phase.
        """
        here = self.rect_of(current)
        if here is None:
            return True
        kind = self._kind(current)
        position = BAND_ORDER.index(kind) if kind in BAND_ORDER else 0
        x = self._tab_x if current == self._tab_target else here.center_x
        rects = _together(self._card_rects(), self._slots(x))
        for offset in range(1, len(BAND_ORDER) + 1):
            band = BAND_ORDER[(position + step * offset) % len(BAND_ORDER)]
            candidates = [i for i in rects if self._kind(i) == band]
            if candidates:
                target = min(candidates, key=lambda i: (_distance(rects[i], x), rects[i].y))
                self.select(target)
                self._tab_target, self._tab_x = target, x
                return True
        return True

    def band_end(self, current: str, last: bool) -> bool:
        """Home / End: the first / last card of the selected card's band (its lane, for a
        process step)."""
        document = self.editor.document
        kind = document.kind(current)
        rects = self.scene.card_rects
        if current not in rects:
            return False
        lane = self._lane(current)
        same = [i for i in rects if document.kind(i) == kind and self._lane(i) == lane]
        order = sorted(same, key=lambda i: (rects[i].x, rects[i].y))
        self.select(order[-1] if last else order[0])
        return True

    def journey_end(self, last: bool) -> bool:
        """Home / End with nothing selected: the first / last customer step (or phase)."""
        journey = self.editor.document.map
        ends = [s.id for s in journey.steps()] or [p.id for p in journey.phases]
        if ends:
            self.select(ends[-1] if last else ends[0])
        return True

    def select_near_centre(self) -> bool:
        """From nothing, an arrow or Tab selects the card nearest the middle of the view."""
        rects = self._card_rects()
        if not rects:
            return True
        centre = self.view.mapToScene(self.view.viewport().rect().center())

        def distance(element_id: str) -> float:
            rect = rects[element_id]
            return abs(rect.center_x - centre.x()) + abs(rect.center_y - centre.y())

        self.select(min(rects, key=distance))
        return True

    def select_start(self) -> None:
        """What a freshly opened map starts on: its first step, else the map itself."""
        steps = self.editor.document.map.steps()
        if steps:
            self.scene.select_only(steps[0].id)
        else:
            self.scene.clearSelection()

    def _lane(self, element_id: str) -> str | None:
        element = self.editor.document.get(element_id)
        return element.department if isinstance(element, ProcessStep) else None

    def _kind(self, target: str | Slot | Run) -> str:
        if isinstance(target, Slot):
            return target.kind
        return self.editor.document.kind(target.element_id if isinstance(target, Run) else target)

    # -- empty slots ----------------------------------------------------------------------------

    def rect_of(self, target: str | Slot | Run) -> Rect | None:
        """Where the keyboard stands: a slot, a card, or for a touchpoint drawn in several
        runs the run it stands on (the one clicked or walked to)."""
        if isinstance(target, Slot):
            return slot_rect(self.scene.layout, self._has_touchpoints(), target)
        runs = self.scene.layout.runs
        if isinstance(target, Run):
            return runs[target.element_id][target.n]
        if target in runs:
            return runs[target][self.scene.current_run(target)]
        return self.scene.card_rects.get(target)

    def _slots(self, x: float) -> dict[Slot, Rect]:
        return slots_at(self.scene.layout, self._has_touchpoints(), x)

    def _has_touchpoints(self) -> bool:
        return bool(self.editor.document.map.touchpoints)

    def current_slot(self) -> Slot | None:
        """The slot the keyboard stands on, if it is still empty and in its place."""
        if self.slot is None:
            return None
        if self.rect_of(self.slot) is None:
            self.drop_slot()
            return None
        return self.slot

    def show_slot(self, slot: Slot) -> None:
        rect = self.rect_of(slot)
        if rect is None:
            return
        self.scene.clearSelection()  # the slot stands where a selected card would
        self.drop_slot()
        self.slot = slot
        self._slot_item = show_slot(self.scene, slot, rect)
        self.view.ensureVisible(self._slot_item.sceneBoundingRect(), 60, 60)

    def drop_slot(self) -> None:
        self.slot = None
        if self._slot_item is not None:
            self.scene.removeItem(self._slot_item)
            self._slot_item = None

    def _on_selection(self) -> None:
        if not scene_alive(self.scene):
            return  # Qt clears the selection while destroying a scene nobody closed
        if self.scene.selectedItems():
            self.drop_slot()
        link = self.link
        if link is not None and not self._aiming and self.scene.selected_ids() != [link.target]:
            self.link = None  # a click elsewhere while linking: the link is off
            link.cancel()

    # -- linking two process steps with a flow ------------------------------------------------

    def start_link(self, source: str) -> bool:
        """L on a process step: aim at another one with the arrows, Enter connects."""
        self.link = LinkFlowTool(self.scene, self.editor, source)
        self.link.start()
        self._link_hint(source)
        return True

    def _link_hint(self, source: str) -> None:
        """The link has no other sign of being on until the arrows aim, so say it."""
        self.report(
            f"Linking from '{self._title(source)}': the arrows choose the process step to "
            "join, Enter joins, Escape cancels"
        )

    def _title(self, element_id: str) -> str:
        element = self.editor.document.get(element_id)
        return str(getattr(element, "title", "") or getattr(element, "name", "") or element_id)

    def link_key(self, key: Qt.Key) -> bool:
        """While linking: arrows aim, Enter connects, Escape cancels; other keys only
        repeat how linking works."""
        link = self.link
        if link is None:
            return False
        if key in _ARROWS:
            target = self._toward(link.target or link.source, _ARROWS[key], ("process_step",))
            if isinstance(target, str):
                link.aim(target)
                self._aiming = True  # the selection follows the aim; that is no click
                try:
                    self.select(target)
                finally:
                    self._aiming = False
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish_link(link)
        elif key == Qt.Key.Key_Escape:
            self.cancel_link()
        else:
            self._link_hint(link.source)
        return True

    def cancel_link(self) -> bool:
        """Turn a link being aimed off, back on its source; False when none was on."""
        link = self.link
        if link is None:
            return False
        self.link = None
        link.cancel()
        self.select(link.source)
        self.report("Link cancelled: no flow added")
        return True

    def finish_link(self, link: LinkFlowTool) -> None:
        """Enter while linking: join source and target, or say why not. Before the arrows
        have aimed anywhere the link stays on, since Enter then has nothing to join."""
        source, target = link.source, link.target
        if target is None or target == source:
            self.report("Choose the process step to join with the arrows first; Escape cancels")
            return
        self.link = None
        try:
            added = link.finish()
        except IntegrityError as error:
            self.report(str(error))
            return
        if added is None:
            self.report(f"'{self._title(source)}' already hands over to '{self._title(target)}'")
        else:
            self.report(f"Joined '{self._title(source)}' to '{self._title(target)}' by a flow")

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

    def _card_rects(self, current: str | Slot | None = None) -> dict[str, Rect]:
        """Where the cards are. Lane headers (departments) only count from a lane header or a
        process step (or a lane's slot), so Left on the first customer step does not jump
        down to a lane."""
        rects = self.scene.card_rects
        if current is not None and self._kind(current) in ("department", "process_step"):
            return dict(rects)
        return {i: r for i, r in rects.items() if self.editor.document.kind(i) != "department"}

    def delete(self, selected: list[str]) -> bool:
        """Delete the selection and select the nearest card of the same kind, so the
        keyboard stays in the band; raises IntegrityError when the delete is refused."""
        document = self.editor.document
        neighbour = self.neighbour_in_band(selected[0], selected)
        before = {i: document.kind(i) for i in document.ids()}
        names = [self._title(i) for i in selected if i in before]
        deleted = self.editor.delete(selected)
        if deleted:
            gone = [kind for i, kind in before.items() if i not in document and i not in selected]
            self.report(deleted_message(names, gone))
        if deleted and neighbour is not None and neighbour in document:
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

    def select(self, target: str | Slot | Run) -> None:
        """Select one element (or stand on an empty slot, or on one run of a touchpoint) and
        scroll it into view."""
        if isinstance(target, Slot):
            self.show_slot(target)
            return
        element_id, run = target if isinstance(target, Run) else (target, 0)
        self.scene.select_only(element_id, run)
        pieces = self.scene.pieces(element_id)
        item = pieces[run] if run < len(pieces) else self.scene.item_for(element_id)
        if item is not None:
            self.view.ensureVisible(item.sceneBoundingRect(), 60, 60)

    # -- emotion ------------------------------------------------------------------------------

    def _no_curve_to_edit(self) -> str:
        hidden = self.editor.curves.hidden_pick()
        if hidden is not None:
            return (
                f"The curve '{hidden.name}' picked in the Curves panel is hidden: show it "
                "there (F7, then Space) or pick another to change emotions"
            )
        return "Every emotion curve is hidden: show one in the Curves panel (F7) to change emotions"

    def emotion_key(self, step_id: str, text: str) -> bool:
        """+ and - nudge by one; a digit sets the value; "-" then a digit sets a negative
        value as one undo step (the nudge the "-" made is taken back first)."""
        stack = self.editor.undo_stack
        if len(text) == 1 and text in "+=-0123456789" and self.editor.curves.edited() is None:
            self.report(self._no_curve_to_edit())
            return True
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
        scale = self.editor.document.map.scale
        if scale.contains(value):
            self.editor.set_emotion(step_id, value)
        else:
            self.report(
                f"{value:g} is outside the emotion scale ({scale.minimum:g} to {scale.maximum:g})"
            )
        return True


def deleted_message(names: list[str], along: list[Kind]) -> str:
    """What a Delete took away, so a phase that went with all its steps is no surprise:
    "Deleted 'Order' with 3 customer steps, 1 touchpoint; Ctrl+Z brings it back"."""
    what = f"'{names[0]}'" if len(names) == 1 else f"{len(names)} items"
    counts = Counter(along)
    parts = [f"{n} {KIND_LABEL[kind]}{'' if n == 1 else 's'}" for kind, n in counts.items()]
    with_them = f" with {', '.join(parts)}" if parts else ""
    return f"Deleted {what}{with_them}; Ctrl+Z brings it back"


def _ignore(_message: str) -> None:
    """No one to tell: a controller not yet wired to a window."""


def _together(cards: dict[str, Rect], slots: dict[Slot, Rect]) -> dict[str | Slot, Rect]:
    """Cards and slots in one table of places the keyboard can go."""
    places: dict[str | Slot, Rect] = {}
    places.update(cards.items())
    places.update(slots.items())
    return places


def _with_runs(
    places: dict[str | Slot, Rect], runs: dict[str, list[Rect]]
) -> dict[str | Slot | Run, Rect]:
    """The places with each touchpoint drawn in several runs standing as its runs."""
    result: dict[str | Slot | Run, Rect] = {}
    for place, rect in places.items():
        if isinstance(place, str) and place in runs:
            result.update((Run(place, n), run) for n, run in enumerate(runs[place]))
        else:
            result[place] = rect
    return result


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
