"""The report's map, a phase or two per landscape A4 page at a size read in the hand, with
what the workshop said about those steps (pain points, ideas, quotes) and the phases'
dashboards below.

The whole map on one A4 page printed card titles at 2-3 pt. Here each page shows the label
column and the columns of one or two phases (a phase too wide for the page is cut between
steps), with card titles at 7.5-8 pt. A band with nothing in those columns (a department's
lane, pain points, touchpoints, ...) is left out, and a line names it; so are the rows of a
band that are empty there. A map still too tall for the page continues behind the line of
visibility (then between bands) on the next page. Groups of phases follow each other on a
page where they fit.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, Spacer

from journeymapper.export.fonts import BOLD, GlyphCheck
from journeymapper.export.poster_content import MapContent, colour, map_region
from journeymapper.export.poster_draw import MapPainter
from journeymapper.export.poster_rows import phase_spans
from journeymapper.export.report_tables import phase_dashboards, table
from journeymapper.export.report_text import ReportText
from journeymapper.model import style
from journeymapper.model.elements import CustomerStep, Phase
from journeymapper.model.layout import (
    BAND_GAP,
    BAND_PADDING,
    CARD_HEIGHT,
    COLUMN_GAP,
    COLUMN_WIDTH,
    BandKind,
    Layout,
    Rect,
)

# The smallest card title and detail sizes on a report page (points).
REPORT_FLOORS = (7.0, 5.0)
# Card titles print at PLANNED_TITLE points where the page allows, and never below
# SMALLEST_TITLE by the page's scale: a long title then still has room to shrink to the floor
# before it is shortened. At SMALLEST_TITLE a phase of five steps fits across a landscape page.
PLANNED_TITLE = 8.0
SMALLEST_TITLE = 7.5
MAX_SCALE = PLANNED_TITLE / style.CARD_TITLE_SIZE
MIN_SCALE = SMALLEST_TITLE / style.CARD_TITLE_SIZE
MAX_PHASES_PER_PAGE = 2
HEADING_ROOM = 40.0  # of the frame's height (points), for a map's heading and its note
_PITCH = COLUMN_WIDTH + COLUMN_GAP


class MapSlice(Flowable):
    """One window of the map: the label column beside some columns, showing the bands whose
    y ranges (layout units) are in ``ranges``, stacked without the bands left out between
    them, drawn at ``scale`` so that card titles are at least REPORT_FLOORS[0] points."""

    def __init__(
        self,
        content: MapContent,
        glyphs: GlyphCheck,
        columns: tuple[float, float],
        ranges: list[tuple[float, float]],
        scale: float,
    ) -> None:
        super().__init__()
        # A map narrower than the landscape frame (held back by the page's height) sits in
        # its middle, not in the left part of the page.
        self.hAlign = "CENTER"
        self.content = content
        self.glyphs = glyphs
        region = map_region(content.layout)
        self.labels = (region.x, content.layout.columns_left - COLUMN_GAP / 2)
        self.columns = columns
        self.ranges = ranges
        self.scale = scale
        self.painters: list[MapPainter] = []
        self.exits = self._exits()

    @property
    def layout_size(self) -> tuple[float, float]:
        """Width and height in layout units."""
        width = self.labels[1] - self.labels[0] + self.columns[1] - self.columns[0]
        return width, sum(bottom - top for top, bottom in self.ranges)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = self.layout_size
        return width * self.scale, height * self.scale

    def draw(self) -> None:
        s = self.scale
        y = self.layout_size[1] * s  # the flowable's own coordinates: y up from its bottom
        label_width = (self.labels[1] - self.labels[0]) * s
        for top, bottom in self.ranges:
            for (left, right), x in ((self.labels, 0.0), (self.columns, label_width)):
                window = Rect(left, top, right - left, bottom - top)
                origin = (x - left * s, y + top * s)
                painter = MapPainter(
                    self.canv,
                    self.content,
                    self.glyphs,
                    origin,
                    s,
                    window=window,
                    floors=REPORT_FLOORS,
                )
                painter.draw()
                self.painters.append(painter)
            y -= (bottom - top) * s
        for number, (_, point) in enumerate(self.exits, 1):
            self._draw_marker(number, point)

    def _windows(self) -> list[tuple[Rect, tuple[float, float]]]:
        """The windows of the page's columns (layout units) and where each one's layout
        origin is in the flowable's own coordinates."""
        s = self.scale
        y = self.layout_size[1] * s
        left, right = self.columns
        shift = (self.labels[1] - self.labels[0]) * s - left * s
        windows: list[tuple[Rect, tuple[float, float]]] = []
        for top, bottom in self.ranges:
            windows.append((Rect(left, top, right - left, bottom - top), (shift, y + top * s)))
            y -= (bottom - top) * s
        return windows

    def _exits(self) -> list[tuple[str, tuple[float, float]]]:
        """The flows that leave this map before their target card (in a lane left out, or in
        steps of another page): where each one goes, and the point (flowable coordinates) at
        which it leaves, where a numbered marker refers to the list under the map."""
        flows = {flow.id: flow for flow in self.content.journey.flows}
        context = self.content.analysis.context
        windows = self._windows()
        found: list[tuple[str, tuple[float, float]]] = []
        left, right = self.columns
        for arrow in self.content.layout.arrows:
            xs = [x for x, _ in arrow.points]
            if max(xs) < left or min(xs) > right:
                continue  # nowhere near this page's columns
            flow = flows.get(arrow.flow_id)
            target = context.process_steps.get(flow.target) if flow else None
            if target is None or any(_inside(w, arrow.points[-1]) for w, _ in windows):
                continue
            leaves = _last_exit(arrow.points, windows)
            if leaves is None:
                continue  # the flow does not cross this map
            (x, y), (_, origin) = leaves
            lane_shown = any(w.y <= arrow.points[-1][1] <= w.bottom for w, _ in windows)
            lane = context.department_name(target.department)
            where = "" if lane_shown else f"{lane} (not shown here): "
            point = (origin[0] + x * self.scale, origin[1] - y * self.scale)
            found.append((f"→ {where}{target.title}", point))
        return found

    def _draw_marker(self, number: int, point: tuple[float, float]) -> None:
        """A small numbered disc where a flow leaves the map."""
        canv = self.canv
        canv.saveState()
        canv.setFillColor(colour(style.INK))
        canv.circle(point[0], point[1], EXIT_SIZE * 0.75, stroke=0, fill=1)
        canv.setFillColor(colour(style.PAPER))
        canv.setFont(BOLD, EXIT_SIZE)
        canv.drawCentredString(point[0], point[1] - EXIT_SIZE * 0.35, str(number))
        canv.restoreState()


