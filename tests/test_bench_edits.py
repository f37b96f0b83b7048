"""The benchmark's edits are real: each kind goes through the window as a user makes it,
changes the map, and its undo brings the map back (so samples can follow each other)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bench.edits import EDIT_KINDS, EditTimer, p95, run_kind, stats
from bench.gui import close_window, open_window
from bench.synthetic import synthetic_map
from journeymapper.model import serialize


def small_map_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.cjm"
    path.write_bytes(serialize(synthetic_map(3, 24, 60, 5, 40, 60, seed=3)))
    return path


def test_every_kind_of_edit_changes_the_map_and_its_undo_restores_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window, prompts = open_window(small_map_file(tmp_path))
    timer = EditTimer(window)
    try:
        editor = timer.editor
        original = serialize(editor.document.map)
        for n, kind in enumerate(EDIT_KINDS):
            run_kind(timer, kind, n)
            assert serialize(editor.document.map) == original, f"undo of {kind}"
            editor.undo_stack.redo()  # the edit the sample timed, once more
            assert serialize(editor.document.map) != original, f"{kind} changed nothing"
            editor.undo_stack.undo()
        assert set(timer.samples) == {*EDIT_KINDS, *(f"undo_{kind}" for kind in EDIT_KINDS)}
        assert all(len(samples) == 1 for samples in timer.samples.values())
        assert all(s.ms > 0 for samples in timer.samples.values() for s in samples)
        assert not prompts.errors
    finally:
        timer.close()
        close_window(window)


def test_an_action_that_makes_no_edit_is_not_timed_as_one(qtbot: QtBot, tmp_path: Path) -> None:
    window, _prompts = open_window(small_map_file(tmp_path))
    timer = EditTimer(window)
    try:
        with pytest.raises(RuntimeError, match="did not make the edit"):
            timer.timed("nothing", lambda: None, 1)
        assert "nothing" not in timer.samples
    finally:
        timer.close()
        close_window(window)


def test_median_p95_and_worst_are_in_order() -> None:
    values = [5.0, 1.0, 3.0, 40.0, 2.0, 2.5, 8.0]
    median, high, worst = stats(values)
    assert (median, worst) == (3.0, 40.0)
    assert median <= high <= worst
    assert p95([7.0]) == 7.0
