"""The Curves panel and the curves on the canvas, driven like a user: clicks on the panel's
buttons and list rows, keys in its list and fields, digit keys and point drags on the map.

Every test checks the Document, that each change was one undo command, and that Ctrl+Z
takes every change back to the bytes the map was opened with.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from journeymapper.model import load, save
from journeymapper.model.analysis import run_analysis
from journeymapper.model.elements import CurveKind, CurveState, EmotionCurve
from journeymapper.render.curve_faces import curve_look
from journeymapper.render.view_bands import curve_shown
from journeymapper.ui.inspector.curves import CurvesPanel
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.scene.curve import CurveItem
from tests.conftest import SAMPLE_MAPS
from tests.ui.helpers import drag, open_window, view_of
from tests.ui.user import (
    Mod,
    activate,
    document_of,
    editor_of,
    key,
    open_active,
    saved_bytes,
    scene_of,
    select,
    undo_all_with_ctrl_z,
)

TELECOM = "telecom_contact_centre"
CUSTOMER = "curve-customer"
AGENT = "curve-agent"
# Where the agent's curve (6) and the customer's (8) lie two grades apart.
APART = "step-promise-credit"


def open_two_curves(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The telecom sample with its customer's and agent's curves only (the sample's to-be
    curve left out), so the rows below are the ones these tests name."""
    journey = load(SAMPLE_MAPS / f"{TELECOM}.cjm").journey
    journey.curves = [c for c in journey.curves if c.id in (CUSTOMER, AGENT)]
    path = tmp_path / f"{TELECOM}.cjm"
    save(journey, path)
    window, _ = open_window(qtbot, path)
    activate(qtbot, window)
    return window


def curves_panel(window: MainWindow) -> CurvesPanel:
    """Bring the Curves tab to the front, as a click on it does, and return its panel."""
    window.curves_dock.raise_()
    panel = window.curves_dock.widget()
    assert isinstance(panel, CurvesPanel)
    assert panel.isVisible()
    return panel


def curve(window: MainWindow, curve_id: str) -> EmotionCurve:
    found = document_of(window).get(curve_id)
    assert isinstance(found, EmotionCurve)
    return found


def curve_ids(window: MainWindow) -> list[str]:
    return [c.id for c in document_of(window).map.curves]


def click(widget: QAbstractButton) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(listing: QListWidget, row: int) -> None:
    """Click the text of a list row (not its tick box)."""
    item = listing.item(row)
    assert item is not None
    rect = listing.visualItemRect(item)
    at = rect.center()
    at.setX(rect.left() + rect.width() * 2 // 3)
    QTest.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, at)


def press_in(widget: QWidget, pressed: Qt.Key, modifiers: Mod = Mod.NoModifier) -> None:
    widget.setFocus()
    QTest.keyClick(widget, pressed, modifiers)


def type_into(widget: QWidget, text: str) -> None:
    """Select the field's text, type over it and press Enter."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Mod.ControlModifier)
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def choose_with_keys(combo: QComboBox, text: str) -> None:
    """Walk a list with the arrow keys to ``text`` and confirm it with Enter."""
    combo.setFocus()
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert text in offered, f"{text!r} is not offered: {offered}"
    target = offered.index(text)
    while combo.currentIndex() != target:
        down = combo.currentIndex() < target
        QTest.keyClick(combo, Qt.Key.Key_Down if down else Qt.Key.Key_Up)
    QTest.keyClick(combo, Qt.Key.Key_Return)


def one_edit(window: MainWindow, action: Callable[[], object]) -> None:
    """Run ``action`` and check it pushed exactly one undo command."""
    stack = editor_of(window).undo_stack
    before = stack.count()
    action()
    assert stack.count() == before + 1, stack.text(stack.count() - 1)


def point_place(window: MainWindow, step_id: str, curve_id: str) -> QPointF:
    """Where a curve's value at a step is drawn."""
    layout = scene_of(window).layout
    value = curve(window, curve_id).points[step_id]
    return QPointF(layout.boxes[step_id].rect.center_x, layout.value_to_y(value))


