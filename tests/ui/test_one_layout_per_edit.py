"""One user edit, one layout: a compound edit and its undo reach the canvas as one batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journeymapper.ui.scene import JourneyScene
from tests.ui.user import (
    Mod,
    document_of,
    key,
    open_active,
    saved_bytes,
    scene_of,
    select,
)


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the canvas's layouts."""
    counted: list[int] = []
    relayout = JourneyScene.relayout

    def counting(scene: JourneyScene) -> None:
        counted.append(1)
        relayout(scene)

    monkeypatch.setattr(JourneyScene, "relayout", counting)
    return counted


def test_deleting_a_department_lays_the_map_out_once_and_so_does_its_undo(
    qtbot: QtBot, tmp_path: Path, layouts: list[int]
) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    document = document_of(window)
    warehouse = [p.id for p in document.map.process_steps if p.department == "dept-warehouse"]
    assert len(warehouse) > 1
    select(window, "dept-warehouse")
    layouts.clear()
    key(window, Qt.Key.Key_Delete)
    assert "dept-warehouse" not in document
    assert not any(step in document for step in warehouse)
    assert len(layouts) == 1  # it took its process steps and their flows along
    layouts.clear()
    key(window, Qt.Key.Key_Z, Mod.ControlModifier)
    assert len(layouts) == 1
    assert saved_bytes(window) == original
    # The canvas shows what the map says again: a card for every process step.
    assert set(warehouse) <= set(scene_of(window).card_ids())
    layouts.clear()
    key(window, Qt.Key.Key_Z, Mod.ControlModifier | Mod.ShiftModifier)
    assert len(layouts) == 1
    assert "dept-warehouse" not in document
