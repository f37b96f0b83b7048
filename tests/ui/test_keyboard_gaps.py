"""The three things that needed the mouse, done with the keyboard and undone.

Flows have no card to land on with the arrow keys: F on a process step walks its flows, and
the arrows and Escape lead back. A flow moves by reconnecting its ends, chosen in the
inspector's From and To lists. A metric or initiative moves by choosing another element in
its "Attached to" list. Each story ends with Ctrl+Z until the map is, byte for byte, the one
that was opened.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journeymapper.model import IntegrityError, load
from journeymapper.model.elements import Flow, Initiative, Metric
from journeymapper.model.kinds import Kind
from journeymapper.ui.inspector import Inspector
from journeymapper.ui.inspector.attachments import AttachmentsPanel, attachable_choices
from journeymapper.ui.inspector.fields import ConfirmedComboField
from journeymapper.ui.inspector.flow import FlowForm, process_step_choices
from journeymapper.ui.inspector.forms import PhaseForm, StepForm
from journeymapper.ui.main_window import MainWindow
from tests.ui.helpers import view_of
from tests.ui.user import (
    Mod,
    document_of,
    editor_of,
    key,
    open_active,
    saved_bytes,
    scene_of,
    select,
    undo_all_with_ctrl_z,
)

# In the webshop sample, "Pick the items" receives the pick list and passes on to packing.
PICK = "proc-pick"
PICK_OUT = "flow-pick-pack"  # proc-pick -> proc-pack
PICK_IN = "flow-release-pick"  # proc-release-order -> proc-pick


def inspector_of(window: MainWindow) -> Inspector:
    inspector = window.inspector
    assert isinstance(inspector, Inspector)
    return inspector


def flow_form(window: MainWindow) -> FlowForm:
    form = inspector_of(window).forms["flow"]
    assert isinstance(form, FlowForm)
    return form


def attachments_of(window: MainWindow, kind: Kind) -> AttachmentsPanel:
    form = inspector_of(window).forms[kind]
    assert isinstance(form, (StepForm, PhaseForm))
    return form.attachments


def selected(window: MainWindow) -> list[str]:
    return scene_of(window).selected_ids()


def flow(window: MainWindow, flow_id: str) -> Flow:
    element = document_of(window).get(flow_id)
    assert isinstance(element, Flow)
    return element


def back_to_the_original(window: MainWindow, original: bytes, edits: int) -> None:
    """Ctrl+Z on the canvas, once per edit made, brings the opened map back exactly."""
    view_of(window).setFocus()
    assert undo_all_with_ctrl_z(window) == edits
    assert saved_bytes(window) == original
    assert not window.isWindowModified()


def browse(combo: ConfirmedComboField, *keys: Qt.Key) -> None:
    """Put the keyboard focus in a list of the inspector and press keys there."""
    combo.setFocus()
    for pressed in keys:
        QTest.keyClick(combo, pressed)


# -- 1. selecting flows with the keyboard -----------------------------------------------------


def test_f_walks_the_flows_of_a_process_step_out_then_in(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, PICK)
    key(window, Qt.Key.Key_F)
    assert selected(window) == [PICK_OUT]
    assert inspector_of(window).form is flow_form(window)  # the inspector edits the flow
    key(window, Qt.Key.Key_F)
    assert selected(window) == [PICK_IN]
    key(window, Qt.Key.Key_F)
    assert selected(window) == [PICK_OUT]  # round again
    key(window, Qt.Key.Key_F, Mod.ShiftModifier)
    assert selected(window) == [PICK_IN]  # Shift+F walks back
    assert not editor_of(window).undo_stack.count()  # selecting edits nothing


def test_delete_removes_the_flow_selected_with_f_and_ctrl_z_restores_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, PICK)
    key(window, Qt.Key.Key_F)
    key(window, Qt.Key.Key_F)
    key(window, Qt.Key.Key_Delete)
    document = document_of(window)
    assert PICK_IN not in document
    assert PICK in document and "proc-release-order" in document
    assert PICK_OUT in document
    back_to_the_original(window, original, edits=1)


def test_arrows_and_escape_lead_from_a_flow_back_to_process_steps(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, PICK)
    key(window, Qt.Key.Key_F)
    key(window, Qt.Key.Key_F)  # the incoming flow, from "Release the order"
    key(window, Qt.Key.Key_Escape)
    assert selected(window) == [PICK]  # where the walk started
    key(window, Qt.Key.Key_F)
    key(window, Qt.Key.Key_F)
    key(window, Qt.Key.Key_Left)
    assert selected(window) == ["proc-release-order"]  # where the flow comes from
    key(window, Qt.Key.Key_F)  # its only flow: the one to "Pick the items"
    assert selected(window) == [PICK_IN]
    key(window, Qt.Key.Key_Right)
    assert selected(window) == [PICK]  # where it goes
    key(window, Qt.Key.Key_F)
    key(window, Qt.Key.Key_Down)
    assert selected(window) == [PICK]
    key(window, Qt.Key.Key_F)
    key(window, Qt.Key.Key_Tab)  # on to the next band, from the process step's column
    assert selected(window) and document_of(window).kind(selected(window)[0]) == "phase"


def test_f_on_a_process_step_without_flows_keeps_it_selected(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "proc-publish-promise")
    key(window, Qt.Key.Key_F)
    assert selected(window) == ["proc-publish-promise"]


def test_a_flow_selected_with_f_is_labelled_in_the_inspector(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, PICK)
    key(window, Qt.Key.Key_F)
    label = flow_form(window).label
    label.setFocus()
    QTest.keyClicks(label, "tote with the items")
    QTest.keyClick(label, Qt.Key.Key_Return)
    assert flow(window, PICK_OUT).label == "tote with the items"
    assert inspector_of(window).heading.text() == "Flow: tote with the items"
    back_to_the_original(window, original, edits=1)


# -- 2. moving a flow: reconnecting its ends in the inspector ---------------------------------


def test_a_flows_target_is_chosen_with_arrows_and_enter(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, PICK)
    key(window, Qt.Key.Key_F)  # Pick -> Pack
    choices = [value for _, value in process_step_choices(document_of(window))]
    target = flow_form(window).target
    assert target.currentText() == "Pack, print the gift slip and label (Warehouse)"
    browse(target, Qt.Key.Key_Down)
    assert flow(window, PICK_OUT).target == "proc-pack"  # browsing moves nothing yet
    QTest.keyClick(target, Qt.Key.Key_Down)
    QTest.keyClick(target, Qt.Key.Key_Return)
    expected = choices[choices.index("proc-pack") + 2]
    assert flow(window, PICK_OUT).target == expected
    assert flow(window, PICK_OUT).source == PICK
    assert inspector_of(window).error == ""
    back_to_the_original(window, original, edits=1)


def test_a_flows_source_is_chosen_by_typing_and_leaving_the_list(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, PICK)
    key(window, Qt.Key.Key_F)
    source = flow_form(window).source
    source.setFocus()
    QTest.keyClicks(source, "Sort")  # jump to "Sort at the courier depot"
    assert flow(window, PICK_OUT).source == PICK
    QTest.keyClick(source, Qt.Key.Key_Tab)  # leaving the list commits the choice
    assert flow(window, PICK_OUT).source == "proc-depot-sort"
    assert scene_of(window).layout.arrows  # the arrow is redrawn from its new start
    back_to_the_original(window, original, edits=1)


def test_escape_in_the_list_keeps_the_flow_where_it_was(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, PICK)
    key(window, Qt.Key.Key_F)
    target = flow_form(window).target
    browse(target, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Escape)
    assert target.currentText() == "Pack, print the gift slip and label (Warehouse)"
    view_of(window).setFocus()  # leaving the list after Escape commits nothing
    assert flow(window, PICK_OUT).target == "proc-pack"
    assert not editor_of(window).undo_stack.count()


def test_a_flow_back_to_its_own_start_is_refused_with_the_reason(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, PICK)
    key(window, Qt.Key.Key_F)
    target = flow_form(window).target
    target.setFocus()
    QTest.keyClicks(target, "Pick the")
    QTest.keyClick(target, Qt.Key.Key_Return)
    assert "from a process step to itself" in inspector_of(window).error
    assert flow(window, PICK_OUT).target == "proc-pack"
    assert target.currentText().startswith("Pack, print")  # the list shows the Document
    assert not editor_of(window).undo_stack.count()


def test_a_second_flow_between_the_same_steps_is_refused_with_the_reason(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, PICK)
    key(window, Qt.Key.Key_F)
    key(window, Qt.Key.Key_F)  # Release -> Pick
    form = flow_form(window)
    form.target.setFocus()
    QTest.keyClicks(form.target, "Pack, print")
    QTest.keyClick(form.target, Qt.Key.Key_Return)
    assert flow(window, PICK_IN).target == "proc-pack"  # Release -> Pack is new: allowed
    form.source.setFocus()
    QTest.keyClicks(form.source, "Pick the")
    QTest.keyClick(form.source, Qt.Key.Key_Return)  # Pick -> Pack exists already
    assert "already has a flow to 'Pack, print the gift slip" in inspector_of(window).error
    assert flow(window, PICK_IN).source == "proc-release-order"
    assert editor_of(window).undo_stack.count() == 1


def test_a_flows_target_is_picked_from_the_open_list(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, PICK)
    key(window, Qt.Key.Key_F)
    target = flow_form(window).target
    browse(target, Qt.Key.Key_F4)  # opens the list
    popup = target.view()
    assert popup.isVisible()
    QTest.keyClick(popup, Qt.Key.Key_Down)
    assert flow(window, PICK_OUT).target == "proc-pack"  # moving in the open list: nothing
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert flow(window, PICK_OUT).target == "proc-hand-to-courier"
    back_to_the_original(window, original, edits=1)


# -- 3. moving metrics and initiatives to another element -------------------------------------


def test_a_metric_is_moved_to_its_phase_with_the_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "step-wonder-where")
    panel = attachments_of(window, "step")
    panel.list.setFocus()
    QTest.keyClick(panel.list, Qt.Key.Key_Home)  # the first one: the WISMO metric
    assert panel.selected == "metric-wismo"
    attached_to = panel.metric_form.attached_to
    assert attached_to.currentText() == "Step: Wonder where the parcel is"
    browse(attached_to, Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Up)
    assert attached_to.currentText() == "Phase: Wait for the parcel"
    QTest.keyClick(attached_to, Qt.Key.Key_Return)
    metric = document_of(window).get("metric-wismo")
    assert isinstance(metric, Metric) and metric.attached_to == "phase-wait"
    assert "metric-wismo" not in [element.id for element in panel.attached()]
    assert panel.moved_note.isVisible()
    assert "moved to phase 'Wait for the parcel'" in panel.moved_note.text()
    select(window, "phase-wait")  # it is in the phase's list now
    phase_panel = attachments_of(window, "phase")
    assert "metric-wismo" in [element.id for element in phase_panel.attached()]
    back_to_the_original(window, original, edits=1)
    assert "metric-wismo" not in [element.id for element in phase_panel.attached()]


def test_an_initiative_is_moved_to_a_touchpoint_by_typing_its_title(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "step-wonder-where")
    panel = attachments_of(window, "step")
    panel.list.setFocus()
    QTest.keyClick(panel.list, Qt.Key.Key_End)  # the last one: the initiative
    assert panel.selected == "init-courier-prealert"
    attached_to = panel.initiative_form.attached_to
    attached_to.setFocus()
    QTest.keyClicks(attached_to, "Touchpoint: Track")
    assert attached_to.currentText() == "Touchpoint: Track-and-trace page"
    QTest.keyClick(attached_to, Qt.Key.Key_Return)
    initiative = document_of(window).get("init-courier-prealert")
    assert isinstance(initiative, Initiative) and initiative.attached_to == "tp-track-trace"
    assert not panel.detail.isVisible()  # it left this step's list
    back_to_the_original(window, original, edits=1)


def test_attached_to_offers_every_phase_step_and_touchpoint_by_title(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    journey = document_of(window).map
    offered = attachable_choices(document_of(window))
    expected = {p.id for p in journey.phases} | {s.id for s in journey.steps()}
    expected |= {t.id for t in journey.touchpoints}
    assert {value for _, value in offered} == expected
    assert len(offered) == len(expected)
    assert offered[0] == ("Phase: Orient", "phase-orient")
    assert offered[1] == ("Step: Search for a birthday present", "step-search-gift")
    assert offered[2] == ("Touchpoint: Product page with reviews", "tp-product-page")


def test_the_editor_refuses_what_the_document_refuses(qtbot: QtBot, tmp_path: Path) -> None:
    """A metric hangs at a phase, step or touchpoint, a flow's end at a process step; the
    Document's refusal reaches the caller (the inspector shows it) and changes nothing."""
    window = open_active(qtbot, tmp_path)
    editor = editor_of(window)
    with pytest.raises(IntegrityError, match="phase or step or touchpoint"):
        editor.attach("metric-wismo", PICK)
    with pytest.raises(IntegrityError, match="process_step"):
        editor.reconnect_flow(PICK_OUT, "target", "step-pay")
    assert not editor.undo_stack.count()


