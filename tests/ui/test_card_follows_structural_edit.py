"""A card whose box stays put after an edit that lays the map out again still shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from journeymapper.ui.scene.items import CardItem
from tests.ui.user import editor_of, open_active, scene_of


def test_a_new_pain_point_shows_on_its_step_card_at_once(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pain points have a band of their own, so adding one lays the map out again; the step
    card's "1 pain point" line must be repainted too, not wait for the next fit (seen in the
    facilitator's trial)."""
    window = open_active(qtbot, tmp_path)
    step = next(s for s in editor_of(window).document.map.steps() if not s.pain_points)
    refreshed: list[str] = []
    refresh = CardItem.refresh

    def recording(item: CardItem) -> None:
        refreshed.append(item.element_id)
        refresh(item)

    monkeypatch.setattr(CardItem, "refresh", recording)
    editor_of(window).set_field(step.id, "pain_points", ["The parcel came late"])
    assert step.id in refreshed
    card = next(
        i for i in scene_of(window).items() if isinstance(i, CardItem) and i.element_id == step.id
    )
    face = card.face()
    assert face is not None and "1 pain point" in [t.text for t in face.texts]
