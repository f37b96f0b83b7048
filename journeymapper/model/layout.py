"""Where everything goes: a journey map turned into rectangles, lines and points.

Pure geometry in plain floats (points at 100% zoom, y growing downwards), no Qt. The canvas
draws this layout and the PDF poster draws the same one, so what a workshop saw on the wall
is what a manager prints.

Columns are customer steps, grouped by phase. Bands run across all columns, from top to
bottom: header (title and persona), phases, customer steps, emotion curve, touchpoints, the
line of visibility, and one swimlane per department. A touchpoint or process step spans the
columns of the customer steps it belongs to, and is stacked into the first free row of its
band, so boxes never overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from journeymapper.model import style
from journeymapper.model.elements import JourneyMap

# Sizes in points. One place to tune the look of both the canvas and the poster.
MARGIN = 24.0
LABEL_WIDTH = 150.0
COLUMN_WIDTH = 170.0
COLUMN_GAP = 14.0
HEADER_HEIGHT = 96.0
PHASE_HEIGHT = 44.0
STEP_HEIGHT = 78.0
EMOTION_HEIGHT = 200.0
CARD_HEIGHT = 52.0
CARD_GAP = 8.0
BAND_PADDING = 12.0
VISIBILITY_HEIGHT = 26.0
EMPTY_LANE_ROWS = 1
BAND_GAP = 6.0
# Inside bands and cards. Canvas and poster put their text in the same boxes, each placing
# its lines with its own font's metrics inside them.
LABEL_INSET = 8.0
CARD_TOP = 4.0  # from a card's top edge to its title
DETAIL_LINE = style.CARD_DETAIL_SIZE + 3.0  # a card's one-line detail: the type and its descent
ARROW_HEAD = 8.0  # the length of an arrow head's sides
ARROW_HEAD_TURN = math.radians(150)  # each side's angle to the arrow's last segment

Point = tuple[float, float]


_PITCH = COLUMN_WIDTH + COLUMN_GAP


class BandKind(StrEnum):
    HEADER = "header"
    PHASES = "phases"
    STEPS = "steps"
    EMOTION = "emotion"
    TOUCHPOINTS = "touchpoints"
    VISIBILITY = "visibility"
    LANE = "lane"


class Rect(NamedTuple):
    """A rectangle; a named tuple because layouts make thousands and compare them often."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def center_x(self) -> float:
        return self.x + self.width / 2

    @property
    def center_y(self) -> float:
        return self.y + self.height / 2

    def contains(self, other: Rect) -> bool:
        return (
            self.x <= other.x + 1e-6
            and self.y <= other.y + 1e-6
            and other.right <= self.right + 1e-6
            and other.bottom <= self.bottom + 1e-6
        )

    def overlaps(self, other: Rect) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True)
class Band:
    """A horizontal band; lanes carry their department's id."""

    kind: BandKind
    rect: Rect
    label: str
    element_id: str | None = None

    @property
    def label_rect(self) -> Rect:
        """Where the band's label goes: in the label column at the band's left; the line of
        visibility runs through the middle of its band, so its label sits above the line."""
        rect = self.rect
        if self.kind is BandKind.VISIBILITY:
            return Rect(rect.x + 4, rect.y, 2 * LABEL_WIDTH, rect.height / 2 - 1)
        inset = LABEL_INSET
        # Ends just short of the first column, so a wide label never runs under a card.
        return Rect(rect.x + inset, rect.y + inset, LABEL_WIDTH - inset - 2, rect.height - 12)


class Box(NamedTuple):
    """The rectangle of one element (phase, step, touchpoint or process step)."""

    element_id: str
    rect: Rect


@dataclass(frozen=True)
class CurvePoint:
    step_id: str
    x: float
    y: float
    value: float


class Arrow(NamedTuple):
    """A flow drawn as an orthogonal polyline from source box to target box."""

    flow_id: str
    points: tuple[Point, ...]
    handover: bool


