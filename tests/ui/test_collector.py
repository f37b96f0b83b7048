"""Garbage collection stays out of the edit loop: what opening built is frozen, and what the
map opened before built is still freed."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
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


def test_the_map_opened_before_is_freed(qtbot: QtBot, tmp_path: Path) -> None:
    """Opening one map after another does not keep the first one in memory: its inspector,
    findings list and history were kept by their docks and held its Document."""
    window, _prompts = open_window(qtbot, sample_copy(tmp_path, "webshop_order"))
    assert window.session is not None
    old_document = weakref.ref(window.session.editor.document)
    assert window.open_map(sample_copy(tmp_path, "telecom_contact_centre"))
    # What the event loop deletes later (the old session, canvas and panels), deleted now.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.unfreeze()
    gc.collect()
    assert old_document() is None


def test_the_first_map_a_process_opens_is_frozen_without_a_full_collection(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Nothing was frozen before it, so there is no earlier map to free: a full walk of
    everything the opening built would only delay its first paint."""
    gc.unfreeze()
    full_collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full_collections.append(1)

    window, _prompts = open_window(qtbot)  # the start page: no map yet
    gc.callbacks.append(count)
    gc.disable()  # only a collection the app asks for is counted, none the allocations bring
    try:
        assert window.open_map(sample_copy(tmp_path, "webshop_order"))
        assert gc.get_freeze_count() > 0
        assert full_collections == []
    finally:
        gc.enable()
        gc.callbacks.remove(count)
        gc.unfreeze()
