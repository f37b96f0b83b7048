"""File > Export and File > Import from Excel: the GUI face of journeymapper.export.

Each export asks where to write (through the window's Prompts, so tests answer without a
dialog), runs with a progress dialog, and reports warnings (characters no font has, text
Excel cannot hold) instead of hiding them. The map is read, never changed, by an export.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from journeymapper.export.common import ExportReport, Progress
from journeymapper.model import JourneyMap, JourneyMapError
from journeymapper.ui.settings import remember_folder, start_folder

if TYPE_CHECKING:
    from journeymapper.ui.main_window import MainWindow

PDF_FILTER = "PDF documents (*.pdf)"
XLSX_FILTER = "Excel workbooks (*.xlsx)"
PNG_FILTER = "PNG pictures (*.png)"
SVG_FILTER = "SVG pictures (*.svg)"


def file_stem(title: str) -> str:
    """A file name from a map title: no folder separators or characters Windows refuses."""
    # Hidden characters too: a right-to-left override could make "evil\u202egpj.cjm" read
    # as "eviljpg.cjm" in a file dialog.
    visible = "".join(char if char.isprintable() else "-" for char in title)
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", visible).strip(" .-")
    return cleaned[:80] or "journey"


@dataclass(frozen=True)
class PosterOptions:
    """What the poster dialog asks: paper, orientation, and optional tiling."""

    size: str = "A2"
    portrait: bool = False
    tile: str | None = None


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel buttons that accept or reject ``dialog``."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PosterDialog(QDialog):
    """Paper size, orientation and tiling for a poster."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export poster")
        self.size_box = QComboBox()
        self.size_box.addItems(["A0", "A1", "A2", "A3", "A4"])
        self.size_box.setCurrentText("A2")
        self.size_box.setToolTip("The paper the whole map is drawn on")
        self.portrait_box = QCheckBox("Portrait")
        self.portrait_box.setToolTip("Landscape suits a journey; portrait suits few phases")
        self.tile_box = QComboBox()
        self.tile_box.addItems(["No tiling", "A4 sheets", "A3 sheets"])
        self.tile_box.setToolTip("Spread the poster over office-printer sheets with cut marks")
        form = QFormLayout(self)
        form.addRow("Paper size", self.size_box)
        form.addRow("", self.portrait_box)
        form.addRow("Print on", self.tile_box)
        form.addRow(ok_cancel(self))

    def options(self) -> PosterOptions:
        tile = {1: "A4", 2: "A3"}.get(self.tile_box.currentIndex())
        return PosterOptions(self.size_box.currentText(), self.portrait_box.isChecked(), tile)


