"""Presentation mode: full screen, panels hidden, one phase at a time, big type.

The canvas is zoomed to the customer's side of the current phase (its steps, the emotion
curve and the touchpoints, down to the line of visibility), so the type is as large as the
screen allows; Up / Down scroll to the departments' swimlanes below. Page Down / Right and
Page Up / Left walk the phases, Home shows the whole map, Escape or F5 leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from journeymapper.model.layout import BandKind

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
        # Where each Down started, so Up goes back exactly, also when a Down near the
        # bottom of the map scrolled less than half a screen.
        self._down_from: list[int] = []

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
        window.showFullScreen()
        window.view.installEventFilter(self)
        self.phase_index = -1
        self.show_phase(0)

    def leave(self) -> None:
        window = self.window
        if not self.active:
            return
        self.active = False
        if window.view is not None:
            window.view.removeEventFilter(self)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if self._was_maximized:
            window.showMaximized()
        else:
            window.showNormal()
        if window.view is not None:
            window.view.fill_window()  # back to the working view, not the overview

    def _docks(self) -> list[QWidget]:
        return [self.window.findings_dock, self.window.inspector_dock, self.window.history_dock]

    def show_phase(self, index: int) -> None:
        """Zoom to phase ``index`` (clamped); the whole map when there are no phases."""
        view, scene = self.window.view, self.window.scene
        if view is None or scene is None:
            return
        phases = scene.document.map.phases
        if not phases:
            view.fit_all()
            return
        self.phase_index = max(0, min(index, len(phases) - 1))
        self._down_from.clear()
        box = scene.layout.boxes[phases[self.phase_index].id].rect
        # From the phase header down: the map's title and scenario run across the whole map
        # and would show as a cut-off fragment above one phase (Home shows them whole).
        top = box.y - 10
        # Fitting the whole height would shrink the type with every swimlane; the room needs
        # the customer's side largest, and the lanes are a scroll away.
        bottom = scene.layout.band(BandKind.VISIBILITY).rect.bottom
        view.fit_rect(QRectF(box.x - 20, top, box.width + 40, bottom - top))

    def _scroll(self, direction: int) -> None:
        """Move the view half a screen down (1) or up (-1), to the lanes and back."""
        view = self.window.view
        if view is not None:
            view.forget_fit()  # a resize (a projector plugged in) must not scroll back
            bar = view.verticalScrollBar()
            if direction < 0 and self._down_from:
                bar.setValue(self._down_from.pop())
                return
            if direction > 0:
                self._down_from.append(bar.value())
            bar.setValue(bar.value() + direction * view.viewport().height() // 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key in _NEXT:
            self.show_phase(self.phase_index + 1)
        elif key in _PREVIOUS:
            self.show_phase(self.phase_index - 1)
        elif Qt.Key(key) in _SCROLL:
            self._scroll(_SCROLL[Qt.Key(key)])
        elif key == Qt.Key.Key_Home:
            self.phase_index = -1
            if self.window.view is not None:
                self.window.view.fit_all()
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            self.leave()
        else:
            return False
        return True
