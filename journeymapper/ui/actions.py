"""Menus and their shortcuts, built once for the main window.

Actions that act on the current map call the Editor (through small helpers here), so the
menus, the keyboard on the canvas and the tests share one edit API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from journeymapper.model import Document, IntegrityError
from journeymapper.model.elements import CustomerStep, Department, Phase, ProcessStep, Touchpoint
from journeymapper.ui.bands_menu import add_bands_menu
from journeymapper.ui.compare_view import compare_curves, compare_with_file
from journeymapper.ui.keyboard import CANVAS_SHORTCUTS
from journeymapper.ui.settings import recent_files
from journeymapper.ui.slots import Slot
from journeymapper.ui.view import JourneyView

if TYPE_CHECKING:
    from journeymapper.ui.main_window import MainWindow

Keys = QKeySequence.StandardKey
CHEAT_SHEET = "keyboard-shortcuts"  # the F1 dialog's object name: one sheet per window


class AddAction(Protocol):
    """Signature of the ``add`` helper that makes a menu action."""

    def __call__(
        self,
        menu: QMenu,
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | Keys | str | None = None,
        tip: str = "",
        needs_map: bool = True,
    ) -> QAction: ...


def build_menus(window: MainWindow) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}

    def add(
        menu: QMenu,
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | Keys | str | None = None,
        tip: str = "",
        needs_map: bool = True,
    ) -> QAction:
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip or text.replace("&", ""))
        action.setProperty("needs_map", needs_map)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        # Also the window's own: presentation mode hides the menu bar, and Qt ignores the
        # shortcuts of actions that only a hidden menu bar holds (Ctrl+Z, Ctrl+S on the projector).
        window.addAction(action)
        actions[name] = action
        return action

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    add(
        file_menu,
        "new",
        "&New map",
        window.new_map,
        Keys.New,
        "Start an empty map",
        needs_map=False,
    )
    add(
        file_menu,
        "open",
        "&Open…",
        lambda: window.open_map(),
        Keys.Open,
        "Open a .cjm map",
        needs_map=False,
    )
    recent_menu = file_menu.addMenu("Open &recent")
    recent_menu.aboutToShow.connect(lambda: _fill_recent(window, recent_menu))
    file_menu.addSeparator()
    add(file_menu, "save", "&Save", window.save, Keys.Save, "Save the map")
    add(
        file_menu,
        "save_as",
        "Save &as…",
        window.save_as,
        Keys.SaveAs,
        "Save the map under another name",
    )
    file_menu.addSeparator()
    _export_menu(window, file_menu.addMenu("&Export"), add)
    add(
        file_menu,
        "import_xlsx",
        "&Import from Excel…",
        window.exporting.import_workbook,
        tip="Open an exported workbook, edited in Excel, as a new map",
        needs_map=False,
    )
    file_menu.addSeparator()
    add(
        file_menu,
        "compare_with",
        "&Compare with…",
        lambda: compare_with_file(window),
        tip="What changed from another .cjm (an earlier state) to this map",
    )
    add(
        file_menu,
        "compare_curves",
        "Compare c&urves…",
        lambda: compare_curves(window),
        tip="What changes between two curves of this map, e.g. as-is and to-be",
    )
    file_menu.addSeparator()
    add(file_menu, "quit", "&Quit", window.close, Keys.Quit, needs_map=False)

    edit = bar.addMenu("&Edit")
    add(edit, "undo", "&Undo", lambda: None, Keys.Undo)
    add(edit, "redo", "&Redo", lambda: None, QKeySequence("Ctrl+Shift+Z"))
    edit.addSeparator()
    add(
        edit,
        "rename",
        "Re&name",
        lambda: _with_selection(window, "rename"),
        "F2",
        "Type a new title in place",
    )
    add(
        edit,
        "delete",
        "&Delete",
        lambda: _with_selection(window, "delete"),
        Keys.Delete,
        "Delete the selection",
    )
    edit.addSeparator()
    add(
        edit,
        "add_phase",
        "Add &phase",
        lambda: _add(window, "phase"),
        "Ctrl+Shift+P",
        "Add a phase after the last one",
    )
    add(
        edit,
        "add_step",
        "Add customer &step",
        lambda: _add(window, "step"),
        "Ctrl+Shift+N",  # Ctrl+Shift+S is Save As
        "Add a step to the selected phase",
    )
    add(
        edit,
        "add_touchpoint",
        "Add &touchpoint",
        lambda: _add(window, "touchpoint"),
        "Ctrl+Shift+T",
        "Add a touchpoint at the selected step",
    )
    add(
        edit,
        "add_department",
        "Add d&epartment",
        lambda: _add(window, "department"),
        "Ctrl+Shift+D",
        "Add a swimlane",
    )
    add(
        edit,
        "add_process_step",
        "Add p&rocess step",
        lambda: _add(window, "process_step"),
        "Ctrl+Shift+R",
        "Add a process step under the selected customer step",
    )

    view = bar.addMenu("&View")

    def on_view(act: Callable[[JourneyView], None]) -> Callable[[], None]:
        return lambda: act(window.view) if window.view is not None else None

    add(view, "zoom_in", "Zoom &in", on_view(lambda v: v.zoom_by(1.2)), Keys.ZoomIn)
    add(view, "zoom_out", "Zoom &out", on_view(lambda v: v.zoom_by(1 / 1.2)), Keys.ZoomOut)
    add(view, "fit", "&Fit to window", on_view(JourneyView.fill_window), "Ctrl+0")
    add(view, "whole_map", "&Whole map", on_view(JourneyView.fit_all), "Ctrl+Shift+0")
    add(view, "actual_size", "&Actual size", on_view(JourneyView.reset_zoom), "Ctrl+1")
    view.addSeparator()
    add(
        view,
        "present",
        "&Presentation mode",
        window.presentation.toggle,
        "F5",
        "Full screen, phase by phase",
    )
    add(
        view,
        "focus_inspector",
        "Go to &inspector / canvas",
        window.toggle_inspector_focus,
        "F6",
        "Move the keyboard between the canvas and the selection's fields",
    )
    add(
        view,
        "focus_curves",
        "Go to &curves / canvas",
        window.toggle_curves_focus,
        "F7",
        "Move the keyboard between the canvas and the list of curves, to pick the one "
        "the keys change",
    )
    add_bands_menu(window, view, actions)
    view.addSeparator()
    for dock in (
        window.findings_dock,
        window.inspector_dock,
        window.curves_dock,
        window.history_dock,
    ):
        view.addAction(dock.toggleViewAction())

    help_menu = bar.addMenu("&Help")
    add(
        help_menu,
        "shortcuts",
        "&Keyboard shortcuts",
        lambda: show_cheat_sheet(window, actions),
        "F1",
        needs_map=False,
    )
    add(help_menu, "about", "&About journeymapper", window.about, needs_map=False)
    return actions


def _export_menu(window: MainWindow, menu: QMenu, add: AddAction) -> None:
    exporting = window.exporting
    add(
        menu,
        "export_poster",
        "&Poster (PDF)…",
        exporting.poster,
        "Ctrl+P",
        "The whole map on one page, A4 to A0, for the wall",
    )
    add(
        menu,
        "export_report",
        "&Report (PDF)…",
        exporting.report,
        tip="An A4 report: map, findings, touchpoints, handovers, dashboards",
    )
    add(
        menu,
        "export_xlsx",
        "&Excel workbook…",
        exporting.workbook,
        "Ctrl+E",
        "Touchpoints, steps, handovers and findings as Excel tables",
    )
    add(menu, "export_png", "P&NG picture…", exporting.png, tip="The canvas as a picture")
    add(menu, "export_svg", "&SVG picture…", exporting.svg, tip="The canvas as a vector picture")


def _fill_recent(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    paths = recent_files()
    if not paths:
        menu.addAction("No recent maps").setEnabled(False)
    for path in paths:
        action = menu.addAction(path.name)
        action.setToolTip(str(path))
        action.triggered.connect(lambda _checked=False, p=path: window.open_map(p))


def _with_selection(window: MainWindow, what: str) -> None:
    if window.scene is None or window.session is None or window.view is None:
        return
    selected = window.scene.selected_ids()
    if not selected:
        return
    if what == "rename":
        window.view.start_inline_edit(selected[0])
        return
    keyboard = window.keyboard
    # Delete while a link is aimed is a slip, not a wish to delete the step aimed at.
    if keyboard is not None and not keyboard.cancel_link():
        _guarded(window, lambda: keyboard.delete(selected))


def _add(window: MainWindow, kind: str) -> None:
    """Add an element of ``kind`` next to the selection, select it and type its title."""
    if window.session is None or window.scene is None or window.keyboard is None:
        return
    editor = window.session.editor
    document = editor.document
    keyboard = window.keyboard
    selected = window.scene.selected_ids()
    current: str | Slot | None = selected[0] if selected else keyboard.current_slot()
    element = current if isinstance(current, str) else None
    current_kind = document.kind(element) if element else None

    def create() -> str | None:
        if kind == "phase":
            return editor.add_phase()
        if kind == "department":
            return editor.add_department()
        steps = document.map.steps()
        step = element if current_kind == "step" else (steps[-1].id if steps else None)
        if kind == "step":
            phase = (
                element
                if current_kind == "phase"
                else (document.placement(step).parent if step else None)
            )
            phase = phase or (
                document.map.phases[-1].id if document.map.phases else editor.add_phase()
            )
            return editor.add_step(phase)
        column = column_steps(document, current)
        if column is None:  # nothing with a column selected: the last step, as before
            column = [step] if step else []
        # Only a lane's slot in a phase without steps may add a process step serving none.
        if not column and not (isinstance(current, Slot) and kind == "process_step"):
            raise IntegrityError("add a customer step first")
        if kind == "touchpoint":
            return editor.add_touchpoint(column[0])
        departments = document.map.departments
        department = lane_of(document, current) or (departments[0].id if departments else None)
        return editor.add_process_step(department or editor.add_department(), column)

    new = _guarded(window, create)
    if isinstance(new, str):
        keyboard.type_new(new, current)


def column_steps(document: Document, current: str | Slot | None) -> list[str] | None:
    """The customer steps of the selection's column: a step itself, a touchpoint's steps, the
    steps a process step serves, a phase's first step, a slot's column; None without one."""
    if isinstance(current, Slot):
        return [current.step] if current.step else []
    if current is None:
        return None
    element = document.get(current)
    if isinstance(element, CustomerStep):
        return [element.id]
    if isinstance(element, Touchpoint) and element.steps:
        return element.steps[:1]
    if isinstance(element, ProcessStep) and element.serves:
        return list(element.serves)
    if isinstance(element, Phase) and element.steps:
        return [element.steps[0].id]
    return None


def lane_of(document: Document, current: str | Slot | None) -> str | None:
    """The department lane of the selection: a process step's, a lane header's, a lane slot's."""
    if isinstance(current, Slot):
        return current.department
    if current is None:
        return None
    element = document.get(current)
    if isinstance(element, ProcessStep):
        return element.department
    return element.id if isinstance(element, Department) else None


