"""Work that used to be lost or overwritten in the window (issue 8): a second crash after a
restore, a save after a restore over a colleague's version, the "file changed on disk"
question asked more than once with "reload" as the default, a read-only map, and the
temporaries killed saves leave behind.

Crashes are real processes killed with SIGKILL; outside changes are real replaces of the
file that the real watcher sees.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journeymapper.model import load, serialize
from journeymapper.model.leftovers import host_tag
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.prompts import Choice, Prompts
from journeymapper.ui.recovery import RecoveryStore
from journeymapper.ui.session import MapSession
from tests.test_save_safety import ROOT, leftovers_of_killed_saves, needs_setpriv
from tests.ui.helpers import ScriptedPrompts, open_window, sample_copy
from tests.ui.test_files import CRASHING_SESSION

RESTORING_SESSION = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtWidgets import QApplication
    from journeymapper.ui.main_window import MainWindow
    from journeymapper.ui.prompts import Choice

    class Answers:
        def restore(self, entry):
            return Choice.RESTORE

    app = QApplication([])
    window = MainWindow(autosave_ms=100)
    window.prompts = Answers()
    assert window.offer_recovery()
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    print("restored", flush=True)
    time.sleep(60)
    """
)


def run_until(script: str, *arguments: str, line: str) -> None:
    """Run ``script`` in a real second process until it prints ``line``, then kill -9 it."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, *arguments],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == line
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)


def crash_with_unsaved_work(tmp_path: Path) -> tuple[Path, bytes]:
    """The sample map, and the unsaved version a killed window left in the recovery folder."""
    path = sample_copy(tmp_path)
    expected = tmp_path / "expected.cjm"
    run_until(CRASHING_SESSION, str(path), str(expected), line="ready")
    return path, expected.read_bytes()


def test_a_second_crash_right_after_restoring_loses_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    path, unsaved = crash_with_unsaved_work(tmp_path)
    run_until(RESTORING_SESSION, line="restored")  # restores, then is killed before any edit
    window, prompts = open_window(qtbot)
    assert window.offer_recovery()
    assert prompts.asked == ["restore:Webshop order: from basket to doorstep"]
    assert window.session is not None and window.session.path == path
    assert serialize(window.session.editor.document.map) == unsaved


def test_restored_work_keeps_being_autosaved_until_saved(qtbot: QtBot, tmp_path: Path) -> None:
    crash_with_unsaved_work(tmp_path)
    window, _ = open_window(qtbot)
    assert window.offer_recovery()
    session = window.session
    assert session is not None
    session.editor.rename("phase-orient", "Edited after restoring")
    assert session.autosave()
    session.wait_for_writes()  # the autosave writes on a worker
    copies = RecoveryStore().folder
    kept = load(copies / f"{session.recovery_key}.cjm").journey
    assert kept.phases[0].title == "Edited after restoring"
    assert window.save()
    assert not list(copies.glob("*.cjm"))


def test_not_now_keeps_the_copy_and_discard_deletes_it(qtbot: QtBot, tmp_path: Path) -> None:
    crash_with_unsaved_work(tmp_path)
    first, prompts = open_window(qtbot)
    prompts.restore_answer = Choice.LATER
    assert not first.offer_recovery() and first.session is None
    assert len(RecoveryStore().orphans()) == 1
    second, prompts = open_window(qtbot)
    prompts.restore_answer = Choice.DISCARD
    assert not second.offer_recovery()
    assert prompts.asked == ["restore:Webshop order: from basket to doorstep"]
    assert RecoveryStore().orphans() == []


def test_the_offer_says_which_file_and_when(tmp_path: Path) -> None:
    path, _ = crash_with_unsaved_work(tmp_path)
    (entry,) = RecoveryStore().orphans()
    text = entry.describe()
    assert "webshop_order.cjm" in text and str(path.parent) in text
    taken = time.localtime(entry.saved_at)
    assert f"at {taken.tm_hour:02d}:{taken.tm_min:02d}" in text


def answer_with(qtbot: QtBot, key: Qt.Key) -> None:
    """Press ``key`` on the dialog that is about to open, as the user would."""

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, press)
            return
        QTest.keyClick(dialog, key)

    QTimer.singleShot(0, press)


def test_real_restore_question_escape_means_not_now(qtbot: QtBot, tmp_path: Path) -> None:
    crash_with_unsaved_work(tmp_path)
    window = MainWindow(autosave_ms=0)
    qtbot.addWidget(window)
    (entry,) = window.recovery.orphans()
    answer_with(qtbot, Qt.Key.Key_Escape)
    assert Prompts(window).restore(entry) is Choice.LATER
    answer_with(qtbot, Qt.Key.Key_Return)
    assert Prompts(window).restore(entry) is Choice.RESTORE


def test_save_after_restoring_notices_a_colleagues_newer_version(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path, _ = crash_with_unsaved_work(tmp_path)
    theirs = path.read_bytes().replace(b'"title": "Orient"', b'"title": "Theirs"')
    path.write_bytes(theirs)  # a colleague saved after the crash
    window, prompts = open_window(qtbot)
    assert window.offer_recovery()
    prompts.conflict = Choice.CANCEL
    assert not window.save()
    assert prompts.asked[-1] == "conflict:webshop_order.cjm"
    assert path.read_bytes() == theirs


# -- "file changed on disk" (item 7) --------------------------------------------------------


def colleague_saves(path: Path, title: str) -> None:
    """An atomic save by another program, as the real watcher sees it."""
    data = load(path).journey
    data.phases[0].title = title
    replacement = path.with_name("colleague.tmp")
    replacement.write_bytes(serialize(data))
    os.replace(replacement, path)


class SlowToAnswer(ScriptedPrompts):
    """A question that stays open while ``meanwhile`` runs (a real dialog runs the event
    loop, so the watcher keeps firing), then answers ``reload``."""

    meanwhile: Callable[[], None] = staticmethod(lambda: None)

    def changed_on_disk(self, path: Path, have_changes: bool) -> Choice:
        self.asked.append(f"changed:{path.name}")
        if self.asked.count(f"changed:{path.name}") == 1:
            self.meanwhile()
        return self.reload


def watched_session(window: MainWindow) -> MapSession:
    assert window.session is not None
    return window.session


def test_the_question_is_asked_once_however_often_the_watcher_fires(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = sample_copy(tmp_path)
    window, _ = open_window(qtbot, path)
    prompts = SlowToAnswer()
    window.prompts = prompts  # type: ignore[assignment]
    session = watched_session(window)
    session.editor.rename("phase-orient", "Mine, unsaved")

    def three_more_saves_while_asking() -> None:
        for n in range(3):
            with qtbot.waitSignal(session.changed_on_disk, timeout=5000):
                colleague_saves(path, f"Theirs {n + 2}")

    prompts.meanwhile = three_more_saves_while_asking
    with qtbot.waitSignal(session.changed_on_disk, timeout=5000):
        colleague_saves(path, "Theirs 1")
    qtbot.waitUntil(lambda: bool(prompts.asked))
    # The watcher fires again for the version already answered about: no new question.
    with qtbot.waitSignal(session._watcher.fileChanged, timeout=5000):
        os.utime(path)
    assert prompts.asked == ["changed:webshop_order.cjm"]
    assert session.editor.document.map.phases[0].title == "Mine, unsaved"  # kept mine
    # A later, new version is a new question.
    with qtbot.waitSignal(session.changed_on_disk, timeout=5000):
        colleague_saves(path, "Theirs 5")
    qtbot.waitUntil(lambda: len(prompts.asked) == 2)


def test_enter_and_escape_on_the_real_question_keep_my_work(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    window, _ = open_window(qtbot, path)
    prompts = Prompts(window)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        for have_changes in (True, False):
            answer_with(qtbot, key)
            assert prompts.changed_on_disk(path, have_changes) is Choice.KEEP


def test_keep_both_saves_mine_as_a_copy_and_keeps_theirs(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    earlier_copy = tmp_path / "webshop_order (my copy).cjm"
    earlier_copy.write_bytes(b"an earlier copy, which must survive")
    window, prompts = open_window(qtbot, path)
    prompts.reload = Choice.KEEP_BOTH
    session = watched_session(window)
    session.editor.rename("phase-orient", "Mine")
    colleague_saves(path, "Theirs")
    theirs = path.read_bytes()
    qtbot.waitUntil(lambda: window.session is not None and not window.session.modified)
    copy = tmp_path / "webshop_order (my copy 2).cjm"
    assert window.session is session and session.path == copy
    assert load(copy).journey.phases[0].title == "Mine"
    assert path.read_bytes() == theirs
    assert earlier_copy.read_bytes() == b"an earlier copy, which must survive"
    assert window.windowTitle().startswith("webshop_order (my copy 2).cjm")


def test_a_reload_that_fails_keeps_my_changes_unsaved(qtbot: QtBot, tmp_path: Path) -> None:
    """Reload theirs, but their file cannot be opened (here: not a map at all): my version
    stays on screen and must stay unsaved, so closing still asks and autosave keeps it."""
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    prompts.reload = Choice.RELOAD
    prompts.unsaved = Choice.CANCEL
    session = watched_session(window)
    session.editor.rename("phase-orient", "Mine, unsaved")
    replacement = path.with_name("incoming.tmp")
    replacement.write_bytes(b"not a map")
    os.replace(replacement, path)
    qtbot.waitUntil(lambda: bool(prompts.errors))
    assert window.session is session
    assert session.editor.document.map.phases[0].title == "Mine, unsaved"
    assert session.modified
    session.autosave()  # the next autosave keeps a recovery copy of my version
    session.wait_for_writes()  # the autosave writes on a worker
    assert (session.recovery.folder / f"{session.recovery_key}.cjm").is_file()
    assert not window.close()  # the question about unsaved changes, answered Cancel
    assert prompts.asked[-1] == "unsaved:webshop_order.cjm"
    prompts.unsaved = Choice.DISCARD  # let the test's teardown close the window


def test_the_window_saves_without_a_backup_and_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("x")
    monkeypatch.setenv("JOURNEYMAPPER_STATE_DIR", str(blocked))
    watched_session(window).editor.rename("phase-orient", "Saved anyway")
    assert window.save() and not prompts.errors
    assert load(path).journey.phases[0].title == "Saved anyway"
    shown = window.statusBar().currentMessage()
    assert shown.startswith("Saved webshop_order.cjm; no backup of the previous version")


# -- a read-only map in the window (item 4) -------------------------------------------------

READ_ONLY_IN_THE_WINDOW = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from journeymapper.model import load
    from journeymapper.ui.main_window import MainWindow
    from journeymapper.ui.prompts import Choice
    from tests.ui.helpers import ScriptedPrompts

    app = QApplication([])
    window = MainWindow(autosave_ms=0)
    prompts = ScriptedPrompts(read_only_answer=Choice.CANCEL)
    window.prompts = prompts
    path = Path(sys.argv[1])
    window.open_map(path)
    window.session.editor.rename("phase-orient", "Mine")
    print(window.save(), load(path).journey.phases[0].title, prompts.asked)
    prompts.read_only_answer = Choice.OVERWRITE
    print(window.save(), load(path).journey.phases[0].title, prompts.asked)
    """
)


