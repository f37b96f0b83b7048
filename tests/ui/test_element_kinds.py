"""Every kind of element, created, edited, moved and deleted by mouse and by keyboard.

Each story opens a sample map in the real, active window, acts through key presses, mouse
clicks and drags on the canvas, menu actions and the inspector's widgets, checks the
Document, and then presses Ctrl+Z until nothing is left: the map must be byte for byte the
one that was opened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from journeymapper.model.elements import Flow, Metric, ProcessStep, Touchpoint
from journeymapper.model.kinds import display_name
from journeymapper.model.layout import BandKind
from journeymapper.ui.inspector import Inspector
from journeymapper.ui.main_window import MainWindow
from tests.ui.helpers import drag, view_of
from tests.ui.user import (
    CTRL_SHIFT,
    Mod,
    card_center,
    click_at,
    document_of,
    double_click_at,
    editor_of,
    key,
    open_active,
    saved_bytes,
    scene_of,
    select,
    type_title,
    undo_all_with_ctrl_z,
)

ALT = Mod.AltModifier


def phase_ids(window: MainWindow) -> list[str]:
    return [phase.id for phase in document_of(window).map.phases]


def department_ids(window: MainWindow) -> list[str]:
    return [department.id for department in document_of(window).map.departments]


def steps_of(window: MainWindow, phase_id: str) -> list[str]:
    return [step.id for phase in document_of(window).map.phases if phase.id == phase_id
            for step in phase.steps]  # fmt: skip


def name_of(window: MainWindow, element_id: str) -> str:
    """The title or name of an element, as the canvas shows it."""
    return display_name(document_of(window).get(element_id))


def ids_of_kind(window: MainWindow, kind: str) -> set[str]:
    document = document_of(window)
    return {i for i in document.ids() if document.kind(i) == kind}


def new_one(window: MainWindow, kind: str, before: set[str]) -> str:
    """The single element of ``kind`` that was not there ``before``."""
    added = ids_of_kind(window, kind) - before
    assert len(added) == 1, f"expected one new {kind}, got {added}"
    return added.pop()


def band_point(
    window: MainWindow, kind: BandKind, x: float, element_id: str | None = None
) -> QPointF:
    """A point on an empty row of a band: just inside its bottom edge."""
    band = scene_of(window).layout.band(kind, element_id)
    return QPointF(x, band.rect.bottom - 4)


def inspector_of(window: MainWindow) -> Inspector:
    inspector = window.inspector
    assert isinstance(inspector, Inspector)
    return inspector


def process_step(window: MainWindow, step_id: str) -> ProcessStep:
    element = document_of(window).get(step_id)
    assert isinstance(element, ProcessStep)
    return element


def touchpoint(window: MainWindow, touchpoint_id: str) -> Touchpoint:
    element = document_of(window).get(touchpoint_id)
    assert isinstance(element, Touchpoint)
    return element


def back_to_the_original(window: MainWindow, original: bytes) -> None:
    undo_all_with_ctrl_z(window)
    assert saved_bytes(window) == original
    assert not window.isWindowModified()


# -- phases -----------------------------------------------------------------------------------


def test_phase_added_with_enter_and_named_by_typing(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "phase-orient")
    key(window, Qt.Key.Key_Return)
    type_title(window, "Choose a gift")
    assert document_of(window).map.phases[1].title == "Choose a gift"
    assert window.isWindowModified()
    back_to_the_original(window, original)


def test_phase_added_by_double_click_on_the_phases_label(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    label = scene_of(window).layout.band(BandKind.PHASES).rect
    double_click_at(window, QPointF(label.x + 20, label.center_y))
    type_title(window, "Recommend")
    assert document_of(window).map.phases[-1].title == "Recommend"
    back_to_the_original(window, original)


def test_phase_added_from_the_menu_shortcut(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    key(window, Qt.Key.Key_P, CTRL_SHIFT)
    type_title(window, "Recommend")
    assert document_of(window).map.phases[-1].title == "Recommend"
    back_to_the_original(window, original)


def test_phase_renamed_with_f2(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "phase-use")
    key(window, Qt.Key.Key_F2)
    type_title(window, "Use the present")
    assert name_of(window, "phase-use") == "Use the present"
    back_to_the_original(window, original)


def test_phase_dragged_to_another_place(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    drag(view_of(window), card_center(window, "phase-orient"), card_center(window, "phase-wait"))
    assert phase_ids(window)[:3] == ["phase-order", "phase-wait", "phase-orient"]
    back_to_the_original(window, original)


def test_phase_moved_with_alt_arrows(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "phase-use")
    key(window, Qt.Key.Key_Left, ALT)
    assert phase_ids(window).index("phase-use") == 3
    key(window, Qt.Key.Key_Right, ALT)
    key(window, Qt.Key.Key_Right, ALT)
    assert phase_ids(window)[-1] == "phase-use"
    depth = editor_of(window).undo_stack.count()
    key(window, Qt.Key.Key_Right, ALT)  # already last: nothing, not even an empty undo step
    assert editor_of(window).undo_stack.count() == depth
    assert scene_of(window).selected_ids() == ["phase-use"]
    back_to_the_original(window, original)


def test_phase_deleted_with_its_steps_and_restored_by_one_undo(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    document = document_of(window)
    select(window, "phase-wait")
    key(window, Qt.Key.Key_Delete)
    assert "phase-wait" not in document and "step-wonder-where" not in document
    assert "tp-order-status" not in document  # it was only at a step of that phase
    assert process_step(window, "proc-hand-to-courier").serves == []
    assert undo_all_with_ctrl_z(window) == 1
    assert saved_bytes(window) == original


def test_phase_deleted_from_the_edit_menu(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "phase-after")
    window.actions_by_name["delete"].trigger()
    assert "phase-after" not in document_of(window)
    back_to_the_original(window, original)


# -- customer steps ---------------------------------------------------------------------------


def test_step_added_by_double_click_in_an_empty_phase(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    key(window, Qt.Key.Key_P, CTRL_SHIFT)  # a new, empty phase at the end
    type_title(window, "Recommend")
    phase = phase_ids(window)[-1]
    column_x = scene_of(window).card_rects[phase].center_x
    double_click_at(window, band_point(window, BandKind.STEPS, column_x))
    type_title(window, "Tell a friend")
    (step,) = document_of(window).map.phases[-1].steps
    assert step.title == "Tell a friend"
    back_to_the_original(window, original)


def test_step_renamed_with_f2(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "step-pay")
    key(window, Qt.Key.Key_F2)
    type_title(window, "Pay by iDEAL")
    assert name_of(window, "step-pay") == "Pay by iDEAL"
    back_to_the_original(window, original)


def test_step_moved_with_alt_arrows_across_a_phase_boundary(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "step-check-delivery")  # the last step of "Orient"
    key(window, Qt.Key.Key_Right, ALT)
    assert steps_of(window, "phase-order")[0] == "step-check-delivery"
    key(window, Qt.Key.Key_Left, ALT)
    key(window, Qt.Key.Key_Left, ALT)
    assert steps_of(window, "phase-orient") == [
        "step-search-gift",
        "step-check-delivery",
        "step-compare",
    ]
    back_to_the_original(window, original)


def test_step_dragged_to_another_place_in_its_phase(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    drag(
        view_of(window),
        card_center(window, "step-search-gift"),
        card_center(window, "step-check-delivery"),
    )
    assert steps_of(window, "phase-orient")[-1] == "step-search-gift"
    back_to_the_original(window, original)


def test_step_deleted_from_the_edit_menu(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "step-wonder-where")
    window.actions_by_name["delete"].trigger()
    assert "step-wonder-where" not in document_of(window)
    back_to_the_original(window, original)


# -- touchpoints ------------------------------------------------------------------------------


def test_touchpoint_added_with_ctrl_shift_t_serves_a_moment_of_truth(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    editor = editor_of(window)
    before = ids_of_kind(window, "touchpoint")
    select(window, "step-wonder-where")
    with qtbot.waitSignal(editor.findings_changed):
        key(window, Qt.Key.Key_T, CTRL_SHIFT)
        type_title(window, "Track-and-trace push message")
    added = touchpoint(window, new_one(window, "touchpoint", before))
    assert (added.title, added.steps) == ("Track-and-trace push message", ["step-wonder-where"])
    kinds = [finding.kind.value for finding in editor.findings]
    assert "moment_of_truth_without_touchpoint" not in kinds  # findings follow the edit
    back_to_the_original(window, original)


def test_touchpoint_added_by_double_click_under_a_step(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    before = ids_of_kind(window, "touchpoint")
    column_x = card_center(window, "step-wonder-where").x()
    double_click_at(window, band_point(window, BandKind.TOUCHPOINTS, column_x))
    type_title(window, "Courier app")
    added = touchpoint(window, new_one(window, "touchpoint", before))
    assert (added.title, added.steps) == ("Courier app", ["step-wonder-where"])
    back_to_the_original(window, original)


def test_enter_on_a_touchpoint_adds_another_at_the_same_step(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    before = ids_of_kind(window, "touchpoint")
    select(window, "tp-doorstep")
    key(window, Qt.Key.Key_Return)
    type_title(window, "Photo of the parcel at the door")
    added = touchpoint(window, new_one(window, "touchpoint", before))
    assert added.steps == ["step-receive-parcel"]
    # The owner carries over along the band; the channel is left to be chosen (issue 8).
    assert (added.owner, added.channel) == ("dept-courier", None)
    back_to_the_original(window, original)


def test_touchpoint_renamed_with_f2(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "tp-doorstep")
    key(window, Qt.Key.Key_F2)
    type_title(window, "Handed over at the door")
    assert touchpoint(window, "tp-doorstep").title == "Handed over at the door"
    back_to_the_original(window, original)


def test_touchpoint_owner_chosen_in_the_inspector(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "tp-doorstep")
    owner = inspector_of(window).forms["touchpoint"].owner  # type: ignore[attr-defined]
    owner.setFocus()
    QTest.keyClick(owner, Qt.Key.Key_Up)  # the department listed before the courier
    assert saved_bytes(window) == original  # browsing the list changes nothing yet
    QTest.keyClick(owner, Qt.Key.Key_Return)
    assert touchpoint(window, "tp-doorstep").owner == "dept-payment"
    assert editor_of(window).undo_stack.count() == 1
    back_to_the_original(window, original)


def test_touchpoint_moved_with_alt_arrows_keeps_its_span(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "tp-product-page")
    key(window, Qt.Key.Key_Right, ALT)
    assert touchpoint(window, "tp-product-page").steps == ["step-compare", "step-check-delivery"]
    select(window, "tp-reorder")  # at the last step: it cannot go further
    key(window, Qt.Key.Key_Right, ALT)
    assert touchpoint(window, "tp-reorder").steps == ["step-reorder"]
    back_to_the_original(window, original)


def test_touchpoint_dragged_to_another_step_and_undone(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    start = card_center(window, "tp-doorstep")
    target_x = card_center(window, "step-unpack").x()
    drag(view_of(window), start, QPointF(target_x, start.y()))
    assert touchpoint(window, "tp-doorstep").steps == ["step-unpack"]
    back_to_the_original(window, original)


def test_touchpoint_deleted_with_the_delete_key(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "tp-wismo-call")
    key(window, Qt.Key.Key_Delete)
    assert "tp-wismo-call" not in document_of(window)
    back_to_the_original(window, original)


# -- departments (lanes) ----------------------------------------------------------------------


def test_department_added_with_ctrl_shift_d(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    key(window, Qt.Key.Key_D, CTRL_SHIFT)
    type_title(window, "Finance")
    assert document_of(window).map.departments[-1].name == "Finance"
    back_to_the_original(window, original)


def test_clicking_a_lane_label_selects_its_department(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "dept-warehouse")
    assert inspector_of(window).heading.text() == "Department: Warehouse"


def test_enter_on_a_department_adds_the_next_lane(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "dept-webshop")
    key(window, Qt.Key.Key_Return)
    type_title(window, "Marketing")
    assert document_of(window).map.departments[1].name == "Marketing"
    back_to_the_original(window, original)


def test_department_renamed_by_double_click_on_its_lane_label(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    double_click_at(window, card_center(window, "dept-courier"))
    type_title(window, "Courier (FastParcel)")
    assert document_of(window).map.departments[-1].name == "Courier (FastParcel)"
    assert scene_of(window).layout.band(BandKind.LANE, "dept-courier").label == (
        "Courier (FastParcel)"
    )
    back_to_the_original(window, original)


def test_department_renamed_with_f2(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "dept-payment")
    key(window, Qt.Key.Key_F2)
    type_title(window, "Payment service provider")
    assert name_of(window, "dept-payment") == "Payment service provider"
    back_to_the_original(window, original)


def test_department_lane_dragged_to_the_top(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    drag(view_of(window), card_center(window, "dept-courier"), card_center(window, "dept-webshop"))
    assert department_ids(window)[0] == "dept-courier"
    back_to_the_original(window, original)


def test_department_moved_with_alt_up_and_down(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "dept-webshop")
    key(window, Qt.Key.Key_Down, ALT)
    key(window, Qt.Key.Key_Down, ALT)
    assert department_ids(window).index("dept-webshop") == 2
    key(window, Qt.Key.Key_Up, ALT)
    assert department_ids(window).index("dept-webshop") == 1
    back_to_the_original(window, original)


def test_department_deleted_with_its_process_steps_and_flows(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    document = document_of(window)
    select(window, "dept-warehouse")
    key(window, Qt.Key.Key_Delete)
    assert "dept-warehouse" not in document
    assert "proc-pick" not in document and "flow-release-pick" not in document
    assert touchpoint(window, "tp-gift-slip").owner is None
    assert undo_all_with_ctrl_z(window) == 1  # one edit, however many parts
    assert saved_bytes(window) == original


# -- process steps ----------------------------------------------------------------------------


def test_process_step_added_with_ctrl_shift_r_under_the_step(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    before = ids_of_kind(window, "process_step")
    select(window, "step-track-parcel")
    key(window, Qt.Key.Key_R, CTRL_SHIFT)
    type_title(window, "Answer where-is-my-parcel calls")
    added = process_step(window, new_one(window, "process_step", before))
    assert added.serves == ["step-track-parcel"] and added.title.startswith("Answer")
    back_to_the_original(window, original)


def test_enter_on_a_process_step_adds_the_next_one_connected(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    before = ids_of_kind(window, "process_step")
    select(window, "proc-deliver")
    key(window, Qt.Key.Key_Return)
    type_title(window, "Ask for a signature")
    added = process_step(window, new_one(window, "process_step", before))
    assert (added.department, added.serves) == ("dept-courier", ["step-receive-parcel"])
    assert any(
        (f.source, f.target) == ("proc-deliver", added.id) for f in document_of(window).map.flows
    )
    assert undo_all_with_ctrl_z(window) == 2  # the connected step, then its title
    assert saved_bytes(window) == original


def test_process_step_added_by_double_click_in_a_lane(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    before = ids_of_kind(window, "process_step")
    # Off the column's centre, where the handover to the courier crosses this lane.
    column_x = scene_of(window).card_rects["step-wonder-where"].x + 15
    double_click_at(window, band_point(window, BandKind.LANE, column_x, "dept-payment"))
    type_title(window, "Hold the payment")
    added = process_step(window, new_one(window, "process_step", before))
    assert (added.department, added.serves) == ("dept-payment", ["step-wonder-where"])
    back_to_the_original(window, original)


def test_process_step_renamed_with_f2(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "proc-pick")
    key(window, Qt.Key.Key_F2)
    type_title(window, "Pick the items from the shelf")
    assert process_step(window, "proc-pick").title == "Pick the items from the shelf"
    back_to_the_original(window, original)


def test_process_step_moved_with_alt_arrows(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "proc-close-order")
    key(window, Qt.Key.Key_Down, ALT)
    assert process_step(window, "proc-close-order").department == "dept-customer-service"
    key(window, Qt.Key.Key_Right, ALT)
    assert process_step(window, "proc-close-order").serves == ["step-reorder"]
    back_to_the_original(window, original)


def test_process_step_dragged_to_another_column(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    start = card_center(window, "proc-close-order")
    target_x = card_center(window, "step-reorder").x()
    drag(view_of(window), start, QPointF(target_x, start.y()))
    step = process_step(window, "proc-close-order")
    assert (step.department, step.serves) == ("dept-webshop", ["step-reorder"])
    back_to_the_original(window, original)


def test_process_step_deleted_with_its_flows(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "proc-plan-route")
    key(window, Qt.Key.Key_Delete)
    document = document_of(window)
    assert "proc-plan-route" not in document
    assert "flow-sort-route" not in document and "flow-route-deliver" not in document
    assert undo_all_with_ctrl_z(window) == 1
    assert saved_bytes(window) == original


# -- flows ------------------------------------------------------------------------------------


def flow_point(window: MainWindow, flow_id: str, where: str) -> QPointF:
    """The start, end or middle of the first segment of a flow's arrow."""
    arrow = next(a for a in scene_of(window).layout.arrows if a.flow_id == flow_id)
    (x1, y1), (x2, y2) = arrow.points[0], arrow.points[1]
    if where == "middle":
        return QPointF((x1 + x2) / 2, (y1 + y2) / 2)
    return QPointF(*(arrow.points[0] if where == "start" else arrow.points[-1]))


