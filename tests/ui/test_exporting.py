"""File > Export and File > Import from Excel, driven through the real menu actions.

The dialogs are answered by a scripted Prompts object; the written files are read back by
independent readers (pypdf, openpyxl, Qt's image reader)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from journeymapper.model import load
from journeymapper.ui.exporting import PosterDialog, PosterOptions
from journeymapper.ui.main_window import MainWindow
from tests.conftest import SAMPLE_MAPS
from tests.ui.helpers import ScriptedPrompts, open_window, sample_copy

SAMPLES = sorted(p.stem for p in SAMPLE_MAPS.glob("*.cjm"))


@dataclass
class ExportPrompts(ScriptedPrompts):
    """Also answers the export questions: where to write, which paper, which resolution."""

    export_to: dict[str, Path] = field(default_factory=dict)  # by dialog title
    poster: PosterOptions | None = field(default_factory=PosterOptions)
    dpi: int | None = 60
    workbook: Path | None = None
    warnings: list[str] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)  # the full paths the dialogs start at

    def export_path(self, title: str, suggestion: str, file_filter: str) -> Path | None:
        self.asked.append(f"export:{title}:{Path(suggestion).name}")
        self.suggested.append(suggestion)
        return self.export_to.get(title)

    def poster_options(self) -> PosterOptions | None:
        return self.poster

    def png_resolution(self) -> int | None:
        return self.dpi

    def open_workbook_path(self, folder: str = "") -> Path | None:
        self.asked.append(f"import-from:{folder}")
        return self.workbook

    def warning(self, title: str, message: str) -> None:
        self.warnings.append(message)


def svg_words(path: Path) -> str:
    """The text of an SVG as one line: wrapped titles come out as separate text elements."""
    root = ET.parse(path).getroot()  # noqa: S314 (our own file)
    return " ".join(" ".join(root.itertext()).split())


def window_with(qtbot: QtBot, path: Path) -> tuple[MainWindow, ExportPrompts]:
    window, _ = open_window(qtbot, path)
    prompts = ExportPrompts()
    window.prompts = prompts  # type: ignore[assignment]
    return window, prompts


def trigger(window: MainWindow, name: str) -> None:
    action = window.actions_by_name[name]
    assert action.isEnabled(), f"{name} is disabled"
    action.trigger()
    window.exporting.wait()  # a PDF or workbook export finishes on a worker


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_exports_to_every_format_from_the_menu(
    qtbot: QtBot, tmp_path: Path, name: str
) -> None:
    window, prompts = window_with(qtbot, sample_copy(tmp_path, name))
    out = {
        "Export poster": tmp_path / "poster.pdf",
        "Export report": tmp_path / "report.pdf",
        "Export Excel workbook": tmp_path / "table.xlsx",
        "Export PNG picture": tmp_path / "canvas.png",
        "Export SVG picture": tmp_path / "canvas.svg",
    }
    prompts.export_to = out
    for action in ("export_poster", "export_report", "export_xlsx", "export_png", "export_svg"):
        trigger(window, action)
    assert prompts.errors == []
    journey = load(SAMPLE_MAPS / f"{name}.cjm").journey
    poster = PdfReader(out["Export poster"])
    # On the default A2 the map goes onto as many sheets as keep card titles at 10 pt, and
    # the user is told; every phase is on one of them (a map too tall for the sheet has its
    # customer's side on the first sheets and its lanes on those hung below).
    sheets = len(poster.pages)
    assert sheets == 1 or any(f"printed on {sheets} A2 sheets" in w for w in prompts.warnings)
    text = " ".join(page.extract_text() for page in poster.pages)
    assert all(phase.title in text for phase in journey.phases)
    assert len(PdfReader(out["Export report"]).pages) >= 2
    sheet = openpyxl.load_workbook(out["Export Excel workbook"])["Touchpoints"]
    assert sheet.max_row == len(journey.touchpoints) + 1
    assert not QImage(str(out["Export PNG picture"])).isNull()
    svg_text = svg_words(out["Export SVG picture"])
    shown = [step.title for step in journey.steps() if " ".join(step.title.split()) in svg_text]
    assert len(shown) >= 0.8 * len(journey.steps())  # the rest are elided on their cards
    # The export suggested a name beside the map and left the map itself unchanged.
    assert f"export:Export poster:{name}.pdf" in prompts.asked
    assert not window.isWindowModified()


def test_poster_options_reach_the_pdf(qtbot: QtBot, tmp_path: Path) -> None:
    window, prompts = window_with(qtbot, sample_copy(tmp_path))
    prompts.poster = PosterOptions(size="A4", portrait=True, tile=None)
    prompts.export_to = {"Export poster": tmp_path / "a4"}  # no suffix typed: .pdf is added
    trigger(window, "export_poster")
    box = PdfReader(tmp_path / "a4.pdf").pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (
        210,
        297,
    )


def test_cancelling_a_dialog_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    window, prompts = window_with(qtbot, sample_copy(tmp_path))
    prompts.poster = None  # cancelled the paper dialog
    prompts.export_to = {"Export poster": tmp_path / "never.pdf"}
    trigger(window, "export_poster")
    assert not (tmp_path / "never.pdf").exists()


def test_a_failed_export_says_why(qtbot: QtBot, tmp_path: Path) -> None:
    window, prompts = window_with(qtbot, sample_copy(tmp_path))
    prompts.export_to = {"Export Excel workbook": tmp_path / "missing" / "table.xlsx"}
    trigger(window, "export_xlsx")
    assert len(prompts.errors) == 1 and "is not a folder" in prompts.errors[0]


def test_import_from_excel_opens_an_unsaved_map(qtbot: QtBot, tmp_path: Path) -> None:
    window, prompts = window_with(qtbot, sample_copy(tmp_path))
    prompts.export_to = {"Export Excel workbook": tmp_path / "table.xlsx"}
    trigger(window, "export_xlsx")
    prompts.workbook = tmp_path / "table.xlsx"
    trigger(window, "import_xlsx")
    assert window.session is not None and window.session.path is None
    assert window.isWindowModified()  # an import has no file yet: saving is up to the user
    imported = window.session.editor.document.map
    original = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    assert imported.model_dump(exclude={"app_version"}) == original.model_dump(
        exclude={"app_version"}
    )


def test_importing_a_bad_workbook_keeps_the_current_map(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    window, prompts = window_with(qtbot, path)
    before = window.session
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"this is not a workbook")
    prompts.workbook = bad
    trigger(window, "import_xlsx")
    assert len(prompts.errors) == 1
    assert window.session is before and window.session is not None
    assert window.session.path == path


def test_the_poster_dialog_reads_paper_orientation_and_tiling(qtbot: QtBot) -> None:
    dialog = PosterDialog()
    qtbot.addWidget(dialog)
    assert dialog.options() == PosterOptions("A2", False, None)
    dialog.size_box.setFocus()
    QTest.keyClick(dialog.size_box, Qt.Key.Key_Home)  # A0 is the first paper size
    QTest.keyClick(dialog.portrait_box, Qt.Key.Key_Space)
    dialog.tile_box.setCurrentIndex(1)
    assert dialog.options() == PosterOptions("A0", True, "A4")