def test_every_curve_edit_from_the_panel_is_one_undo_step_back_to_the_original_bytes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_two_curves(qtbot, tmp_path)
    original = saved_bytes(window)
    panel = curves_panel(window)
    assert [panel.curve_list.item(n).text() for n in range(panel.curve_list.count())] == [
        "Customer, today (customer, as-is)  ✎",  # the curve the keys change
        "Contact centre agent, today (employee, as-is)",
    ]

    one_edit(window, lambda: click(panel.add_button))
    added = curve_ids(window)[-1]
    assert panel.edited_curve() == added  # a new curve is the one edited next
    one_edit(window, lambda: type_into(panel.curve_form.name, "Customer, after the fix"))
    assert curve(window, added).name == "Customer, after the fix"
    one_edit(window, lambda: choose_with_keys(panel.curve_form.state, "to-be (the future)"))
    assert curve(window, added).state is CurveState.FUTURE
    one_edit(window, lambda: choose_with_keys(panel.curve_form.kind, "employee"))
    assert curve(window, added).kind is CurveKind.EMPLOYEE
    one_edit(window, lambda: choose_with_keys(panel.curve_form.kind, "customer"))
    one_edit(
        window, lambda: choose_with_keys(panel.curve_form.persona, "Daan, 41, works from home")
    )
    assert curve(window, added).persona == "persona-daan"

    one_edit(window, lambda: press_in(panel.curve_list, Qt.Key.Key_Up, Mod.AltModifier))
    assert curve_ids(window) == [CUSTOMER, added, AGENT]
    one_edit(window, lambda: click(panel.up_button))
    assert curve_ids(window) == [added, CUSTOMER, AGENT]
    one_edit(window, lambda: click(panel.down_button))
    assert curve_ids(window) == [CUSTOMER, added, AGENT]

    # The digit keys and drags change the picked curve, and only it.
    select(window, "step-call")
    one_edit(window, lambda: key(window, Qt.Key.Key_9))
    assert curve(window, added).points == {"step-call": 9.0}
    assert curve(window, CUSTOMER).points["step-call"] == 5.0
    click_row(panel.curve_list, 2)  # the agent's curve, by mouse
    assert panel.edited_curve() == AGENT
    select(window, "step-call")
    one_edit(window, lambda: key(window, Qt.Key.Key_2))
    assert curve(window, AGENT).points["step-call"] == 2.0
    assert curve(window, added).points["step-call"] == 9.0
    scene = scene_of(window)
    start = point_place(window, APART, AGENT)
    target_y = scene.layout.value_to_y(3.0)
    one_edit(window, lambda: drag(view_of(window), start, QPointF(start.x(), target_y)))
    assert curve(window, AGENT).points[APART] == 3.0
    assert curve(window, CUSTOMER).points[APART] == 8.0

    # Space on a row ticks its box: the curve hides, and shows again.
    panel = curves_panel(window)
    panel.curve_list.setCurrentRow(2)
    one_edit(window, lambda: press_in(panel.curve_list, Qt.Key.Key_Space))
    assert not curve_shown(document_of(window).map.view, AGENT)
    # A hidden curve is not edited, and no other curve is edited in its place.
    assert panel.edited_curve() is None
    assert panel.current_curve() == AGENT  # but its row stays current
    one_edit(window, lambda: press_in(panel.curve_list, Qt.Key.Key_Space))
    assert curve_shown(document_of(window).map.view, AGENT)
    assert panel.edited_curve() == AGENT

    panel.curve_list.setCurrentRow(1)
    assert panel.edited_curve() == added
    one_edit(window, lambda: press_in(panel.curve_list, Qt.Key.Key_Delete))
    assert curve_ids(window) == [CUSTOMER, AGENT]
    one_edit(window, lambda: press_in(panel.curve_list, Qt.Key.Key_Insert))
    assert len(curve_ids(window)) == 3
    one_edit(window, lambda: click(panel.delete_button))

    view_of(window).setFocus()
    assert undo_all_with_ctrl_z(window) == 17  # one press per change above
    assert saved_bytes(window) == original


