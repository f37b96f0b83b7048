"""The facilitator's first slide: F5 on a sample shows its first phase, and the band names
are as large and as pinned as on every phase after it.

Tried on a projector (Xvfb at 1600x1000): the first phase of the webshop sample was shown
beside an empty white third of the screen, with the map's own band names in the scene's
small print in the middle of it; only from the second phase on did the room see the large
pinned names. The first slide is the one the room reads longest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from journeymapper.model.layout import BandKind
from journeymapper.ui.pinned_labels import PresentationOverlay
from tests.ui.helpers import SAMPLE_MAPS, view_of
from tests.ui.user import key, open_active, scene_of

SAMPLES = sorted(p.stem for p in SAMPLE_MAPS.glob("*.cjm"))


@pytest.mark.parametrize("name", SAMPLES)
def test_the_first_phase_shows_the_band_names_pinned_not_beside_a_blank_column(
    qtbot: QtBot, tmp_path: Path, name: str
) -> None:
    window = open_active(qtbot, tmp_path, name)
    window.resize(1600, 1000)  # a projector's screen, whatever full screen gives offscreen
    key(window, Qt.Key.Key_F5)
    view = view_of(window)
    overlay = view.overlay
    assert isinstance(overlay, PresentationOverlay)
    layout = scene_of(window).layout
    labels = {label.kind: label for label in overlay.pinned_labels()}
    for kind in (BandKind.STEPS, BandKind.EMOTION, BandKind.TOUCHPOINTS):
        assert labels[kind].text == layout.band(kind).label
    # The map's own small band names are under the pinned column, not shown beside it.
    column = max(label.rect.right() for label in labels.values())
    own_labels_end = view.viewportTransform().map(QPointF(layout.columns_left, 0)).x()
    assert own_labels_end <= column + 3
    # The first phase itself is in full view right of the column.
    first = layout.boxes[scene_of(window).document.map.phases[0].id].rect
    assert view.viewportTransform().map(QPointF(first.x, 0)).x() >= column
