"""Faces: what is drawn for each thing on the map, as plain shapes and texts.

A face is the whole look of one card, band, curve, arrow or marker: its shapes (with fill,
stroke and dash) and its texts (with their boxes, sizes and inks), in layout coordinates. The
face model decides everything a reader sees (content, colour, size, marker); a painter (the
Qt scene, the reportlab poster and report, PNG and SVG through the scene) only turns faces
into its own primitives and fits each text into its box with its own font metrics. So screen
and paper cannot drift apart: there is no second place where a painting decision is made.

Faces are named tuples: a large map has tens of thousands of them, and a tuple is made about
three times as fast as a frozen dataclass. This module holds the vocabulary; ``card_faces``,
``curve_faces`` and ``map_faces`` build the faces of a map. No Qt, reportlab or openpyxl here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from journeymapper.render import style
from journeymapper.render.layout import Point, Rect

NO_RECT = Rect(0.0, 0.0, 0.0, 0.0)


class Shape(StrEnum):
    """The primitives every painter can draw."""

    RECT = "rect"
    ROUND_RECT = "round_rect"  # corners of ``radius``
    # The coloured strip along the left edge of a round-cornered card: ``rect`` is the card,
    # ``radius`` its corner radius and ``width`` the strip's width; the strip follows the
    # card's left corners.
    ACCENT = "accent"
    LINE = "line"  # an open polyline through ``points``
    SMOOTH = "smooth"  # through ``points`` with horizontal tangents (the emotion curve)
    POLYGON = "polygon"  # closed through ``points``
    ELLIPSE = "ellipse"  # inside ``rect``


class ShapeFace(NamedTuple):
    """One shape; ``fill`` and ``stroke`` are hex colours, None for none."""

    shape: Shape
    rect: Rect = NO_RECT
    points: tuple[Point, ...] = ()
    fill: str | None = None
    stroke: str | None = None
    width: float = 1.0
    dash: tuple[float, ...] = ()
    radius: float = 0.0


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"


class TextFace(NamedTuple):
    """A text and the box it must stay in.

    The painter wraps it into at most ``max_lines`` lines (0: as many as the box holds),
    shrinks it down to ``floor`` times ``size`` if it still does not fit, then ends it with an
    ellipsis. A ``detail`` repeats what the tables and legend say, so shortening it is no loss
    worth a warning. With ``pill`` set, the painter draws a rounded frame of that colour
    around the fitted text, as wide as the text (a flow's label on its line). ``where`` names
    the text in messages about it (for example glyphs a font lacks).
    """

    text: str
    box: Rect
    size: float
    ink: str = style.INK
    bold: bool = False
    italic: bool = False
    max_lines: int = 0
    floor: float = 0.7
    align: Align = Align.LEFT
    detail: bool = False
    pill: str | None = None
    where: str = ""


class FaceKind(StrEnum):
    BAND = "band"
    PHASE = "phase"
    STEP = "step"
    TOUCHPOINT = "touchpoint"
    PROCESS_STEP = "process_step"
    LANE_HEADER = "lane_header"
    EMOTION_FRAME = "emotion_frame"  # zones, neutral line and the scale's numbers
    CURVE = "curve"
    POINT = "point"  # one step's point on the editable curve, with its Moment-of-Truth mark
    ARROW = "arrow"
    MARKER = "marker"  # the findings of one element or flow
    CURVE_KEY = "curve_key"  # each curve's name and line, in the emotion band's label column
    PAIN_POINT = "pain_point"
    IDEA = "idea"
    QUOTE = "quote"
    METRIC = "metric"
    INITIATIVE = "initiative"


class Face(NamedTuple):
    """Everything drawn for one thing; ``key`` is its element's id (a band's label for bands
    without an element, a curve's id for curves), ``box`` what it covers."""

    kind: FaceKind
    key: str
    box: Rect
    shapes: tuple[ShapeFace, ...] = ()
    texts: tuple[TextFace, ...] = ()
    tooltip: str = ""


def bounds(points: tuple[Point, ...], margin: float = 0.0) -> Rect:
    """The rectangle around ``points``, grown by ``margin`` on every side."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    left, top = min(xs) - margin, min(ys) - margin
    return Rect(left, top, max(xs) + margin - left, max(ys) + margin - top)


def united(rects: list[Rect]) -> Rect:
    """The smallest rectangle holding every one of ``rects``."""
    left = min(r.x for r in rects)
    top = min(r.y for r in rects)
    return Rect(left, top, max(r.right for r in rects) - left, max(r.bottom for r in rects) - top)
