"""Presentation mode on a projector: what the room sees while the facilitator walks the map.

F5 shows one phase at a time in large type. Scrolled down to the departments' lanes, the
lanes still say whose they are (the label column is pinned at the left), Page Down shows the
next phase's lanes rather than jumping back to the customer's side, the phases are divided
and named, the scale keeps its numbers and zones, a legend explains the marks, there are no
scroll bars, and Escape gives back the view exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsView
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_map
from journeymapper.model import save
from journeymapper.model.elements import Department
from journeymapper.model.layout import Band, BandKind
from journeymapper.render import style
from journeymapper.render.curve_faces import curve_label
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.pinned_labels import PhaseDividers, PresentationOverlay
from journeymapper.ui.scene.items import CardItem
from journeymapper.ui.view import JourneyView
from tests.ui.helpers import open_window, view_of
from tests.ui.user import (
    Mod,
    activate,
    document_of,
    editor_of,
    key,
    open_active,
    saved_bytes,
    scene_of,
)

Key = Qt.Key


def open_tall_map(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """A map with ten departments: on any screen its lanes run far below the customer's
    side, as a large organisation's do."""
    path = tmp_path / "tall.cjm"
    save(synthetic_map(4, 14, 16, 10, 30, 20), path)
    window, _ = open_window(qtbot, path)
    activate(qtbot, window)
    return window


def visible_scene_rect(view: JourneyView) -> QRectF:
    """What the canvas shows, once Qt has laid out what the last key changed."""
    QApplication.processEvents()
    return view.mapToScene(view.viewport().rect()).boundingRect()


def overlay_of(window: MainWindow) -> PresentationOverlay:
    overlay = view_of(window).overlay
    assert isinstance(overlay, PresentationOverlay)
    return overlay


def lanes(window: MainWindow) -> list[Band]:
    return [b for b in scene_of(window).layout.bands if b.kind is BandKind.LANE]


def on_screen(view: JourneyView, top: float, bottom: float) -> tuple[float, float]:
    """Scene heights as viewport heights."""
    transform = view.viewportTransform()
    return transform.map(QPointF(0, top)).y(), transform.map(QPointF(0, bottom)).y()


def lanes_in_view(window: MainWindow) -> list[Band]:
    """The lanes of which at least a label's height is on screen (below the phase strip)."""
    view = view_of(window)
    strip = overlay_of(window).strip_height()
    height = view.viewport().height()
    shown = []
    for band in lanes(window):
        top, bottom = on_screen(view, band.rect.y, band.rect.bottom)
        if min(bottom, height) - max(top, strip) > 30:
            shown.append(band)
    return shown


def assert_lane_names_pinned(window: MainWindow) -> None:
    """Every lane in view has its department's name pinned at the left at the lane's height
    on screen, and each name is drawn: its colour bar and dark text are in the picture."""
    view = view_of(window)
    labels = {label.element_id: label for label in overlay_of(window).pinned_labels()}
    shown = lanes_in_view(window)
    assert shown, "the view is not at the lanes"
    image = view.viewport().grab().toImage()
    for band in shown:
        label = labels[band.element_id]
        department = document_of(window).get(band.element_id or "")
        assert isinstance(department, Department)
        assert label.text == department.name
        top, bottom = on_screen(view, band.rect.y, band.rect.bottom)
        assert label.rect.left() == 0 and label.rect.width() >= 120
        assert label.rect.top() == pytest.approx(max(top, 0), abs=1) or label.rect.top() > top
        assert label.rect.bottom() == pytest.approx(min(bottom, view.viewport().height()), abs=1)
        middle = round(label.rect.center().y())
        bar = QColor(image.pixel(2, middle))
        assert colour_distance(bar, QColor(department.color)) < 30
        text_area = label.rect.adjusted(12, 0, -12, 0).toRect()
        assert dark_pixels(image, text_area) > 20, f"no text drawn for {label.text}"


