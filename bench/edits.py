"""Edits as a facilitator makes them, one kind at a time, timed to the repainted canvas.

Each kind is done through the real main window the way the UI does it, in the view a map
opens in (``fill_window``), and then undone with the Undo action (what Ctrl+Z triggers):

- ``rename``: F2 on a customer step, type, Enter (the inline editor zooms in to be readable;
  the view goes back to the opening view before Enter, so the rename paints that view);
- ``emotion``: a digit key on a selected step;
- ``move_step``: Alt+Right on a step that has a neighbour to its right in its phase;
- ``add_step``: Enter on a step (adds one after it and starts typing its title, zoomed in,
  as the app does);
- ``delete_touchpoint`` and ``delete_department``: Delete on the selected card.

A sample runs from the key press to the canvas's first paint after it (``gui.until_painted``)
with no garbage collection beforehand. When the edit's own handling outlasts the findings'
delay (60 ms), the refresh runs before that paint and is part of the sample, as it is of
what the user waits for. After the paint the event loop runs on until the findings have been
refreshed; the longest time the loop stood still around that refresh (wherever it ran) is
the sample's findings blocking time.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bench.gui import Paints, Ticker, pump, until_done, until_painted

if TYPE_CHECKING:
    from journeymapper.ui.main_window import MainWindow
    from journeymapper.ui.view import JourneyView

EDIT_KINDS = (
    "rename",
    "emotion",
    "move_step",
    "add_step",
    "delete_touchpoint",
    "delete_department",
)
SETTLE_MIN_S = 0.4  # how long to wait for the findings after an edit, at least ...
SETTLE_MAX_S = 3.0  # ... and at most (four times the edit's own time in between)
AFTER_FINDINGS_S = 0.03  # what follows the findings (markers repainted) is still theirs


@dataclass
class Sample:
    """One timed edit (or undo): until painted, and what blocked the loop after it."""

    ms: float
    painted: bool  # False: no paint came by itself, the benchmark forced one
    findings_ms: float | None  # the loop's stall around the findings refresh, if one came
    stall_after_ms: float  # the longest stall between the paint and the end of the settle


@dataclass
class EditTimer:
    """Times actions on one open window."""

    window: MainWindow
    ticker: Ticker = field(default_factory=Ticker)
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    findings_at: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        assert self.window.view is not None
        self.paints = Paints(self.window.view.viewport())
        editor = self.editor
        signal = getattr(editor, "findings_changed", None)
        if signal is not None:
            signal.connect(lambda *_args: self.findings_at.append(time.perf_counter()))

    @property
    def editor(self):  # type: ignore[no-untyped-def]  # the Editor, typed by the window
        assert self.window.session is not None
        return self.window.session.editor

    @property
    def view(self) -> JourneyView:
        assert self.window.view is not None
        return self.window.view

    def close(self) -> None:
        self.ticker.stop()
        self.paints.detach()

    def timed(self, kind: str, action: Callable[[], object], undo_steps: int) -> Sample:
        """Run ``action`` until painted; it must move the undo stack by ``undo_steps``."""
        stack = self.editor.undo_stack
        index = stack.index()
        before_paints = self.paints.count
        seen = len(self.findings_at)
        start = time.perf_counter()
        self.ticker.forget_before(start - 1.0)
        action()
        # The handler has returned: the loop is free again. A tick of its own, so that a
        # findings refresh the loop runs next is not billed the handler's time too.
        self.ticker.ticks.append(time.perf_counter())
        painted = until_painted(self.paints, before_paints)
        end = time.perf_counter()
        if stack.index() != index + undo_steps:
            raise RuntimeError(
                f"{kind}: the undo stack went from {index} to {stack.index()}, expected "
                f"{index + undo_steps}: the UI did not make the edit the benchmark times"
            )
        settled = self._settle(seen, end, end - start)
        after = [t for t in self.findings_at[seen:] if t > start]
        sample = Sample(
            ms=(end - start) * 1000,
            painted=painted,
            findings_ms=max(self.ticker.gap_around(t) for t in after) * 1000 if after else None,
            stall_after_ms=self.ticker.longest_gap(end, settled) * 1000,
        )
        self.samples.setdefault(kind, []).append(sample)
        return sample

    def _settle(self, seen: int, end: float, took: float) -> float:
        """Run the loop until the findings of this edit are in (or long enough that none
        are coming); when it stopped."""

        def done() -> bool:
            new = self.findings_at[seen:]
            return bool(new) and time.perf_counter() - new[-1] > AFTER_FINDINGS_S

        until_done(done, min(SETTLE_MAX_S, max(SETTLE_MIN_S, 4 * took)))
        return time.perf_counter()

    def prepare(self, element_id: str) -> None:
        """Select ``element_id`` and show it in the opening view (untimed)."""
        scene = self.window.scene
        assert scene is not None
        scene.select_only(element_id)
        self.view.fill_window()
        pump(0.02)

    def undo(self, kind: str) -> Sample:
        undo_action = self.window.actions_by_name["undo"]
        return self.timed(f"undo_{kind}", undo_action.trigger, -1)


def run_kind(timer: EditTimer, kind: str, n: int) -> None:
    """One sample of ``kind`` and one of its undo; ``n`` picks the element."""
    EDITS[kind](timer, n)
    timer.view.fill_window()  # an add or a rename zoomed in to type: back to the opening view
    pump(0.02)
    timer.undo(kind)


def _pick(items: list[str], n: int, stride: int) -> str:
    """Spread the samples over the map: the n-th of every ``stride``-th element."""
    return items[(n * stride + len(items) // 3) % len(items)]


def _step_ids(timer: EditTimer) -> list[str]:
    return [s.id for s in timer.editor.document.map.steps()]


def _rename(timer: EditTimer, n: int) -> None:
    step = _pick(_step_ids(timer), n, 37)
    timer.prepare(step)
    QTest.keyClick(timer.view, Qt.Key.Key_F2)
    inline = timer.view.inline_editor()
    if inline is None:
        raise RuntimeError("rename: F2 did not open the title editor")
    inline.selectAll()
    QTest.keyClicks(inline, f"Renamed step {n}")
    timer.view.fill_window()  # type in the readable zoom, see the result in the opening view
    pump(0.02)
    timer.timed("rename", lambda: QTest.keyClick(inline, Qt.Key.Key_Return), 1)


def _emotion(timer: EditTimer, n: int) -> None:
    step = _pick(_step_ids(timer), n, 53)
    curve = timer.editor.document.map.default_curve()
    current = curve.points.get(step) if curve is not None else None
    digit = Qt.Key.Key_4 if current != 4 else Qt.Key.Key_2
    timer.prepare(step)
    timer.timed("emotion", lambda: QTest.keyClick(timer.view, digit), 1)


def _move_step(timer: EditTimer, n: int) -> None:
    phases = [p for p in timer.editor.document.map.phases if len(p.steps) >= 2]
    phase = phases[(n * 7 + len(phases) // 3) % len(phases)]
    step = phase.steps[n % (len(phase.steps) - 1)].id
    timer.prepare(step)
    alt = Qt.KeyboardModifier.AltModifier
    timer.timed("move_step", lambda: QTest.keyClick(timer.view, Qt.Key.Key_Right, alt), 1)


def _add_step(timer: EditTimer, n: int) -> None:
    step = _pick(_step_ids(timer), n, 41)
    timer.prepare(step)
    timer.timed("add_step", lambda: QTest.keyClick(timer.view, Qt.Key.Key_Return), 1)
    inline = timer.view.inline_editor()
    if inline is not None:  # keep the new step's title as it is: no second undo step
        QTest.keyClick(inline, Qt.Key.Key_Return)


def _delete_touchpoint(timer: EditTimer, n: int) -> None:
    touchpoint = _pick([t.id for t in timer.editor.document.map.touchpoints], n, 59)
    timer.prepare(touchpoint)
    timer.timed("delete_touchpoint", lambda: QTest.keyClick(timer.view, Qt.Key.Key_Delete), 1)


def _delete_department(timer: EditTimer, n: int) -> None:
    departments = [d.id for d in timer.editor.document.map.departments]
    timer.prepare(departments[(n * 3 + 1) % len(departments)])
    timer.timed("delete_department", lambda: QTest.keyClick(timer.view, Qt.Key.Key_Delete), 1)


EDITS: dict[str, Callable[[EditTimer, int], None]] = {
    "rename": _rename,
    "emotion": _emotion,
    "move_step": _move_step,
    "add_step": _add_step,
    "delete_touchpoint": _delete_touchpoint,
    "delete_department": _delete_department,
}


def sample_kinds(timer: EditTimer, samples: int, budget_s: float, warm_up: bool) -> None:
    """``samples`` of every kind and its undo, fewer for a kind that has used ``budget_s``
    (at least one); with ``warm_up`` one untimed round first (imports, first-use caches)."""
    if warm_up:
        for kind in EDIT_KINDS:
            run_kind(timer, kind, samples + 1)
        timer.samples.clear()
    for kind in EDIT_KINDS:
        started = time.perf_counter()
        for n in range(samples):
            run_kind(timer, kind, n)
            if time.perf_counter() - started > budget_s:
                break


def p95(values: list[float]) -> float:
    """The 95th percentile (between the samples); the one value when there is one."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def stats(values: list[float]) -> tuple[float, float, float]:
    """Median, p95 and worst."""
    return statistics.median(values), p95(values), max(values)


def kind_figures(samples: dict[str, list[Sample]], label: str) -> dict[str, float]:
    """Median, p95 and worst per kind (and undo of each) at one size ``label`` (``10x``)."""
    figures: dict[str, float] = {}
    for kind in EDIT_KINDS:
        for name in (kind, f"undo_{kind}"):
            median, high, worst = stats([s.ms for s in samples[name]])
            figures[f"edit_{name}_ms_median_{label}"] = median
            figures[f"edit_{name}_ms_p95_{label}"] = high
            figures[f"edit_{name}_ms_worst_{label}"] = worst
    return figures


def all_ms(samples: dict[str, list[Sample]]) -> list[float]:
    return [s.ms for kind in samples.values() for s in kind]
