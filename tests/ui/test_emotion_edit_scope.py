"""An emotion edit or a drag of a point moves that point and the line through it, nothing else.

A digit key on a step and every mouse move of a dragged point used to walk every step of the
map (placing each point, reading each point's place, making every curve's face again); on ten
times the large map that was tens of milliseconds per keystroke and per move. The checks count
how many points an edit visits (never time) on two synthetic maps, one three times the other,
and check that what the canvas then shows equals the faces drawn from nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bench.synthetic import scaled_sizes, synthetic_map
from journeymapper.model import Document, save
from journeymapper.model.elements import JourneyMap
from journeymapper.render.curve_faces import all_curve_faces, emotion_frame_face
from journeymapper.render.layout import compute_layout
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.scene.curve import CurveItem, EmotionPointItem
from tests.strategies import journey_maps
from tests.ui.helpers import drag, open_window, view_of
from tests.ui.user import activate, document_of, key, scene_of, select

BASE = {
    "phases": 3,
    "steps": 18,
    "touchpoints": 30,
    "departments": 4,
    "process_steps": 24,
    "flows": 30,
}


@pytest.fixture
def visits(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts the calls that visit one emotion point: placing it, reading where it is."""
    counted: Counter[str] = Counter()

    def counting(name: str) -> Callable[..., object]:
        original = getattr(EmotionPointItem, name)

        def visit(item: EmotionPointItem, *args: object) -> object:
            counted[name] += 1
            return original(item, *args)

        return visit

    for name in ("place", "pos"):
        monkeypatch.setattr(EmotionPointItem, name, counting(name))
    yield counted


def window_with(qtbot: QtBot, tmp_path: Path, factor: int) -> MainWindow:
    path = tmp_path / f"synthetic-{factor}.cjm"
    save(synthetic_map(**scaled_sizes(factor, BASE)), path)
    window, _ = open_window(qtbot, path)
    activate(qtbot, window)
    return window


def visits_of_an_emotion_key(
    qtbot: QtBot, tmp_path: Path, factor: int, visits: Counter[str]
) -> Counter[str]:
    """Select the map's fifth step, press 4 (its emotion) and count the points visited."""
    window = window_with(qtbot, tmp_path, factor)
    document = document_of(window)
    step = document.map.steps()[4].id
    curve = document.map.default_curve()
    assert curve is not None and curve.points.get(step) != 4
    select(window, step)
    visits.clear()
    key(window, Qt.Key.Key_4)
    curve = document.map.default_curve()
    assert curve is not None and curve.points[step] == 4  # the key set the emotion
    return Counter(visits)


def test_an_emotion_key_visits_as_many_points_on_a_three_times_larger_map(
    qtbot: QtBot, tmp_path: Path, visits: Counter[str]
) -> None:
    small = visits_of_an_emotion_key(qtbot, tmp_path, 1, visits)
    large = visits_of_an_emotion_key(qtbot, tmp_path, 3, visits)
    assert small["place"] >= 1  # the step's own point moved
    assert large == small


def visits_of_a_drag(
    qtbot: QtBot, tmp_path: Path, factor: int, visits: Counter[str]
) -> Counter[str]:
    """Drag the fifth step's point to the top of the emotion band; count the points visited
    by the moves (the release is the edit, counted above)."""
    window = window_with(qtbot, tmp_path, factor)
    scene = scene_of(window)
    step = document_of(window).map.steps()[4].id
    point = scene.point_for(step)
    assert point is not None
    start = point.pos()
    target = QPointF(start.x(), scene.layout.emotion_area.y + 2)
    moves: list[Counter[str]] = []
    preview = scene.preview_curve

    def counted_preview(*args: object) -> None:
        before = Counter(visits)
        preview(*args)  # type: ignore[arg-type]
        moves.append(Counter(visits) - before)

    scene.preview_curve = counted_preview  # type: ignore[method-assign,assignment]
    drag(view_of(window), start, target)
    assert moves  # the drag previewed the curve
    curve = document_of(window).map.default_curve()
    assert curve is not None and curve.points[step] == scene.document.map.scale.maximum
    return sum(moves, Counter())