def arrow_head(points: tuple[Point, ...]) -> tuple[Point, Point, Point]:
    """The triangle at the end of a polyline: its tip on the last point, its sides
    ``ARROW_HEAD`` long and turned back from the last segment."""
    (x1, y1), (x2, y2) = points[-2], points[-1]
    angle = math.atan2(y2 - y1, x2 - x1)
    left, right = angle + ARROW_HEAD_TURN, angle - ARROW_HEAD_TURN
    return (
        (x2, y2),
        (x2 + ARROW_HEAD * math.cos(left), y2 + ARROW_HEAD * math.sin(left)),
        (x2 + ARROW_HEAD * math.cos(right), y2 + ARROW_HEAD * math.sin(right)),
    )


def arrow_midpoint(points: tuple[Point, ...]) -> Point:
    """Where a flow's finding marker sits: the middle of the polyline's middle segment."""
    n = len(points) // 2
    (x1, y1), (x2, y2) = points[max(0, n - 1)], points[n]
    return (x1 + x2) / 2, (y1 + y2) / 2


class CardRects(NamedTuple):
    """Where the parts of a card go: the painted body, the title, and the one-line detail
    below it (None when the card has no detail line)."""

    body: Rect
    title: Rect
    detail: Rect | None


def phase_rects(rect: Rect) -> CardRects:
    """A phase: a body inset from its band, so neighbouring phases read as separate blocks."""
    body = Rect(rect.x + 1, rect.y + 3, rect.width - 2, rect.height - 6)
    inset = LABEL_INSET
    title = Rect(rect.x + inset, rect.y + inset, rect.width - 2 * inset, rect.height - 12)
    return CardRects(body, title, None)


def step_rects(rect: Rect, has_detail: bool) -> CardRects:
    """A customer step: title and detail inside the card's padding, the detail at the bottom."""
    pad = style.CARD_PADDING
    inner = Rect(rect.x + pad, rect.y + pad, rect.width - 2 * pad, rect.height - 2 * pad)
    if not has_detail:
        return CardRects(rect, inner, None)
    detail = Rect(inner.x, inner.bottom - DETAIL_LINE, inner.width, DETAIL_LINE)
    return CardRects(rect, Rect(inner.x, inner.y, inner.width, detail.y - inner.y), detail)


def card_rects(rect: Rect, has_detail: bool) -> CardRects:
    """A touchpoint or process step: text right of the coloured accent bar at the left edge."""
    left = rect.x + style.ACCENT_WIDTH + style.CARD_PADDING
    width = rect.right - style.CARD_PADDING - left
    top = rect.y + CARD_TOP
    if not has_detail:
        return CardRects(rect, Rect(left, top, width, rect.height - 2 * CARD_TOP), None)
    detail = Rect(left, rect.bottom - 2 - DETAIL_LINE, width, DETAIL_LINE)
    return CardRects(rect, Rect(left, top, width, detail.y - top), detail)


