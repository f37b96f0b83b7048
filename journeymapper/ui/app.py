"""Starting the GUI."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication


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
