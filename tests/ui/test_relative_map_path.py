"""Restoring after a crash, as tried on real windows: a map opened by a relative name
(``journeymapper map.cjm`` in a terminal) is remembered by its full path, so a crash copy
restored from another folder still belongs to that map; and restored work is shown like an
opened map, from its start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from journeymapper.model import load
from tests.ui.helpers import open_window, sample_copy, view_of
from tests.ui.test_files import CRASHING_SESSION


def test_work_crashed_in_a_map_opened_by_relative_name_restores_to_that_map(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Seen on a real window: the offer said "(webshop_order.cjm in .)" and the copy kept
    only the relative name, so after a restart elsewhere Ctrl+S wrote a new file there."""
    maps = tmp_path / "shared"
    maps.mkdir()
    path = sample_copy(maps)
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING_SESSION, path.name, str(tmp_path / "expected.cjm")],
        stdout=subprocess.PIPE,
        text=True,
        cwd=maps,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert Path.cwd() != maps
    window, _ = open_window(qtbot)
    assert window.offer_recovery()
    assert window.session is not None and window.session.path == path
    assert window.save()
    assert load(path).journey.phases[0].title == "Edited before the crash"
    assert not (Path.cwd() / path.name).exists()


def test_restored_work_opens_with_the_selected_card_in_sight(qtbot: QtBot, tmp_path: Path) -> None:
    """Seen on a real window: a restored map showed the middle of the map at 100%, with the
    selected first step off-screen, where an opened map fills the window from its start."""
    path = sample_copy(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING_SESSION, str(path), str(tmp_path / "expected.cjm")],
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
    window, _ = open_window(qtbot)
    assert window.offer_recovery()
    view = view_of(window)
    qtbot.wait(50)  # let the window lay out, as a user's first look would
    selected = view.scene().selectedItems()
    assert selected
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert seen.contains(selected[0].sceneBoundingRect())
