"""A facilitator typing live never gets stuck (issue 8): something is always selected or
reachable, empty bands and lanes can be entered, Escape leads to the map itself, flows are
joined and touchpoints get their channel and owner without the mouse, and Escape takes back
an add whose title was never typed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journeymapper.model import load
from journeymapper.model.analysis import FindingKind
from journeymapper.model.elements import Flow, ProcessStep, Touchpoint
from journeymapper.model.layout import BandKind
from journeymapper.ui.findings_panel import FindingsPanel
from journeymapper.ui.inspector import Inspector
from journeymapper.ui.inspector.flow import FlowForm
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.slots import Slot
from journeymapper.ui.title_shortcuts import parse
from tests.ui.helpers import open_window, view_of
from tests.ui.user import (
    CTRL_SHIFT,
    Mod,
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


def selected(window: MainWindow) -> list[str]:
    return scene_of(window).selected_ids()


def inspector_of(window: MainWindow) -> Inspector:
    assert isinstance(window.inspector, Inspector)
    return window.inspector


def slot_of(window: MainWindow) -> Slot | None:
    assert window.keyboard is not None
    return window.keyboard.slot


def new_map_window(qtbot: QtBot) -> MainWindow:
    """The start page, then Ctrl+N: an empty map in the active window."""
    window, _ = open_window(qtbot)
    handle = window.windowHandle()
    assert handle is not None
    with qtbot.waitActive(window):
        handle.requestActivate()
    QTest.keyClick(window, Qt.Key.Key_N, Mod.ControlModifier)
    assert window.session is not None
    view_of(window).setFocus()
    return window


def ids_of(window: MainWindow, kind: str) -> set[str]:
    document = document_of(window)
    return {i for i in document.ids() if document.kind(i) == kind}


# -- something is selected from the start -----------------------------------------------------


def test_opening_a_map_selects_its_first_step(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    assert selected(window) == ["step-search-gift"]
    assert inspector_of(window).heading.text().startswith("Customer step")
    key(window, Qt.Key.Key_Right)  # the keys work at once
    assert selected(window) == ["step-compare"]


def test_a_new_map_starts_on_the_map_itself(qtbot: QtBot) -> None:
    window = new_map_window(qtbot)
    assert selected(window) == []
    assert inspector_of(window).map_form.isVisible()


def test_after_a_click_on_empty_canvas_arrows_home_and_tab_select_a_card(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    scene = scene_of(window)
    emotion_band = scene.layout.emotion_area
    empty_spot = QPointF(emotion_band.x - 40, emotion_band.y + 10)  # the band's label area
    for pressed, expected in (
        (Qt.Key.Key_Down, None),
        (Qt.Key.Key_Tab, None),
        (Qt.Key.Key_Home, ["step-search-gift"]),
        (Qt.Key.Key_End, ["step-reorder"]),
    ):
        click_at(window, empty_spot)
        assert selected(window) == []
        key(window, pressed)
        assert len(selected(window)) == 1, pressed
        if expected is not None:
            assert selected(window) == expected
    assert not editor_of(window).undo_stack.count()


def test_home_and_end_go_to_the_ends_of_the_band(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "proc-pick")
    select(window, "proc-hand-to-courier")
    key(window, Qt.Key.Key_Home)  # the warehouse lane's first column holds two
    assert selected(window) in (["proc-pick"], ["proc-pack"])
    key(window, Qt.Key.Key_End)
    assert selected(window) == ["proc-receive-return"]


# -- Escape: the map itself -------------------------------------------------------------------


def test_escape_selects_the_map_and_f6_edits_its_title(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "step-pay")
    key(window, Qt.Key.Key_Escape)
    assert selected(window) == []
    inspector = inspector_of(window)
    assert inspector.heading.text() == "Journey map" and inspector.map_form.isVisible()
    key(window, Qt.Key.Key_F6)
    title = inspector.map_form.title
    assert QApplication.focusWidget() is title
    title.selectAll()
    QTest.keyClicks(title, "Gift order")
    QTest.keyClick(title, Qt.Key.Key_Return)
    assert document_of(window).map.title == "Gift order"


# -- empty bands and lanes --------------------------------------------------------------------


def test_tab_from_an_empty_phase_reaches_its_steps_and_enter_adds_the_first(
    qtbot: QtBot,
) -> None:
    window = new_map_window(qtbot)
    key(window, Qt.Key.Key_Return)  # the first phase
    type_title(window, "Order")
    (phase,) = ids_of(window, "phase")
    key(window, Qt.Key.Key_Tab)
    assert selected(window) == [] and slot_of(window) is not None
    key(window, Qt.Key.Key_Return)
    type_title(window, "Fill the basket")
    (step,) = ids_of(window, "step")
    assert [s.id for s in document_of(window).map.phases[0].steps] == [step]
    assert document_of(window).map.phases[0].id == phase


def test_tab_reaches_the_empty_touchpoint_band_and_an_empty_lane(qtbot: QtBot) -> None:
    window = new_map_window(qtbot)
    key(window, Qt.Key.Key_Return)
    type_title(window, "Order")
    key(window, Qt.Key.Key_Tab)
    key(window, Qt.Key.Key_Return)
    type_title(window, "Pay")
    (step,) = ids_of(window, "step")
    key(window, Qt.Key.Key_D, CTRL_SHIFT)  # a lane, still empty
    type_title(window, "Webshop")
    (department,) = ids_of(window, "department")
    select(window, step)
    key(window, Qt.Key.Key_Tab)  # no touchpoint yet: the empty band's slot
    assert slot_of(window) == Slot(slot_of(window).band, step)  # type: ignore[union-attr]
    key(window, Qt.Key.Key_Return)
    type_title(window, "Payment page")
    (touchpoint,) = ids_of(window, "touchpoint")
    tp = document_of(window).get(touchpoint)
    assert isinstance(tp, Touchpoint) and tp.steps == [step]
    key(window, Qt.Key.Key_Down)  # down into the empty lane
    assert slot_of(window) is not None and slot_of(window).department == department  # type: ignore[union-attr]
    key(window, Qt.Key.Key_Return)
    type_title(window, "Take the order")
    (process,) = ids_of(window, "process_step")
    made = document_of(window).get(process)
    assert isinstance(made, ProcessStep)
    assert (made.department, made.serves) == (department, [step])


def test_escape_leaves_a_slot_and_nothing_is_added(qtbot: QtBot) -> None:
    window = new_map_window(qtbot)
    key(window, Qt.Key.Key_Return)
    type_title(window, "Order")
    stack = editor_of(window).undo_stack
    before = stack.count()
    key(window, Qt.Key.Key_Tab)
    assert slot_of(window) is not None
    key(window, Qt.Key.Key_Escape)
    assert slot_of(window) is None and stack.count() == before


# -- joining two process steps with the keyboard ----------------------------------------------


def test_l_then_arrows_then_enter_joins_two_process_steps(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    flows_before = {f.id for f in document_of(window).map.flows}
    select(window, "proc-publish-promise")
    key(window, Qt.Key.Key_L)
    key(window, Qt.Key.Key_Right)
    assert selected(window) == ["proc-take-order"]  # aiming shows the target
    key(window, Qt.Key.Key_Return)
    added = [f for f in document_of(window).map.flows if f.id not in flows_before]
    assert [(f.source, f.target) for f in added] == [("proc-publish-promise", "proc-take-order")]
    assert editor_of(window).undo_stack.count() == 1  # one undoable edit
    assert selected(window) == ["proc-take-order"]  # ready to link on from there
    assert undo_all_with_ctrl_z(window) == 1 and saved_bytes(window) == original


def test_escape_cancels_a_link(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "proc-publish-promise")
    key(window, Qt.Key.Key_L)
    key(window, Qt.Key.Key_Right)
    key(window, Qt.Key.Key_Escape)
    assert selected(window) == ["proc-publish-promise"]
    assert not editor_of(window).undo_stack.count()
    key(window, Qt.Key.Key_Right)  # the keys move the selection again
    assert selected(window) == ["proc-take-order"]
    assert not editor_of(window).undo_stack.count()


def test_a_click_elsewhere_while_linking_cancels_the_link(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "proc-publish-promise")
    key(window, Qt.Key.Key_L)
    select(window, "step-pay")
    key(window, Qt.Key.Key_Right)  # an ordinary arrow again, and no flow
    assert selected(window) == ["step-read-confirmation"]
    key(window, Qt.Key.Key_Return)
    assert not any(f.source == "proc-publish-promise" for f in document_of(window).map.flows)


# -- a handover finding selects its flow ------------------------------------------------------


def test_enter_on_a_handover_finding_selects_the_flow(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    panel = window.findings_dock.widget()
    assert isinstance(panel, FindingsPanel)
    document = document_of(window)
    handover_kinds = {FindingKind.HANDOVER_GAP, FindingKind.UNINFORMED_HANDOVER}
    rows = [
        row
        for row, finding in enumerate(editor_of(window).findings)
        if finding.kind in handover_kinds
        and any(i in document and document.kind(i) == "flow" for i in finding.elements)
    ]
    assert rows, "the sample has handover findings"
    finding = editor_of(window).findings[rows[0]]
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.model.index(rows[0]))
    QTest.keyClick(panel.list, Qt.Key.Key_Return)
    (flow_id,) = selected(window)
    assert flow_id in finding.elements and isinstance(document.get(flow_id), Flow)
    assert isinstance(inspector_of(window).form, FlowForm)


# -- Ctrl+Shift+R adds in the selected column ------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "column"),
    [("tp-doorstep", "step-receive-parcel"), ("phase-wait", "step-wait-dispatch")],
)
def test_ctrl_shift_r_adds_the_process_step_in_the_selected_column(
    qtbot: QtBot, tmp_path: Path, chosen: str, column: str
) -> None:
    window = open_active(qtbot, tmp_path)
    before = ids_of(window, "process_step")
    select(window, chosen)
    key(window, Qt.Key.Key_R, CTRL_SHIFT)
    inline = view_of(window).inline_editor()
    assert inline is not None and inline.isVisible()
    assert view_of(window).viewport().rect().contains(inline.geometry())
    type_title(window, "Answer 'where is it?'")
    (new,) = ids_of(window, "process_step") - before
    made = document_of(window).get(new)
    assert isinstance(made, ProcessStep) and made.serves == [column]


def test_ctrl_shift_r_on_a_process_step_adds_in_its_lane_and_column(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    before = ids_of(window, "process_step")
    select(window, "proc-plan-route")
    key(window, Qt.Key.Key_R, CTRL_SHIFT)
    inline = view_of(window).inline_editor()
    assert inline is not None
    assert view_of(window).viewport().rect().contains(inline.geometry())
    type_title(window, "Call the customer")
    (new,) = ids_of(window, "process_step") - before
    made = document_of(window).get(new)
    assert isinstance(made, ProcessStep)
    assert (made.department, made.serves) == ("dept-courier", ["step-receive-eta"])


# -- Escape right after Enter takes the add back ---------------------------------------------


def test_escape_right_after_enter_cancels_the_add(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    stack = editor_of(window).undo_stack
    for element, shortcut in (
        ("step-pay", None),
        ("tp-doorstep", None),
        ("proc-pick", None),
        ("step-pay", (Qt.Key.Key_T, CTRL_SHIFT)),
        ("step-pay", (Qt.Key.Key_R, CTRL_SHIFT)),
    ):
        select(window, element)
        if shortcut is None:
            key(window, Qt.Key.Key_Return)
        else:
            key(window, *shortcut)
        inline = view_of(window).inline_editor()
        assert inline is not None
        QTest.keyClick(inline, Qt.Key.Key_Escape)
        assert saved_bytes(window) == original, element  # no "New ..." placeholder left
        assert stack.count() == 0 and not window.isWindowModified()  # nothing to redo either
        assert selected(window) == [element]  # back where the add started


def test_escape_after_a_double_click_add_leaves_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    original = saved_bytes(window)
    scene = scene_of(window)
    band = scene.layout.band(BandKind.TOUCHPOINTS)
    column = scene.card_rects["step-wonder-where"]
    double_click_at(window, QPointF(column.center_x, band.rect.bottom - 4))
    inline = view_of(window).inline_editor()
    assert inline is not None
    QTest.keyClick(inline, Qt.Key.Key_Escape)
    assert saved_bytes(window) == original
    assert editor_of(window).undo_stack.count() == 0


def test_escape_while_renaming_keeps_the_element(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    select(window, "step-pay")
    key(window, Qt.Key.Key_F2)
    inline = view_of(window).inline_editor()
    assert inline is not None
    QTest.keyClick(inline, Qt.Key.Key_Escape)
    assert "step-pay" in document_of(window) and selected(window) == ["step-pay"]


# -- touchpoints: no copied channel, channel and owner typed with the title -------------------


def test_typed_channel_and_owner_set_a_new_touchpoint_in_one_edit(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    before = ids_of(window, "touchpoint")
    select(window, "step-pay")
    key(window, Qt.Key.Key_T, CTRL_SHIFT)
    stack = editor_of(window).undo_stack
    type_title(window, "Payment receipt @email #cust")
    (new,) = ids_of(window, "touchpoint") - before
    made = document_of(window).get(new)
    assert isinstance(made, Touchpoint)
    assert (made.title, made.channel, made.owner) == (
        "Payment receipt",
        "ch-email",  # "email" finds "E-mail"
        "dept-customer-service",  # by the start of the name
    )
    assert stack.count() == 2  # the add, and the title with channel and owner
    key(window, Qt.Key.Key_Z, Mod.ControlModifier)
    made = document_of(window).get(new)
    assert isinstance(made, Touchpoint)
    assert (made.channel, made.owner) == (None, None)


def test_a_typed_channel_that_does_not_exist_is_added(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    channels = {c.id for c in document_of(window).map.channels}
    select(window, "tp-doorstep")
    key(window, Qt.Key.Key_F2)
    type_title(window, "Doorbell @WhatsApp")
    (added,) = [c for c in document_of(window).map.channels if c.id not in channels]
    made = document_of(window).get("tp-doorstep")
    assert isinstance(made, Touchpoint)
    assert (added.name, made.channel, made.title) == ("WhatsApp", added.id, "Doorbell")
    key(window, Qt.Key.Key_Z, Mod.ControlModifier)  # one undo takes the channel back too
    assert {c.id for c in document_of(window).map.channels} == channels


def test_a_touchpoint_without_channel_saves_checks_and_exports(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The channel stays empty until chosen; such a map saves, checks and exports."""
    window = new_map_window(qtbot)
    prompts = window.prompts
    target = tmp_path / "no-channel.cjm"
    prompts.save_to = target  # type: ignore[attr-defined]
    key(window, Qt.Key.Key_Return)
    type_title(window, "Order")
    key(window, Qt.Key.Key_Tab)
    key(window, Qt.Key.Key_Return)
    type_title(window, "Pay")
    key(window, Qt.Key.Key_T, CTRL_SHIFT)
    type_title(window, "Receipt")
    key(window, Qt.Key.Key_S, Mod.ControlModifier)
    (touchpoint,) = load(target).journey.touchpoints
    assert (touchpoint.title, touchpoint.channel) == ("Receipt", None)
    outputs = [tmp_path / f"out.{ext}" for ext in ("pdf", "xlsx", "svg")]
    for command in (
        ["check", str(target)],
        ["export", str(target), "--pdf", str(outputs[0]), "--xlsx", str(outputs[1])],
        ["export", str(target), "--svg", str(outputs[2])],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "journeymapper", *command],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert all(path.stat().st_size > 0 for path in outputs)


