"""Reading a file someone named, without letting a pipe, a device or a huge file hurt us.

``open`` on a named pipe (FIFO) waits for a writer that may never come, and ``/dev/zero`` (or a
link to it) reports size 0 yet never ends. So the path is checked with ``stat`` before it is
opened, opened without blocking in case it was swapped for a pipe meanwhile, and the opened
descriptor is checked again with ``fstat``, which is what the read really gets. Only a
regular file is read, and never more than ``limit + 1`` bytes of it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Opening never blocks (a FIFO swapped in after the stat) and never makes a terminal ours.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


class NotRegularFile(Exception):
    """The path names a folder, a pipe, a device or a socket; ``what`` says which."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class TooLarge(Exception):
    """The file holds more than the caller's limit; ``size`` is what it reported."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def kind_of_mode(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words a message can use."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path``.

    Raises NotRegularFile before opening anything else, TooLarge when the file is (or grows)
    larger than ``limit``, and OSError (FileNotFoundError, PermissionError, ...) as ``os``
    does.
    """
    _require_regular(os.stat(path).st_mode)
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(descriptor)
        _require_regular(status.st_mode)
        if status.st_size > limit:
            raise TooLarge(status.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(descriptor, min(limit + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(descriptor)
    if total > limit:  # it grew while we read
        raise TooLarge(total)
    return b"".join(chunks)


def _require_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise NotRegularFile(kind_of_mode(mode))
