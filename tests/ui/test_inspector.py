"""The inspector, used like a user would: select, type, tick, choose; then read the Document.

Every test asserts on the Document (never on pixels), and that one undo puts the old value
back in the Document and in the widget. pytest-qt fails a test on any exception raised in a
slot; that capture is left on (see the last test).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from journeymapper.model import Document, load, new_map
from journeymapper.model.elements import (
    CustomerStep,
    Department,
    Duration,
    EmotionScale,
    Flow,
    Metric,
    ProcessStep,
    TimeUnit,
    Touchpoint,
)
from journeymapper.ui.editor import Editor
from journeymapper.ui.inspector import Inspector
from journeymapper.ui.inspector.attachments import AttachmentsPanel
from journeymapper.ui.inspector.flow import FlowForm
from journeymapper.ui.inspector.form import Form
from journeymapper.ui.inspector.forms import (
    DepartmentForm,
    PhaseForm,
    ProcessStepForm,
    StepForm,
    TouchpointForm,
)
from tests.conftest import SAMPLE_MAPS

STEP = "step-wonder-where"
TOUCHPOINT = "tp-product-page"
PROCESS_STEP = "proc-take-order"
FLOW = "flow-order-payment"


@pytest.fixture
def editor() -> Iterator[Editor]:
    editor = Editor(Document(load(SAMPLE_MAPS / "webshop_order.cjm").journey))
    yield editor
    editor.close()


def open_inspector(qtbot: QtBot, editor: Editor) -> Inspector:
    """A shown, active inspector, so focus moves (and commits) like on a desktop."""
    inspector = Inspector(editor)
    qtbot.addWidget(inspector)
    inspector.resize(400, 900)
    with qtbot.waitActive(inspector):
        inspector.show()
        inspector.activateWindow()
    return inspector


@pytest.fixture
def inspector(qtbot: QtBot, editor: Editor) -> Iterator[Inspector]:
    inspector = open_inspector(qtbot, editor)
    yield inspector
    inspector.close_inspector()


def type_line(qtbot: QtBot, field: QLineEdit | QWidget, text: str) -> None:
    """Click into a field, replace its text and press Enter."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def type_more(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Click into a field and add to the end of its text, without pressing Enter."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_End)
    qtbot.keyClicks(field, text)


def type_lines(qtbot: QtBot, field: QPlainTextEdit, lines: list[str], then: QWidget) -> None:
    """Replace a text area's text, one line at a time, then click into another field."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    for number, line in enumerate(lines):
        if number:
            qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.keyClicks(field, line)
    then.setFocus()
    qtbot.waitUntil(lambda: not field.hasFocus())


F = TypeVar("F", bound=Form)


def form_of(inspector: Inspector, kind: type[F]) -> F:
    """The inspector's form of one element kind, e.g. ``form_of(inspector, StepForm)``."""
    found = [form for form in inspector.forms.values() if type(form) is kind]
    assert len(found) == 1
    return found[0]


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert index >= 0, f"{text!r} is not offered: {offered}"
    combo.setCurrentIndex(index)


def step(editor: Editor, element_id: str = STEP) -> CustomerStep:
    element = editor.document.get(element_id)
    assert isinstance(element, CustomerStep)
    return element


def touchpoint(editor: Editor) -> Touchpoint:
    element = editor.document.get(TOUCHPOINT)
    assert isinstance(element, Touchpoint)
    return element


def process_step(editor: Editor) -> ProcessStep:
    element = editor.document.get(PROCESS_STEP)
    assert isinstance(element, ProcessStep)
    return element


def flow(editor: Editor) -> Flow:
    element = editor.document.get(FLOW)
    assert isinstance(element, Flow)
    return element


# -- what is shown ------------------------------------------------------------------------------


def test_nothing_selected_shows_the_maps_own_fields(inspector: Inspector, editor: Editor) -> None:
    assert inspector.heading.text() == "Journey map"
    assert inspector.map_form.isVisible()
    assert inspector.map_form.title.text() == editor.document.map.title
    assert inspector.map_form.persona.name.text() == "Sanne, 34, working parent"
    assert not inspector.map_form.add_persona_button.isVisible()


def test_several_selected_shows_how_many_and_nothing_editable(inspector: Inspector) -> None:
    inspector.show_elements([STEP, TOUCHPOINT])
    assert inspector.heading.text() == "2 items selected"
    assert inspector.form is None
    assert inspector.note.isVisible()


