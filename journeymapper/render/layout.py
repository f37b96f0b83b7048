"""Where everything goes: a journey map turned into rectangles, lines and points.

Pure geometry in plain floats (points at 100% zoom, y growing downwards), no Qt. The canvas
draws this layout and the PDF poster draws the same one, so what a workshop saw on the wall
is what a manager prints.

Columns are customer steps, grouped by phase. Bands run across all columns, from top to
bottom: header (title and persona), phases, customer steps, emotion curve, what the workshop
said (pain points, ideas and opportunities, customer quotes), touchpoints, the dashboard
(metrics, initiatives), the line of visibility, and one swimlane per department, with the line
of internal interaction between the organisation's own departments and its chain partners. The
map's view options say which of the optional bands show (see ``view_bands``); a hidden band
takes no room. A touchpoint or process step spans the
columns of the customer steps it belongs to (a touchpoint at steps that are not neighbours once
per run of neighbouring steps; a process step that serves no step where it stands in the flow),
and is stacked into the first free row of its band, so boxes never overlap. Flows are routed
around the cards by ``routing``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from journeymapper.model.elements import DepartmentKind, JourneyMap, ViewOptions
from journeymapper.render import style
from journeymapper.render.arrows import FlowEnds, lane_arrows
from journeymapper.render.note_spans import note_spans
from journeymapper.render.placement import process_columns
from journeymapper.render.routing import Grid, Slot, interval_tracks

# Sizes in points. One place to tune the look of both the canvas and the poster.
MARGIN = 24.0
LABEL_WIDTH = 150.0
COLUMN_WIDTH = 170.0
COLUMN_GAP = 14.0
# The gap between two phases is wider: a divider runs down its middle, and the arrows in
# it keep well off the divider (``routing.DIVIDER_CLEARANCE``) and read as beside it.
PHASE_GAP = 28.0
HEADER_HEIGHT = 96.0
PHASE_HEIGHT = 44.0
STEP_HEIGHT = 78.0
EMOTION_HEIGHT = 200.0
CARD_HEIGHT = 52.0
CARD_GAP = 8.0
# Between the rows of a department's lane run the flows, so it leaves room for a few; a
# lane whose cards flows start or end at gets more between its rows, for each of the first
# two such flows (their lines, and their labels beside the lines).
LANE_ROW_GAP = 24.0
LANE_FLOW_ROOM = 10.0
LANE_FLOWS_COUNTED = 2
BAND_PADDING = 12.0
VISIBILITY_HEIGHT = 26.0
EMPTY_LANE_ROWS = 1
BAND_GAP = 6.0
# Inside bands and cards. Canvas and poster put their text in the same boxes, each placing
# its lines with its own font's metrics inside them.
LABEL_INSET = 8.0
STEP_INSET = 6.0  # a customer step card inside its band, above and below
# A metric's or initiative's card: a card with room for one more line of title.
TITLED_NOTE_HEIGHT = CARD_HEIGHT + 14.0
CARD_TOP = 4.0  # from a card's top edge to its title
DETAIL_LINE = style.CARD_DETAIL_SIZE + 3.0  # a card's one-line detail: the type and its descent
# A phase's finding marker sits inside its top right corner (a disc of radius 7, this far
# from both edges), and the phase's title ends short of it.
PHASE_MARKER_INSET = 4.0
PHASE_MARKER_ROOM = 2 * 7.0 + 2 * PHASE_MARKER_INSET
ARROW_HEAD = 8.0  # the length of an arrow head's sides
ARROW_HEAD_TURN = math.radians(150)  # each side's angle to the arrow's last segment

Point = tuple[float, float]


_PITCH = COLUMN_WIDTH + COLUMN_GAP


class BandKind(StrEnum):
    HEADER = "header"
    PHASES = "phases"
    STEPS = "steps"
    EMOTION = "emotion"
    PAIN_POINTS = "pain_points"
    IDEAS = "ideas"
    QUOTES = "quotes"
    TOUCHPOINTS = "touchpoints"
    METRICS = "metrics"
    INITIATIVES = "initiatives"
    VISIBILITY = "visibility"
    LANE = "lane"
    INTERNAL = "internal_interaction"  # the line of internal interaction, between lanes


# The bands drawn as a dashed line through the middle of their band, label above the line.
LINE_BANDS = frozenset({BandKind.VISIBILITY, BandKind.INTERNAL})
# The bands of cards the workshop writes, in the order they stack, with their labels.
NOTE_BAND_LABELS = {
    BandKind.PAIN_POINTS: "Pain points",
    BandKind.IDEAS: "Ideas and opportunities",
    BandKind.QUOTES: "Customer quotes",
    BandKind.METRICS: "Metrics",
    BandKind.INITIATIVES: "Initiatives",
}


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
        if self.kind is BandKind.INTERNAL:
            # On its line, in the label column and the map's margin left of it: as large as
            # the line of visibility's label, and short of the first gap, where arrows run.
            height = style.BAND_LABEL_SIZE + 5
            left = rect.x - MARGIN + 4
            return Rect(
                left, rect.center_y - height / 2, LABEL_WIDTH - COLUMN_GAP + MARGIN - 4 - 2, height
            )
        if self.kind in LINE_BANDS:
            return Rect(rect.x + 4, rect.y, 2 * LABEL_WIDTH, rect.height / 2 - 1)
        inset = LABEL_INSET
        # Ends just short of the first column, so a wide label never runs under a card.
        return Rect(rect.x + inset, rect.y + inset, LABEL_WIDTH - inset - 2, rect.height - 12)


class Box(NamedTuple):
    """The rectangle of one element (phase, step, touchpoint or process step)."""

    element_id: str
    rect: Rect


class Note(NamedTuple):
    """One card of a band the workshop writes: ``owner`` is the customer step of a pain
    point, idea or quote (``number`` counts the step's pain points or ideas), or the metric
    or initiative itself."""

    kind: BandKind
    owner: str
    number: int
    rect: Rect


@dataclass(frozen=True)
class CurvePoint:
    step_id: str
    x: float
    y: float
    value: float


class Arrow(NamedTuple):
    """A flow drawn as an orthogonal polyline from source box to target box, with its label
    (if it has one and the route leaves room) in ``label_box`` on the line, and the point of
    its route where its finding marker goes (``labels.marker_at``)."""

    flow_id: str
    points: tuple[Point, ...]
    handover: bool
    label: str
    label_box: Rect | None
    marker_at: Point


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
    width = rect.width - inset - PHASE_MARKER_ROOM  # ends short of the finding marker
    title = Rect(rect.x + inset, rect.y + inset, width, rect.height - 12)
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
    # The x of every column's left edge (a column of touchpoints at no step included): the
    # gaps between phases are wider than those inside one, so the pitch is not even.
    column_lefts: list[float] = field(default_factory=list)
    # A touchpoint at steps that are not neighbours is drawn once per run of neighbouring
    # steps: every run's rectangle, left to right, of each touchpoint with more than one run
    # (the first is also its box). Touchpoints drawn in one piece are not listed.
    runs: dict[str, list[Rect]] = field(default_factory=dict)
    # The cards of the pain point, idea, quote, metric and initiative bands that show.
    notes: list[Note] = field(default_factory=list)
    # The line between each two phases as (x, top, bottom): down the middle of the gap
    # between them, from the phases band to the last band (presentation mode draws them).
    # No arrow runs along one: the router keeps its lines in those gaps off the middle.
    dividers: list[tuple[float, float, float]] = field(default_factory=list)

    def cards(self) -> list[tuple[str, Rect]]:
        """Every card drawn, as (element id, rectangle): the boxes, and for a touchpoint drawn
        in several runs each run, so an id may come more than once."""
        result = []
        for element_id, box in self.boxes.items():
            result += [(element_id, rect) for rect in self.runs.get(element_id, [box.rect])]
        return result

    def run_label(self, element_id: str, rect: Rect) -> str:
        """What marks one run of a touchpoint drawn in several as a part of one touchpoint:
        "part 2 of 3"; empty for a card drawn in one piece."""
        runs = self.runs.get(element_id)
        if not runs or rect not in runs:
            return ""
        return f"part {runs.index(rect) + 1} of {len(runs)}"

    def lane_headers(self) -> dict[str, Rect]:
        """The header of each department's lane: its label column, short of the first gap."""
        return {
            band.element_id: Rect(
                band.rect.x, band.rect.y, LABEL_WIDTH - COLUMN_GAP, band.rect.height
            )
            for band in self.bands
            if band.kind is BandKind.LANE and band.element_id is not None
        }

    def column_at(self, x: float) -> int | None:
        """The column under scene x (the nearest one beside the map), None without columns."""
        if not self.column_ids:
            return None
        lefts = self.column_lefts[: len(self.column_ids)]
        # Right of the middle of the gap left of it: past the column before and half its gap.
        bounds = [(lefts[n - 1] + COLUMN_WIDTH + lefts[n]) / 2 for n in range(1, len(lefts))]
        return bisect_right(bounds, x)

    def column_left(self, column: int) -> float:
        """The x of column ``column``'s left edge."""
        return self.column_lefts[column]

    def column_bounds(self) -> list[float]:
        """Where each column's room begins, the middle of the gap left of it, and where the
        last one's ends: the lines a poster may cut along."""
        lefts = self.column_lefts
        inner = [(lefts[n - 1] + COLUMN_WIDTH + lefts[n]) / 2 for n in range(1, len(lefts))]
        return [lefts[0] - COLUMN_GAP / 2, *inner, lefts[-1] + COLUMN_WIDTH + COLUMN_GAP / 2]

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


def compute_layout(journey: JourneyMap, view: ViewOptions | None = None) -> Layout:
    """The geometry of every band, box, curve point and arrow of the map, showing the bands
    ``view`` chooses (by default the map's own view options)."""
    columns = _columns(journey)
    # A touchpoint at no step (yet) stands in a column of its own after the last step, so
    # its card claims no step it is not at.
    unattached = any(not any(s in columns.index for s in t.steps) for t in journey.touchpoints)
    column_count = max(1, len(columns.order) + (1 if unattached else 0))
    left = MARGIN + LABEL_WIDTH
    content_width = columns.lefts[column_count - 1] + COLUMN_WIDTH - left
    width = left + content_width + MARGIN
    builder = _Builder(journey, columns, left, content_width, view or journey.view)
    builder.header_and_phases()
    builder.steps_and_curve()
    for kind in (BandKind.PAIN_POINTS, BandKind.IDEAS, BandKind.QUOTES):
        builder.notes(kind)
    builder.touchpoints()
    for kind in (BandKind.METRICS, BandKind.INITIATIVES):
        builder.notes(kind)
    builder.visibility_line()
    builder.lanes()
    builder.arrows()
    layout = builder.layout
    layout.width = width
    layout.height = builder.y + MARGIN
    layout.dividers = _dividers(journey, columns, layout)
    layout.column_ids = list(columns.order)
    layout.columns_left = left
    layout.column_lefts = columns.lefts[:column_count]
    return layout


def _dividers(
    journey: JourneyMap, columns: _Columns, layout: Layout
) -> list[tuple[float, float, float]]:
    phases = [b for b in layout.bands if b.kind is BandKind.PHASES]
    if not phases or not layout.bands:
        return []
    top, bottom = phases[0].rect.y, layout.bands[-1].rect.bottom
    return [
        (columns.lefts[columns.phase_span[phase.id][0]] - PHASE_GAP / 2, top, bottom)
        for phase in journey.phases[1:]
    ]


def _phase_gaps(journey: JourneyMap, columns: _Columns) -> frozenset[int]:
    """The gaps between two phases: left of each phase's first column but the first's."""
    return frozenset(columns.phase_span[phase.id][0] for phase in journey.phases[1:])


@dataclass
class _Columns:
    """Column index of every step; steps of empty phases get a placeholder column."""

    order: list[str]
    index: dict[str, int]
    phase_span: dict[str, tuple[int, int]]
    # Every column's left edge, and one more for a column of touchpoints at no step.
    lefts: list[float]


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
    phase_starts = {first for first, _ in list(spans.values())[1:]}
    lefts, x = [], MARGIN + LABEL_WIDTH
    for n in range(len(order) + 1):
        if n in phase_starts:
            x += PHASE_GAP - COLUMN_GAP
        lefts.append(x)
        x += _PITCH
    return _Columns(order, index, spans, lefts)


class _Builder:
    """Walks down the bands, keeping the running y."""

    def __init__(
        self,
        journey: JourneyMap,
        columns: _Columns,
        left: float,
        content_width: float,
        view: ViewOptions,
    ) -> None:
        self.journey = journey
        self.view = view
        self.columns = columns
        self.left = left
        self.content_width = content_width
        self.y = MARGIN
        self.layout = Layout(0.0, 0.0)
        # What the router needs of the lanes: every process step's place (y measured from the
        # lanes' top, see ``arrows``), every row of cards.
        self.slots: dict[str, Slot] = {}
        self.rows: list[tuple[float, float]] = []

    def column_x(self, column: int) -> float:
        return self.columns.lefts[column]

    def span_rect(self, first: int, last: int, y: float, height: float) -> Rect:
        lefts = self.columns.lefts
        return Rect(lefts[first], y, lefts[last] - lefts[first] + COLUMN_WIDTH, height)

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
        for step in self.journey.steps():
            column = self.columns.index[step.id]
            rect = self.span_rect(column, column, band.y + STEP_INSET, band.height - 2 * STEP_INSET)
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
        """One card per run of neighbouring steps a touchpoint is at: a card never claims a
        step between its runs that the touchpoint does not serve."""
        spans: dict[tuple[str, int], tuple[int, int]] = {}
        index = self.columns.index
        unattached = (len(self.columns.order), len(self.columns.order))
        for touchpoint in self.journey.touchpoints:
            columns = [index[s] for s in touchpoint.steps if s in index]
            if len(columns) == 1:  # the common case, kept quick
                spans[(touchpoint.id, 0)] = (columns[0], columns[0])
                continue
            for n, run in enumerate(column_runs(columns) or [unattached]):
                spans[(touchpoint.id, n)] = run
        rects, _ = self._stacked_band(BandKind.TOUCHPOINTS, "Touchpoints", None, spans, CARD_GAP)
        boxes = self.layout.boxes
        runs: dict[str, list[Rect]] = {}
        for (touchpoint_id, n), rect in rects.items():  # a touchpoint's runs come in order
            if n == 0:
                boxes[touchpoint_id] = Box(touchpoint_id, rect)
            else:
                runs.setdefault(touchpoint_id, [boxes[touchpoint_id].rect]).append(rect)
        self.layout.runs = runs

    def notes(self, kind: BandKind) -> None:
        """A band of pain points, ideas, quotes, metrics or initiatives, when it shows."""
        order = self.columns.order
        spans = note_spans(
            self.journey, kind.value, self.columns.index, self.columns.phase_span, len(order)
        )
        if not band_shown(self.view, kind, bool(spans)):
            return
        # A metric's or initiative's card has a title above its detail line: one line more
        # than a card of text only, so a title of a few words is not cut at the reading size.
        titled = kind in (BandKind.METRICS, BandKind.INITIATIVES)
        height = TITLED_NOTE_HEIGHT if titled else CARD_HEIGHT
        rects, _ = self._stacked_band(kind, NOTE_BAND_LABELS[kind], None, spans, CARD_GAP, height)
        self.layout.notes += [Note(kind, owner, n, rect) for (owner, n), rect in rects.items()]

    def visibility_line(self) -> None:
        self.add_band(BandKind.VISIBILITY, VISIBILITY_HEIGHT, "Line of visibility")

    def lanes(self) -> None:
        """One lane per department; each process step under the steps it serves, or, serving
        none, where it stands in the flow (see ``placement.process_columns``)."""
        spans = process_columns(self.journey, self.columns.index, len(self.columns.order))
        by_department: dict[str, dict[tuple[str, int], tuple[int, int]]] = {
            d.id: {} for d in self.journey.departments
        }
        for step in self.journey.process_steps:
            by_department[step.department][(step.id, 0)] = spans[step.id]
        first_row, lanes_top = 0, self.y
        internal_after = internal_line_after(self.journey, self.view)
        flows = flows_per_department(self.journey)
        for number, department in enumerate(self.journey.departments):
            if number == internal_after:
                self.internal_line()
            extra = min(flows.get(department.id, 0), LANE_FLOWS_COUNTED)
            row_gap = LANE_ROW_GAP + extra * LANE_FLOW_ROOM
            rects, rows = self._stacked_band(
                BandKind.LANE,
                department.name,
                department.id,
                by_department[department.id],
                row_gap,
            )
            row_count = max(rows.values(), default=-1) + 1
            for (step_id, _), rect in rects.items():
                self.layout.boxes[step_id] = Box(step_id, rect)
                first, last = spans[step_id]
                row = first_row + rows[(step_id, 0)]
                x, y, width, height = rect
                self.slots[step_id] = Slot(row, first, last, x, y - lanes_top, width, height)
            for row in range(row_count):
                top = self.layout.bands[-1].rect.y + BAND_PADDING + row * (CARD_HEIGHT + row_gap)
                self.rows.append((top, top + CARD_HEIGHT))
            first_row += row_count

    def internal_line(self) -> None:
        """The line of internal interaction runs in the gap between two lanes and takes no
        room of its own: the lanes stay where they were, so the keys that walk them and the
        arrows between them do not change when the line comes or goes."""
        rect = Rect(MARGIN, self.y - BAND_GAP, LABEL_WIDTH + self.content_width, BAND_GAP)
        self.layout.bands.append(Band(BandKind.INTERNAL, rect, "Line of internal interaction"))

    def _stacked_band(
        self,
        kind: BandKind,
        label: str,
        element_id: str | None,
        spans: dict[tuple[str, int], tuple[int, int]],
        row_gap: float,
        card_height: float = CARD_HEIGHT,
    ) -> tuple[dict[tuple[str, int], Rect], dict[tuple[str, int], int]]:
        """A band of cards ``card_height`` high stacked in rows ``row_gap`` apart; the
        rectangle and the row of every span."""
        rows = _pack_rows(spans)
        row_count = max([*rows.values(), EMPTY_LANE_ROWS - 1]) + 1 if spans else EMPTY_LANE_ROWS
        height = 2 * BAND_PADDING + row_count * card_height + (row_count - 1) * row_gap
        band = self.add_band(kind, height, label, element_id)
        top, pitch, lefts = band.y + BAND_PADDING, card_height + row_gap, self.columns.lefts
        rects = {  # span_rect, written out: this runs for every card of the map
            key: Rect(
                lefts[first],
                top + rows[key] * pitch,
                lefts[last] - lefts[first] + COLUMN_WIDTH,
                card_height,
            )
            for key, (first, last) in spans.items()
        }
        return rects, rows

    def arrows(self) -> None:
        lanes = [band.rect for band in self.layout.bands if band.kind is BandKind.LANE]
        if not lanes or not self.journey.flows:
            return
        # The lanes are described from their own top, so they read the same when only the
        # bands above them change height, and their arrows are remembered across such edits.
        top = lanes[0].y
        grid = Grid(
            self.left,
            _PITCH,
            COLUMN_GAP,
            len(self.columns.order) or 1,
            tuple((upper - top, lower - top) for upper, lower in self.rows),
            0.0,
            lanes[-1].bottom - top,
            _phase_gaps(self.journey, self.columns),
            PHASE_GAP - COLUMN_GAP,
        )
        slots = tuple(self.slots.items())
        department_of = {p.id: p.department for p in self.journey.process_steps}
        flows = tuple(
            FlowEnds(
                f.id,
                f.source,
                f.target,
                f.label,
                department_of.get(f.source) != department_of.get(f.target),
            )
            for f in self.journey.flows
        )
        self.layout.arrows = [
            Arrow(i, points, handover, label, None if box is None else Rect(*box), marker)
            for i, points, handover, label, box, marker in lane_arrows(grid, slots, flows, top)
        ]


def flows_per_department(journey: JourneyMap) -> dict[str, int]:
    """How many flows start or end in each department's lane (a flow within one lane
    counts once): what its lane holds besides its cards."""
    department_of = {p.id: p.department for p in journey.process_steps}
    counts: dict[str, int] = {}
    for flow in journey.flows:
        ends = {department_of.get(flow.source), department_of.get(flow.target)}
        for department in ends:
            if department is not None:
                counts[department] = counts.get(department, 0) + 1
    return counts


def internal_line_after(journey: JourneyMap, view: ViewOptions) -> int | None:
    """How many lanes stand above the line of internal interaction: the organisation's own
    departments, when every lane below them is an external chain partner's; None when the
    line does not show.

    Below the line stands what supports the organisation's own work from outside it (the
    courier, the payment provider, the print house): the handovers that cross it are where a
    chain breaks most easily. The lanes keep the order the user gave them, so when partners
    and departments are mixed no line is drawn rather than one that puts a department on the
    wrong side; dragging the partners' lanes down brings it.
    """
    departments = journey.departments
    count = 0
    for department in departments:
        if department.kind is not DepartmentKind.INTERNAL:
            break
        count += 1
    below = departments[count:]
    has_line = count > 0 and bool(below)
    has_line = has_line and all(d.kind is DepartmentKind.PARTNER for d in below)
    return count if has_line and band_shown(view, BandKind.INTERNAL, has_line) else None


def band_shown(view: ViewOptions, kind: BandKind, has_content: bool) -> bool:
    """Whether an optional band shows: as the user chose, else when it has content."""
    if kind.value in view.shown:
        return True
    return has_content and kind.value not in view.hidden


def column_runs(columns: list[int]) -> list[tuple[int, int]]:
    """Columns grouped into runs of neighbours: [3, 4, 9] gives [(3, 4), (9, 9)]."""
    runs: list[tuple[int, int]] = []
    for column in sorted(set(columns)):
        if runs and runs[-1][1] == column - 1:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return runs


def _pack_rows(spans: dict[tuple[str, int], tuple[int, int]]) -> dict[tuple[str, int], int]:
    """Give each span the lowest row where it overlaps nothing (greedy interval packing,
    the same as a gap's flow tracks with no slack)."""
    keys = list(spans)
    return dict(zip(keys, interval_tracks([spans[key] for key in keys], 0), strict=True))
