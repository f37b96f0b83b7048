"""The legend: what explains the picture, and the icon of each entry as shapes.

Poster, report and SVG picture lay the entries out in their own way, but the entries and their
icons come from here, drawn with the same looks as the map's faces: a curve's icon is that
curve's colour and dash, a Moment of Truth's the diamonds around a point.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from journeymapper.model.analysis import Severity
from journeymapper.model.elements import DepartmentKind, JourneyMap
from journeymapper.render import style
from journeymapper.render.card_faces import (
    FLOW_WIDTH,
    HANDOVER_DASH,
    HANDOVER_WIDTH,
    disc_face,
)
from journeymapper.render.curve_faces import (
    CurveLook,
    curve_label,
    curve_look,
    point_face,
    shown_curves,
)
from journeymapper.render.faces import Shape, ShapeFace
from journeymapper.render.layout import Rect, internal_line_after


class Icon(StrEnum):
    SWATCH = "swatch"
    DISC = "disc"
    FLOW = "flow"
    HANDOVER = "handover"
    CURVE = "curve"
    MOMENT = "moment"
    MOMENT_UNSERVED = "moment_unserved"
    ZONE = "zone"
    VISIBILITY = "visibility"
    INTERNAL = "internal_interaction"


class LegendItem(NamedTuple):
    """One entry; ``icon`` None makes it a group heading."""

    icon: Icon | None
    label: str
    ink: str = style.INK
    severity: Severity = Severity.INFO
    look: CurveLook | None = None  # a curve's


def legend_items(journey: JourneyMap) -> list[LegendItem]:
    """Curves, zones, channels, departments, finding markers and the kinds of line."""
    items: list[LegendItem] = []
    curves = [(index, curve) for index, curve in shown_curves(journey) if curve.points]
    if curves:
        items.append(LegendItem(None, "Curves"))
        items += [
            LegendItem(Icon.CURVE, curve_label(curve), look=curve_look(index, curve))
            for index, curve in curves
        ]
    scale = journey.scale
    if scale.excellent_from is not None:
        label = f"{scale.excellent_from:g} and above"
        items.append(LegendItem(Icon.ZONE, f"9+ zone: {label}", style.EXCELLENT_ZONE))
    if scale.okay_band is not None:
        low, high = scale.okay_band
        items.append(LegendItem(Icon.ZONE, f"okay zone: {low:g} to {high:g}", style.OKAY_BAND))
    if journey.channels:
        items.append(LegendItem(None, "Channels"))
        items += [LegendItem(Icon.SWATCH, c.name, c.color) for c in journey.channels]
    if journey.departments:
        items.append(LegendItem(None, "Departments"))
        for d in journey.departments:
            partner = " (partner)" if d.kind is DepartmentKind.PARTNER else ""
            items.append(LegendItem(Icon.SWATCH, d.name + partner, d.color))
    items.append(LegendItem(None, "Findings"))
    items += [LegendItem(Icon.DISC, s.value, severity=s) for s in Severity]
    items += [
        LegendItem(None, "Lines"),
        LegendItem(Icon.FLOW, "flow"),
        LegendItem(Icon.HANDOVER, "handover between departments"),
        LegendItem(Icon.MOMENT, "Moment of Truth"),
        LegendItem(Icon.MOMENT_UNSERVED, "Moment of Truth without touchpoint"),
        LegendItem(Icon.VISIBILITY, "line of visibility"),
    ]
    if internal_line_after(journey, journey.view) is not None:
        items.append(LegendItem(Icon.INTERNAL, "line of internal interaction (partners below)"))
    return items


def icon_shapes(item: LegendItem, x: float, y: float, width: float) -> tuple[ShapeFace, ...]:
    """The icon of ``item`` in a ``width`` wide slot whose left middle is (x, y)."""
    icon = item.icon
    centre = x + width / 2
    half = min(width / 2, 14.0)
    if icon is Icon.SWATCH or icon is Icon.ZONE:
        swatch = (
            Rect(centre - 6, y - 6, 12, 12)
            if icon is Icon.SWATCH
            else Rect(centre - half, y - 6, 2 * half, 12)
        )
        return (ShapeFace(Shape.ROUND_RECT, swatch, fill=item.ink, radius=2.5),)
    if icon is Icon.DISC:
        return disc_face("", centre, y, item.severity, "", "").shapes
    if icon is Icon.MOMENT or icon is Icon.MOMENT_UNSERVED:
        moment = "served" if icon is Icon.MOMENT else "unserved"
        return point_face("", centre, y, True, moment).shapes[:-1]  # the diamonds alone
    if icon is Icon.CURVE and item.look is not None:
        look = item.look
        line = ShapeFace(
            Shape.SMOOTH,
            points=((centre - half, y + 4), (centre + half, y - 4)),
            stroke=look.colour,
            width=look.width,
            dash=look.dash,
        )
        mark = Shape.RECT if look.square_points else Shape.ELLIPSE
        r = 3.0
        dot = ShapeFace(mark, Rect(centre - r, y - r, 2 * r, 2 * r), fill=look.colour)
        return (line, dot)
    ends = ((centre - half, y), (centre + half, y))
    if icon is Icon.HANDOVER:
        return (
            ShapeFace(
                Shape.LINE,
                points=ends,
                stroke=style.HANDOVER,
                width=HANDOVER_WIDTH,
                dash=HANDOVER_DASH,
            ),
        )
    if icon is Icon.VISIBILITY:
        return (
            ShapeFace(
                Shape.LINE, points=ends, stroke=style.VISIBILITY_LINE, width=1.5, dash=(6.0, 4.0)
            ),
        )
    if icon is Icon.INTERNAL:
        return (
            ShapeFace(
                Shape.LINE,
                points=ends,
                stroke=style.INTERNAL_LINE,
                width=1.5,
                dash=style.INTERNAL_DASH,
            ),
        )
    if icon is Icon.FLOW:
        return (ShapeFace(Shape.LINE, points=ends, stroke=style.FLOW, width=FLOW_WIDTH),)
    return ()
