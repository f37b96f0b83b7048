"""Two people, one map, in the window: saving over a colleague's newer version offers a
merge that keeps both sides' work, as one undoable step, and lets the user settle a conflict
their colleague's way."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journeymapper.model import load, save
from journeymapper.model.merge import POINT, merge_maps
from journeymapper.ui.merge_dialog import MergeDialog
from journeymapper.ui.prompts import Choice
from tests.conftest import SAMPLE_MAPS
from tests.ui.helpers import open_window, sample_copy, view_of

SAMPLE = SAMPLE_MAPS / "webshop_order.cjm"


def _colleague_saves(path: Path, first_emotion: float | None = None) -> None:
    """Another copy of the app saves the map: a phase renamed (and an emotion set)."""
    theirs = load(path).journey
    theirs.phases[0].title = "Origin"
    if first_emotion is not None:
        theirs.curves[0].points[theirs.steps()[0].id] = first_emotion
    save(theirs, path)


def test_merge_keeps_their_rename_and_my_emotion_as_one_undo_step(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    view = view_of(window)
    view.setFocus()
    first = load(path).journey.steps()[0].id
    qtbot.keyClick(view, Qt.Key.Key_3)  # my edit: the first step's emotion
    _colleague_saves(path)
    prompts.conflict = Choice.MERGE
    window.actions_by_name["save"].trigger()  # Ctrl+S
    assert prompts.merge_offered
    on_disk = load(path).journey
    assert on_disk.phases[0].title == "Origin"  # theirs
    assert on_disk.curves[0].points[first] == 3.0  # mine
    assert not window.isWindowModified()
    assert any(line.startswith("Theirs: phase 'Origin'") for line in prompts.merge_lines)
    document = window.session.editor.document  # type: ignore[union-attr]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.map.phases[0].title != "Origin"  # the merge, undone in one step
    assert document.map.curves[0].points[first] == 3.0
    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert document.map.phases[0].title == "Origin"


def test_a_conflict_can_be_settled_their_way_and_undone(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    view = view_of(window)
    view.setFocus()
    first = load(path).journey.steps()[0].id
    qtbot.keyClick(view, Qt.Key.Key_3)
    _colleague_saves(path, first_emotion=-2.0)  # they set the same emotion differently
    prompts.conflict = Choice.MERGE
    prompts.theirs_for = (POINT + first,)
    window.actions_by_name["save"].trigger()
    assert any(line.startswith("Conflict: emotion curve") for line in prompts.merge_lines)
    assert load(path).journey.curves[0].points[first] == 3.0  # saved with mine kept
    document = window.session.editor.document  # type: ignore[union-attr]
    assert document.map.curves[0].points[first] == -2.0  # then settled their way
    assert window.isWindowModified()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.map.curves[0].points[first] == 3.0
    assert document.map.phases[0].title == "Origin"  # only the choice was undone


def test_no_merge_is_offered_without_the_opened_version(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    window.session.base = None  # type: ignore[union-attr]  # as for a restored session
    view = view_of(window)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_3)
    _colleague_saves(path)
    window.actions_by_name["save"].trigger()
    assert "conflict:webshop_order.cjm" in prompts.asked
    assert not prompts.merge_offered


def test_the_summary_dialog_settles_the_selected_conflict_from_the_keyboard(
    qtbot: QtBot,
) -> None:
    base = load(SAMPLE).journey
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ours.phases[0].title, theirs.phases[0].title = "Mine", "Theirs"
    ours.phases[1].title, theirs.phases[1].title = "Mine too", "Theirs too"
    result = merge_maps(base, ours, theirs)
    chosen: list[str] = []
    dialog = MergeDialog(result, lambda conflict: chosen.append(conflict.key[1]) is None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.conflicts, Qt.Key.Key_Down)  # the second conflict
    qtbot.keyClick(dialog.use_button, Qt.Key.Key_Space)  # Tab lands here from the list
    assert chosen == [base.phases[1].id]
    assert dialog.conflicts.item(1).text().startswith("Theirs used:")
    qtbot.keyClick(dialog.use_button, Qt.Key.Key_Space)  # that one is settled already
    assert chosen == [base.phases[1].id]
    qtbot.keyClick(dialog.conflicts, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.use_button, Qt.Key.Key_Space)
    assert chosen == [base.phases[1].id, base.phases[0].id]
