"""dev.py, the one-command set-up: it must notice when Qt cannot open a window."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from types import ModuleType

import pytest

from tests.conftest import ROOT


def load_dev_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    """The xcb platform asked for, but no X server: the plugin cannot load, just as when
    its libraries are missing, while importing QtWidgets still works."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")


@pytest.mark.usefixtures("no_display")
def test_the_probe_reports_a_platform_plugin_that_cannot_load(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dev = load_dev_script()
    monkeypatch.setattr(dev, "PYTHON", sys.executable)
    monkeypatch.setattr(dev, "_has", lambda program: False)  # never apt-get from a test
    imported = subprocess.run([sys.executable, "-c", "import PySide6.QtWidgets"])
    assert imported.returncode == 0  # the old probe's check passes here

    result = dev.ensure_qt_libraries()

    message = capsys.readouterr().err
    assert result is False
    assert "Qt cannot start" in message
    assert "libxcb-cursor0" in message and "libxcb-icccm4" in message
    assert "libxcb-keysyms1" in message


def test_the_probe_passes_where_qt_can_start(monkeypatch: pytest.MonkeyPatch) -> None:
    dev = load_dev_script()
    monkeypatch.setattr(dev, "PYTHON", sys.executable)
    assert dev.qt_starts(environ={"QT_QPA_PLATFORM": "offscreen"}) == (True, "")


def test_without_a_display_the_probe_uses_the_offscreen_platform() -> None:
    dev = load_dev_script()
    env = dev.qt_platform_env({"PATH": "/usr/bin"})
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert "QT_QPA_PLATFORM" not in dev.qt_platform_env({"DISPLAY": ":0"})
