"""Every face of a map, in the order they are stacked: what the poster, the report's map page
and the tests read in one go (the canvas asks for the same faces item by item)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from journeymapper.model.analysis import Finding
from journeymapper.model.elements import JourneyMap
from journeymapper.render.card_faces import (
    FaceContext,
    Lookup,
    arrow_face,
    band_face,
    card_face,
    card_marker_at,
    marker_face,
)
from journeymapper.render.curve_faces import (
    all_curve_faces,
    edited_curve,
    emotion_frame_face,
    point_face,
    point_ink,
)
from journeymapper.render.curve_key import curve_key_face
from journeymapper.render.faces import Face
from journeymapper.render.layout import Layout, Rect
from journeymapper.render.note_faces import note_faces


@dataclass
class MapFaces:
    """The faces of one map by layer, bottom to top."""

    bands: list[Face] = field(default_factory=list)
    frame: list[Face] = field(default_factory=list)  # the emotion band's zones and scale
    curves: list[Face] = field(default_factory=list)
    cards: list[Face] = field(default_factory=list)
    # The workshop's cards (pain points, ideas, quotes, metrics, initiatives) and the key of
    # the emotion curves: read-only on the canvas, drawn by ``ui.scene.notes``.
    notes: list[Face] = field(default_factory=list)
    arrows: list[Face] = field(default_factory=list)
    points: list[Face] = field(default_factory=list)
    markers: list[Face] = field(default_factory=list)

    def stacked(self) -> Iterator[Face]:
        """Every face, in the order a painter draws them."""
        for layer in (
            self.bands,
            self.frame,
            self.curves,
            self.cards,
            self.notes,
            self.arrows,
            self.points,
            self.markers,
        ):
            yield from layer


def card_places(layout: Layout) -> list[tuple[str, Rect]]:
    """Every card as (element id, rectangle): the layout's cards (each run of a touchpoint
    drawn in pieces) and the header of each department's lane, which is a card as well: it
    carries the department's colour and findings and is selected like any other."""
    return layout.cards() + list(layout.lane_headers().items())


def map_faces(
    journey: JourneyMap,
    layout: Layout,
    lookup: Lookup,
    findings: Mapping[str, Sequence[Finding]],
    moments: Mapping[str, bool],
) -> MapFaces:
    """The faces of ``journey`` laid out as ``layout``; ``findings`` by element id, ``moments``
    tells for each Moment-of-Truth step whether a touchpoint serves it."""
    context = FaceContext(journey, layout, lookup)
    faces = MapFaces()
    faces.bands = [band_face(band) for band in layout.bands]
    frame = emotion_frame_face(journey, layout)
    faces.frame = [frame] if frame is not None else []
    faces.curves = all_curve_faces(journey, layout)
    phases = {phase.id for phase in journey.phases}
    for element_id, rect in card_places(layout):
        card = card_face(context, element_id, rect)
        if card is not None:
            faces.cards.append(card)
        x, y = card_marker_at(rect, element_id in phases)
        marker = marker_face(element_id, x, y, findings.get(element_id, ()))
        if marker is not None:
            faces.markers.append(marker)
    for arrow in layout.arrows:
        faces.arrows.append(arrow_face(arrow))
        x, y = arrow.marker_at
        marker = marker_face(arrow.flow_id, x, y, findings.get(arrow.flow_id, ()))
        if marker is not None:
            faces.markers.append(marker)
    faces.points = step_points(journey, layout, moments)
    faces.notes = note_layer(journey, layout)
    return faces


def note_layer(journey: JourneyMap, layout: Layout) -> list[Face]:
    """The faces the canvas's note items draw: the key of the curves and every note card."""
    key = curve_key_face(journey, layout)
    return ([key] if key is not None else []) + note_faces(journey, layout)


def served_moments(journey: JourneyMap, moment_steps: Iterable[str]) -> dict[str, bool]:
    """For each Moment-of-Truth step, whether a touchpoint serves it (an unserved one is
    drawn red and doubled)."""
    served = {step_id for touchpoint in journey.touchpoints for step_id in touchpoint.steps}
    return {step_id: step_id in served for step_id in moment_steps}


def step_points(journey: JourneyMap, layout: Layout, moments: Mapping[str, bool]) -> list[Face]:
    """The edited curve's point of every step (on paper the first shown curve's): at its
    value, or on the neutral line."""
    curve = edited_curve(journey)
    values = curve.points if curve else {}
    neutral = layout.value_to_y(journey.scale.neutral)
    faces = []
    for step in journey.steps():
        box = layout.boxes.get(step.id)
        if box is None:
            continue
        value = values.get(step.id)
        y = neutral if value is None else layout.value_to_y(value)
        moment = "" if step.id not in moments else "served" if moments[step.id] else "unserved"
        ink = point_ink(journey, curve)
        faces.append(point_face(step.id, box.rect.center_x, y, value is not None, moment, ink))
    return faces
