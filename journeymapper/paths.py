"""Where journeymapper keeps its own files (backups, recovery), outside the user's folders.

``JOURNEYMAPPER_STATE_DIR`` overrides the platform's state folder; tests point it at a
temporary folder so they never touch a real user's files.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def state_dir() -> Path:
    override = os.environ.get("JOURNEYMAPPER_STATE_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_state_dir("journeymapper", appauthor=False))


def config_dir() -> Path:
    """Settings (recent files, window layout); ``JOURNEYMAPPER_CONFIG_DIR`` overrides it."""
    override = os.environ.get("JOURNEYMAPPER_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("journeymapper", appauthor=False))


def recovery_dir() -> Path:
    return state_dir() / "recovery"


def backup_dir() -> Path:
    return state_dir() / "backups"
