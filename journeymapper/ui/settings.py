"""Settings kept between runs: recent files, window geometry and panels, the last folder. One
ini file in the config folder (``JOURNEYMAPPER_CONFIG_DIR`` in tests), never the registry, so
tests stay isolated."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

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
    """Put ``path`` first among the recent files (and its folder as the last one). Every
    save calls this: when both are so already, the settings file is not written again (a
    sync took 20-50 ms on the GUI thread after each save)."""
    resolved = path.resolve()
    settings = app_settings()
    stored = settings.value("recent_files", [])
    first = (
        stored
        if isinstance(stored, str)
        else stored[0]
        if isinstance(stored, list) and stored
        else None
    )
    if first == str(resolved) and settings.value("last_folder") == str(resolved.parent):
        return
    names = [str(resolved)] + [str(p) for p in recent_files() if p.resolve() != resolved]
    settings.setValue("recent_files", names[:MAX_RECENT])
    settings.sync()
    remember_folder(resolved)


# -- folders for the file dialogs ---------------------------------------------------------------


def remember_folder(path: Path) -> None:
    """Note the folder of a file the user opened, saved, exported or imported."""
    folder = path if path.is_dir() else path.parent
    settings = app_settings()
    settings.setValue("last_folder", str(folder.resolve()))
    settings.sync()


def last_folder() -> Path | None:
    value = app_settings().value("last_folder", "")
    folder = Path(value) if isinstance(value, str) and value else None
    return folder if folder is not None and folder.is_dir() else None


def documents_folder() -> Path:
    """The user's documents folder (home when the platform names none that exists)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_folder(map_path: Path | None) -> Path:
    """Where a file dialog starts: the map's folder, else the last folder used, else the
    documents folder; never the folder the program happens to run in."""
    if map_path is not None and map_path.parent.is_dir():
        return map_path.parent.resolve()
    return last_folder() or documents_folder()


# -- the window's size, place and panels --------------------------------------------------------


def window_layout() -> tuple[QByteArray, QByteArray] | None:
    """The geometry and dock state saved at the last close, if any."""
    settings = app_settings()
    geometry = settings.value("window/geometry")
    state = settings.value("window/state")
    if isinstance(geometry, QByteArray) and isinstance(state, QByteArray):
        return geometry, state
    return None


def remember_window_layout(geometry: QByteArray, state: QByteArray) -> None:
    settings = app_settings()
    settings.setValue("window/geometry", geometry)
    settings.setValue("window/state", state)
    settings.sync()
