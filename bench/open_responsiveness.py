"""How the window fares while a large map opens: open to paint, and the GUI thread's stalls.

Run as ``python bench/open_responsiveness.py 10`` (the factor of the synthetic map; 10 by
default) under the offscreen platform or a display. It opens the map in the real main window
with a 10 ms timer running, and prints as JSON:

- ``open_to_paint_s_<n>x``: from ``open_map`` to the first paint of the map's canvas;
- ``open_longest_stall_ms_<n>x``: the longest gap between timer ticks meanwhile (how long the
  window could not repaint or take input), and the same before the canvas is built;
- ``scene_build_s_<n>x``: building the canvas, one call on the GUI thread.

With ``--file MAP`` it opens that file instead and adds, for ``bench/run.py`` which starts
it as a process of its own, ``peak_memory_mb`` (the process's peak resident size once the
canvas is painted) and, given ``--spawned-at`` (the parent's ``time.monotonic()`` just before
starting it), ``process_to_paint_s``: from starting the process to the first paint, Python
and Qt starting up included, as a user who opens a map from the file manager waits.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QObject, QTimer

from journeymapper.ui.session import MapSession

TICK_MS = 10


class _FirstPaint(QObject):
    """Notes when the canvas (a JourneyView's viewport) is first painted."""

    def __init__(self, marks: dict[str, float]) -> None:
        super().__init__()
        self.marks = marks

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from journeymapper.ui.view import JourneyView

        first = "start" in self.marks and "paint" not in self.marks
        canvas = isinstance(watched.parent(), JourneyView)
        if first and canvas and event.type() == QEvent.Type.Paint:
            self.marks["paint"] = time.perf_counter()
            self.marks["paint_monotonic"] = time.monotonic()
        return False


def measure(path: Path, delay_ms: int = 200) -> dict[str, float]:
    """Open ``path`` in a fresh main window ``delay_ms`` after showing it; times in seconds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from journeymapper.ui.app import application
    from journeymapper.ui.main_window import MainWindow

    app = application()
    window = MainWindow(autosave_ms=0)
    window.resize(1600, 1000)
    window.show()
    marks: dict[str, float] = {}
    ticks: list[float] = []
    painted = _FirstPaint(marks)
    app.installEventFilter(painted)
    install = window.install

    def timed_install(session: MapSession) -> None:
        marks["install"] = time.perf_counter()
        install(session)
        marks["installed"] = time.perf_counter()

    window.install = timed_install  # type: ignore[method-assign]
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()

    def start() -> None:
        marks["start"] = time.perf_counter()
        window.open_map(path)

    QTimer.singleShot(delay_ms, start)
    deadline = time.perf_counter() + 600
    while "paint" not in marks and time.perf_counter() < deadline:
        app.processEvents()
    timer.stop()
    app.removeEventFilter(painted)
    if "paint" not in marks:
        raise RuntimeError(f"the canvas of {path} was not painted within 600 s")
    if window.session is not None:  # closing must not stop at the discard prompt
        window.session.editor.undo_stack.setClean()
    window.close()
    return {
        "open_to_paint": marks["paint"] - marks["start"],
        "longest_stall": _longest_gap(ticks, marks["start"], marks["paint"]),
        "longest_stall_before_scene": _longest_gap(ticks, marks["start"], marks["install"]),
        "scene_build": marks["installed"] - marks["install"],
        "paint_monotonic": marks["paint_monotonic"],
    }


def _longest_gap(ticks: list[float], start: float, end: float) -> float:
    inside = [start, *(tick for tick in ticks if start < tick < end), end]
    return max(later - earlier for earlier, later in itertools.pairwise(inside))


def peak_memory_mb() -> float:
    """This process's peak resident size so far (Linux reports it in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("factor", type=int, nargs="?", default=10)
    parser.add_argument("--file", type=Path, help="open this map instead of a synthetic one")
    parser.add_argument("--spawned-at", type=float, help="the parent's time.monotonic()")
    options = parser.parse_args(argv)
    if options.file is not None:
        times = measure(options.file, delay_ms=0)  # as the app opens a map it is given
        figures = {
            "open_to_paint_s": times["open_to_paint"],
            "open_longest_stall_ms": times["longest_stall"] * 1000,
            "peak_memory_mb": peak_memory_mb(),
        }
        if options.spawned_at is not None:
            figures["process_to_paint_s"] = times["paint_monotonic"] - options.spawned_at
        print(json.dumps(figures))
        return 0
    from bench.synthetic import scaled_map
    from journeymapper.model import save

    factor = options.factor
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"synthetic-{factor}x.cjm"
        save(scaled_map(factor), path)
        times = measure(path)
    figures = {
        f"open_to_paint_s_{factor}x": round(times["open_to_paint"], 2),
        f"open_longest_stall_ms_{factor}x": round(times["longest_stall"] * 1000),
        f"open_longest_stall_before_scene_ms_{factor}x": round(
            times["longest_stall_before_scene"] * 1000
        ),
        f"scene_build_s_{factor}x": round(times["scene_build"], 2),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