def test_f6_takes_the_keyboard_to_the_inspector_and_back(qtbot: QtBot, tmp_path: Path) -> None:
    """Select a step, F6 into its fields, type a new title, F6 back to the canvas."""
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    step = document_of(window).map.steps()[0].id
    select(window, step)
    key(window, Qt.Key.Key_F6)
    focused = QApplication.focusWidget()
    assert focused is not None and inspector_of(window).isAncestorOf(focused)
    focused.selectAll()  # type: ignore[attr-defined]  # the title line edit
    QTest.keyClicks(focused, "Look for a present")
    QTest.keyClick(focused, Qt.Key.Key_F6)  # the shortcut works from the inspector too
    assert QApplication.focusWidget() is view_of(window)
    assert document_of(window).get(step).title == "Look for a present"  # type: ignore[attr-defined]
    undo_all_with_ctrl_z(window)
    assert saved_bytes(window) == original


def test_after_delete_the_neighbour_is_selected_so_typing_goes_on(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Delete a step: the step before it is selected, and Delete again removes that one."""
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "step-check-delivery")
    key(window, Qt.Key.Key_Delete)
    assert "step-check-delivery" not in document_of(window)
    assert scene_of(window).selected_ids() == ["step-compare"]
    key(window, Qt.Key.Key_Delete)
    assert scene_of(window).selected_ids() == ["step-search-gift"]
    key(window, Qt.Key.Key_Delete)  # the first step of the map: the next one takes over
    assert [s.id for s in document_of(window).map.steps()][:1] == ["step-fill-basket"]
    assert scene_of(window).selected_ids() == ["step-fill-basket"]
    undo_all_with_ctrl_z(window)
    assert saved_bytes(window) == original


def test_a_choice_still_in_a_field_is_saved_with_ctrl_s(qtbot: QtBot, tmp_path: Path) -> None:
    """Browse the owner list with Up and save at once: the file holds what the field shows."""
    window = open_active(qtbot, tmp_path)
    select(window, "tp-doorstep")
    owner = inspector_of(window).forms["touchpoint"].owner  # type: ignore[attr-defined]
    owner.setFocus()
    QTest.keyClick(owner, Qt.Key.Key_Up)  # shows the department before the courier
    QTest.keyClick(owner, Qt.Key.Key_S, Mod.ControlModifier)
    assert window.session is not None and window.session.path is not None
    saved = load(window.session.path).journey
    assert next(t for t in saved.touchpoints if t.id == "tp-doorstep").owner == "dept-payment"
    assert not window.isWindowModified()
    assert QApplication.focusWidget() is owner  # the keyboard stays where it was


def test_backspace_deletes_like_delete_and_the_nearest_card_takes_over(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    select(window, "tp-wismo-call")  # second row of touchpoints, under the track-and-trace page
    key(window, Qt.Key.Key_Backspace)
    assert "tp-wismo-call" not in document_of(window)
    assert scene_of(window).selected_ids() == ["tp-track-trace"]
    undo_all_with_ctrl_z(window)
    assert saved_bytes(window) == original
