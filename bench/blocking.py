"""What stalls the window on a big map, besides the edits: saving, autosave, an export, an
import, painting the opening view, and dragging an emotion point.

Each is started the way the app starts it (the Save action as Ctrl+S triggers it, the
session's autosave as its timer calls it, the Export and Import actions of the menu with the
file dialog answered by the benchmark) and followed through the event loop until its file is
written or its map is on the canvas. ``..._blocking_ms`` is the longest time the event loop
stood still meanwhile (``gui.Ticker``): zero-ish when the work runs off the GUI thread, the
whole job when it runs on it. ``..._s`` is the time until done.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from bench.gui import BenchPrompts, Paints, pump, until_done
from journeymapper.export.workbook import write_workbook

if TYPE_CHECKING:
    from bench.edits import EditTimer
    from journeymapper.ui.main_window import MainWindow

JOB_TIMEOUT_S = 600.0  # one save, export or import of a 30x map still ends well within this
DRAG_MOVES = 20


def _file_state(path: Path) -> tuple[int, int, int] | None:
    """What tells a rewritten file from the old one (an atomic replace changes the inode)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _folder_state(folder: Path) -> dict[str, tuple[int, int, int] | None]:
    if not folder.is_dir():
        return {}
    return {p.name: _file_state(p) for p in folder.iterdir()}


def _timed_job(
    timer: EditTimer, start_job: Callable[[], object], done: Callable[[], bool], what: str
) -> tuple[float, float]:
    """Start a job and run the loop until it is done: (seconds until done, longest stall in
    ms). An error the app reports instead ends the benchmark with that error."""
    ticker = timer.ticker
    prompts = timer.window.prompts
    assert isinstance(prompts, BenchPrompts)
    errors = len(prompts.errors)
    start = time.perf_counter()
    ticker.forget_before(start - 1.0)
    start_job()
    if not until_done(lambda: done() or len(prompts.errors) > errors, JOB_TIMEOUT_S):
        raise RuntimeError(f"{what} did not finish within {JOB_TIMEOUT_S:.0f} s")
    if len(prompts.errors) > errors:
        raise RuntimeError(f"{what} failed: {prompts.errors[-1]}")
    end = time.perf_counter()
    pump(0.03)  # what follows the job (a status line, a title) belongs to it too
    return end - start, ticker.longest_gap(start, time.perf_counter()) * 1000


def _an_edit(timer: EditTimer, n: int) -> None:
    """Something to save: an emotion key on a step, settled (findings in)."""
    from bench.edits import EDITS

    EDITS["emotion"](timer, n + 1000)


def measure_saving(timer: EditTimer, label: str, runs: int) -> dict[str, float]:
    """Autosave (the session's timer slot) and Save (the action), each after an edit."""
    autosave_s, autosave_ms, save_s, save_ms = [], [], [], []
    for n in range(runs):
        _an_edit(timer, n)
        took, stall = _autosave(timer)
        autosave_s.append(took)
        autosave_ms.append(stall)
        _an_edit(timer, n + 500)
        took, stall = _save(timer)
        save_s.append(took)
        save_ms.append(stall)
    return {
        f"autosave_blocking_ms_{label}": statistics.median(autosave_ms),
        f"autosave_s_{label}": statistics.median(autosave_s),
        f"save_blocking_ms_{label}": statistics.median(save_ms),
        f"save_s_{label}": statistics.median(save_s),
    }


def _autosave(timer: EditTimer) -> tuple[float, float]:
    """What the autosave timer calls, until the recovery copy is written."""
    session = timer.window.session
    assert session is not None
    folder = timer.window.recovery.folder
    before = _folder_state(folder)

    def written() -> bool:
        now = _folder_state(folder)
        return bool(now) and now != before

    return _timed_job(timer, session.autosave, written, "autosave")


def _save(timer: EditTimer) -> tuple[float, float]:
    """The Save action (Ctrl+S), until the file is replaced and the map is clean."""
    session = timer.window.session
    assert session is not None and session.path is not None
    path = session.path
    old = _file_state(path)

    def saved() -> bool:
        return _file_state(path) != old and not session.modified

    return _timed_job(timer, timer.window.actions_by_name["save"].trigger, saved, "save")


