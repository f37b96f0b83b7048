"""File > Export and File > Import from Excel: the GUI face of journeymapper.export.

Each export asks where to write (through the window's Prompts, so tests answer without a
dialog) and reports warnings (characters no font has, text Excel cannot hold) instead of
hiding them. The map is read, never changed, by an export.

The poster, the report and the workbook are made on a worker from a snapshot of the map
(``model.snapshot``), with their progress and a Cancel button in the status bar, while the
user goes on editing; the file is written whole at the end, so a cancelled export writes
nothing. PNG and SVG pictures paint the canvas with Qt, which only the GUI thread may do:
they still run there, with a progress dialog.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from journeymapper.export.common import ExportReport, Progress
from journeymapper.model import JourneyMap, JourneyMapError
from journeymapper.model.snapshot import Snapshot, rebuild
from journeymapper.ui.background import Worker
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


class ExportCancelled(Exception):
    """Raised in a worker's export by its progress callback once the user pressed Cancel."""


class _Shared:
    """What the worker's export and the GUI thread share: plain values, no Qt."""

    def __init__(self) -> None:
        self.share = 0.0
        self.cancelled = threading.Event()

    def progress(self, share: float) -> None:
        # The last report (1.0) comes after the file is written: too late to cancel.
        if self.cancelled.is_set() and share < 1.0:
            raise ExportCancelled
        self.share = max(0.0, min(share, 1.0))


class ExportBar:
    """The status bar's part of a running export: what it makes, how far, and Cancel."""

    def __init__(self, window: MainWindow, label: str, shared: _Shared) -> None:
        self.shared = shared
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setMaximumWidth(160)
        self.bar.setFormat(f"{label}: %p%")
        self.bar.setToolTip(f"{label}; you can go on editing meanwhile")
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop the export; nothing is written")
        self.cancel.clicked.connect(self.shared.cancelled.set)
        status = window.statusBar()
        status.addPermanentWidget(self.bar)
        status.addPermanentWidget(self.cancel)
        self.timer = QTimer(self.bar)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.update)
        self.timer.start()

    def update(self) -> None:
        self.bar.setValue(round(self.shared.share * 100))

    def close(self) -> None:
        self.timer.stop()
        for widget in (self.bar, self.cancel):
            widget.hide()
            widget.deleteLater()


class Exporting:
    """The export and import commands of one main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.last_report: ExportReport | None = None  # what the last export wrote and warned
        self._worker = Worker("journeymapper-export", window)
        self._running: tuple[_Shared, ExportBar] | None = None

    @property
    def running(self) -> bool:
        """True while an export works on the worker."""
        return self._running is not None

    def cancel(self) -> None:
        """What the status bar's Cancel does."""
        if self._running is not None:
            self._running[0].cancelled.set()

    def wait(self) -> None:
        """Keep the window running until the export on the worker is done and reported."""
        self._worker.wait_idle()

    def stop(self) -> None:
        """The window closes: cancel the export and wait for it (it stops at its next
        progress report and writes nothing)."""
        self.cancel()
        self._worker.shutdown()

    # -- exports ------------------------------------------------------------------------------

    # The exporters are imported inside the jobs, on the worker: the first import of
    # reportlab or openpyxl takes a second or more, which the window would otherwise wait.

    def poster(self) -> None:
        options = self.window.prompts.poster_options()
        if options is None:
            return
        path = self._ask_path("Export poster", ".pdf", PDF_FILTER)
        if path is None:
            return
        source = self._source_name()  # read here: the export runs on a worker

        def export(journey: JourneyMap, progress: Progress) -> ExportReport:
            from journeymapper.export.poster import write_poster

            return write_poster(
                journey,
                path,
                size=options.size,
                portrait=options.portrait,
                tile=options.tile,
                source_name=source,
                progress=progress,
            )

        self._run_in_background("Drawing the poster", export)

    def report(self) -> None:
        path = self._ask_path("Export report", ".pdf", PDF_FILTER, "report")
        if path is None:
            return
        source = self._source_name()

        def export(journey: JourneyMap, progress: Progress) -> ExportReport:
            from journeymapper.export.report import write_report

            return write_report(journey, path, source_name=source, progress=progress)

        self._run_in_background("Writing the report", export)

    def workbook(self) -> None:
        path = self._ask_path("Export Excel workbook", ".xlsx", XLSX_FILTER)
        if path is None:
            return

        def export(journey: JourneyMap, progress: Progress) -> ExportReport:
            from journeymapper.export.workbook import write_workbook

            return write_workbook(journey, path, progress=progress)

        self._run_in_background("Writing the workbook", export)

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
            # Reading a workbook takes seconds for a large map: off the GUI thread, naming
            # each sheet as it goes; a cancel stops the reading at the next sheet.
            journey = self.window.read_in_background(
                progress, lambda stage: read_workbook(path, stage)
            )
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
        snapshot = rebuild(session.snapshots.take().data)
        try:
            report = export(snapshot, progress)
        except JourneyMapError as error:
            self.window.prompts.error("Export failed", str(error))
            return
        finally:
            dialog.reset()
            dialog.deleteLater()
        self._finished(report)

    def _finished(self, report: ExportReport) -> None:
        self.last_report = report
        if report.warnings:
            self.window.prompts.warning("Exported with warnings", "\n".join(report.warnings))
        self.window.statusBar().showMessage(f"Wrote {report.path}", 6000)

    def _run_in_background(
        self, label: str, export: Callable[[JourneyMap, Progress], ExportReport]
    ) -> None:
        """Export a snapshot of the map on the worker; the result is reported when done."""
        self.window.commit_pending_edits()
        session = self.window.session
        if session is None:
            return
        if self._running is not None:
            self.window.statusBar().showMessage(
                "An export is still running: wait for it, or cancel it first", 6000
            )
            return
        snapshot = session.snapshots.take()  # the map as it is now: what changed, serialised
        shared = _Shared()
        self._running = (shared, ExportBar(self.window, label, shared))
        self._worker.submit(
            lambda: _export_snapshot(snapshot, export, shared.progress), self._export_done
        )

    def _export_done(self, future: Future[ExportReport]) -> None:
        if self._running is not None:
            self._running[1].close()
            self._running = None
        error = future.exception()
        if isinstance(error, ExportCancelled):
            self.window.statusBar().showMessage("Export cancelled; nothing was written", 6000)
        elif isinstance(error, JourneyMapError):
            self.window.prompts.error("Export failed", str(error))
        elif error is not None:
            raise error  # a bug: let it surface as any other slot's would
        else:
            self._finished(future.result())


def _export_snapshot(
    snapshot: Snapshot, export: Callable[[JourneyMap, Progress], ExportReport], progress: Progress
) -> ExportReport:
    """On the worker: the map again from the snapshot, then the export itself."""
    progress(0.0)
    return export(rebuild(snapshot.data), progress)