def test_every_field_explains_itself_in_a_tooltip(inspector: Inspector) -> None:
    forms = [inspector.map_form, *inspector.forms.values()]
    for form in forms:
        for field in form._fields:
            widgets: list[QWidget] = (
                [field.list, field.add_metric_button, field.remove_button]
                if isinstance(field, AttachmentsPanel)
                else [field]  # type: ignore[list-item]
            )
            for widget in widgets:
                assert widget.toolTip(), f"{type(widget).__name__} in {type(form).__name__}"


# -- customer step ------------------------------------------------------------------------------


def test_renaming_a_step_is_one_undo_step(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements([STEP])
    title = form_of(inspector, StepForm).title
    before = editor.undo_stack.count()

    type_line(qtbot, title, "Worry about the parcel")

    assert step(editor).title == "Worry about the parcel"
    assert editor.undo_stack.count() == before + 1  # one command for the whole typed title
    assert inspector.heading.text() == "Customer step: Worry about the parcel"
    editor.undo_stack.undo()
    assert step(editor).title == "Wonder where the parcel is"
    assert title.text() == "Wonder where the parcel is"


def test_toggling_moment_of_truth(qtbot: QtBot, inspector: Inspector, editor: Editor) -> None:
    inspector.show_elements(["step-pay"])
    box = form_of(inspector, StepForm).moment_of_truth
    assert not box.isChecked()

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)

    assert step(editor, "step-pay").moment_of_truth is True
    editor.undo_stack.undo()
    assert step(editor, "step-pay").moment_of_truth is False
    assert not box.isChecked()


