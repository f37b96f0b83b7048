"""Page Down to the last phase fills the screen with map (issue 9): it used to show the last
phase beside a blank strip past the map's right edge. The last Page Down ends with the last
phase's right edge at the screen's right edge, Page Down past it stays there, and Page Up
walks back to the first phase beside the pinned column, on every sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journeymapper.model.layout import MARGIN
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.pinned_labels import PresentationOverlay
from tests.ui.helpers import SAMPLE_MAPS, view_of
from tests.ui.user import key, open_active, scene_of

SAMPLES = sorted(p.stem for p in SAMPLE_MAPS.glob("*.cjm"))


def shown(window: MainWindow) -> QRectF:
    """The scene rectangle on screen right of the pinned column, once Qt caught up."""
    QApplication.processEvents()
    view = view_of(window)
    overlay = view.overlay
    assert isinstance(overlay, PresentationOverlay)
    rect = view.mapToScene(view.viewport().rect()).boundingRect()
    return rect.adjusted(overlay.column_width() / view.zoom(), 0, 0, 0)


@pytest.mark.parametrize("name", SAMPLES)
def test_the_last_phase_ends_at_the_screens_right_edge(
    qtbot: QtBot, tmp_path: Path, name: str
) -> None:
    window = open_active(qtbot, tmp_path, name)
    window.resize(1600, 1000)
    key(window, Qt.Key.Key_F5)
    layout = scene_of(window).layout
    phases = scene_of(window).document.map.phases
    map_right = layout.width - MARGIN
    one_pixel = 1 / view_of(window).zoom()
    for _ in phases:
        key(window, Qt.Key.Key_PageDown)
    last = layout.boxes[phases[-1].id].rect
    for _ in range(2):  # the last Page Down, then one past it: the same view
        screen = shown(window)
        assert window.presentation.phase_index == len(phases) - 1
        assert screen.right() == pytest.approx(map_right, abs=2 * one_pixel)
        assert screen.left() <= last.x and last.right <= screen.right() + one_pixel
        key(window, Qt.Key.Key_PageDown)
    for _ in range(len(phases)):
        key(window, Qt.Key.Key_PageUp)
    first = layout.boxes[phases[0].id].rect
    screen = shown(window)
    assert window.presentation.phase_index == 0
    assert screen.left() <= first.x < screen.left() + 20 + one_pixel
    assert screen.right() <= map_right + one_pixel  # no blank strip on the way back either


@pytest.mark.parametrize("name", SAMPLES)
def test_every_page_key_changes_the_picture_until_the_end(
    qtbot: QtBot, tmp_path: Path, name: str
) -> None:
    """A facilitator on the webshop map: the last screen holds the last two phases whole, so
    Page Down onto the last one, and then Page Up twice, left the picture as it was; the room
    thought the app had frozen. Every press now shows something new, until the first or last
    phase."""
    window = open_active(qtbot, tmp_path, name)
    window.resize(1600, 1000)
    key(window, Qt.Key.Key_F5)
    count = len(scene_of(window).document.map.phases)
    pictures = [shown(window)]
    while window.presentation.phase_index < count - 1:
        key(window, Qt.Key.Key_PageDown)
        pictures.append(shown(window))
        # Only the press onto the last phase may change nothing: it was in full view already.
        moved = pictures[-1] != pictures[-2] or window.presentation.phase_index == count - 1
        assert moved, f"Page Down {len(pictures) - 1} changed nothing"
    if pictures[-1] == pictures[-2]:
        pictures.pop()
    while window.presentation.phase_index > 0:
        key(window, Qt.Key.Key_PageUp)
        pictures.append(shown(window))
        assert pictures[-1] != pictures[-2], f"Page Up {len(pictures) - 1} changed nothing"
    assert pictures[-1] == pictures[0]
