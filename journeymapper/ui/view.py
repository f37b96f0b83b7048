"""The canvas view: zoom, pan, fit, in-place title editing, and routing of mouse drags to
the canvas tools."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QLineEdit, QWidget

from journeymapper.model import IntegrityError
from journeymapper.model.elements import Touchpoint
from journeymapper.ui import title_shortcuts
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.scene.curve import EmotionPointItem
from journeymapper.ui.scene.flows import FlowItem
from journeymapper.ui.scene.items import CardItem
from journeymapper.ui.title_completer import ChoiceCompleter
from journeymapper.ui.tools import CanvasTool, create_at, tool_for_press

ZOOM_STEP = 1.2
MIN_ZOOM, MAX_ZOOM = 0.05, 6.0


class JourneyView(QGraphicsView):
    """Shows a JourneyScene; the keyboard is handled by the KeyboardController."""

    zoom_changed = Signal(float)
    add_cancelled = Signal(str)  # Escape took back the add of this element id

    def __init__(self, scene: JourneyScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.journey_scene = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.key_handler: Callable[[QKeyEvent], bool] | None = None
        self._tool: CanvasTool | None = None
        self._pan_from: QPoint | None = None
        self._inline: InlineTitleEditor | None = None
        self._fitted: QRectF | None = None  # what fit_rect showed, while it still shows it

    # -- zoom and pan -------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        self._fitted = None
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        self.scale(target / self.zoom(), target / self.zoom())
        self.zoom_changed.emit(self.zoom())

    def fit_all(self) -> None:
        self.fit_rect(self.scene().sceneRect())

    def fit_rect(self, rect: QRectF) -> None:
        """Show ``rect`` whole and as large as it fits; it stays fitted when the view resizes
        (full screen, scroll bars that are no longer needed) until the user zooms or pans."""
        self._fitted = QRectF(rect)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom_changed.emit(self.zoom())

    def forget_fit(self) -> None:
        """The user moved the view by hand: a later resize keeps what they see."""
        self._fitted = None

    def reset_zoom(self) -> None:
        self._fitted = None
        self.resetTransform()
        self.zoom_changed.emit(1.0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted is not None:
            self.fitInView(self._fitted, Qt.AspectRatioMode.KeepAspectRatio)
            self.zoom_changed.emit(self.zoom())

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._fitted = None  # zooming or scrolling by hand: a resize keeps this view
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    # -- mouse: panning and canvas tools ------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.finish_inline_edit()
        if event.button() == Qt.MouseButton.MiddleButton:
            self._fitted = None
            self._pan_from = event.position().toPoint()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            scene_pos = self.mapToScene(event.position().toPoint())
            item = self.itemAt(event.position().toPoint())
            tool = tool_for_press(self.journey_scene, item, scene_pos)
            if tool is not None:
                self._tool = tool
                if not (event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                    self.journey_scene.select_only(tool.element_id)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            return
        if self._tool is not None:
            self._tool.drag_to(self.mapToScene(event.position().toPoint()))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.unsetCursor()
            return
        if self._tool is not None:
            tool, self._tool = self._tool, None
            tool.finish(self.mapToScene(event.position().toPoint()))
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, CardItem):
            self.start_inline_edit(item.element_id)
            return
        if event.button() == Qt.MouseButton.LeftButton and not _is_interactive(item):
            self._create_at(self.mapToScene(event.position().toPoint()))
            return
        super().mouseDoubleClickEvent(event)

    def _create_at(self, position: QPointF) -> None:
        """Double-click on an empty spot: add an element there and type its title."""
        editor = self.journey_scene.editor
        if editor is None:
            return
        try:
            new = create_at(self.journey_scene, editor, position)
        except IntegrityError:
            return  # a refused edit changes nothing
        if new is not None:
            self.journey_scene.select_only(new)
            self.start_inline_edit(new, added=True)

    def event(self, event: QEvent) -> bool:
        # Tab would move the keyboard focus to the next widget; on the canvas it moves the
        # selection to the next band instead.
        is_tab = (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        )
        if is_tab and self.key_handler is not None and self.key_handler(event):  # type: ignore[arg-type]
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._tool is not None and event.key() == Qt.Key.Key_Escape:
            self._tool.cancel()
            self._tool = None
            return
        if self.key_handler is not None and self.key_handler(event):
            return
        super().keyPressEvent(event)

    # -- in-place title editing ---------------------------------------------------------------

    def start_inline_edit(self, element_id: str, added: bool = False) -> None:
        """Type a new title over the card; Enter commits, Escape cancels. ``added``: the
        element was just added, so Escape takes the add back too."""
        editor = self.journey_scene.editor
        item = self.journey_scene.item_for(element_id)
        if editor is None or not isinstance(item, CardItem):
            return
        self.finish_inline_edit()
        self.ensureVisible(item.sceneBoundingRect(), 40, 40)
        element = editor.document.get(element_id)
        title = getattr(element, "title", "") or getattr(element, "name", "")
        self._inline = InlineTitleEditor(self, element_id, title)
        if added:
            self._inline.added_at = editor.undo_stack.index()
        if isinstance(element, Touchpoint):  # @ and # offer channels and departments
            self._inline.choices = ChoiceCompleter(
                self._inline, lambda sigil: title_shortcuts.names_for(editor, sigil)
            )
        rect = self.mapFromScene(item.sceneBoundingRect()).boundingRect()
        self._inline.setGeometry(rect.left() + 2, rect.top() + 8, max(120, rect.width() - 4), 28)
        self._inline.show()
        self._inline.setFocus()
        self._inline.selectAll()

    def finish_inline_edit(self, commit: bool = True) -> None:
        editor_widget, self._inline = self._inline, None
        if editor_widget is None:
            return
        editor = self.journey_scene.editor
        text = editor_widget.text().strip()
        element_id = editor_widget.element_id
        if commit and editor is not None and text and element_id in editor.document:
            title_shortcuts.apply(editor, element_id, text)
        elif not commit and editor is not None and editor_widget.added_at is not None:
            self._take_back_add(editor_widget)
        if editor_widget.choices is not None:
            editor_widget.choices.close()
            editor_widget.choices = None
        editor_widget.hide()
        editor_widget.deleteLater()
        self.setFocus()

    def _take_back_add(self, editor_widget: InlineTitleEditor) -> None:
        """Escape while typing the title of an element just added: no placeholder stays."""
        editor = self.journey_scene.editor
        added_at = editor_widget.added_at
        if editor is not None and added_at is not None and editor.take_back(added_at):
            self.add_cancelled.emit(editor_widget.element_id)

    def inline_editor(self) -> InlineTitleEditor | None:
        return self._inline


def _is_interactive(item: QGraphicsItem | None) -> bool:
    """Items with a double-click of their own; elsewhere a double-click adds an element."""
    return isinstance(item, (CardItem, FlowItem, EmotionPointItem))


class InlineTitleEditor(QLineEdit):
    """The line edit laid over a card while its title is typed."""

    def __init__(self, view: JourneyView, element_id: str, title: str) -> None:
        super().__init__(title, view.viewport())
        self.view = view
        self.element_id = element_id
        self.added_at: int | None = None  # the undo index right after the add, if just added
        self.choices: ChoiceCompleter | None = None  # the list after @ or #, for touchpoints
        self.setToolTip("Enter to keep, Escape to cancel")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._for_the_list(event):
            event.ignore()  # the open list takes Enter (on a picked name) and Escape
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.view.finish_inline_edit(commit=True)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.view.finish_inline_edit(commit=False)
            return
        super().keyPressEvent(event)

    def _for_the_list(self, event: QKeyEvent) -> bool:
        """Escape, and Enter on a name picked with the arrows, belong to the open list;
        Enter with nothing picked keeps the title as typed."""
        choices = self.choices
        if choices is None or not choices.is_open():
            return False
        return event.key() == Qt.Key.Key_Escape or (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and choices.has_pick()
        )

    def focusOutEvent(self, event: object) -> None:
        super().focusOutEvent(event)  # type: ignore[arg-type]
        if self.view.inline_editor() is self:
            self.view.finish_inline_edit(commit=True)
