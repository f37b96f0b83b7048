"""An edit touches the canvas items it changes, not every item of the map.

Each scene item that moves, grows or repaints costs Qt an index update or a repaint; on a map
ten times the large one, touching every arrow and point after each Enter made adding a step
take seconds. The checks count those touches (never time) on two synthetic maps, one three
times the other: an edit that moves nothing else must touch as many items on both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem
from pytestqt.qtbot import QtBot

from bench.synthetic import scaled_sizes, synthetic_map
from journeymapper.model import save
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.scene.curve import CurveItem, EmotionPointItem
from journeymapper.ui.scene.flows import FlowItem
from journeymapper.ui.scene.items import BandItem, CardItem
from journeymapper.ui.scene.journey_scene import HeaderItem
from journeymapper.ui.scene.notes import NoteItem
from tests.ui.helpers import open_window
from tests.ui.user import activate, document_of, key, scene_of, select

BASE = {
    "phases": 3,
    "steps": 18,
    "touchpoints": 30,
    "departments": 4,
    "process_steps": 24,
    "flows": 30,
}
ITEM_CLASSES: tuple[type[QGraphicsItem], ...] = (
    BandItem,
    CardItem,
    CurveItem,
    EmotionPointItem,
    FlowItem,
    HeaderItem,
    NoteItem,
)
# What makes Qt re-index an item (a new box or place) or repaint it.
TOUCHES = ("prepareGeometryChange", "setPos", "update")


@pytest.fixture
def touches(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts, per item class and touch, the calls the scene makes on its items."""
    counted: Counter[str] = Counter()

    def counting(cls: type[QGraphicsItem], name: str) -> Callable[..., object]:
        original = getattr(cls, name)

        def touch(item: QGraphicsItem, *args: object) -> object:
            counted[f"{cls.__name__}.{name}"] += 1
            return original(item, *args)

        return touch

    for cls in ITEM_CLASSES:
        for name in TOUCHES:
            monkeypatch.setattr(cls, name, counting(cls, name))
    yield counted


def window_with(qtbot: QtBot, tmp_path: Path, factor: int) -> MainWindow:
    path = tmp_path / f"synthetic-{factor}.cjm"
    save(synthetic_map(**scaled_sizes(factor, BASE)), path)
    window, _ = open_window(qtbot, path)
    activate(qtbot, window)
    return window


def touches_of_adding_a_last_step(
    qtbot: QtBot, tmp_path: Path, factor: int, touches: Counter[str]
) -> Counter[str]:
    """Select the map's last customer step, press Enter (a new step after it) and count."""
    window = window_with(qtbot, tmp_path, factor)
    document = document_of(window)
    last = document.map.steps()[-1].id
    select(window, last)
    touches.clear()
    key(window, Qt.Key.Key_Return)
    assert len(document.map.steps()) == BASE["steps"] * factor + 1  # the step was added
    assert document.map.steps()[-2].id == last
    return Counter(touches)


def test_adding_a_step_at_the_end_touches_as_many_items_on_a_three_times_larger_map(
    qtbot: QtBot, tmp_path: Path, touches: Counter[str]
) -> None:
    small = touches_of_adding_a_last_step(qtbot, tmp_path, 1, touches)
    large = touches_of_adding_a_last_step(qtbot, tmp_path, 3, touches)
    assert small  # the new step's card and point, the widened bands: something is touched
    assert large == small


def test_a_relayout_that_moves_nothing_touches_no_arrow_card_or_point(
    qtbot: QtBot, tmp_path: Path, touches: Counter[str]
) -> None:
    window = window_with(qtbot, tmp_path, 1)
    scene = scene_of(window)
    touches.clear()
    scene.relayout()
    assert touches == Counter()
