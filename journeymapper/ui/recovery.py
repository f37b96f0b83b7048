"""Crash recovery: unsaved work is written every minute to a private folder, offered on the
next start, and removed once the map is saved or the changes discarded.

Each running window has its own key; a recovery file whose process is no longer alive is an
orphan of a crash (or a kill), and that is what the next start offers. Qt-free, so it is
tested without a display.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from journeymapper.model import MapFileError, serialize
from journeymapper.model.elements import JourneyMap
from journeymapper.model.storage import load, write_atomically
from journeymapper.paths import recovery_dir


@dataclass(frozen=True)
class RecoveryEntry:
    key: str
    data_path: Path
    original: Path | None
    title: str
    saved_at: float
    pid: int


class RecoveryStore:
    """The recovery folder: one ``<key>.cjm`` plus ``<key>.json`` per unsaved window."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or recovery_dir()

    @staticmethod
    def new_key() -> str:
        return uuid.uuid4().hex

    def write(self, key: str, journey: JourneyMap, original: Path | None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.folder / f"{key}.cjm", serialize(journey))
        meta = {
            "original": str(original) if original else None,
            "title": journey.title,
            "saved_at": time.time(),
            "pid": os.getpid(),
        }
        write_atomically(self.folder / f"{key}.json", json.dumps(meta).encode())

    def discard(self, key: str) -> None:
        for suffix in (".cjm", ".json"):
            with contextlib.suppress(FileNotFoundError):
                (self.folder / f"{key}{suffix}").unlink()

    def orphans(self) -> list[RecoveryEntry]:
        """Recovery files left by processes that are gone, newest first."""
        found = [entry for entry in self._entries() if not _alive(entry.pid)]
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
                    )
                )
            except (OSError, ValueError, KeyError, TypeError):
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


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
