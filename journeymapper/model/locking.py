"""Who is writing a map right now: a lock file beside it, and whether a writer is still alive.

Two people saving the same map (two windows, two machines on a shared drive) must not both
pass the "nobody changed the file since I opened it" check and then both replace it: one of
them would silently lose the other's update. ``MapLock`` is held from that check to the
replace. It is a plain file ``.<map name>.lock`` created with ``O_CREAT | O_EXCL`` (atomic on
local disks, NFS v3+ and SMB), holding the writer's pid, host and start time, so a lock left by
a killed save can be told apart from a live one:

* same host and the pid is gone: stale, taken over at once;
* same host, pid alive but the lock is not held (``flock``, released by the kernel when a
  process dies): the pid was reused by another program, stale too;
* another host: we cannot see its processes, so only a lock older than
  ``STALE_LOCK_SECONDS`` is stale (a save holds it for seconds).

No library does this combination (``filelock``'s soft lock has no pid/host check and its
kernel lock alone is unreliable across hosts on some network shares), and it is small.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
import uuid
from pathlib import Path
from types import TracebackType

from journeymapper.model.errors import SaveError

LOCK_WAIT_SECONDS = 20.0  # how long a save waits for another one to finish
STALE_LOCK_SECONDS = 300.0  # a lock of another host this old belongs to a dead save
INCOMPLETE_LOCK_SECONDS = 10.0  # a lock file still without content after this was abandoned

if sys.platform != "win32":
    import fcntl


def this_host() -> str:
    return socket.gethostname() or "localhost"


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` of this host still runs; when we cannot tell, assume it does
    (the safe answer: nothing of a live writer is ever removed)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only checks; on POSIX it never disturbs the process
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but belongs to someone else
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        return True
    import ctypes

    query_limited_information, still_active = 0x1000, 259
    kernel = ctypes.windll.kernel32
    handle = kernel.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return bool(code.value == still_active)
    finally:
        kernel.CloseHandle(handle)


def lock_path(target: Path) -> Path:
    """The lock file of the map ``target`` (already resolved), hidden beside it."""
    return target.with_name(f".{target.name}.lock")


class MapLock:
    """Hold the lock of ``target`` in a ``with`` block; raises SaveError when another live
    save keeps it longer than ``wait`` seconds or the folder does not allow a lock file."""

    def __init__(self, target: Path, wait: float | None = None) -> None:
        self.target = target
        self.path = lock_path(target)
        self.wait = LOCK_WAIT_SECONDS if wait is None else wait
        self.token = uuid.uuid4().hex
        self._descriptor: int | None = None

    def __enter__(self) -> MapLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()

    def acquire(self) -> None:
        deadline = time.monotonic() + self.wait
        pause = 0.005
        while not self._try_create():
            holder = read_holder(self.path)
            if holder is not None and is_stale(self.path, holder):
                break_stale_lock(self.path, holder)
                continue
            if time.monotonic() > deadline:
                raise SaveError(
                    f"cannot save {self.target}: {describe(holder)} is saving it right now; "
                    "try again in a moment"
                )
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def still_held(self) -> bool:
        """True while the lock file is still ours (a lock broken as stale is not)."""
        holder = read_holder(self.path)
        return holder is not None and holder.get("token") == self.token

    def release(self) -> None:
        if self._descriptor is None:
            return
        # Remove only our own lock: if it was broken as stale, the file is someone else's.
        if self.still_held():
            with contextlib.suppress(OSError):
                self.path.unlink()
        with contextlib.suppress(OSError):
            os.close(self._descriptor)
        self._descriptor = None

    def _try_create(self) -> bool:
        try:
            descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        except OSError as error:
            raise SaveError(f"cannot save {self.target}: {error.strerror or error}") from None
        _hold_kernel_lock(descriptor)  # before the content, so a complete file is always held
        info = {"pid": os.getpid(), "host": this_host(), "time": time.time(), "token": self.token}
        try:
            os.write(descriptor, json.dumps(info).encode())
            os.fsync(descriptor)
        except OSError as error:
            os.close(descriptor)
            with contextlib.suppress(OSError):
                self.path.unlink()
            raise SaveError(f"cannot save {self.target}: {error.strerror or error}") from None
        self._descriptor = descriptor
        return True


Holder = dict[str, object]


def read_holder(path: Path) -> Holder | None:
    """What a lock file says about its writer: ``{}`` while still being written or when
    unreadable, None when there is no lock file (any more)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return {}
    try:
        info = json.loads(raw)  # a few bytes we wrote ourselves, not a document
    except ValueError:
        return {}
    return info if isinstance(info, dict) else {}


def is_stale(path: Path, holder: Holder) -> bool:
    """Whether the lock at ``path`` was left by a save that is no longer running."""
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return False  # gone already: the next attempt to create it will tell
    pid, host = holder.get("pid"), holder.get("host")
    if not isinstance(pid, int) or not isinstance(host, str):
        return age > INCOMPLETE_LOCK_SECONDS
    if host != this_host():
        return age > STALE_LOCK_SECONDS
    if not process_alive(pid):
        return True
    return pid != os.getpid() and _nobody_holds(path)


def break_stale_lock(path: Path, holder: Holder) -> None:
    """Remove the stale lock ``holder`` describes, and only that one.

    Between reading the lock and removing it, its writer may have been replaced by a live
    save; the lock is therefore moved aside first (atomic) and compared: a live lock moved by
    mistake is put back with ``link``, which never overwrites a newer one.
    """
    aside = path.with_name(f"{path.name}.{uuid.uuid4().hex}.broken")
    try:
        os.rename(path, aside)
    except OSError:
        return  # released or broken by someone else meanwhile
    try:
        if read_holder(aside) != holder:
            with contextlib.suppress(OSError):
                os.link(aside, path)
    finally:
        with contextlib.suppress(OSError):
            aside.unlink()


def describe(holder: Holder | None) -> str:
    if not holder or "pid" not in holder:
        return "another program"
    when = holder.get("time")
    since = (
        f" since {time.strftime('%H:%M:%S', time.localtime(when))}"
        if isinstance(when, int | float)
        else ""
    )
    return f"process {holder.get('pid')} on {holder.get('host')}{since}"


def _hold_kernel_lock(descriptor: int) -> None:
    """Also take the kernel's lock on the file: it vanishes with the process, which tells a
    reused pid from the real writer. Not available everywhere; the pid check remains."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _nobody_holds(path: Path) -> bool:
    """True when no live process holds the kernel lock of the lock file."""
    if sys.platform == "win32":
        return False
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return False
    else:
        return True
    finally:
        os.close(descriptor)
