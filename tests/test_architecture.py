"""The layers stay apart: model/, render/ and export/ never import Qt (ARCHITECTURE habit 1);
render/ does not import reportlab or openpyxl either, so every painter can draw from it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import journeymapper.export
import journeymapper.model
import journeymapper.render

# Imports every module of the headless packages while any Qt import raises.
PROBE = """
import importlib, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}:
            raise ImportError("Qt imported by a headless module: " + name)
        return None
sys.meta_path.insert(0, BlockQt())
for module in sys.argv[1:]:
    importlib.import_module(module)
print("ok", len(sys.argv) - 1)
"""


def headless_modules() -> list[str]:
    names = ["journeymapper.cli"]
    for package in (journeymapper.model, journeymapper.render, journeymapper.export):
        names.append(package.__name__)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return names


def test_model_export_and_cli_import_without_qt() -> None:
    modules = headless_modules()
    assert "journeymapper.model.analysis.chain" in modules
    assert "journeymapper.render.layout" in modules
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {len(modules)}"


def test_the_probe_does_catch_a_qt_import() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "PySide6.QtCore"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "Qt imported by a headless module" in result.stderr


def test_render_imports_neither_qt_nor_paper_libraries() -> None:
    """The render package is shared by the Qt canvas and the reportlab poster, so it may lean
    on neither; the probe blocks reportlab and openpyxl as well as Qt here."""
    probe = PROBE.replace(
        '{"PySide6", "PyQt5", "PyQt6", "shiboken6"}',
        '{"PySide6", "PyQt5", "PyQt6", "shiboken6", "reportlab", "openpyxl"}',
    )
    assert probe != PROBE
    package = journeymapper.render
    modules = [package.__name__]
    modules += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    assert "journeymapper.render.layout" in modules
    result = subprocess.run(
        [sys.executable, "-c", probe, *modules], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