def test_flow_drawn_from_the_handle_and_undone(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    source = scene_of(window).card_rects["proc-plan-route"]
    handle = QPointF(source.right - 6, source.center_y)
    drag(view_of(window), handle, card_center(window, "proc-close-order"))
    flow = document_of(window).map.flows[-1]
    assert (flow.source, flow.target) == ("proc-plan-route", "proc-close-order")
    back_to_the_original(window, original)


def test_flow_selected_by_click_and_labelled_in_the_inspector(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    click_at(window, flow_point(window, "flow-route-deliver", "middle"))
    assert scene_of(window).selected_ids() == ["flow-route-deliver"]
    label = inspector_of(window).forms["flow"].label  # type: ignore[attr-defined]
    label.setFocus()
    QTest.keyClicks(label, "route and time window")
    QTest.keyClick(label, Qt.Key.Key_Return)
    flow = document_of(window).get("flow-route-deliver")
    assert isinstance(flow, Flow) and flow.label == "route and time window"
    view_of(window).setFocus()
    back_to_the_original(window, original)


def test_flow_end_dragged_to_another_process_step(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    end = flow_point(window, "flow-route-deliver", "end")
    drag(view_of(window), end, card_center(window, "proc-close-order"))
    flow = document_of(window).get("flow-route-deliver")
    assert isinstance(flow, Flow)
    assert (flow.source, flow.target) == ("proc-plan-route", "proc-close-order")
    back_to_the_original(window, original)


def test_flow_deleted_with_the_delete_key(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    click_at(window, flow_point(window, "flow-sort-route", "middle"))
    key(window, Qt.Key.Key_Delete)
    document = document_of(window)
    assert "flow-sort-route" not in document and "proc-depot-sort" in document
    back_to_the_original(window, original)


# -- metrics and initiatives (in the inspector) -----------------------------------------------


def test_metric_added_named_and_removed_with_the_mouse(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    before = ids_of_kind(window, "metric")
    select(window, "step-pay")
    panel = inspector_of(window).forms["step"].attachments  # type: ignore[attr-defined]
    QTest.mouseClick(panel.add_metric_button, Qt.MouseButton.LeftButton)
    metric_id = new_one(window, "metric", before)
    name = panel.metric_form.name
    name.selectAll()
    QTest.keyClicks(name, "Payments that succeed")
    QTest.keyClick(name, Qt.Key.Key_Return)
    metric = document_of(window).get(metric_id)
    assert isinstance(metric, Metric)
    assert (metric.name, metric.attached_to) == ("Payments that succeed", "step-pay")
    QTest.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert metric_id not in document_of(window)
    view_of(window).setFocus()
    back_to_the_original(window, original)


def test_initiative_added_and_removed_with_the_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    before = ids_of_kind(window, "initiative")
    select(window, "step-track-parcel")
    panel = inspector_of(window).forms["step"].attachments  # type: ignore[attr-defined]
    panel.add_initiative_button.setFocus()  # where Tab brings a keyboard user
    QTest.keyClick(panel.add_initiative_button, Qt.Key.Key_Space)
    initiative_id = new_one(window, "initiative", before)
    title = panel.initiative_form.title
    assert title.hasFocus()  # ready to type the title
    QTest.keyClicks(title, "Proactive delay e-mail")
    QTest.keyClick(title, Qt.Key.Key_Return)
    assert name_of(window, initiative_id) == "Proactive delay e-mail"
    panel.remove_button.setFocus()
    QTest.keyClick(panel.remove_button, Qt.Key.Key_Space)
    assert initiative_id not in document_of(window)
    view_of(window).setFocus()
    back_to_the_original(window, original)


# -- emotion values ---------------------------------------------------------------------------


def new_step_without_emotion(window: MainWindow) -> str:
    """Enter after "Pay" adds a step that has no emotion yet; Enter keeps its title."""
    select(window, "step-pay")
    key(window, Qt.Key.Key_Return)
    inline = view_of(window).inline_editor()
    assert inline is not None
    QTest.keyClick(inline, Qt.Key.Key_Return)
    (step_id,) = scene_of(window).selected_ids()
    curve = document_of(window).map.default_curve()
    assert curve is not None and step_id not in curve.points
    return step_id


def test_emotion_set_with_a_digit_on_a_new_step(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    step_id = new_step_without_emotion(window)
    QTest.keyClicks(view_of(window), "3")
    curve = document_of(window).map.default_curve()
    assert curve is not None and curve.points[step_id] == 3
    back_to_the_original(window, original)


def test_emotion_set_by_dragging_the_empty_point(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    step_id = new_step_without_emotion(window)
    point = scene_of(window).point_for(step_id)
    assert point is not None
    target = QPointF(point.pos().x(), scene_of(window).layout.value_to_y(-2))
    drag(view_of(window), point.pos(), target)
    curve = document_of(window).map.default_curve()
    assert curve is not None and curve.points[step_id] == -2
    back_to_the_original(window, original)


def test_emotion_cleared_with_the_inspectors_button(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "step-compare")
    emotion = inspector_of(window).forms["step"].emotion  # type: ignore[attr-defined]
    QTest.mouseClick(emotion.clear_button, Qt.MouseButton.LeftButton)
    curve = document_of(window).map.default_curve()
    assert curve is not None and "step-compare" not in curve.points
    back_to_the_original(window, original)


def test_emotion_cleared_with_the_keyboard_in_the_inspector(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "step-compare")
    spin = inspector_of(window).forms["step"].emotion.spin  # type: ignore[attr-defined]
    spin.setFocus()
    QTest.keyClick(spin, Qt.Key.Key_PageDown)  # ten down: past the scale, to "not set"
    curve = document_of(window).map.default_curve()
    assert curve is not None and "step-compare" not in curve.points
    view_of(window).setFocus()
    back_to_the_original(window, original)
