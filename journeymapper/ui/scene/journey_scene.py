"""The canvas scene: draws the shared layout and follows the Document's events.

It keeps one item per element id and updates only what an event names: a new title repaints
one card, a new emotion moves one point; only a change of structure (an element added,
removed or moved, a touchpoint put at another step) recomputes the layout, and even then
existing items are moved, not rebuilt.
"""

from __future__ import annotations

import bisect
import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from journeymapper.model import Document, style
from journeymapper.model.analysis import Finding
from journeymapper.model.analysis.moments import MomentOfTruth
from journeymapper.model.document import (
    Batch,
    Change,
    EmotionChanged,
    Event,
    FieldChanged,
    Inserted,
    Moved,
    Removed,
)
from journeymapper.model.elements import EmotionCurve
from journeymapper.model.layout import (
    Band,
    BandKind,
    Layout,
    Point,
    Rect,
    compute_layout,
)
from journeymapper.render.card_faces import FaceContext
from journeymapper.render.curve_faces import (
    curve_face,
    edited_curve,
    emotion_frame_face,
    other_curve_faces,
    point_ink,
)
from journeymapper.render.faces import Face
from journeymapper.render.header import header_texts
from journeymapper.render.map_faces import served_moments
from journeymapper.ui.analysis_worker import findings_by_element
from journeymapper.ui.scene.curve import CurveItem, EmotionPointItem
from journeymapper.ui.scene.flows import FlowItem
from journeymapper.ui.scene.items import BandItem, CardItem
from journeymapper.ui.scene.notes import NoteLayer, needs_relayout
from journeymapper.ui.scene.painting import color, draw_lines, fitted_lines, qrect

if TYPE_CHECKING:
    from journeymapper.ui.editor import Editor

# Fields whose change moves boxes; any other field only repaints its element.
_STRUCTURAL_FIELDS = {"steps", "serves", "department", "source", "target", "scale", "label"}
# Elements whose change shows on other elements' cards (a channel's colour on touchpoints).
_SHARED_KINDS = {"channel", "department", "persona"}


