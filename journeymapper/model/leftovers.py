"""Temporary files that killed saves left behind, and removing them without harming live ones.

Every temporary a save writes is named ``.<file>.<random>.<pid>@<host tag>.saving``, so a later
process can tell whose it is. One is removed when it is provably dead: written on this host by
a process that is gone, or (any writer, including those of older versions without the tag)
untouched for ``STALE_TEMPORARY_SECONDS``. A temporary of a live save, here or on another
machine sharing the folder, is never touched.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

from journeymapper.model.locking import (
    INCOMPLETE_LOCK_SECONDS,
    break_stale_lock,
    is_stale,
    lock_path,
    process_alive,
    read_holder,
    this_host,
)

TEMPORARY_SUFFIX = ".saving"
STALE_TEMPORARY_SECONDS = 600
_WRITER = re.compile(r"\.(\d+)@([0-9a-f]{8})\.saving$")


def host_tag(host: str | None = None) -> str:
    """A short, file-name-safe stand-in for the host name."""
    return hashlib.sha256((host or this_host()).encode()).hexdigest()[:8]


def temporary_suffix() -> str:
    """The end of this process's temporary file names: who wrote it, then ``.saving``."""
    return f".{os.getpid()}@{host_tag()}{TEMPORARY_SUFFIX}"


def is_dead_temporary(path: Path, now: float | None = None) -> bool:
    """True when ``path`` is a temporary of a save that can no longer finish."""
    writer = _WRITER.search(path.name)
    if writer is not None and writer.group(2) == host_tag():
        pid = int(writer.group(1))
        if pid != os.getpid() and not process_alive(pid):
            return True
    try:
        age = (now or time.time()) - path.stat().st_mtime
    except OSError:
        return False
    return age > STALE_TEMPORARY_SECONDS


def sweep_beside(target: Path) -> list[Path]:
    """Remove the dead temporaries and a stale lock of the map ``target``; what was removed.
    Tidying up never fails: a folder it may not read is simply left as it is."""
    try:
        return _sweep_beside(target)
    except OSError:
        return []


def _sweep_beside(target: Path) -> list[Path]:
    removed = _remove_dead(target.parent.glob(f".{glob.escape(target.name)}.*{TEMPORARY_SUFFIX}"))
    lock = lock_path(target)
    removed += _remove_old(
        target.parent.glob(f"{glob.escape(lock.name)}.*.broken"), INCOMPLETE_LOCK_SECONDS
    )
    holder = read_holder(lock)
    if holder is not None and is_stale(lock, holder):
        # Only removed when the save that took it is over; a live one keeps its lock.
        break_stale_lock(lock, holder)
        if not lock.exists():
            removed.append(lock)
    return removed


def sweep_folder(folder: Path) -> list[Path]:
    """Remove every dead temporary in ``folder`` and its subfolders (the private backup and
    recovery folders, where only journeymapper writes)."""
    try:
        if not folder.is_dir():
            return []
        return _remove_dead(folder.rglob(f".*{TEMPORARY_SUFFIX}"))
    except OSError:
        return []


def _remove_old(candidates: Iterable[Path], seconds: float) -> list[Path]:
    """Remove the stale locks a take-over moved aside and was killed before deleting (it
    needs them for microseconds)."""
    removed = []
    cutoff = time.time() - seconds
    for leftover in candidates:
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                removed.append(leftover)
    return removed


def _remove_dead(candidates: Iterable[Path]) -> list[Path]:
    removed = []
    now = time.time()
    for leftover in candidates:
        if not is_dead_temporary(leftover, now):
            continue
        with contextlib.suppress(OSError):
            if leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()
                removed.append(leftover)
    return removed