def window_as_nobody_on_a_read_only_map(
    script: str, prefix: str
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Run the window ``script`` as an unprivileged user on a read-only copy of the sample
    map, in a folder that user may write (a chmod as root proves nothing); the map's path
    and the finished process."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    target = sample_copy(folder)
    state = Path(tempfile.mkdtemp(prefix=f"{prefix}state-"))
    for owned in (folder, target, state):
        os.chown(owned, 65534, 65534)
    os.chmod(folder, 0o755)
    os.chmod(target, 0o444)
    result = subprocess.run(
        [
            *("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
            *(sys.executable, "-c", script, str(target)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(state),
            "XDG_RUNTIME_DIR": str(state),
            "JOURNEYMAPPER_STATE_DIR": str(state),
            "JOURNEYMAPPER_CONFIG_DIR": str(state),
        },
    )
    return target, result


@needs_setpriv
def test_the_window_asks_before_replacing_a_read_only_map() -> None:
    _, result = window_as_nobody_on_a_read_only_map(READ_ONLY_IN_THE_WINDOW, "jm-read-only-gui-")
    lines = result.stdout.splitlines()
    assert lines == [
        "False Orient ['read-only:webshop_order.cjm']",
        "True Mine ['read-only:webshop_order.cjm', 'read-only:webshop_order.cjm']",
    ], result.stderr


# -- temporaries of killed saves (item 6) ---------------------------------------------------


def test_leftovers_of_killed_saves_are_removed_at_start_and_open(
    qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "map.cjm"
    target.write_bytes(sample_copy(tmp_path).read_bytes())
    recovery = RecoveryStore().folder
    dead = leftovers_of_killed_saves(target, recovery)
    # A save in progress in another live process must survive every sweep.
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        tag = f"{live.pid}@{host_tag()}.saving"
        alive = [
            target.parent / f".map.cjm.abcdefgh.{tag}",
            recovery / f".key.cjm.abcdefgh.{tag}",
        ]
        for path in alive:
            path.write_bytes(b"half written by a live save")
        window, prompts = open_window(qtbot)
        prompts.restore_answer = Choice.LATER
        window.offer_recovery()  # what the app does at start
        assert not [p for p in dead if p.exists() and target.parent not in p.parents]
        assert window.open_map(target)
        assert not [p for p in dead if p.exists()]
        assert all(path.exists() for path in alive)
    finally:
        live.kill()
        live.wait()
