"""On the canvas a touchpoint at steps far apart shows once per run of neighbouring steps, and
clicking any of its pieces selects that one touchpoint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from tests.ui.helpers import open_window, sample_copy
from tests.ui.user import click_at, scene_of


def test_clicking_a_later_run_selects_the_touchpoint(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path, "health_insurance_claim"))
    scene = scene_of(window)
    runs = scene.layout.runs["tp-question-mail"]
    assert len(runs) >= 2
    for rect in runs[1:]:
        scene.clearSelection()
        click_at(window, QPointF(rect.center_x, rect.center_y))
        assert scene.selected_ids() == ["tp-question-mail"]
    # Every run is a card on the canvas, over its own steps only.
    at_runs = [
        item
        for item in scene.items()
        if getattr(item, "element_id", None) == "tp-question-mail" and hasattr(item, "rect")
    ]
    assert sorted(item.rect for item in at_runs) == sorted(runs)
