"""Crash recovery: unsaved work is written every minute to a private folder, offered on the
next start, and removed only once the map is saved or the user discards it.

Each running window has its own key; a recovery file whose process is no longer alive is an
orphan of a crash (or a kill), and that is what the next start offers. Restoring does not
delete it: the restoring window adopts the key and goes on writing to it, so a second crash
loses nothing either. The copy also records the content hash of the file it was based on, so
a save after restoring still notices a colleague's newer version. Qt-free, so it is tested
without a display.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from journeymapper.model import MapFileError
from journeymapper.model.elements import JourneyMap
from journeymapper.model.locking import process_alive
from journeymapper.model.snapshot import Snapshot, take
from journeymapper.model.storage import DiskState, load, write_atomically
from journeymapper.paths import recovery_dir


@dataclass(frozen=True)
class RecoveryEntry:
    key: str
    data_path: Path
    original: Path | None
    title: str
    saved_at: float
    pid: int
    base: DiskState | None = None  # what the original file held when the work was based on it

    def describe(self) -> str:
        """Which map and when, in the words the restore question uses."""
        where = f"{self.original.name} in {self.original.parent}" if self.original else None
        taken = time.strftime("%A %d %B %Y at %H:%M", time.localtime(self.saved_at))
        source = where or "a map that was never saved"
        return f"'{self.title}' ({source}): unsaved changes, copy taken on {taken}"


class RecoveryStore:
    """The recovery folder: one ``<key>.cjm`` plus ``<key>.json`` per unsaved window."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or recovery_dir()

    @staticmethod
    def new_key() -> str:
        return uuid.uuid4().hex

    def write(
        self,
        key: str,
        journey: JourneyMap,
        original: Path | None,
        base: DiskState | None = None,
    ) -> None:
        """Keep ``journey`` under ``key``; ``base`` is what ``original`` held when the work
        started from it (so a later save can still detect a colleague's change)."""
        self.write_snapshot(key, take(journey), original, base)

    def write_snapshot(
        self,
        key: str,
        snapshot: Snapshot,
        original: Path | None,
        base: DiskState | None = None,
    ) -> None:
        """``write`` for a snapshot taken earlier; Qt-free, so an autosave runs it on a
        worker. The copy is compact JSON: only this app reads it, and it is read like a map."""
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.folder / f"{key}.cjm", snapshot.data)
        meta = {
            "original": str(original) if original else None,
            "title": snapshot.title,
            "saved_at": time.time(),
            "pid": os.getpid(),
            "base_sha256": base.sha256 if base else None,
            "base_size": base.size if base else None,
        }
        write_atomically(self.folder / f"{key}.json", json.dumps(meta).encode())

    def discard(self, key: str) -> None:
        for suffix in (".cjm", ".json"):
            with contextlib.suppress(FileNotFoundError):
                (self.folder / f"{key}{suffix}").unlink()

    def orphans(self) -> list[RecoveryEntry]:
        """Recovery files left by processes that are gone, newest first."""
        found = [entry for entry in self._entries() if not process_alive(entry.pid)]
        return sorted(found, key=lambda entry: entry.saved_at, reverse=True)

    def restore(self, entry: RecoveryEntry) -> JourneyMap:
        return load(entry.data_path).journey

    def _entries(self) -> list[RecoveryEntry]:
        if not self.folder.is_dir():
            return []
        entries = []
        for meta_path in self.folder.glob("*.json"):
            data_path = meta_path.with_suffix(".cjm")
            try:
                meta = json.loads(meta_path.read_bytes())  # our own small file, not a document
                entries.append(
                    RecoveryEntry(
                        key=meta_path.stem,
                        data_path=data_path,
                        original=Path(meta["original"]) if meta.get("original") else None,
                        title=str(meta.get("title", "")),
                        saved_at=float(meta["saved_at"]),
                        pid=int(meta["pid"]),
                        base=_base_of(meta),
                    )
                )
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                continue  # a damaged entry is skipped, never fatal at start-up
            if not data_path.is_file():
                entries.pop()
        return entries

    def is_loadable(self, entry: RecoveryEntry) -> bool:
        try:
            load(entry.data_path)
        except MapFileError:
            return False
        return True


def _base_of(meta: dict[str, object]) -> DiskState | None:
    sha, size = meta.get("base_sha256"), meta.get("base_size")
    if isinstance(sha, str) and isinstance(size, int):
        return DiskState(sha, size)
    return None
