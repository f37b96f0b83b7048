"""The map on a reportlab canvas: the shared face model turned into PDF primitives.

``MapPainter`` draws in layout units: the caller places the map with ``origin`` and ``scale``
and the painter maps layout (x, y), y growing downwards, to page (ox + x*s, oy - y*s). What is
drawn (content, colours, sizes, markers) comes from ``render`` faces, the same the canvas
paints; this module only emits shapes and fits each text into its box with the PDF font's
metrics. The poster and the report's map page both use it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

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
from journeymapper.model.analysis import Severity
from journeymapper.render import style
from journeymapper.render.card_faces import disc_face
from journeymapper.render.curve_faces import point_face
from journeymapper.render.faces import Align, Face, FaceKind, Shape, ShapeFace, TextFace
from journeymapper.render.layout import Rect

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
        self.shortened_where: list[str] = []  # what each shortened text is, for the warning
        # What this painter drew, as (kind, key) of each face: tests compare it with the
        # canvas's faces.
        self.drawn: list[tuple[str, str]] = []
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
        """The whole map: every face of the shared face model, bottom layer first."""
        with self.placed():
            # Only the faces that reach into the window: another row's are clipped away.
            for face in self.content.face_index.within(self.window):
                self.face(face)

    def face(self, face: Face) -> None:
        """Draw one face: its shapes, then its texts."""
        self.drawn.append((face.kind.value, face.key))
        for shape in face.shapes:
            self.draw_shape(shape)
        texts = face.texts
        if face.kind is FaceKind.BAND and self.window is not None and texts:
            label = texts[0].box
            if not self.window.x <= label.x <= self.window.right:
                # A row's columns show the band, its label column the label (once per row).
                texts = texts[1:]
        # A detail line (max_lines 1) may take the room its card's title left free above it:
        # a short title leaves a line or two in which a long detail need not be cut short.
        # Every card's detail line prints at one size, the smallest its floor allows
        # (wrapping, then cutting, rather than each card shrinking its own line), so the
        # detail lines of neighbouring cards match.
        free_from: float | None = None
        for text in texts:
            room = 0.0
            card_detail = face.kind in _CARDS and text.detail and text.max_lines == 1
            if card_detail and free_from is not None:
                room = max(0.0, text.box.y - free_from)
            fitted = self._text_face(text, room, fixed=card_detail)
            if fitted is None:
                free_from = None  # a pill: nothing to reckon with
                continue
            used = text.box.y + max(1, len(fitted.lines)) * LINE_HEIGHT * fitted.size
            free_from = used if free_from is None else max(free_from, used)

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

    def draw_shape(self, shape: ShapeFace) -> None:
        canv = self.canv
        if shape.fill:
            canv.setFillColor(colour(shape.fill))
        if shape.stroke:
            canv.setStrokeColor(colour(shape.stroke))
            canv.setLineWidth(shape.width)
        if shape.dash:
            canv.setDash(*shape.dash)
        stroke, fill = int(bool(shape.stroke)), int(bool(shape.fill))
        rect = shape.rect
        kind = shape.shape
        if kind is Shape.RECT:
            canv.rect(rect.x, -rect.bottom, rect.width, rect.height, stroke=stroke, fill=fill)
        elif kind is Shape.ROUND_RECT:
            radius = min(shape.radius, rect.width / 2, rect.height / 2)
            canv.roundRect(
                rect.x, -rect.bottom, rect.width, rect.height, radius, stroke=stroke, fill=fill
            )
        elif kind is Shape.ELLIPSE:
            canv.ellipse(rect.x, -rect.bottom, rect.right, -rect.y, stroke=stroke, fill=fill)
        elif kind is Shape.ACCENT:
            canv.drawPath(self._accent_path(shape), stroke=0, fill=1)
        else:
            closed = kind is Shape.POLYGON
            canv.drawPath(self._path(shape), stroke=stroke, fill=fill if closed else 0)
        if shape.dash:
            canv.setDash()
        self.shapes += 1

    def _path(self, shape: ShapeFace) -> PDFPathObject:
        points = shape.points
        path = self.canv.beginPath()
        path.moveTo(points[0][0], -points[0][1])
        if shape.shape is Shape.SMOOTH:
            # Horizontal tangents at every point, as on screen: smooth, never overshooting.
            for (x0, y0), (x1, y1) in itertools.pairwise(points):
                middle = (x0 + x1) / 2
                path.curveTo(middle, -y0, middle, -y1, x1, -y1)
            return path
        for x, y in points[1:]:
            path.lineTo(x, -y)
        if shape.shape is Shape.POLYGON:
            path.close()
        return path

    def _accent_path(self, shape: ShapeFace) -> PDFPathObject:
        """The strip along a card's left edge, following its rounded corners."""
        rect = shape.rect
        radius = min(shape.radius, rect.height / 2, shape.width)
        # 0.55: the control-point share that makes a cubic curve a quarter circle.
        bend = radius * 0.55
        x, top, bottom = rect.x, -rect.y, -rect.bottom
        right = x + shape.width
        path = self.canv.beginPath()
        path.moveTo(right, top)
        path.lineTo(x + radius, top)
        path.curveTo(x + radius - bend, top, x, top - radius + bend, x, top - radius)
        path.lineTo(x, bottom + radius)
        path.curveTo(x, bottom + radius - bend, x + radius - bend, bottom, x + radius, bottom)
        path.lineTo(right, bottom)
        path.close()
        return path

    def _text_face(
        self, text: TextFace, room_above: float = 0.0, *, fixed: bool = False
    ) -> Fitted | None:
        """Draw one text of a face; a ``fixed`` text is drawn at its smallest size (its
        floor share, or the printed detail floor if that is larger) and does not shrink."""
        if text.pill is not None:
            self._pill(text)
            return None
        size, share = text.size, text.floor
        if fixed:
            least = self.floors[1] / self.scale if self.floors[1] > 0 else 0.0
            size, share = min(text.size, max(text.size * text.floor, least)), 1.0
        return self.text(
            text.text,
            text.where,
            text.box,
            font=BOLD if text.bold else REGULAR,
            size=size,
            ink=text.ink,
            max_lines=text.max_lines,
            min_share=share,
            detail=text.detail,
            centred=text.align is Align.CENTER,
            room_above=room_above,
        )

    def _pill(self, text: TextFace) -> None:
        """A text in a rounded frame as wide as the text (shortened to its box): a flow's
        label on its line."""
        box = text.box
        printable = self.glyphs.printable(text.text, text.where)
        fitted = fit_text(printable, REGULAR, text.size, box.width - 8, box.height, 1, text.floor)
        if not fitted.lines:
            return
        width = min(box.width, text_width(fitted.lines[0], REGULAR, fitted.size) + 8)
        pill = Rect(box.center_x - width / 2, box.y, width, box.height)
        frame = ShapeFace(
            Shape.ROUND_RECT, pill, fill=style.PAPER, stroke=text.pill, radius=box.height / 2
        )
        self.draw_shape(frame)
        inner = Rect(
            pill.x + 4, box.center_y - fitted.size * LINE_HEIGHT / 2, width - 7, box.height
        )
        self.text(
            text.text,
            text.where,
            inner,
            size=text.size,
            ink=text.ink,
            max_lines=1,
            min_share=text.floor,
            detail=True,
        )

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
        centred: bool = False,
        room_above: float = 0.0,
    ) -> Fitted:
        """Draw ``text`` inside ``box`` (wrap, shrink, ellipsis); returns what was drawn.
        Every shortened text is counted and named by ``where`` for the user's warning; a
        ``detail`` text only keeps the smaller detail floor. A one-line text that does not
        fit may wrap upwards into ``room_above`` (free room of its card above the box), its
        last line where the one line would be."""
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
        # Titles (card title size and up) keep the title floor; smaller body text, such as
        # a pain point's or an idea's words on its note, the detail floor.
        small = detail or size < style.CARD_TITLE_SIZE
        floor = self.floors[1] if small else self.floors[0]
        if floor > 0:
            min_share = max(min_share, min(1.0, floor / (size * self.scale)))
        printable = self.glyphs.printable(text, where)
        fitted = fit_text(printable, font, size, box.width, box.height, max_lines, min_share)
        if fitted.shortened and max_lines == 1 and room_above > 0:
            fitted, box = _upwards(fitted, printable, (font, size), box, room_above, min_share)
        if not fitted.lines:
            return fitted
        self.canv.setFillColor(colour(ink))
        self.canv.setFont(font, fitted.size)
        pitch = LINE_HEIGHT * fitted.size
        for n, line in enumerate(fitted.lines):
            top = box.y + n * pitch
            width = text_width(line, font, fitted.size)
            left = box.x + (box.width - width) / 2 if centred else box.x
            self.canv.drawString(left, -(top + ASCENT * fitted.size), visual_order(line))
            if self.trace is not None:
                line_rect = self._to_page(Rect(left, top, width, pitch))
                self.trace.append(TextPlacement(line, line_rect, self._to_page(box)))
        self.strings += len(fitted.lines)
        if fitted.shortened:
            # Every text that ends in '…' is counted, details too: the warning must name
            # each one, or the user cannot tell that a printed line is incomplete.
            self.shortened += 1
            self.shortened_where.append(where)
        return fitted

    def _to_page(self, rect: Rect) -> Rect:
        ox, oy = self.origin
        s = self.scale
        return Rect(ox + rect.x * s, oy - rect.bottom * s, rect.width * s, rect.height * s)

    # -- for the legend ------------------------------------------------------------------------

    def moment(self, x: float, y: float, *, served: bool) -> None:
        """A Moment-of-Truth mark at (x, y), as the map draws it around a step's point."""
        for shape in point_face("", x, y, True, "served" if served else "unserved").shapes[:-1]:
            self.draw_shape(shape)  # the diamonds without the point itself

    def disc(self, x: float, y: float, severity: Severity, label: str) -> None:
        """A finding marker at (x, y), as the map draws it on a card."""
        face = disc_face("", x, y, severity, label, "")
        if self._shown(face.box):
            self.face(face)


