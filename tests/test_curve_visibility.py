"""Shown and hidden curves in the face model, read alike by canvas, poster and report: a
hidden curve has no line, no key entry and no legend entry, and every shown curve keeps a
look of its own."""

from __future__ import annotations

from journeymapper.export.poster_content import MapContent
from journeymapper.model import load
from journeymapper.model.elements import EmotionCurve, JourneyMap
from journeymapper.render.curve_faces import curve_label, curve_look, point_ink
from journeymapper.render.curve_key import curve_key_face
from journeymapper.render.legend import legend_items
from journeymapper.render.view_bands import curve_shown, with_curve
from tests.conftest import SAMPLE_MAPS

CUSTOMER, AGENT, TO_BE = "curve-customer", "curve-agent", "curve-customer-to-be"


def telecom(*hidden: str) -> JourneyMap:
    journey = load(SAMPLE_MAPS / "telecom_contact_centre.cjm").journey
    for curve_id in hidden:
        journey.view = with_curve(journey.view, curve_id, False)
    return journey


def legend_labels(journey: JourneyMap) -> list[str]:
    return [item.label for item in legend_items(journey)]


def test_every_curve_shows_until_it_is_hidden_and_again_once_shown() -> None:
    journey = telecom()
    assert curve_shown(journey.view, AGENT)
    journey.view = with_curve(journey.view, AGENT, False)
    assert not curve_shown(journey.view, AGENT)
    assert curve_shown(journey.view, CUSTOMER)
    journey.view = with_curve(journey.view, AGENT, True)
    assert journey.view.hidden == []


def test_a_hidden_curve_has_no_line_no_key_and_no_legend_entry() -> None:
    shown = telecom()
    agent_label = curve_label(shown.curves[1])
    content = MapContent.of(shown)
    assert {face.key for face in content.faces.curves} == {CUSTOMER, AGENT, TO_BE}
    assert agent_label in legend_labels(shown)
    key = curve_key_face(shown, content.layout)
    assert key is not None and agent_label in key.tooltip

    hidden = telecom(AGENT)
    content = MapContent.of(hidden)
    assert {face.key for face in content.faces.curves} == {CUSTOMER, TO_BE}
    assert agent_label not in legend_labels(hidden)
    key = curve_key_face(hidden, content.layout)
    assert key is not None and agent_label not in key.tooltip
    assert curve_label(hidden.curves[0]) in key.tooltip


def test_with_the_first_curve_hidden_the_points_are_the_next_curves_in_its_colour() -> None:
    journey = telecom(CUSTOMER)
    content = MapContent.of(journey)
    agent = journey.curves[1]
    layout = content.layout
    valued = {face.key: face for face in content.faces.points}
    for step_id, value in agent.points.items():
        centre = valued[step_id].box.center_y
        assert abs(centre - layout.value_to_y(value)) < 0.01, step_id
    assert point_ink(journey, agent) == curve_look(1, agent).colour
    assert {face.key for face in content.faces.curves} == {AGENT, TO_BE}


def test_eight_curves_have_eight_colours() -> None:
    curves = [EmotionCurve(id=f"c{n}", name=f"Curve {n}") for n in range(8)]
    colours = [curve_look(n, curve).colour for n, curve in enumerate(curves)]
    assert len(set(colours)) == len(colours)


def test_every_curve_hidden_leaves_no_line_and_no_key() -> None:
    journey = telecom(CUSTOMER, AGENT, TO_BE)
    content = MapContent.of(journey)
    assert content.faces.curves == []
    assert curve_key_face(journey, content.layout) is None
    assert not any("Customer, today" in label for label in legend_labels(journey))


def test_the_curve_key_names_every_curve_where_the_band_has_room_for_names() -> None:
    """A CX lead's telecom map with four curves: the key in the emotion band named two and
    said "+2 more curves (see the legend)", in a report that has no legend. Where the names
    and kinds do not all fit, the names alone do; and a "+N more" line has no line sample of
    some one curve's style."""
    journey = telecom()
    journey.curves.append(EmotionCurve(id="curve-sanne", name="Sanne, to-be"))
    content = MapContent.of(journey)
    key = curve_key_face(journey, content.layout)
    assert key is not None
    texts = [text.text for text in key.texts]
    for curve in journey.curves:
        assert any(curve.name in text for text in texts), (curve.name, texts)
    assert not any(text.startswith("+") for text in texts)
    assert len(key.shapes) == len(journey.curves)
