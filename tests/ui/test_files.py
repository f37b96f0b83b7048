"""Files in the GUI: open, save, conflicts with colleagues (R5), crash recovery (R4), bad files,
the start page, and the headless screenshot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from journeymapper.model import load, serialize
from journeymapper.ui.prompts import Choice
from journeymapper.ui.settings import recent_files
from tests.ui.helpers import open_window, sample_copy


def test_save_writes_the_edit_and_clears_the_modified_mark(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    window, _ = open_window(qtbot, path)
    window.session.editor.rename("phase-orient", "Look around")  # type: ignore[union-attr]
    assert window.isWindowModified() and window.windowTitle().startswith("webshop_order.cjm")
    window.actions_by_name["save"].trigger()
    assert not window.isWindowModified()
    assert load(path).journey.phases[0].title == "Look around"
    assert path.resolve() in [p.resolve() for p in recent_files()]


def test_r5_save_over_a_colleagues_change_asks_first(qtbot: QtBot, tmp_path: Path) -> None:
    """A colleague rewrote the file, same size and restored mtime: saving asks, and Cancel
    leaves their version in place."""
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    window.session.editor.rename("phase-orient", "Ours")  # type: ignore[union-attr]
    stat = path.stat()
    theirs = path.read_bytes().replace(b'"title": "Orient"', b'"title": "Origin"')
    assert len(theirs) == stat.st_size and theirs != path.read_bytes()
    path.write_bytes(theirs)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    prompts.conflict = Choice.CANCEL
    assert not window.save()
    assert "conflict:webshop_order.cjm" in prompts.asked
    assert path.read_bytes() == theirs
    prompts.conflict = Choice.OVERWRITE
    assert window.save()
    assert load(path).journey.phases[0].title == "Ours"


def test_outside_change_is_noticed_while_open(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    _, prompts = open_window(qtbot, path)
    replacement = tmp_path / "theirs.cjm"
    replacement.write_bytes(path.read_bytes().replace(b'"title": "Orient"', b'"title": "Browse"'))
    os.replace(replacement, path)  # an atomic save by another program
    qtbot.waitUntil(lambda: "changed:webshop_order.cjm" in prompts.asked, timeout=5000)


def test_opening_a_bad_file_shows_the_reason_and_keeps_the_current_map(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    window.session.editor.rename("phase-orient", "Unsaved edit")  # type: ignore[union-attr]
    bad = tmp_path / "bad.cjm"
    bad.write_text('{"format": "journeymapper", "format_version": "9.0"}')
    assert not window.open_map(bad)
    assert prompts.errors and "needs a newer journeymapper" in prompts.errors[0]
    assert window.session is not None and window.session.path == path
    assert window.session.editor.document.map.phases[0].title == "Unsaved edit"


def test_unsaved_changes_are_asked_about_before_they_are_dropped(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    window.session.editor.rename("phase-orient", "Unsaved edit")  # type: ignore[union-attr]
    prompts.unsaved = Choice.CANCEL
    window.new_map()
    assert window.session.path == path  # type: ignore[union-attr]
    prompts.unsaved = Choice.DISCARD
    window.new_map()
    assert window.session is not None and window.session.path is None
    assert prompts.asked.count("unsaved:webshop_order.cjm") == 2


def test_start_page_opens_a_sample_map(qtbot: QtBot) -> None:
    window, _ = open_window(qtbot)
    assert window.pages.currentWidget() is window.start_page
    samples = window.start_page.samples
    assert samples.count() >= 5
    window.start_page._chosen(samples.item(0))  # what a double-click on the item does
    assert window.session is not None and window.session.path is not None
    assert window.pages.currentWidget() is window.view


CRASHING_SESSION = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from journeymapper.model import serialize
    from journeymapper.ui.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(autosave_ms=100)
    window.open_map(Path(sys.argv[1]))
    editor = window.session.editor
    editor.rename("phase-orient", "Edited before the crash")
    editor.set_emotion("step-pay", -5)
    Path(sys.argv[2]).write_bytes(serialize(editor.document.map))
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    print("ready", flush=True)
    time.sleep(60)
    """
)


def test_r4_unsaved_work_survives_kill_9(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    expected = tmp_path / "expected.cjm"
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING_SESSION, str(path), str(expected)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    window, prompts = open_window(qtbot)
    assert window.offer_recovery()
    assert prompts.asked == ["restore:Webshop order: from basket to doorstep"]
    assert window.session is not None
    assert serialize(window.session.editor.document.map) == expected.read_bytes()
    assert window.session.path == path and window.isWindowModified()
    assert load(path).journey.phases[0].title == "Orient"  # the file itself is untouched
    window.save()
    assert window.recovery.orphans() == []


def test_recovery_file_is_removed_after_save(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    window, _ = open_window(qtbot, path)
    session = window.session
    assert session is not None
    session.editor.rename("phase-orient", "Autosaved")
    assert session.autosave()
    session.wait_for_writes()  # the autosave writes on a worker
    assert (session.recovery.folder / f"{session.recovery_key}.cjm").exists()
    window.save()
    assert not (session.recovery.folder / f"{session.recovery_key}.cjm").exists()


def test_screenshot_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymapper",
            str(sample_copy(tmp_path)),
            "--screenshot",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")},
    )
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 120
    image = QImage(str(out))
    assert image.width() > 2000 and image.height() > 800
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 50  # a drawing, not a blank page
