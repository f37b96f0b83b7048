"""Faces onto a QPainter: the canvas's one painter, used by every scene item and so by the PNG
and SVG pictures drawn from the scene.

Nothing here decides what the map shows; the faces (``journeymapper.render``) do. This module
only turns their shapes into Qt primitives and fits each text into its box with Qt's font
metrics: wrap, shrink down to the text's floor, then end with an ellipsis.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from journeymapper.render.faces import Align, Face, Shape, ShapeFace, TextFace
from journeymapper.render.layout import Rect
from journeymapper.ui.scene.painting import color, font, qrect

SHRINK_STEPS = 4
_BOXES = frozenset({Shape.RECT, Shape.ROUND_RECT, Shape.ACCENT})
PILL_PADDING = 4.0  # inside a pill, either side of its text
# Below this many screen pixels a text is a grey smudge nobody reads: the zoomed-out canvas
# leaves it out, which on a large map in the fit view is most of the painting time.
MIN_TEXT_PX = 3.0


def detail_level(
    option: QStyleOptionGraphicsItem, painter: QPainter, widget: QWidget | None
) -> float:
    """Screen pixels per scene unit for an item painted on the canvas; 1.0 (everything
    drawn) for a picture of the scene (PNG, SVG), which must show what paper shows."""
    if widget is None:
        return 1.0
    return option.levelOfDetailFromTransform(painter.worldTransform())


# Finding markers, arrow heads: left out below this many screen pixels (radius, side).
MIN_MARKER_PX = 1.5


def readable(size: float, lod: float) -> bool:
    """Whether text of ``size`` scene units shows at detail level ``lod``."""
    return size * lod >= MIN_TEXT_PX


def paint_face(painter: QPainter, face: Face, lod: float = 1.0) -> None:
    """Draw ``face`` in scene coordinates (the painter's transform places it); texts too
    small to read at detail level ``lod`` are left out."""
    for shape in face.shapes:
        paint_shape(painter, shape)
    for text in face.texts:
        if readable(text.size, lod):
            paint_text(painter, text)


Boxes = list[tuple[QRectF, QColor]]


def face_boxes(face: Face) -> Boxes:
    """``face`` reduced to what shows when it is a few pixels wide: each filled shape as a
    plain box in its colour (an accent as its strip), no outline, corner or text."""
    boxes: Boxes = []
    for shape in face.shapes:
        if shape.fill is None or shape.shape not in _BOXES:
            continue
        rect = shape.rect
        if shape.shape is Shape.ACCENT:
            rect = Rect(rect.x, rect.y, shape.width, rect.height)
        boxes.append((qrect(rect), color(shape.fill)))
    return boxes


def paint_boxes(painter: QPainter, boxes: Boxes) -> None:
    """Fill each box in its colour (see ``face_boxes``)."""
    for rect, fill in boxes:
        painter.fillRect(rect, fill)


def paint_shape(painter: QPainter, shape: ShapeFace) -> None:
    painter.setPen(pen_for(shape))
    painter.setBrush(color(shape.fill) if shape.fill else Qt.BrushStyle.NoBrush)
    kind = shape.shape
    rect = qrect(shape.rect)
    if kind is Shape.RECT:
        painter.drawRect(rect)
    elif kind is Shape.ROUND_RECT:
        radius = min(shape.radius, rect.width() / 2, rect.height() / 2)
        painter.drawRoundedRect(rect, radius, radius)
    elif kind is Shape.ELLIPSE:
        painter.drawEllipse(rect)
    elif kind is Shape.ACCENT:
        _paint_accent(painter, shape)
    elif kind is Shape.POLYGON:
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in shape.points]))
    elif kind is Shape.SMOOTH:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(smooth_path(shape.points))
    else:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in shape.points]))


def pen_for(shape: ShapeFace) -> QPen | Qt.PenStyle:
    """The pen a shape's outline is drawn with (none without a stroke colour)."""
    if not shape.stroke:
        return Qt.PenStyle.NoPen
    pen = QPen(color(shape.stroke), shape.width)
    if shape.dash:
        # Qt measures a dash pattern in pen widths, the faces in layout units.
        width = max(shape.width, 0.1)
        pen.setDashPattern([max(0.1, part / width) for part in shape.dash])
    return pen


def _paint_accent(painter: QPainter, shape: ShapeFace) -> None:
    """The strip along a card's left edge: the card's rounded outline, clipped to the strip."""
    card = qrect(shape.rect)
    outline = QPainterPath()
    outline.addRoundedRect(card, shape.radius, shape.radius)
    strip = QPainterPath()
    strip.addRect(QRectF(card.left(), card.top(), shape.width, card.height()))
    painter.drawPath(outline.intersected(strip))


def smooth_path(points: Sequence[tuple[float, float]] | Sequence[QPointF]) -> QPainterPath:
    """Cubic segments with horizontal tangents: smooth, and never beyond its points, so the
    line cannot overshoot the scale the way a spline through the points can."""
    qpoints = [p if isinstance(p, QPointF) else QPointF(*p) for p in points]
    path = QPainterPath()
    if not qpoints:
        return path
    path.moveTo(qpoints[0])
    for before, after in itertools.pairwise(qpoints):
        middle = (before.x() + after.x()) / 2
        path.cubicTo(QPointF(middle, before.y()), QPointF(middle, after.y()), after)
    return path


# -- text --------------------------------------------------------------------------------------


def paint_text(painter: QPainter, text: TextFace) -> None:
    box = text.box
    if not text.text.strip() or box.width <= 0 or box.height <= 0:
        return
    if text.pill is not None:
        _paint_pill(painter, text)
        return
    lines, size = fit_lines(
        text.text,
        text.size,
        text.bold,
        text.italic,
        box.width,
        box.height,
        text.max_lines,
        text.floor,
    )
    painter.setPen(color(text.ink))
    qfont = font(size, text.bold, text.italic)
    painter.setFont(qfont)
    metrics = QFontMetricsF(qfont)
    y = box.y
    for line in lines:
        y += metrics.ascent()
        x = box.x
        if text.align is Align.CENTER:
            x += (box.width - metrics.horizontalAdvance(line)) / 2
        painter.drawText(QPointF(x, y), line)
        y += metrics.descent() + 1


def _paint_pill(painter: QPainter, text: TextFace) -> None:
    box = text.box
    room = box.width - 2 * PILL_PADDING
    lines, size = fit_lines(text.text, text.size, False, False, room, box.height, 1, text.floor)
    qfont = font(size)
    width = min(box.width, QFontMetricsF(qfont).horizontalAdvance(lines[0]) + 2 * PILL_PADDING)
    pill = QRectF(box.center_x - width / 2, box.y, width, box.height)
    painter.setPen(QPen(color(text.pill or text.ink), 1))
    painter.setBrush(color("#ffffff"))
    painter.drawRoundedRect(pill, box.height / 2, box.height / 2)
    painter.setPen(color(text.ink))
    painter.setFont(qfont)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, lines[0])


