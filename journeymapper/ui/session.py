"""One open map: its Editor, where it lives on disk, autosave and outside changes.

The session knows what the file held when it was opened or last saved (a content hash), so a
save never silently overwrites a colleague's version, and it watches the file to say so as
soon as it happens. Unsaved work goes to the recovery folder every ``autosave_ms``.

Saving and autosaving take a snapshot of the map on the GUI thread (compact JSON, one fast
call) and leave the rest to a worker: the pretty file format, the check that it reads back,
the lock, the backup, the atomic replace. The user goes on editing meanwhile; the map is
marked saved only when nothing changed since the snapshot, so an edit made during a save
keeps the map unsaved (and the title's *). One worker per session runs saves and autosaves
one after the other, never two at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from journeymapper.model import Document, MapFileError, SaveError
from journeymapper.model.elements import JourneyMap
from journeymapper.model.errors import ExistsError
from journeymapper.model.snapshot import Snapshot, save_snapshot
from journeymapper.model.snapshot_keeper import SnapshotKeeper
from journeymapper.model.storage import DiskState, Saved, digest, read_bounded, tidy_beside
from journeymapper.ui.background import Worker
from journeymapper.ui.editor import Editor
from journeymapper.ui.recovery import RecoveryStore

AUTOSAVE_MS = 60_000
# The keeper's bytes of the opened map are made in slices this big while the window is idle
# (a few ms each at ten times the large map), starting this long after the opening.
PRIME_SLICE = 200
PRIME_AFTER_MS = 500
COPY_NAMES_TRIED = 100


def copy_names(path: Path) -> Iterator[Path]:
    """Names for "my copy" beside ``path``: ``map (my copy).cjm``, ``map (my copy 2).cjm``..."""
    yield path.with_name(f"{path.stem} (my copy){path.suffix}")
    for number in range(2, COPY_NAMES_TRIED + 1):
        yield path.with_name(f"{path.stem} (my copy {number}){path.suffix}")


def free_copy_name(path: Path) -> Path:
    """The first copy name beside ``path`` that nothing uses yet."""
    return next((name for name in copy_names(path) if not name.exists()), path)


class MapSession(QObject):
    """Editor plus file state; ``changed_on_disk`` fires once per outside change."""

    changed_on_disk = Signal()
    state_changed = Signal()  # path or modified flag

    def __init__(
        self,
        journey: JourneyMap,
        path: Path | None = None,
        disk: DiskState | None = None,
        recovery: RecoveryStore | None = None,
        autosave_ms: int = AUTOSAVE_MS,
        parent: QObject | None = None,
        recovery_key: str | None = None,
        base: bytes | None = None,
    ) -> None:
        """``recovery_key`` continues an existing recovery copy (a restored session);
        ``base`` is the file's content as read, which a merge with a colleague's later save
        starts from."""
        super().__init__(parent)
        self._base: bytes | Snapshot | None = base
        self.editor = Editor(Document(journey), self)
        # Snapshots for saves, autosaves and exports: only what changed is serialised anew.
        self.snapshots = SnapshotKeeper(self.editor.document)
        self._priming = QTimer(self)
        self._priming.setInterval(0)
        self._priming.timeout.connect(self._prime_snapshots)
        QTimer.singleShot(PRIME_AFTER_MS, self._priming, self._priming.start)
        self.path = path
        self.disk = disk
        self.recovery = recovery or RecoveryStore()
        self.recovery_key = recovery_key or RecoveryStore.new_key()
        if path is not None:
            tidy_beside(path)  # what saves killed earlier left beside the map
        # Every change of the document counts one revision (an undo too): a save or an
        # autosave knows exactly which state it wrote.
        self.revision = 0
        self._autosaved_revision = 0
        self._reported_disk_hash: str | None = None
        self._worker = Worker("journeymapper-save", self)
        self._saves_running = 0  # saves waiting for their snapshot to be written
        self._close_after_save: QWidget | None = None
        self._file_changed_while_saving = False
        self.autosave_error: str | None = None  # the last autosave's failure, if it failed
        self.editor.changed.connect(self._count_revision)
        self.editor.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._watch()
        self._autosave = QTimer(self)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self.autosave)
        if autosave_ms > 0:
            self._autosave.start()

    def close(self) -> None:
        """Stop timers and watchers, drop the recovery file; the one teardown path."""
        self._autosave.stop()
        self._priming.stop()
        self._worker.shutdown()  # an autosave still writing would bring the copy back
        with contextlib.suppress(RuntimeError):
            self._watcher.fileChanged.disconnect(self._on_file_changed)
            self.editor.undo_stack.cleanChanged.disconnect(self._on_clean_changed)
            self.editor.changed.disconnect(self._count_revision)
        self.editor.close()
        self.snapshots.close()
        self.recovery.discard(self.recovery_key)

    def _prime_snapshots(self) -> None:
        if self.snapshots.prime(PRIME_SLICE):
            self._priming.stop()

    def _count_revision(self) -> None:
        self.revision += 1

    def _on_clean_changed(self, _clean: bool) -> None:
        self.state_changed.emit()

    @property
    def base(self) -> bytes | None:
        """The file's content as this window last read or wrote it: where a merge with a
        colleague's later save starts. None for a restored or imported map."""
        base = self._base
        return base.data if isinstance(base, Snapshot) else base  # joined when first needed

    @base.setter
    def base(self, data: bytes | None) -> None:
        self._base = data

    @property
    def modified(self) -> bool:
        return not self.editor.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled"

    def mark_unsaved(self) -> None:
        """A restored or imported map differs from its file (or has none yet)."""
        self.editor.undo_stack.resetClean()
        self.state_changed.emit()

    def keep_recovery_copy(self) -> None:
        """Write the recovery copy now, as this process's own: a restored session keeps the
        copy it came from up to date, so a second crash right after restoring loses nothing."""
        self.wait_for_writes()  # an autosave in flight would overwrite it with older work
        self.recovery.write(self.recovery_key, self.editor.document.map, self.path, self.disk)
        self._autosaved_revision = self.revision

    @property
    def writing(self) -> bool:
        """True while a save or an autosave is still on its way to the disk."""
        return self._worker.busy

    def wait_for_writes(self) -> None:
        """Keep the window running until every save and autosave begun so far is done."""
        self._worker.wait_idle()

    # -- saving -------------------------------------------------------------------------------

    def save(
        self,
        path: Path | None = None,
        overwrite_changes: bool = False,
        replace_read_only: bool = False,
        must_not_exist: bool = False,
    ) -> Saved:
        """Save (to ``path`` for Save As). Raises ConflictError when the file changed on disk
        since it was read, unless ``overwrite_changes``; ReadOnlyError for a read-only map
        unless ``replace_read_only``; ExistsError for an existing file when
        ``must_not_exist``; SaveError when the save failed."""
        target = path or self.path
        if target is None:
            raise ValueError("a map without a file needs a path to save to")
        # A save still in flight first: what it wrote is what this one is checked against.
        self.wait_for_writes()
        same_file = self.path is not None and target.resolve() == self.path.resolve()
        expected = self.disk if same_file and not overwrite_changes else None
        snapshot = self.snapshots.take(self.revision)
        self._saves_running += 1
        try:
            future = self._worker.submit(
                lambda: save_snapshot(
                    snapshot,
                    target,
                    expected=expected,
                    replace_read_only=replace_read_only,
                    must_not_exist=must_not_exist,
                ),
                # Applied when handed over, in the order the saves were made: a second save
                # started meanwhile (Ctrl+S again) is applied after this one, never before.
                lambda done: None if done.exception() else self._saved(snapshot, target, done),
            )
            self._worker.wait_for(future)  # the window keeps running: edits go on
        finally:
            self._saves_running -= 1
            if not self._saves_running:
                self._after_saves()
        return future.result()  # the worker's error, raised here

    @property
    def saving(self) -> bool:
        """True while a save waits for its snapshot to be written."""
        return self._saves_running > 0

    def _after_saves(self) -> None:
        """The last save in flight is over: what waited for it happens now."""
        if self._file_changed_while_saving:
            self._file_changed_while_saving = False
            if self.path is not None:
                self._on_file_changed(str(self.path))
        window, self._close_after_save = self._close_after_save, None
        if window is not None:
            QTimer.singleShot(0, window.close)

    def close_when_saved(self, window: QWidget) -> None:
        """Close ``window`` (asking about unsaved changes as usual) once the save in flight
        is done, successful or not."""
        self._close_after_save = window

    def _saved(self, snapshot: Snapshot, target: Path, done: Future[Saved]) -> None:
        """The file now holds ``snapshot``: saved only if the map is still that revision."""
        self.path, self.disk = target, done.result().disk
        self._base = snapshot  # what the file now holds: a later merge starts here
        self._reported_disk_hash = None
        if self.revision == snapshot.revision:
            self.editor.undo_stack.setClean()
            self.recovery.discard(self.recovery_key)
        else:
            # Edited during the save: unsaved, and no state in the undo history is the
            # file's any more (undoing back to the old clean point must not say "saved").
            self.editor.undo_stack.resetClean()
        self._watch()
        self.state_changed.emit()

    def save_copy_beside(self) -> Saved:
        """Keep both versions: save this one as a new copy beside the file (never over any
        existing file) and go on working in the copy."""
        if self.path is None:
            raise ValueError("a map without a file has nothing to keep a copy beside")
        for candidate in copy_names(self.path):
            try:
                return self.save(candidate, must_not_exist=True)
            except ExistsError:
                continue
        raise SaveError(f"cannot save a copy beside {self.path}: every copy name is taken")

    def autosave(self) -> bool:
        """Start writing unsaved work to the recovery folder if it changed since the last
        time; True when a write was started. The snapshot is taken here, the writing runs
        on the worker (``wait_for_writes`` waits for it); nothing starts while a save is on
        its way, and the next tick catches up."""
        if self._worker.busy:
            return False
        if not self.modified:
            self.recovery.discard(self.recovery_key)
            return False
        if self.revision == self._autosaved_revision:
            return False
        snapshot = self.snapshots.take(self.revision)
        key, path, disk, store = self.recovery_key, self.path, self.disk, self.recovery
        self._worker.submit(
            lambda: store.write_snapshot(key, snapshot, path, disk),
            lambda future: self._autosaved(snapshot, future.exception()),
        )
        return True

    def _autosaved(self, snapshot: Snapshot, error: BaseException | None) -> None:
        if error is None:
            self._autosaved_revision = snapshot.revision
            self.autosave_error = None
        else:  # tried again at the next tick; the map itself is untouched
            self.autosave_error = str(error)

    # -- watching the file --------------------------------------------------------------------

    def _watch(self) -> None:
        for watched in self._watcher.files():
            self._watcher.removePath(watched)
        if self.path is not None and self.path.exists():
            self._watcher.addPath(str(self.path))

    def _on_file_changed(self, name: str) -> None:
        if self.saving:  # our own replace, most likely: looked at once the save is done
            self._file_changed_while_saving = True
            return
        # An atomic replace (ours or anyone's) ends the watch on the old file: watch again.
        if Path(name).exists() and name not in self._watcher.files():
            self._watcher.addPath(name)
        if self.differs_on_disk():
            self.changed_on_disk.emit()

    def acknowledge_disk(self) -> None:
        """The user has answered about the file as it is now: its present version (however
        many times the watcher fires for it) is not asked about again."""
        if self.path is None:
            return
        with contextlib.suppress(MapFileError):
            self._reported_disk_hash = digest(read_bounded(self.path)).sha256

    def differs_on_disk(self) -> bool:
        """True once for each new outside version of the file."""
        if self.path is None or self.disk is None:
            return False
        try:
            current = digest(read_bounded(self.path)).sha256
        except MapFileError:
            return False  # gone or unreadable for now; the save will say so if it matters
        if current == self.disk.sha256 or current == self._reported_disk_hash:
            return False
        self._reported_disk_hash = current
        return True