class PngDialog(QDialog):
    """The resolution of a PNG picture."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export picture")
        self.dpi_box = QSpinBox()
        self.dpi_box.setRange(36, 600)
        self.dpi_box.setValue(144)
        self.dpi_box.setSuffix(" dpi")
        self.dpi_box.setToolTip("72 dpi is the canvas at 100%; 144 suits slides, 300 print")
        form = QFormLayout(self)
        form.addRow("Resolution", self.dpi_box)
        form.addRow(ok_cancel(self))


class Exporting:
    """The export and import commands of one main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.last_report: ExportReport | None = None  # what the last export wrote and warned

    # -- exports ------------------------------------------------------------------------------

    def poster(self) -> None:
        options = self.window.prompts.poster_options()
        if options is None:
            return
        path = self._ask_path("Export poster", ".pdf", PDF_FILTER)
        if path is None:
            return
        from journeymapper.export.poster import write_poster

        self._run(
            "Drawing the poster",
            lambda journey, progress: write_poster(
                journey,
                path,
                size=options.size,
                portrait=options.portrait,
                tile=options.tile,
                source_name=self._source_name(),
                progress=progress,
            ),
        )

    def report(self) -> None:
        path = self._ask_path("Export report", ".pdf", PDF_FILTER, "report")
        if path is None:
            return
        from journeymapper.export.report import write_report

        self._run(
            "Writing the report",
            lambda journey, progress: write_report(
                journey, path, source_name=self._source_name(), progress=progress
            ),
        )

    def workbook(self) -> None:
        path = self._ask_path("Export Excel workbook", ".xlsx", XLSX_FILTER)
        if path is None:
            return
        from journeymapper.export.workbook import write_workbook

        self._run(
            "Writing the workbook",
            lambda journey, progress: write_workbook(journey, path, progress=progress),
        )

    def png(self) -> None:
        dpi = self.window.prompts.png_resolution()
        if dpi is None:
            return
        path = self._ask_path("Export PNG picture", ".png", PNG_FILTER)
        if path is None:
            return
        from journeymapper.ui.image_export import write_png

        def picture(journey: JourneyMap, _progress: Progress) -> ExportReport:
            write_png(journey, path, dpi)
            return ExportReport(path)

        self._run("Drawing the picture", picture)

    def svg(self) -> None:
        path = self._ask_path("Export SVG picture", ".svg", SVG_FILTER)
        if path is None:
            return
        from journeymapper.ui.image_export import write_svg

        def picture(journey: JourneyMap, _progress: Progress) -> ExportReport:
            write_svg(journey, path)
            return ExportReport(path)

        self._run("Drawing the picture", picture)

    # -- import -------------------------------------------------------------------------------

    def import_workbook(self) -> None:
        """Open an (edited) exported workbook as a new, unsaved map."""
        session = self.window.session
        folder = start_folder(session.path if session else None)
        path = self.window.prompts.open_workbook_path(str(folder))
        if path is None:
            return
        remember_folder(path)
        from journeymapper.export.xlsx_import import read_workbook
        from journeymapper.ui.loading import LoadProgress

        if self.window.loading:
            return
        self.window.loading = True
        progress = LoadProgress(
            self.window, path.name, self.window.progress_delay_ms, title="Importing"
        )
        try:
            # Reading a workbook takes seconds for a large map: off the GUI thread.
            journey = self.window.read_in_background(progress, lambda _stage: read_workbook(path))
            if journey is not None:  # None: cancelled, the current map untouched
                self.window.open_journey(journey, f"Imported from {path.name}")
        except JourneyMapError as error:
            progress.pause()
            self.window.prompts.error("Cannot import workbook", str(error))
        finally:
            progress.close()
            self.window.loading = False

    # -- shared -------------------------------------------------------------------------------

    def _ask_path(self, title: str, suffix: str, file_filter: str, tag: str = "") -> Path | None:
        session = self.window.session
        if session is None:
            return None
        stem = session.path.stem if session.path else file_stem(session.editor.document.map.title)
        name = f"{stem} {tag}".strip() + suffix
        folder = start_folder(session.path)
        path = self.window.prompts.export_path(title, str(folder / name), file_filter)
        if path is None:
            return None
        remember_folder(path)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _source_name(self) -> str:
        session = self.window.session
        return session.path.name if session and session.path else ""

    def _run(self, label: str, export: Callable[[JourneyMap, Progress], ExportReport]) -> None:
        self.window.commit_pending_edits()
        session = self.window.session
        if session is None:
            return
        dialog = QProgressDialog(label + "…", "", 0, 100, self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setCancelButton(None)  # exports are short and write whole files or nothing
        dialog.setMinimumDuration(400)

        def progress(share: float) -> None:
            dialog.setValue(round(max(0.0, min(share, 1.0)) * 100))
            QCoreApplication.processEvents()

        # A copy: the progress dialog lets events through, and none may change what is drawn.
        snapshot = session.editor.document.map.model_copy(deep=True)
        try:
            report = export(snapshot, progress)
        except JourneyMapError as error:
            self.window.prompts.error("Export failed", str(error))
            return
        finally:
            dialog.reset()
            dialog.deleteLater()
        self.last_report = report
        if report.warnings:
            self.window.prompts.warning("Exported with warnings", "\n".join(report.warnings))
        self.window.statusBar().showMessage(f"Wrote {report.path}", 6000)
