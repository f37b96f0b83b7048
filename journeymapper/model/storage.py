"""Reading and writing .cjm files without ever losing a user's work.

A save writes a temporary file beside the target, checks every byte was written, fsyncs it,
reads it back and compares, and only then renames it over the target (atomic on POSIX and
Windows). A kill or a full disk at any moment leaves either the old file or the new one, whole.
The previous version is copied to a rotating backup first, outside the (often shared) folder of
the map by default. A save refuses to overwrite a file whose content changed since it was
loaded, compared by content hash because sizes and mtimes can be equal or restored.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from journeymapper.model.elements import JourneyMap
from journeymapper.model.errors import ConflictError, MapFileError, SaveError
from journeymapper.model.fileformat import parse, serialize
from journeymapper.model.safe_read import NotRegularFile, TooLarge, read_regular
from journeymapper.paths import backup_dir

# Far above any real map (the 10x benchmark map is a few MB) yet small enough to read at once.
MAX_FILE_BYTES = 64 * 1024 * 1024
DEFAULT_BACKUPS = 5
STALE_TEMPORARY_SECONDS = 600


@dataclass(frozen=True)
class DiskState:
    """What the file held when we last read or wrote it."""

    sha256: str
    size: int


@dataclass(frozen=True)
class Loaded:
    journey: JourneyMap
    disk: DiskState


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
    return Loaded(parse(data, str(path)), digest(data))


def save(
    journey: JourneyMap,
    path: Path | str,
    *,
    expected: DiskState | None = None,
    backups: BackupPolicy | None = None,
) -> Saved:
    """Save atomically and verified. With ``expected``, refuse if the file on disk differs."""
    path = Path(path)
    data = serialize(journey)
    parse(data, str(path))  # never write what we could not read back
    current = _current_bytes(path)
    if expected is not None and current is not None and digest(current) != expected:
        raise ConflictError(f"{path} was changed by someone else since it was opened")
    backup, warnings = None, []
    if current is not None:
        try:
            backup = _rotate_backups(path, current, backups or BackupPolicy())
        except OSError as error:
            warnings.append(
                f"no backup of the previous version was kept ({error.strerror or error})"
            )
    write_atomically(path, data)
    _sweep_stale_temporaries(path)
    return Saved(digest(data), backup, tuple(warnings))


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` whole, or leave it untouched and raise SaveError."""
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".saving", dir=path.parent
        )
    except OSError as error:
        raise SaveError(f"cannot save {path}: {error.strerror or error}") from None
    try:
        try:
            _write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        _copy_mode(path, temporary)
        if read_back(Path(temporary)) != data:
            raise SaveError(f"cannot save {path}: the written file did not read back identically")
        os.replace(temporary, path)
    except OSError as error:
        _discard(temporary)
        raise SaveError(
            f"cannot save {path}: {error.strerror or error}; the file on disk is unchanged"
        ) from None
    except SaveError:
        _discard(temporary)
        raise
    _fsync_folder(path.parent)
    if read_back(path) != data:
        raise SaveError(f"{path} did not read back identically after saving; check the disk")


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


def _rotate_backups(path: Path, previous: bytes, policy: BackupPolicy) -> Path | None:
    """Keep ``previous`` as backup 1, shifting older ones up and dropping the oldest."""
    if policy.directory is None or policy.keep <= 0:
        return None
    folder = policy.directory / _backup_key(path)
    folder.mkdir(parents=True, exist_ok=True)
    slots = [folder / f"{path.stem}.{n}{path.suffix}" for n in range(1, policy.keep + 1)]
    for older, newer in zip(reversed(slots[1:]), reversed(slots[:-1]), strict=True):
        if newer.exists():
            os.replace(newer, older)
    write_atomically(slots[0], previous)
    return slots[0]


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


def _sweep_stale_temporaries(path: Path) -> None:
    """Remove temporaries that saves killed long ago left beside the map (recent ones may
    still be a colleague's save in progress on a shared drive)."""
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.saving"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


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
