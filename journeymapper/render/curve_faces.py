"""The faces of the emotion band: its frame (zones, neutral line, scale), every shown curve
of the map, and the points of the edited curve with their Moment-of-Truth marks.

Each curve keeps the colour of its place in the map's list (the first the house purple, the
others from a colour-blind-safe palette), dashed when it is a future state, with square points
when it is an employee's, so the kinds stay apart in grey print and for colour-blind readers
as well. The edited curve's points (on paper: the first shown curve's) are faces of their own,
the handles the canvas drags; the others carry small marks only. A curve the user hid (see
``view_bands.curve_shown``) is not drawn at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journeymapper.model.elements import CurveKind, CurveState, EmotionCurve, JourneyMap
from journeymapper.render import style
from journeymapper.render.faces import Face, FaceKind, Shape, ShapeFace, TextFace, bounds
from journeymapper.render.layout import Layout, Point, Rect
from journeymapper.render.view_bands import curve_shown

POINT_RADIUS = 7.0
MOMENT_RADIUS = 10.0
UNSERVED_RING = 14.0  # the second diamond of a Moment of Truth without a touchpoint
OTHER_POINT_RADIUS = 3.5
EDITABLE_WIDTH = 2.5
OTHER_WIDTH = 2.0
# On the canvas a halo this wide runs under the curve the keys and drags change, so it stands
# out from the others; the faces stay those of paper (no halo there: nothing is edited).
EDITED_HALO_WIDTH = 9.0
FUTURE_DASH = (6.0, 4.0)
ZONE_LABEL_WIDTH = 40.0
TICK_WIDTH = 26.0


@dataclass(frozen=True)
class CurveLook:
    """How one curve is told apart from the others."""

    colour: str
    width: float
    dash: tuple[float, ...]
    square_points: bool


def curve_look(index: int, curve: EmotionCurve) -> CurveLook:
    """The look of the map's ``index``-th curve (the legend shows the same)."""
    if index == 0:
        colour, width = style.CURVE, EDITABLE_WIDTH
    else:
        colour = style.CURVE_PALETTE[(index - 1) % len(style.CURVE_PALETTE)]
        width = OTHER_WIDTH
    dash = FUTURE_DASH if curve.state is CurveState.FUTURE else ()
    return CurveLook(colour, width, dash, curve.kind is CurveKind.EMPLOYEE)


def shown_curves(journey: JourneyMap) -> list[tuple[int, EmotionCurve]]:
    """The curves drawn, each with its place in the map's list (which gives its look)."""
    view = journey.view
    return [(n, curve) for n, curve in enumerate(journey.curves) if curve_shown(view, curve.id)]


def edited_curve(journey: JourneyMap, chosen: str | None = None) -> EmotionCurve | None:
    """The curve points are shown and dragged on: ``chosen`` while it is shown, else the
    first shown curve; None when every curve is hidden (or there is none)."""
    shown = [curve for _, curve in shown_curves(journey)]
    picked = next((curve for curve in shown if curve.id == chosen), None)
    return picked or (shown[0] if shown else None)


def curve_label(curve: EmotionCurve) -> str:
    """A curve's name for the legend, with what kind of curve it is."""
    kind = "employee" if curve.kind is CurveKind.EMPLOYEE else "customer"
    state = "to-be" if curve.state is CurveState.FUTURE else "as-is"
    return f"{curve.name} ({kind}, {state})"


def emotion_frame_face(journey: JourneyMap, layout: Layout) -> Face | None:
    """The grade scale's zones with their labels at the left (beside the scale's numbers:
    the right end of a long map is rarely in view), the dashed neutral line and the numbers
    of the scale's ends and middle."""
    area = layout.emotion_area
    if area.height <= 0:
        return None
    scale = journey.scale
    shapes: list[ShapeFace] = []
    texts: list[TextFace] = []
    zones: list[tuple[float, float, str, str]] = []
    if scale.okay_band is not None:
        zones.append((scale.okay_band[1], scale.okay_band[0], style.OKAY_BAND, "okay"))
    if scale.excellent_from is not None:
        zones.append((scale.maximum, scale.excellent_from, style.EXCELLENT_ZONE, "9+"))
    size = style.CARD_DETAIL_SIZE
    for high, low, fill, label in zones:
        top, bottom = layout.value_to_y(high), layout.value_to_y(low)
        zone = Rect(area.x, top, area.width, max(0.0, bottom - top))
        shapes.append(ShapeFace(Shape.RECT, zone, fill=fill))
        box = Rect(zone.x + 4, zone.y + 1, ZONE_LABEL_WIDTH, max(0.0, zone.height - 1))
        texts.append(TextFace(label, box, size, ink=style.MUTED_INK, max_lines=1, detail=True))
    neutral = layout.value_to_y(scale.neutral)
    shapes.append(
        ShapeFace(
            Shape.LINE,
            points=((area.x, neutral), (area.right, neutral)),
            stroke=style.NEUTRAL_LINE,
            width=1.2,
            dash=(5.0, 3.0),
        )
    )
    for value in (scale.minimum, scale.neutral, scale.maximum):
        y = layout.value_to_y(value)
        box = Rect(area.x - TICK_WIDTH - 4, y - size * 0.6, TICK_WIDTH, size * 1.2)
        texts.append(
            TextFace(f"{value:g}", box, size, ink=style.MUTED_INK, max_lines=1, detail=True)
        )
    box = Rect(area.x - TICK_WIDTH - 4, area.y, area.width + TICK_WIDTH + 4, area.height)
    return Face(FaceKind.EMOTION_FRAME, "emotion", box, tuple(shapes), tuple(texts))