def colour_distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def dark_pixels(image: QImage, rect: QRect, lighter_than: int = 110) -> int:
    """How many pixels in ``rect`` (every other one) are darker than ``lighter_than``: the
    labels' ink, where the bands' grounds are near white."""
    return sum(
        QColor(image.pixel(x, y)).lightness() < lighter_than
        for x in range(rect.left(), rect.right(), 2)
        for y in range(rect.top(), rect.bottom(), 2)
    )


# -- walking the phases at the height of the lanes ---------------------------------------------


def test_page_down_shows_the_next_phase_at_the_height_of_the_lanes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_tall_map(qtbot, tmp_path)
    view = view_of(window)
    layout = scene_of(window).layout
    phases = document_of(window).map.phases
    key(window, Key.Key_F5)
    key(window, Key.Key_PageDown)
    key(window, Key.Key_Down)  # on to the departments' lanes
    at_lanes = visible_scene_rect(view)
    lanes_seen = [b for b in lanes(window) if at_lanes.top() <= b.rect.y < at_lanes.bottom()]
    assert lanes_seen, "Down did not reach the lanes"
    key(window, Key.Key_PageDown)
    visible = visible_scene_rect(view)
    assert window.presentation.phase_index == 2
    phase = layout.boxes[phases[2].id].rect
    assert visible.left() <= phase.x and phase.right <= visible.right()
    # The same height: the lanes seen stay in view, the customer's steps stay above.
    assert visible.top() == pytest.approx(at_lanes.top(), abs=2)
    assert visible.top() > layout.band(BandKind.STEPS).rect.bottom
    first = lanes_seen[0].rect
    assert visible.top() <= first.y and first.bottom <= visible.bottom()
    key(window, Key.Key_PageUp)  # back, still at the lanes
    assert window.presentation.phase_index == 1
    assert visible_scene_rect(view).top() == pytest.approx(at_lanes.top(), abs=2)
    key(window, Key.Key_Up)  # up again: the customer's side, where Down left it
    key(window, Key.Key_PageDown)
    customer_side = visible_scene_rect(view)
    assert customer_side.top() <= layout.band(BandKind.PHASES).rect.y
    assert customer_side.bottom() >= layout.band(BandKind.VISIBILITY).rect.bottom


