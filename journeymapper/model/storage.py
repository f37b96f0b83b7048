"""Reading and writing .cjm files without ever losing a user's work.

A save writes a temporary file beside the target, checks every byte was written, fsyncs it,
reads it back and compares, and only then renames it over the target (atomic on POSIX and
Windows). A kill or a full disk at any moment leaves either the old file or the new one, whole.
The previous version is written beside the rotating backups first, outside the (often shared)
folder of the map by default, and becomes backup 1 once the new version is safely saved; a
backup that cannot be written is a warning, never a failed save. A save refuses to overwrite a
file whose content changed since it was loaded, compared by content hash because sizes and
mtimes can be equal or restored; the map's lock (``locking.MapLock``) is held from that check
to the replace, so two saves at once cannot both pass it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from journeymapper.model.elements import JourneyMap
from journeymapper.model.errors import (
    ConflictError,
    ExistsError,
    MapFileError,
    ReadOnlyError,
    SaveError,
)
from journeymapper.model.fileformat import parse, serialize
from journeymapper.model.leftovers import sweep_beside, sweep_folder, temporary_suffix
from journeymapper.model.locking import MapLock
from journeymapper.model.safe_read import NotRegularFile, TooLarge, kind_of_mode, read_regular
from journeymapper.model.safe_text import one_line
from journeymapper.paths import backup_dir, recovery_dir

# Far above any real map (the 10x benchmark map is a few MB) yet small enough to read at once.
MAX_FILE_BYTES = 64 * 1024 * 1024
DEFAULT_BACKUPS = 5


@dataclass(frozen=True)
class DiskState:
    """What the file held when we last read or wrote it."""

    sha256: str
    size: int


@dataclass(frozen=True)
class Loaded:
    journey: JourneyMap
    disk: DiskState
    # The bytes read: the version a later three-way merge starts from (a colleague's save
    # replaces the file, so it cannot be read again then).
    data: bytes = b""


@dataclass(frozen=True)
class BackupPolicy:
    """Where previous versions go and how many are kept; ``directory=None`` keeps none."""

    directory: Path | None = field(default_factory=backup_dir)
    keep: int = DEFAULT_BACKUPS


@dataclass(frozen=True)
class Saved:
    disk: DiskState
    backup: Path | None
    warnings: tuple[str, ...] = ()


def digest(data: bytes) -> DiskState:
    return DiskState(hashlib.sha256(data).hexdigest(), len(data))


def read_bounded(path: Path) -> bytes:
    """The file's bytes, refusing anything too large to be a map, and anything that is not a
    regular file (a pipe would hang the read, a device never end it), before reading it."""
    name = str(path)
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except NotRegularFile as error:
        if error.what == "a folder":
            raise MapFileError(name, "this is a folder, not a map file") from None
        raise MapFileError(name, f"this is {error.what}, not a map file") from None
    except TooLarge as error:
        raise MapFileError(
            name,
            f"the file is {_megabytes(error.size)}; journeymapper opens maps up to "
            f"{_megabytes(MAX_FILE_BYTES)}",
        ) from None
    except FileNotFoundError:
        raise MapFileError(name, "no such file") from None
    except OSError as error:
        raise MapFileError(name, f"cannot read the file ({error.strerror or error})") from None


def load(path: Path | str) -> Loaded:
    """Read and check a map; raises MapFileError with a one-line reason."""
    path = Path(path)
    data = read_bounded(path)
    return Loaded(parse(data, str(path)), digest(data), data)


def save(
    journey: JourneyMap,
    path: Path | str,
    *,
    expected: DiskState | None = None,
    backups: BackupPolicy | None = None,
    replace_read_only: bool = False,
    must_not_exist: bool = False,
) -> Saved:
    """Save atomically and verified. With ``expected``, refuse if the file on disk differs.

    A symbolic link is followed (once): the map it points to is saved and the link stays.
    Anything that is not a regular file is refused, a read-only map too unless
    ``replace_read_only``, and any existing file when ``must_not_exist`` (a copy that must
    not overwrite anything). The previous version becomes backup 1 only after the new one is
    safely written and only when the content changed; a backup that cannot be written is a
    warning in ``Saved.warnings``, never a reason to fail the save.
    """
    target = save_target(Path(path))
    data = serialize(journey)
    parse(data, str(path))  # never write what we could not read back
    return write_map(
        data,
        target,
        expected=expected,
        backups=backups,
        replace_read_only=replace_read_only,
        must_not_exist=must_not_exist,
    )


def write_map(
    data: bytes,
    path: Path | str,
    *,
    expected: DiskState | None = None,
    backups: BackupPolicy | None = None,
    replace_read_only: bool = False,
    must_not_exist: bool = False,
) -> Saved:
    """The writing half of ``save``, for file bytes already made and checked (the GUI makes
    them on a worker from a snapshot): lock, conflict check, backup, atomic replace."""
    target = save_target(Path(path))
    policy = backups or BackupPolicy()
    with MapLock(target) as lock:
        current = _current_bytes(target)
        _check_replaceable(target, current, expected, replace_read_only, must_not_exist)
        backup = _Backup.stage(target, current, data, policy)
        try:
            write_atomically(target, data, still_allowed=lock.still_held)
        except UnverifiedSave:
            backup.commit()  # the map was replaced all the same: keep what it held before
            raise
        except SaveError:
            backup.abandon()
            raise
        kept = backup.commit()
    sweep_beside(target)
    if policy.directory is not None:
        sweep_folder(policy.directory / _backup_key(target))
    return Saved(digest(data), kept, backup.warnings)


def tidy_beside(path: Path | str) -> list[Path]:
    """Remove what killed saves left beside the map ``path`` (dead temporaries, a stale
    lock); run when a map is opened, as every save does afterwards."""
    return sweep_beside(Path(os.path.realpath(path)))


def tidy_private_folders(
    recovery: Path | None = None, policy: BackupPolicy | None = None
) -> list[Path]:
    """Remove dead temporaries from the recovery and backup folders (run at start-up)."""
    folders = [recovery or recovery_dir(), (policy or BackupPolicy()).directory]
    return [p for folder in folders if folder is not None for p in sweep_folder(folder)]


def save_target(path: Path) -> Path:
    """The file a save of ``path`` really writes: a link's target, resolved once, so the link
    stays a link; refuses devices, pipes and folders, which a save would replace or hang on."""
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise SaveError(f"cannot save {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        raise SaveError(f"cannot save {path}: it is {kind_of_mode(mode)}, not a map file")
    return target


def _check_replaceable(
    target: Path,
    current: bytes | None,
    expected: DiskState | None,
    replace_read_only: bool,
    must_not_exist: bool,
) -> None:
    """Refuse to replace what the user would not want replaced; all checked under the lock."""
    if current is None:
        return
    if must_not_exist:
        raise ExistsError(f"cannot save {target}: a file of that name exists already")
    if expected is not None and digest(current) != expected:
        raise ConflictError(f"{target} was changed by someone else since it was opened")
    if not replace_read_only and not os.access(target, os.W_OK):
        raise ReadOnlyError(
            f"cannot save {target}: the file is read-only; save under another name, "
            "or make it writable first"
        )


class _Backup:
    """The previous version on its way to backup 1: written beside the backups before the
    save (so it is on disk before the map is replaced), moved into place only after it."""

    def __init__(
        self, slots: list[Path], staged: Path | None, previous: bytes, warnings: list[str]
    ) -> None:
        self.slots = slots
        self.staged = staged
        self.previous = previous
        self._warnings = warnings

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(self._warnings)

    @classmethod
    def stage(
        cls, target: Path, previous: bytes | None, data: bytes, policy: BackupPolicy
    ) -> _Backup:
        if previous is None or previous == data or policy.directory is None or policy.keep <= 0:
            return cls([], None, b"", [])  # nothing new to keep: the history stays as it is
        folder = policy.directory / _backup_key(target)
        slots = [folder / f"{target.stem}.{n}{target.suffix}" for n in range(1, policy.keep + 1)]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            staged = _write_temporary(slots[0], previous)
        except OSError as error:
            return cls([], None, b"", [_no_backup(folder, error)])
        return cls(slots, staged, previous, [])

    def abandon(self) -> None:
        if self.staged is not None:
            _discard(str(self.staged))

    def commit(self) -> Path | None:
        """Shift the older backups up (dropping the oldest), then put the staged one first."""
        if self.staged is None:
            return None
        try:
            for older, newer in zip(
                reversed(self.slots[1:]), reversed(self.slots[:-1]), strict=True
            ):
                if newer.exists():
                    os.replace(newer, older)
            _commit_temporary(self.staged, self.slots[0], self.previous)
        except (OSError, SaveError) as error:
            self.abandon()
            self._warnings.append(_no_backup(self.slots[0].parent, error))
            return None
        return self.slots[0]


def _no_backup(folder: Path, error: Exception) -> str:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    # The folder may hold any character a file name allows: keep the warning one line.
    return one_line(f"no backup of the previous version was kept in {folder} ({reason})")


def write_atomically(
    path: Path, data: bytes, still_allowed: Callable[[], bool] | None = None
) -> None:
    """Replace ``path`` with ``data`` whole, or leave it untouched and raise SaveError.

    ``still_allowed`` is asked just before the replace (a save checks it still holds the
    map's lock, which a colleague's process may have broken as stale)."""
    try:
        temporary = _write_temporary(path, data)
    except OSError as error:
        raise SaveError(
            f"cannot save {path}: {error.strerror or error}; the file on disk is unchanged"
        ) from None
    if still_allowed is not None and not still_allowed():
        _discard(str(temporary))
        raise SaveError(
            f"cannot save {path}: another save took over the file's lock; "
            "the file on disk is unchanged"
        )
    _commit_temporary(temporary, path, data)


class UnverifiedSave(SaveError):
    """The map was replaced, but reading it back failed or differed: unlike other save
    errors, the file on disk is no longer the previous version."""


def _write_temporary(path: Path, data: bytes) -> Path:
    """A verified, fsynced copy of ``data`` in a temporary beside ``path``; raises OSError
    (and leaves nothing behind) when that fails."""
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=temporary_suffix(), dir=path.parent
    )
    try:
        try:
            _write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        _copy_mode(path, temporary)
        if read_back(Path(temporary)) != data:
            raise OSError(errno.EIO, "the written file did not read back identically")
    except OSError:
        _discard(temporary)
        raise
    return Path(temporary)


def _commit_temporary(temporary: Path, path: Path, data: bytes) -> None:
    """Rename the temporary over ``path`` and check the result."""
    try:
        os.replace(temporary, path)
    except OSError as error:
        _discard(str(temporary))
        raise SaveError(
            f"cannot save {path}: {error.strerror or error}; the file on disk is unchanged"
        ) from None
    _fsync_folder(path.parent)
    try:
        identical = read_back(path) == data
    except OSError as error:
        raise UnverifiedSave(
            f"{path} could not be read back after saving ({error.strerror or error}); "
            "check the disk"
        ) from None
    if not identical:
        raise UnverifiedSave(f"{path} did not read back identically after saving; check the disk")


def read_back(path: Path) -> bytes:
    """Read a just-written file again (a separate function so tests can tamper with it)."""
    return path.read_bytes()


def _write_all(descriptor: int, data: bytes) -> None:
    """Write every byte; a short write (full disk, size limit) must never pass as done."""
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        if written <= 0:
            raise OSError(28, "the disk accepted no more bytes")
        view = view[written:]


def _current_bytes(path: Path) -> bytes | None:
    """What the target holds now (None if there is none yet), needed for the conflict check
    and the backup; a target we cannot read is not overwritten blindly."""
    if not path.exists():
        return None
    try:
        return read_bounded(path)
    except MapFileError as error:
        raise SaveError(f"cannot save over {path}: {error.problem}") from None


def backups_of(path: Path | str, policy: BackupPolicy | None = None) -> list[Path]:
    """The backups kept for ``path``, newest first."""
    policy = policy or BackupPolicy()
    path = Path(path)
    if policy.directory is None:
        return []
    folder = policy.directory / _backup_key(path)
    slots = [folder / f"{path.stem}.{n}{path.suffix}" for n in range(1, policy.keep + 1)]
    return [slot for slot in slots if slot.exists()]


def _backup_key(path: Path) -> str:
    """One folder per map, named so a person can still find it."""
    absolute = str(path.resolve())
    return f"{path.stem}-{hashlib.sha256(absolute.encode()).hexdigest()[:12]}"


def _copy_mode(original: Path, temporary: str) -> None:
    try:
        os.chmod(temporary, original.stat().st_mode & 0o7777)
    except FileNotFoundError:
        os.chmod(temporary, 0o644)  # a new map: readable by colleagues, like other documents


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder, which is fine."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _discard(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _megabytes(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    return f"{size / 1024**2:.0f} MB"