def curve_points(journey: JourneyMap, layout: Layout, curve: EmotionCurve) -> tuple[Point, ...]:
    """Where ``curve``'s values lie, in journey order (steps without a value are skipped)."""
    points = []
    for step in journey.steps():
        value = curve.points.get(step.id)
        box = layout.boxes.get(step.id)
        if value is None or box is None:
            continue
        points.append((box.rect.center_x, layout.value_to_y(value)))
    return tuple(points)


def curve_face(
    index: int, curve: EmotionCurve, points: Sequence[Point], with_points: bool
) -> Face | None:
    """One curve through ``points``; ``with_points`` draws its values as small marks (the
    edited curve's points are faces of their own, see ``point_face``)."""
    if not points:
        return None
    look = curve_look(index, curve)
    shapes = []
    if len(points) > 1:
        shapes.append(
            ShapeFace(
                Shape.SMOOTH,
                points=tuple(points),
                stroke=look.colour,
                width=look.width,
                dash=look.dash,
            )
        )
    if with_points:
        r = OTHER_POINT_RADIUS
        mark = Shape.RECT if look.square_points else Shape.ELLIPSE
        shapes += [
            ShapeFace(mark, Rect(x - r, y - r, 2 * r, 2 * r), fill=look.colour, stroke=style.PAPER)
            for x, y in points
        ]
    box = bounds(tuple(points), margin=POINT_RADIUS)
    return Face(FaceKind.CURVE, curve.id, box, tuple(shapes), (), curve_label(curve))


def all_curve_faces(
    journey: JourneyMap,
    layout: Layout,
    editable: Sequence[Point] | None = None,
    edited: str | None = None,
) -> list[Face]:
    """Every shown curve of the map, the others first so the edited one (see
    ``edited_curve``) is drawn on top; ``editable`` replaces its points (the canvas, while
    one is dragged)."""
    faces = other_curve_faces(journey, layout, edited)
    current = edited_curve(journey, edited)
    if current is not None:
        index = next(n for n, curve in enumerate(journey.curves) if curve is current)
        points = curve_points(journey, layout, current) if editable is None else tuple(editable)
        face = curve_face(index, current, points, False)
        if face is not None:
            faces.append(face)
    return faces


def other_curve_faces(journey: JourneyMap, layout: Layout, edited: str | None = None) -> list[Face]:
    """Every shown curve but the edited one, last curve first (the order they are drawn in)."""
    current = edited_curve(journey, edited)
    faces = []
    for index, curve in reversed(shown_curves(journey)):
        if curve is current:
            continue
        face = curve_face(index, curve, curve_points(journey, layout, curve), True)
        if face is not None:
            faces.append(face)
    return faces


def point_ink(journey: JourneyMap, curve: EmotionCurve | None) -> str:
    """The colour of the edited curve's point handles: the curve's own."""
    if curve is None:
        return style.CURVE_POINT
    index = next((n for n, other in enumerate(journey.curves) if other is curve), 0)
    return style.CURVE_POINT if index == 0 else curve_look(index, curve).colour


def point_face(
    step_id: str,
    x: float,
    y: float,
    valued: bool,
    moment: str,
    ink: str = style.CURVE_POINT,
) -> Face:
    """One step's point on the edited curve, in its colour ``ink``: filled when it has a
    value, a dotted ring (placed on the neutral line) when not; ``moment`` is "", "served"
    or "unserved". A Moment of Truth gets a diamond; without a touchpoint it is red and
    doubled, so it stands out in grey print too."""
    shapes = []
    if moment:
        mark = style.MOMENT_UNSERVED if moment == "unserved" else style.MOMENT_OF_TRUTH
        shapes.append(_diamond(x, y, MOMENT_RADIUS, mark, 3.0))
        if moment == "unserved":
            shapes.append(_diamond(x, y, UNSERVED_RING, mark, 1.5))
    r = POINT_RADIUS
    disc = Rect(x - r, y - r, 2 * r, 2 * r)
    if valued:
        shapes.append(ShapeFace(Shape.ELLIPSE, disc, fill=ink, stroke=style.PAPER, width=1.5))
    else:
        shapes.append(
            ShapeFace(
                Shape.ELLIPSE,
                disc,
                fill=style.PAPER,
                stroke=ink,
                width=1.5,
                dash=(1.5, 2.0),
            )
        )
    reach = UNSERVED_RING if moment == "unserved" else MOMENT_RADIUS if moment else r
    box = Rect(x - reach, y - reach, 2 * reach, 2 * reach)
    tooltip = {
        "served": "Moment of Truth",
        "unserved": "Moment of Truth without a touchpoint",
    }.get(moment, "")
    return Face(FaceKind.POINT, step_id, box, tuple(shapes), (), tooltip)


def _diamond(x: float, y: float, radius: float, ink: str, width: float) -> ShapeFace:
    points = ((x, y - radius), (x + radius, y), (x, y + radius), (x - radius, y))
    return ShapeFace(Shape.POLYGON, points=points, stroke=ink, width=width)
