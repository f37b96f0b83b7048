"""File > Compare with… and File > Compare curves… on the real window: the file dialog answered
with a prepared copy, the summary read from the window, the curves chosen with the keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journeymapper.model import load, save
from journeymapper.model.document import Document
from journeymapper.model.elements import CurveKind, CurveState, EmotionCurve
from journeymapper.ui.compare_view import COMPARE_WINDOW, CompareWindow
from journeymapper.ui.main_window import MainWindow
from tests.ui.helpers import open_window, sample_copy


def file_menu_action(window: MainWindow, text: str) -> QAction:
    """The action of the File menu whose text (without its '&') is ``text``."""
    [file_menu] = [
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File"
    ]
    assert file_menu is not None
    [action] = [a for a in file_menu.actions() if a.text().replace("&", "") == text]  # type: ignore[union-attr]
    assert action.isEnabled()
    return action


def compare_window(window: MainWindow) -> CompareWindow:
    [found] = [w for w in window.findChildren(CompareWindow, COMPARE_WINDOW) if w.isVisible()]
    return found


def test_compare_with_a_file_shows_exactly_what_changed(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path, "webshop_order")
    window, prompts = open_window(qtbot, path)
    # The earlier state: the worst moment was still +1, the review e-mail did not exist yet.
    document = Document(load(path).journey)
    document.set_emotion("step-wonder-where", 1.0, "curve-customer")
    document.remove("tp-review-mail")
    earlier = tmp_path / "last quarter.cjm"
    save(document.map, earlier)
    prompts.open_from = earlier
    before_bytes = path.read_bytes()

    file_menu_action(window, "Compare with…").trigger()

    view = compare_window(window)
    text = view.summary.toPlainText()
    assert text.startswith("Comparing last quarter.cjm with webshop_order.cjm")
    assert (
        "Emotion per step (1):\n  'Wonder where the parcel is' (step-wonder-where): 1 -> -3 (-4)"
        in text
    )
    assert "Touchpoints added (1):\n  'Review invitation e-mail' (tp-review-mail)" in text
    for absent in ("Steps added", "Steps removed", "Touchpoints removed"):
        assert absent not in text
    # Keyboard: the summary has the focus, Escape closes the window; the map is untouched.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.summary)
    QTest.keyClick(view.summary, Qt.Key.Key_Escape)
    assert not view.isVisible()
    assert not window.isWindowModified()
    assert path.read_bytes() == before_bytes


def test_compare_curves_starts_with_as_is_and_to_be_and_follows_the_keyboard(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # The claim sample with an employee curve and a to-be curve added after today's.
    path = sample_copy(tmp_path, "health_insurance_claim")
    journey = load(path).journey
    today = journey.curves[0]
    steps = [step.id for step in journey.steps()]
    agent = EmotionCurve(
        id="curve-assessor",
        name="Claims assessor",
        kind=CurveKind.EMPLOYEE,
        points={step: 1.0 for step in steps[5:12]},
    )
    to_be = EmotionCurve(
        id="curve-to-be",
        name="Customer, to-be",
        state=CurveState.FUTURE,
        points={**today.points, steps[10]: 2.0, "step-letter-old-address": 1.0},
    )
    journey.curves.extend([agent, to_be])
    save(journey, path)
    window, _ = open_window(qtbot, path)

    file_menu_action(window, "Compare curves…").trigger()

    view = compare_window(window)
    assert (view.as_is.currentData(), view.to_be.currentData()) == (today.id, to_be.id)
    changed = [s for s in journey.steps() if today.points.get(s.id) != to_be.points.get(s.id)]
    text = view.summary.toPlainText()
    assert f"Emotion per step ({len(changed)}):" in text
    letter = today.points["step-letter-old-address"], to_be.points["step-letter-old-address"]
    assert f"(step-letter-old-address): {letter[0]:g} -> {letter[1]:g}" in text

    view.to_be.setFocus()
    QTest.keyClick(view.to_be, Qt.Key.Key_Up)  # the curve above the to-be one: the agent's

    assert view.to_be.currentData() == agent.id
    text = view.summary.toPlainText()
    assert f"curve '{agent.name}'" in text.splitlines()[0]  # named as the user named it
    differ = [s for s in journey.steps() if today.points.get(s.id) != agent.points.get(s.id)]
    assert f"Emotion per step ({len(differ)}):" in text


def test_a_file_that_is_not_a_map_is_one_error_and_no_window(qtbot: QtBot, tmp_path: Path) -> None:
    window, prompts = open_window(qtbot, sample_copy(tmp_path))
    notes = tmp_path / "notes.cjm"
    notes.write_text("just some notes\n")
    prompts.open_from = notes

    file_menu_action(window, "Compare with…").trigger()

    assert len(prompts.errors) == 1 and "notes.cjm" in prompts.errors[0]
    assert not [w for w in window.findChildren(CompareWindow) if w.isVisible()]


def test_comparing_two_files_shows_no_curve_lists(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    prompts.open_from = path  # the map against its own file: nothing changed

    file_menu_action(window, "Compare with…").trigger()

    view = compare_window(window)
    assert not view.as_is.isVisible() and not view.to_be.isVisible()
    assert "No changes in findings, Moments of Truth, emotions, steps or touchpoints." in (
        view.summary.toPlainText()
    )
