"""Saves that must not lose or overwrite work: two saves at once, links and odd files,
read-only maps, backups on a full or unwritable disk, and temporaries of killed saves.

Every test uses the real file system: second processes, symbolic links, FIFOs, a dropped user
(``setpriv``) and ``ulimit -f``, never a mock of the thing it proves.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from journeymapper.model import ConflictError, SaveError, load, save, serialize
from journeymapper.model.elements import JourneyMap, Persona
from journeymapper.model.leftovers import host_tag
from journeymapper.model.storage import BackupPolicy, backups_of
from tests.test_storage import journey_with

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 25
NO_SUCH_PID = 4_194_304 + 12_345  # above Linux's largest pid_max: never a running process


def big_version(title: str, kilobytes: int = 1500) -> JourneyMap:
    """A map of about ``kilobytes``: its write takes long enough for two saves to overlap."""
    journey = journey_with(title)
    journey.personas = [
        Persona(id=f"p{n}", name=title, profile="z" * 10_000) for n in range(kilobytes // 10)
    ]
    return journey


def journeymapper(*arguments: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    return result.returncode, result.stderr


# -- two saves at once (issue 8, item 3) ----------------------------------------------------


def _racer(index: int, target: str, barrier: Barrier, results: str, stale: bool) -> None:
    """One of two processes: each round both read the same version, then both save theirs
    with that version as the expected one; record who won and what the file then holds.
    With ``stale``, each round starts with a lock a killed save left, which both take over
    at once."""
    path = Path(target)
    versions = [big_version(f"Racer {index} round {r}") for r in range(ROUNDS)]
    records = []
    for round_number, version in enumerate(versions):
        expected = load(path).disk
        if stale and index == 0:
            _lock_of(path, NO_SUCH_PID, socket.gethostname())
        barrier.wait()
        try:
            save(version, path, expected=expected, backups=BackupPolicy(directory=None))
            outcome = "saved"
        except ConflictError:
            outcome = "refused"
        except SaveError as error:  # e.g. the other save replaced the file under this one
            outcome = f"failed: {error}"
        barrier.wait()
        on_disk = hashlib.sha256(path.read_bytes()).hexdigest()
        mine = hashlib.sha256(serialize(version)).hexdigest()
        records.append(
            {"round": round_number, "outcome": outcome, "mine": mine, "on_disk": on_disk}
        )
        barrier.wait()  # nobody starts the next round before both have looked
    Path(results).write_text(json.dumps(records))


@pytest.mark.parametrize("stale", [False, True], ids=["free", "stale lock each round"])
def test_two_processes_saving_one_map_never_both_win(tmp_path: Path, stale: bool) -> None:
    """Each round exactly one of two real processes wins, and the file holds the winner's
    version: no update is silently overwritten by the other save."""
    target = tmp_path / "map.cjm"
    save(big_version("Start"), target)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2, timeout=120)
    outputs = [tmp_path / f"racer{n}.json" for n in range(2)]
    racers = [
        context.Process(target=_racer, args=(n, str(target), barrier, str(outputs[n]), stale))
        for n in range(2)
    ]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=300)
        assert racer.exitcode == 0
    first, second = (json.loads(out.read_text()) for out in outputs)
    for mine, theirs in zip(first, second, strict=True):
        outcomes = sorted([mine["outcome"], theirs["outcome"]])
        assert outcomes == ["refused", "saved"], f"round {mine['round']}: {outcomes}"
        winner = mine if mine["outcome"] == "saved" else theirs
        assert mine["on_disk"] == theirs["on_disk"] == winner["mine"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _lock_of(target: Path, pid: int, host: str, age: float = 0.0) -> Path:
    lock = target.with_name(f".{target.name}.lock")
    when = time.time() - age
    lock.write_text(json.dumps({"pid": pid, "host": host, "time": when, "token": "x"}))
    os.utime(lock, (when, when))
    return lock


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_lock_left_by_a_killed_save_on_this_host_is_taken_over(tmp_path: Path) -> None:
    target = tmp_path / "map.cjm"
    save(journey_with("Old"), target)
    lock = _lock_of(target, dead_pid(), socket.gethostname())
    save(journey_with("New"), target)
    assert load(target).journey.title == "New"
    assert not lock.exists()


def test_a_fresh_lock_of_another_host_is_respected_and_an_old_one_taken_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("journeymapper.model.locking.LOCK_WAIT_SECONDS", 0.3)
    target = tmp_path / "map.cjm"
    save(journey_with("Old"), target)
    lock = _lock_of(target, 4242, "colleagues-laptop")
    with pytest.raises(SaveError, match=r"process 4242 on colleagues-laptop .*is saving it"):
        save(journey_with("Mine"), target)
    assert load(target).journey.title == "Old" and lock.exists()
    _lock_of(target, 4242, "colleagues-laptop", age=3600)
    save(journey_with("Mine"), target)
    assert load(target).journey.title == "Mine" and not lock.exists()


def test_a_live_process_on_this_host_keeps_its_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pid that is alive but does not hold the kernel lock (a reused pid) is stale; one
    that holds it is a save in progress."""
    monkeypatch.setattr("journeymapper.model.locking.LOCK_WAIT_SECONDS", 0.3)
    target = tmp_path / "map.cjm"
    save(journey_with("Old"), target)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\n"
            "from journeymapper.model.locking import MapLock\n"
            "with MapLock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(60)\n",
            str(target),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(SaveError, match=f"process {holder.pid} on"):
            save(journey_with("Mine"), target)
        assert load(target).journey.title == "Old"
    finally:
        holder.kill()
        holder.wait()
    # The same pid written by hand into a lock nobody holds: a reused pid, so stale.
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _lock_of(target, sleeper.pid, socket.gethostname())
        save(journey_with("Mine"), target)
        assert load(target).journey.title == "Mine"
    finally:
        sleeper.kill()
        sleeper.wait()


