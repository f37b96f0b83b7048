"""Save As offered by a conflict suggests a free copy name, not the colleague's file."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journeymapper.model import load
from journeymapper.ui.prompts import Choice
from tests.test_save_safety import needs_setpriv
from tests.ui.helpers import open_window, sample_copy, view_of
from tests.ui.test_recovery_conflicts import window_as_nobody_on_a_read_only_map


def test_save_as_from_a_conflict_suggests_my_copy_beside_the_map(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Seen on a real window: after 'changed by someone else', Enter (Save As) proposed the
    very file just changed, and Enter again only reached Qt's 'replace it?' box."""
    path = sample_copy(tmp_path)
    window, prompts = open_window(qtbot, path)
    view = view_of(window)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_3)  # the first step's emotion: an unsaved edit
    assert window.isWindowModified()
    theirs = path.read_bytes().replace(b'"title": "Orient"', b'"title": "Origin"')
    path.write_bytes(theirs)
    prompts.conflict = Choice.SAVE_AS
    prompts.save_to = None  # the user cancels the file dialog
    window.actions_by_name["save"].trigger()  # Ctrl+S
    assert "conflict:webshop_order.cjm" in prompts.asked
    assert Path(prompts.dialog_starts[-1]) == tmp_path / "webshop_order (my copy).cjm"
    assert path.read_bytes() == theirs
    assert load(path).journey.phases[0].title == "Origin"


SAVE_AS_FROM_READ_ONLY = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from journeymapper.ui.main_window import MainWindow
    from journeymapper.ui.prompts import Choice
    from tests.ui.helpers import ScriptedPrompts

    app = QApplication([])
    window = MainWindow(autosave_ms=0)
    prompts = ScriptedPrompts(read_only_answer=Choice.SAVE_AS)
    window.prompts = prompts
    window.open_map(Path(sys.argv[1]))
    window.session.editor.rename("phase-orient", "Mine")
    print(window.save(), prompts.asked, prompts.dialog_starts)
    """
)


@needs_setpriv
def test_save_as_from_a_read_only_map_suggests_my_copy_beside_it() -> None:
    """Seen on a real window run as an unprivileged user: Save As... proposed the read-only
    file itself."""
    target, result = window_as_nobody_on_a_read_only_map(
        SAVE_AS_FROM_READ_ONLY, "jm-read-only-save-as-"
    )
    suggestion = str(target.parent / "webshop_order (my copy).cjm")
    assert result.stdout.splitlines() == [
        f"False ['read-only:webshop_order.cjm'] [{suggestion!r}]"
    ], result.stderr
