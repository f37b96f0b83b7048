"""The report draws the map in hundreds of windows; the face index finds each window's faces
without looking at every face of the map, and must find exactly those, in stacking order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymapper.export.poster_content import MapContent
from journeymapper.model import load
from journeymapper.model.layout import Rect
from tests.conftest import SAMPLE_MAPS

CONTENT = MapContent.of(load(SAMPLE_MAPS / "health_insurance_claim.cjm").journey)
FACES = list(CONTENT.faces.stacked())
WIDTH, HEIGHT = CONTENT.layout.width, CONTENT.layout.height


def in_window(window: Rect) -> list[object]:
    """Every face whose box reaches into ``window``, looked at one by one."""
    return [
        face
        for face in FACES
        if face.box.x <= window.right
        and window.x <= face.box.right
        and face.box.y <= window.bottom
        and window.y <= face.box.bottom
    ]


@settings(max_examples=200)
@given(
    st.floats(-100, WIDTH + 100),
    st.floats(-100, HEIGHT + 100),
    st.floats(0, WIDTH),
    st.floats(0, HEIGHT),
)
def test_the_index_finds_exactly_the_faces_of_a_window(
    x: float, y: float, width: float, height: float
) -> None:
    window = Rect(x, y, width, height)
    assert CONTENT.face_index.within(window) == in_window(window)


def test_without_a_window_every_face_is_drawn() -> None:
    assert CONTENT.face_index.within(None) == FACES