def measure_export(
    timer: EditTimer, label: str, runs: int, workdir: Path, kind: str
) -> dict[str, float]:
    """Export > Report (PDF) (``kind`` "report") or Export > Excel workbook ("xlsx_export")
    from the menu's action, to a file the prompts name, until the file is written."""
    action, suffix = EXPORTS[kind]
    times, stalls = [], []
    for n in range(runs):
        took, stall = _export(timer, action, workdir / f"{kind}-{label}-{n}{suffix}")
        times.append(took)
        stalls.append(stall)
    return {
        f"{kind}_s_{label}": statistics.median(times),
        f"{kind}_blocking_ms_{label}": statistics.median(stalls),
    }


EXPORTS = {"report": ("export_report", ".pdf"), "xlsx_export": ("export_xlsx", ".xlsx")}


def _export(timer: EditTimer, action: str, out: Path) -> tuple[float, float]:
    prompts = timer.window.prompts
    assert isinstance(prompts, BenchPrompts)
    prompts.export_to = out
    try:
        return _timed_job(
            timer,
            timer.window.actions_by_name[action].trigger,
            lambda: _file_state(out) is not None,
            f"the export to {out.name}",
        )
    finally:
        out.unlink(missing_ok=True)


def measure_import(timer: EditTimer, label: str, workdir: Path) -> dict[str, float]:
    """File > Import from Excel of the map's own workbook, until the imported map is on the
    canvas. Replaces the window's map: the last measurement on a window."""
    window = timer.window
    prompts = window.prompts
    assert isinstance(prompts, BenchPrompts) and window.session is not None
    book = workdir / f"import-{label}.xlsx"
    write_workbook(window.session.editor.document.map, book)
    prompts.workbook = book
    old_session = window.session

    def imported() -> bool:
        return window.session is not None and window.session is not old_session

    try:
        took, stall = _timed_job(
            timer, window.actions_by_name["import_xlsx"].trigger, imported, "the Excel import"
        )
    finally:
        book.unlink(missing_ok=True)
    return {f"xlsx_import_s_{label}": took, f"xlsx_import_blocking_ms_{label}": stall}


def measure_frames(window: MainWindow, label: str, repeat: int) -> dict[str, float]:
    """The opening view, and the whole map fitted, painted into an image (median ms)."""
    view = window.view
    assert view is not None
    viewport = view.viewport()
    image = QImage(viewport.size(), QImage.Format.Format_ARGB32_Premultiplied)

    def frame() -> float:
        start = time.perf_counter()
        viewport.render(image)
        return (time.perf_counter() - start) * 1000

    figures: dict[str, float] = {}
    for key, show in (("fit_view", view.fill_window), ("whole_map", view.fit_all)):
        show()
        pump(0.05)
        frame()  # the first after a zoom change may fill caches
        figures[f"{key}_frame_ms_{label}"] = statistics.median(frame() for _ in range(repeat))
    view.fill_window()
    scene_rect = view.mapToScene(viewport.rect()).boundingRect()
    figures[f"fit_view_items_{label}"] = len(view.scene().items(scene_rect))
    return figures


def measure_drag(timer: EditTimer, label: str) -> dict[str, float]:
    """Drag a step's emotion point at 100% up and down the scale: ms per mouse move, from
    the move to the canvas painted (a move that brought no paint within 0.5 s is left out)."""
    window, view = timer.window, timer.view
    scene = window.scene
    assert scene is not None
    steps = [s.id for s in window.session.editor.document.map.steps()]  # type: ignore[union-attr]
    point = scene.point_for(steps[len(steps) // 2])
    if point is None:
        raise RuntimeError("no emotion point to drag")
    view.reset_zoom()
    view.centerOn(point)
    pump(0.05)
    start = point.scenePos()
    top, bottom = scene.layout.value_to_y(4), scene.layout.value_to_y(-4)
    half = DRAG_MOVES // 2
    path = [top + (start.y() - top) * (1 - n / half) for n in range(half)]
    path += [top + (bottom - top) * (n + 1) / half for n in range(half)]
    viewport = view.viewport()
    paints = Paints(viewport)
    QTest.mousePress(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view.mapFromScene(start),
    )
    pump(0.02)
    times = []
    for y in path:
        before = paints.count
        began = time.perf_counter()
        QTest.mouseMove(viewport, view.mapFromScene(QPointF(start.x(), y)))
        if until_done(lambda before=before: paints.count > before, 0.5):  # type: ignore[misc]
            times.append((time.perf_counter() - began) * 1000)
    QTest.mouseRelease(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view.mapFromScene(QPointF(start.x(), path[-1])),
    )
    paints.detach()
    pump(0.2)
    view.fill_window()
    if not times:
        raise RuntimeError("dragging an emotion point never repainted the canvas")
    return {f"emotion_drag_ms_per_move_{label}": statistics.median(times)}