@functools.lru_cache(maxsize=8192)
def fit_lines(
    text: str,
    size: float,
    bold: bool,
    italic: bool,
    width: float,
    height: float,
    max_lines: int,
    floor: float,
) -> tuple[tuple[str, ...], float]:
    """``text`` wrapped into the box at ``size``, else at a smaller size down to ``floor``
    times it, else at that size with its end elided; returns the lines and the size.

    Cached by content, so repainting a large map does not re-measure unchanged cards.
    """
    words = text.split()
    smallest = size * min(1.0, floor)
    for step in range(SHRINK_STEPS):
        current = size - (size - smallest) * step / (SHRINK_STEPS - 1)
        metrics = QFontMetricsF(font(current, bold, italic))
        room = _lines_allowed(metrics, height, max_lines)
        lines, cut = _wrap(words, metrics, width, room)
        if not cut:
            return lines, current
    metrics = QFontMetricsF(font(smallest, bold, italic))
    lines, _ = _wrap(words, metrics, width, _lines_allowed(metrics, height, max_lines))
    return lines, smallest


def _lines_allowed(metrics: QFontMetricsF, height: float, max_lines: int) -> int:
    pitch = metrics.ascent() + metrics.descent() + 1
    room = max(1, math.floor((height + 1) / pitch))
    return min(room, max_lines) if max_lines else room


def _wrap(
    words: list[str], metrics: QFontMetricsF, width: float, room: int
) -> tuple[tuple[str, ...], bool]:
    """Words into at most ``room`` lines of ``width``; whether anything had to be cut."""
    lines: list[str] = []
    current = ""
    for position, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if metrics.horizontalAdvance(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if len(lines) == room:
            rest = " ".join(words[position:])
            return _elided(lines, rest, metrics, width), True
        current = word
    if current:
        lines.append(current)
    cut = any(metrics.horizontalAdvance(line) > width for line in lines)
    if cut:  # a single word wider than the box
        lines = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]
    return tuple(lines), cut


def _elided(lines: list[str], rest: str, metrics: QFontMetricsF, width: float) -> tuple[str, ...]:
    """The last line shows that text was cut: its end, with what did not fit, elided."""
    last = f"{lines[-1]} {rest}"
    lines[-1] = metrics.elidedText(last, Qt.TextElideMode.ElideRight, width)
    return tuple(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines)