# -- links, odd files and read-only maps (item 4) -------------------------------------------


def test_saving_through_a_link_writes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "team" / "map.cjm"
    real.parent.mkdir()
    save(journey_with("Old"), real)
    link = tmp_path / "shortcut.cjm"
    link.symlink_to(real)
    opened = load(link)
    save(journey_with("New"), link, expected=opened.disk)
    assert link.is_symlink() and link.resolve() == real
    assert load(real).journey.title == "New"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shortcut.cjm", "team"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["map.cjm"]


def test_a_link_to_a_new_file_creates_the_target(tmp_path: Path) -> None:
    link = tmp_path / "link.cjm"
    link.symlink_to(tmp_path / "real.cjm")
    save(journey_with("First"), link)
    assert link.is_symlink() and load(tmp_path / "real.cjm").journey.title == "First"


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/null", "folder"])
def test_new_refuses_anything_that_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    """`journeymapper new X --force` on a FIFO (it used to hang reading it), a link to a
    device (it used to replace the link) or a folder: one line, exit 2, nothing changed."""
    out = tmp_path / "odd.cjm"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "folder":
        out.mkdir()
    else:
        out.symlink_to("/dev/null")
    code, stderr = journeymapper("new", out, "--force")
    assert code == 2, stderr
    assert stderr.count("\n") == 1 and "not a map file" in stderr and str(out) in stderr
    if kind == "link to /dev/null":
        assert out.is_symlink() and os.readlink(out) == "/dev/null"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odd.cjm"]


def _as_nobody(script: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    state = tempfile.mkdtemp(prefix="jm-nobody-state-")
    os.chown(state, 65534, 65534)
    return subprocess.run(
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            sys.executable,
            "-c",
            script,
            *arguments,
        ],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "JOURNEYMAPPER_STATE_DIR": state,
        },
        timeout=60,
    )


@pytest.fixture
def nobodys_read_only_map() -> Iterator[Path]:
    """A map owned by uid 65534 with mode 0444 in a folder that user may write: only the
    file's own permission stands between a save and its replacement."""
    folder = Path(tempfile.mkdtemp(prefix="jm-read-only-"))
    target = folder / "map.cjm"
    save(journey_with("Original"), target)
    for path in (folder, target):
        os.chown(path, 65534, 65534)
    os.chmod(folder, 0o755)
    os.chmod(target, 0o444)
    yield target
    shutil.rmtree(folder, ignore_errors=True)


needs_setpriv = pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(), reason="needs root and setpriv"
)

SAVE_AS_NOBODY = """
import sys
from journeymapper.model import load, save
from journeymapper.model.errors import ReadOnlyError
journey = load(sys.argv[1]).journey
journey.title = "Changed"
try:
    save(journey, sys.argv[1], replace_read_only=sys.argv[2] == "yes")
except ReadOnlyError as error:
    print(error)
    sys.exit(3)
print("saved")
"""


