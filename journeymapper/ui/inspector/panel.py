"""The Inspector: the side panel that edits every attribute of the selected element.

It shows one form per element kind and the map's own fields when nothing is selected. It
holds no copy of the data: each form reads the Document again after every change, so undo
and edits made elsewhere (the canvas, a menu) show up here at once. Every edit goes through
the Editor as one undoable command; a refused edit becomes a red message, not an exception.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from journeymapper.model.elements import Flow
from journeymapper.model.kinds import KIND_LABEL, Kind, display_name
from journeymapper.ui.editor import Editor
from journeymapper.ui.inspector.attachments import InitiativeForm, MetricForm
from journeymapper.ui.inspector.fields import Context
from journeymapper.ui.inspector.flow import FlowForm, route
from journeymapper.ui.inspector.form import Form
from journeymapper.ui.inspector.forms import (
    ChannelForm,
    DepartmentForm,
    PersonaForm,
    PhaseForm,
    ProcessStepForm,
    StepForm,
    TouchpointForm,
)
from journeymapper.ui.inspector.map_form import MapForm

ERROR_STYLE = "color: #c0392b; font-weight: bold;"
MIN_WIDTH = 300
# What the panel asks for, whatever it shows: a size hint that followed the form would make
# the dock, and with it the map, jump at every change of selection.
PREFERRED_SIZE = QSize(340, 480)


class Inspector(QWidget):
    """Edits the selected element's fields, or the map's own fields when nothing is selected.

    ``show_elements`` is called by the main window whenever the canvas selection changes.
    ``close_inspector`` is the one teardown path: after it no slot reaches the editor.
    """

    # Escape in a field that has no use for it: back to the canvas, as F6 does. Fields
    # commit when they lose the focus, so what was typed is kept.
    leave_requested = Signal()

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.context = Context(editor, self._report)
        self.setMinimumWidth(MIN_WIDTH)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.map_form = MapForm(self.context)
        self.forms: dict[Kind, Form] = {
            "persona": PersonaForm(self.context),
            "phase": PhaseForm(self.context),
            "step": StepForm(self.context),
            "touchpoint": TouchpointForm(self.context),
            "department": DepartmentForm(self.context),
            "channel": ChannelForm(self.context),
            "process_step": ProcessStepForm(self.context),
            "flow": FlowForm(self.context),
            "metric": MetricForm(self.context),
            "initiative": InitiativeForm(self.context),
        }
        self.note = QLabel()  # several items selected, or a kind without fields here
        self.note.setWordWrap(True)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        for widget in (self.map_form, *self.forms.values(), self.note):
            widget.hide()
            page_layout.addWidget(widget)
        page_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        self.element_ids: list[str] = []
        self.form: Form | None = None
        editor.changed.connect(self._on_changed)
        # A step's emotion field shows the value on the curve being edited.
        editor.curves.edited_changed.connect(self._on_changed)
        context = self.context  # not self: the closure must outlive the wrapper
        self.destroyed.connect(lambda: setattr(context, "closed", True))
        self._show([])

    def sizeHint(self) -> QSize:  # Qt override
        return PREFERRED_SIZE

    # -- public -------------------------------------------------------------------------------

    def show_elements(self, element_ids: list[str]) -> None:
        """Show the fields of the selected elements: none shows the map's own fields."""
        self._finish_typing()
        self._show(list(element_ids))

    def commit_pending(self) -> None:
        """Apply what is typed or browsed in a field but not yet in the Document, keeping the
        keyboard where it was: a save, an export or a close must not miss it."""
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            return
        focused.clearFocus()  # the fields commit when they lose the focus
        focused.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        # Reached only by keys the focused field ignored: a line edit, a text box or a
        # closed list lets Escape through; an open list or a browsed choice keeps it.
        if event.key() == Qt.Key.Key_Escape:
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)

    def focus_first_field(self) -> None:
        """Put the keyboard in the first field of the form on show."""
        shown = self.form if self.form is not None and self.form.isVisible() else None
        target = shown or (self.map_form if self.map_form.isVisible() else None)
        if target is None:
            return
        for child in target.findChildren(QWidget):
            if (
                child.isVisible()
                and child.isEnabled()
                and child.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                child.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    def close_inspector(self) -> None:
        """Stop following the editor; safe to call twice."""
        if self.context.closed:
            return
        self.context.closed = True
        self.editor.changed.disconnect(self._on_changed)
        self.editor.curves.edited_changed.disconnect(self._on_changed)

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        self._finish_typing()
        self.close_inspector()
        super().closeEvent(event)

    @property
    def error(self) -> str:
        """The message of the last refused edit, "" when the last edit went through."""
        return self.message.text()

    # -- internals ----------------------------------------------------------------------------

    def _show(self, element_ids: list[str]) -> None:
        with self.context.paused():  # hiding a form must not commit into what it showed
            self._show_now(element_ids)

    def _show_now(self, element_ids: list[str]) -> None:
        document = self.editor.document
        self.element_ids = [i for i in element_ids if i in document]
        self._report("")
        if len(self.element_ids) > 1:
            self._activate(None, None)
            self.note.setText("Select one item to edit its fields.")
        elif self.element_ids:
            element_id = self.element_ids[0]
            form = self.forms.get(document.kind(element_id))
            self._activate(form, element_id)
            if form is None:
                self.note.setText("This item has no fields to edit here.")
        else:
            self._activate(self.map_form, None)
        self._update_heading()

    def _activate(self, form: Form | None, element_id: str | None) -> None:
        if self.form is not None and self.form is not form:
            self.form.hide()
        self.form = form
        self.note.setVisible(form is None)
        if form is not None:
            form.bind(element_id)
            form.show()

    def _update_heading(self) -> None:
        document = self.editor.document
        if len(self.element_ids) > 1:
            text = f"{len(self.element_ids)} items selected"
        elif self.element_ids:
            element = document.get(self.element_ids[0])
            kind = KIND_LABEL[document.kind(element.id)]
            name = display_name(element)
            if isinstance(element, Flow):  # a flow has a label, not a title
                name = element.label or route(document, element)
            text = f"{kind[0].upper()}{kind[1:]}: {name}"
        else:
            text = "Journey map"
        self.heading.setText(text)

    def _on_changed(self) -> None:
        if self.context.closed:
            return
        document = self.editor.document
        if any(element_id not in document for element_id in self.element_ids):
            self._show(self.element_ids)  # a shown element was deleted: show what is left
            return
        with self.context.paused():  # following a change never writes one
            if self.form is not None:
                self.form.refresh()
            self._update_heading()

    def _finish_typing(self) -> None:
        """Commit the field being typed in before the form shows another element."""
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()

    def _report(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