EXIT_SIZE = 6.0  # points: the number where a flow leaves the map


def _inside(window: Rect, point: tuple[float, float]) -> bool:
    x, y = point
    return window.x <= x <= window.right and window.y <= y <= window.bottom


def _last_exit(
    points: tuple[tuple[float, float], ...], windows: list[tuple[Rect, tuple[float, float]]]
) -> tuple[tuple[float, float], tuple[Rect, tuple[float, float]]] | None:
    """Where the polyline last leaves one of ``windows`` (layout units), and that window;
    None when it crosses none of them."""
    for a, b in reversed(list(itertools.pairwise(points))):
        for placed in windows:
            clipped = _clip(a, b, placed[0])
            if clipped is not None:
                return clipped, placed
    return None


def _clip(
    a: tuple[float, float], b: tuple[float, float], window: Rect
) -> tuple[float, float] | None:
    """The point of the axis-parallel segment from ``a`` to ``b`` inside ``window`` that is
    nearest ``b``, or None when the segment misses the window."""
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    if x1 < window.x or x0 > window.right or y1 < window.y or y0 > window.bottom:
        return None
    x = min(max(b[0], window.x), window.right)
    y = min(max(b[1], window.y), window.bottom)
    return x, y


@dataclass(frozen=True)
class PageGroup:
    """The phases one page shows and the x extent of their columns."""

    phases: tuple[Phase, ...]
    left: float
    right: float
    part: str = ""  # "steps 1-4 of 9" when a wide phase is cut


