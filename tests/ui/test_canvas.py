"""A facilitator builds and changes a map on the canvas, by keyboard and by mouse.

Every test acts through the real window (key presses, mouse drags on the viewport) and checks
the Document; undo must bring back the exact original bytes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from journeymapper.model import serialize
from journeymapper.model.elements import CustomerStep, ProcessStep, Touchpoint
from journeymapper.ui.main_window import MainWindow
from tests.ui.helpers import card_center, click_card, drag, open_window, sample_copy, view_of


def original_bytes(window: MainWindow) -> bytes:
    assert window.session is not None
    return serialize(window.session.editor.document.map)


def undo_all(window: MainWindow) -> None:
    assert window.session is not None
    stack = window.session.editor.undo_stack
    while stack.canUndo():
        stack.undo()


def step_titles(window: MainWindow, phase_id: str) -> list[str]:
    assert window.session is not None
    phase = window.session.editor.document.get(phase_id)
    return [s.title for s in phase.steps]  # type: ignore[attr-defined]


def test_enter_adds_next_step_and_typing_names_it(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    before = original_bytes(window)
    click_card(window, "step-search-gift")
    QTest.keyClick(view_of(window), Qt.Key.Key_Return)
    editor_widget = view_of(window).inline_editor()
    # Offscreen windows never become active, so focus cannot be checked here; the editor
    # is shown over the new card and receives the typing.
    assert editor_widget is not None and editor_widget.isVisible()
    editor_widget.selectAll()
    QTest.keyClicks(editor_widget, "Ask a friend")
    QTest.keyClick(editor_widget, Qt.Key.Key_Return)
    assert step_titles(window, "phase-orient")[:2] == [
        "Search for a birthday present",
        "Ask a friend",
    ]
    assert window.isWindowModified()
    undo_all(window)
    assert original_bytes(window) == before
    assert not window.isWindowModified()


def test_delete_key_removes_step_with_its_touchpoints_and_undo_restores(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    before = original_bytes(window)
    document = window.session.editor.document  # type: ignore[union-attr]
    click_card(window, "step-read-confirmation")
    QTest.keyClick(view_of(window), Qt.Key.Key_Delete)
    assert "step-read-confirmation" not in document
    assert all("step-read-confirmation" not in t.steps for t in document.map.touchpoints)
    undo = window.actions_by_name["undo"]
    assert undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    undo.trigger()  # offscreen windows are never active, so the menu action stands in for Ctrl+Z
    assert original_bytes(window) == before


def test_digits_and_plus_minus_set_the_emotion(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    curve = window.session.editor.document.map.default_curve()  # type: ignore[union-attr]
    assert curve is not None
    click_card(window, "step-pay")
    QTest.keyClicks(view_of(window), "4")
    assert curve.points["step-pay"] == 4
    QTest.keyClicks(view_of(window), "-3")
    assert curve.points["step-pay"] == -3
    QTest.keyClicks(view_of(window), "+")
    assert curve.points["step-pay"] == -2
    stack = window.session.editor.undo_stack  # type: ignore[union-attr]
    stack.undo()
    stack.undo()
    assert curve.points["step-pay"] == 4  # "-3" was one undo step


def test_arrows_and_tab_move_the_selection(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    scene = window.scene
    assert scene is not None
    click_card(window, "step-search-gift")
    QTest.keyClick(view_of(window), Qt.Key.Key_Right)
    assert scene.selected_ids() == ["step-compare"]
    QTest.keyClick(view_of(window), Qt.Key.Key_Tab)
    assert window.session.editor.document.kind(scene.selected_ids()[0]) == "touchpoint"  # type: ignore[union-attr]
    QTest.keyClick(view_of(window), Qt.Key.Key_Backtab)
    assert window.session.editor.document.kind(scene.selected_ids()[0]) == "step"  # type: ignore[union-attr]


def test_drag_emotion_point_snaps_to_the_scale(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    scene = window.scene
    assert scene is not None
    point = scene.point_for("step-compare")
    assert point is not None
    target_y = scene.layout.value_to_y(-4.2)
    drag(view_of(window), point.pos(), QPointF(point.pos().x(), target_y))
    curve = window.session.editor.document.map.default_curve()  # type: ignore[union-attr]
    assert curve is not None and curve.points["step-compare"] == -4
    assert abs(point.pos().y() - scene.layout.value_to_y(-4)) < 0.01  # snapped


def test_drag_step_to_another_phase(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    before = original_bytes(window)
    start = card_center(window, "step-compare")
    end = card_center(window, "step-fill-basket")
    drag(view_of(window), start, end)
    document = window.session.editor.document  # type: ignore[union-attr]
    placement = document.placement("step-compare")
    assert placement.parent == "phase-order"
    assert "step-compare" not in [s.id for s in document.map.phases[0].steps]
    undo_all(window)
    assert original_bytes(window) == before


def test_drag_touchpoint_to_another_step(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    document = window.session.editor.document  # type: ignore[union-attr]
    touchpoint = document.get("tp-confirmation-mail")
    assert isinstance(touchpoint, Touchpoint)
    start = card_center(window, "tp-confirmation-mail")
    target_x = card_center(window, "step-wonder-where").x()
    drag(view_of(window), start, QPointF(target_x, start.y()))
    assert touchpoint.steps == ["step-wonder-where"]


def test_drag_from_handle_connects_process_steps(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    document = window.session.editor.document  # type: ignore[union-attr]
    source = window.scene.layout.boxes["proc-publish-promise"].rect  # type: ignore[union-attr]
    handle = QPointF(source.right - 6, source.center_y)
    flows_before = len(document.map.flows)
    drag(view_of(window), handle, card_center(window, "proc-deliver"))
    assert len(document.map.flows) == flows_before + 1
    flow = document.map.flows[-1]
    assert (flow.source, flow.target) == ("proc-publish-promise", "proc-deliver")


def test_drag_process_step_to_another_lane(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    document = window.session.editor.document  # type: ignore[union-attr]
    step = document.get("proc-close-order")
    assert isinstance(step, ProcessStep)
    lane = window.scene.layout.band(  # type: ignore[union-attr]
        *next(
            (b.kind, b.element_id)
            for b in window.scene.layout.bands
            if b.element_id == "dept-customer-service"
        )  # type: ignore[union-attr]
    )
    start = card_center(window, "proc-close-order")
    drag(view_of(window), start, QPointF(start.x(), lane.rect.center_y))
    assert step.department == "dept-customer-service"
    window.session.editor.undo_stack.undo()  # type: ignore[union-attr]
    assert step.department == "dept-webshop"


def test_double_click_renames_in_place(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    view = view_of(window)
    point = view.mapFromScene(card_center(window, "phase-use"))
    view.ensureVisible(window.scene.layout.boxes["phase-use"].rect.x, 0, 10, 10)  # type: ignore[union-attr]
    point = view.mapFromScene(card_center(window, "phase-use"))
    QTest.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    inline = view.inline_editor()
    assert inline is not None
    inline.setText("Use the present")
    QTest.keyClick(inline, Qt.Key.Key_Return)
    assert window.session.editor.document.get("phase-use").title == "Use the present"  # type: ignore[union-attr]


def test_menu_actions_add_every_kind_of_element(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    document = window.session.editor.document  # type: ignore[union-attr]
    click_card(window, "step-pay")
    counts = {
        k: sum(1 for i in document.ids() if document.kind(i) == k)
        for k in ("phase", "step", "touchpoint", "department", "process_step")
    }
    for name in ("add_phase", "add_step", "add_touchpoint", "add_department", "add_process_step"):
        window.view.finish_inline_edit()  # type: ignore[union-attr]
        click_card(window, "step-pay")
        window.actions_by_name[name].trigger()
    after = {k: sum(1 for i in document.ids() if document.kind(i) == k) for k in counts}
    assert after == {k: n + 1 for k, n in counts.items()}


def test_findings_update_live_and_click_selects(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    editor = window.session.editor  # type: ignore[union-attr]
    kinds = [f.kind.value for f in editor.findings]
    assert "moment_of_truth_without_touchpoint" in kinds
    editor.add_touchpoint("step-wonder-where", "Track-and-trace push message", owner="dept-courier")
    qtbot.waitUntil(
        lambda: "moment_of_truth_without_touchpoint" not in [f.kind.value for f in editor.findings],
        timeout=2000,
    )
    finding = editor.findings[0]
    window.show_finding(finding)
    assert set(window.scene.selected_ids()) & set(finding.elements)  # type: ignore[union-attr]


def test_presentation_mode_walks_phases_and_leaves(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    window.actions_by_name["present"].trigger()
    assert window.presentation.active and not window.findings_dock.isVisible()
    QTest.keyClick(view_of(window), Qt.Key.Key_PageDown)
    assert window.presentation.phase_index == 1
    zoom = view_of(window).zoom()
    assert zoom > 0.5  # one phase fills the screen: large type
    QTest.keyClick(view_of(window), Qt.Key.Key_Escape)
    assert not window.presentation.active and window.findings_dock.isVisible()


def test_steps_are_customer_steps(qtbot: QtBot, tmp_path: Path) -> None:
    """Guard for the helpers: the ids used above exist in the sample."""
    window, _ = open_window(qtbot, sample_copy(tmp_path))
    document = window.session.editor.document  # type: ignore[union-attr]
    for step_id in (
        "step-search-gift",
        "step-compare",
        "step-pay",
        "step-wonder-where",
        "step-fill-basket",
    ):
        assert isinstance(document.get(step_id), CustomerStep)
