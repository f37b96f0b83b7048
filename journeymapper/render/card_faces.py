"""The faces of bands, cards, lane headers, arrows and finding markers.

Each function takes the layout's geometry and the element it draws and returns its face; the
canvas calls them per item at paint time and the paper exports call them for the whole map
(``map_faces``), so both read the same decisions from here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from journeymapper.model.analysis import Finding, Severity
from journeymapper.model.elements import (
    Channel,
    CustomerStep,
    Department,
    JourneyMap,
    Phase,
    ProcessStep,
    Touchpoint,
    format_duration,
)
from journeymapper.render import style
from journeymapper.render.faces import (
    Align,
    Face,
    FaceKind,
    Shape,
    ShapeFace,
    TextFace,
    bounds,
)
from journeymapper.render.layout import (
    LINE_BANDS,
    PHASE_MARKER_INSET,
    Arrow,
    Band,
    BandKind,
    Layout,
    Point,
    Rect,
    arrow_head,
    card_rects,
    phase_rects,
    step_rects,
)

MARKER_RADIUS = 7.0
MARKER_TEXT = 9.0
DETAIL_FLOOR = 0.85  # a detail line shrinks little: it ends in an ellipsis instead
FLOW_WIDTH = 1.3
HANDOVER_WIDTH = 2.4
HANDOVER_DASH = (7.0, 4.0)

# Finds an element by id, None when there is none (the canvas asks its Document, the paper
# exports a dictionary of the map's elements).
Lookup = Callable[[str], object | None]


@dataclass(frozen=True)
class FaceContext:
    """What card faces read besides the element itself."""

    journey: JourneyMap
    layout: Layout
    lookup: Lookup

    def channel(self, channel_id: str | None) -> Channel | None:
        found = self.lookup(channel_id) if channel_id else None
        return found if isinstance(found, Channel) else None

    def department(self, department_id: str | None) -> Department | None:
        found = self.lookup(department_id) if department_id else None
        return found if isinstance(found, Department) else None


# -- bands -------------------------------------------------------------------------------------


def band_face(band: Band) -> Face:
    """A band's background, the rule below it and its label in the label column; the line of
    visibility is a dashed line through its band with its label above."""
    rect = band.rect
    label = band.label_rect
    key = band.element_id or band.kind.value
    if band.kind is BandKind.HEADER:
        return Face(FaceKind.BAND, key, rect)
    if band.kind in LINE_BANDS:
        internal = band.kind is BandKind.INTERNAL
        line = ShapeFace(
            Shape.LINE,
            points=((rect.x, rect.center_y), (rect.right, rect.center_y)),
            stroke=style.INTERNAL_LINE if internal else style.VISIBILITY_LINE,
            width=1.5,
            dash=style.INTERNAL_DASH if internal else (6.0, 4.0),
        )
        if internal:  # its label in a pill on the line, in the gap between two lanes
            pill = TextFace(
                band.label,
                label,
                style.BAND_LABEL_SIZE,  # the line of visibility's size: one as readable
                ink=style.MUTED_INK,
                max_lines=1,
                floor=0.9,
                align=Align.CENTER,
                pill=style.INTERNAL_LINE,
                where="a band label",
            )
            return Face(FaceKind.BAND, key, rect, (line,), (pill,))
        text = TextFace(
            band.label,
            label,
            style.BAND_LABEL_SIZE,
            ink=style.MUTED_INK,
            italic=True,
            max_lines=1,
            where="a band label",
        )
        return Face(FaceKind.BAND, key, rect, (line,), (text,))
    fill = ShapeFace(Shape.RECT, rect, fill=style.BAND_FILL[band.kind.value])
    rule = ShapeFace(
        Shape.LINE,
        points=((rect.x, rect.bottom), (rect.right, rect.bottom)),
        stroke=style.BAND_RULE,
    )
    lane = band.kind is BandKind.LANE
    text = TextFace(
        band.label,
        label,
        style.BAND_LABEL_SIZE,
        ink=style.PHASE_INK if band.kind is BandKind.PHASES else style.INK,
        bold=True,
        max_lines=0 if lane else 2,
        where=f"department '{band.label}'" if lane else "a band label",
    )
    return Face(FaceKind.BAND, key, rect, (fill, rule), (text,))


# -- cards -------------------------------------------------------------------------------------


def card_face(context: FaceContext, element_id: str, rect: Rect) -> Face | None:
    """The face of the card of ``element_id`` drawn in ``rect`` (one run of a touchpoint drawn
    in several); None for an element that has no card."""
    element = context.lookup(element_id)
    if isinstance(element, Phase):
        return phase_face(element, rect)
    if isinstance(element, CustomerStep):
        return step_face(element, rect)
    if isinstance(element, Touchpoint):
        return touchpoint_face(context, element, rect)
    if isinstance(element, ProcessStep):
        return process_step_face(context, element, rect)
    if isinstance(element, Department):
        return lane_header_face(element, rect)
    return None


def card_face_inputs(context: FaceContext, element_id: str, rect: Rect) -> tuple[object, ...]:
    """What ``card_face`` reads for this card besides the rectangle itself: the element, the
    channel and owner a touchpoint names, a process step's department, a touchpoint run's
    label. A painter may keep a face while these stay the same objects (an edit in place of
    one of them is its own event, which repaints the card)."""
    element = context.lookup(element_id)
    if isinstance(element, Touchpoint):
        return (
            element,
            context.channel(element.channel),
            context.department(element.owner),
            context.layout.run_label(element_id, rect),
        )
    if isinstance(element, ProcessStep):
        return (element, context.department(element.department))
    return (element,)


def phase_face(phase: Phase, rect: Rect) -> Face:
    body, title, _ = phase_rects(rect)
    shape = ShapeFace(Shape.ROUND_RECT, body, fill=style.PHASE_FILL, radius=style.CARD_RADIUS)
    text = TextFace(
        phase.title,
        title,
        style.PHASE_SIZE,
        ink=style.PHASE_INK,
        bold=True,
        max_lines=2,
        where=f"phase '{phase.title}'",
    )
    return Face(FaceKind.PHASE, phase.id, rect, (shape,), (text,), phase.title)


def step_details(step: CustomerStep) -> str:
    """The small line at the bottom of a step card: its Moment-of-Truth mark and pain points."""
    details = []
    if step.moment_of_truth:
        details.append("★ Moment of Truth")
    if step.pain_points:
        count = len(step.pain_points)
        details.append(f"{count} pain point" + ("s" if count > 1 else ""))
    return " · ".join(details)


def step_face(step: CustomerStep, rect: Rect) -> Face:
    shape = ShapeFace(
        Shape.ROUND_RECT,
        rect,
        fill=style.STEP_FILL,
        stroke=style.STEP_BORDER,
        radius=style.CARD_RADIUS,
    )
    details = step_details(step)
    _, title_box, detail_box = step_rects(rect, bool(details))
    where = f"step '{step.title}'"
    # Titles take as many lines as their box holds (the detail line has its own box).
    texts = [TextFace(step.title, title_box, style.STEP_TITLE_SIZE, bold=True, where=where)]
    if detail_box is not None:
        ink = style.MOMENT_OF_TRUTH if step.moment_of_truth else style.MUTED_INK
        texts.append(_detail(details, detail_box, ink, where))
    tooltip = "\n".join(part for part in (step.title, details) if part)
    return Face(FaceKind.STEP, step.id, rect, (shape,), tuple(texts), tooltip)


def touchpoint_face(context: FaceContext, touchpoint: Touchpoint, rect: Rect) -> Face:
    channel = context.channel(touchpoint.channel)
    owner = context.department(touchpoint.owner)
    detail = " · ".join(
        part
        for part in (
            context.layout.run_label(touchpoint.id, rect),
            channel.name if channel else "",
            owner.name if owner else "no owner",
            touchpoint.kind.value,
        )
        if part
    )
    accent = channel.color if channel else style.MUTED_INK
    where = f"touchpoint '{touchpoint.title}'"
    return _plain_card(
        FaceKind.TOUCHPOINT, touchpoint.id, rect, accent, touchpoint.title, detail, where
    )


def process_step_face(context: FaceContext, step: ProcessStep, rect: Rect) -> Face:
    department = context.department(step.department)
    accent = department.color if department else style.MUTED_INK
    detail = format_duration(step.duration, short=True) if step.duration else ""
    where = f"process step '{step.title}'"
    return _plain_card(FaceKind.PROCESS_STEP, step.id, rect, accent, step.title, detail, where)


def lane_header_face(department: Department, rect: Rect) -> Face:
    """The department's colour at the left of its lane, so the lane reads as the owner of the
    process steps accented in that colour (the name is the band's label)."""
    strip = Rect(rect.x, rect.y, style.ACCENT_WIDTH, rect.height)
    bar = ShapeFace(Shape.RECT, strip, fill=department.color)
    return Face(FaceKind.LANE_HEADER, department.id, rect, (bar,), (), department.name)


def _plain_card(
    kind: FaceKind, key: str, rect: Rect, accent: str, title: str, detail: str, where: str
) -> Face:
    """A white card with a coloured strip at its left edge, a bold title and a detail line."""
    shapes = (
        ShapeFace(
            Shape.ROUND_RECT,
            rect,
            fill=style.CARD_FILL,
            stroke=style.CARD_BORDER,
            radius=style.CARD_RADIUS,
        ),
        ShapeFace(
            Shape.ACCENT, rect, fill=accent, width=style.ACCENT_WIDTH, radius=style.CARD_RADIUS
        ),
    )
    _, title_box, detail_box = card_rects(rect, bool(detail))
    texts = [TextFace(title, title_box, style.CARD_TITLE_SIZE, bold=True, where=where)]
    if detail_box is not None:
        texts.append(_detail(detail, detail_box, style.MUTED_INK, where))
    tooltip = "\n".join(part for part in (title, detail) if part)
    return Face(kind, key, rect, shapes, tuple(texts), tooltip)


def _detail(text: str, box: Rect, ink: str, where: str) -> TextFace:
    return TextFace(
        text,
        box,
        style.CARD_DETAIL_SIZE,
        ink=ink,
        max_lines=1,
        floor=DETAIL_FLOOR,
        detail=True,
        where=where,
    )


# -- findings ----------------------------------------------------------------------------------


def card_marker_at(rect: Rect, phase: bool) -> Point:
    """Where a card's finding marker is centred: on its top right corner, or for a phase
    inside its top right corner. A phase's top edge is the top of the columns: half a disc
    above it was cut off by the edge of the screen in presentation mode (and by the pinned
    phase strip); the phase's title keeps clear of it (``layout.phase_rects``)."""
    if phase:
        inset = MARKER_RADIUS + PHASE_MARKER_INSET
        return rect.right - inset, rect.y + inset
    return rect.right, rect.y


def marker_face(key: str, x: float, y: float, findings: Sequence[Finding]) -> Face | None:
    """A disc in the colour of the worst finding with their number, centred on (x, y)."""
    if not findings:
        return None
    worst = max((f.severity for f in findings), key=lambda s: s.rank)
    label = str(len(findings)) if len(findings) < 10 else "+"
    tooltip = "\n".join(f"{f.severity.value}: {f.message}" for f in findings)
    return disc_face(key, x, y, worst, label, tooltip)


def disc_face(key: str, x: float, y: float, severity: Severity, label: str, tooltip: str) -> Face:
    """The finding disc itself (the legend draws one too)."""
    r = MARKER_RADIUS
    box = Rect(x - r, y - r, 2 * r, 2 * r)
    disc = ShapeFace(
        Shape.ELLIPSE, box, fill=style.SEVERITY_COLOUR[severity], stroke=style.PAPER, width=1.5
    )
    text = TextFace(
        label,
        Rect(x - r, y - MARKER_TEXT * 0.6, 2 * r, MARKER_TEXT * 1.2),
        MARKER_TEXT,
        ink=style.PAPER,
        bold=True,
        max_lines=1,
        floor=1.0,
        align=Align.CENTER,
        detail=True,
    )
    return Face(FaceKind.MARKER, key, box, (disc,), (text,), tooltip)


# -- flows -------------------------------------------------------------------------------------


def arrow_face(arrow: Arrow, highlighted: bool = False) -> Face:
    """A flow's line and head (handovers across departments thicker, dashed, in their own
    colour) with its label in a pill on the line; ``highlighted`` when selected."""
    handover = arrow.handover
    ink = style.SELECTION if highlighted else style.HANDOVER if handover else style.FLOW
    line = ShapeFace(
        Shape.LINE,
        points=arrow.points,
        stroke=ink,
        width=HANDOVER_WIDTH if handover else FLOW_WIDTH,
        dash=HANDOVER_DASH if handover else (),
    )
    head = ShapeFace(Shape.POLYGON, points=arrow_head(arrow.points), fill=ink)
    texts: tuple[TextFace, ...] = ()
    # The route's own bounds: a painter showing part of the map leaves out an arrow that does
    # not reach into it (a line just past a poster sheet's edge would leave a sliver there).
    box = bounds(arrow.points)
    if arrow.label_box is not None:
        texts = (
            TextFace(
                arrow.label,
                arrow.label_box,
                style.CARD_DETAIL_SIZE,
                max_lines=1,
                floor=DETAIL_FLOOR,
                align=Align.CENTER,
                detail=True,
                pill=ink,
                where="a flow label",
            ),
        )
        label = arrow.label_box
        left, top = min(box.x, label.x), min(box.y, label.y)
        box = Rect(
            left, top, max(box.right, label.right) - left, max(box.bottom, label.bottom) - top
        )
    return Face(FaceKind.ARROW, arrow.flow_id, box, (line, head), texts, arrow.label)
