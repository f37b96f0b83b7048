"""View > Bands > Line of internal interaction on a map where it cannot be drawn.

Tried on the holiday-park sample: the partner's lane (the cleaning company) stands between
the park's own departments, so the line has no place. Ticking it in the menu changed
nothing on screen and said nothing; the facilitator in front of the room cannot tell a
broken menu from a rule. The status bar now says which lane stands in the way and how to
move it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journeymapper.model.elements import DepartmentKind
from journeymapper.render.layout import BandKind
from tests.ui.test_view_bands import bands_action, shown
from tests.ui.user import Mod, document_of, key, open_active, select


def test_ticking_a_line_that_cannot_show_says_which_lane_is_in_the_way(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_active(qtbot, tmp_path, "holiday_park_stay")
    departments = document_of(window).map.departments
    partner = next(d for d in departments if d.kind is DepartmentKind.PARTNER)
    assert departments[-1].kind is not DepartmentKind.PARTNER  # a partner among the lanes
    bands_action(window, "Line of internal interaction").trigger()
    assert BandKind.INTERNAL not in shown(window)
    message = window.statusBar().currentMessage()
    assert partner.name in message
    assert "Alt+Down" in message
    # Doing what it says brings the line.
    for _ in range(len(departments) - 1 - departments.index(partner)):
        select(window, partner.id)
        key(window, Qt.Key.Key_Down, Mod.AltModifier)
    assert document_of(window).map.departments[-1].id == partner.id
    assert BandKind.INTERNAL in shown(window)


def test_the_line_that_can_show_shows_without_a_complaint(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_active(qtbot, tmp_path, "webshop_order")
    assert BandKind.INTERNAL in shown(window)
    bands_action(window, "Line of internal interaction").trigger()  # hide it
    bands_action(window, "Line of internal interaction").trigger()  # and show it again
    assert BandKind.INTERNAL in shown(window)
    assert "Alt+Down" not in window.statusBar().currentMessage()
