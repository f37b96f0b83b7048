"""What the map drawing reads: the map with its layout and findings, colours, placements.

Computed once per export and shared by the poster page and the report's map page.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor

from journeymapper.model.analysis import Analysis, Finding, run_analysis
from journeymapper.model.elements import (
    Channel,
    CustomerStep,
    Department,
    JourneyMap,
    Phase,
    ProcessStep,
    Touchpoint,
)
from journeymapper.model.layout import BandKind, Layout, Rect, compute_layout
from journeymapper.render.faces import Face
from journeymapper.render.map_faces import MapFaces, map_faces, served_moments

# Room around the bands for markers that stick out of the rightmost cards.
REGION_PADDING = 10.0

Card = Phase | CustomerStep | Touchpoint | ProcessStep


@functools.lru_cache(maxsize=512)
def colour(hex_code: str) -> Color:
    """A reportlab colour for a hex string; an unreadable colour from a file becomes grey."""
    try:
        return HexColor(hex_code)
    except (ValueError, TypeError):
        return HexColor("#95a5a6")


@dataclass(frozen=True)
class TextPlacement:
    """Where one line of text went, and the box it had to stay in, in page coordinates
    (x, y of the lower left corner, width, height); kept only when tracing."""

    text: str
    line: Rect
    box: Rect


@dataclass
class MapContent:
    """Everything the painter and the report read besides the canvas: the map, its layout and
    its analysis, with the look-ups drawing needs."""

    journey: JourneyMap
    layout: Layout
    analysis: Analysis
    findings: dict[str, list[Finding]]  # element id -> its findings
    moments: dict[str, bool]  # step id -> served by a touchpoint
    channels: dict[str, Channel]
    elements: dict[str, Card]  # every element that has a card on the map

    @classmethod
    def of(cls, journey: JourneyMap, analysis: Analysis | None = None) -> MapContent:
        """Lay out ``journey`` and analyse it, unless ``analysis`` (of this same map, e.g. the
        editor's) is given; either way the analysis runs at most once per export."""
        if analysis is None:
            analysis = run_analysis(journey)
        context = analysis.context
        by_element: dict[str, list[Finding]] = defaultdict(list)
        for finding in analysis.findings:
            for element_id in finding.elements:
                by_element[element_id].append(finding)
        moments = served_moments(journey, (m.step.id for m in analysis.moments))
        elements: dict[str, Card] = {phase.id: phase for phase in journey.phases}
        elements.update((step.id, step) for step in context.steps)
        elements.update((t.id, t) for t in journey.touchpoints)
        elements.update(context.process_steps)
        return cls(
            journey,
            compute_layout(journey),
            analysis,
            dict(by_element),
            moments,
            {c.id: c for c in journey.channels},
            elements,
        )

    @property
    def departments(self) -> dict[str, Department]:
        return self.analysis.context.departments

    @functools.cached_property
    def faces(self) -> MapFaces:
        """Every face of the map, as the canvas draws it; computed once per export."""
        named: dict[str, object] = dict(self.elements)
        named.update(self.channels)
        named.update(self.departments)
        by_element = {key: list(found) for key, found in self.findings.items()}
        return map_faces(self.journey, self.layout, named.get, by_element, self.moments)

    @functools.cached_property
    def face_index(self) -> FaceIndex:
        """The faces by where they are, for drawing one window of the map at a time."""
        return FaceIndex(list(self.faces.stacked()))

    @property
    def all_findings(self) -> list[Finding]:
        """Every finding, in the analysis's order."""
        return self.analysis.findings


def map_region(layout: Layout) -> Rect:
    """The part of the layout the paper shows: every band below the header and every point
    of every flow's line (one may loop round the last column, past the bands' edge), with
    room for markers. The header band's title and persona go on the page at a readable size."""
    bands = [band for band in layout.bands if band.kind is not BandKind.HEADER]
    if not bands:
        return Rect(0, 0, layout.width, layout.height)
    xs = [x for b in bands for x in (b.rect.x, b.rect.right)]
    ys = [y for b in bands for y in (b.rect.y, b.rect.bottom)]
    for arrow in layout.arrows:
        xs += [x for x, _y in arrow.points]
        ys += [y for _x, y in arrow.points]
    left = min(xs) - REGION_PADDING
    top = min(ys) - REGION_PADDING
    right = max(xs) + REGION_PADDING
    bottom = max(ys) + REGION_PADDING
    return Rect(left, top, right - left, bottom - top)


class FaceIndex:
    """Faces in stacking order, found by the columns they reach into: a report draws the
    map in hundreds of windows, and looking at every face for each one made a report of a
    large map quadratic (8 minutes at ten times the benchmark's large map)."""

    BUCKET = 600.0  # layout units: a few columns

    def __init__(self, faces: list[Face]) -> None:
        self.faces = faces
        self.buckets: dict[int, list[int]] = {}
        for order, face in enumerate(faces):
            box = face.box
            for bucket in range(self._bucket(box.x), self._bucket(box.right) + 1):
                self.buckets.setdefault(bucket, []).append(order)

    def _bucket(self, x: float) -> int:
        return int(x // self.BUCKET)

    def within(self, window: Rect | None) -> list[Face]:
        """The faces whose box reaches into ``window`` (every face for None), in stacking
        order."""
        if window is None:
            return self.faces
        found: set[int] = set()
        for bucket in range(self._bucket(window.x), self._bucket(window.right) + 1):
            found.update(self.buckets.get(bucket, ()))
        faces = self.faces
        return [
            face
            for face in (faces[order] for order in sorted(found))
            if face.box.x <= window.right
            and window.x <= face.box.right
            and face.box.y <= window.bottom
            and window.y <= face.box.bottom
        ]
