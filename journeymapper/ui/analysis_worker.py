"""The analysis after an edit, off the GUI thread.

On a map ten times the large one the analysis takes about a tenth of a second, long enough
to stall typing if it ran on the GUI thread after every edit. It runs in one worker thread
instead, reading the map as it is; the GUI thread goes on meanwhile, and may change the map.

No copy of the map is made (a deep copy of a large map costs more than the analysis): each
run is tagged with the revision of the document it started from, and its result is used only
if the document is still at that revision when the result arrives. Every change is made on
the GUI thread and moves the revision on, so a result that arrives at its own revision was
read from a map that did not change while it was read; any other result (or a run that
tripped over a change half-way) is thrown away, and the edit that moved the revision on has
asked for a new run already.
"""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from journeymapper.model.analysis import Analysis, Finding, run_analysis
from journeymapper.model.elements import JourneyMap

ByElement = dict[str, list[Finding]]


@dataclass(frozen=True)
class Result:
    """An analysis and its findings by element id, as the canvas marks them."""

    analysis: Analysis
    by_element: ByElement


def findings_by_element(findings: list[Finding]) -> ByElement:
    """Each element's findings, in the order of ``findings``."""
    found: defaultdict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        for element_id in finding.elements:
            found[element_id].append(finding)
    return dict(found)


def analyse(journey: JourneyMap) -> Result:
    """Everything the window shows from one analysis of ``journey``."""
    analysis = run_analysis(journey)
    return Result(analysis, findings_by_element(analysis.findings))


class BackgroundAnalysis(QObject):
    """Runs ``analyse`` in a worker thread, one run at a time, newest last."""

    # The revision a run started from, and its Result (None when the run failed).
    finished = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeymapper-analysis")
        self._closed = False

    def start(self, journey: JourneyMap, revision: int) -> None:
        """Analyse ``journey`` as it is at ``revision``; ``finished`` tells the result on the
        thread this object lives in."""
        if self._closed:
            return
        future = self._pool.submit(analyse, journey)
        future.add_done_callback(lambda done: self._report(revision, done))

    def _report(self, revision: int, done: Future[Result]) -> None:
        if done.cancelled():
            return
        try:
            result: Result | None = done.result()
        except Exception:  # the map changed under the run: the caller will not use it
            result = None
        # Emitted from the worker thread: Qt queues it to this object's thread.
        self.finished.emit(revision, result)

    def close(self) -> None:
        """Drop queued runs and wait for the running one, so that no result is reported
        after the owner has gone; safe to call twice."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