def test_home_shows_the_whole_map_and_page_down_starts_at_the_customer_side(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    key(window, Key.Key_F5)
    key(window, Key.Key_Down)
    key(window, Key.Key_Home)
    whole = scene_of(window).sceneRect()
    assert visible_scene_rect(view).adjusted(-1, -1, 1, 1).contains(whole)
    key(window, Key.Key_PageDown)
    assert window.presentation.phase_index == 0
    phases_band = scene_of(window).layout.band(BandKind.PHASES).rect
    assert visible_scene_rect(view).top() == pytest.approx(phases_band.y - 10, abs=2)


# -- what stays in view ------------------------------------------------------------------------


def test_lane_names_stay_pinned_at_the_left_while_walking_and_scrolling(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    key(window, Key.Key_F5)
    key(window, Key.Key_PageDown)
    key(window, Key.Key_Down)
    assert_lane_names_pinned(window)
    key(window, Key.Key_PageDown)  # the next phase, the same lanes
    assert_lane_names_pinned(window)
    key(window, Key.Key_Down)  # further down: other lanes, other names
    assert_lane_names_pinned(window)
    key(window, Key.Key_PageUp)
    assert_lane_names_pinned(window)


def test_band_labels_are_pinned_above_the_lanes_too(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    key(window, Key.Key_F5)
    key(window, Key.Key_PageDown)  # the map's own label column has scrolled off to the left
    view = view_of(window)
    assert view.mapToScene(0, 0).x() > scene_of(window).layout.bands[0].rect.x
    labels = overlay_of(window).pinned_labels()
    kinds = {label.kind: label for label in labels}
    for kind in (BandKind.PHASES, BandKind.STEPS, BandKind.EMOTION, BandKind.TOUCHPOINTS):
        band = scene_of(window).layout.band(kind)
        top, bottom = on_screen(view, band.rect.y, band.rect.bottom)
        assert kinds[kind].text == band.label
        assert kinds[kind].rect.top() == pytest.approx(max(top, 0), abs=1)
        assert kinds[kind].rect.bottom() == pytest.approx(bottom, abs=1)
    # Drawn: the emotion band's name in ink in its cell (the map there has no text).
    image = view.viewport().grab().toImage()
    assert dark_pixels(image, kinds[BandKind.EMOTION].rect.toRect()) > 20


def test_phases_are_divided_and_the_current_phase_keeps_its_title(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    layout = scene_of(window).layout
    phases = document_of(window).map.phases
    key(window, Key.Key_F5)
    key(window, Key.Key_PageDown)
    overlay = overlay_of(window)
    before, after = layout.boxes[phases[0].id].rect, layout.boxes[phases[1].id].rect
    boundary = view.viewportTransform().map(QPointF((before.right + after.x) / 2, 0)).x()
    (divider,) = [d for d in overlay.phase_dividers() if abs(d.x1() - boundary) < 1]
    phases_top, _ = on_screen(view, layout.band(BandKind.PHASES).rect.y, 0)
    assert divider.y1() == pytest.approx(phases_top, abs=1)
    assert divider.y2() == pytest.approx(view.viewport().height(), abs=1)  # lanes run on below
    image = view.viewport().grab().toImage()
    lane = lanes(window)[0].rect
    _, lane_y = on_screen(view, 0, lane.center_y)
    drawn = QColor(image.pixel(round(boundary), round(lane_y)))
    assert drawn.lightness() < 170  # a line, not the lane's near-white ground

    key(window, Key.Key_Down)  # the phase headers scroll off: their titles stay on top
    assert on_screen(view, layout.band(BandKind.PHASES).rect.bottom, 0)[0] < 0
    titles = dict(overlay.phase_titles())
    strip = titles[phases[1].title]
    left = view.viewportTransform().map(QPointF(after.x, 0)).x()
    assert strip.top() == 0 and strip.left() == pytest.approx(left, abs=1)
    image = view.viewport().grab().toImage()
    ground = QColor(image.pixel(round(strip.right()) - 4, round(strip.bottom()) - 3))
    assert colour_distance(ground, QColor(style.PHASE_FILL)) < 30
    assert lanes_in_view(window)  # and the dividers reach down into the lanes
    assert any(
        abs(d.x1() - boundary) < 1 and d.y2() > strip.bottom() for d in overlay.phase_dividers()
    )


def test_the_scale_numbers_and_zones_stay_in_view_after_the_first_phase(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path, "telecom_contact_centre")  # the 1-10 grade scale
    view = view_of(window)
    layout = scene_of(window).layout
    key(window, Key.Key_F5)
    key(window, Key.Key_PageDown)
    labels = dict(overlay_of(window).scale_labels())
    assert set(labels) == {"10", "5.5", "1", "9+", "okay"}
    for text, value in (("10", 10.0), ("5.5", 5.5), ("1", 1.0)):
        _, y = on_screen(view, 0, layout.value_to_y(value))
        assert labels[text].center().y() == pytest.approx(y, abs=1)
    _, okay_top = on_screen(view, 0, layout.value_to_y(8.0))
    _, okay_bottom = on_screen(view, 0, layout.value_to_y(6.5))
    assert okay_top <= labels["okay"].center().y() <= okay_bottom
    column = max(label.rect.right() for label in overlay_of(window).pinned_labels())
    assert all(rect.right() <= column for rect in labels.values())
    image = view.viewport().grab().toImage()  # drawn in the muted ink of the map's scale
    for text in ("5.5", "okay"):
        assert dark_pixels(image, labels[text].toRect(), lighter_than=170) > 0, text


def test_the_zone_names_are_pinned_readably_on_the_first_phase_too(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Tried on the projector: on the first phase the zones were named only by the map's own
    labels, about 8 px high beside a scale of large numbers."""
    window = open_active(qtbot, tmp_path, "telecom_contact_centre")  # the 1-10 grade scale
    key(window, Key.Key_F5)
    labels = dict(overlay_of(window).scale_labels())
    assert {"9+", "okay"} <= set(labels)
    assert labels["okay"].height() >= labels["10"].height()


def test_a_small_legend_explains_the_marks_and_l_hides_it(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    key(window, Key.Key_F5)
    entries = dict(overlay_of(window).legend_entries())
    # Every curve is named as on the poster, with its kind and state.
    curve_name = curve_label(window.session.editor.document.map.curves[0])  # type: ignore[union-attr]
    assert {
        curve_name,
        "Moment of Truth",
        "Moment of Truth without touchpoint",
        "flow",
        "handover between departments",
        "info",
        "warning",
        "problem",
    } <= set(entries)
    viewport = QRectF(view.viewport().rect())
    corner = QRectF(viewport.center(), viewport.bottomRight())
    frame = QRectF(entries[curve_name])
    for rect in entries.values():
        frame = frame.united(rect)
    assert corner.contains(frame)  # in the bottom right corner
    assert frame.width() * frame.height() < 0.1 * viewport.width() * viewport.height()  # small
    image = view.viewport().grab().toImage()
    curve = entries[curve_name].toRect()
    assert any(
        colour_distance(QColor(image.pixel(x, y)), QColor(style.CURVE)) < 60
        for x in range(curve.left(), curve.left() + 30)
        for y in range(curve.top(), curve.bottom())
    )
    key(window, Key.Key_L)
    assert overlay_of(window).legend_entries() == []
    key(window, Key.Key_L)
    assert overlay_of(window).legend_entries()


# -- no scroll bars, and everything back on leaving --------------------------------------------


def test_no_scroll_bars_while_presenting_and_leaving_restores_the_view_exactly(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    key(window, Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)  # zoomed in by hand
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum() // 3)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    zoom, before = view.zoom(), visible_scene_rect(view)
    assert view.horizontalScrollBar().isVisible()
    key(window, Key.Key_F5)
    for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
        assert not bar.isVisible()
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert view.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    key(window, Key.Key_PageDown)
    key(window, Key.Key_Down)
    key(window, Key.Key_PageDown)
    key(window, Key.Key_Escape)
    assert not window.presentation.active and window.findings_dock.isVisible()
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    assert view.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    assert view.viewportUpdateMode() == QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate
    assert view.overlay is None
    assert not [i for i in scene_of(window).items() if isinstance(i, PhaseDividers)]
    qtbot.waitUntil(lambda: view.horizontalScrollBar().isVisible())
    qtbot.waitUntil(lambda: visible_scene_rect(view).topLeft() == before.topLeft())
    assert view.zoom() == pytest.approx(zoom)
    assert visible_scene_rect(view) == before
    assert view.sceneRect() == scene_of(window).sceneRect()  # follows the map again


def test_clicks_on_the_pinned_labels_do_not_edit_the_map_hidden_under_them(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path)
    view = view_of(window)
    key(window, Key.Key_F5)
    key(window, Key.Key_PageDown)
    key(window, Key.Key_Down)
    # A lane label over an empty stretch of the lane: a double-click there on the map adds
    # a process step.
    spot = next(
        label.rect.center().toPoint()
        for label in overlay_of(window).pinned_labels()
        if label.kind is BandKind.LANE
        and not [i for i in view.items(label.rect.center().toPoint()) if isinstance(i, CardItem)]
    )
    before = saved_bytes(window), editor_of(window).undo_stack.index()
    selected = scene_of(window).selected_ids()
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, spot)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, spot)
    QTest.mouseMove(view.viewport(), spot + QPoint(300, 40))
    QTest.mouseRelease(
        view.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, spot + QPoint(300, 40)
    )
    assert view.inline_editor() is None and scene_of(window).selected_ids() == selected
    assert (saved_bytes(window), editor_of(window).undo_stack.index()) == before
    # Beside the column the map takes clicks as always: a double-click adds a step there.
    overlay = overlay_of(window)
    beside = next(
        QPoint(x, spot.y())
        for x in range(view.viewport().width() // 3, view.viewport().width(), 20)
        if not overlay.covers(QPointF(x, spot.y()))
        and not [i for i in view.items(QPoint(x, spot.y())) if isinstance(i, CardItem)]
    )
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, beside)
    assert editor_of(window).undo_stack.index() == before[1] + 1