@needs_setpriv
def test_a_read_only_map_is_replaced_only_when_asked(nobodys_read_only_map: Path) -> None:
    target = nobodys_read_only_map
    refused = _as_nobody(SAVE_AS_NOBODY, str(target), "no")
    assert refused.returncode == 3, refused.stdout + refused.stderr
    assert "read-only" in refused.stdout
    assert load(target).journey.title == "Original"
    agreed = _as_nobody(SAVE_AS_NOBODY, str(target), "yes")
    assert agreed.stdout.strip() == "saved", agreed.stderr
    assert load(target).journey.title == "Changed"
    assert target.stat().st_mode & 0o777 == 0o444  # still read-only, as it was


@needs_setpriv
def test_cli_new_refuses_a_read_only_map_in_one_line(nobodys_read_only_map: Path) -> None:
    before = nobodys_read_only_map.read_bytes()
    result = _as_nobody(
        "import sys\nfrom journeymapper.cli import main\nsys.exit(main(sys.argv[1:]))",
        "new",
        str(nobodys_read_only_map),
        "--force",
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "read-only" in result.stderr
    assert nobodys_read_only_map.read_bytes() == before


# -- backups (item 5) ----------------------------------------------------------------------


def test_an_unwritable_backup_folder_never_blocks_the_save(tmp_path: Path) -> None:
    target = tmp_path / "map.cjm"
    save(journey_with("Old"), target)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    saved = save(journey_with("New"), target, backups=BackupPolicy(directory=blocked))
    assert load(target).journey.title == "New"
    assert saved.backup is None
    assert len(saved.warnings) == 1 and "no backup" in saved.warnings[0]


def test_cli_prints_the_backup_warning_and_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "map.cjm"
    save(journey_with("Old"), target)
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("x")
    env = {**os.environ, "JOURNEYMAPPER_STATE_DIR": str(blocked)}
    code, stderr = journeymapper("new", target, "--force", "--title", "Fresh", env=env)
    assert code == 0, stderr
    assert stderr.count("\n") == 1
    assert stderr.startswith("journeymapper: warning: no backup of the previous version")
    assert load(target).journey.title == "Fresh"


SAVE_WITH_FULL_BACKUP_DISK = """
import resource, signal, sys
from pathlib import Path
from journeymapper.model import load, save
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (200 * 1024, 200 * 1024))
journey = load(sys.argv[1]).journey
journey.personas = []
journey.title = "Small again"
saved = save(journey, sys.argv[1])
print(saved.warnings[0] if saved.warnings else "no warning")
"""


def test_a_full_disk_for_the_backup_still_saves_with_a_warning(tmp_path: Path) -> None:
    """The previous version (1.5 MB) no longer fits (ulimit -f 200 KB), the new one does."""
    target = tmp_path / "map.cjm"
    save(big_version("Big"), target)
    result = subprocess.run(
        [sys.executable, "-c", SAVE_WITH_FULL_BACKUP_DISK, str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("no backup of the previous version"), result.stdout
    assert load(target).journey.title == "Small again"


def test_saving_the_same_content_again_does_not_rotate(tmp_path: Path) -> None:
    target = tmp_path / "map.cjm"
    for version in range(3):
        save(journey_with(f"Version {version}"), target)
    history = [b.read_bytes() for b in backups_of(target)]
    for _ in range(6):
        saved = save(journey_with("Version 2"), target)
        assert saved.backup is None
    assert [b.read_bytes() for b in backups_of(target)] == history


SAVE_TOO_BIG = """
import resource, signal, sys
from pathlib import Path
from journeymapper.model import SaveError, save
from tests.test_save_safety import big_version
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (500 * 1024, 500 * 1024))
for attempt in range(5):
    try:
        save(big_version(f"Too big {attempt}"), Path(sys.argv[1]))
    except SaveError:
        continue
    sys.exit("a save under the limit succeeded")
print("five failed")
"""


def test_five_failed_saves_keep_the_backup_history(tmp_path: Path) -> None:
    """Five Ctrl+S on a full disk (ulimit -f in a child) leave every backup as it was."""
    target = tmp_path / "map.cjm"
    for version in range(7):
        save(journey_with(f"Version {version}"), target)
    history = [b.read_bytes() for b in backups_of(target)]
    assert len(history) == 5
    result = subprocess.run(
        [sys.executable, "-c", SAVE_TOO_BIG, str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.stdout.strip() == "five failed", result.stderr
    assert load(target).journey.title == "Version 6"
    assert [b.read_bytes() for b in backups_of(target)] == history


def test_backup_is_made_after_the_save_of_changed_content(tmp_path: Path) -> None:
    target = tmp_path / "map.cjm"
    save(journey_with("One"), target)
    saved = save(journey_with("Two"), target)
    assert saved.backup is not None and load(saved.backup).journey.title == "One"
    assert not [p for p in saved.backup.parent.iterdir() if p.name.startswith(".")]


def _target_reads_back(target: Path, failure: str) -> object:
    """A read-back that fails for the map itself (after the replace), not for temporaries."""

    def read_back(path: Path) -> bytes:
        if path != target:
            return path.read_bytes()
        if failure == "differs":
            return b"not what was written"
        raise OSError(5, "Input/output error")

    return read_back


@pytest.mark.parametrize("failure", ["differs", "unreadable"])
def test_a_save_failing_its_check_after_the_replace_keeps_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    """The map was already replaced when its read-back fails: the previous version must stay
    as backup 1 (a failed save used to discard it), and the error is a SaveError."""
    target = tmp_path / "map.cjm"
    save(journey_with("Previous"), target)
    with monkeypatch.context() as patch, pytest.raises(SaveError, match="check the disk"):
        patch.setattr(
            "journeymapper.model.storage.read_back", _target_reads_back(target.resolve(), failure)
        )
        save(journey_with("New"), target)
    assert [load(b).journey.title for b in backups_of(target)] == ["Previous"]
    assert not [p for p in backups_of(target)[0].parent.iterdir() if p.name.startswith(".")]


# -- temporaries of killed saves (item 6) ---------------------------------------------------


KILLED_SAVER = """
import sys, time
from pathlib import Path
from journeymapper.model import save
from journeymapper.ui.recovery import RecoveryStore
from tests.test_save_safety import big_version
versions = [big_version("A", 3000), big_version("B", 3000)]
target = Path(sys.argv[1])
store = RecoveryStore(Path(sys.argv[2]))
print("ready", flush=True)
n = 0
while True:
    save(versions[n % 2], target)
    store.write("key", versions[n % 2], target)
    n += 1
"""


def leftovers_of_killed_saves(target: Path, recovery: Path, wanted: int = 3) -> list[Path]:
    """Kill a real saving process until temporaries are left beside the map, in the backup
    folder and in the recovery folder.

    Each new saver's first save sweeps what the savers killed before it left, so the three
    places rarely hold a leftover at the same moment on a loaded machine. What a killed saver
    left is therefore kept (its name, which names the dead process, and its bytes) and put
    back if a later saver swept it: it is still exactly what a killed save leaves behind."""
    state = Path(os.environ["JOURNEYMAPPER_STATE_DIR"])
    seen: dict[str, dict[Path, bytes]] = {"beside": {}, "backups": {}, "recovery": {}}
    for attempt in range(200):
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_SAVER, str(target), str(recovery)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(0.05 + (attempt % 10) * 0.03)
        child.send_signal(signal.SIGKILL)
        child.wait()
        for place, pattern in (
            ("beside", target.parent.glob(".*.saving")),
            ("backups", (state / "backups").rglob(".*.saving")),
            ("recovery", recovery.glob(".*.saving")),
        ):
            for path in pattern:
                seen[place].setdefault(path, _bytes_if_there(path))
        if all(seen.values()):
            break
    assert all(seen.values()), seen
    found = []
    for group in seen.values():
        path, data = next(iter(group.items()))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)  # swept by a later saver: put back what the dead one left
        found.extend(p for p in group if p.exists())
    return found


def _bytes_if_there(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""  # swept between the listing and the read: an empty leftover stands in


def test_a_save_removes_the_leftovers_of_killed_saves_beside_the_map_and_in_its_backups(
    tmp_path: Path,
) -> None:
    target = tmp_path / "map.cjm"
    recovery = tmp_path / "recovery"
    dead = leftovers_of_killed_saves(target, recovery)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        in_progress = tmp_path / f".map.cjm.abcdefgh.{live.pid}@{host_tag()}.saving"
        in_progress.write_bytes(b"a save in progress in another process")
        save(journey_with("After the kills"), target)
        assert [p for p in dead if p.exists()] == [p for p in dead if recovery in p.parents]
        assert in_progress.exists()
    finally:
        live.kill()
        live.wait()