def map_pages(
    text: ReportText,
    content: MapContent,
    size: tuple[float, float],
    continued: Continued,
) -> tuple[list[Flowable], list[MapSlice]]:
    """The story of the map pages for a frame of ``size`` (width, height) points, and its map
    slices (to count, once drawn, what they shortened). Groups follow each other on the page
    where they fit: a group of few bands does not take a page of its own. The story sets
    ``continued`` for the CONTINUED page template."""
    width, height = size
    region = map_region(content.layout)
    labels_width = content.layout.columns_left - COLUMN_GAP / 2 - region.x
    room = width / MIN_SCALE - labels_width
    map_room = height - HEADING_ROOM
    story: list[Flowable] = []
    pieces: list[MapSlice] = []
    for n, group in enumerate(_groups(content, region, room)):
        bands, left_out = shown_bands(content.layout, group.left, group.right)
        # Titles above PLANNED_TITLE would take more pages (b2b sample: 15 -> 17); a map the
        # cap keeps narrower than the landscape frame is centred in it.
        widest = min(MAX_SCALE, width / (labels_width + group.right - group.left))
        scale, windows = _fit(bands, widest, map_room)
        titles = text.clean(" and ".join(p.title for p in group.phases), "a phase")
        # The section's title is on the first map's heading: a heading of its own, with no
        # room beside it for a map, would take a page.
        intro = "The journey, phase by phase: " if n == 0 else ""
        heading = text.own(intro + titles + (f" ({group.part})" if group.part else ""), "h2")
        for k, ranges in enumerate(windows):
            piece = MapSlice(content, text.glyphs, (group.left, group.right), ranges, scale)
            pieces.append(piece)
            if k:  # the page template names the phases on a page this window starts
                story += [Spacer(1, 6), KeepTogether([piece, *_exit_list(text, piece)])]
                continue
            # Every page after the heading's, up to the group's end, starts with a heading
            # naming the phases, drawn by the page template: a table or a map window that
            # runs over never starts a page untitled, and a window that fits below the one
            # before it gets no heading of its own.
            mark = _Continues(continued, f"{titles} (continued)")
            kept = [heading, mark, piece, *_exit_list(text, piece)]
            story += [KeepTogether(kept), NextPageTemplate(CONTINUED)]
        if left_out:
            names = text.clean(", ".join(left_out), "a band")
            story.append(text.own(f"Not shown, empty in these steps: {names}.", "muted"))
        story += [Spacer(1, 6), *_notes(text, group, width)]
        story += phase_dashboards(text, content, group.phases, width, titled=len(group.phases) > 1)
        story += [NextPageTemplate(MAP), Spacer(1, 12)]
    return story, pieces


# The page templates of the map pages: a page of its own, and a page that goes on with the
# phases of the page before (its template draws their heading).
MAP = "map"
CONTINUED = "map-continued"


@dataclass
class Continued:
    """The heading (Paragraph markup) of the map pages that go on with a page's phases, set
    while the story is laid out and read by the page template of the next page."""

    heading: str = ""


class _Continues(Flowable):
    """Takes no room; when placed, says which phases the following pages go on with."""

    def __init__(self, continued: Continued, heading: str) -> None:
        super().__init__()
        self.continued = continued
        self.heading = heading

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.continued.heading = self.heading


def _exit_list(text: ReportText, piece: MapSlice) -> list[Flowable]:
    """Under a map, where each numbered flow that leaves it goes."""
    if not piece.exits:
        return []
    items = [
        f"<b>{n}</b> {text.clean(label, 'a flow')}" for n, (label, _) in enumerate(piece.exits, 1)
    ]
    return [text.own("Flows that leave this map: " + "; ".join(items) + ".", "muted")]


