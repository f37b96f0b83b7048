"""What presentation mode draws over the map, in viewport pixels, so a room can read it.

Zoomed to one phase, the map's own label column has scrolled away to the left and the phase
headers away to the top once the lanes are in view. This overlay pins them: a column at the
left with the label of every band in view (a lane with its department's colour, the emotion
band with its scale numbers and zones) at the band's current height on screen, a strip at
the top with the phases' titles once their band is scrolled off, and a small legend in the
bottom right corner. It is computed from the view's transform at each paint, so it follows
every scroll, zoom and relayout. The dividers between phases are drawn in the scene instead
(``PhaseDividers``), under the cards and the flows routed through the gaps.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from journeymapper.model.elements import EmotionScale
from journeymapper.model.layout import Band, BandKind, Layout
from journeymapper.render import style
from journeymapper.ui.presentation_legend import MARGIN_PX, PresentationLegend
from journeymapper.ui.scene.flows import FlowItem
from journeymapper.ui.scene.items import CardItem
from journeymapper.ui.scene.notes import NoteItem
from journeymapper.ui.scene.painting import color, fitted_lines, font

if TYPE_CHECKING:
    from journeymapper.ui.scene import JourneyScene
    from journeymapper.ui.view import JourneyView

MIN_TEXT_PX = 10  # below this a label is left out rather than drawn unreadable
ACCENT_PX = 8  # the department's colour bar at a lane label's left
PAD_PX = 10  # inside a pinned cell
COLUMN_EDGE = "#bdc3c7"


@dataclass(frozen=True)
class PinnedLabel:
    """One label as drawn: its text, where on the viewport, and the band it names."""

    text: str
    rect: QRectF
    kind: BandKind
    element_id: str | None = None
    colour: str | None = None  # the department's colour, for a lane


@dataclass(frozen=True)
class FittedLabel:
    """A label fitted into its box on the viewport: the type size chosen and its lines."""

    text: str
    box: QRectF
    size: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class _Frame:
    """Where things are on the viewport at this paint."""

    width: float
    height: float
    column: float  # the right edge of the pinned column; 0 when it is not shown
    top: float  # the bottom of the pinned phase strip; 0 when it is not shown
    transform: QTransform


_LEGEND_PLACES = 7  # places tried for the legend along the bottom, then the top, of the room


class PresentationOverlay:
    """Pinned band labels, scale, phase titles and dividers, and a legend for one view."""

    def __init__(self, view: JourneyView) -> None:
        self.view = view
        self.legend = PresentationLegend(lambda: view.journey_scene.document.map)
        self.show_legend = True  # L hides it when it covers what the room is looking at

    # -- sizes ---------------------------------------------------------------------------------

    def column_width(self) -> int:
        """The pinned column's width: room for a department's name, wrapped, in readable type
        on a projector, without taking much of the map's width (192 px of 1600)."""
        width = self.view.viewport().width()
        return round(min(220.0, max(160.0, width * 0.12)))

    def text_px(self) -> int:
        """The labels' type size: a little over 2% of the screen's height."""
        return round(min(24.0, max(14.0, self.view.viewport().height() / 48)))

    def strip_height(self) -> int:
        """The height of the phase strip pinned at the top once the phases scroll off."""
        return round(self.text_px() * 2.2)

    def _detail_px(self) -> int:
        """The scale numbers' size, as the map has them beside its labels: smaller."""
        return max(12, round(self.text_px() * 0.75))

    def _legend_px(self) -> int:
        """The legend's type: readable, and small enough to cover little of the map."""
        return round(min(15.0, max(11.0, self.view.viewport().height() / 75)))

    # -- what is drawn ------------------------------------------------------------------------

    def _layout(self) -> Layout:
        return self.view.journey_scene.layout

    def _frame(self) -> _Frame:
        viewport = self.view.viewport()
        transform = self.view.viewportTransform()
        layout = self._layout()
        bands = [b for b in layout.bands if b.kind is not BandKind.HEADER]
        column = 0.0
        left = transform.map(QPointF(bands[0].rect.x, 0)).x() if bands else 0.0
        # The map's own labels are cut off at the left, or shown in small print beside the
        # blank room the view keeps for the pinned column, or the map runs on past the right
        # edge (a phase shown, the labels in part under the column): pin them, covering up
        # to the map's first column so no second, smaller label shows.
        right = transform.map(QPointF(layout.width, 0)).x() if bands else 0.0
        cut = left < -0.5 or left >= self.column_width() or right > viewport.width() + 0.5
        if bands and cut:
            label_column_end = transform.map(QPointF(layout.columns_left, 0)).x() - 3
            column = max(float(self.column_width()), label_column_end)
        phases = _band(layout, BandKind.PHASES)
        top = 0.0
        if phases is not None and transform.map(QPointF(0, phases.rect.y)).y() < -0.5:
            top = float(self.strip_height())
        return _Frame(viewport.width(), viewport.height(), column, top, transform)

    def pinned_labels(self) -> list[PinnedLabel]:
        """The cells of the pinned column, one per band in view (the phases band's cell is
        the corner of the phase strip while that is shown); empty when the map's own labels
        are in view."""
        frame = self._frame()
        if not frame.column:
            return []
        cells = []
        colours = {d.id: d.color for d in self.view.journey_scene.document.map.departments}
        for band in self._layout().bands:
            if band.kind is BandKind.HEADER:
                continue
            rect = self._cell(frame, band)
            if rect is not None:
                colour = colours.get(band.element_id or "") if band.kind is BandKind.LANE else None
                cells.append(PinnedLabel(band.label, rect, band.kind, band.element_id, colour))
        return cells

    def _cell(self, frame: _Frame, band: Band) -> QRectF | None:
        """The band's part of the pinned column on the viewport, None when out of view."""
        if band.kind is BandKind.PHASES and frame.top:
            return QRectF(0, 0, frame.column, frame.top)
        y_top = frame.transform.map(QPointF(0, band.rect.y)).y()
        y_bottom = frame.transform.map(QPointF(0, band.rect.bottom)).y()
        top, bottom = max(y_top, frame.top), min(y_bottom, frame.height)
        if bottom - top < 1:
            return None
        return QRectF(0, top, frame.column, bottom - top)

    def scale_labels(self) -> list[tuple[str, QRectF]]:
        """The emotion scale's numbers and zone names pinned in the emotion band's cell, at
        their height on screen; empty when the map's own scale is in view."""
        frame = self._frame()
        cell = next((c for c in self.pinned_labels() if c.kind is BandKind.EMOTION), None)
        if cell is None:
            return []
        scale = self.view.journey_scene.document.map.scale
        layout = self._layout()
        metrics = QFontMetricsF(font(self._detail_px()))
        ticks = (scale.maximum, scale.neutral, scale.minimum)
        number_width = max(metrics.horizontalAdvance(f"{v:g}") for v in ticks) + 2
        right = frame.column - PAD_PX
        placed: list[tuple[str, QRectF]] = []
        for value in ticks:
            y = frame.transform.map(QPointF(0, layout.value_to_y(value))).y()
            box = QRectF(
                right - number_width, y - metrics.height() / 2, number_width, metrics.height()
            )
            placed.append((f"{value:g}", box))
        # Named here even while the curve's own zone labels are in view: those are at the
        # map's scale, a few pixels high on a projector beside these large numbers.
        for text, low, high in _zones(scale):
            y_top = frame.transform.map(QPointF(0, layout.value_to_y(high))).y()
            y_bottom = frame.transform.map(QPointF(0, layout.value_to_y(low))).y()
            width = metrics.horizontalAdvance(text) + 2
            centre = (y_top + y_bottom) / 2
            x = right - number_width - PAD_PX - width
            placed.append((text, QRectF(x, centre - metrics.height() / 2, width, metrics.height())))
        return [(t, r) for t, r in placed if cell.rect.contains(r)]

    def phase_titles(self) -> list[tuple[str, QRectF]]:
        """The titles in the pinned phase strip, each over its phase's columns as far as
        they are in view; empty while the phases band itself is in view."""
        frame = self._frame()
        if not frame.top:
            return []
        titles = []
        layout = self._layout()
        for phase in self.view.journey_scene.document.map.phases:
            box = layout.boxes.get(phase.id)
            if box is None:
                continue
            left = frame.transform.map(QPointF(box.rect.x, 0)).x()
            right = frame.transform.map(QPointF(box.rect.right, 0)).x()
            left, right = max(left, frame.column), min(right, frame.width)
            if right - left >= 2 * PAD_PX:
                titles.append((phase.title, QRectF(left, 0, right - left, frame.top)))
        return titles

    def phase_dividers(self) -> list[QLineF]:
        """The dividers between phases (drawn by ``PhaseDividers`` in the scene) as far as
        they show on the viewport: right of the pinned column, below the phase strip."""
        frame = self._frame()
        lines = []
        for x, top, bottom in self._layout().dividers:
            line = frame.transform.map(QLineF(x, top, x, bottom))
            y1, y2 = max(line.y1(), frame.top), min(line.y2(), frame.height)
            if frame.column < line.x1() < frame.width and y2 > y1:
                lines.append(QLineF(line.x1(), y1, line.x1(), y2))
        return lines

    def legend_entries(self) -> list[tuple[str, QRectF]]:
        """The legend's entries and where each is drawn (the bottom right corner); none
        while the legend is hidden."""
        if not self.show_legend:
            return []
        frame = self._frame()
        return self.legend.entries(
            frame.width, frame.height, self._legend_px(), self._legend_corner(frame)
        )

    def legend_box(self) -> QRectF | None:
        """The legend's frame on the viewport; None while it is hidden."""
        if not self.show_legend:
            return None
        frame = self._frame()
        return self.legend.box(
            frame.width, frame.height, self._legend_px(), self._legend_corner(frame)
        )

    def _legend_corner(self, frame: _Frame) -> QPointF:
        """The top left of the legend: the first place along the bottom of the map's room,
        then along its top, from right to left, where it hides no card and no arrow; else
        where it hides the fewest cards, then the fewest arrows. A legend over a card hides
        what the room is being shown, over an arrow a handover the facilitator points at."""
        size = self.legend.box(frame.width, frame.height, self._legend_px()).size()
        left, right = frame.column + MARGIN_PX, frame.width - MARGIN_PX - size.width()
        top, bottom = frame.top + MARGIN_PX, frame.height - MARGIN_PX - size.height()
        if right < left or bottom < top:
            return QPointF(right, bottom)  # no room beside the pinned parts: where it was
        steps = _LEGEND_PLACES - 1
        xs = [right - (right - left) * n / steps for n in range(_LEGEND_PLACES)]
        places = [QPointF(x, y) for y in (bottom, top) for x in xs]
        hidden = []
        for place in places:
            hidden.append(self._hidden_under(QRectF(place, size)))
            if hidden[-1] == (0, 0):
                return place
        return places[hidden.index(min(hidden))]

    def _hidden_under(self, box: QRectF) -> tuple[int, int]:
        """How many cards and notes, then how many arrows, the viewport rectangle ``box``
        lies over (an arrow by its drawn line, not its bounding box)."""
        view = self.view
        cards = arrows = 0
        for item in view.items(box.toAlignedRect(), Qt.ItemSelectionMode.IntersectsItemShape):
            if isinstance(item, CardItem | NoteItem):
                drawn = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
                cards += QRectF(drawn).intersects(box)
            elif isinstance(item, FlowItem):
                arrows += 1
        return cards, arrows

    def covers(self, point: QPointF) -> bool:
        """Whether the viewport point is under the pinned column, the phase strip or the
        legend, where the map below cannot be seen."""
        frame = self._frame()
        if point.y() < frame.top:
            return True
        cells = self.pinned_labels()
        if cells and point.x() < frame.column:
            return (
                min(c.rect.top() for c in cells) <= point.y() <= max(c.rect.bottom() for c in cells)
            )
        return self.show_legend and self.legend.box(
            frame.width, frame.height, self._legend_px(), self._legend_corner(frame)
        ).contains(point)

    # -- painting -----------------------------------------------------------------------------

    def paint(self, painter: QPainter) -> None:
        """Draw the pinned parts and the legend, in viewport pixels."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        frame = self._frame()
        self._paint_strip(painter, frame)
        self._paint_column(painter, frame)
        if self.show_legend:
            self.legend.paint(
                painter, frame.width, frame.height, self._legend_px(), self._legend_corner(frame)
            )

    def _paint_strip(self, painter: QPainter, frame: _Frame) -> None:
        if not frame.top:
            return
        painter.fillRect(QRectF(0, 0, frame.width, frame.top), color(style.PHASE_FILL))
        size = self.text_px()
        painter.setFont(font(size, bold=True))
        for title, rect in self.phase_titles():
            inner = rect.adjusted(PAD_PX, 0, -PAD_PX, 0)
            (line,) = fitted_lines(title, size, True, inner.width(), 1)
            painter.setPen(color(style.PHASE_INK))
            painter.drawText(
                inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, line
            )
            painter.setPen(QPen(_alpha(style.PHASE_INK, 90), 1))
            painter.drawLine(QLineF(rect.left(), 6, rect.left(), frame.top - 6))

    def _paint_column(self, painter: QPainter, frame: _Frame) -> None:
        cells = self.pinned_labels()
        if not cells:
            return
        # One paper-coloured column under the cells, so the gaps between bands are covered.
        first = min(c.rect.top() for c in cells if c.kind is not BandKind.PHASES or not frame.top)
        last = max(c.rect.bottom() for c in cells)
        painter.fillRect(QRectF(0, first, frame.column, last - first), color(style.PAPER))
        for cell in cells:
            self._paint_cell(painter, cell)
        self._paint_internal(painter, cells)
        painter.setPen(QPen(color(COLUMN_EDGE), 2))
        painter.drawLine(QLineF(frame.column, frame.top, frame.column, last))
        painter.setPen(color(style.MUTED_INK))
        painter.setFont(font(self._detail_px()))
        for text, rect in self.scale_labels():
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text
            )

    def _paint_cell(self, painter: QPainter, cell: PinnedLabel) -> None:
        rect = cell.rect
        if cell.kind is BandKind.VISIBILITY:
            self._paint_visibility(painter, cell)
            return
        if cell.kind is BandKind.INTERNAL:
            return  # over the lanes' cells, once they are painted (``_paint_internal``)
        painter.fillRect(rect, color(style.BAND_FILL.get(cell.kind.value, style.PAPER)))
        if cell.kind is BandKind.EMOTION:
            self._paint_zones(painter, rect)
        left = rect.left() + PAD_PX
        if cell.colour is not None:
            accent = QRectF(rect.left(), rect.top(), ACCENT_PX, rect.height())
            painter.fillRect(accent, color(cell.colour))
            left += ACCENT_PX
        width = rect.right() - left - PAD_PX
        if cell.kind is BandKind.PHASES:  # white on the phases' dark ground
            # In the corner of the phase strip, centred as the strip's titles are; in its
            # band, at the top as the phases' own titles are.
            corner = rect.top() == 0 and rect.height() == self.strip_height()
            inset = 0.0 if corner else PAD_PX / 2
            box = QRectF(left, rect.top() + inset, width, rect.height() - 2 * inset)
            self._label(painter, cell.text, box, color(style.PHASE_INK), centred=corner)
        else:
            label = self._name_label(cell, width)
            if label is not None:
                self._draw_label(painter, label, color(style.INK), italic=False)

    def _name_label(self, cell: PinnedLabel, width: float) -> FittedLabel | None:
        """A band's or lane's name at the top of its cell, above the line of internal
        interaction's label where that reaches into the cell."""
        rect = cell.rect
        bottom = rect.bottom() - PAD_PX / 2
        internal = next((c for c in self.pinned_labels() if c.kind is BandKind.INTERNAL), None)
        line = self._line_label(internal) if internal is not None else None
        if line is not None and rect.top() < line.box.top() < rect.bottom():
            bottom = min(bottom, line.box.top() - 2)
        return self._name_in(cell, width, bottom)

    def _name_in(self, cell: PinnedLabel, width: float, bottom: float) -> FittedLabel | None:
        """The cell's name fitted between the top of its cell and ``bottom``."""
        rect = cell.rect
        box = QRectF(rect.right() - PAD_PX - width, rect.top() + PAD_PX / 2, width, 0.0)
        box.setBottom(bottom)
        return self._fit(cell.text, box)

    def name_labels(self) -> list[FittedLabel]:
        """The names of the bands and lanes in the pinned column, as drawn (the boxes are the
        room each was fitted into)."""
        found = []
        for cell in self.pinned_labels():
            if cell.kind in (BandKind.PHASES, BandKind.VISIBILITY, BandKind.INTERNAL):
                continue
            left = cell.rect.left() + PAD_PX + (ACCENT_PX if cell.colour is not None else 0)
            label = self._name_label(cell, cell.rect.right() - left - PAD_PX)
            if label is not None:
                found.append(label)
        return found

    def _paint_visibility(self, painter: QPainter, cell: PinnedLabel) -> None:
        """The dashed line through the middle of its band, the label above it, as on the map."""
        band = _band(self._layout(), BandKind.VISIBILITY)
        if band is None:
            return
        rect = cell.rect
        middle = self.view.viewportTransform().map(QPointF(0, band.rect.center_y)).y()
        if rect.top() <= middle <= rect.bottom():
            painter.setPen(QPen(color(style.VISIBILITY_LINE), 2, Qt.PenStyle.DashLine))
            painter.drawLine(QLineF(rect.left(), middle, rect.right(), middle))
        label = self._line_label(cell)
        if label is not None:
            self._draw_label(painter, label, color(style.MUTED_INK), italic=True)

    def _paint_internal(self, painter: QPainter, cells: list[PinnedLabel]) -> None:
        """The line of internal interaction across the column, its label above the line at
        the line of visibility's size: it names a boundary as important to the room."""
        cell = next((c for c in cells if c.kind is BandKind.INTERNAL), None)
        if cell is None:
            return
        middle = cell.rect.center().y()
        painter.setPen(QPen(color(style.INTERNAL_LINE), 2, Qt.PenStyle.DashLine))
        painter.drawLine(QLineF(cell.rect.left(), middle, cell.rect.right(), middle))
        label = self._line_label(cell)
        if label is not None:
            self._draw_label(painter, label, color(style.MUTED_INK), italic=True)

    def line_labels(self) -> list[FittedLabel]:
        """The labels of the line of visibility and the line of internal interaction as the
        pinned column draws them, above their lines, both in boxes of one height."""
        found = []
        for cell in self.pinned_labels():
            if cell.kind in (BandKind.VISIBILITY, BandKind.INTERNAL):
                label = self._line_label(cell)
                if label is not None:
                    found.append(label)
        return found

    def _line_label(self, cell: PinnedLabel) -> FittedLabel | None:
        """A line band's label just above its line, in room for two lines of the scale's
        size, whatever the band's height on screen: both lines are as thin at every zoom, and
        their names must be as readable as the rest of the column. The box reaches up into
        the band above, whose name is at its top."""
        band = _band(self._layout(), cell.kind)
        if band is None:
            return None
        middle = self.view.viewportTransform().map(QPointF(0, band.rect.center_y)).y()
        internal = cell.kind is BandKind.INTERNAL
        size = self._detail_px() if internal else self._line_px()
        candidates = self._line_labels_to_try(cell, middle, size)
        first = next(candidates, None)
        if first is None:
            return None
        above = self._lane_above(middle) if internal else None
        if above is None:
            return first
        # The lane above keeps its name whole: the label takes less room (one line, then
        # smaller type) until the name fits whole above it, else it stays as it was.
        left = above.rect.left() + PAD_PX + (ACCENT_PX if above.colour is not None else 0)
        width = above.rect.right() - left - PAD_PX
        for label in (first, *candidates):
            name = self._name_in(above, width, min(above.rect.bottom(), label.box.top()) - 2)
            if _whole(label) and name is not None and _whole(name):
                return label
        return first

    def _line_px(self) -> int:
        """The size both lines' labels start at: the scale's, or the line of internal
        interaction's when that had to be smaller, so the two lines are named alike."""
        size = self._detail_px()
        internal = next((c for c in self.pinned_labels() if c.kind is BandKind.INTERNAL), None)
        if internal is None:
            return size
        own = self._line_label(internal)  # the internal line decides its size alone
        return size if own is None else min(size, own.size)

    def _line_labels_to_try(
        self, cell: PinnedLabel, middle: float, size: int
    ) -> Iterator[FittedLabel]:
        """A line's label right above the line at ``middle``: first in room for two lines of
        ``size`` (smaller if it must), then in one line, of ``size`` down to the smallest."""
        left = cell.rect.left() + PAD_PX
        width = cell.rect.right() - left - PAD_PX
        spacing = QFontMetricsF(font(size, italic=True)).lineSpacing()
        tries = [(2 * spacing + 2, size)]
        for smaller in range(size, MIN_TEXT_PX - 1, -1):
            tries.append((QFontMetricsF(font(smaller, italic=True)).lineSpacing() + 1, smaller))
        for height, start in tries:
            box = QRectF(left, middle - height, width, height)
            label = self._fit(cell.text, box, italic=True, start=start)
            if label is None:
                continue
            # Down to the line: its box is the lines it takes, right above the line.
            used = len(label.lines) * QFontMetricsF(font(label.size, italic=True)).lineSpacing()
            box = QRectF(box.left(), middle - used - 2, box.width(), used)
            yield FittedLabel(label.text, box, label.size, label.lines)

    def _lane_above(self, middle: float) -> PinnedLabel | None:
        """The lane whose cell ends just above the line at viewport y ``middle`` (the line
        runs in the gap between two lanes)."""
        lanes = [
            c
            for c in self.pinned_labels()
            if c.kind is BandKind.LANE and c.rect.top() < middle <= c.rect.bottom() + PAD_PX
        ]
        return max(lanes, key=lambda c: c.rect.bottom(), default=None)

    def _paint_zones(self, painter: QPainter, cell: QRectF) -> None:
        """The scale's zones continue under the pinned column, behind the numbers."""
        transform = self.view.viewportTransform()
        layout = self._layout()
        for text, low, high in _zones(self.view.journey_scene.document.map.scale):
            top = transform.map(QPointF(0, layout.value_to_y(high))).y()
            bottom = transform.map(QPointF(0, layout.value_to_y(low))).y()
            zone = QRectF(cell.left(), top, cell.width(), bottom - top).intersected(cell)
            fill = style.OKAY_BAND if text == "okay" else style.EXCELLENT_ZONE
            painter.fillRect(zone, color(fill))

    def _label(
        self,
        painter: QPainter,
        text: str,
        box: QRectF,
        ink: QColor,
        italic: bool = False,
        centred: bool = False,
    ) -> None:
        """The band's name wrapped into ``box`` (see ``_fit``)."""
        label = self._fit(text, box, italic)
        if label is not None:
            self._draw_label(painter, label, ink, italic, centred)

    def _fit(
        self, text: str, box: QRectF, italic: bool = False, start: int = 0
    ) -> FittedLabel | None:
        """The band's name wrapped into ``box`` at the labels' size (or ``start``); smaller
        when the band is short on screen or a word would be cut (down to 70%, then it is
        elided); None when even the smallest size does not fit the band's height."""
        bold = not italic
        chosen: tuple[int, tuple[str, ...]] | None = None
        for size in range(start or self.text_px(), MIN_TEXT_PX - 1, -1):
            line_height = QFontMetricsF(font(size, bold=bold, italic=italic)).lineSpacing()
            lines = min(int(box.height() // line_height), 3)
            if lines < 1:
                continue
            chosen = size, fitted_lines(text, size, bold, box.width(), lines)
            if not any(line.endswith("\u2026") for line in chosen[1]):
                break  # whole words, nothing cut
            if size < self.text_px() * 0.7:
                break  # smaller would be unreadable from the back of the room
        if chosen is None:
            return None
        return FittedLabel(text, box, chosen[0], chosen[1])

    @staticmethod
    def _draw_label(
        painter: QPainter, label: FittedLabel, ink: QColor, italic: bool, centred: bool = False
    ) -> None:
        painter.setPen(ink)
        painter.setFont(font(label.size, bold=not italic, italic=italic))
        flags = Qt.AlignmentFlag.AlignLeft | (
            Qt.AlignmentFlag.AlignVCenter if centred else Qt.AlignmentFlag.AlignTop
        )
        painter.drawText(label.box, flags, "\n".join(label.lines))


class PhaseDividers(QGraphicsItem):
    """A line in the gap between each two phases, over every band: drawn in the scene over
    the bands' grounds and under the cards, arrows and curve, so a flow routed through the
    gap stays on top and readable. Never under the mouse."""

    def __init__(self, scene: JourneyScene) -> None:
        super().__init__()
        self.journey_scene = scene
        self.setZValue(-5)  # the bands are at -10, cards, flows and the curve at 0 and up
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._rect = scene.sceneRect()
        scene.sceneRectChanged.connect(self._follow)

    def detach(self) -> None:
        """Stop following the scene and leave it."""
        self.journey_scene.sceneRectChanged.disconnect(self._follow)
        self.journey_scene.removeItem(self)

    def _follow(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._rect = rect

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return QPainterPath()  # clicks and double-clicks go to what is under the line

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if widget is None:
            return  # a picture exported while presenting is the map as it is, undecorated
        pen = QPen(_alpha(style.PHASE_FILL, 200), 3)
        pen.setCosmetic(True)  # as thick at every zoom
        painter.setPen(pen)
        for x, top, bottom in self.journey_scene.layout.dividers:
            painter.drawLine(QLineF(x, top, x, bottom))


def _whole(label: FittedLabel) -> bool:
    """Whether a fitted label shows its text whole (wrapped perhaps, never cut short)."""
    return not any(line.endswith("\u2026") for line in label.lines)


def _band(layout: Layout, kind: BandKind) -> Band | None:
    return next((b for b in layout.bands if b.kind is kind), None)


def _zones(scale: EmotionScale) -> list[tuple[str, float, float]]:
    """The shaded zones of the scale as (label, low value, high value), as the curve has
    them: "9+" from the excellent grade up, "okay" over the okay band."""
    zones = []
    if scale.excellent_from is not None:
        zones.append((f"{scale.excellent_from:g}+", scale.excellent_from, scale.maximum))
    if scale.okay_band is not None:
        zones.append(("okay", scale.okay_band[0], scale.okay_band[1]))
    return zones


def _alpha(hex_code: str, alpha: int) -> QColor:
    result = QColor(color(hex_code))
    result.setAlpha(alpha)
    return result
