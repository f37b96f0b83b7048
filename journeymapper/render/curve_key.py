"""The key of the emotion curves: each curve's name beside a sample of its line, in the label
column of the emotion band, so a reader of the poster (or a glance at the canvas) can tell the
customer's curve from the employee's and today's from the future without the legend.
"""

from __future__ import annotations

from journeymapper.model.elements import JourneyMap
from journeymapper.render import style
from journeymapper.render.curve_faces import TICK_WIDTH, curve_label, curve_look
from journeymapper.render.faces import Face, FaceKind, Shape, ShapeFace, TextFace
from journeymapper.render.layout import LABEL_INSET, LABEL_WIDTH, BandKind, Layout, Rect

KEY_TOP = 30.0  # below the band's own label
ENTRY_HEIGHT = 24.0  # two lines of the key's text
SWATCH = 14.0
KEY_SIZE = style.CARD_DETAIL_SIZE - 1.0


def curve_key_face(journey: JourneyMap, layout: Layout) -> Face | None:
    """The key, or None when the map has no curve or no emotion band shows."""
    band = next((b for b in layout.bands if b.kind is BandKind.EMOTION), None)
    if band is None or not journey.curves:
        return None
    left = band.rect.x + LABEL_INSET
    width = LABEL_WIDTH - LABEL_INSET - TICK_WIDTH - 10
    top = band.rect.y + KEY_TOP
    room = int((band.rect.bottom - 4 - top) // ENTRY_HEIGHT)
    if room < 1 or width <= SWATCH:
        return None
    shapes: list[ShapeFace] = []
    texts: list[TextFace] = []
    curves = list(journey.curves)
    for index, curve in enumerate(curves[:room]):
        y = top + index * ENTRY_HEIGHT
        look = curve_look(index, curve)
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
        label = curve_label(curve)
        if index == room - 1 and len(curves) > room:
            label = f"+{len(curves) - index} more curves (see the legend)"
        box = Rect(left + SWATCH + 4, y, width - SWATCH - 4, ENTRY_HEIGHT - 2)
        where = f"the emotion band's key to curve '{label}'"
        texts.append(TextFace(label, box, KEY_SIZE, ink=style.INK, max_lines=2, where=where))
    tooltip = "\n".join(curve_label(curve) for curve in curves)
    box = Rect(left, top, width, min(len(curves), room) * ENTRY_HEIGHT)
    return Face(FaceKind.CURVE_KEY, "curve-key", box, tuple(shapes), tuple(texts), tooltip)
