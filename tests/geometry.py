"""Geometric checks of a drawn map, written from the picture's point of view and independent
of how the router works: they see only rectangles, polylines and what the map says.

Cards are (id, kind, (x, y, width, height)); arrows are (id, source id, target id, points).
Each check returns a list of readable violations, empty when the picture is right.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from journeymapper.model.elements import JourneyMap

Box = tuple[float, float, float, float]
Card = tuple[str, str, Box]
ArrowLine = tuple[str, str, str, Sequence[Sequence[float]]]

EPS = 1e-3
BIN = 250.0  # width of the buckets cards are sorted into, so big maps check quickly


def segments(points: Sequence[Sequence[float]]) -> list[tuple[float, float, float, float]]:
    return [
        (points[n][0], points[n][1], points[n + 1][0], points[n + 1][1])
        for n in range(len(points) - 1)
    ]


def _enters(segment: tuple[float, float, float, float], box: Box) -> bool:
    """Whether an axis-parallel segment runs through the inside of a box (touching an edge
    does not count)."""
    x1, y1, x2, y2 = segment
    bx, by, bw, bh = box
    left, right = min(x1, x2), max(x1, x2)
    top, bottom = min(y1, y2), max(y1, y2)
    return left < bx + bw - EPS and right > bx + EPS and top < by + bh - EPS and bottom > by + EPS


def not_orthogonal(arrows: Iterable[ArrowLine]) -> list[str]:
    return [
        f"{flow_id}: slanted segment {s}"
        for flow_id, _, _, points in arrows
        for s in segments(points)
        if abs(s[0] - s[2]) > EPS and abs(s[1] - s[3]) > EPS
    ]


def crossings(cards: Sequence[Card], arrows: Iterable[ArrowLine]) -> list[str]:
    """Every (arrow, card) where a segment of the arrow runs through a card that is not one of
    the arrow's two ends; and through its own ends' inside, which a route must not do either."""
    bins: defaultdict[int, list[Card]] = defaultdict(list)
    for card in cards:
        x, _, width, _ = card[2]
        for n in range(int(x // BIN), int((x + width) // BIN) + 1):
            bins[n].append(card)
    found: list[str] = []
    for flow_id, source, target, points in arrows:
        hit: set[tuple[str, Box]] = set()
        for segment in segments(points):
            low, high = sorted((segment[0], segment[2]))
            for n in range(int(low // BIN), int(high // BIN) + 1):
                for card_id, kind, box in bins[n]:
                    if (card_id, box) not in hit and _enters(segment, box):
                        hit.add((card_id, box))
                        own = " (its own end)" if card_id in (source, target) else ""
                        found.append(f"{flow_id} runs through {kind} {card_id}{own}")
    return found


def shared_segments(arrows: Iterable[ArrowLine]) -> list[str]:
    """Every pair of different flows with collinear segments that overlap over some length."""
    lines: defaultdict[tuple[str, float], list[tuple[float, float, str]]] = defaultdict(list)
    for flow_id, _, _, points in arrows:
        for x1, y1, x2, y2 in segments(points):
            if abs(y1 - y2) <= EPS and abs(x1 - x2) > EPS:
                lines[("h", round(y1, 2))].append((min(x1, x2), max(x1, x2), flow_id))
            elif abs(x1 - x2) <= EPS and abs(y1 - y2) > EPS:
                lines[("v", round(x1, 2))].append((min(y1, y2), max(y1, y2), flow_id))
    found = []
    for (direction, at), runs in lines.items():
        runs.sort()
        reach: list[tuple[float, str]] = []  # segments still open, by end
        for start, end, flow_id in runs:
            reach = [(e, f) for e, f in reach if e > start + EPS]
            found += [
                f"{flow_id} and {other} share a {direction} line at {at} from {start:.1f}"
                for other_end, other in reach
                if other != flow_id and min(end, other_end) - start > EPS
            ]
            reach.append((end, flow_id))
    return found


def touchpoint_spans(journey: JourneyMap, cards: Sequence[Card]) -> list[str]:
    """Every touchpoint card lying over a step the touchpoint is not at, and every step a
    touchpoint is at that none of its cards lies over."""
    steps = [(card_id, box) for card_id, kind, box in cards if kind == "step"]
    at = {t.id: set(t.steps) for t in journey.touchpoints}
    covered: defaultdict[str, set[str]] = defaultdict(set)
    found = []
    for card_id, kind, box in cards:
        if kind != "touchpoint":
            continue
        for step_id, step_box in steps:
            overlap = min(box[0] + box[2], step_box[0] + step_box[2]) - max(box[0], step_box[0])
            if overlap > EPS:
                covered[card_id].add(step_id)
                if step_id not in at[card_id]:
                    found.append(f"touchpoint {card_id} spans step {step_id}")
    step_ids = {step_id for step_id, _ in steps}
    for touchpoint_id, attached in at.items():
        missing = (attached & step_ids) - covered[touchpoint_id]
        found += [f"touchpoint {touchpoint_id} is not drawn at step {s}" for s in sorted(missing)]
    return found


LabelBox = tuple[str, Sequence[Sequence[float]], Box]  # flow id, its points, the label's room


def label_problems(
    cards: Sequence[Card], labels: Sequence[LabelBox], arrows: Iterable[ArrowLine] = ()
) -> list[str]:
    """Every flow label lying over a card or over another label, struck through by a line
    (its own arrow's or one of ``arrows``), or not beside its own arrow (within ``BESIDE``
    of one of its segments)."""
    found = []
    for flow_id, _, box in labels:
        found += [
            f"label of {flow_id} covers {kind} {card_id}"
            for card_id, kind, card in cards
            if _overlap(box, card)
        ]
    for n, (flow_id, _, box) in enumerate(labels):
        found += [
            f"labels of {flow_id} and {other} overlap"
            for other, _, other_box in labels[n + 1 :]
            if _overlap(box, other_box)
        ]
    lines = [(a[0], a[3]) for a in arrows] or [(flow_id, points) for flow_id, points, _ in labels]
    for flow_id, points, box in labels:
        found += [
            f"label of {flow_id} is struck through by {other}'s line"
            for other, route in lines
            if any(_touches(segment, box) for segment in segments(route))
        ]
        if min(_distance(segment, box) for segment in segments(points)) > BESIDE:
            found.append(f"label of {flow_id} is not beside its arrow")
    return found


BESIDE = 2.0  # a label this close to its arrow reads as its arrow's


def _touches(segment: tuple[float, float, float, float], box: Box) -> bool:
    """Whether the segment meets the box (its edges included)."""
    x1, y1, x2, y2 = segment
    x, y, width, height = box
    return (
        min(x1, x2) <= x + width + EPS
        and x - EPS <= max(x1, x2)
        and min(y1, y2) <= y + height + EPS
        and y - EPS <= max(y1, y2)
    )


def _distance(segment: tuple[float, float, float, float], box: Box) -> float:
    """The distance between an axis-parallel segment and a box."""
    x1, y1, x2, y2 = segment
    x, y, width, height = box
    dx = max(0.0, x - max(x1, x2), min(x1, x2) - (x + width))
    dy = max(0.0, y - max(y1, y2), min(y1, y2) - (y + height))
    return float((dx * dx + dy * dy) ** 0.5)


def _overlap(a: Box, b: Box) -> bool:
    return (
        a[0] < b[0] + b[2] - EPS
        and b[0] < a[0] + a[2] - EPS
        and a[1] < b[1] + b[3] - EPS
        and b[1] < a[1] + a[3] - EPS
    )


def from_json(data: dict[str, Any]) -> tuple[list[Card], list[ArrowLine]]:
    """Cards and arrows from the output of ``journeymapper layout --json``."""
    cards = [(c["id"], c["kind"], tuple(c["box"])) for c in data["cards"]]
    arrows = [(a["id"], a["source"], a["target"], a["points"]) for a in data["arrows"]]
    return cards, arrows


def all_problems(journey: JourneyMap, cards: Sequence[Card], arrows: list[ArrowLine]) -> list[str]:
    return (
        not_orthogonal(arrows)
        + crossings(cards, arrows)
        + shared_segments(arrows)
        + touchpoint_spans(journey, cards)
    )


def from_layout(journey: JourneyMap, layout: Any) -> tuple[list[Card], list[ArrowLine]]:
    """Cards and arrows of a layout object: every box (each run of a touchpoint drawn in
    several), and each department's lane header in the label column."""
    kinds = {p.id: "phase" for p in journey.phases}
    kinds.update((s.id, "step") for s in journey.steps())
    kinds.update((t.id, "touchpoint") for t in journey.touchpoints)
    kinds.update((p.id, "process_step") for p in journey.process_steps)
    runs = getattr(layout, "runs", {})
    cards: list[Card] = []
    for element_id, box in layout.boxes.items():
        for rect in runs.get(element_id, [box.rect]):
            cards.append((element_id, kinds[element_id], tuple(rect)))
    label_column = 150.0 - 14.0  # LABEL_WIDTH less one column gap, as the canvas draws it
    for band in layout.bands:
        if band.kind == "lane":
            x, y, _, height = band.rect
            cards.append((band.element_id, "department", (x, y, label_column, height)))
    ends = {f.id: (f.source, f.target) for f in journey.flows}
    arrows: list[ArrowLine] = [(a.flow_id, *ends[a.flow_id], a.points) for a in layout.arrows]
    return cards, arrows


def labels_of_json(data: dict[str, Any]) -> list[LabelBox]:
    return [(a["id"], a["points"], tuple(a["label_box"])) for a in data["arrows"] if a["label_box"]]


def labels_of_layout(layout: Any) -> list[LabelBox]:
    return [(a.flow_id, a.points, tuple(a.label_box)) for a in layout.arrows if a.label_box]