def test_f7_picks_the_curve_the_keys_change_without_the_mouse(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path, TELECOM)
    original = saved_bytes(window)
    select(window, "step-call")
    key(window, Qt.Key.Key_F7)
    panel = window.curves_dock.widget()
    assert isinstance(panel, CurvesPanel)
    focused = QApplication.focusWidget()
    assert focused is panel.curve_list
    QTest.keyClick(panel.curve_list, Qt.Key.Key_Down)
    assert panel.edited_curve() == AGENT
    QTest.keyClick(panel.curve_list, Qt.Key.Key_Escape)
    assert view_of(window).hasFocus()
    one_edit(window, lambda: key(window, Qt.Key.Key_4))
    assert curve(window, AGENT).points["step-call"] == 4.0
    assert curve(window, CUSTOMER).points["step-call"] == 5.0
    key(window, Qt.Key.Key_F7)
    QTest.keyClick(panel.curve_list, Qt.Key.Key_Up)
    key(window, Qt.Key.Key_F7)  # and F7 again goes back to the map
    assert view_of(window).hasFocus()
    one_edit(window, lambda: key(window, Qt.Key.Key_Plus))
    assert curve(window, CUSTOMER).points["step-call"] == 6.0
    undo_all_with_ctrl_z(window)
    assert saved_bytes(window) == original


def test_the_edited_curve_stands_out_and_its_points_are_the_handles(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_two_curves(qtbot, tmp_path)
    scene = scene_of(window)
    (line,) = [item for item in scene.items() if isinstance(item, CurveItem)]
    colours = {c.id: curve_look(n, c).colour for n, c in enumerate(document_of(window).map.curves)}
    point = scene.point_for(APART)
    assert point is not None
    assert point.pos().y() == point_place(window, APART, CUSTOMER).y()
    assert line.halo == point.ink == colours[CUSTOMER]

    click_row(curves_panel(window).curve_list, 1)
    assert point.pos().y() == point_place(window, APART, AGENT).y()
    assert line.halo == point.ink == colours[AGENT]
    # The edited curve's values are the handles; the others' are small marks on their line.
    marks = {face.key: len(face.shapes) - 1 for face in line.faces()[1:]}
    assert marks == {CUSTOMER: len(curve(window, CUSTOMER).points), AGENT: 0}


def test_the_moments_of_truth_marked_are_those_of_the_edited_curve(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path, TELECOM)
    scene = scene_of(window)
    analysis = run_analysis(document_of(window).map)

    def marked() -> set[str]:
        steps = document_of(window).map.steps()
        return {s.id for s in steps if (p := scene.point_for(s.id)) is not None and p.moment}

    expected = {m.step.id for m in analysis.moments_by_curve[CUSTOMER]}
    assert marked() == expected
    click_row(curves_panel(window).curve_list, 1)
    expected = {m.step.id for m in analysis.moments_by_curve[AGENT]}
    assert expected != {m.step.id for m in analysis.moments_by_curve[CUSTOMER]}
    assert marked() == expected


def test_a_drag_on_another_curves_point_changes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path, TELECOM)
    original = saved_bytes(window)
    stack = editor_of(window).undo_stack
    start = point_place(window, APART, AGENT)  # the customer's curve is the one edited
    drag(view_of(window), start, QPointF(start.x(), start.y() + 40))
    assert saved_bytes(window) == original
    assert stack.count() == 0

    # Picked, the agent's curve takes the drags, and the customer's points are out of reach.
    panel = curves_panel(window)
    click_row(panel.curve_list, 1)
    assert panel.edited_curve() == AGENT
    start = point_place(window, APART, CUSTOMER)
    drag(view_of(window), start, QPointF(start.x(), start.y() + 40))
    assert saved_bytes(window) == original
    assert stack.count() == 0


def test_the_points_of_a_hidden_curve_cannot_be_dragged(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path, TELECOM)
    panel = curves_panel(window)
    click_row(panel.curve_list, 1)
    one_edit(window, lambda: press_in(panel.curve_list, Qt.Key.Key_Space))  # hide the agent
    panel.curve_list.setCurrentRow(0)
    one_edit(window, lambda: press_in(panel.curve_list, Qt.Key.Key_Space))  # and the customer
    assert editor_of(window).curves.edited() is None
    before = saved_bytes(window)
    for curve_id in (CUSTOMER, AGENT):
        start = point_place(window, APART, curve_id)
        drag(view_of(window), start, QPointF(start.x(), start.y() + 40))
    select(window, "step-call")
    key(window, Qt.Key.Key_3)
    assert saved_bytes(window) == before
    assert editor_of(window).undo_stack.count() == 2


