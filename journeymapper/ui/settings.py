"""Settings kept between runs: recent files, window geometry. One ini file in the config
folder (``JOURNEYMAPPER_CONFIG_DIR`` in tests), never the registry, so tests stay isolated."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from journeymapper.paths import config_dir

MAX_RECENT = 10


def app_settings() -> QSettings:
    return QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[Path]:
    """Recently opened maps that still exist, newest first."""
    value = app_settings().value("recent_files", [])
    names = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
    return [Path(name) for name in names if Path(name).is_file()]


def remember_recent(path: Path) -> None:
    resolved = path.resolve()
    names = [str(resolved)] + [str(p) for p in recent_files() if p.resolve() != resolved]
    settings = app_settings()
    settings.setValue("recent_files", names[:MAX_RECENT])
    settings.sync()
