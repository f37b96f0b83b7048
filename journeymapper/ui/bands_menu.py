"""View > Bands: one checkable action per optional band of the map.

A check mark says whether the band shows on the canvas now; choosing an action shows or hides
the band as one undoable change of the map's view options, which are saved with the map and
used by the poster, the report and the pictures as well.
"""

from __future__ import annotations

import itertools
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from journeymapper.model.elements import DepartmentKind, JourneyMap
from journeymapper.render.layout import BandKind
from journeymapper.render.view_bands import OPTIONAL_BANDS, bands_shown

if TYPE_CHECKING:
    from journeymapper.ui.main_window import MainWindow


# What a band's action adds to "Show or hide the ... on the canvas, poster, report and pictures".
_MORE = {
    BandKind.INTERNAL: "; it runs between your own departments' lanes and the chain partners' "
    "lanes below them, when no partner's lane stands among the departments'",
}


def add_bands_menu(window: MainWindow, view_menu: QMenu, actions: dict[str, QAction]) -> None:
    """The Bands submenu of ``view_menu``; its actions go into ``actions`` as ``band_<kind>``."""
    menu = view_menu.addMenu("&Bands")
    for kind, label in OPTIONAL_BANDS:
        action = QAction(label, window)
        action.setCheckable(True)
        tip = f"Show or hide the {label.lower()} on the canvas, poster, report and pictures"
        action.setStatusTip(tip + _MORE.get(kind, ""))
        action.setProperty("needs_map", True)
        action.triggered.connect(partial(_toggle, window, kind))
        menu.addAction(action)
        actions[band_action_name(kind)] = action
    menu.aboutToShow.connect(partial(sync_band_checks, window))


def band_action_name(kind: BandKind) -> str:
    return f"band_{kind.value}"


def sync_band_checks(window: MainWindow) -> None:
    """Check exactly the actions of the bands the canvas shows now."""
    shown = bands_shown(window.scene.layout) if window.scene is not None else set()
    for kind, _ in OPTIONAL_BANDS:
        window.actions_by_name[band_action_name(kind)].setChecked(kind in shown)


def _toggle(window: MainWindow, kind: BandKind, _checked: bool = False) -> None:
    # What the canvas shows decides, not the action's own check mark: an undo since the
    # menu was last opened may have changed the view.
    if window.session is None or window.scene is None:
        return
    show = kind not in bands_shown(window.scene.layout)
    window.session.editor.show_band(kind, show)
    sync_band_checks(window)
    if show and kind not in bands_shown(window.scene.layout) and kind is BandKind.INTERNAL:
        # Asked for and still not drawn: say why, or the menu looks broken.
        window.statusBar().showMessage(internal_line_blocked(window.scene.document.map), 12000)


def internal_line_blocked(journey: JourneyMap) -> str:
    """Why the line of internal interaction has no place among ``journey``'s lanes."""
    rule = (
        "The line of internal interaction runs between your own departments' lanes and "
        "the chain partners' lanes below them: "
    )
    lanes = journey.departments
    for above, below in itertools.pairwise(lanes):
        if above.kind is DepartmentKind.PARTNER and below.kind is DepartmentKind.INTERNAL:
            return (
                rule + f"the partner '{above.name}' stands above '{below.name}'. "
                "Select its lane and press Alt+Down to move it below."
            )
    if not any(d.kind is DepartmentKind.PARTNER for d in lanes):
        return rule + "no lane is a chain partner's yet."
    return rule + "there is no lane of your own above them."
