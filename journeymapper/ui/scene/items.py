"""Canvas items for bands and element cards: thin views that read the Document to paint.

An item keeps its element's id and nothing that saving or undo needs; geometry comes from
the layout, text and colours from the Document at paint time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from journeymapper.model import style
from journeymapper.model.analysis import Finding, Severity
from journeymapper.model.elements import (
    CustomerStep,
    Department,
    Phase,
    ProcessStep,
    Touchpoint,
    format_duration,
)
from journeymapper.model.kinds import Kind, display_name
from journeymapper.model.layout import (
    Band,
    BandKind,
    Rect,
    card_rects,
    phase_rects,
    step_rects,
)
from journeymapper.ui.scene.painting import color, draw_lines, fitted_lines, qrect

if TYPE_CHECKING:
    from journeymapper.ui.scene.journey_scene import JourneyScene

MARKER_RADIUS = 7.0
# What a card's tooltip adds about handling it with the mouse.
_HINTS = {
    "process_step": "\nDrag from the dot at the right edge to another process step to connect "
    "them.",
    "department": "\nDrag up or down to reorder the lanes; double-click to rename.",
}


class BandItem(QGraphicsItem):
    """The background of one band with its label at the left."""

    def __init__(self, band: Band) -> None:
        super().__init__()
        self.band = band
        self.setZValue(-10)

    def boundingRect(self) -> QRectF:
        return qrect(self.band.rect)

    def set_band(self, band: Band) -> None:
        if band != self.band:
            self.prepareGeometryChange()
            self.band = band
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = qrect(self.band.rect)
        label = self.band.label_rect
        kind = self.band.kind
        if kind is BandKind.VISIBILITY:
            pen = QPen(color(style.VISIBILITY_LINE), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(
                QPointF(rect.left(), rect.center().y()), QPointF(rect.right(), rect.center().y())
            )
            painter.setPen(color(style.MUTED_INK))
            draw_lines(
                painter,
                (self.band.label,),
                QPointF(label.x, label.y),
                style.BAND_LABEL_SIZE,
                italic=True,
            )
            return
        if kind is BandKind.HEADER:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color(style.BAND_FILL[kind.value]))
        painter.drawRect(rect)
        painter.setPen(QPen(color("#e5e8e8"), 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.setPen(color(style.PHASE_INK if kind is BandKind.PHASES else style.INK))
        lines = fitted_lines(self.band.label, style.BAND_LABEL_SIZE, True, label.width, 2)
        draw_lines(
            painter,
            lines,
            QPointF(label.x, label.y),
            style.BAND_LABEL_SIZE,
            bold=True,
        )


class CardItem(QGraphicsItem):
    """A phase, customer step, touchpoint or process step on the canvas."""

    def __init__(self, scene: JourneyScene, element_id: str, kind: Kind, rect: Rect) -> None:
        super().__init__()
        self.journey_scene = scene
        self.element_id = element_id
        self.kind = kind
        self.rect = rect
        self._bounds = _card_bounds(rect)
        self.findings: list[Finding] = []
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1)
        self.refresh()

    def boundingRect(self) -> QRectF:
        return self._bounds  # Qt asks often; computed once per move

    def set_rect(self, rect: Rect) -> None:
        if rect != self.rect:
            self.prepareGeometryChange()
            self.rect = rect
            self._bounds = _card_bounds(rect)

    def refresh(self) -> None:
        """Re-read the element (after a change of title, colour, owner ...)."""
        tip = self._tooltip()
        tip += _HINTS.get(self.kind, "")
        self.setToolTip(tip)
        self.update()

    def set_findings(self, findings: list[Finding]) -> None:
        if findings != self.findings:
            self.findings = findings
            self.refresh()

    def _tooltip(self) -> str:
        element = self.journey_scene.document.get(self.element_id)
        title = display_name(element)
        messages = [f"{f.severity.value}: {f.message}" for f in self.findings]
        return "\n".join([title, *messages])

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        element = self.journey_scene.document.get(self.element_id)
        rect = qrect(self.rect)
        if isinstance(element, Phase):
            self._paint_phase(painter, element)
        elif isinstance(element, CustomerStep):
            self._paint_step(painter, rect, element)
        elif isinstance(element, Touchpoint):
            self._paint_touchpoint(painter, rect, element)
        elif isinstance(element, ProcessStep):
            self._paint_process_step(painter, rect, element)
        elif isinstance(element, Department):
            self._paint_lane_header(painter, rect, element)
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(color(style.SELECTION), 2.5))
            painter.drawRoundedRect(
                rect.adjusted(-1, -1, 1, 1), style.CARD_RADIUS, style.CARD_RADIUS
            )
        self._paint_marker(painter, rect)

    def _paint_phase(self, painter: QPainter, phase: Phase) -> None:
        body, title, _ = phase_rects(self.rect)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color(style.PHASE_FILL))
        painter.drawRoundedRect(qrect(body), style.CARD_RADIUS, style.CARD_RADIUS)
        painter.setPen(color(style.PHASE_INK))
        lines = fitted_lines(phase.title, style.PHASE_SIZE, True, title.width, 2)
        draw_lines(painter, lines, QPointF(title.x, title.y), style.PHASE_SIZE, bold=True)

    def _paint_step(self, painter: QPainter, rect: QRectF, step: CustomerStep) -> None:
        painter.setPen(QPen(color(style.STEP_BORDER), 1))
        painter.setBrush(color(style.STEP_FILL))
        painter.drawRoundedRect(rect, style.CARD_RADIUS, style.CARD_RADIUS)
        details = _step_details(step)
        _, title, detail = step_rects(self.rect, bool(details))
        # A third title line would run into the detail line, so a step with details keeps two.
        title_lines = 2 if details else 3
        painter.setPen(color(style.INK))
        lines = fitted_lines(step.title, style.STEP_TITLE_SIZE, True, title.width, title_lines)
        draw_lines(painter, lines, QPointF(title.x, title.y), style.STEP_TITLE_SIZE, bold=True)
        if detail is not None:
            painter.setPen(
                color(style.MOMENT_OF_TRUTH if step.moment_of_truth else style.MUTED_INK)
            )
            line = fitted_lines(details, style.CARD_DETAIL_SIZE, False, detail.width, 1)
            draw_lines(painter, line, QPointF(detail.x, detail.y), style.CARD_DETAIL_SIZE)

    def _paint_lane_header(self, painter: QPainter, rect: QRectF, department: Department) -> None:
        """The lane's label is drawn by its band; the header adds the department's colour, so
        the lane reads as the owner of the process steps accented in that colour."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color(department.color))
        painter.drawRect(QRectF(rect.left(), rect.top(), style.ACCENT_WIDTH, rect.height()))

    def _paint_touchpoint(self, painter: QPainter, rect: QRectF, touchpoint: Touchpoint) -> None:
        document = self.journey_scene.document
        channel = document.get(touchpoint.channel) if touchpoint.channel else None
        owner = document.get(touchpoint.owner) if touchpoint.owner else None
        accent = getattr(channel, "color", style.MUTED_INK)
        detail = " · ".join(
            part
            for part in (
                self.journey_scene.layout.run_label(self.element_id, self.rect),
                getattr(channel, "name", ""),
                getattr(owner, "name", "no owner"),
                touchpoint.kind.value,
            )
            if part
        )
        self._paint_card(painter, rect, accent, touchpoint.title, detail)

    def _paint_process_step(self, painter: QPainter, rect: QRectF, step: ProcessStep) -> None:
        department = self.journey_scene.document.get(step.department)
        accent = getattr(department, "color", style.MUTED_INK)
        detail = format_duration(step.duration, short=True) if step.duration else ""
        self._paint_card(painter, rect, accent, step.title, detail)
        # The handle a flow is dragged out of (see tools.ConnectFlowTool).
        painter.setPen(QPen(color(accent), 1.5))
        painter.setBrush(color(style.PAPER))
        painter.drawEllipse(QPointF(rect.right() - 6, rect.center().y()), 3.5, 3.5)

    def _paint_card(
        self, painter: QPainter, rect: QRectF, accent: str, title: str, detail: str
    ) -> None:
        path = QPainterPath()
        path.addRoundedRect(rect, style.CARD_RADIUS, style.CARD_RADIUS)
        painter.setPen(QPen(color("#d5d8dc"), 1))
        painter.setBrush(color(style.CARD_FILL))
        painter.drawPath(path)
        painter.save()
        painter.setClipPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color(accent))
        painter.drawRect(QRectF(rect.left(), rect.top(), style.ACCENT_WIDTH, rect.height()))
        painter.restore()
        _, title_rect, detail_rect = card_rects(self.rect, bool(detail))
        painter.setPen(color(style.INK))
        lines = fitted_lines(title, style.CARD_TITLE_SIZE, True, title_rect.width, 2)
        top_left = QPointF(title_rect.x, title_rect.y)
        draw_lines(painter, lines, top_left, style.CARD_TITLE_SIZE, bold=True)
        if detail_rect is not None:
            painter.setPen(color(style.MUTED_INK))
            width = detail_rect.width
            detail_lines = fitted_lines(detail, style.CARD_DETAIL_SIZE, False, width, 1)
            top_left = QPointF(detail_rect.x, detail_rect.y)
            draw_lines(painter, detail_lines, top_left, style.CARD_DETAIL_SIZE)

    def _paint_marker(self, painter: QPainter, rect: QRectF) -> None:
        if not self.findings:
            return
        worst = max((f.severity for f in self.findings), key=lambda s: s.rank)
        paint_marker(painter, QPointF(rect.right(), rect.top()), worst, len(self.findings))


