"""Presentation mode: full screen, panels hidden, one phase at a time, big type.

The canvas is zoomed to the customer's side of the current phase (its steps, the emotion
curve and the touchpoints, down to the line of visibility), so the type is as large as the
screen allows; Up / Down scroll to the departments' swimlanes below. Page Down / Right /
Space and Page Up / Left walk the phases at the height the view is at (customer side or
lanes), Home shows the whole map, L shows or hides the legend, Escape or F5 leaves and
restores the view as it was.

No scroll bars; the band labels, the emotion scale, the phase titles, the dividers between
phases and a small legend are drawn over the map (``pinned_labels``), so a lane scrolled to
still says which department it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from journeymapper.model.layout import BandKind
from journeymapper.render.layout import COLUMN_GAP, PHASE_GAP
from journeymapper.ui.pinned_labels import PhaseDividers, PresentationOverlay
from journeymapper.ui.view import ViewState

if TYPE_CHECKING:
    from journeymapper.ui.main_window import MainWindow

_NEXT = {Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space}
_PREVIOUS = {Qt.Key.Key_PageUp, Qt.Key.Key_Left}
_SCROLL = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}


class Presentation(QObject):
    """Owns the window's state while presenting, and restores it on leaving."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.phase_index = -1  # -1: the whole map
        self._hidden: list[QWidget] = []
        self._was_maximized = False
        self._view_state: ViewState | None = None
        self._dividers: PhaseDividers | None = None
        self._held = False  # a mouse press on the overlay, until its release
        self._top = 0.0  # the scene y at the top of the screen when the phase was shown
        self._first_top = 0.0  # ... when a phase is first shown: the customer's side
        self._bars = (Qt.ScrollBarPolicy.ScrollBarAsNeeded, Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._update_mode = QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        window = self.window
        if self.active or window.view is None:
            return
        self.active = True
        self._was_maximized = window.isMaximized()
        self._hidden = [
            w for w in (*self._docks(), window.menuBar(), window.statusBar()) if w.isVisible()
        ]
        for widget in self._hidden:
            widget.hide()
        view = window.view
        self._view_state = view.view_state()
        self._bars = (view.horizontalScrollBarPolicy(), view.verticalScrollBarPolicy())
        self._update_mode = view.viewportUpdateMode()
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The pinned labels stay put while the map scrolls under them: every scroll repaints
        # the whole screen rather than moving the old pixels along.
        view.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        view.overlay = PresentationOverlay(view)
        self._dividers = PhaseDividers(view.journey_scene)
        view.journey_scene.addItem(self._dividers)
        window.showFullScreen()
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)  # the mouse, over what the overlay covers
        self.phase_index = -1
        self.show_phase(0)

    def leave(self) -> None:
        window = self.window
        if not self.active:
            return
        self.active = False
        self._held = False
        view = window.view
        if self._dividers is not None:
            self._dividers.detach()
            self._dividers = None
        if view is not None:
            view.removeEventFilter(self)
            view.viewport().removeEventFilter(self)
            view.overlay = None
            view.setHorizontalScrollBarPolicy(self._bars[0])
            view.setVerticalScrollBarPolicy(self._bars[1])
            view.setViewportUpdateMode(self._update_mode)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if self._was_maximized:
            window.showMaximized()
        else:
            window.showNormal()
        if view is not None and self._view_state is not None:
            view.restore_view_state(self._view_state)  # the zoom and place before presenting
            view.viewport().update()
        self._view_state = None

    def _docks(self) -> list[QWidget]:
        window = self.window
        return [
            window.findings_dock,
            window.inspector_dock,
            window.curves_dock,
            window.history_dock,
        ]

    def show_phase(self, index: int) -> None:
        """Zoom to phase ``index`` (clamped); the whole map when there are no phases.

        Coming from another phase, the view stays at the height it was scrolled to: the
        room looking at the lanes sees the next phase's lanes, not the customer's side.
        """
        view, scene = self.window.view, self.window.scene
        if view is None or scene is None:
            return
        phases = scene.document.map.phases
        if not phases:
            view.fit_all()
            return
        from_phase = self.phase_index >= 0
        self.phase_index = max(0, min(index, len(phases) - 1))
        box = scene.layout.boxes[phases[self.phase_index].id].rect
        # From the phase header down: the map's title and scenario run across the whole map
        # and would show as a cut-off fragment above one phase (Home shows them whole).
        top = self._first_top = box.y - 10
        # Fitting the whole height would shrink the type with every swimlane; the room needs
        # the customer's side largest, and the lanes are a scroll away.
        # (Two units more, so a rounded scroll position cannot hide the line of visibility
        # when the height, not the width, decides the zoom: a tall customer's side.)
        height = scene.layout.band(BandKind.VISIBILITY).rect.bottom + 2 - top
        if from_phase:
            # Where the last phase was shown, unless the user has scrolled since: reading
            # the top back from the view would drift by a rounded pixel with every step.
            here = view.mapToScene(view.viewport().rect().topLeft()).y()
            if abs(here - self._top) * view.zoom() > 1:
                self._top = here
            top = self._top
        self._top = top
        # The gap before the phase, so its first cards do not touch the pinned column and
        # the divider before it shows; the column covers what lies left of that (the map's
        # own band names).
        before = COLUMN_GAP if self.phase_index == 0 else PHASE_GAP
        view.fit_beside(QRectF(box.x - before, top, box.width + 20, height))

    def _step(self, direction: int) -> None:
        """The next (1) or previous (-1) phase that changes the picture. The last screen can
        hold the last two phases whole: stepping onto a phase already in full view changed
        nothing, and a room saw Page Up do nothing twice before it went back."""
        view, scene = self.window.view, self.window.scene
        if view is None or scene is None:
            return
        before = _on_screen(view)
        count = len(scene.document.map.phases)
        index = self.phase_index
        while 0 <= index + direction < count:
            index += direction
            self.show_phase(index)
            if _on_screen(view) != before:
                return
        if index == self.phase_index:
            self.show_phase(index)  # at the first or last already: show it (from Home too)

    def _scroll(self, direction: int) -> None:
        """Move the view half a screen down (1) or up (-1), to the lanes and back.

        The view stops at heights half a screen apart counted from where the phase was
        first shown, and at the map's top and bottom, so Up after a Down that met the
        bottom returns to the height Down left, not past it.
        """
        view = self.window.view
        if view is None:
            return
        view.forget_fit()  # a resize (a projector plugged in) must not scroll back
        bar = view.verticalScrollBar()
        step = max(1, view.viewport().height() // 2)
        here = view.mapToScene(view.viewport().rect().topLeft()).y()
        origin = bar.value() + round((self._first_top - here) * view.zoom())
        # Also where the phase was shown, at the height another phase was scrolled to.
        shown_at = bar.value() + round((self._top - here) * view.zoom())
        stops = {bar.minimum(), bar.maximum(), shown_at}
        stops.update(
            origin + k * step
            for k in range((bar.minimum() - origin) // step, (bar.maximum() - origin) // step + 1)
            if bar.minimum() <= origin + k * step <= bar.maximum()
        )
        if direction > 0:
            ahead = [v for v in stops if v > bar.value() + 1]
            bar.setValue(min(ahead, default=bar.value()))
        else:
            behind = [v for v in stops if v < bar.value() - 1]
            bar.setValue(max(behind, default=bar.value()))

    def _covered(self, event: QMouseEvent) -> bool:
        """A press on the pinned labels, the phase strip or the legend stops there, and the
        drag and release that follow it: the cards hidden under them must not be selected,
        moved or added to unseen. A drag begun on the map ends as usual wherever it ends."""
        view = self.window.view
        if view is None or not isinstance(view.overlay, PresentationOverlay):
            return False
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._held = view.overlay.covers(event.position())
            return self._held
        if kind == QEvent.Type.MouseButtonRelease:
            held, self._held = self._held, False
            return held
        return self._held and kind == QEvent.Type.MouseMove

    def _toggle_legend(self) -> None:
        view = self.window.view
        if view is not None and isinstance(view.overlay, PresentationOverlay):
            view.overlay.show_legend = not view.overlay.show_legend
            view.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QMouseEvent):
            return self._covered(event)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key in _NEXT:
            self._step(1)
        elif key in _PREVIOUS:
            self._step(-1)
        elif Qt.Key(key) in _SCROLL:
            self._scroll(_SCROLL[Qt.Key(key)])
        elif key == Qt.Key.Key_Home:
            self.phase_index = -1
            if self.window.view is not None:
                self._first_top = self.window.view.scene().sceneRect().top()
                self.window.view.fit_all()
        elif key == Qt.Key.Key_L:
            self._toggle_legend()
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            self.leave()
        else:
            return False
        return True


def _on_screen(view: QGraphicsView) -> tuple[int, int, int, int]:
    """What the view shows, in whole scene units: equal when the picture did not change."""
    rect = view.mapToScene(view.viewport().rect()).boundingRect()
    return round(rect.x()), round(rect.y()), round(rect.width()), round(rect.height())
