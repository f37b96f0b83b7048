"""The canvas view: zoom, pan, fit, in-place title editing, and routing of mouse drags to
the canvas tools."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QLineEdit, QStyle, QWidget

from journeymapper.model import IntegrityError, style
from journeymapper.model.elements import Touchpoint
from journeymapper.model.layout import COLUMN_GAP, DETAIL_LINE, MARGIN
from journeymapper.ui import title_shortcuts
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.scene.curve import EmotionPointItem
from journeymapper.ui.scene.flows import FlowItem
from journeymapper.ui.scene.items import CardItem
from journeymapper.ui.scene.painting import qrect
from journeymapper.ui.title_completer import ChoiceCompleter
from journeymapper.ui.tools import CanvasTool, create_at, tool_for_press

ZOOM_STEP = 1.2
MIN_ZOOM, MAX_ZOOM = 0.05, 6.0
# The smallest size, in screen pixels, of a title being typed in place: the card titles'
# own size at 100%. Below it the view zooms in around the card (see start_inline_edit).
READABLE_TEXT_PX = 11.0
EDIT_MARGIN = 40  # pixels kept between the card being edited and the canvas edge


class ViewOverlay(Protocol):
    """What is drawn over the map in viewport pixels (presentation mode's pinned labels)."""

    def column_width(self) -> int:
        """The pixels at the left that ``fit_beside`` keeps free for the overlay."""
        ...

    def paint(self, painter: QPainter) -> None:
        """Draw in viewport coordinates, after the scene."""
        ...


@dataclass(frozen=True)
class ViewState:
    """What the user sees: zoom, the scene point at the top left, and the fit in force."""

    transform: QTransform
    corner: QPointF
    fitted: QRectF | None
    beside: bool
    filling: bool
    viewport: QSize


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
        # A map smaller than the window starts at its top left, as a page does; centred, its
        # offset went stale when a scroll bar appeared and cut off the last lane.
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.key_handler: Callable[[QKeyEvent], bool] | None = None
        self._tool: CanvasTool | None = None
        self._pan_from: QPoint | None = None
        self._inline: InlineTitleEditor | None = None
        self._fitted: QRectF | None = None  # what fit_rect showed, while it still shows it
        self._beside = False  # _fitted came from fit_beside: top-aligned, right of the overlay
        self._filling = False  # fill_window's view, while it still shows it
        self._restoring: ViewState | None = None  # a restored view, until its size is back
        self._cover: QRectF | None = None  # beyond the scene, where fit_beside may look
        self.overlay: ViewOverlay | None = None
        scene.sceneRectChanged.connect(self._follow_scene_rect)

    # -- zoom and pan -------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        self.forget_fit()
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        self.scale(target / self.zoom(), target / self.zoom())
        self.zoom_changed.emit(self.zoom())

    def fit_all(self) -> None:
        """The whole map, however small its text gets: an overview."""
        self.fit_rect(self.scene().sceneRect())

    def fit_rect(self, rect: QRectF) -> None:
        """Show ``rect`` whole and as large as it fits; it stays fitted when the view resizes
        (full screen, scroll bars that are no longer needed) until the user zooms or pans."""
        self.forget_fit()
        self._fitted = QRectF(rect)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom_changed.emit(self.zoom())

    def fit_beside(self, rect: QRectF) -> None:
        """Show ``rect`` whole and as large as it fits right of the overlay's column, its top
        at the top of the view and its left beside the column (presentation mode).

        Unlike ``fit_rect`` the view may show beyond the map's left edge, so the first
        phase clears the pinned column too; it stays fitted on resize until the user moves.
        """
        self.forget_fit()
        self._fitted = QRectF(rect)
        self._beside = True
        self._show_beside(rect)

    def _show_beside(self, rect: QRectF) -> None:
        if rect.isEmpty():
            return
        room = self.overlay.column_width() if self.overlay is not None else 0
        area = self.viewport().size()
        zoom = min((area.width() - room) / rect.width(), area.height() / rect.height(), MAX_ZOOM)
        zoom = max(MIN_ZOOM, zoom)
        # The room left over goes to the right, where it shows the start of the next phase:
        # centring the phase put blank map margin and label column beside the pinned
        # column, which then had to cover them (650 px of a 1600 px projector).
        shown = QRectF(
            rect.left() - room / zoom,
            rect.top(),
            area.width() / zoom,
            area.height() / zoom,
        )
        # ... but not past the map's right edge: beside the last phase that would be a
        # blank strip of screen; the room goes to the left there, to the phase before.
        layout = self.journey_scene.layout
        past = shown.right() - (layout.width - MARGIN)
        # (Never so far that the map's first column leaves the pinned column's edge.)
        slack = shown.left() + room / zoom - (layout.columns_left - COLUMN_GAP)
        if past > 0 and slack > 0:
            shown.translate(-min(past, slack), 0)
        scene_rect = self.scene().sceneRect()
        # Walking the phases low down in the lanes: a smaller zoom shows more height, which
        # goes above rather than as blank below the last lane.
        below = shown.bottom() - scene_rect.bottom()
        if below > 0 and shown.top() > scene_rect.top():
            shown.translate(0, -min(below, shown.top() - scene_rect.top()))
        self._cover = shown
        self.setSceneRect(scene_rect.united(shown))
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self._put_corner(shown.topLeft())
        self.zoom_changed.emit(self.zoom())

    def _put_corner(self, corner: QPointF) -> None:
        """Scroll so that the scene point ``corner`` is at the viewport's top left."""
        at = self.viewportTransform().map(corner)
        for bar, by in ((self.horizontalScrollBar(), at.x()), (self.verticalScrollBar(), at.y())):
            bar.setValue(bar.value() + round(by))

    def _follow_scene_rect(self, rect: QRectF) -> None:
        if self._cover is not None:  # the map grew or shrank while presenting
            self.setSceneRect(rect.united(self._cover))

    def view_state(self) -> ViewState:
        """What the view shows now, for ``restore_view_state``."""
        return ViewState(
            QTransform(self.transform()),
            self.mapToScene(QPoint(0, 0)),
            None if self._fitted is None else QRectF(self._fitted),
            self._beside,
            self._filling,
            self.viewport().size(),
        )

    def restore_view_state(self, state: ViewState) -> None:
        """Show exactly what ``state`` showed: the same zoom and top left once the viewport
        has its size back (leaving full screen resizes it later, on most window systems);
        then a resize follows the restored fit again."""
        self._cover = None
        self.setSceneRect(QRectF())  # follow the scene's rectangle again
        self.setTransform(state.transform)
        self._fitted = None if state.fitted is None else QRectF(state.fitted)
        self._beside, self._filling = state.beside, state.filling
        self._put_corner(state.corner)
        self._restoring = None if self.viewport().size() == state.viewport else state
        self.zoom_changed.emit(self.zoom())

    def fill_window(self) -> None:
        """Fit the map to the window so that it fills it: every band from the phases down
        to the last lane in sight, scrolling along the journey when the map is wider than
        the window (the whole width, scrolling down the lanes, when it is taller).

        A whole-map fit of a wide map leaves the window's lower half blank and its text a
        few pixels high; a column read top to bottom (customer, touchpoints, the
        departments behind them) is what a workshop talks about, so that stays whole and
        the journey scrolls sideways. Never beyond 100%, never below the whole map.
        """
        self.forget_fit()
        self._filling = True
        self._apply_fill(self._fill_anchor())

    def _fill_anchor(self) -> QPointF:
        """Where a new fill looks: the selected card, else the start of the journey."""
        selected = [item for item in self.scene().selectedItems() if isinstance(item, CardItem)]
        if selected:
            return selected[0].sceneBoundingRect().center()
        return self.sceneRect().topLeft()

    def _apply_fill(self, anchor: QPointF) -> None:
        rect = self.sceneRect()
        if rect.isEmpty():
            return
        area = self.maximumViewportSize()  # the viewport without scroll bars
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 4
        whole = min(area.width() / rect.width(), area.height() / rect.height())
        if area.width() / rect.width() < area.height() / rect.height():
            fill = (area.height() - bar) / rect.height()  # wide: the scroll bar goes below
        else:
            fill = (area.width() - bar) / rect.width()
        zoom = max(whole, min(fill, 1.0))
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self.centerOn(anchor)
        if anchor == rect.topLeft():
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        self.zoom_changed.emit(self.zoom())

    def forget_fit(self) -> None:
        """The user moved the view by hand: a later resize keeps what they see."""
        self._fitted = None
        self._beside = False
        self._filling = False
        self._restoring = None

    def reset_zoom(self) -> None:
        self.forget_fit()
        self.resetTransform()
        self.zoom_changed.emit(1.0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        center = self.mapToScene(self.viewport().rect().center())
        super().resizeEvent(event)
        if self._restoring is not None:
            self._put_corner(self._restoring.corner)
            if self.viewport().size() == self._restoring.viewport:
                self._restoring = None
            return
        if self._fitted is not None and self._beside:
            self._show_beside(self._fitted)
        elif self._fitted is not None:
            self.fitInView(self._fitted, Qt.AspectRatioMode.KeepAspectRatio)
            self.zoom_changed.emit(self.zoom())
        elif self._filling:
            self._apply_fill(center)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        if self.overlay is not None:
            painter.save()
            painter.resetTransform()  # the overlay draws in viewport pixels
            self.overlay.paint(painter)
            painter.restore()

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.forget_fit()  # zooming or scrolling by hand: a resize keeps this view
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    # -- mouse: panning and canvas tools ------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.finish_inline_edit()
        if event.button() == Qt.MouseButton.MiddleButton:
            self.forget_fit()
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
                    self.journey_scene.select_only(tool.element_id, self.journey_scene.run_of(item))
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
        element was just added, so Escape takes the add back too.

        The editor is the card's title at the card's scale: its font is the title's size on
        screen and it stays inside the card, so the neighbours stay readable. Below
        READABLE_TEXT_PX the view first zooms in around the card: on a projector the room
        reads along as the facilitator types, which text the size of the card's at a fit
        zoom (a few pixels) does not allow, and a legible editor squeezed into a tiny card
        would show a handful of letters. The zoom stays after the edit, as the next card
        is usually typed next to this one; Ctrl+0 goes back to the fitted map.
        """
        editor = self.journey_scene.editor
        item = self.journey_scene.item_for(element_id)
        if editor is None or not isinstance(item, CardItem):
            return
        self.finish_inline_edit()
        size = TITLE_SIZE.get(item.kind, style.CARD_TITLE_SIZE)
        self._show_for_editing(item, READABLE_TEXT_PX / size)
        element = editor.document.get(element_id)
        title = getattr(element, "title", "") or getattr(element, "name", "")
        self._inline = InlineTitleEditor(self, element_id, title)
        if added:
            self._inline.added_at = editor.undo_stack.index()
        if isinstance(element, Touchpoint):  # @ and # offer channels and departments
            self._inline.choices = ChoiceCompleter(
                self._inline, lambda sigil: title_shortcuts.names_for(editor, sigil)
            )
        font = self._inline.font()
        font.setPixelSize(max(1, round(size * self.zoom())))
        font.setBold(True)
        self._inline.setFont(font)
        self._inline.setGeometry(self._title_area(item, self._inline.fontMetrics().height() + 6))
        self._inline.show()
        self._inline.setFocus()
        self._inline.selectAll()

    def _show_for_editing(self, item: CardItem, readable_zoom: float) -> None:
        """Zoom in to ``readable_zoom`` if the view is below it, keeping the card where it
        is on screen, then scroll only as far as needed to have the card in view."""
        card = item.sceneBoundingRect()
        if self.zoom() < readable_zoom:
            self.forget_fit()
            before = self.mapFromScene(card.center())
            target = min(MAX_ZOOM, readable_zoom)
            self.setTransform(QTransform.fromScale(target, target))
            after = self.mapFromScene(card.center())
            for bar, moved in (
                (self.horizontalScrollBar(), after.x() - before.x()),
                (self.verticalScrollBar(), after.y() - before.y()),
            ):
                bar.setValue(bar.value() + moved)
            self.zoom_changed.emit(self.zoom())
        spare = self.viewport().width() - card.width() * self.zoom()
        margin = int(min(EDIT_MARGIN, max(0.0, spare / 2)))
        self.ensureVisible(card, margin, EDIT_MARGIN)

    def _title_area(self, item: CardItem, line_height: int) -> QRect:
        """Where the card shows its title, on the viewport: the editor covers all of it, so
        the old title does not show through, and leaves the detail line (channel, owner)
        in sight."""
        card = self.mapFromScene(qrect(item.rect)).boundingRect()
        zoom = self.zoom()
        pad = style.CARD_PADDING * zoom
        left = pad
        if item.kind in ("touchpoint", "process_step"):
            left += style.ACCENT_WIDTH * zoom  # right of the coloured accent bar
        top = card.top() + min(pad, max(0, card.height() - line_height) / 2)
        below = (DETAIL_LINE + style.CARD_PADDING) * zoom
        height = max(line_height, card.bottom() - below - top)
        height = min(height, 3 * line_height, card.height() - 2)
        return QRect(
            round(card.left() + left),
            round(top),
            max(8, round(card.width() - left - pad / 2)),
            round(height),
        )

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


# The size of each kind's title on the card, in scene units (pixels at 100%).
TITLE_SIZE = {
    "phase": style.PHASE_SIZE,
    "step": style.STEP_TITLE_SIZE,
    "department": style.BAND_LABEL_SIZE,
}


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
