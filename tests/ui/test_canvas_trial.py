"""What a facilitator found mapping live on screen (issue 9, canvas trial): the start page's
recent maps, presentation mode's pinned column and the badges on the phases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journeymapper.model.layout import BandKind
from journeymapper.render.card_faces import band_face
from journeymapper.ui.main_window import MainWindow
from journeymapper.ui.pinned_labels import PresentationOverlay
from journeymapper.ui.scene.painting import font
from journeymapper.ui.settings import remember_recent
from tests.ui.helpers import SAMPLE_MAPS, open_window, view_of
from tests.ui.user import key, open_active, scene_of


def test_recent_maps_of_one_name_show_their_folders(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two "webshop_order.cjm" from different folders: each line says which folder, the
    full path is the tooltip, and Enter opens the one chosen."""
    monkeypatch.setenv("HOME", str(tmp_path))
    first = tmp_path / "maps" / "2025" / "spring" / "team" / "webshop_order.cjm"
    second = tmp_path / "maps" / "2026" / "autumn" / "sales" / "webshop_order.cjm"
    for path in (first, second):
        path.parent.mkdir(parents=True)
        shutil.copy(SAMPLE_MAPS / "webshop_order.cjm", path)
        remember_recent(path)
    window, _ = open_window(qtbot)
    recent = window.start_page.recent
    items = [recent.item(n) for n in range(recent.count())]
    texts = [item.text() for item in items]
    assert len(set(texts)) == 2, texts
    assert "webshop_order.cjm" in texts[0] and "~/maps/\u2026/sales" in texts[0]
    assert "webshop_order.cjm" in texts[1] and "~/maps/\u2026/team" in texts[1]
    assert [item.toolTip() for item in items] == [str(second.resolve()), str(first.resolve())]
    recent.setFocus()
    recent.setCurrentRow(1)
    QTest.keyClick(recent, Qt.Key.Key_Return)
    assert window.session is not None and window.session.path == first.resolve()


SAMPLES = sorted(p.stem for p in SAMPLE_MAPS.glob("*.cjm"))


def present(qtbot: QtBot, tmp_path: Path, name: str) -> MainWindow:
    """A sample in presentation mode (full screen: 800 px wide offscreen), its first phase
    shown."""
    window = open_active(qtbot, tmp_path, name)
    window.resize(1600, 1000)
    key(window, Qt.Key.Key_F5)
    QApplication.processEvents()
    return window


@pytest.mark.parametrize("name", SAMPLES)
def test_the_pinned_column_is_narrow_on_every_phase(
    qtbot: QtBot, tmp_path: Path, name: str
) -> None:
    """The band and lane names take a narrow column (about an eighth of the screen), on the
    first phase too, where it used to cover 650 px of blank margin beside the phase."""
    window = present(qtbot, tmp_path, name)
    overlay = view_of(window).overlay
    assert isinstance(overlay, PresentationOverlay)
    width = view_of(window).viewport().width()
    for _ in scene_of(window).document.map.phases:
        labels = overlay.pinned_labels()
        assert labels
        column = max(label.rect.right() for label in labels)
        # ~190 px of 1600, 160 of 800: the names wrap, the map keeps the screen.
        assert 150 <= column <= max(160, 0.12 * width) + 24, (name, column)
        key(window, Qt.Key.Key_PageDown)


def test_the_two_lines_are_named_at_one_readable_size(qtbot: QtBot, tmp_path: Path) -> None:
    """The line of internal interaction is named as large as the line of visibility: on the
    map (their faces) and in presentation mode's pinned column, scrolled down to the lanes."""
    window = present(qtbot, tmp_path, "b2b_premium_supplier")
    layout = scene_of(window).layout
    sizes = {}
    for band in layout.bands:
        if band.kind in (BandKind.VISIBILITY, BandKind.INTERNAL):
            (text,) = band_face(band).texts
            sizes[band.kind] = text.size
    assert sizes[BandKind.INTERNAL] == sizes[BandKind.VISIBILITY] >= 10
    overlay = view_of(window).overlay
    assert isinstance(overlay, PresentationOverlay)
    for _ in range(4):
        if BandKind.INTERNAL in {c.kind for c in overlay.pinned_labels()}:
            break
        key(window, Qt.Key.Key_Down)
    shown = {label.text: label for label in overlay.line_labels()}
    internal = shown["Line of internal interaction"]
    assert internal.size >= 10 and not internal.lines[-1].endswith("\u2026")
    if "Line of visibility" in shown:
        assert internal.size == shown["Line of visibility"].size
    # Not over the name of the lane above it (a long name wraps or shrinks to keep clear).
    for name in overlay.name_labels():
        spacing = QFontMetricsF(font(name.size, bold=True)).lineSpacing()
        drawn = QRectF(name.box.left(), name.box.top(), name.box.width(), len(name.lines) * spacing)
        assert not drawn.intersects(internal.box), (name.text, drawn, internal.box)
