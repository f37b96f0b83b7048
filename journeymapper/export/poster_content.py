"""What the map drawing reads: the map with its layout and findings, colours, placements.

Computed once per export and shared by the poster page and the report's map page.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from reportlab.lib.colors import Color, HexColor

from journeymapper.model.analysis import Finding, analyze, detected_moments
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

# Room around the bands for markers that stick out of the rightmost cards.
REGION_PADDING = 10.0


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
    """Everything the painter reads besides the canvas: the map, its layout and findings."""

    journey: JourneyMap
    layout: Layout
    findings: dict[str, list[Finding]]
    moments: dict[str, bool]  # step id -> served by a touchpoint
    channels: dict[str, Channel]
    departments: dict[str, Department]
    elements: dict[str, Phase | CustomerStep | Touchpoint | ProcessStep]
    all_findings: list[Finding] = field(default_factory=list)

    @classmethod
    def of(cls, journey: JourneyMap) -> MapContent:
        """Lay out and analyse ``journey`` once for drawing."""
        findings = analyze(journey)
        by_element: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            for element_id in finding.elements:
                by_element[element_id].append(finding)
        served = {step_id for t in journey.touchpoints for step_id in t.steps}
        moments = {m.step.id: m.step.id in served for m in detected_moments(journey)}
        elements: dict[str, Phase | CustomerStep | Touchpoint | ProcessStep] = {}
        for phase in journey.phases:
            elements[phase.id] = phase
            elements.update((step.id, step) for step in phase.steps)
        elements.update((t.id, t) for t in journey.touchpoints)
        elements.update((p.id, p) for p in journey.process_steps)
        return cls(
            journey,
            compute_layout(journey),
            dict(by_element),
            moments,
            {c.id: c for c in journey.channels},
            {d.id: d for d in journey.departments},
            elements,
            findings,
        )


def map_region(layout: Layout) -> Rect:
    """The part of the layout the paper shows: every band below the header, with room for
    markers. The header band's title and persona go on the page at a readable size."""
    bands = [band for band in layout.bands if band.kind is not BandKind.HEADER]
    if not bands:
        return Rect(0, 0, layout.width, layout.height)
    left = min(b.rect.x for b in bands) - REGION_PADDING
    top = min(b.rect.y for b in bands) - REGION_PADDING
    right = max(b.rect.right for b in bands) + REGION_PADDING
    bottom = max(b.rect.bottom for b in bands) + REGION_PADDING
    return Rect(left, top, right - left, bottom - top)