def test_personas_are_added_named_filled_in_and_deleted_unless_a_curve_has_them(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path, TELECOM)
    original = saved_bytes(window)
    panel = curves_panel(window)
    assert panel.persona_list.count() == 1

    one_edit(window, lambda: click(panel.add_persona_button))
    one_edit(window, lambda: type_into(panel.persona_form.name, "Fatima, 67, retired"))
    form = panel.persona_form
    one_edit(
        window, lambda: (type_into(form.profile, "Calls rather than chats"), form.name.setFocus())
    )
    one_edit(window, lambda: press_in(panel.persona_list, Qt.Key.Key_Insert))
    one_edit(window, lambda: type_into(panel.persona_form.name, "Joost, 23"))
    personas = document_of(window).map.personas
    assert [p.name for p in personas] == [
        "Daan, 41, works from home",
        "Fatima, 67, retired",
        "Joost, 23",
    ]
    assert personas[1].profile.strip() == "Calls rather than chats"

    # The agent's curve becomes Fatima's ... so deleting Fatima is refused, naming it.
    click_row(panel.curve_list, 1)
    one_edit(window, lambda: choose_with_keys(panel.curve_form.persona, "Fatima, 67, retired"))
    click_row(panel.persona_list, 1)
    before = saved_bytes(window)
    count = editor_of(window).undo_stack.count()
    press_in(panel.persona_list, Qt.Key.Key_Delete)
    assert "'Contact centre agent, today'" in panel.error
    assert "Fatima" in panel.error
    assert saved_bytes(window) == before
    assert editor_of(window).undo_stack.count() == count
    click_row(panel.persona_list, 2)
    one_edit(window, lambda: click(panel.delete_persona_button))
    assert [p.name for p in document_of(window).map.personas] == [
        "Daan, 41, works from home",
        "Fatima, 67, retired",
    ]
    assert panel.error == ""

    view_of(window).setFocus()
    undo_all_with_ctrl_z(window)
    assert saved_bytes(window) == original


def test_the_lists_follow_undo(qtbot: QtBot, tmp_path: Path) -> None:
    """The panel shows what the Document holds, also after an undo."""
    window = open_two_curves(qtbot, tmp_path)
    panel = curves_panel(window)
    one_edit(window, lambda: click(panel.add_persona_button))
    one_edit(window, lambda: click(panel.add_button))
    assert (panel.persona_list.count(), panel.curve_list.count()) == (2, 3)
    view_of(window).setFocus()
    key(window, Qt.Key.Key_Z, Mod.ControlModifier)
    key(window, Qt.Key.Key_Z, Mod.ControlModifier)
    assert (panel.persona_list.count(), panel.curve_list.count()) == (1, 2)
    assert panel.edited_curve() == CUSTOMER


def test_a_hidden_picked_curve_is_not_swapped_for_another_behind_the_users_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A CX lead picked the agent's curve, hid it with Space, went back to the map and pressed
    3: the customer's curve changed, while the panel still showed the agent's as picked. Now
    nothing changes and the status bar says why."""
    window = open_active(qtbot, tmp_path, TELECOM)
    original = saved_bytes(window)
    select(window, "step-call")
    key(window, Qt.Key.Key_F7)
    panel = window.curves_dock.widget()
    assert isinstance(panel, CurvesPanel)
    QTest.keyClick(panel.curve_list, Qt.Key.Key_Down)
    assert panel.edited_curve() == AGENT
    QTest.keyClick(panel.curve_list, Qt.Key.Key_Space)  # hide the agent's curve
    assert not curve_shown(document_of(window).map.view, AGENT)
    QTest.keyClick(panel.curve_list, Qt.Key.Key_Escape)
    done = editor_of(window).undo_stack.count()
    key(window, Qt.Key.Key_3)
    assert editor_of(window).undo_stack.count() == done
    assert curve(window, CUSTOMER).points["step-call"] == 5.0
    assert "is hidden" in window.statusBar().currentMessage()
    undo_all_with_ctrl_z(window)
    assert saved_bytes(window) == original
