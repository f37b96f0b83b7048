"""On the canvas a touchpoint at steps far apart shows once per run of neighbouring steps, and
clicking any of its pieces selects that one touchpoint; a flow's label shows on its arrow."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from journeymapper.ui.inspector.flow import FlowForm
from tests.ui.helpers import open_window, sample_copy, view_of
from tests.ui.user import click_at, key, open_active, scene_of


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


def test_a_label_typed_in_the_inspector_shows_on_the_arrow(qtbot: QtBot, tmp_path: Path) -> None:
    """Typing a flow's label and pressing Enter puts it on the arrow at once (one undoable
    edit), and Ctrl+Z takes it off again."""
    window = open_active(qtbot, tmp_path)
    scene = scene_of(window)
    flow_id = "flow-pick-pack"
    scene.select_only(flow_id)
    form = window.inspector.forms["flow"]  # type: ignore[union-attr]
    assert isinstance(form, FlowForm)
    form.label.setFocus()
    form.label.selectAll()
    QTest.keyClicks(form.label, "Picked parcel")
    QTest.keyClick(form.label, Qt.Key.Key_Return)
    arrow = next(a for a in scene.layout.arrows if a.flow_id == flow_id)
    assert arrow.label == "Picked parcel" and arrow.label_box is not None
    x, y = arrow.label_box.center_x, arrow.label_box.center_y
    assert any(
        min(a[0], b[0]) <= x <= max(a[0], b[0]) and min(a[1], b[1]) <= y <= max(a[1], b[1])
        for a, b in zip(arrow.points, arrow.points[1:], strict=False)
    )
    view_of(window).setFocus()
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    arrow = next(a for a in scene.layout.arrows if a.flow_id == flow_id)
    assert arrow.label != "Picked parcel"
