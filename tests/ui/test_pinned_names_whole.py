"""Presentation mode's pinned column names every band and lane in full (issue 9): in the
narrow column the line of internal interaction's label wraps to two lines, and it used to
shorten the name of the lane above it to make room for itself. Every name shows whole or
wrapped, never elided, on every sample at the 1600 x 1000 window, the view walked down from
the customer's side to the last lane. (A band scrolled partly out of view, under the phase
strip or past the screen's bottom edge, has only what shows of its cell.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journeymapper.model.layout import BandKind
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.pinned_labels import PresentationOverlay
from tests.ui.helpers import SAMPLE_MAPS, view_of
from tests.ui.user import key, open_active

SAMPLES = sorted(p.stem for p in SAMPLE_MAPS.glob("*.cjm"))
ELLIPSIS = "\u2026"
DOWN_PRESSES = 14  # more than enough to reach the last lane of every sample


def whole_cells(window: MainWindow, overlay: PresentationOverlay) -> set[str]:
    """The names of the bands whose cell in the pinned column is as high as the band on
    screen (the lines' bands always: their labels take the room they need above the line)."""
    transform = view_of(window).viewportTransform()
    bands = {(b.kind, b.label): b for b in view_of(window).journey_scene.layout.bands}
    names = set()
    for cell in overlay.pinned_labels():
        band = bands[(cell.kind, cell.text)]
        top = transform.map(QPointF(0, band.rect.y)).y()
        bottom = transform.map(QPointF(0, band.rect.bottom)).y()
        whole = abs(cell.rect.top() - top) < 0.5 and abs(cell.rect.bottom() - bottom) < 0.5
        if whole or cell.kind in (BandKind.VISIBILITY, BandKind.INTERNAL):
            names.add(cell.text)
    return names


@pytest.mark.parametrize("name", SAMPLES)
def test_every_pinned_name_shows_whole_or_wraps(qtbot: QtBot, tmp_path: Path, name: str) -> None:
    window = open_active(qtbot, tmp_path, name)
    window.resize(1600, 1000)
    key(window, Qt.Key.Key_F5)
    QApplication.processEvents()
    overlay = view_of(window).overlay
    assert isinstance(overlay, PresentationOverlay)
    shortened: set[str] = set()
    seen: set[str] = set()
    for _ in range(DOWN_PRESSES):
        in_view = whole_cells(window, overlay)
        for label in overlay.name_labels() + overlay.line_labels():
            seen.add(label.text)
            if label.text not in in_view:
                continue
            if any(line.endswith(ELLIPSIS) for line in label.lines):
                shortened.add(f"{label.text!r} drawn as {label.lines}")
        key(window, Qt.Key.Key_Down)
        QApplication.processEvents()
    assert shortened == set()
    lanes = {
        band.label
        for band in view_of(window).journey_scene.layout.bands
        if band.kind is BandKind.LANE
    }
    assert lanes <= seen, lanes - seen  # the walk reached every lane