def test_pain_points_are_typed_one_per_line(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements(["step-pay"])
    form = form_of(inspector, StepForm)

    type_lines(qtbot, form.pain_points, ["Card refused", "", "  No iDEAL  "], form.title)

    assert step(editor, "step-pay").pain_points == ["Card refused", "No iDEAL"]
    editor.undo_stack.undo()
    assert step(editor, "step-pay").pain_points == []
    assert form.pain_points.toPlainText() == ""


def test_setting_and_clearing_the_emotion(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements([STEP])
    emotion = form_of(inspector, StepForm).emotion
    curve = editor.document.map.curves[0]
    assert emotion.spin.value() == -3

    type_line(qtbot, emotion.spin, "-4")
    assert curve.points[STEP] == -4.0
    qtbot.mouseClick(emotion.clear_button, Qt.MouseButton.LeftButton)
    assert STEP not in curve.points
    assert emotion.spin.text() == "not set"

    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert curve.points[STEP] == -3.0
    assert emotion.spin.value() == -3


def test_typing_is_not_overwritten_by_a_change_elsewhere(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements([STEP])
    title = form_of(inspector, StepForm).title
    type_more(qtbot, title, " (half typed)")

    editor.set_field(STEP, "note", "changed on the canvas")

    assert title.text() == "Wonder where the parcel is (half typed)"
    assert form_of(inspector, StepForm).note.toPlainText() == "changed on the canvas"


def test_selecting_something_else_commits_what_was_being_typed(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements([STEP])
    title = form_of(inspector, StepForm).title
    type_more(qtbot, title, "!")

    inspector.show_elements(["step-pay"])

    assert step(editor).title == "Wonder where the parcel is!"
    assert step(editor, "step-pay").title == "Pay online"
    assert title.text() == "Pay online"


def test_deleting_the_shown_element_falls_back_to_the_map(
    inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements(["step-pay"])
    editor.delete(["step-pay"])
    assert inspector.heading.text() == "Journey map"
    assert inspector.map_form.isVisible()


# -- touchpoint ---------------------------------------------------------------------------------


def test_touchpoint_without_owner(inspector: Inspector, editor: Editor) -> None:
    inspector.show_elements([TOUCHPOINT])
    owner = form_of(inspector, TouchpointForm).owner
    assert owner.currentText() == "Webshop"

    choose(owner, "no owner")

    assert touchpoint(editor).owner is None
    editor.undo_stack.undo()
    assert touchpoint(editor).owner == "dept-webshop"
    assert owner.currentText() == "Webshop"


def test_touchpoint_kind_and_channel(inspector: Inspector, editor: Editor) -> None:
    inspector.show_elements([TOUCHPOINT])
    form = form_of(inspector, TouchpointForm)
    choose(form.kind, "transaction")
    choose(form.channel, "no channel")
    assert touchpoint(editor).kind == "transaction"
    assert touchpoint(editor).channel is None


def test_adding_a_channel_by_name_is_one_undo_step(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements([TOUCHPOINT])
    form = form_of(inspector, TouchpointForm)
    channels = len(editor.document.map.channels)

    type_line(qtbot, form.new_channel, "WhatsApp")

    added = editor.document.map.channels[-1]
    assert added.name == "WhatsApp"
    assert touchpoint(editor).channel == added.id
    assert form.channel.currentText() == "WhatsApp"
    assert form.new_channel.text() == ""
    editor.undo_stack.undo()
    assert len(editor.document.map.channels) == channels
    assert touchpoint(editor).channel == "ch-web"
    assert form.channel.currentText() == "Website"


# -- process step -------------------------------------------------------------------------------


def test_changing_a_process_steps_duration(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements([PROCESS_STEP])
    duration = form_of(inspector, ProcessStepForm).duration
    original = Duration(value=0.5, unit=TimeUnit.HOURS)
    assert process_step(editor).duration == original

    type_line(qtbot, duration.value_box, "2")
    assert process_step(editor).duration == Duration(value=2, unit=TimeUnit.HOURS)
    choose(duration.unit_box, "working days")
    assert process_step(editor).duration == Duration(value=2, unit=TimeUnit.WORKING_DAYS)
    choose(duration.unit_box, "not set")
    assert process_step(editor).duration is None
    assert not duration.value_box.isEnabled()

    for _ in range(3):
        editor.undo_stack.undo()
    assert process_step(editor).duration == original
    assert duration.value_box.value() == 0.5
    assert duration.unit_box.currentText() == "hours"


def test_moving_a_process_step_to_another_department(inspector: Inspector, editor: Editor) -> None:
    inspector.show_elements([PROCESS_STEP])
    form = form_of(inspector, ProcessStepForm)
    choose(form.department, "Warehouse")
    assert process_step(editor).department == "dept-warehouse"
    form.ends_chain.click()
    assert process_step(editor).ends_chain is True


# -- flow ---------------------------------------------------------------------------------------


def test_removing_a_flows_agreement(qtbot: QtBot, inspector: Inspector, editor: Editor) -> None:
    inspector.show_elements([FLOW])
    form = form_of(inspector, FlowForm)
    original = flow(editor).agreement
    assert original is not None

    qtbot.mouseClick(form.has_agreement, Qt.MouseButton.LeftButton)

    assert flow(editor).agreement is None
    assert not form.agreement_owner.isEnabled()
    assert form.agreement_owner.currentText() == "no owner"
    editor.undo_stack.undo()
    assert flow(editor).agreement == original
    assert form.has_agreement.isChecked()
    # An owner typed in an older map that names no department is kept and shown as such.
    assert form.agreement_owner.currentText() == "Payment integration team (not a department)"


def test_agreement_and_chain_fields_keep_their_siblings(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements([FLOW])
    form = form_of(inspector, FlowForm)

    choose(form.agreement_owner, "Warehouse")
    type_line(qtbot, form.chain["culture"], "Both sides own the deadline")
    choose(form.measured_wait.unit_box, "not set")

    agreement = flow(editor).agreement
    assert agreement is not None
    assert agreement.owner == "Warehouse"
    assert agreement.information == "order amount, order number, payment method"
    assert agreement.max_wait == Duration(value=0.1, unit=TimeUnit.HOURS)
    assert flow(editor).chain.culture == "Both sides own the deadline"
    assert flow(editor).measured_wait is None
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert flow(editor).chain.culture == ""
    assert form.chain["culture"].text() == ""


def test_the_handover_owner_is_a_department_and_old_text_is_kept(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements([FLOW])
    form = form_of(inspector, FlowForm)
    owner = form.agreement_owner
    offered = [owner.itemText(i) for i in range(owner.count())]
    departments = [d.name for d in editor.document.map.departments]
    assert offered == ["no owner", *departments, "Payment integration team (not a department)"]
    # With the keyboard: browse to a department and press Enter.
    owner.setFocus()
    while owner.currentText() != "Warehouse":
        qtbot.keyClick(owner, Qt.Key.Key_Up)
    qtbot.keyClick(owner, Qt.Key.Key_Return)
    agreement = flow(editor).agreement
    assert agreement is not None and agreement.owner == "Warehouse"
    assert editor.undo_stack.count() == 1
    # Text that names a department in other letters is that department.
    editor.set_field(FLOW, "agreement", agreement.model_copy(update={"owner": " warehouse "}))
    assert owner.currentText() == "Warehouse"
    assert "Payment integration team (not a department)" not in [
        owner.itemText(i) for i in range(owner.count())
    ]


def test_renaming_a_department_renames_it_as_handover_owner(editor: Editor) -> None:
    agreement = flow(editor).agreement
    assert agreement is not None
    editor.set_field(FLOW, "agreement", agreement.model_copy(update={"owner": "Warehouse"}))
    warehouse = next(d for d in editor.document.map.departments if d.name == "Warehouse")
    editor.rename(warehouse.id, "Fulfilment centre")
    renamed = flow(editor).agreement
    assert renamed is not None and renamed.owner == "Fulfilment centre"
    editor.undo_stack.undo()  # one edit takes both back
    restored = flow(editor).agreement
    assert restored is not None and restored.owner == "Warehouse"


# -- metrics and initiatives --------------------------------------------------------------------


def test_adding_and_removing_a_metric(qtbot: QtBot, inspector: Inspector, editor: Editor) -> None:
    inspector.show_elements([TOUCHPOINT])
    panel = form_of(inspector, TouchpointForm).attachments
    assert panel.list.count() == 0

    qtbot.mouseClick(panel.add_metric_button, Qt.MouseButton.LeftButton)
    metric = editor.document.map.metrics[-1]
    assert metric.attached_to == TOUCHPOINT
    assert panel.list.count() == 1
    type_line(qtbot, panel.metric_form.name, "Bounce rate")
    type_line(qtbot, panel.metric_form.value, "12,5")
    type_line(qtbot, panel.metric_form.unit, "%")
    assert (metric.name, metric.value, metric.unit) == ("Bounce rate", 12.5, "%")
    assert panel.list.item(0).text() == "Metric: Bounce rate (12.5 %)"

    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert metric.id not in editor.document
    assert panel.list.count() == 0
    assert not panel.detail.isVisible()

    editor.undo_stack.undo()
    assert editor.document.get(metric.id) == metric
    assert panel.list.count() == 1


def test_a_metric_value_that_is_no_number_is_refused_politely(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements([STEP])
    panel = form_of(inspector, StepForm).attachments
    panel.list.setCurrentRow(0)
    metric = editor.document.get("metric-wismo")
    assert isinstance(metric, Metric)
    before = editor.undo_stack.count()

    type_line(qtbot, panel.metric_form.target, "lots")
    assert "not a number" in inspector.error
    assert metric.target == 20.0
    assert panel.metric_form.target.text() == "20"
    type_line(qtbot, panel.metric_form.target, "")
    assert metric.target is None
    assert inspector.error == ""
    assert editor.undo_stack.count() == before + 1


def test_undo_removing_a_metric_while_its_name_is_typed(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements([TOUCHPOINT])
    panel = form_of(inspector, TouchpointForm).attachments
    qtbot.mouseClick(panel.add_metric_button, Qt.MouseButton.LeftButton)
    assert panel.metric_form.name.hasFocus()  # ready to type the new metric's name
    qtbot.keyClicks(panel.metric_form.name, "Half a na")

    editor.undo_stack.undo()  # e.g. from the Edit menu: the metric goes away mid-typing

    assert editor.document.map.metrics[-1].attached_to != TOUCHPOINT
    assert not panel.detail.isVisible()
    assert inspector.error == ""  # nothing tried to write into the vanished metric


def test_initiative_status(qtbot: QtBot, inspector: Inspector, editor: Editor) -> None:
    inspector.show_elements(["phase-wait"])
    panel = form_of(inspector, PhaseForm).attachments
    qtbot.mouseClick(panel.add_initiative_button, Qt.MouseButton.LeftButton)
    initiative = editor.document.map.initiatives[-1]
    choose(panel.initiative_form.status, "red")
    assert initiative.attached_to == "phase-wait"
    assert initiative.status == "red"


# -- the map ------------------------------------------------------------------------------------


def test_switching_to_a_scale_the_values_do_not_fit_is_refused(
    inspector: Inspector, editor: Editor
) -> None:
    scale = inspector.map_form.scale
    before = editor.undo_stack.count()

    choose(scale, "grade, 1 to 10")

    assert editor.document.map.scale == EmotionScale.bipolar()
    assert editor.undo_stack.count() == before
    assert "outside 1..10" in inspector.error
    assert inspector.message.isVisible()
    assert scale.currentText() == "bipolar, −5 to +5"


def test_switching_the_scale_when_the_values_fit(qtbot: QtBot) -> None:
    editor = Editor(Document(new_map()))
    inspector = open_inspector(qtbot, editor)
    choose(inspector.map_form.scale, "grade, 1 to 10")
    assert editor.document.map.scale == EmotionScale.grade()
    editor.undo_stack.undo()
    assert editor.document.map.scale == EmotionScale.bipolar()
    assert inspector.map_form.scale.currentText() == "bipolar, −5 to +5"
    inspector.close_inspector()
    editor.close()


def test_promised_lead_time_and_scenario(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    form = inspector.map_form
    choose(form.lead_time.unit_box, "working days")
    type_lines(qtbot, form.scenario, ["Sanne orders on Tuesday."], form.title)
    assert editor.document.map.promised_lead_time == Duration(value=1.0)
    assert editor.document.map.scenario == "Sanne orders on Tuesday."


def test_adding_a_persona_when_there_is_none(qtbot: QtBot) -> None:
    editor = Editor(Document(new_map()))
    inspector = open_inspector(qtbot, editor)
    form = inspector.map_form
    assert form.add_persona_button.isVisible()
    assert not form.persona.isVisible()

    qtbot.mouseClick(form.add_persona_button, Qt.MouseButton.LeftButton)
    assert len(editor.document.map.personas) == 1
    type_lines(qtbot, form.persona.goals, ["Arrive on time", "Pay once"], form.persona.name)
    assert editor.document.map.personas[0].goals == ["Arrive on time", "Pay once"]
    assert form.persona.isVisible()

    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert editor.document.map.personas == []
    assert form.add_persona_button.isVisible()
    inspector.close_inspector()
    editor.close()


# -- department and channel ---------------------------------------------------------------------


def test_a_department_colour_must_be_hex(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements(["dept-courier"])
    colour = form_of(inspector, DepartmentForm).colour
    department = editor.document.get("dept-courier")
    assert isinstance(department, Department)

    type_line(qtbot, colour.line, "red")  # the validator does not let this through
    assert department.color == "#e74c3c"
    type_line(qtbot, colour.line, "#1A2B3C")
    assert department.color == "#1a2b3c"
    choose(form_of(inspector, DepartmentForm).kind, "internal")
    assert department.kind == "internal"


# -- refusals and teardown ----------------------------------------------------------------------


def test_a_refused_edit_shows_a_message_and_changes_nothing(
    qtbot: QtBot, inspector: Inspector, editor: Editor
) -> None:
    inspector.show_elements(["step-pay"])
    title = form_of(inspector, StepForm).title
    before = editor.undo_stack.count()

    title.setFocus()
    title.setText("x" * 600)  # longer than any title may be
    qtbot.keyClick(title, Qt.Key.Key_Return)

    assert "at most 500 characters" in inspector.error
    assert inspector.message.isVisible()
    assert step(editor, "step-pay").title == "Pay online"
    assert title.text() == "Pay online"
    assert editor.undo_stack.count() == before

    type_line(qtbot, title, "Pay by card")  # the next good edit clears the message
    assert inspector.error == ""


def test_after_close_the_inspector_no_longer_follows(inspector: Inspector, editor: Editor) -> None:
    inspector.show_elements([STEP])
    inspector.close_inspector()
    inspector.close_inspector()  # twice is fine
    editor.rename(STEP, "Renamed elsewhere")
    assert inspector.heading.text() == "Customer step: Wonder where the parcel is"


class _Emitter(QObject):
    fired = Signal()


def test_an_exception_in_a_slot_fails_the_test(
    qtbot: QtBot, request: pytest.FixtureRequest
) -> None:
    """The safety net the other tests rely on is switched on."""
    assert not request.config.getini("qt_no_exception_capture")
    emitter = _Emitter()

    def broken() -> None:
        raise RuntimeError("boom")

    emitter.fired.connect(broken)
    with qtbot.captureExceptions() as exceptions:
        emitter.fired.emit()
    assert [str(error) for _, error, _ in exceptions] == ["boom"]