def test_after_at_and_hash_a_short_list_offers_channels_and_departments(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    before = ids_of(window, "touchpoint")
    select(window, "step-receive-parcel")
    key(window, Qt.Key.Key_T, CTRL_SHIFT)
    inline = view_of(window).inline_editor()
    assert inline is not None and inline.choices is not None
    completer = inline.choices.completer
    popup = completer.popup()
    assert popup is not None
    inline.selectAll()
    QTest.keyClicks(inline, "Handed over @cou")
    qtbot.waitUntil(popup.isVisible)
    offered = [
        completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())
    ]
    assert offered == ["Courier-at-the-door"]
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)  # the list takes Enter: the name goes in
    assert inline.text() == "Handed over @Courier-at-the-door"
    assert view_of(window).inline_editor() is inline  # still typing
    QTest.keyClicks(inline, " #c")
    qtbot.waitUntil(popup.isVisible)
    offered = [
        completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())
    ]
    assert offered == ["Customer-service", "Courier-ParcelXpress"]
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert inline.text() == "Handed over @Courier-at-the-door #Courier-ParcelXpress"
    QTest.keyClick(inline, Qt.Key.Key_Return)
    assert view_of(window).inline_editor() is None
    (new,) = ids_of(window, "touchpoint") - before
    made = document_of(window).get(new)
    assert isinstance(made, Touchpoint)
    assert (made.title, made.channel, made.owner) == ("Handed over", "ch-door", "dept-courier")


def test_title_shortcuts_parse_only_trailing_words_that_start_with_a_letter() -> None:
    assert parse("Order confirmation @email #Webshop") == parse(
        "Order confirmation #Webshop @email"
    )
    typed = parse("Order confirmation @email #Webshop")
    assert (typed.title, typed.channel, typed.owner) == ("Order confirmation", "email", "Webshop")
    typed = parse("Call #2 back")
    assert (typed.title, typed.channel, typed.owner) == ("Call #2 back", None, None)
    typed = parse("Mail to info@shop.example")
    assert (typed.title, typed.channel, typed.owner) == ("Mail to info@shop.example", None, None)
