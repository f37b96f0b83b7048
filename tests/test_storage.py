"""Saving never loses work: atomic, verified, backed up, and never over a colleague's change.

Each test proves one requirement of shared/RELIABILITY.md (R1, R2, R3, R5, R7).
"""

from __future__ import annotations

import functools
import hashlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from journeymapper.model import ConflictError, SaveError, load, new_map, save, serialize
from journeymapper.model.elements import CustomerStep, JourneyMap, Phase
from journeymapper.model.storage import BackupPolicy, backups_of


def journey_with(title: str, steps: int = 3, note: str = "") -> JourneyMap:
    journey = new_map(title)
    journey.phases.append(
        Phase(
            id="phase-a",
            title="Orient",
            steps=[CustomerStep(id=f"s{n}", title=f"Step {n}", note=note) for n in range(steps)],
        )
    )
    return journey


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_then_load_gives_the_same_map(tmp_path: Path) -> None:
    journey = journey_with("Webshop")
    target = tmp_path / "map.cjm"
    saved = save(journey, target)
    loaded = load(target)
    assert loaded.journey == journey
    assert loaded.disk == saved.disk


def _save_forever(path: Path, versions: list[JourneyMap]) -> None:
    """Child process: save the versions in turn until killed."""
    n = 0
    while True:
        save(versions[n % len(versions)], path, backups=BackupPolicy(directory=None))
        n += 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_r1_kill_during_save_leaves_old_or_new_file_whole(tmp_path: Path) -> None:
    """R1: a save killed at 200 random moments always leaves one whole version."""
    target = tmp_path / "map.cjm"
    # A large note makes each write take long enough to be interrupted in the middle.
    versions = [journey_with("Old", 40, note="o" * 5000), journey_with("New", 40, note="n" * 5000)]
    save(versions[0], target, backups=BackupPolicy(directory=None))
    allowed = {hashlib.sha256(serialize(v)).hexdigest() for v in versions}
    chooser = random.Random(1234)
    interrupted = 0
    for _ in range(200):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                _save_forever(target, versions)
            finally:
                os._exit(0)
        time.sleep(chooser.uniform(0.0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert sha(target) in allowed
        assert load(target).journey.title in {"Old", "New"}
        # A temporary or the map's lock left by this kill (the next save removes them) proves
        # it landed in the middle of a save.
        interrupted += any(p.name.endswith((".saving", ".lock")) for p in tmp_path.iterdir())
    assert interrupted >= 20, interrupted


SAVE_UNDER_LIMIT = """
import resource, signal, sys
from pathlib import Path
from journeymapper.model import SaveError, save
from journeymapper.model.elements import JourneyMap
from journeymapper.model.storage import BackupPolicy
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))
from journeymapper.model import new_map
journey = new_map("Big")
journey.personas = []
from journeymapper.model.elements import Persona
journey.personas = [Persona(id=f"p{n}", name="n", profile="z" * 19000) for n in range(60)]
try:
    save(journey, Path(sys.argv[1]), backups=BackupPolicy(directory=None))
except SaveError as error:
    print(error)
    sys.exit(3)
sys.exit(0)
"""


def test_r1_save_beyond_file_size_limit_fails_visibly_and_keeps_original(tmp_path: Path) -> None:
    """R1: a 1 MB save under `ulimit -f` is reported as failed; the original is intact."""
    target = tmp_path / "map.cjm"
    save(journey_with("Original"), target)
    before = sha(target)
    result = subprocess.run(
        [sys.executable, "-c", SAVE_UNDER_LIMIT, str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3, result.stderr
    assert "cannot save" in result.stdout and "unchanged" in result.stdout
    assert sha(target) == before
    assert resource.getrlimit(resource.RLIMIT_FSIZE)  # the limit applied only to the child


def test_r2_tampered_read_back_is_reported_and_file_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2: if the written bytes do not read back identically, the save fails."""
    target = tmp_path / "map.cjm"
    save(journey_with("Original"), target)
    before = sha(target)
    monkeypatch.setattr(
        "journeymapper.model.storage.read_back", lambda path: path.read_bytes()[:-1]
    )
    with pytest.raises(SaveError, match="did not read back identically"):
        save(journey_with("Changed"), target)
    assert sha(target) == before


def test_r3_seven_saves_keep_rotating_backups(tmp_path: Path, isolated_state: Path) -> None:
    """R3: previous versions are kept outside the map's folder, newest first, all loadable."""
    target = tmp_path / "shared-drive" / "map.cjm"
    target.parent.mkdir()
    for version in range(7):
        save(journey_with(f"Version {version}"), target)
    backups = backups_of(target)
    assert [load(b).journey.title for b in backups] == [f"Version {v}" for v in (5, 4, 3, 2, 1)]
    assert all(isolated_state in b.parents for b in backups)
    assert sorted(p.name for p in target.parent.iterdir()) == ["map.cjm"]


def test_r5_refuses_to_overwrite_a_file_changed_with_same_size_and_mtime(tmp_path: Path) -> None:
    """R5: an external rewrite with restored mtime and equal size is still detected."""
    target = tmp_path / "map.cjm"
    save(journey_with("Ours"), target)
    opened = load(target)
    stat = target.stat()
    colleague = target.read_bytes().replace(b'"Ours"', b'"Mine"')
    assert len(colleague) == stat.st_size
    target.write_bytes(colleague)
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(ConflictError, match="changed by someone else"):
        save(journey_with("Ours, edited"), target, expected=opened.disk)
    assert target.read_bytes() == colleague


def test_r5_saving_over_unchanged_file_is_fine(tmp_path: Path) -> None:
    target = tmp_path / "map.cjm"
    save(journey_with("Ours"), target)
    opened = load(target)
    saved = save(journey_with("Ours, edited"), target, expected=opened.disk)
    assert load(target).disk == saved.disk


def test_r7_same_document_same_bytes_and_small_diffs(tmp_path: Path) -> None:
    """R7: saving twice gives identical files; renaming one step changes one line."""
    journey = journey_with("Webshop", steps=10)
    first, second = tmp_path / "a.cjm", tmp_path / "b.cjm"
    save(journey, first)
    save(load(first).journey, second)
    assert first.read_bytes() == second.read_bytes()
    edited = load(first).journey
    edited.phases[0].steps[4].title = "Compare prices"
    save(edited, second)
    diff = subprocess.run(
        ["git", "diff", "--no-index", "--numstat", str(first), str(second)],
        capture_output=True,
        text=True,
    )
    added, removed, _ = diff.stdout.split("\t", 2)
    assert (int(added), int(removed)) == (1, 1)


def test_save_into_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="cannot save"):
        save(journey_with("x"), tmp_path / "nowhere" / "map.cjm")


@pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(), reason="needs root and setpriv"
)
def test_save_into_read_only_folder_as_unprivileged_user() -> None:
    """Root ignores permissions, so the save runs as nobody to prove the refusal is reported."""
    # pytest's own tmp folders are private to root, so nobody could not even reach them.
    folder = Path(tempfile.mkdtemp(prefix="jm-readonly-"))
    target = folder / "map.cjm"
    save(journey_with("Original"), target)
    os.chmod(folder, 0o555)
    os.chmod(target, 0o644)
    request_cleanup = functools.partial(shutil.rmtree, folder, ignore_errors=True)
    script = (
        "import sys\nfrom journeymapper.model import SaveError, load, save\n"
        "from journeymapper.model.storage import BackupPolicy\n"
        "j = load(sys.argv[1]).journey\nj.title = 'Changed'\n"
        "try:\n    save(j, sys.argv[1], backups=BackupPolicy(directory=None))\n"
        "except SaveError as e:\n    print(e); sys.exit(3)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    result = subprocess.run(
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            sys.executable,
            "-c",
            script,
            str(target),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    try:
        assert result.returncode == 3, result.stdout + result.stderr
        assert "Permission denied" in result.stdout
        assert load(target).journey.title == "Original"
    finally:
        request_cleanup()


def test_stale_temporaries_of_killed_saves_are_swept(tmp_path: Path) -> None:
    target = tmp_path / "map.cjm"
    stale = tmp_path / ".map.cjm.abc123.saving"
    fresh = tmp_path / ".map.cjm.def456.saving"
    stale.write_bytes(b"half a map")
    fresh.write_bytes(b"a save in progress elsewhere")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    save(journey_with("x"), target)
    assert not stale.exists()
    assert fresh.exists()
