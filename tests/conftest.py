"""Shared fixtures: every test runs headless with its own state folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI replays one fixed set of examples (a landing is judged on a run that can be repeated); a
# developer's run explores new ones and keeps what fails in .hypothesis/ to replay it.
# CI replays fixed examples; how fast a shared machine builds them says nothing about the
# product, so the timing checks (slow generation, per-example deadline) are off there.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

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