# The faces that are cards: a title above its detail lines, in one column.
_CARDS = frozenset(
    {
        FaceKind.STEP,
        FaceKind.TOUCHPOINT,
        FaceKind.PROCESS_STEP,
        FaceKind.METRIC,
        FaceKind.INITIATIVE,
    }
)


def _upwards(
    fitted: Fitted,
    text: str,
    font: tuple[str, float],
    box: Rect,
    room: float,
    min_share: float,
) -> tuple[Fitted, Rect]:
    """``text`` (in ``font``: name and size), shortened to one line in ``box``, wrapped
    into the ``room`` above the box as well: the lines and their box (ending where the one
    line ends) where it then shows more of it (whole, or cut after more lines), else the one
    shortened line in ``box``."""
    pitch = LINE_HEIGHT * fitted.size
    # The lines may use the whole box below the room (its bottom is the card's text edge).
    tall = Rect(box.x, box.y - room, box.width, box.height + room)
    whole = fit_text(text, font[0], font[1], box.width, tall.height, 0, min_share)
    if len(whole.lines) < 2:
        return fitted, box
    used = len(whole.lines) * LINE_HEIGHT * whole.size
    # The last line where the one line would be, unless the block needs the box's foot.
    top = max(tall.y, box.y + pitch - used)
    return whole, Rect(box.x, top, box.width, box.bottom - top)


def _clipped(box: Rect, window: Rect) -> Rect:
    """The part of ``box`` inside ``window`` (which it overlaps)."""
    left, top = max(box.x, window.x), max(box.y, window.y)
    right, bottom = min(box.right, window.right), min(box.bottom, window.bottom)
    return Rect(left, top, right - left, bottom - top)
