"""File work beside the GUI thread: saves, autosaves and exports run on a worker, in order.

The worker touches no Qt object and no live model: it gets a snapshot (``model.snapshot``)
and plain values, and leaves its outcome in a ``Future``. A timer on the GUI thread picks up
finished jobs and runs their ``done`` callbacks there, in the order the jobs were submitted,
so a save's result is applied where the rest of the window lives. One worker per owner makes
two saves (or a save and an autosave) of the same map run one after the other, never at once.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer

T = TypeVar("T")
POLL_MS = 10  # how often the GUI thread looks for finished jobs: well under a frame
Done = Callable[["Future[Any]"], None]


class _CollectorHold:
    """No cyclic garbage collection while any worker job runs, counted over all of them.

    The collector runs on whichever thread happens to allocate; on a worker it could free a
    cycle holding Qt objects (a closed dialog, an old scene's items) on the wrong thread,
    which crashed cancelled loads before (see ``loading``). A worker building a map's worth
    of objects would also pay for full collections over the whole heap, holding the
    interpreter lock the GUI thread waits for. Collections resume once the last job is done.
    """

    def __init__(self) -> None:
        self.count = 0
        self.was_enabled = True

    def acquire(self) -> None:
        if self.count == 0:
            self.was_enabled = gc.isenabled()
            gc.disable()
        self.count += 1

    def release(self) -> None:
        self.count -= 1
        if self.count == 0 and self.was_enabled:
            gc.enable()


COLLECTOR_HOLD = _CollectorHold()


class Worker(QObject):
    """A queue of jobs on one worker thread; results come back on the GUI thread."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending: list[tuple[Future[Any], Done | None]] = []
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._pick_up)
        self._closed = False

    @property
    def busy(self) -> bool:
        """True while a job is queued, running, or its result not yet handed over."""
        return bool(self._pending)

    def submit(self, job: Callable[[], T], done: Done | None = None) -> Future[T]:
        """Run ``job`` after the jobs before it; ``done(future)`` later on the GUI thread."""
        if self._closed:
            raise RuntimeError("this worker was shut down")
        COLLECTOR_HOLD.acquire()
        try:
            future = self._executor.submit(job)
        except BaseException:
            COLLECTOR_HOLD.release()
            raise
        self._pending.append((future, done))
        self._poll.start()
        return future

    def wait_for(self, future: Future[Any]) -> None:
        """Keep the window running (paint, keys, edits) until ``future``'s result is handed
        over; a local event loop, as a modal dialog's."""
        if not self._is_pending(future):
            return
        loop = QEventLoop()
        check = QTimer()
        check.setInterval(POLL_MS)
        check.timeout.connect(lambda: None if self._is_pending(future) else loop.quit())
        check.start()
        loop.exec()
        check.stop()

    def wait_idle(self) -> None:
        """Keep the window running until every job so far is done and handed over."""
        while self._pending:
            self.wait_for(self._pending[-1][0])

    def shutdown(self) -> None:
        """Finish what is queued (blocking: the window is closing), hand the results over,
        and take no more jobs."""
        self._closed = True
        self._executor.shutdown(wait=True)
        self._pick_up()
        self._poll.stop()

    def _is_pending(self, future: Future[Any]) -> bool:
        return any(pending is future for pending, _ in self._pending)

    def _pick_up(self) -> None:
        while self._pending and self._pending[0][0].done():
            future, done = self._pending.pop(0)
            COLLECTOR_HOLD.release()
            if done is not None:
                done(future)
        if not self._pending:
            self._poll.stop()
