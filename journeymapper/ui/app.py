"""Starting the GUI, and rendering a map to a PNG without showing a window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from journeymapper.model import load
from journeymapper.ui.image_export import POINTS_PER_INCH, write_png


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
    """Draw the map's canvas into a PNG at ``scale`` times 100% zoom, headless; returns the
    image size in pixels."""
    return write_png(load(map_path).journey, out, dpi=scale * POINTS_PER_INCH)
