"""The promise (promised lead time, where it starts and ends) set in the inspector of the
map itself, with the keyboard: one undo step per change, a clear line for a refused one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journeymapper.model import load, save
from tests.conftest import SAMPLE_MAPS
from tests.ui.helpers import open_window, view_of
from tests.ui.test_curves_panel import TELECOM, choose_with_keys, one_edit, type_into
from tests.ui.user import activate, document_of, key, saved_bytes, undo_all_with_ctrl_z


def test_the_promise_is_set_in_the_map_inspector(qtbot: QtBot, tmp_path: Path) -> None:
    # The telecom sample without its promise (the sample records one): set it from scratch.
    journey = load(SAMPLE_MAPS / f"{TELECOM}.cjm").journey
    journey.promised_lead_time = journey.promise_from = journey.promise_to = None
    save(journey, tmp_path / f"{TELECOM}.cjm")
    window, _ = open_window(qtbot, tmp_path / f"{TELECOM}.cjm")
    activate(qtbot, window)
    original = saved_bytes(window)
    key(window, Qt.Key.Key_Escape)  # the map itself: its inspector form
    assert window.inspector is not None
    window.inspector_dock.raise_()
    form = window.inspector.map_form
    assert form.isVisible()

    one_edit(window, lambda: choose_with_keys(form.lead_time.unit_box, "working days"))
    one_edit(window, lambda: type_into(form.lead_time.value_box, "20"))
    first = "Log a goodwill credit (Contact centre)"
    last = "Monthly bill run (Billing and pricing)"
    one_edit(window, lambda: choose_with_keys(form.promise_from, first))
    one_edit(window, lambda: choose_with_keys(form.promise_to, last))
    journey = document_of(window).map
    assert journey.promised_lead_time is not None
    assert journey.promised_lead_time.value == 20.0
    assert (journey.promise_from, journey.promise_to) == ("proc-log-credit", "proc-bill-run")

    # The same step at both ends is refused with a clear line; nothing changes.
    before = saved_bytes(window)
    choose_with_keys(form.promise_to, first)
    assert "cannot start and end at the same process step" in window.inspector.error
    assert saved_bytes(window) == before
    assert form.promise_to.currentText() == last
    # A promise of no time at all is refused too.
    type_into(form.lead_time.value_box, "0")
    assert "more than 0" in window.inspector.error
    assert saved_bytes(window) == before

    view_of(window).setFocus()
    assert undo_all_with_ctrl_z(window) == 4
    assert saved_bytes(window) == original
