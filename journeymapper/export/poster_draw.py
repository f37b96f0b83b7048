"""The map itself on a reportlab canvas, drawn from the shared layout as the canvas paints it.

``MapPainter`` draws in layout units: the caller places the map with ``origin`` and ``scale``
and the painter maps layout (x, y), y growing downwards, to page (ox + x*s, oy - y*s). It
draws every band, card, the emotion curve with its zones, flows (handovers stand out), Moments
of Truth and finding markers, with the colours and type sizes of ``model.style``. The poster
and the report's map page both use it, so paper shows what the screen shows.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.pdfgen.canvas import Canvas

from journeymapper.export.fonts import BOLD, REGULAR, GlyphCheck
from journeymapper.export.pdf_text import (
    ASCENT,
    LINE_HEIGHT,
    MIN_SHARE,
    Fitted,
    fit_text,
    text_width,
    visual_order,
)
from journeymapper.export.poster_content import MapContent, TextPlacement, colour
from journeymapper.model import style
from journeymapper.model.analysis import Finding, Severity
from journeymapper.model.elements import (
    CustomerStep,
    Phase,
    ProcessStep,
    Touchpoint,
    format_duration,
)
from journeymapper.model.layout import (
    Band,
    BandKind,
    Point,
    Rect,
    arrow_head,
    card_rects,
    phase_rects,
    step_rects,
)

MARKER_RADIUS = 7.0
POINT_RADIUS = 7.0
MOMENT_RADIUS = 10.0
UNSERVED_RING = 14.0
CARD_BORDER = "#d5d8dc"
BAND_RULE = "#e5e8e8"
# A text box cut by a window's edge to less than this width (layout units) is not drawn there.
SLIVER = 40.0


class MapPainter:
    """Draws one map onto a canvas; counts what it drew for the benchmark."""

    def __init__(
        self,
        canv: Canvas,
        content: MapContent,
        glyphs: GlyphCheck,
        origin: tuple[float, float] = (0.0, 0.0),
        scale: float = 1.0,
        trace: list[TextPlacement] | None = None,
        window: Rect | None = None,
        floors: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        self.canv = canv
        self.content = content
        self.glyphs = glyphs
        self.origin = origin
        self.scale = scale
        self.trace = trace
        self.shapes = 0
        self.strings = 0
        self.shortened = 0
        # Only this part of the layout is drawn (one row of a wrapped poster): shapes are
        # clipped to it and texts outside it are left out, so no hidden text reaches the PDF.
        self.window = window
        # The smallest printed sizes (points on paper) of titles and of detail lines: text is
        # shortened with an ellipsis rather than shrunk below them.
        self.floors = floors

    @contextmanager
    def placed(self) -> Iterator[None]:
        """Within this block, drawing calls take layout (or top-down page) coordinates."""
        canv = self.canv
        canv.saveState()
        canv.translate(*self.origin)
        canv.scale(self.scale, self.scale)
        canv.setLineJoin(1)
        if self.window is not None:
            clip = canv.beginPath()
            window = self.window
            clip.rect(window.x, -window.bottom, window.width, window.height)
            canv.clipPath(clip, stroke=0, fill=0)
        try:
            yield
        finally:
            canv.restoreState()

    def draw(self) -> None:
        """The whole map, in the canvas's stacking order."""
        layout = self.content.layout
        with self.placed():
            for band in layout.bands:
                self._band(band)
            self._emotion_frame()
            self._curve_line()
            for card_id, rect in layout.cards():  # every run of a touchpoint in pieces
                if self._shown(rect):
                    self._card(card_id, rect)
            for arrow in layout.arrows:
                if not self._shown(_bounds(arrow.points)):
                    continue  # another row's: clipped away, and drawing it costs time
                self._arrow(arrow.points, arrow.handover)
                if arrow.label_box is not None:
                    self._flow_label(arrow.label, arrow.label_box, arrow.handover)
            self._points()
            self._markers()

    def _shown(self, rect: Rect) -> bool:
        """Whether ``rect`` reaches into the part of the layout this painter shows."""
        window = self.window
        return window is None or (
            rect.x <= window.right
            and window.x <= rect.right
            and rect.y <= window.bottom
            and window.y <= rect.bottom
        )

    # -- primitives ----------------------------------------------------------------------------

    def _rect(self, rect: Rect, fill: str | None, stroke: str | None, width: float = 1.0) -> None:
        self._paint(fill, stroke, width)
        self.canv.rect(
            rect.x, -rect.bottom, rect.width, rect.height, stroke=bool(stroke), fill=bool(fill)
        )
        self.shapes += 1

    def _round_rect(
        self, rect: Rect, fill: str | None, stroke: str | None, width: float = 1.0
    ) -> None:
        self._paint(fill, stroke, width)
        radius = min(style.CARD_RADIUS, rect.width / 2, rect.height / 2)
        self.canv.roundRect(
            rect.x,
            -rect.bottom,
            rect.width,
            rect.height,
            radius,
            stroke=bool(stroke),
            fill=bool(fill),
        )
        self.shapes += 1

    def _paint(self, fill: str | None, stroke: str | None, width: float) -> None:
        if fill:
            self.canv.setFillColor(colour(fill))
        if stroke:
            self.canv.setStrokeColor(colour(stroke))
            self.canv.setLineWidth(width)

    def text(
        self,
        text: str,
        where: str,
        box: Rect,
        *,
        font: str = REGULAR,
        size: float = style.CARD_TITLE_SIZE,
        ink: str = style.INK,
        max_lines: int = 0,
        min_share: float = MIN_SHARE,
        detail: bool = False,
    ) -> Fitted:
        """Draw ``text`` inside ``box`` (wrap, shrink, ellipsis); returns what was drawn.
        A shortened ``detail`` line (repeating what the legend and tables say) is not counted
        among the shortened texts the user is warned about."""
        if self.window is not None:
            if not self.window.overlaps(box):
                return Fitted((), size, False)
            # A card or phase cut by the window's edge keeps its text inside the part shown;
            # shortened there, it is no text that did not fit its card (the tables have it).
            clipped = _clipped(box, self.window)
            if clipped != box and clipped.width < min(box.width / 2, SLIVER):
                return Fitted((), size, False)  # a sliver (a label reaching past its column)
            detail = detail or clipped != box
            box = clipped
        floor = self.floors[1] if detail or size <= style.CARD_DETAIL_SIZE else self.floors[0]
        if floor > 0:
            min_share = max(min_share, min(1.0, floor / (size * self.scale)))
        printable = self.glyphs.printable(text, where)
        fitted = fit_text(printable, font, size, box.width, box.height, max_lines, min_share)
        if not fitted.lines:
            return fitted
        self.canv.setFillColor(colour(ink))
        self.canv.setFont(font, fitted.size)
        pitch = LINE_HEIGHT * fitted.size
        for n, line in enumerate(fitted.lines):
            top = box.y + n * pitch
            self.canv.drawString(box.x, -(top + ASCENT * fitted.size), visual_order(line))
            if self.trace is not None:
                width = text_width(line, font, fitted.size)
                line_rect = self._to_page(Rect(box.x, top, width, pitch))
                self.trace.append(TextPlacement(line, line_rect, self._to_page(box)))
        self.strings += len(fitted.lines)
        self.shortened += fitted.shortened and not detail
        return fitted

    def _to_page(self, rect: Rect) -> Rect:
        ox, oy = self.origin
        s = self.scale
        return Rect(ox + rect.x * s, oy - rect.bottom * s, rect.width * s, rect.height * s)

    # -- bands ---------------------------------------------------------------------------------

    def _band(self, band: Band) -> None:
        rect = band.rect
        if band.kind is BandKind.HEADER:
            return
        label_box = band.label_rect
        if self.window is not None and not self.window.x <= label_box.x <= self.window.right:
            # A row's columns show the band, its label column the label (once per row).
            label_box = Rect(label_box.x, label_box.y, 0, 0)
        if band.kind is BandKind.VISIBILITY:
            self.canv.setDash(6, 4)
            self._line(
                (rect.x, rect.center_y), (rect.right, rect.center_y), 1.5, style.VISIBILITY_LINE
            )
            self.canv.setDash()
            self.text(
                band.label,
                "a band label",
                label_box,
                size=style.BAND_LABEL_SIZE,
                ink=style.MUTED_INK,
                max_lines=1,
            )
            return
        self._rect(rect, style.BAND_FILL[band.kind.value], None)
        self._line((rect.x, rect.bottom), (rect.right, rect.bottom), 1.0, BAND_RULE)
        ink = style.PHASE_INK if band.kind is BandKind.PHASES else style.INK
        where = f"department '{band.label}'" if band.kind is BandKind.LANE else "a band label"
        self.text(
            band.label,
            where,
            label_box,
            font=BOLD,
            size=style.BAND_LABEL_SIZE,
            ink=ink,
            max_lines=2 if band.kind is BandKind.PHASES else 0,
        )

    def _line(
        self, start: tuple[float, float], end: tuple[float, float], width: float, ink: str
    ) -> None:
        self.canv.setStrokeColor(colour(ink))
        self.canv.setLineWidth(width)
        self.canv.line(start[0], -start[1], end[0], -end[1])
        self.shapes += 1

    # -- emotion curve -------------------------------------------------------------------------

    def _emotion_frame(self) -> None:
        layout = self.content.layout
        scale = self.content.journey.scale
        area = layout.emotion_area
        if area.height <= 0:
            return
        zones: list[tuple[float, float, str, str]] = []
        if scale.okay_band is not None:
            zones.append((scale.okay_band[1], scale.okay_band[0], style.OKAY_BAND, "okay"))
        if scale.excellent_from is not None:
            zones.append((scale.maximum, scale.excellent_from, style.EXCELLENT_ZONE, "9+"))
        for high, low, fill, label in zones:
            top, bottom = layout.value_to_y(high), layout.value_to_y(low)
            zone = Rect(area.x, top, area.width, max(0.0, bottom - top))
            self._rect(zone, fill, None)
            self.text(
                label,
                "",
                Rect(zone.right - 34, zone.y + 1, 32, zone.height - 1),
                size=style.CARD_DETAIL_SIZE,
                ink=style.MUTED_INK,
                max_lines=1,
            )
        neutral = layout.value_to_y(scale.neutral)
        self.canv.setDash(5, 3)
        self._line((area.x, neutral), (area.right, neutral), 1.2, style.NEUTRAL_LINE)
        self.canv.setDash()
        for value in (scale.minimum, scale.neutral, scale.maximum):
            y = layout.value_to_y(value)
            size = style.CARD_DETAIL_SIZE
            self.text(
                f"{value:g}",
                "",
                Rect(area.x - 30, y - size * 0.6, 26, size * 1.2),
                size=size,
                ink=style.MUTED_INK,
                max_lines=1,
            )

    def _curve_line(self) -> None:
        points = [(p.x, p.y) for p in self.content.layout.curve]
        if len(points) < 2:
            return
        path = self.canv.beginPath()
        path.moveTo(points[0][0], -points[0][1])
        # Horizontal tangents at every point, as on screen: smooth and never overshooting.
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            middle = (x0 + x1) / 2
            path.curveTo(middle, -y0, middle, -y1, x1, -y1)
        self.canv.setStrokeColor(colour(style.CURVE))
        self.canv.setLineWidth(2.5)
        self.canv.drawPath(path, stroke=1, fill=0)
        self.shapes += 1

    def _points(self) -> None:
        content = self.content
        layout = content.layout
        valued = {p.step_id: p for p in layout.curve}
        neutral = layout.value_to_y(content.journey.scale.neutral)
        for step in content.journey.steps():
            box = layout.boxes.get(step.id)
            if box is None:
                continue
            point = valued.get(step.id)
            x, y = (point.x, point.y) if point else (box.rect.center_x, neutral)
            if step.id in content.moments:
                self.moment(x, y, served=content.moments[step.id])
            self._point(x, y, valued=point is not None)

    def _point(self, x: float, y: float, *, valued: bool) -> None:
        canv = self.canv
        if valued:
            canv.setFillColor(colour(style.CURVE_POINT))
            canv.setStrokeColor(colour(style.PAPER))
        else:
            canv.setFillColor(colour(style.PAPER))
            canv.setStrokeColor(colour(style.CURVE_POINT))
            canv.setDash(1.5, 2)
        canv.setLineWidth(1.5)
        canv.circle(x, -y, POINT_RADIUS, stroke=1, fill=1)
        canv.setDash()
        self.shapes += 1

    def moment(self, x: float, y: float, *, served: bool) -> None:
        """A diamond around the point; without a touchpoint red, and doubled so that it
        stands out on a grey print as well."""
        ink = style.MOMENT_OF_TRUTH if served else style.MOMENT_UNSERVED
        self._diamond(x, y, MOMENT_RADIUS, ink, 3.0)
        if not served:
            self._diamond(x, y, UNSERVED_RING, ink, 1.5)

    def _diamond(self, x: float, y: float, radius: float, ink: str, width: float) -> None:
        path = self.canv.beginPath()
        path.moveTo(x, -(y - radius))
        path.lineTo(x + radius, -y)
        path.lineTo(x, -(y + radius))
        path.lineTo(x - radius, -y)
        path.close()
        self.canv.setStrokeColor(colour(ink))
        self.canv.setLineWidth(width)
        self.canv.drawPath(path, stroke=1, fill=0)
        self.shapes += 1

    # -- cards ---------------------------------------------------------------------------------

    def _card(self, element_id: str, rect: Rect) -> None:
        element = self.content.elements.get(element_id)
        if isinstance(element, Phase):
            self._phase(rect, element)
        elif isinstance(element, CustomerStep):
            self._step(rect, element)
        elif isinstance(element, Touchpoint):
            self._touchpoint(rect, element)
        elif isinstance(element, ProcessStep):
            self._process_step(rect, element)

    def _phase(self, rect: Rect, phase: Phase) -> None:
        body, title, _ = phase_rects(rect)
        self._round_rect(body, style.PHASE_FILL, None)
        self.text(
            phase.title,
            f"phase '{phase.title}'",
            title,
            font=BOLD,
            size=style.PHASE_SIZE,
            ink=style.PHASE_INK,
            max_lines=2,
        )

    def _step(self, rect: Rect, step: CustomerStep) -> None:
        self._round_rect(rect, style.STEP_FILL, style.STEP_BORDER, 1.0)
        details = []
        if step.moment_of_truth:
            details.append("★ Moment of Truth")
        if step.pain_points:
            count = len(step.pain_points)
            details.append(f"{count} pain point{'s' if count > 1 else ''}")
        _, title_box, detail_box = step_rects(rect, bool(details))
        self.text(
            step.title, f"step '{step.title}'", title_box, font=BOLD, size=style.STEP_TITLE_SIZE
        )
        if detail_box is not None:
            ink = style.MOMENT_OF_TRUTH if step.moment_of_truth else style.MUTED_INK
            self.text(
                " · ".join(details),
                "",
                detail_box,
                size=style.CARD_DETAIL_SIZE,
                ink=ink,
                max_lines=1,
                min_share=0.85,
                detail=True,
            )

    def _touchpoint(self, rect: Rect, touchpoint: Touchpoint) -> None:
        channel = self.content.channels.get(touchpoint.channel or "")
        owner = self.content.departments.get(touchpoint.owner or "")
        accent = channel.color if channel else style.MUTED_INK
        parts = (
            self.content.layout.run_label(touchpoint.id, rect),
            channel.name if channel else "",
            owner.name if owner else "no owner",
            touchpoint.kind.value,
        )
        self._plain_card(
            rect,
            accent,
            touchpoint.title,
            f"touchpoint '{touchpoint.title}'",
            " · ".join(p for p in parts if p),
        )

    def _process_step(self, rect: Rect, step: ProcessStep) -> None:
        department = self.content.departments.get(step.department)
        accent = department.color if department else style.MUTED_INK
        detail = format_duration(step.duration, short=True) if step.duration else ""
        self._plain_card(rect, accent, step.title, f"process step '{step.title}'", detail)

    def _plain_card(self, rect: Rect, accent: str, title: str, where: str, detail: str) -> None:
        """A white card with a coloured bar at its left edge, a bold title and a detail line."""
        self._round_rect(rect, style.CARD_FILL, CARD_BORDER, 1.0)
        self._accent_bar(rect, accent)
        _, title_box, detail_box = card_rects(rect, bool(detail))
        self.text(title, where, title_box, font=BOLD, size=style.CARD_TITLE_SIZE)
        if detail_box is not None:
            self.text(
                detail,
                where,
                detail_box,
                size=style.CARD_DETAIL_SIZE,
                ink=style.MUTED_INK,
                max_lines=1,
                min_share=0.85,
                detail=True,
            )

    def _accent_bar(self, rect: Rect, accent: str) -> None:
        """The coloured bar along the card's left edge, following its rounded corners."""
        radius = min(style.CARD_RADIUS, rect.height / 2, style.ACCENT_WIDTH)
        # 0.55: the control-point share that makes a cubic curve a quarter circle.
        bend = radius * 0.55
        x, top, bottom = rect.x, -rect.y, -rect.bottom
        right = x + style.ACCENT_WIDTH
        path = self.canv.beginPath()
        path.moveTo(right, top)
        path.lineTo(x + radius, top)
        path.curveTo(x + radius - bend, top, x, top - radius + bend, x, top - radius)
        path.lineTo(x, bottom + radius)
        path.curveTo(x, bottom + radius - bend, x + radius - bend, bottom, x + radius, bottom)
        path.lineTo(right, bottom)
        path.close()
        self.canv.setFillColor(colour(accent))
        self.canv.drawPath(path, stroke=0, fill=1)
        self.shapes += 1

    # -- flows and markers ---------------------------------------------------------------------

    def _arrow(self, points: tuple[Point, ...], handover: bool) -> None:
        canv = self.canv
        ink = colour(style.HANDOVER if handover else style.FLOW)
        canv.setStrokeColor(ink)
        canv.setFillColor(ink)
        canv.setLineWidth(2.4 if handover else 1.3)
        if handover:
            canv.setDash(7, 4)
        path = canv.beginPath()
        path.moveTo(points[0][0], -points[0][1])
        for x, y in points[1:]:
            path.lineTo(x, -y)
        canv.drawPath(path, stroke=1, fill=0)
        if handover:
            canv.setDash()
        (tip_x, tip_y), *sides = arrow_head(points)
        head = canv.beginPath()
        head.moveTo(tip_x, -tip_y)
        for x, y in sides:
            head.lineTo(x, -y)
        head.close()
        canv.drawPath(head, stroke=0, fill=1)
        self.shapes += 2

    def _flow_label(self, label: str, box: Rect, handover: bool) -> None:
        """The label in a pill on the line, as wide as its text (shortened to the room)."""
        size = style.CARD_DETAIL_SIZE
        printable = self.glyphs.printable(label, "a flow label")
        fitted = fit_text(printable, REGULAR, size, box.width - 8, box.height, 1, 0.85)
        if not fitted.lines:
            return
        width = min(box.width, text_width(fitted.lines[0], REGULAR, fitted.size) + 8)
        pill = Rect(box.center_x - width / 2, box.y, width, box.height)
        ink = style.HANDOVER if handover else style.FLOW
        self._paint(style.PAPER, ink, 1.0)
        self.canv.roundRect(pill.x, -pill.bottom, pill.width, pill.height, box.height / 2, 1, 1)
        self.shapes += 1
        text_box = Rect(
            pill.x + 4, box.center_y - fitted.size * LINE_HEIGHT / 2, width - 7, box.height
        )
        self.text(
            label, "a flow label", text_box, size=size, max_lines=1, min_share=0.85, detail=True
        )

    def _markers(self) -> None:
        content = self.content
        for card_id, rect in content.layout.cards():
            findings = content.findings.get(card_id)
            if findings:
                self.marker(rect.right, rect.y, findings)
        for arrow in content.layout.arrows:
            findings = content.findings.get(arrow.flow_id)
            if findings:
                self.marker(*arrow.marker_at, findings)

    def marker(self, x: float, y: float, findings: list[Finding]) -> None:
        """A disc in the colour of the worst finding, with the number of findings."""
        worst = max((f.severity for f in findings), key=lambda s: s.rank)
        self.disc(x, y, worst, str(len(findings)) if len(findings) < 10 else "+")

    def disc(self, x: float, y: float, severity: Severity, label: str) -> None:
        if self.window is not None and not self.window.overlaps(
            Rect(x - MARKER_RADIUS, y - MARKER_RADIUS, 2 * MARKER_RADIUS, 2 * MARKER_RADIUS)
        ):
            return
        canv = self.canv
        canv.setFillColor(colour(style.SEVERITY_COLOUR[severity]))
        canv.setStrokeColor(colour(style.PAPER))
        canv.setLineWidth(1.5)
        canv.circle(x, -y, MARKER_RADIUS, stroke=1, fill=1)
        canv.setFillColor(colour(style.PAPER))
        canv.setFont(BOLD, 9)
        canv.drawCentredString(x, -(y + 3.2), label)
        self.shapes += 1
        self.strings += 1


def _clipped(box: Rect, window: Rect) -> Rect:
    """The part of ``box`` inside ``window`` (which it overlaps)."""
    left, top = max(box.x, window.x), max(box.y, window.y)
    right, bottom = min(box.right, window.right), min(box.bottom, window.bottom)
    return Rect(left, top, right - left, bottom - top)


def _bounds(points: tuple[Point, ...]) -> Rect:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
