"""The report's map, a phase or two per A4 page at a size read in the hand, with what the
workshop said about those steps (pain points, ideas, quotes) and the phases' dashboards below.

The whole map on one A4 page printed card titles at 2-3 pt. Here each page shows the label
column and the columns of one or two phases (a phase too wide for the page is cut between
steps), scaled so that card titles are at least 7 pt; a map too tall for the page at that size
continues behind the line of visibility on the next page.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from journeymapper.export.fonts import GlyphCheck
from journeymapper.export.poster_content import MapContent, map_region
from journeymapper.export.poster_draw import MapPainter
from journeymapper.export.poster_rows import phase_spans
from journeymapper.export.report_tables import phase_dashboards, table
from journeymapper.export.report_text import ReportText
from journeymapper.model import style
from journeymapper.model.elements import CustomerStep, Phase
from journeymapper.model.layout import COLUMN_GAP, COLUMN_WIDTH, BandKind, Rect

# The smallest card title and detail sizes on a report page (points).
REPORT_FLOORS = (7.0, 5.0)
MIN_SCALE = REPORT_FLOORS[0] / style.CARD_TITLE_SIZE
MAX_PHASES_PER_PAGE = 2
PAGE_SHARE = 0.92  # of the frame's height for the map, the rest for its heading
_PITCH = COLUMN_WIDTH + COLUMN_GAP


class MapSlice(Flowable):
    """One window of the map (label column beside some columns, some bands), drawn at
    ``scale`` so that its card titles are at least REPORT_FLOORS[0] points."""

    def __init__(
        self, content: MapContent, glyphs: GlyphCheck, labels: Rect, columns: Rect, scale: float
    ) -> None:
        super().__init__()
        self.content = content
        self.glyphs = glyphs
        self.labels = labels
        self.columns = columns
        self.scale = scale
        self.painters: list[MapPainter] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return (
            self.labels.width + self.columns.width
        ) * self.scale, self.columns.height * self.scale

    def draw(self) -> None:
        s = self.scale
        top = self.columns.height * s  # the flowable's own coordinates: y up from its bottom
        for window, x in ((self.labels, 0.0), (self.columns, self.labels.width * s)):
            origin = (x - window.x * s, top + window.y * s)
            painter = MapPainter(
                self.canv, self.content, self.glyphs, origin, s, window=window, floors=REPORT_FLOORS
            )
            painter.draw()
            self.painters.append(painter)


@dataclass(frozen=True)
class PageGroup:
    """The phases one page shows and the x extent of their columns."""

    phases: tuple[Phase, ...]
    left: float
    right: float
    part: str = ""  # "steps 1-4 of 9" when a wide phase is cut


def map_pages(
    text: ReportText, content: MapContent, width: float, height: float
) -> tuple[list[Flowable], list[MapSlice]]:
    """The story of the map pages for a frame of ``width`` by ``height`` points, and its map
    slices (to count, once drawn, what they shortened)."""
    region = map_region(content.layout)
    labels_right = content.layout.columns_left - COLUMN_GAP / 2
    room = width / MIN_SCALE - (labels_right - region.x)
    story: list[Flowable] = []
    pieces: list[MapSlice] = []
    for n, group in enumerate(_groups(content, region, room)):
        if n:
            story.append(PageBreak())
        span = group.right - group.left
        scale = min(1.0, width / (labels_right - region.x + span))
        bands = _band_windows(content, region, height * PAGE_SHARE / scale)
        titles = text.clean(" and ".join(p.title for p in group.phases), "a phase")
        # The section's title is on the first map's heading: a heading of its own, with no
        # room beside it for a map, would take a page.
        intro = "The journey, phase by phase: " if n == 0 else ""
        heading = text.own(intro + titles + (f" ({group.part})" if group.part else ""), "h2")
        for k, (top, bottom) in enumerate(bands):
            labels = Rect(region.x, top, labels_right - region.x, bottom - top)
            columns = Rect(group.left, top, span, bottom - top)
            piece = MapSlice(content, text.glyphs, labels, columns, scale)
            pieces.append(piece)
            story.append(KeepTogether([heading, piece]) if k == 0 else piece)
        story += [Spacer(1, 8), *_notes(text, group, width)]
        story += phase_dashboards(text, content, group.phases, width)
    return story, pieces


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
            groups += _cut(phase, span, room)
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


def _cut(phase: Phase, span: tuple[float, float], room: float) -> list[PageGroup]:
    """A wide phase in pieces of whole columns."""
    per_page = max(1, int((room + COLUMN_GAP) // _PITCH))
    columns = max(1, round((span[1] - span[0]) / _PITCH))
    pieces = []
    for first in range(0, columns, per_page):
        last = min(columns, first + per_page)
        left = span[0] + first * _PITCH
        right = span[1] if last == columns else span[0] + last * _PITCH
        pieces.append(PageGroup((phase,), left, right, f"steps {first + 1}-{last} of {columns}"))
    return pieces


def _band_windows(content: MapContent, region: Rect, room: float) -> list[tuple[float, float]]:
    """The map's height in one piece when it fits ``room`` (layout units), else cut at the
    line of visibility (the customer's side, then the departments' lanes), and each side cut
    again between bands where it is still too tall (the workshop's bands make the customer's
    side taller than a page)."""
    if region.height <= room:
        return [(region.y, region.bottom)]
    bands = [b.rect for b in content.layout.bands if b.kind is not BandKind.HEADER]
    cut = next((b.rect.bottom for b in content.layout.bands if b.kind is BandKind.VISIBILITY), None)
    sides = [(region.y, region.bottom)] if cut is None else [(region.y, cut), (cut, region.bottom)]
    windows: list[tuple[float, float]] = []
    for top, bottom in sides:
        windows += _packed(top, bottom, [b.bottom for b in bands if top < b.bottom < bottom], room)
    return windows


def _packed(
    top: float, bottom: float, edges: list[float], room: float
) -> list[tuple[float, float]]:
    """From ``top`` to ``bottom`` in as few windows of at most ``room`` as cuts at ``edges``
    (band bottoms) allow; a single band taller than ``room`` stays whole."""
    windows = []
    start = previous = top
    for edge in [*edges, bottom]:
        if edge - start > room and previous > start:
            windows.append((start, previous))
            start = previous
        previous = edge
    windows.append((start, bottom))
    return windows


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
