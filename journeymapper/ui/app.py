"""Starting the GUI, and rendering a map to a PNG without showing a window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from journeymapper.model import Document, load
from journeymapper.ui.editor import Editor
from journeymapper.ui.scene import JourneyScene

MAX_SCREENSHOT_PIXELS = 12_000  # longest side; a huge map is scaled down to fit


def application() -> QApplication:
    """The one QApplication, created on first use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("journeymapper")
    app.setOrganizationName("journeymapper")
    return app


def run_gui(path: Path | None) -> int:
    """Show the main window (the start page, or ``path``) and run until it closes."""
    from journeymapper.ui.main_window import MainWindow

    app = application()
    window = MainWindow()
    window.show()
    restored = window.offer_recovery()
    if path is not None and not restored:
        window.open_map(path)
    return app.exec()


def render_png(map_path: Path, out: Path, scale: float = 1.0) -> tuple[int, int]:
    """Draw the map's canvas into a PNG, headless; returns the image size in pixels."""
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed for a picture
    application()
    document = Document(load(map_path).journey)
    editor = Editor(document)
    scene = JourneyScene(document, editor)
    area = scene.sceneRect()
    scale = min(scale, MAX_SCREENSHOT_PIXELS / max(area.width(), area.height()))
    image = QImage(
        round(area.width() * scale), round(area.height() * scale), QImage.Format.Format_ARGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, image.width(), image.height()), area)
    painter.end()
    scene.close()
    editor.close()
    if not image.save(str(out)):  # the format follows the suffix, .png
        raise OSError(f"cannot write {out}")
    return image.width(), image.height()
