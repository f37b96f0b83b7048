"""Canvas figures on the large map: opening it to a painted window, and edits to a repaint.

``open_to_paint_s_large``: from reading the file to a painted main window. Its baseline, in
the same run, is a plain QGraphicsScene with one rectangle and one text item per element of
the map, shown in a view and painted the same way.

``edit_ms_median_large``: a mix of edits a facilitator makes (renames, emotions, moving a
touchpoint, adding a step, deleting a touchpoint, undo), each timed from the Editor call to
the canvas repainted. The findings are refreshed 60 ms after the last edit and are measured
separately (``analysis_ms_large``).
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Bench, Figures


def measure_canvas(bench: Bench) -> Figures:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    _quiet_offscreen_notes()
    open_s, baseline_s = _open_to_paint(bench, app)
    edit_ms = _edits(bench, app)
    return {
        "edit_ms_median_large": statistics.median(edit_ms),
        "edit_ms_max_large": max(edit_ms),
        "open_to_paint_s_large": open_s,
        "open_to_paint_baseline_s": baseline_s,
        "open_to_paint_ratio_vs_baseline": open_s / baseline_s,
    }


def _quiet_offscreen_notes() -> None:
    """The offscreen platform notes each window it cannot size hint; keep the table readable."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _open_to_paint(bench: Bench, app: object) -> tuple[float, float]:
    from journeymapper.ui.main_window import MainWindow

    def ours() -> None:
        window = MainWindow(autosave_ms=0)
        window.resize(1600, 1000)
        window.open_map(bench.large_file)
        window.show()
        window.grab()  # a synchronous paint of the whole window
        if window.session is not None:  # closing must not stop at the discard prompt
            window.session.editor.undo_stack.setClean()
        window.close()
        window.deleteLater()

    def baseline() -> None:
        _plain_scene_painted(
            len(bench.large.touchpoints) + len(bench.large.process_steps) + len(bench.large.steps())
        )

    times_ours: list[float] = []
    times_base: list[float] = []
    repeat = max(3, min(bench.repeat, 7))
    ours()
    baseline()
    for _ in range(repeat):
        for run, bucket in ((ours, times_ours), (baseline, times_base)):
            gc.collect()
            start = time.perf_counter()
            run()
            bucket.append(time.perf_counter() - start)
            _drain()
    return statistics.median(times_ours), statistics.median(times_base)


def _plain_scene_painted(count: int) -> None:
    from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

    scene = QGraphicsScene()
    for n in range(count):
        x, y = (n % 240) * 184.0, (n // 240) * 60.0
        scene.addRect(x, y, 170, 52)
        scene.addSimpleText(f"element {n}").setPos(x + 6, y + 6)
    view = QGraphicsView(scene)
    view.resize(1600, 1000)
    view.show()
    view.grab()
    view.close()
    view.deleteLater()


def _drain() -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def _edits(bench: Bench, app: object) -> list[float]:
    from PySide6.QtCore import QCoreApplication

    from journeymapper.ui.main_window import MainWindow

    window = MainWindow(autosave_ms=0)
    window.resize(1600, 1000)
    window.open_map(bench.large_file)
    window.show()
    assert window.session is not None and window.view is not None
    window.view.reset_zoom()
    window.grab()
    editor = window.session.editor
    journey = editor.document.map
    steps = [s.id for s in journey.steps()]
    touchpoints = [t.id for t in journey.touchpoints]
    process_steps = [p.id for p in journey.process_steps]
    edits: list[Callable[[int], object]] = [
        lambda n: editor.rename(steps[n % len(steps)], f"Renamed step {n}"),
        lambda n: editor.set_emotion(steps[(n * 7) % len(steps)], (n % 11) - 5),
        lambda n: editor.rename(process_steps[n % len(process_steps)], f"Renamed work {n}"),
        lambda n: editor.move_touchpoint(
            touchpoints[n % len(touchpoints)], steps[(n * 13) % len(steps)]
        ),
        lambda n: editor.add_step_after(steps[(n * 5) % len(steps)], f"Added {n}"),
        lambda n: editor.delete([touchpoints[-1 - n]]),
        lambda n: editor.undo_stack.undo(),
        lambda n: editor.nudge_emotion(steps[(n * 3) % len(steps)], 1),
    ]
    times: list[float] = []
    rounds = max(3, bench.repeat // 2)
    for n in range(rounds):
        for edit in edits:
            gc.collect()
            start = time.perf_counter()
            edit(n)
            window.view.viewport().repaint()  # the frame that shows the edit
            times.append((time.perf_counter() - start) * 1000)
            QCoreApplication.processEvents()
    editor.undo_stack.setClean()
    window.close()
    window.deleteLater()
    _drain()
    return times