# Bands left out of a page when they hold nothing in its columns: the workshop's bands, the
# touchpoints and the departments' lanes. Phases, steps, the emotion curve and the line of
# visibility always show: they are what a reader finds the way by.
OPTIONAL_ON_PAGE = frozenset(
    {
        BandKind.PAIN_POINTS,
        BandKind.IDEAS,
        BandKind.QUOTES,
        BandKind.TOUCHPOINTS,
        BandKind.METRICS,
        BandKind.INITIATIVES,
        BandKind.LANE,
    }
)


def shown_bands(
    layout: Layout, left: float, right: float
) -> tuple[list[tuple[BandKind, float, float]], list[str]]:
    """The bands a page of the columns from ``left`` to ``right`` shows, as (kind, top,
    bottom) with half the gap to the next band either side, and the labels of those left out
    as empty there: no card, and no flow running across, in those columns. A lane a flow
    runs across stays, so that no arrow is cut."""
    things = [rect for _, rect in layout.cards()] + [note.rect for note in layout.notes]
    for arrow in layout.arrows:
        # Only the flows' runs across: a flow that only passes down through a band goes on
        # as one line where the band is left out (the windows above and below meet).
        things += [
            _segment(a, b) for a, b in itertools.pairwise(arrow.points) if abs(a[1] - b[1]) < 0.5
        ]
        things += [arrow.label_box] if arrow.label_box is not None else []
    # Only what reaches into these columns counts; filtering first keeps each page's cost to
    # what it shows (every band against every thing of the map made large reports quadratic).
    things = [thing for thing in things if thing.x <= right and left <= thing.right]
    shown: list[tuple[BandKind, float, float]] = []
    left_out: list[str] = []
    for band in layout.bands:
        if band.kind is BandKind.HEADER:
            continue
        rect = band.rect
        bottom = rect.bottom
        if band.kind in OPTIONAL_ON_PAGE:
            area = Rect(left, rect.y, right - left, rect.height)
            inside = [thing for thing in things if area.overlaps(thing)]
            if not inside:
                left_out.append(band.label)
                continue
            # The band's rows that hold nothing in these columns are left out too.
            # (Its first row always shows: its label needs that room.)
            lowest = max(thing.bottom for thing in inside)
            bottom = min(bottom, max(lowest, rect.y + BAND_PADDING + CARD_HEIGHT) + BAND_PADDING)
        shown.append((band.kind, rect.y - BAND_GAP / 2, bottom + BAND_GAP / 2))
    if shown and shown[-1][0] is BandKind.VISIBILITY:
        shown.pop()  # the line with nothing below it: every lane is left out
    return shown, left_out


def _segment(a: tuple[float, float], b: tuple[float, float]) -> Rect:
    """A flow's segment as a thin rectangle."""
    x, y = min(a[0], b[0]), min(a[1], b[1])
    return Rect(x - 0.5, y - 0.5, abs(a[0] - b[0]) + 1, abs(a[1] - b[1]) + 1)


def _fit(
    bands: list[tuple[BandKind, float, float]], widest: float, room: float
) -> tuple[float, list[list[tuple[float, float]]]]:
    """The scale and the windows (each a list of y ranges, layout units) of a page group:
    all its bands in one window at the largest scale up to ``widest`` that fits ``room``
    points, else as few windows as fit at that scale (cut at the line of visibility first,
    then between bands)."""
    height = sum(bottom - top for _, top, bottom in bands)
    if height * MIN_SCALE <= room:
        return min(widest, room / height), [_merged(bands)]
    cut = next((n for n, band in enumerate(bands) if band[0] is BandKind.VISIBILITY), None)
    sides = [bands] if cut is None else [bands[:cut], bands[cut:]]
    windows = [w for side in sides if side for w in _packed(side, room / widest)]
    tallest = max(sum(b - t for _, t, b in window) for window in windows)
    return min(widest, room / tallest), [_merged(window) for window in windows]


