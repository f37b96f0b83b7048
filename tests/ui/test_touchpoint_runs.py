"""On the canvas a touchpoint at steps far apart shows once per run of neighbouring steps, and
clicking any of its pieces selects that one touchpoint; a flow's label shows on its arrow."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from journeymapper.render.layout import Rect
from journeymapper.ui.inspector.flow import FlowForm
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.scene.items import CardItem
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
    """Typing a flow's label and pressing Enter puts it beside the arrow at once (one undoable
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
    box = arrow.label_box  # beside its own line: within 2 pt of it, not crossed by it
    near = [
        max(0.0, box.x - max(a[0], b[0]), min(a[0], b[0]) - box.right)
        + max(0.0, box.y - max(a[1], b[1]), min(a[1], b[1]) - box.bottom)
        for a, b in zip(arrow.points, arrow.points[1:], strict=False)
    ]
    assert 0 < min(near) <= 2
    view_of(window).setFocus()
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    arrow = next(a for a in scene.layout.arrows if a.flow_id == flow_id)
    assert arrow.label != "Picked parcel"


RUNS_OF = "tp-question-mail"  # at steps 3 and 16 of the health-insurance sample: two runs


def pieces_of(scene: JourneyScene, element_id: str) -> list[CardItem]:
    """The cards drawn for an element, left to right."""
    found = [
        item
        for item in scene.items()
        if isinstance(item, CardItem) and item.element_id == element_id
    ]
    return sorted(found, key=lambda item: item.rect.x)


def run_at_focus(scene: JourneyScene, runs: list[Rect]) -> int:
    """Which run of the touchpoint the keyboard stands on: the card that has the focus."""
    focus = scene.focusItem()
    assert isinstance(focus, CardItem) and focus.element_id == RUNS_OF
    return runs.index(focus.rect)


def test_clicking_one_run_outlines_every_run(qtbot: QtBot, tmp_path: Path) -> None:
    """The runs are one touchpoint: a click on any of them selects (and so outlines) all of
    them; a click on the background takes them all out of the selection again."""
    window, _ = open_window(qtbot, sample_copy(tmp_path, "health_insurance_claim"))
    scene = scene_of(window)
    runs = scene.layout.runs[RUNS_OF]
    pieces = pieces_of(scene, RUNS_OF)
    assert [piece.rect for piece in pieces] == runs
    for clicked in (runs[-1], runs[0]):
        scene.clearSelection()
        click_at(window, QPointF(clicked.center_x, clicked.center_y))
        assert [piece.isSelected() for piece in pieces] == [True] * len(runs)
        assert scene.selected_ids() == [RUNS_OF]
    click_at(window, QPointF(runs[0].x - 6, runs[0].bottom + 4))  # the band, between cards
    assert not any(piece.isSelected() for piece in pieces)
    assert scene.selected_ids() == []


def test_arrow_keys_walk_to_every_run_left_to_right(qtbot: QtBot, tmp_path: Path) -> None:
    """Right from the first run walks along the touchpoint band and reaches each later run
    of the touchpoint in turn; Left walks back to the first."""
    window, _ = open_window(qtbot, sample_copy(tmp_path, "health_insurance_claim"))
    scene = scene_of(window)
    runs = scene.layout.runs[RUNS_OF]
    click_at(window, QPointF(runs[0].center_x, runs[0].center_y))
    visited = [0]
    for _ in range(40):
        key(window, Qt.Key.Key_Right)
        if scene.selected_ids() == [RUNS_OF]:
            visited.append(run_at_focus(scene, runs))
        if visited[-1] == len(runs) - 1:
            break
    assert visited == list(range(len(runs)))
    for _ in range(40):
        key(window, Qt.Key.Key_Left)
        if scene.selected_ids() == [RUNS_OF] and run_at_focus(scene, runs) == 0:
            break
    assert scene.selected_ids() == [RUNS_OF] and run_at_focus(scene, runs) == 0


def test_left_from_a_later_run_goes_to_its_neighbour(qtbot: QtBot, tmp_path: Path) -> None:
    """The keyboard starts from the run that was clicked, not from the first run: Left from
    the last run selects a card just left of it, far right of the first run."""
    window, _ = open_window(qtbot, sample_copy(tmp_path, "health_insurance_claim"))
    scene = scene_of(window)
    runs = scene.layout.runs[RUNS_OF]
    click_at(window, QPointF(runs[-1].center_x, runs[-1].center_y))
    key(window, Qt.Key.Key_Left)
    (selected,) = scene.selected_ids()
    rect = scene.card_rects[selected]
    assert runs[0].right < rect.x and rect.right <= runs[-1].x