def _guarded(window: MainWindow, action: Callable[[], object]) -> object:
    try:
        return action()
    except IntegrityError as error:
        window.statusBar().showMessage(str(error), 6000)
        return None


def show_cheat_sheet(window: MainWindow, actions: dict[str, QAction]) -> None:
    """F1: every key with what it does. Descriptions wrap inside the dialog, so a
    facilitator reads each one whole without scrolling sideways; F1 again brings the same
    sheet to the front rather than opening another."""
    shown = window.findChild(QDialog, CHEAT_SHEET)
    if isinstance(shown, QDialog):
        shown.show()
        shown.raise_()
        shown.activateWindow()
        return
    rows = [(s.keys, s.what) for s in CANVAS_SHORTCUTS]
    rows += [
        (a.shortcut().toString(QKeySequence.SequenceFormat.NativeText), a.text().replace("&", ""))
        for a in actions.values()
        if not a.shortcut().isEmpty()
    ]
    dialog = QDialog(window)
    dialog.setObjectName(CHEAT_SHEET)
    dialog.setWindowTitle("Keyboard shortcuts")
    table = QTableWidget(len(rows), 2)
    table.setHorizontalHeaderLabels(["Keys", "What it does"])
    for row, (keys, what) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(keys))
        table.setItem(row, 1, QTableWidgetItem(what))
    table.setWordWrap(True)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    # Rows grow with the wrapped text whenever the description column changes width.
    header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    dialog.resize(860, 640)
    dialog.show()
    table.resizeRowsToContents()
