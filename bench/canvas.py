"""Canvas figures: opening a map to a painted window, and what a user feels while editing.

``open_to_paint_s_large``: from reading the file to a painted main window. Its baseline, in
the same run, is a plain QGraphicsScene with one rectangle and one text item per element of
the map, shown in a view and painted the same way.

Then, at every size of the run (1x, 3x and 10x the base map; 30x with ``--huge``), the map is
opened in the real main window and each kind of edit of ``bench.edits`` is made and undone,
timed to the repainted canvas: median, p95 and worst per kind and size
(``edit_<kind>_ms_<median|p95|worst>_<n>x``), and over all kinds (``edit_ms_..._<n>x``).
On the largest size of the run (10x; 3x with ``--quick``) the window also measures the
findings refresh, autosave, save, the report and Excel exports and the Excel import
(``bench.blocking``). Keys named ``_10x`` come from that largest size, and ``top_factor``
says which size it was; ``_large`` keys come from the base map (1x).
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from bench import blocking
from bench.edits import EditTimer, Sample, all_ms, kind_figures, sample_kinds, stats
from bench.gui import application, close_window, open_window

if TYPE_CHECKING:
    from bench.run import Bench, Figures

TOP = "10x"  # the label of the keys measured at the largest size of the run


def measure_canvas(bench: Bench) -> Figures:
    application()
    open_s, baseline_s = _open_to_paint(bench)
    edits = measure_edits(bench)
    figures: Figures = {  # the keys of earlier rounds first, in their order
        "edit_ms_median_large": edits.pop("edit_ms_median_large"),
        "edit_ms_max_large": edits.pop("edit_ms_max_large"),
        "open_to_paint_s_large": open_s,
        "open_to_paint_baseline_s": baseline_s,
        "open_to_paint_ratio_vs_baseline": open_s / baseline_s,
    }
    figures.update(edits)
    return figures


def measure_edits(bench: Bench) -> Figures:
    """Every kind of edit at every size; the blocking figures at the largest one."""
    per_size: dict[int, dict[str, list[Sample]]] = {}
    figures: Figures = {}
    extra: Figures = {}
    for factor in bench.factors:
        window, _prompts = open_window(bench.file_at(factor))
        timer = EditTimer(window)
        try:
            sample_kinds(timer, bench.edit_samples, bench.edit_budget_s, factor == bench.factors[0])
            per_size[factor] = {kind: list(got) for kind, got in timer.samples.items()}
            figures.update(kind_figures(timer.samples, f"{factor}x"))
            if factor == bench.top_factor:
                extra = _blocking(bench, timer)
        finally:
            timer.close()
            close_window(window)
        _note_forced_paints(timer.samples, factor)
    overall = _overall(per_size, bench)
    overall.update(extra)
    overall.update(figures)
    return overall


def _blocking(bench: Bench, timer: EditTimer) -> Figures:
    """The figures of ``bench.blocking`` on the open window; one that fails (the app
    reported an error) is left out and noted in ``bench.failures``, the others still run."""
    runs = max(1, min(bench.repeat, 3))
    measurements: list[tuple[str, Callable[[], Figures]]] = [
        (
            "frames",
            lambda: blocking.measure_frames(timer.window, TOP, max(3, min(bench.repeat, 9))),
        ),
        ("emotion drag", lambda: blocking.measure_drag(timer, TOP)),
        ("autosave and save", lambda: blocking.measure_saving(timer, TOP, runs)),
        ("report export", lambda: _export(bench, timer, "report")),
        ("Excel export", lambda: _export(bench, timer, "xlsx_export")),
        # Last: the import replaces the window's map.
        ("Excel import", lambda: blocking.measure_import(timer, TOP, bench.workdir)),
    ]
    figures: Figures = {}
    for name, measure in measurements:
        try:
            figures.update(measure())
        except RuntimeError as error:
            bench.failures.append(f"{name} at {bench.top_factor}x: {error}")
    return figures


def _export(bench: Bench, timer: EditTimer, kind: str) -> Figures:
    runs = max(1, min(bench.repeat, 3))
    return blocking.measure_export(timer, TOP, runs, bench.workdir, kind)


def _overall(per_size: dict[int, dict[str, list[Sample]]], bench: Bench) -> Figures:
    base = all_ms(per_size[bench.factors[0]])
    median, high, worst = stats(base)
    figures: Figures = {
        "edit_ms_median_large": median,
        "edit_ms_max_large": worst,
        "edit_ms_p95_large": high,
    }
    top = per_size[bench.top_factor]
    median, high, worst = stats(all_ms(top))
    figures.update(
        {
            "top_factor": bench.top_factor,
            f"edit_ms_median_{TOP}": median,
            f"edit_ms_p95_{TOP}": high,
            f"edit_ms_worst_{TOP}": worst,
            f"delete_department_ms_{TOP}": statistics.median(
                s.ms for s in top["delete_department"]
            ),
            f"undo_delete_department_ms_{TOP}": statistics.median(
                s.ms for s in top["undo_delete_department"]
            ),
        }
    )
    if 30 in per_size:
        figures["edit_ms_worst_30x"] = max(all_ms(per_size[30]))
        figures["edit_ms_median_30x"] = statistics.median(all_ms(per_size[30]))
    samples = [s for kind in top.values() for s in kind]
    findings = [s.findings_ms for s in samples if s.findings_ms is not None]
    stalls = [s.stall_after_ms for s in samples]
    # Without a findings signal (or when none came) the longest stall after the edit stands in.
    findings = findings or stalls
    figures[f"findings_blocking_ms_{TOP}"] = statistics.median(findings)
    figures[f"findings_blocking_ms_worst_{TOP}"] = max(findings)
    figures[f"after_edit_stall_ms_worst_{TOP}"] = max(stalls)
    return figures


def _note_forced_paints(samples: dict[str, list[Sample]], factor: int) -> None:
    forced = sum(not s.painted for kind in samples.values() for s in kind)
    if forced:
        print(
            f"bench: {forced} edits at {factor}x brought no paint of the canvas by themselves "
            "within 0.5 s; the benchmark painted it",
            file=sys.stderr,
        )


def _open_to_paint(bench: Bench) -> tuple[float, float]:
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