class JourneyScene(QGraphicsScene):
    """The whole map as graphics items; ``editor`` is None for read-only rendering."""

    def __init__(self, document: Document, editor: Editor | None = None) -> None:
        super().__init__()
        self.document = document
        self.editor = editor
        self.layout: Layout = compute_layout(document.map)
        self.card_rects: dict[str, Rect] = {}
        self._bands: dict[tuple[BandKind, str | None], BandItem] = {}
        self._cards: dict[str, CardItem] = {}
        # The further runs of touchpoints drawn in several pieces; each is a card of the same
        # touchpoint, so selecting any run selects the touchpoint.
        self._runs: dict[str, list[CardItem]] = {}
        # Whether the scene is selecting a touchpoint's other runs itself.
        self._selecting_runs = False
        self._flows: dict[str, FlowItem] = {}
        self._points: dict[str, EmotionPointItem] = {}
        # Where each point was last put, (x, y, value): a relayout touches only those that
        # moved. The editable curve's line, left to right, and the other curves' faces.
        self._placed: dict[str, tuple[float, float, float | None]] = {}
        self._line: list[Point] = []
        self._other_curves: list[Face] = []
        # What show_findings last marked, to touch only what a new analysis changes.
        self._shown_findings: dict[str, list[Finding]] = {}
        self._shown_moments: dict[str, str] = {}
        self._header = HeaderItem(document)
        self._curve = CurveItem()
        self.addItem(self._header)
        self.addItem(self._curve)
        self.setBackgroundBrush(color(style.PAPER))
        self.notes = NoteLayer(self)  # pain points, ideas, quotes, metrics, initiatives
        self._apply_layout(self.layout)
        self._unsubscribe = document.subscribe(self._on_event)
        self.selectionChanged.connect(self._select_whole_touchpoints)
        if editor is not None:
            editor.findings_changed.connect(self._on_findings)
            editor.curves.edited_changed.connect(self.refresh_curve)
            self._on_findings()

    def close(self) -> None:
        """The one teardown path: stop following the document and the editor."""
        self._unsubscribe()
        if self.editor is not None:
            self.editor.findings_changed.disconnect(self._on_findings)
            self.editor.curves.edited_changed.disconnect(self.refresh_curve)

    # -- following the document ---------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        """Follow one change, or a batch of them with at most one layout."""
        changes = event.events if isinstance(event, Batch) else (event,)
        # A field of an element removed later in the same batch needs no repaint: it is gone.
        fields = [
            c
            for c in changes
            if isinstance(c, FieldChanged)
            and (c.element_id is None or c.element_id in self.document)
        ]
        repaints = [c for c in fields if not self._is_structural(c)]
        emotions = sum(isinstance(c, EmotionChanged) for c in changes)
        if len(repaints) + emotions < len(changes):  # something moved boxes
            self.relayout()  # places the curve too
            # A card whose box stayed put still shows the change (a step's pain-point count
            # when its pain points, which have a band of their own, change).
            repaints = fields
            for parent in _parents(changes):
                for card in self.pieces(parent):
                    card.refresh()
        elif emotions:
            self._follow_emotions([c for c in changes if isinstance(c, EmotionChanged)])
        for change in repaints:
            self._repaint_for(change)

    def _is_structural(self, event: FieldChanged) -> bool:
        if event.field in _STRUCTURAL_FIELDS or needs_relayout(self.document, event):
            return True
        # A renamed department or phase changes a band label or a phase header: cheap to redo.
        # A curve's name, kind or state shows in the curves' key and on its line.
        return event.element_id is not None and self.document.kind(event.element_id) in (
            "department",
            "curve",
        )

    def _repaint_for(self, event: FieldChanged) -> None:
        if event.element_id is None:
            self._header.update()
            return
        card = self._cards.get(event.element_id)
        if card is not None:
            card.refresh()
        for run in self._runs.get(event.element_id, []):
            run.refresh()
        if self.document.kind(event.element_id) in _SHARED_KINDS:
            # The cards that name it (a channel's touchpoints, a department's process steps
            # and touchpoints) show it; the referrer index finds them without a walk of the
            # whole map.
            for referrer, _field in self.document.referrers(event.element_id):
                for piece in self.pieces(referrer):
                    piece.refresh()
            self._header.update()

    def relayout(self) -> None:
        self.layout = compute_layout(self.document.map)
        self._apply_layout(self.layout)

    def _apply_layout(self, layout: Layout) -> None:
        self._sync_bands(layout.bands)
        self._sync_cards(layout)
        self._sync_flows(layout)
        self.notes.sync(layout)
        self._header.set_rect(qrect(layout.bands[0].rect))
        self.refresh_curve()
        self.setSceneRect(QRectF(0, 0, layout.width, layout.height))

    def _sync_bands(self, bands: list[Band]) -> None:
        wanted = {(band.kind, band.element_id): band for band in bands}
        for key in list(self._bands):
            if key not in wanted:
                self.removeItem(self._bands.pop(key))
        for key, band in wanted.items():
            item = self._bands.get(key)
            if item is None:
                item = self._bands[key] = BandItem(band)
                self.addItem(item)
            else:
                item.set_band(band)

    def _sync_cards(self, layout: Layout) -> None:
        self.card_rects = card_rects(layout)
        for element_id in [i for i in self._cards if i not in self.card_rects]:
            self.removeItem(self._cards.pop(element_id))
        for element_id, rect in self.card_rects.items():
            card = self._cards.get(element_id)
            if card is None:
                card = self._cards[element_id] = CardItem(
                    self, element_id, self.document.kind(element_id), rect
                )
                card.set_findings(self._shown_findings.get(element_id, []))
                self.addItem(card)
            else:
                card.set_rect(rect)
        self._sync_runs(layout)

    def _sync_runs(self, layout: Layout) -> None:
        for element_id in [i for i in self._runs if i not in layout.runs]:
            for item in self._runs.pop(element_id):
                self.removeItem(item)
        for element_id, rects in layout.runs.items():
            items = self._runs.setdefault(element_id, [])
            while len(items) > len(rects) - 1:
                self.removeItem(items.pop())
            for n, rect in enumerate(rects[1:]):
                if n < len(items):
                    items[n].set_rect(rect)
                else:
                    items.append(CardItem(self, element_id, self.document.kind(element_id), rect))
                    items[-1].set_findings(self._shown_findings.get(element_id, []))
                    self.addItem(items[-1])
                    # A new run of a selected touchpoint is selected with it.
                    items[-1].setSelected(self._cards[element_id].isSelected())

    def _sync_flows(self, layout: Layout) -> None:
        wanted = {arrow.flow_id: arrow for arrow in layout.arrows}
        for flow_id in [i for i in self._flows if i not in wanted]:
            self.removeItem(self._flows.pop(flow_id))
        for flow_id, arrow in wanted.items():
            item = self._flows.get(flow_id)
            if item is None:
                item = self._flows[flow_id] = FlowItem(arrow)
                item.set_findings(self._shown_findings.get(flow_id, []))
                self.addItem(item)
            elif item.arrow != arrow:
                item.set_arrow(arrow)

    def edited_curve(self) -> EmotionCurve | None:
        """The curve whose points are handles here: the editor's, or on a read-only scene
        the first shown curve."""
        if self.editor is not None:
            return self.editor.curves.edited()
        return edited_curve(self.document.map)

    def refresh_curve(self) -> None:
        """Put every emotion point of the edited curve where its value says and redraw the
        lines; with every curve hidden there is nothing to drag, so the points hide.

        Only the points whose place or value changed are moved (a Qt call per point costs
        more than the comparison), and the edited curve's line is kept, left to right, for
        the edits and drags that change one point of it."""
        curve = self.edited_curve()
        values = curve.points if curve else {}
        ink = point_ink(self.document.map, curve)
        layout = self.layout
        neutral_y = layout.value_to_y(self.document.map.scale.neutral)
        for step_id in [i for i in self._points if i not in layout.boxes]:
            self.removeItem(self._points.pop(step_id))
            self._placed.pop(step_id, None)
        line: list[Point] = []
        for step in self.document.map.steps():
            value = values.get(step.id)
            x = layout.boxes[step.id].rect.center_x
            y = neutral_y if value is None else layout.value_to_y(value)
            self._place_point(step.id, x, y, value)
            point = self._points[step.id]
            point.set_ink(ink)
            point.setVisible(curve is not None)
            if value is not None:
                line.append((x, y))
        self._line = line
        self._show_curves(line)

    def _place_point(self, step_id: str, x: float, y: float, value: float | None) -> None:
        """Stand the step's point at (x, y) showing ``value``, making it if it is new."""
        placed = (x, y, value)
        point = self._points.get(step_id)
        if point is None:
            point = self._points[step_id] = EmotionPointItem(self, step_id)
            point.set_moment(self._shown_moments.get(step_id, ""))
            self.addItem(point)
        elif self._placed.get(step_id) == placed:
            return
        point.place(x, y, value)
        if not point.dragging:  # a dragged point keeps to the mouse and is placed on release
            self._placed[step_id] = placed

    def _follow_emotions(self, changes: list[EmotionChanged]) -> None:
        """New values on the editable curve move their points and the line through them, and
        nothing else: the other points, the frame and the other curves stay as they are."""
        curve = self.edited_curve()
        if curve is None or any(c.curve_id != curve.id for c in changes):
            self.refresh_curve()  # another curve changed: it has no points of its own here
            return
        layout = self.layout
        neutral_y = layout.value_to_y(self.document.map.scale.neutral)
        line = self._line
        for change in changes:
            box = layout.boxes.get(change.step_id)
            if box is None:
                continue
            x, value = box.rect.center_x, curve.points.get(change.step_id)
            y = neutral_y if value is None else layout.value_to_y(value)
            self._place_point(change.step_id, x, y, value)
            line = with_point(line, x, None if value is None else y)
        self._line = line
        self._show_curves(line, others_too=False)

    def preview_curve(self, step_id: str, y: float) -> None:
        """Redraw the line with ``step_id``'s point at ``y``, during a drag of it."""
        box = self.layout.boxes.get(step_id)
        if box is not None:
            self._placed.pop(step_id, None)  # the drag moved it: place it anew after
            self._show_curves(with_point(self._line, box.rect.center_x, y), others_too=False)

    def _show_curves(self, editable: list[Point], others_too: bool = True) -> None:
        """Every curve's face, the editable one through ``editable``; the other curves' faces
        are kept from the last time when ``others_too`` is False (the editable curve alone
        changed: an emotion edit, a drag)."""
        journey, layout = self.document.map, self.layout
        curve = self.edited_curve()
        if others_too:
            self._other_curves = other_curve_faces(journey, layout, curve.id if curve else None)
        editable_face = None
        if curve is not None:
            index = next(n for n, each in enumerate(journey.curves) if each is curve)
            editable_face = curve_face(index, curve, editable, False)
        curves = self._other_curves + ([editable_face] if editable_face is not None else [])
        frame = emotion_frame_face(journey, layout)
        halo = point_ink(journey, curve)
        self._curve.set_faces(qrect(layout.emotion_area), frame, curves, editable, halo)

    def face_context(self) -> FaceContext:
        """What the items' faces read: the map, its layout and a look-up of its elements."""
        return FaceContext(self.document.map, self.layout, self._lookup)

    def _lookup(self, element_id: str) -> object | None:
        document = self.document
        return document.get(element_id) if element_id in document else None

    # -- findings -----------------------------------------------------------------------------

    def _on_findings(self) -> None:
        if self.editor is None:
            return
        # Grouped by element in the analysis's worker thread, not here.
        self.show_grouped_findings(self.editor.findings_by_element, self.editor.moments)

    def show_findings(self, findings: list[Finding], moments: list[MomentOfTruth]) -> None:
        """Mark each element with its findings and each Moment of Truth on the curve."""
        self.show_grouped_findings(findings_by_element(findings), moments)

    def show_grouped_findings(
        self, by_element: dict[str, list[Finding]], moments: list[MomentOfTruth]
    ) -> None:
        """``show_findings`` with the findings already grouped by element id.

        Only the elements whose findings or marks differ from what is shown are touched: an
        edit changes a few findings, and going over every card and arrow of a large map
        after each one cost more than the edit."""
        shown = self._shown_findings
        for element_id in shown.keys() | by_element.keys():
            now = by_element.get(element_id, [])
            if shown.get(element_id, []) != now:
                for item in self._finding_items(element_id):
                    item.set_findings(now)
        self._shown_findings = dict(by_element)
        served = served_moments(self.document.map, (m.step.id for m in moments))
        marks = {step_id: "served" if state else "unserved" for step_id, state in served.items()}
        for step_id in self._shown_moments.keys() | marks.keys():
            point = self._points.get(step_id)
            if point is not None:
                point.set_moment(marks.get(step_id, ""))
        self._shown_moments = marks

    def _finding_items(self, element_id: str) -> list[CardItem | FlowItem]:
        flow = self._flows.get(element_id)
        return [*self.pieces(element_id), *([flow] if flow is not None else [])]

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """Cards work out their tooltips only when one is asked for."""
        for item in self.items(event.scenePos()):
            if isinstance(item, CardItem):
                item.setToolTip(item.tooltip_text())
                break
        super().helpEvent(event)

    # -- selection ----------------------------------------------------------------------------

    def item_for(self, element_id: str) -> QGraphicsItem | None:
        return self._cards.get(element_id) or self._flows.get(element_id)

    def selected_ids(self) -> list[str]:
        ids = []
        for item in self.selectedItems():
            element_id = getattr(item, "element_id", None) or getattr(item, "step_id", None)
            if element_id and element_id not in ids:  # a touchpoint's runs count once
                ids.append(element_id)
        return ids

    def select_only(self, element_id: str, run: int = 0) -> None:
        """Select one element (every run of a touchpoint drawn in several); the keyboard
        stands on its ``run``-th run, counted from the left."""
        self.clearSelection()
        pieces = self.pieces(element_id)
        item = pieces[min(run, len(pieces) - 1)] if pieces else self.item_for(element_id)
        item = item or self._points.get(element_id)
        if item is not None:
            item.setSelected(True)
            item.setFocus()

    def pieces(self, element_id: str) -> list[CardItem]:
        """The cards of an element: one, or every run of a touchpoint drawn in several, left
        to right (none for a flow or an unknown id)."""
        card = self._cards.get(element_id)
        return [] if card is None else [card, *self._runs.get(element_id, [])]

    def run_of(self, item: QGraphicsItem | None) -> int:
        """Which run of its touchpoint ``item`` is, counted from the left (0 for any other
        item)."""
        element_id = getattr(item, "element_id", None)
        pieces = self.pieces(element_id) if isinstance(element_id, str) else []
        return next((n for n, piece in enumerate(pieces) if piece is item), 0)

    def current_run(self, element_id: str) -> int:
        """Which run of a touchpoint drawn in several has the focus (the one clicked or
        reached by the keyboard), counted from the left; 0 otherwise."""
        focus = self.focusItem()
        return self.run_of(focus) if getattr(focus, "element_id", None) == element_id else 0

    def _select_whole_touchpoints(self) -> None:
        """A touchpoint drawn in several runs is one touchpoint: selecting one run (a click, a
        rubber band over part of it) selects and outlines every run."""
        if self._selecting_runs:
            return
        self._selecting_runs = True
        try:
            for element_id in self._runs:
                pieces = self.pieces(element_id)
                if any(piece.isSelected() for piece in pieces):
                    for piece in pieces:
                        piece.setSelected(True)
        finally:
            self._selecting_runs = False

    def card_ids(self) -> list[str]:
        return list(self._cards)

    def point_for(self, step_id: str) -> EmotionPointItem | None:
        return self._points.get(step_id)


