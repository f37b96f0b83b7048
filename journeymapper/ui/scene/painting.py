"""Small Qt helpers the scene items share: colours, rectangles, fonts, fitted text."""

from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from journeymapper.model.layout import Rect


@functools.lru_cache(maxsize=256)
def color(hex_code: str) -> QColor:
    """A QColor for a hex string; an unreadable colour from a file falls back to grey."""
    parsed = QColor(hex_code)
    return parsed if parsed.isValid() else QColor("#95a5a6")


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.width, rect.height)


@functools.lru_cache(maxsize=64)
def font(size: float, bold: bool = False, italic: bool = False) -> QFont:
    """A font sized in scene units (pixels at 100% zoom), like the layout's sizes."""
    result = QFont()
    result.setPixelSize(max(1, round(size)))
    result.setBold(bold)
    result.setItalic(italic)
    return result


@functools.lru_cache(maxsize=8192)
def fitted_lines(
    text: str, size: float, bold: bool, width: float, max_lines: int
) -> tuple[str, ...]:
    """Word-wrap ``text`` into at most ``max_lines`` lines of ``width``, eliding the last.

    Cached by content, so repainting a large map does not re-measure unchanged cards.
    """
    metrics = QFontMetricsF(font(size, bold))
    words = text.split()
    if max_lines <= 1:
        # The wrapping below only elides once a second line is allowed; a single line must
        # still show that something was cut, never end on a half phrase.
        return (metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width),)
    lines: list[str] = []
    current = ""
    for position, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[position:])
            break
    if current:
        lines.append(current)
    lines = lines[:max_lines]
    if lines:
        last = metrics.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)
        lines[-1] = last
        lines = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]
    return tuple(lines)


def draw_lines(
    painter: QPainter,
    lines: tuple[str, ...],
    origin: QPointF,
    size: float,
    bold: bool = False,
    italic: bool = False,
) -> float:
    """Draw lines downwards from ``origin`` (top left); returns the y below the last line."""
    painter.setFont(font(size, bold, italic))
    metrics = QFontMetricsF(painter.font())
    y = origin.y()
    for line in lines:
        y += metrics.ascent()
        painter.drawText(QPointF(origin.x(), y), line)
        y += metrics.descent() + 1
    return y
