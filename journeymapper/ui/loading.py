"""Reading a file off the GUI thread, with a progress dialog that can cancel it.

Opening a large map takes seconds (reading, then checking and building the models); done on
the GUI thread the window freezes meanwhile. ``run_in_background`` runs the reading part on a
worker thread and waits for it in a local event loop, so the window keeps repainting and the
caller still gets the result (or the job's error) as a plain return value. The job itself is
pure model code: it only gets a ``stage`` callback to name what it is doing.

One limit remains: pydantic validates a whole map in one call that holds the interpreter
lock, so the window still stalls for that call (about 0.3-0.4 s at ten times the large map);
making it shorter belongs to the parse itself (issue 10), not to this module.
"""

from __future__ import annotations

import gc
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from journeymapper.model import storage
from journeymapper.model.fileformat import collector_paused, parse

T = TypeVar("T")

PROGRESS_DELAY_MS = 200  # shorter work shows no dialog; longer work says so at once
POLL_MS = 20  # how often the GUI thread looks for the worker's news: well under a frame's wait

Stage = Callable[[str], None]


class Cancelled(Exception):
    """Raised inside a job by ``stage`` once the user cancelled: the job stops early."""


@dataclass
class _Outcome(Generic[T]):
    value: T | None = None
    error: BaseException | None = None
    finished: bool = False


class LoadProgress:
    """The dialog of one load: names the file and the stage, appears only when slow."""

    def __init__(
        self,
        parent: QWidget,
        name: str,
        delay_ms: int = PROGRESS_DELAY_MS,
        title: str = "Opening",
    ) -> None:
        self.name = name
        self.closed = False
        self.delay_ms = delay_ms
        self.started = time.monotonic()
        self.dialog = QProgressDialog(parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setRange(0, 0)  # a busy bar: the stages' lengths are not known ahead
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.dialog.setMinimumDuration(delay_ms)
        self.dialog.setValue(0)  # starts the clock that shows the dialog after the delay

    def stage(self, what: str) -> None:
        """Name the file and the stage in the dialog, e.g. ``"Reading the file"``."""
        if self.closed:  # a cancelled job's last news, arriving after the dialog went
            return
        self.dialog.setLabelText(f"{self.name}\n{what}…")
        self.dialog.resize(self.dialog.sizeHint())  # two lines of text: room for both

    def show_now_if_slow(self) -> None:
        """Show the dialog at once if the work has already taken longer than the delay,
        and let it paint: used before a long step on the GUI thread, which lets no timer
        fire to show it."""
        waited_ms = (time.monotonic() - self.started) * 1000
        if waited_ms >= self.delay_ms and not self.dialog.wasCanceled():
            self.dialog.show()
            QCoreApplication.processEvents()

    def pause(self) -> None:
        """Hide the dialog (and stop its clock) while the window asks a question."""
        self.dialog.reset()
        self.dialog.hide()

    def close(self) -> None:
        self.closed = True
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()


def run_in_background(progress: LoadProgress, job: Callable[[Stage], T]) -> T | None:
    """Run ``job`` on a worker thread while the GUI keeps running; its value, or None when
    the user cancelled (the job's late result is then dropped). The job's error is raised
    here, on the GUI thread."""
    # The worker touches no Qt object (one made here could end up destroyed on the worker
    # when it outlives a cancelled load): it leaves its news in plain Python objects, which
    # a timer on the GUI thread picks up.
    outcome: _Outcome[T] = _Outcome()
    news: queue.SimpleQueue[str] = queue.SimpleQueue()
    cancelled = threading.Event()
    loop = QEventLoop()

    def pick_up() -> None:
        while not news.empty():
            progress.stage(news.get())
        if outcome.finished:
            loop.quit()

    poll = QTimer()
    poll.setInterval(POLL_MS)
    poll.timeout.connect(pick_up)
    progress.dialog.canceled.connect(cancelled.set)
    progress.dialog.canceled.connect(loop.quit)

    def stage(what: str) -> None:
        if cancelled.is_set():
            raise Cancelled
        news.put(what)

    def work() -> None:
        try:
            outcome.value = job(stage)
        except BaseException as error:  # handed to the GUI thread, which raises it there
            outcome.error = error
        finally:
            outcome.finished = True

    # No cyclic garbage collection while the worker runs: the collector runs on whichever
    # thread allocates, and on the worker it could free a cycle holding GUI objects (a closed
    # dialog, an old scene's items) on the wrong thread, which crashed a cancelled open in
    # full test runs. Collections happen on the GUI thread once the worker is done; it never
    # outlives this block, a cancelled one included.
    with collector_paused():
        threading.Thread(target=work, name="journeymapper-load", daemon=True).start()
        poll.start()
        loop.exec()
        progress.dialog.canceled.disconnect(loop.quit)
        if not outcome.finished:  # cancelled: the job stops at its next stage; wait for it
            cancelled.set()
            progress.pause()
            loop.exec()
        poll.stop()
    if cancelled.is_set():
        return None
    if outcome.error is not None:
        raise outcome.error
    return outcome.value


def load_in_stages(path: Path, stage: Stage) -> storage.Loaded:
    """What ``model.load`` does, naming its two stages: reading the bytes, then checking
    the map (and building its models). Runs on the worker: no Qt here."""
    data = storage.read_bounded(path)
    stage("Checking the map")
    return storage.Loaded(parse(data, str(path)), storage.digest(data), data)


def settle_after_open() -> None:
    """Keep the garbage collector's full passes away from the user's edits.

    A large map and its canvas are hundreds of thousands of long-lived objects; every full
    collection walked all of them (a pause of 140-180 ms at ten times the large map, in the
    middle of typing). Freezing what opening built moves it out of the collector's walk; the
    map opened before is unfrozen and collected first, so closing it still frees its memory.
    The first map a process opens has nothing frozen before it: freezing alone is enough
    there, and it spares the opening a full collection of everything it just built (about a
    quarter of a second at ten times the large map, before the first paint).
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()
