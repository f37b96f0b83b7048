"""Shared fixtures: every test runs headless with its own state folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_MAPS = ROOT / "sample_maps"


@pytest.fixture(autouse=True)
def isolated_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Backups and recovery files go to a fresh folder, never the user's real one."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("JOURNEYMAPPER_STATE_DIR", str(state))
    monkeypatch.setenv("JOURNEYMAPPER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    yield state
