"""The Curves panel: the map's emotion curves and its personas.

The curve list picks the curve the digit keys and point drags change (its current row), shows
or hides each curve (its tick box), and adds, deletes and reorders them; below it the picked
curve's name, kind, state and persona, then the personas with their fields. The lists are
rebuilt from the Document after every change, so undo shows at once; every edit is one
undoable command through the Editor, and a refused one becomes a red line, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journeymapper.model.elements import CurveKind, CurveState
from journeymapper.model.kinds import display_name
from journeymapper.render.curve_faces import curve_label, curve_look
from journeymapper.render.view_bands import curve_shown
from journeymapper.ui.editor import Editor
from journeymapper.ui.inspector.fields import ConfirmedComboField, Context
from journeymapper.ui.inspector.form import Form, enum_options, section_label
from journeymapper.ui.inspector.forms import PersonaForm

ERROR_STYLE = "color: #c0392b; font-weight: bold;"
LIST_ROWS = 5
KINDS = enum_options(list(CurveKind))
STATES: list[tuple[str, Any]] = [
    ("as-is (today)", CurveState.CURRENT),
    ("to-be (the future)", CurveState.FUTURE),
]


class CurveForm(Form):
    """Name, kind, state and persona of the curve being edited."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        curves = context.editor.curves
        self.name = self.add_title("Name", "name", "Whose journey this curve tells, and when")
        self.kind = self.add_choice(
            "Kind",
            "kind",
            "A customer's curve, or an employee's beside it (the mirror: where they differ)",
            KINDS,
            lambda value: curves.set_kind(self._id(), value),
        )
        self.state = self.add_choice(
            "State",
            "state",
            "As-is: the journey today. To-be: the journey as it should become (drawn dashed)",
            lambda: STATES,
            lambda value: curves.set_state(self._id(), value),
        )
        self.persona = self.add_choice(
            "Persona",
            "persona",
            "The persona whose journey this curve is",
            self._personas,
            lambda value: curves.set_persona(self._id(), value),
        )

    def add_choice(
        self,
        label: str,
        field: str,
        tip: str,
        options: Callable[[], list[tuple[str, Any]]],
        write: Callable[[Any], object],
    ) -> QWidget:
        widget = ConfirmedComboField(self.context, options, self.read(field), write)
        return self.add_row(label, widget, tip)

    def _id(self) -> str:
        # The form shows only while a curve is picked; "" would be refused as unknown.
        return self.element_id or ""

    def _personas(self) -> list[tuple[str, Any]]:
        personas = self.editor.document.map.personas
        return [("none", None), *((display_name(p), p.id) for p in personas)]