@dataclass
class Layout:
    width: float
    height: float
    bands: list[Band] = field(default_factory=list)
    boxes: dict[str, Box] = field(default_factory=dict)
    curve: list[CurvePoint] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    emotion_area: Rect = Rect(0, 0, 0, 0)  # noqa: RUF009 (immutable named tuple)
    # The y of each scale value inside the emotion band: y = value_to_y(value).
    scale_minimum: float = -5.0
    scale_maximum: float = 5.0
    # Column n holds the step column_ids[n]; an empty phase holds "#empty-<phase id>".
    column_ids: list[str] = field(default_factory=list)
    columns_left: float = 0.0

    def column_at(self, x: float) -> int | None:
        """The column under scene x (the nearest one beside the map), None without columns."""
        if not self.column_ids:
            return None
        pitch = COLUMN_WIDTH + COLUMN_GAP
        column = int((x - self.columns_left + COLUMN_GAP / 2) // pitch)
        return max(0, min(column, len(self.column_ids) - 1))

    def band(self, kind: BandKind, element_id: str | None = None) -> Band:
        for band in self.bands:
            if band.kind is kind and band.element_id == element_id:
                return band
        raise KeyError((kind, element_id))

    def value_to_y(self, value: float) -> float:
        area = self.emotion_area
        share = (value - self.scale_minimum) / (self.scale_maximum - self.scale_minimum)
        return area.bottom - share * area.height

    def y_to_value(self, y: float) -> float:
        area = self.emotion_area
        share = (area.bottom - y) / area.height if area.height else 0.0
        return self.scale_minimum + share * (self.scale_maximum - self.scale_minimum)


def compute_layout(journey: JourneyMap) -> Layout:
    """The geometry of every band, box, curve point and arrow of the map."""
    columns = _columns(journey)
    column_count = max(1, len(columns.order) + (1 if columns.has_unplaced else 0))
    content_width = column_count * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP
    left = MARGIN + LABEL_WIDTH
    width = left + content_width + MARGIN
    builder = _Builder(journey, columns, left, content_width)
    builder.header_and_phases()
    builder.steps_and_curve()
    builder.touchpoints()
    builder.visibility_line()
    builder.lanes()
    builder.arrows()
    layout = builder.layout
    layout.width = width
    layout.height = builder.y + MARGIN
    layout.column_ids = list(columns.order)
    layout.columns_left = left
    return layout


@dataclass
class _Columns:
    """Column index of every step; steps of empty phases get a placeholder column."""

    order: list[str]
    index: dict[str, int]
    phase_span: dict[str, tuple[int, int]]
    has_unplaced: bool


def _columns(journey: JourneyMap) -> _Columns:
    order: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    for phase in journey.phases:
        first = len(order)
        if phase.steps:
            order.extend(step.id for step in phase.steps)
        else:
            order.append(f"#empty-{phase.id}")  # an empty phase still shows as one column
        spans[phase.id] = (first, len(order) - 1)
    index = {step_id: n for n, step_id in enumerate(order)}
    unplaced = any(not [s for s in p.serves if s in index] for p in journey.process_steps)
    return _Columns(order, index, spans, unplaced)


class _Builder:
    """Walks down the bands, keeping the running y."""

    def __init__(
        self, journey: JourneyMap, columns: _Columns, left: float, content_width: float
    ) -> None:
        self.journey = journey
        self.columns = columns
        self.left = left
        self.content_width = content_width
        self.y = MARGIN
        self.layout = Layout(0.0, 0.0)

    def column_x(self, column: int) -> float:
        return self.left + column * _PITCH

    def span_rect(self, first: int, last: int, y: float, height: float) -> Rect:
        return Rect(self.left + first * _PITCH, y, (last - first) * _PITCH + COLUMN_WIDTH, height)

    def add_band(
        self, kind: BandKind, height: float, label: str, element_id: str | None = None
    ) -> Rect:
        rect = Rect(MARGIN, self.y, LABEL_WIDTH + self.content_width, height)
        self.layout.bands.append(Band(kind, rect, label, element_id))
        self.y += height + BAND_GAP
        return rect

    def header_and_phases(self) -> None:
        self.add_band(BandKind.HEADER, HEADER_HEIGHT, "")
        band = self.add_band(BandKind.PHASES, PHASE_HEIGHT, "Phases")
        for phase in self.journey.phases:
            first, last = self.columns.phase_span[phase.id]
            self.layout.boxes[phase.id] = Box(
                phase.id, self.span_rect(first, last, band.y, band.height)
            )

    def steps_and_curve(self) -> None:
        band = self.add_band(BandKind.STEPS, STEP_HEIGHT, "Customer steps")
        inset = 6.0
        for step in self.journey.steps():
            column = self.columns.index[step.id]
            rect = self.span_rect(column, column, band.y + inset, band.height - 2 * inset)
            self.layout.boxes[step.id] = Box(step.id, rect)
        emotion = self.add_band(BandKind.EMOTION, EMOTION_HEIGHT, "Emotion")
        area = Rect(
            self.left,
            emotion.y + BAND_PADDING,
            self.content_width,
            emotion.height - 2 * BAND_PADDING,
        )
        scale = self.journey.scale
        self.layout.emotion_area = area
        self.layout.scale_minimum, self.layout.scale_maximum = scale.minimum, scale.maximum
        curve = self.journey.default_curve()
        points = curve.points if curve else {}
        for step in self.journey.steps():
            value = points.get(step.id)
            if value is None:
                continue
            x = self.column_x(self.columns.index[step.id]) + COLUMN_WIDTH / 2
            self.layout.curve.append(CurvePoint(step.id, x, self.layout.value_to_y(value), value))

    def touchpoints(self) -> None:
        spans = {}
        for touchpoint in self.journey.touchpoints:
            placed = sorted(
                self.columns.index[s] for s in touchpoint.steps if s in self.columns.index
            )
            spans[touchpoint.id] = (placed[0], placed[-1]) if placed else (0, 0)
        self._stacked_band(BandKind.TOUCHPOINTS, "Touchpoints", None, spans)

    def visibility_line(self) -> None:
        self.add_band(BandKind.VISIBILITY, VISIBILITY_HEIGHT, "Line of visibility")

    def lanes(self) -> None:
        unplaced_column = len(self.columns.order)
        by_department: dict[str, dict[str, tuple[int, int]]] = {
            d.id: {} for d in self.journey.departments
        }
        for step in self.journey.process_steps:
            placed = sorted(self.columns.index[s] for s in step.serves if s in self.columns.index)
            span = (placed[0], placed[-1]) if placed else (unplaced_column, unplaced_column)
            by_department[step.department][step.id] = span
        for department in self.journey.departments:
            self._stacked_band(
                BandKind.LANE, department.name, department.id, by_department[department.id]
            )

    def _stacked_band(
        self, kind: BandKind, label: str, element_id: str | None, spans: dict[str, tuple[int, int]]
    ) -> None:
        rows = _pack_rows(spans)
        row_count = max([*rows.values(), EMPTY_LANE_ROWS - 1]) + 1 if spans else EMPTY_LANE_ROWS
        height = 2 * BAND_PADDING + row_count * CARD_HEIGHT + (row_count - 1) * CARD_GAP
        band = self.add_band(kind, height, label, element_id)
        for box_id, (first, last) in spans.items():
            y = band.y + BAND_PADDING + rows[box_id] * (CARD_HEIGHT + CARD_GAP)
            self.layout.boxes[box_id] = Box(box_id, self.span_rect(first, last, y, CARD_HEIGHT))

    def arrows(self) -> None:
        department_of = {p.id: p.department for p in self.journey.process_steps}
        for flow in self.journey.flows:
            source = self.layout.boxes[flow.source].rect
            target = self.layout.boxes[flow.target].rect
            handover = department_of[flow.source] != department_of[flow.target]
            self.layout.arrows.append(Arrow(flow.id, _route(source, target), handover))


def _pack_rows(spans: dict[str, tuple[int, int]]) -> dict[str, int]:
    """Give each span the lowest row where it overlaps nothing (greedy interval packing)."""
    row_ends: list[int] = []  # per row, the last column taken so far
    rows: dict[str, int] = {}
    for box_id, (first, last) in sorted(spans.items(), key=lambda item: (item[1][0], item[1][1])):
        for row, end in enumerate(row_ends):
            if end < first:
                row_ends[row] = last
                rows[box_id] = row
                break
        else:
            rows[box_id] = len(row_ends)
            row_ends.append(last)
    return rows


def _gap_near(left: float, right: float) -> float:
    """The x of the column gap nearest the middle of ``left`` .. ``right``, where ``left`` is
    a card's right edge: the vertical leg of an arrow then runs between the columns instead
    of down the middle of whatever card stands half-way (a card spanning several columns
    covers the gaps inside it, and may still be crossed). A tie goes to the target's side."""
    first_gap = left + COLUMN_GAP / 2
    if right - left < COLUMN_GAP:
        return left + (right - left) / 2
    gaps = int((right - COLUMN_GAP / 2 - first_gap) // _PITCH)  # further gaps before right
    steps = math.floor(((left + right) / 2 - first_gap) / _PITCH + 0.5)
    return first_gap + max(0, min(steps, gaps)) * _PITCH


def _route(source: Rect, target: Rect) -> tuple[Point, ...]:
    """Right edge of the source to the left edge of the target, with right-angle bends;
    a flow going back or straight down leaves from the bottom and enters from the top."""
    if target.x >= source.right:
        start = (source.right, source.center_y)
        end = (target.x, target.center_y)
        middle = _gap_near(source.right, target.x)
        return (start, (middle, start[1]), (middle, end[1]), end)
    start = (source.center_x, source.bottom if target.y >= source.y else source.y)
    end = (target.center_x, target.y if target.y >= source.y else target.bottom)
    middle = (start[1] + end[1]) / 2
    return (start, (start[0], middle), (end[0], middle), end)
