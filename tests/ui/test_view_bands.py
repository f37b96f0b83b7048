"""View > Bands on the real window: a band hidden and shown again is one undoable change,
remembered in the saved map; the canvas shows the workshop's cards and follows their edits;
new lanes get distinct colours."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from journeymapper.model import load
from journeymapper.render.faces import FaceKind
from journeymapper.render.layout import BandKind
from journeymapper.render.style import DEPARTMENT_PALETTE
from journeymapper.ui.inspector.forms import StepForm
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.scene.notes import NoteItem
from tests.ui.helpers import open_window
from tests.ui.test_inspector import form_of, type_lines
from tests.ui.test_keyboard_only_map import press
from tests.ui.user import (
    CTRL_SHIFT,
    Mod,
    activate,
    click_at,
    document_of,
    editor_of,
    key,
    open_active,
    scene_of,
    type_title,
)


def bands_action(window: MainWindow, label: str) -> QAction:
    """The action a user picks from View > Bands."""
    view = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View")
    assert isinstance(view, QMenu)
    bands = next(a.menu() for a in view.actions() if a.text().replace("&", "") == "Bands")
    assert isinstance(bands, QMenu)
    bands.aboutToShow.emit()  # what opening the menu does: the check marks follow the map
    return next(a for a in bands.actions() if a.text() == label)


def shown(window: MainWindow) -> set[BandKind]:
    return {band.kind for band in scene_of(window).layout.bands}


def notes_of(window: MainWindow, kind: FaceKind) -> list[NoteItem]:
    return [
        item
        for item in scene_of(window).items()
        if isinstance(item, NoteItem) and item.face.kind is kind
    ]


def test_hiding_a_band_is_undoable_and_remembered_in_the_map(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    pains = sum(len(s.pain_points) for s in document_of(window).map.steps())
    assert BandKind.PAIN_POINTS in shown(window)
    assert len(notes_of(window, FaceKind.PAIN_POINT)) == pains > 0
    action = bands_action(window, "Pain points")
    assert action.isCheckable() and action.isChecked()

    action.trigger()

    assert BandKind.PAIN_POINTS not in shown(window)
    assert notes_of(window, FaceKind.PAIN_POINT) == []
    assert not bands_action(window, "Pain points").isChecked()
    assert document_of(window).map.view.hidden == ["pain_points"]
    assert editor_of(window).undo_stack.undoText() == "Hide pain points"
    assert window.isWindowModified()

    key(window, Qt.Key.Key_Z, Mod.ControlModifier)
    assert BandKind.PAIN_POINTS in shown(window)
    assert len(notes_of(window, FaceKind.PAIN_POINT)) == pains
    assert bands_action(window, "Pain points").isChecked()
    assert document_of(window).map.view.hidden == []

    key(window, Qt.Key.Key_Z, CTRL_SHIFT)  # redo
    assert BandKind.PAIN_POINTS not in shown(window)
    key(window, Qt.Key.Key_S, Mod.ControlModifier)
    assert not window.isWindowModified()
    saved = tmp_path / "webshop_order.cjm"
    assert load(saved).journey.view.hidden == ["pain_points"]

    again, _ = open_window(qtbot, saved)
    assert BandKind.PAIN_POINTS not in shown(again)
    assert BandKind.IDEAS in shown(again)
    assert not bands_action(again, "Pain points").isChecked()
    assert bands_action(again, "Ideas and opportunities").isChecked()


def test_an_empty_band_turned_on_shows_on_the_canvas(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    editor = editor_of(window)
    for step in document_of(window).map.steps():  # no quotes left: the band goes
        if step.quote:
            editor.set_field(step.id, "quote", "")
    assert BandKind.QUOTES not in shown(window)
    assert not bands_action(window, "Customer quotes").isChecked()

    bands_action(window, "Customer quotes").trigger()

    assert BandKind.QUOTES in shown(window)
    assert document_of(window).map.view.shown == ["quotes"]


def test_pain_points_typed_in_the_inspector_appear_as_cards_and_a_click_selects_the_step(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    journey = document_of(window).map
    step = next(s for s in journey.steps() if not s.pain_points)
    scene_of(window).select_only(step.id)
    inspector = window.inspector
    assert inspector is not None
    form = form_of(inspector, StepForm)
    type_lines(
        qtbot, form.pain_points, ["Nobody picks up", "The form loses my answers"], form.title
    )

    cards = [n for n in notes_of(window, FaceKind.PAIN_POINT) if n.face.key == step.id]
    assert sorted(c.face.texts[0].text for c in cards) == [
        "Nobody picks up",
        "The form loses my answers",
    ]
    # Stacked in the step's column, one below the other.
    column = scene_of(window).layout.boxes[step.id].rect
    assert {c.face.box.x for c in cards} == {column.x}
    assert cards[0].face.box.y != cards[1].face.box.y

    scene_of(window).clearSelection()
    activate(qtbot, window)
    box = cards[0].face.box
    click_at(window, QPointF(box.center_x, box.center_y))
    assert scene_of(window).selected_ids() == [step.id]


def test_new_departments_get_distinct_colours(qtbot: QtBot) -> None:
    window, _ = open_window(qtbot)
    handle = window.windowHandle()
    assert handle is not None
    with qtbot.waitActive(window):
        handle.requestActivate()
    press(window, (Qt.Key.Key_N, Mod.ControlModifier))
    press(window, (Qt.Key.Key_D, CTRL_SHIFT))
    type_title(window, "Webshop")
    for name in ("Warehouse", "Courier", "Finance"):
        press(window, Qt.Key.Key_Return)
        type_title(window, name)
    colours = [d.color for d in document_of(window).map.departments]
    assert [d.name for d in document_of(window).map.departments] == [
        "Webshop",
        "Warehouse",
        "Courier",
        "Finance",
    ]
    assert len(set(colours)) == 4
    assert set(colours) <= set(DEPARTMENT_PALETTE)