def _parents(changes: tuple[Change, ...] | list[Change]) -> set[str]:
    """The elements an insert, remove or move changed the children of (a phase's steps):
    their lists changed in place, so a card that reads them cannot tell by its inputs."""
    parents: set[str | None] = set()
    for change in changes:
        if isinstance(change, Inserted | Removed):
            parents.add(change.parent)
        elif isinstance(change, Moved):
            parents.update((change.old_parent, change.new_parent))
    return {parent for parent in parents if parent is not None}


def with_point(line: list[Point], x: float, y: float | None) -> list[Point]:
    """``line`` (points left to right, one per x) with the point at ``x`` put at ``y``, or
    taken out when ``y`` is None; a new list, found by halving, not by walking the line."""
    at = bisect.bisect_left(line, (x, -math.inf))
    has = at < len(line) and line[at][0] == x
    new = [(x, y)] if y is not None else []
    return [*line[:at], *new, *line[at + 1 if has else at :]]


def card_rects(layout: Layout) -> dict[str, Rect]:
    """Every card's rectangle: the layout's boxes, plus a header over the label of each
    department's lane, so a department can be selected, renamed, dragged and deleted like
    any other element (the layout itself has no box for it)."""
    rects = {element_id: box.rect for element_id, box in layout.boxes.items()}
    rects.update(layout.lane_headers())
    return rects