def test_dragging_a_point_visits_as_many_points_on_a_three_times_larger_map(
    qtbot: QtBot, tmp_path: Path, visits: Counter[str]
) -> None:
    small = visits_of_a_drag(qtbot, tmp_path, 1, visits)
    large = visits_of_a_drag(qtbot, tmp_path, 3, visits)
    assert large == small


def drawn_from_nothing(journey: JourneyMap) -> tuple[object, ...]:
    """The emotion band's faces and every point's place and value, laid out from nothing."""
    layout = compute_layout(journey)
    curve = journey.default_curve()
    values = curve.points if curve is not None else {}
    neutral = layout.value_to_y(journey.scale.neutral)
    points = {
        step.id: (
            layout.boxes[step.id].rect.center_x,
            neutral if values.get(step.id) is None else layout.value_to_y(values[step.id]),
            values.get(step.id),
        )
        for step in journey.steps()
    }
    frame = emotion_frame_face(journey, layout)
    return ([frame] if frame is not None else []) + all_curve_faces(journey, layout), points


def drawn_on(scene: JourneyScene) -> tuple[object, ...]:
    curve = next(item for item in scene.items() if isinstance(item, CurveItem))
    points = {}
    for step in scene.document.map.steps():
        point = scene.point_for(step.id)
        assert point is not None
        points[step.id] = (point.x(), point.y(), point.value)
    return curve.faces(), points


@st.composite
def maps_and_emotions(draw: st.DrawFn) -> tuple[JourneyMap, list[tuple[int, int, float | None]]]:
    """A map with steps and curves, and emotion edits as (curve, step, value or None)."""
    journey = draw(journey_maps(max_phases=3, max_steps=4).filter(lambda j: j.steps() and j.curves))
    scale = journey.scale
    values = st.one_of(st.none(), st.integers(int(scale.minimum), int(scale.maximum)))
    edit = st.tuples(
        st.integers(0, len(journey.curves) - 1), st.integers(0, len(journey.steps()) - 1), values
    )
    return journey, draw(st.lists(edit, min_size=1, max_size=8))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=maps_and_emotions())
def test_after_any_emotion_edits_and_undos_the_canvas_shows_what_a_fresh_layout_draws(
    qapp: QApplication, case: tuple[JourneyMap, list[tuple[int, int, float | None]]]
) -> None:
    journey, edits = case
    document = Document(journey.model_copy(deep=True))
    scene = JourneyScene(document)
    try:
        undo: list[tuple[str, str, float | None]] = []
        for curve_index, step_index, value in edits:
            curve_id = document.map.curves[curve_index].id
            step_id = document.map.steps()[step_index].id
            undo.append((step_id, curve_id, document.map.curves[curve_index].points.get(step_id)))
            document.set_emotion(step_id, value, curve_id)
            assert drawn_on(scene) == drawn_from_nothing(document.map)
        # A drag previews the editable curve through the dragged point, wherever it is.
        step_id = document.map.steps()[-1].id
        y = scene.layout.emotion_area.y + 1
        scene.preview_curve(step_id, y)
        curve = next(item for item in scene.items() if isinstance(item, CurveItem))
        values = document.map.curves[0].points
        line = []
        for step in document.map.steps():
            x = scene.layout.boxes[step.id].rect.center_x
            if step.id == step_id:
                line.append((x, y))
            elif (value := values.get(step.id)) is not None:
                line.append((x, scene.layout.value_to_y(value)))
        assert curve.faces()[-1:] == all_curve_faces(document.map, scene.layout, line)[-1:]
        scene.refresh_curve()  # the release of a drag that set nothing snaps the point back
        assert drawn_on(scene) == drawn_from_nothing(document.map)
        for step_id, curve_id, old in reversed(undo):
            document.set_emotion(step_id, old, curve_id)
        assert drawn_on(scene) == drawn_from_nothing(document.map)
    finally:
        scene.close()