def _card_bounds(rect: Rect) -> QRectF:
    """The card plus room for its finding marker at the top right corner."""
    return QRectF(
        rect.x - 2,
        rect.y - MARKER_RADIUS - 2,
        rect.width + MARKER_RADIUS + 4,
        rect.height + MARKER_RADIUS + 4,
    )


def paint_marker(painter: QPainter, center: QPointF, severity: Severity, count: int) -> None:
    """A finding marker: a disc in the severity's colour with the number of findings."""
    painter.setPen(QPen(color("#ffffff"), 1.5))
    painter.setBrush(QBrush(color(style.SEVERITY_COLOUR[severity])))
    painter.drawEllipse(center, MARKER_RADIUS, MARKER_RADIUS)
    painter.setPen(color("#ffffff"))
    draw_lines(
        painter, (str(count) if count < 10 else "+",), center + QPointF(-3.2, -6.5), 10, bold=True
    )


def _step_details(step: CustomerStep) -> str:
    """The small line at the bottom of a step card: its Moment-of-Truth mark and pain points."""
    details = []
    if step.moment_of_truth:
        details.append("★ Moment of Truth")
    if step.pain_points:
        count = len(step.pain_points)
        details.append(f"{count} pain point" + ("s" if count > 1 else ""))
    return " · ".join(details)
