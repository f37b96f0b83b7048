"""Soak: hundreds of random edits through the Editor, then all undone and all redone.

A workshop makes hundreds of edits in an hour and expects Ctrl+Z to walk back through every
one of them. Undoing everything must give the exact bytes of the map as it was opened, redoing
everything the exact bytes after the edits. A canvas scene follows the document the whole
time, and must end up drawing what a fresh layout of the document says, so updating only
what changed never drifts from rebuilding.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from journeymapper.model import Document, IntegrityError, load, serialize
from journeymapper.model.elements import Duration, TimeUnit
from journeymapper.model.layout import compute_layout
from journeymapper.ui.editor import Editor
from journeymapper.ui.reorder import move_by
from journeymapper.ui.scene import JourneyScene
from journeymapper.ui.scene.journey_scene import card_rects
from tests.conftest import SAMPLE_MAPS

EDITS = 300


class RandomEdits:
    """Picks one plausible edit at a time, with ids taken from the current document."""

    def __init__(self, editor: Editor, seed: int) -> None:
        self.editor = editor
        self.random = random.Random(seed)
        self.counter = 0

    @property
    def document(self) -> Document:
        return self.editor.document

    def pick(self, *kinds: str) -> str:
        ids = [i for i in self.document.ids() if self.document.kind(i) in kinds]
        if not ids:
            raise IntegrityError(f"no {kinds} left")  # counts as a refused edit
        return self.random.choice(ids)

    def word(self) -> str:
        self.counter += 1
        return f"Edit {self.counter}"

    def edits(self) -> list[tuple[int, Callable[[], object]]]:
        """(weight, edit): adding weighs a little more than deleting, so the map lives on."""
        e, r = self.editor, self.random
        return [
            (2, lambda: e.add_phase(self.word(), r.randint(0, 8))),
            (5, lambda: e.add_step_after(self.pick("step"), self.word())),
            (2, lambda: e.add_step(self.pick("phase"), 0, self.word())),
            (4, lambda: e.add_touchpoint(self.pick("step"), self.word())),
            (1, lambda: e.add_department(self.word(), r.randint(0, 6))),
            (3, lambda: e.add_process_step(self.pick("department"), [self.pick("step")])),
            (3, lambda: e.add_process_step_after(self.pick("process_step"))),
            (3, lambda: e.add_flow(self.pick("process_step"), self.pick("process_step"))),
            (2, lambda: e.add_metric(self.pick("phase", "step", "touchpoint"), self.word())),
            (2, lambda: e.add_initiative(self.pick("phase", "step", "touchpoint"))),
            (1, lambda: e.add_channel_for(self.pick("touchpoint"), self.word())),
            (
                6,
                lambda: e.rename(
                    self.pick("phase", "step", "touchpoint", "department"), self.word()
                ),
            ),
            (6, lambda: e.set_emotion(self.pick("step"), r.choice([None, *range(-5, 6)]))),
            (3, lambda: e.nudge_emotion(self.pick("step"), r.choice([-1, 1]))),
            (3, lambda: e.set_field(self.pick("step"), "moment_of_truth", r.random() < 0.5)),
            (2, lambda: e.set_field(self.pick("process_step"), "duration", self.duration())),
            (1, lambda: e.set_field(None, "title", self.word())),
            (4, lambda: e.move(self.pick("step"), self.pick("phase"), r.randint(0, 5))),
            (2, lambda: e.move(self.pick("phase", "department"), None, r.randint(0, 6))),
            (3, lambda: e.move_touchpoint(self.pick("touchpoint"), self.pick("step"))),
            (3, self.move_process_step),
            (2, self.reconnect_flow),
            (4, self.move_by_keyboard),
            (4, lambda: e.delete([self.pick("step", "touchpoint", "process_step", "flow")])),
            (1, lambda: e.delete([self.pick("phase", "department", "metric", "initiative")])),
            (1, lambda: e.delete([self.pick("touchpoint"), self.pick("flow", "step")])),
        ]

    def duration(self) -> Duration | None:
        if self.random.random() < 0.2:
            return None
        unit = self.random.choice(list(TimeUnit))
        return Duration(value=self.random.randint(1, 40) / 4, unit=unit)

    def direction(self) -> tuple[int, int]:
        return self.random.choice([(-1, 0), (1, 0), (0, -1), (0, 1)])

    def reconnect_flow(self) -> object:
        end = self.random.choice(["source", "target"])
        return self.editor.reconnect_flow(self.pick("flow"), end, self.pick("process_step"))

    def move_by_keyboard(self) -> object:
        """What Alt + an arrow key does to the selected element."""
        kinds = ("phase", "step", "touchpoint", "department", "process_step")
        return move_by(self.editor, self.pick(*kinds), *self.direction())

    def move_process_step(self) -> object:
        step = self.pick("process_step")
        serves = [self.pick("step")] if self.random.random() < 0.8 else []
        return self.editor.move_process_step(step, self.pick("department"), serves)

    def run(self, count: int) -> Iterator[str]:
        """Apply ``count`` edits; yields "done" or "refused" for each."""
        table = self.edits()
        weights = [weight for weight, _ in table]
        for _ in range(count):
            (_, edit), = self.random.choices(table, weights)  # fmt: skip
            yield self.attempt(edit)

    def attempt(self, edit: Callable[[], object]) -> str:
        stack = self.editor.undo_stack
        before, depth = serialize(self.document.map), stack.count()
        try:
            edit()
        except IntegrityError:
            # A refused edit leaves no trace: neither in the map nor on the undo stack.
            assert serialize(self.document.map) == before
            assert stack.count() == depth
            return "refused"
        return "done"


def assert_scene_follows(scene: JourneyScene, document: Document) -> None:
    """The scene, updated edit by edit, shows what a fresh layout of the document shows."""
    fresh = compute_layout(document.map)
    # An emotion change moves its point without a new layout, so the layout's own copy of
    # the curve may lag; the points themselves are checked below instead.
    assert replace(scene.layout, curve=[]) == replace(fresh, curve=[])
    assert set(scene.card_ids()) == set(card_rects(fresh))
    curve = document.map.default_curve()
    neutral = document.map.scale.neutral
    for step in document.map.steps():
        point = scene.point_for(step.id)
        assert point is not None
        value = curve.points.get(step.id) if curve else None
        assert point.value == value
        assert point.pos().y() == pytest.approx(
            fresh.value_to_y(neutral if value is None else value)
        )


@pytest.mark.parametrize("seed", [4, 1906])
def test_hundreds_of_random_edits_undo_and_redo_exactly(qtbot: QtBot, seed: int) -> None:
    document = Document(load(SAMPLE_MAPS / "webshop_order.cjm").journey)
    editor = Editor(document)
    scene = JourneyScene(document, editor)
    try:
        original = serialize(document.map)
        outcomes = list(RandomEdits(editor, seed).run(EDITS))
        assert outcomes.count("done") > EDITS // 2, "the soak mostly made refused edits"
        editor.refresh_findings()  # the analysis copes with whatever the edits made
        assert_scene_follows(scene, document)
        edited, steps = serialize(document.map), editor.undo_stack.count()
        assert serialize(document.map) != original
        while editor.undo_stack.canUndo():
            editor.undo_stack.undo()
        assert serialize(document.map) == original
        assert_scene_follows(scene, document)
        while editor.undo_stack.canRedo():
            editor.undo_stack.redo()
        assert editor.undo_stack.index() == steps
        assert serialize(document.map) == edited
        assert_scene_follows(scene, document)
    finally:
        scene.close()
        editor.close()


def test_undo_restores_the_order_of_the_emotion_points(qtbot: QtBot) -> None:
    document = Document(load(SAMPLE_MAPS / "webshop_order.cjm").journey)
    editor = Editor(document)
    try:
        original = serialize(document.map)
        editor.move("step-search-gift", "phase-after", 2)  # the first step becomes the last
        editor.delete(["step-pay"])  # its emotion value goes, and comes back on undo
        while editor.undo_stack.canUndo():
            editor.undo_stack.undo()
        assert serialize(document.map) == original
    finally:
        editor.close()