def _packed(
    bands: list[tuple[BandKind, float, float]], room: float
) -> list[list[tuple[BandKind, float, float]]]:
    """Bands in order, in as few windows of at most ``room`` layout units as whole bands
    allow; a band taller than ``room`` has a window of its own (it is drawn smaller)."""
    windows: list[list[tuple[BandKind, float, float]]] = [[]]
    used = 0.0
    for band in bands:
        size = band[2] - band[1]
        if windows[-1] and used + size > room:
            windows.append([])
            used = 0.0
        windows[-1].append(band)
        used += size
    return windows


def _merged(bands: list[tuple[BandKind, float, float]]) -> list[tuple[float, float]]:
    """Touching y ranges joined: one window per run of bands shown."""
    ranges: list[tuple[float, float]] = []
    for _, top, bottom in bands:
        if ranges and top <= ranges[-1][1] + 1e-6:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], bottom))
        else:
            ranges.append((top, bottom))
    return ranges


def _groups(content: MapContent, region: Rect, room: float) -> list[PageGroup]:
    """Phases in pages: up to MAX_PHASES_PER_PAGE when they fit ``room`` (layout units of
    columns), a phase wider than that cut between steps."""
    phases = list(content.journey.phases)
    spans = phase_spans(content.layout, [p.id for p in phases], region)
    placed = [p for p in phases if p.id in content.layout.boxes]
    groups: list[PageGroup] = []
    pending: list[tuple[Phase, tuple[float, float]]] = []
    for phase, span in zip(placed, spans, strict=False):
        width = span[1] - span[0]
        if width > room:
            groups += _flush(pending)
            pending = []
            groups += _cut(phase, span, room, content.layout.column_bounds())
            continue
        if pending and (len(pending) >= MAX_PHASES_PER_PAGE or span[1] - pending[0][1][0] > room):
            groups += _flush(pending)
            pending = []
        pending.append((phase, span))
    return groups + _flush(pending)


def _flush(pending: list[tuple[Phase, tuple[float, float]]]) -> list[PageGroup]:
    if not pending:
        return []
    return [PageGroup(tuple(p for p, _ in pending), pending[0][1][0], pending[-1][1][1])]


def _cut(
    phase: Phase, span: tuple[float, float], room: float, bounds: list[float]
) -> list[PageGroup]:
    """A wide phase in pieces of whole columns, as even as the page allows, cut at the
    ``bounds`` between its columns (``Layout.column_bounds``)."""
    edges = [span[0], *(x for x in bounds if span[0] + 1 < x < span[1] - 1), span[1]]
    columns = len(edges) - 1
    most = max(1, int((room + COLUMN_GAP) // _PITCH))
    count = -(-columns // most)  # pages needed
    per_page = -(-columns // count)  # columns on each, evenly
    pieces = []
    for first in range(0, columns, per_page):
        last = min(columns, first + per_page)
        left, right = edges[first], edges[last]
        pieces.append(PageGroup((phase,), left, right, f"steps {first + 1}-{last} of {columns}"))
    return pieces


def _notes(text: ReportText, group: PageGroup, width: float) -> list[Flowable]:
    """Per step of the page: its pain points, ideas and quote, in a table."""
    widths = [width * share for share in (0.24, 0.28, 0.28, 0.2)]
    rows = []
    for phase in group.phases:
        for step in phase.steps:
            if not (step.pain_points or step.ideas or step.quote):
                continue
            rows.append(_step_row(text, step, widths))
    if not rows:
        return [text.own("No pain points, ideas or quotes noted for these steps.", "muted")]
    return [table(text, ["Step", "Pain points", "Ideas", "Quote"], rows, widths)]


def _step_row(text: ReportText, step: CustomerStep, widths: list[float]) -> list[Flowable]:
    where = f"step '{step.title}'"
    return [
        text.cell(step.title, widths[0], where, bold=True),
        text.cell("; ".join(step.pain_points), widths[1], where),
        text.cell("; ".join(step.ideas), widths[2], where),
        text.cell(f"“{step.quote}”" if step.quote else "", widths[3], where),
    ]
