"""The face model: one picture of the map for canvas and paper, checked without any painter."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from journeymapper.export.poster_content import MapContent
from journeymapper.model import load as load_file
from journeymapper.model.elements import CurveState, EmotionCurve, JourneyMap
from journeymapper.render import style
from journeymapper.render.curve_faces import curve_look
from journeymapper.render.faces import Face, FaceKind, Shape
from journeymapper.render.layout import Rect
from journeymapper.render.map_faces import MapFaces
from tests.conftest import SAMPLE_MAPS as SAMPLE_FOLDER

SAMPLE_MAPS = sorted(SAMPLE_FOLDER.glob("*.cjm"))


def load(path: Path) -> JourneyMap:
    return load_file(path).journey


def faces_of(journey: JourneyMap) -> MapFaces:
    return MapContent.of(journey).faces


def _inside(inner: Rect, outer: Rect) -> bool:
    return outer.contains(inner)


@pytest.mark.parametrize("path", SAMPLE_MAPS, ids=lambda p: Path(p).stem)
def test_every_card_text_stays_inside_its_card(path: Path) -> None:
    faces = faces_of(load(path))
    for face in faces.cards:
        for text in face.texts:
            assert _inside(text.box, face.box), (face.kind, face.key, text.text)


@pytest.mark.parametrize("path", SAMPLE_MAPS, ids=lambda p: Path(p).stem)
def test_every_element_on_the_map_has_its_face(path: Path) -> None:
    journey = load(path)
    faces = faces_of(journey)
    cards = {(f.kind, f.key) for f in faces.cards}
    expected = {(FaceKind.PHASE, p.id) for p in journey.phases}
    expected |= {(FaceKind.STEP, s.id) for s in journey.steps()}
    expected |= {(FaceKind.TOUCHPOINT, t.id) for t in journey.touchpoints}
    expected |= {(FaceKind.PROCESS_STEP, p.id) for p in journey.process_steps}
    expected |= {(FaceKind.LANE_HEADER, d.id) for d in journey.departments}
    assert cards == expected
    assert {f.key for f in faces.points} == {s.id for s in journey.steps()}
    assert {f.key for f in faces.arrows} == {f.id for f in journey.flows}
    # Every curve of the map is drawn, not only the first.
    assert {f.key for f in faces.curves} == {c.id for c in journey.curves if c.points}


def test_the_employee_curve_of_the_telecom_sample_is_drawn_and_told_apart() -> None:
    journey = load(next(p for p in SAMPLE_MAPS if "telecom" in str(p)))
    faces = faces_of(journey)
    by_id = {f.key: f for f in faces.curves}
    customer, employee = journey.curves[0], journey.curves[1]
    line_of = {
        key: next(s for s in face.shapes if s.shape is Shape.SMOOTH) for key, face in by_id.items()
    }
    assert line_of[customer.id].stroke != line_of[employee.id].stroke
    # An employee curve's values are square marks, so it reads apart in grey print too.
    marks = [s for s in by_id[employee.id].shapes if s.shape is not Shape.SMOOTH]
    assert len(marks) == len(employee.points)
    assert all(s.shape is Shape.RECT for s in marks)
    assert "employee" in by_id[employee.id].tooltip


def test_a_future_curve_is_dashed_and_the_current_one_is_not() -> None:
    current = EmotionCurve(id="c1", name="Today")
    future = EmotionCurve(id="c2", name="Tomorrow", state=CurveState.FUTURE)
    assert curve_look(0, current).dash == ()
    assert curve_look(1, future).dash != ()
    assert curve_look(1, future).colour in style.CURVE_PALETTE


def _moment_faces(faces: MapFaces) -> dict[str, Face]:
    return {f.key: f for f in faces.points if f.tooltip}


@pytest.mark.parametrize("path", SAMPLE_MAPS, ids=lambda p: Path(p).stem)
def test_a_moment_without_touchpoint_has_two_red_diamonds_a_served_one_orange(
    path: Path,
) -> None:
    journey = load(path)
    content = MapContent.of(journey)
    moments = _moment_faces(content.faces)
    assert moments.keys() == content.moments.keys()
    for step_id, served in content.moments.items():
        diamonds = [s for s in moments[step_id].shapes if s.shape is Shape.POLYGON]
        ink = style.MOMENT_OF_TRUTH if served else style.MOMENT_UNSERVED
        assert [d.stroke for d in diamonds] == [ink] * (1 if served else 2)


def test_zone_labels_sit_at_the_left_of_the_emotion_band() -> None:
    journey = load(next(p for p in SAMPLE_MAPS if "telecom" in str(p)))
    faces = faces_of(journey)
    (frame,) = faces.frame
    area_left = frame.box.x
    zone_labels = [t for t in frame.texts if t.text in ("9+", "okay")]
    assert zone_labels, "the telecom sample's grade scale has zones"
    for label in zone_labels:
        assert label.box.x - area_left < 60


@pytest.mark.parametrize("path", SAMPLE_MAPS, ids=lambda p: Path(p).stem)
def test_the_poster_draws_exactly_the_faces_of_the_model(path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from journeymapper.export.fonts import GlyphCheck, register_fonts
    from journeymapper.export.poster_draw import MapPainter

    register_fonts()
    journey = load(path)
    content = MapContent.of(journey)
    painter = MapPainter(Canvas(io.BytesIO()), content, GlyphCheck())
    painter.draw()
    drawn = sorted(painter.drawn)
    expected = sorted((f.kind.value, f.key) for f in content.faces.stacked())
    assert drawn == expected


def test_the_layout_command_prints_the_faces_for_tools() -> None:
    """`journeymapper layout MAP --json` carries the faces: every curve and card, with the
    texts and colours a painter receives."""
    import json
    import subprocess
    import sys

    sample = next(p for p in SAMPLE_MAPS if "telecom" in str(p))
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", "layout", str(sample), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    faces = json.loads(result.stdout)["faces"]
    journey = load(sample)
    curves = {f["key"] for f in faces if f["kind"] == "curve"}
    assert curves == {c.id for c in journey.curves}
    steps = {f["key"]: f for f in faces if f["kind"] == "step"}
    for step in journey.steps():
        assert step.title in [t["text"] for t in steps[step.id]["texts"]]


def test_the_header_names_the_first_persona_and_counts_the_others() -> None:
    from journeymapper.model.elements import Persona
    from journeymapper.render.header import header_texts

    journey = JourneyMap(
        title="Claim",
        scenario="A storm damaged the roof.",
        personas=[
            Persona(id="p1", name="Anna", profile="Owner of a house", quote="Just fix it"),
            Persona(id="p2", name="Bob"),
        ],
    )
    texts = header_texts(journey)
    assert texts.persona == "Persona: Anna (and 1 more)"
    assert texts.about == "Owner of a house “Just fix it”"
    assert texts.story == "A storm damaged the roof."
