"""The layout and faces as plain JSON data, for ``journeymapper layout MAP --json``: tools and
tests read where every card and arrow is and what each face shows, in the canvas's coordinates
(points at 100%, y downwards)."""

from __future__ import annotations

from typing import Any

from journeymapper.model.elements import JourneyMap
from journeymapper.render.faces import Face
from journeymapper.render.layout import Layout, Rect
from journeymapper.render.map_faces import MapFaces


def _box(rect: Rect) -> list[float]:
    return [round(rect.x, 3), round(rect.y, 3), round(rect.width, 3), round(rect.height, 3)]


def card_kinds(journey: JourneyMap) -> dict[str, str]:
    """The kind of every element drawn as a card, by id."""
    kinds = {phase.id: "phase" for phase in journey.phases}
    kinds.update((step.id, "step") for step in journey.steps())
    kinds.update((t.id, "touchpoint") for t in journey.touchpoints)
    kinds.update((p.id, "process_step") for p in journey.process_steps)
    kinds.update((d.id, "department") for d in journey.departments)
    return kinds


def layout_json(journey: JourneyMap, layout: Layout) -> dict[str, Any]:
    """Cards (a touchpoint drawn in several runs once per run, each with the touchpoint's id
    and its ``run`` counted from 0 of ``runs``), department lane headers (kind
    ``department``), arrows with their source, target, points, the room of their label
    (``label_box``, null when the route leaves none) and where a finding marker sits on them
    (``marker``), the bands, and the dividers between phases (``x``, ``top``, ``bottom``)."""
    kinds = card_kinds(journey)
    cards: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for element_id, rect in layout.cards():
        card: dict[str, Any] = {"id": element_id, "kind": kinds[element_id], "box": _box(rect)}
        if element_id in layout.runs:
            card["run"] = seen.get(element_id, 0)
            card["runs"] = len(layout.runs[element_id])
            seen[element_id] = card["run"] + 1
        cards.append(card)
    for department_id, rect in layout.lane_headers().items():
        cards.append({"id": department_id, "kind": "department", "box": _box(rect)})
    ends = {flow.id: (flow.source, flow.target) for flow in journey.flows}
    arrows = [
        {
            "id": arrow.flow_id,
            "source": ends[arrow.flow_id][0],
            "target": ends[arrow.flow_id][1],
            "handover": arrow.handover,
            "points": [[round(x, 3), round(y, 3)] for x, y in arrow.points],
            "label": arrow.label,
            "label_box": _box(arrow.label_box) if arrow.label_box else None,
            "marker": [round(arrow.marker_at[0], 3), round(arrow.marker_at[1], 3)],
        }
        for arrow in layout.arrows
    ]
    bands = [
        {"kind": band.kind.value, "id": band.element_id, "box": _box(band.rect)}
        for band in layout.bands
    ]
    dividers = [
        {"x": round(x, 3), "top": round(top, 3), "bottom": round(bottom, 3)}
        for x, top, bottom in layout.dividers
    ]
    return {
        "width": round(layout.width, 3),
        "height": round(layout.height, 3),
        "cards": cards,
        "arrows": arrows,
        "bands": bands,
        "dividers": dividers,
    }


def faces_json(faces: MapFaces) -> list[dict[str, Any]]:
    """Every face in drawing order: its kind, key and box, its texts (with box, size, ink and
    weight) and its shapes (kind, colours, line width and dash), as the painters receive them."""
    return [_face(face) for face in faces.stacked()]


def _face(face: Face) -> dict[str, Any]:
    texts = [
        {
            "text": text.text,
            "box": _box(text.box),
            "size": text.size,
            "ink": text.ink,
            "bold": text.bold,
            "max_lines": text.max_lines,
        }
        for text in face.texts
    ]
    shapes = [
        {
            "shape": shape.shape.value,
            "fill": shape.fill,
            "stroke": shape.stroke,
            "width": shape.width,
            "dash": list(shape.dash),
        }
        for shape in face.shapes
    ]
    return {
        "kind": face.kind.value,
        "key": face.key,
        "box": _box(face.box),
        "texts": texts,
        "shapes": shapes,
    }