class CurvesPanel(QWidget):
    """The curves and personas of the map, in a dock beside the inspector."""

    # Escape where no field has a use for it: back to the canvas, as F7 does.
    leave_requested = Signal()

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.context = Context(editor, self._report)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.curve_list = ListWithKeys(self._curve_key)
        self.curve_list.setToolTip(
            "The curve picked here is the one the digit keys and point drags change; "
            "untick a curve to hide it. Insert adds, Delete deletes, Alt+Up/Down moves"
        )
        self.add_button = _button("Add curve", "A new empty curve, edited next (Insert)")
        self.delete_button = _button("Delete", "Delete the picked curve with its points")
        self.up_button = _button("▲", "Move the picked curve up the list (Alt+Up)")
        self.down_button = _button("▼", "Move the picked curve down the list (Alt+Down)")
        for button in (self.up_button, self.down_button):
            button.setAccessibleName(button.toolTip())
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("▲") + 24)
        self.curve_form = CurveForm(self.context)
        self.persona_list = ListWithKeys(self._persona_key)
        self.persona_list.setToolTip("The personas of this map; Insert adds, Delete deletes")
        self.add_persona_button = _button("Add persona", "A new persona (Insert)")
        self.delete_persona_button = _button(
            "Delete", "Delete the picked persona; refused while a curve belongs to it"
        )
        self.persona_form = PersonaForm(self.context)
        # The curve whose row is current and whose fields show: the edited one, unless the
        # user moved to a hidden curve (arrowing through the list must not show them all).
        self._current: str | None = None
        self._build()
        self._connect()
        self.closed = False
        self.refresh()

    def _build(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.curve_list)
        column.addLayout(
            _row(self.add_button, self.delete_button, self.up_button, self.down_button)
        )
        column.addWidget(self.curve_form)
        column.addWidget(section_label("Personas"))
        column.addWidget(self.persona_list)
        column.addLayout(_row(self.add_persona_button, self.delete_persona_button))
        column.addWidget(self.persona_form)
        column.addStretch(1)
        rows = self.fontMetrics().lineSpacing() + 6  # a row with its tick box
        for listing in (self.curve_list, self.persona_list):
            listing.setFixedHeight(rows * LIST_ROWS + 2 * listing.frameWidth())
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            listing.setTextElideMode(Qt.TextElideMode.ElideRight)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # The panel fits the dock's width; long names are cut short, not scrolled to.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)

    def _connect(self) -> None:
        self.curve_list.currentRowChanged.connect(self._pick_curve)
        self.curve_list.itemChanged.connect(self._ticked)
        self.persona_list.currentRowChanged.connect(self._pick_persona)
        self.add_button.clicked.connect(self.add_curve)
        self.delete_button.clicked.connect(self.delete_curve)
        self.up_button.clicked.connect(lambda: self.move_curve(-1))
        self.down_button.clicked.connect(lambda: self.move_curve(1))
        self.add_persona_button.clicked.connect(self.add_persona)
        self.delete_persona_button.clicked.connect(self.delete_persona)
        self.editor.changed.connect(self.refresh)
        self.editor.curves.edited_changed.connect(self._follow_edited)

    def detach(self) -> None:
        """The one teardown path: after it no slot reaches the editor."""
        if self.closed:
            return
        self.closed = self.context.closed = True
        self.editor.changed.disconnect(self.refresh)
        self.editor.curves.edited_changed.disconnect(self._follow_edited)

    # -- reading the document -----------------------------------------------------------------

    def refresh(self) -> None:
        """Show the Document as it is now: lists, the picked curve and persona."""
        if self.closed:
            return
        with self.context.paused():
            self._fill_curves()
            self._fill_personas()

    def _follow_edited(self) -> None:
        edited = self.editor.curves.edited()
        self._current = edited.id if edited is not None else None
        self.refresh()

    def current_curve(self) -> str | None:
        """The curve whose row is current and whose fields show."""
        journey = self.editor.document.map
        if any(curve.id == self._current for curve in journey.curves):
            return self._current
        edited = self.editor.curves.edited()
        return edited.id if edited is not None else None

    def _fill_curves(self) -> None:
        journey = self.editor.document.map
        edited = self.editor.curves.edited()
        current = self._current = self.current_curve()
        listing = self.curve_list
        listing.blockSignals(True)
        listing.clear()
        for index, curve in enumerate(journey.curves):
            item = QListWidgetItem(curve_label(curve))
            item.setData(Qt.ItemDataRole.UserRole, curve.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            shown = curve_shown(journey.view, curve.id)
            item.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
            item.setForeground(QColor(curve_look(index, curve).colour))
            if curve is edited:  # the one the keys and drags change
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setText(f"{item.text()}  ✎")
                item.setToolTip("The digit keys and point drags change this curve")
            listing.addItem(item)
        row = next((n for n, c in enumerate(journey.curves) if c.id == current), -1)
        listing.setCurrentRow(row)
        listing.blockSignals(False)
        picked = current is not None
        self.curve_form.setVisible(picked)
        for button in (self.delete_button, self.up_button, self.down_button):
            button.setEnabled(picked)
        if current is not None and current != self.curve_form.element_id:
            self.curve_form.bind(current)
        elif current is not None:
            self.curve_form.refresh()

    def _fill_personas(self) -> None:
        personas = self.editor.document.map.personas
        listing = self.persona_list
        current = self.persona_form.element_id
        listing.blockSignals(True)
        listing.clear()
        for persona in personas:
            item = QListWidgetItem(display_name(persona))
            item.setData(Qt.ItemDataRole.UserRole, persona.id)
            listing.addItem(item)
        ids = [persona.id for persona in personas]
        if current not in ids:
            current = ids[0] if ids else None
        listing.setCurrentRow(ids.index(current) if current is not None else -1)
        listing.blockSignals(False)
        self.persona_form.setVisible(current is not None)
        self.delete_persona_button.setEnabled(current is not None)
        if current is not None and current != self.persona_form.element_id:
            self.persona_form.bind(current)
        elif current is not None:
            self.persona_form.refresh()
        else:
            self.persona_form.element_id = None

    # -- edits --------------------------------------------------------------------------------

    def edited_curve(self) -> str | None:
        """The curve the digit keys and point drags change."""
        curve = self.editor.curves.edited()
        return curve.id if curve is not None else None

    def add_curve(self) -> None:
        if self.context.attempt(self.editor.curves.add_curve):
            self.curve_form.name.setFocus()
            self.curve_form.name.selectAll()

    def delete_curve(self) -> None:
        curve_id = self.current_curve()
        if curve_id is not None:
            self.context.attempt(lambda: self.editor.curves.delete(curve_id))

    def move_curve(self, step: int) -> None:
        curve_id = self.current_curve()
        if curve_id is None:
            return
        index = self.editor.document.placement(curve_id).index + step
        if 0 <= index < len(self.editor.document.map.curves):
            self.context.attempt(lambda: self.editor.curves.move(curve_id, index))

    def add_persona(self) -> None:
        new: list[str] = []
        if self.context.attempt(lambda: new.append(self.editor.curves.add_persona())):
            self._show_persona(new[0])
            self.persona_form.name.setFocus()
            self.persona_form.name.selectAll()

    def delete_persona(self) -> None:
        persona_id = self.persona_form.element_id
        if persona_id is not None:
            self.context.attempt(lambda: self.editor.curves.delete_persona(persona_id))

    def _pick_curve(self, row: int) -> None:
        """A row made current shows its curve's fields, and makes a shown curve the one
        the keys and drags change (a hidden one stays hidden: tick it to show it)."""
        item = self.curve_list.item(row)
        if item is None or not self.context.active:
            return
        curve_id = item.data(Qt.ItemDataRole.UserRole)
        self._current = curve_id
        if item.checkState() == Qt.CheckState.Checked:
            self.context.attempt(lambda: self.editor.curves.edit(curve_id))
        self.refresh()

    def _ticked(self, item: QListWidgetItem) -> None:
        if not self.context.active:
            return
        curve_id = item.data(Qt.ItemDataRole.UserRole)
        shown = item.checkState() == Qt.CheckState.Checked
        self.context.attempt(lambda: self.editor.curves.set_shown(curve_id, shown))

    def _pick_persona(self, row: int) -> None:
        item = self.persona_list.item(row)
        if item is not None and self.context.active:
            self._show_persona(item.data(Qt.ItemDataRole.UserRole))

    def _show_persona(self, persona_id: str) -> None:
        with self.context.paused():
            self.persona_form.bind(persona_id)
            self._fill_personas()

    def _curve_key(self, event: QKeyEvent) -> bool:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_Insert:
            self.add_curve()
        elif event.matches(QKeySequence.StandardKey.Delete):
            self.delete_curve()
        elif alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_curve(-1 if event.key() == Qt.Key.Key_Up else 1)
        else:
            return False
        return True

    def _persona_key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Insert:
            self.add_persona()
        elif event.matches(QKeySequence.StandardKey.Delete):
            self.delete_persona()
        else:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)

    @property
    def error(self) -> str:
        """The message of the last refused edit, "" when the last edit went through."""
        return self.message.text()

    def _report(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class ListWithKeys(QListWidget):
    """A list that hands its own keys (Insert, Delete, Alt+arrows) to the panel first,
    before the window's shortcuts (Delete there deletes what is selected on the map)."""

    def __init__(self, keys: Callable[[QKeyEvent], bool]) -> None:
        super().__init__()
        self._keys = keys

    def event(self, event: QEvent) -> bool:  # Qt override
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and _own_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if not (_own_key(event) and self._keys(event)):
            super().keyPressEvent(event)


def _own_key(event: QKeyEvent) -> bool:
    alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
    arrow = event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
    return (
        event.key() == Qt.Key.Key_Insert
        or event.matches(QKeySequence.StandardKey.Delete)
        or bool(alt and arrow)
    )


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    return row
