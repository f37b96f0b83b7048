"""Driving the real main window for the benchmark, as a user does, and timing what they see.

An edit is timed from the key press (or the action a shortcut triggers) until the canvas has
painted its result: the event loop runs, as it would between two keystrokes, until the view's
viewport gets a paint event (only when none comes does the benchmark force one). Nothing is
collected before a sample; the collector runs when it would for a user.

``Ticker`` notes every turn of the event loop (a 1 ms timer), so the longest gap between two
ticks is the longest time the window could neither repaint nor take input: how long the GUI
thread was blocked by whatever ran meanwhile (analysis, autosave, an export).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from journeymapper.ui.main_window import MainWindow

WINDOW_SIZE = (1600, 1000)
NO_PAINT_AFTER_S = 0.5  # an edit whose canvas has not painted this long after it: force one


def application() -> QApplication:
    """The app's own QApplication (offscreen unless a platform is chosen), without the
    offscreen platform's notes about size hints."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    from journeymapper.ui.app import application as app_application

    def handler(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
    return app_application()


class BenchPrompts:
    """Answers the window's questions without a dialog: discard on close, the bench's own
    paths for exports and imports; any other question is answered with None (cancel) and
    noted on stderr, so an unexpected dialog never blocks a run."""

    def __init__(self) -> None:
        self.export_to: Path | None = None
        self.workbook: Path | None = None
        self.errors: list[str] = []

    def unsaved_changes(self, _name: str) -> Any:
        from journeymapper.ui.prompts import Choice

        return Choice.DISCARD

    def export_path(self, _title: str, _suggestion: str, _file_filter: str) -> Path | None:
        return self.export_to

    def open_workbook_path(self, _folder: str = "") -> Path | None:
        return self.workbook

    def error(self, title: str, message: str) -> None:
        self.errors.append(f"{title}: {message}")
        print(f"bench: the app reported an error: {title}: {message}", file=sys.stderr)

    def warning(self, _title: str, _message: str) -> None:
        """Export warnings (shortened texts) are normal on synthetic maps."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        def unexpected(*_args: object, **_kwargs: object) -> None:
            print(f"bench: the app asked '{name}'; answered None", file=sys.stderr)

        return unexpected


class Paints(QObject):
    """Counts the paint events of one widget (the canvas's viewport)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        self.widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.count += 1
        return False

    def detach(self) -> None:
        with contextlib.suppress(RuntimeError):  # the widget went with its map (an import)
            self.widget.removeEventFilter(self)


class Ticker:
    """A 1 ms timer whose ticks tell when the event loop turned."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def stop(self) -> None:
        self.timer.stop()

    def longest_gap(self, start: float, end: float) -> float:
        """The longest time between two turns of the loop within [start, end], in seconds."""
        inside = [start, *(t for t in self.ticks if start < t < end), end]
        return max(later - earlier for earlier, later in itertools.pairwise(inside))

    def gap_around(self, moment: float) -> float:
        """How long the loop did not turn around ``moment``: the gap between the last tick
        before it and the first after it."""
        before = max((t for t in self.ticks if t <= moment), default=moment)
        after = min((t for t in self.ticks if t > moment), default=moment)
        return after - before

    def forget_before(self, moment: float) -> None:
        self.ticks = [t for t in self.ticks if t >= moment]


def pump(seconds: float) -> None:
    """Run the event loop for ``seconds``, as an idle window does."""
    until_done(lambda: False, seconds)


def until_done(done: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until ``done()`` or ``timeout_s``; whether it got done."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() >= deadline:
            return False
        app.processEvents()
        time.sleep(0.0005)  # let the worker threads of the app have the interpreter
    return True


def until_painted(paints: Paints, before: int) -> bool:
    """Run the event loop until the canvas has painted after ``before`` paints; force a
    paint when the loop has been idle so long that none is coming. True if it came itself."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.perf_counter() + NO_PAINT_AFTER_S
    while paints.count <= before:
        if time.perf_counter() >= deadline:
            paints.widget.repaint()
            return False
        app.processEvents()
    return True


def open_window(path: Path) -> tuple[MainWindow, BenchPrompts]:
    """The real main window, shown and exposed, with ``path`` open in the view it opens in."""
    from PySide6.QtTest import QTest

    from journeymapper.ui.main_window import MainWindow

    window = MainWindow(autosave_ms=0)
    prompts = BenchPrompts()
    window.prompts = prompts  # type: ignore[assignment]
    window.resize(*WINDOW_SIZE)
    window.show()
    QTest.qWaitForWindowExposed(window)
    if not window.open_map(path):
        raise RuntimeError(f"the main window did not open {path}: {prompts.errors}")
    pump(0.2)
    return window, prompts


def close_window(window: MainWindow) -> None:
    """Close without the discard question and let Qt delete what it deferred."""
    from PySide6.QtCore import QCoreApplication

    if window.session is not None:
        window.session.editor.undo_stack.setClean()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