class HeaderItem(QGraphicsItem):
    """Title, persona and scenario above the map."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self._rect = QRectF()

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        texts = header_texts(self.document.map)
        rect = self._rect
        painter.setPen(color(style.INK))
        width = rect.width() * 0.55
        title = fitted_lines(texts.title, style.TITLE_SIZE, True, width, 1)
        bottom = draw_lines(painter, title, rect.topLeft(), style.TITLE_SIZE, bold=True)
        painter.setPen(color(style.MUTED_INK))
        story = fitted_lines(texts.story, style.SUBTITLE_SIZE, False, width, 3)
        draw_lines(painter, story, QPointF(rect.left(), bottom + 4), style.SUBTITLE_SIZE)
        if texts.persona:
            left = rect.left() + width + 30
            room = rect.right() - left
            painter.setPen(color(style.INK))
            size = style.SUBTITLE_SIZE + 1
            name = fitted_lines(texts.persona, size, True, room, 1)
            below = draw_lines(painter, name, QPointF(left, rect.top() + 2), size, bold=True)
            painter.setPen(color(style.MUTED_INK))
            draw_lines(
                painter,
                fitted_lines(texts.about, style.SUBTITLE_SIZE, False, room, 4),
                QPointF(left, below + 2),
                style.SUBTITLE_SIZE,
                italic=True,
            )
