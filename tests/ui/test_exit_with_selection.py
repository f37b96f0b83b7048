"""A script (or a crash handler) that lets Python tear the window down without closing it must
exit quietly: Qt clears the scene's selection while destroying it, and the slots that follow
the selection must not touch the half-destroyed scene."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "sample_maps" / "webshop_order.cjm"

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from journeymapper.ui.main_window import MainWindow

    app = QApplication(sys.argv)
    window = MainWindow()
    window.show()
    assert window.open_map(Path(sys.argv[1]))
    app.processEvents()
    card = window.scene.item_for(window.scene.card_ids()[0])
    card.setSelected(True)
    app.processEvents()
    print("selected", len(window.scene.selected_ids()))
    """
)


def test_exit_with_a_selected_card_prints_no_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(SAMPLE)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("selected ") and "selected 0" not in result.stdout
    assert "Traceback" not in result.stderr, result.stderr
