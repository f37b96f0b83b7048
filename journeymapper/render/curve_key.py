"""The key of the emotion curves: each curve's name beside a sample of its line, in the label
column of the emotion band, so a reader of the poster (or a glance at the canvas) can tell the
customer's curve from the employee's and today's from the future without the legend.
"""

from __future__ import annotations

import math

from journeymapper.model.elements import EmotionCurve, JourneyMap
from journeymapper.render import style
from journeymapper.render.curve_faces import TICK_WIDTH, curve_label, curve_look, shown_curves
from journeymapper.render.faces import Face, FaceKind, Shape, ShapeFace, TextFace
from journeymapper.render.layout import LABEL_INSET, LABEL_WIDTH, BandKind, Layout, Rect

KEY_TOP = 30.0  # below the band's own label
SWATCH = 14.0
# As large as a card's details: on a poster the key is read from as far away as the cards.
KEY_SIZE = style.CARD_DETAIL_SIZE
LINE_PITCH = KEY_SIZE * 1.2  # a line of the key's text, with the painters' line spacing
ENTRY_GAP = 4.0
# An upper bound of the width of an average character against the type size (the sans fonts
# the painters use average about 0.55): a curve's name gets as many lines as it can need, so
# no painter has to shrink or cut it.
CHAR_WIDTH = 0.62


def curve_key_face(journey: JourneyMap, layout: Layout) -> Face | None:
    """The key, or None when the map has no curve or no emotion band shows."""
    band = next((b for b in layout.bands if b.kind is BandKind.EMOTION), None)
    shown = shown_curves(journey)
    if band is None or not shown:
        return None
    left = band.rect.x + LABEL_INSET
    width = LABEL_WIDTH - LABEL_INSET - TICK_WIDTH - 10
    top = band.rect.y + KEY_TOP
    bottom = band.rect.bottom - 4
    if bottom - top < LINE_PITCH or width <= SWATCH:
        return None
    shapes: list[ShapeFace] = []
    texts: list[TextFace] = []
    curves = [curve for _, curve in shown]
    text_width = width - SWATCH - 4
    y = top
    entries, counted = _entries(curves, text_width, bottom - top)
    for index, label in enumerate(entries):
        lines = _lines(label, text_width)
        height = lines * LINE_PITCH + 2
        if not (counted and index == len(entries) - 1):  # "+2 more curves" has no line
            look = curve_look(shown[index][0], curves[index])
            middle = y + KEY_SIZE * 0.7
            shapes.append(
                ShapeFace(
                    Shape.LINE,
                    points=((left, middle), (left + SWATCH, middle)),
                    stroke=look.colour,
                    width=look.width,
                    dash=look.dash,
                )
            )
        box = Rect(left + SWATCH + 4, y, text_width, height)
        where = f"the emotion band's key to curve '{label}'"
        texts.append(TextFace(label, box, KEY_SIZE, ink=style.INK, max_lines=lines, where=where))
        y += height + ENTRY_GAP
    if not texts:
        return None
    tooltip = "\n".join(curve_label(curve) for curve in curves)
    box = Rect(left, top, width, y - ENTRY_GAP - top)
    return Face(FaceKind.CURVE_KEY, "curve-key", box, tuple(shapes), tuple(texts), tooltip)


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` can take at KEY_SIZE in ``width``: its characters at a wide
    estimate of their width, and a line more for the words that wrap early."""
    per_line = max(1, int(width / (KEY_SIZE * CHAR_WIDTH)))
    needed = math.ceil(len(text) / per_line)
    return needed if needed <= 1 else needed + 1


def _entries(curves: list[EmotionCurve], width: float, room: float) -> tuple[list[str], bool]:
    """The key's texts: every curve's name and kind while they fit ``room``; else every
    curve's name alone (a reader of the report, which has no legend, still finds each line);
    else as many names as fit with a last line counting the others (then True)."""

    def height(texts: list[str]) -> float:
        return sum(_lines(text, width) * LINE_PITCH + 2 + ENTRY_GAP for text in texts)

    for labels in ([curve_label(curve) for curve in curves], [curve.name for curve in curves]):
        if height(labels) - ENTRY_GAP <= room:
            return labels, False
    for kept in range(len(labels) - 1, -1, -1):
        more = len(labels) - kept
        texts = [*labels[:kept], f"+{more} more curve{'s' if more > 1 else ''}"]
        if height(texts) - ENTRY_GAP <= room:
            return texts, True
    return [], False
