"""Garbage collection stays out of the edit loop: what opening built is frozen, and what the
map opened before built is still freed."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.helpers import open_window, sample_copy


def test_opening_a_map_freezes_what_it_built(qtbot: QtBot, tmp_path: Path) -> None:
    gc.unfreeze()
    try:
        window, _prompts = open_window(qtbot, sample_copy(tmp_path, "webshop_order"))
        assert window.scene is not None
        # Full collections no longer walk the opened map and its canvas.
        assert gc.get_freeze_count() > 0
        old_layout = weakref.ref(window.scene.layout)
        assert window.open_map(sample_copy(tmp_path, "telecom_contact_centre"))
        window.open_map(sample_copy(tmp_path, "holiday_park_stay"))
        gc.collect()
        # A frozen object is never collected: the first map's canvas was unfrozen again.
        assert old_layout() is None
    finally:
        gc.unfreeze()
