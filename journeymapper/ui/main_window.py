"""The main window: start page or canvas, panels, menus, and the file commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QUndoView,
    QWidget,
)

from journeymapper import __version__
from journeymapper.model import ConflictError, JourneyMap, JourneyMapError, new_map
from journeymapper.model.analysis import Finding
from journeymapper.model.errors import ReadOnlyError
from journeymapper.model.storage import tidy_private_folders
from journeymapper.ui.actions import build_menus
from journeymapper.ui.exporting import Exporting, file_stem
from journeymapper.ui.findings_panel import FindingsPanel
from journeymapper.ui.inspector import Inspector
from journeymapper.ui.inspector.curves import CurvesPanel
from journeymapper.ui.keyboard import KeyboardController
from journeymapper.ui.loading import (
    PROGRESS_DELAY_MS,
    LoadProgress,
    Stage,
    load_in_stages,
    run_in_background,
    settle_after_open,
)
from journeymapper.ui.merging import can_merge, merge_with_disk, use_theirs
from journeymapper.ui.presentation import Presentation
from journeymapper.ui.prompts import Choice, Prompts
from journeymapper.ui.recovery import RecoveryStore
from journeymapper.ui.scene import JourneyScene, scene_alive
from journeymapper.ui.session import AUTOSAVE_MS, MapSession, free_copy_name
from journeymapper.ui.settings import (
    remember_recent,
    remember_window_layout,
    start_folder,
    window_layout,
)
from journeymapper.ui.start_page import StartPage
from journeymapper.ui.view import JourneyView

DEFAULT_SIZE = QSize(1400, 900)  # the first start, before a size was remembered
INSPECTOR_WIDTH = 340  # wide enough for every form's fields, no wider: the map needs room
FINDINGS_HEIGHT = 130  # four or five findings; the list scrolls for more

T = TypeVar("T")


class MainWindow(QMainWindow):
    """One window, one map at a time."""

    def __init__(
        self, recovery: RecoveryStore | None = None, autosave_ms: int = AUTOSAVE_MS
    ) -> None:
        super().__init__()
        self.prompts = Prompts(self)
        self.recovery = recovery or RecoveryStore()
        self.autosave_ms = autosave_ms
        self.progress_delay_ms = PROGRESS_DELAY_MS  # how long a load runs before its dialog
        self.loading = False
        self.session: MapSession | None = None
        self._asking_about_disk = False
        self.scene: JourneyScene | None = None
        self.view: JourneyView | None = None
        self.keyboard: KeyboardController | None = None
        self.inspector: Inspector | None = None
        self.start_page = StartPage()
        self.start_page.new_requested.connect(self.new_map)
        self.start_page.open_requested.connect(lambda: self.open_map())
        self.start_page.path_chosen.connect(self.open_map)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_page)
        self.setCentralWidget(self.pages)
        self.findings_dock = self._dock("Findings", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.inspector_dock = self._dock("Inspector", Qt.DockWidgetArea.RightDockWidgetArea)
        self.history_dock = self._dock("History", Qt.DockWidgetArea.RightDockWidgetArea)
        self.history_dock.hide()
        # The curves and personas: beside the inspector, since the curve picked there is the
        # one the keys change while a step is selected.
        self.curves_dock = self._dock("Curves", Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.inspector_dock, self.curves_dock)
        self.inspector_dock.raise_()
        self.presentation = Presentation(self)
        self.exporting = Exporting(self)
        self.actions_by_name: dict[str, QAction] = build_menus(self)
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self._restore_layout()
        self._update_title()
        self._update_enabled()

    def _restore_layout(self) -> None:
        """Open where the window was closed (size, place, panels); the first time, at a
        default size that fits the screen, with panels that leave the map most of it."""
        saved = window_layout()
        if saved is not None and self.restoreGeometry(saved[0]):
            self.restoreState(saved[1])
            return
        screen = self.screen().availableGeometry().size()
        self.resize(DEFAULT_SIZE.boundedTo(screen))
        self.resizeDocks([self.inspector_dock], [INSPECTOR_WIDTH], Qt.Orientation.Horizontal)
        self.resizeDocks([self.findings_dock], [FINDINGS_HEIGHT], Qt.Orientation.Vertical)

    def _save_layout(self) -> None:
        remember_window_layout(self.saveGeometry(), self.saveState())

    def _save_suggestion(self) -> str:
        """Save As starts in the map's folder (else the last or the documents folder), with
        the map's file name or a name made from its title."""
        path = self.session.path if self.session else None
        title = self.session.editor.document.map.title if self.session else ""
        name = path.name if path else file_stem(title) + ".cjm"
        return str(start_folder(path) / name)

    def _dock(self, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.lower())
        dock.setWidget(QLabel("Open a map to see this panel."))
        self.addDockWidget(area, dock)
        return dock

    # -- sessions -----------------------------------------------------------------------------

    def install(self, session: MapSession) -> None:
        """Show ``session`` on the canvas, replacing the current one."""
        self._uninstall()
        self.session = session
        editor = session.editor
        self.scene = JourneyScene(editor.document, editor)
        self.view = JourneyView(self.scene)
        self.keyboard = KeyboardController(editor, self.scene, self.view)
        self.keyboard.report = self._report
        self.pages.addWidget(self.view)
        self.pages.setCurrentWidget(self.view)
        findings = FindingsPanel(editor)
        findings.finding_activated.connect(self.show_finding)
        replace_panel(self.findings_dock, findings)
        self.inspector = Inspector(editor)
        self.inspector.leave_requested.connect(self._back_to_canvas)
        replace_panel(self.inspector_dock, self.inspector)
        replace_panel(self.history_dock, QUndoView(editor.undo_stack))
        curves = CurvesPanel(editor)
        curves.leave_requested.connect(self._back_to_canvas)
        replace_panel(self.curves_dock, curves)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.keyboard.select_start()  # the first step, so the keys work from the start
        session.state_changed.connect(self._update_title)
        session.changed_on_disk.connect(self._changed_on_disk)
        editor.undo_stack.indexChanged.connect(self._on_undo_index)
        self.actions_by_name["undo"].triggered.disconnect()
        self.actions_by_name["undo"].triggered.connect(editor.undo_stack.undo)
        self.actions_by_name["redo"].triggered.disconnect()
        self.actions_by_name["redo"].triggered.connect(editor.undo_stack.redo)
        self.view.setFocus()
        self._update_title()
        self._update_enabled()
        settle_after_open()

    def _uninstall(self) -> None:
        if self.session is None:
            return
        self.presentation.leave()
        findings = self.findings_dock.widget()
        if isinstance(findings, FindingsPanel):
            findings.detach()
        if self.inspector is not None:
            self.inspector.close_inspector()
            self.inspector = None
        curves = self.curves_dock.widget()
        if isinstance(curves, CurvesPanel):
            curves.detach()
        for dock in (self.findings_dock, self.inspector_dock, self.history_dock, self.curves_dock):
            replace_panel(dock, QLabel("Open a map to see this panel."))
        if self.keyboard is not None:
            self.keyboard.close()
        if self.scene is not None:
            self.scene.selectionChanged.disconnect(self._selection_changed)
            self.scene.close()
        if self.view is not None:
            self.pages.removeWidget(self.view)
            self.view.deleteLater()
        self.session.close()
        self.session.deleteLater()
        self.session = self.scene = self.view = self.keyboard = None

    # -- file commands ------------------------------------------------------------------------

    def new_map(self) -> None:
        if self.maybe_discard():
            self.install(
                MapSession(
                    new_map(), recovery=self.recovery, autosave_ms=self.autosave_ms, parent=self
                )
            )
            if self.view is not None:
                self.view.fill_window()

    def open_map(self, path: Path | None = None) -> bool:
        """Open ``path`` (or ask for one); a bad file leaves the current map untouched.

        Reading and checking run off the GUI thread, with a progress dialog that names the
        file and the stage and can cancel; the current map stays until the new one is ready.
        """
        if path is None:
            path = self.prompts.open_path(
                str(start_folder(self.session.path if self.session else None))
            )
            if path is None:
                return False
        # A name relative to the terminal's folder would point elsewhere after a restart
        # (recovery copies, Save); links stay links, so saving still writes their target.
        path = path.absolute()
        if self.loading:
            return False  # one load at a time; the progress dialog keeps the window modal
        self.loading = True
        progress = LoadProgress(self, path.name, self.progress_delay_ms)
        try:
            return self._open_loaded(path, progress)
        finally:
            progress.close()
            self.loading = False

    def _open_loaded(self, path: Path, progress: LoadProgress) -> bool:
        try:
            loaded = self.read_in_background(progress, lambda stage: load_in_stages(path, stage))
        except JourneyMapError as error:
            progress.pause()
            self.prompts.error("Cannot open map", str(error))
            return False
        if loaded is None:
            return False  # cancelled: the current map is untouched
        if not self.maybe_discard():  # check before discarding anything
            return False
        self._draw_stage(progress)
        session = MapSession(
            loaded.journey,
            path,
            loaded.disk,
            recovery=self.recovery,
            autosave_ms=self.autosave_ms,
            parent=self,
            base=loaded.data,
        )
        self.install(session)
        remember_recent(path)
        if self.view is not None:
            self.view.fill_window()
        return True

    def read_in_background(self, progress: LoadProgress, job: Callable[[Stage], T]) -> T | None:
        """Run ``job`` (pure model code) off the GUI thread; None when the user cancelled."""
        progress.stage("Reading the file")
        value = run_in_background(progress, job)
        if value is not None:
            self.commit_pending_edits()  # as the question about unsaved changes that follows
            if self.session is not None and self.session.modified:
                progress.pause()  # no dialog behind that question
        return value

    @staticmethod
    def _draw_stage(progress: LoadProgress) -> None:
        """Building the canvas runs on the GUI thread in one go: name it before it starts."""
        progress.stage("Drawing the canvas")
        progress.show_now_if_slow()

    def open_journey(self, journey: JourneyMap, note: str) -> bool:
        """Show a map that has no file yet (an import): unsaved until the user saves it."""
        if not self.maybe_discard():
            return False
        session = MapSession(
            journey, recovery=self.recovery, autosave_ms=self.autosave_ms, parent=self
        )
        self.install(session)
        session.mark_unsaved()
        self._update_title()
        if self.view is not None:
            self.view.fill_window()
        self.statusBar().showMessage(note, 6000)
        return True

    def commit_pending_edits(self) -> None:
        """Push into the Document what a field of the inspector still holds."""
        if self.inspector is not None:
            self.inspector.commit_pending()

    def save(self) -> bool:
        if self.session is None:
            return False
        self.commit_pending_edits()
        if self.session.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self, suggestion: Path | None = None) -> bool:
        if self.session is None:
            return False
        self.commit_pending_edits()
        path = self.prompts.save_path(str(suggestion) if suggestion else self._save_suggestion())
        return path is not None and self._save_to(path)

    def _save_to(
        self, path: Path | None, overwrite: bool = False, replace_read_only: bool = False
    ) -> bool:
        if self.session is None:
            return False
        try:
            saved = self.session.save(
                path, overwrite_changes=overwrite, replace_read_only=replace_read_only
            )
        except ConflictError:
            choice = self.prompts.changed_on_disk_before_save(
                self.session.path or Path(), can_merge=path is None and can_merge(self.session)
            )
            if choice is Choice.MERGE:
                return self._merge_then_save()
            if choice is Choice.OVERWRITE:
                return self._save_to(path, True, replace_read_only)
            if choice is Choice.SAVE_AS:
                # Their file is taken: offer a free "my copy" name, not a replace of theirs.
                return self.save_as(free_copy_name(path or self.session.path or Path()))
            return False
        except ReadOnlyError:
            choice = self.prompts.read_only(path or self.session.path or Path())
            if choice is Choice.OVERWRITE:
                return self._save_to(path, overwrite, replace_read_only=True)
            if choice is Choice.SAVE_AS:
                return self.save_as(free_copy_name(path or self.session.path or Path()))
            return False
        except JourneyMapError as error:
            self.prompts.error("Could not save", str(error))
            return False
        if self.session.path is not None:
            remember_recent(self.session.path)
        # A warning (no backup could be kept) stays next to the confirmation, not under it.
        message = "; ".join([f"Saved {self.session.display_name}", *saved.warnings])
        self.statusBar().showMessage(message, 12000 if saved.warnings else 3000)
        return True

    def _merge_then_save(self) -> bool:
        """Merge the colleague's version into this one, save the result, then show what was
        merged and let the user settle each conflict."""
        if self.session is None:
            return False
        try:
            result = merge_with_disk(self.session)
        except JourneyMapError as error:
            self.prompts.error("Could not merge", str(error))
            return False
        saved = self._save_to(None)
        editor = self.session.editor
        self.prompts.merge_summary(result, lambda conflict: use_theirs(editor, conflict))
        return saved

    def maybe_discard(self) -> bool:
        """True when the current map may be replaced: saved, or the user said so. Never
        while a save is on its way: it finishes first (the window keeps running meanwhile)."""
        self.commit_pending_edits()  # a choice still in a field counts as a change
        if self.session is not None and self.session.saving:
            self.statusBar().showMessage("Still saving; try again once the save is done", 6000)
            return False
        if self.session is None or not self.session.modified:
            return True
        choice = self.prompts.unsaved_changes(self.session.display_name)
        if choice is Choice.SAVE:
            return self.save()
        return choice is Choice.DISCARD

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.loading:  # the load's dialog offers Cancel; closing mid-load would race it
            event.ignore()
            return
        if self.session is not None and self.session.saving:
            # Closing now would cut the save short: the window closes once it is done.
            self.session.close_when_saved(self)
            event.ignore()
            return
        if self.maybe_discard():
            self.exporting.stop()  # an export still running is cancelled, writing nothing
            self._uninstall()  # leaves presentation mode: its full screen is not remembered
            self._save_layout()
            event.accept()
        else:
            event.ignore()

    def offer_recovery(self) -> bool:
        """At start-up: tidy what killed saves left in the private folders, then offer each
        map a crash left unsaved; True if one was restored. A copy is deleted only when the
        user says Discard; restored work keeps it, updated, until the map is saved."""
        tidy_private_folders(self.recovery.folder)
        for entry in self.recovery.orphans():
            if not self.recovery.is_loadable(entry):
                self.recovery.discard(entry.key)
                continue
            choice = self.prompts.restore(entry)
            if choice is Choice.DISCARD:
                self.recovery.discard(entry.key)
            if choice is not Choice.RESTORE:
                continue  # "Not now": offered again at the next start
            session = MapSession(
                self.recovery.restore(entry),
                entry.original,
                entry.base,  # so a save still notices a colleague's newer version
                recovery=self.recovery,
                autosave_ms=self.autosave_ms,
                parent=self,
                recovery_key=entry.key,
            )
            self.install(session)
            session.mark_unsaved()
            session.keep_recovery_copy()
            self._update_title()
            if self.view is not None:
                self.view.fill_window()  # as an opened map: from its start, not the middle
            return True
        return False

    def _changed_on_disk(self) -> None:
        """Ask once about an outside change: never while the question is already open (the
        watcher may fire several times for one save), and not again for the same version."""
        session = self.session
        if session is None or session.path is None or self._asking_about_disk:
            return
        self._asking_about_disk = True
        try:
            choice = self.prompts.changed_on_disk(session.path, session.modified)
        finally:
            self._asking_about_disk = False
        if session is not self.session:
            return
        session.acknowledge_disk()
        if choice is Choice.RELOAD:
            path, had_changes = session.path, session.modified
            session.editor.undo_stack.setClean()  # the user chose to drop the changes
            if not self.open_map(path) and had_changes and session is self.session:
                # Their file did not open (or the load was cancelled): the changes on
                # screen are still unsaved, and need their recovery copy again.
                session.mark_unsaved()
                session.keep_recovery_copy()
        elif choice is Choice.KEEP_BOTH:
            self._keep_both(session)

    def _keep_both(self, session: MapSession) -> None:
        theirs = session.path
        try:
            session.save_copy_beside()
        except JourneyMapError as error:
            self.prompts.error("Could not save a copy", str(error))
            return
        if theirs is not None and session.path is not None:
            remember_recent(session.path)
            self.statusBar().showMessage(
                f"Your version is saved as {session.path.name}; "
                f"their version stays in {theirs.name}",
                12000,
            )

    # -- canvas interplay ---------------------------------------------------------------------

    def _report(self, message: str) -> None:
        """A canvas key that changed nothing, or started something with no other sign
        (a link), says so in the status bar."""
        self.statusBar().showMessage(message, 8000)

    def _selection_changed(self) -> None:
        if self.scene is None or not scene_alive(self.scene):
            return  # Qt clears the selection while destroying a scene nobody closed
        if self.inspector is not None:
            self.inspector.show_elements(self.scene.selected_ids())

    def _back_to_canvas(self) -> None:
        """Escape in the inspector: the keyboard goes back to the canvas."""
        if self.view is not None:
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_inspector_focus(self) -> None:
        """F6: from the canvas into the inspector's first field, and back again, so a
        facilitator can edit every attribute without reaching for the mouse."""
        if self.view is None or self.inspector is None:
            return
        focused = QApplication.focusWidget()
        if focused is not None and self.inspector.isAncestorOf(focused):
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self.inspector_dock.show()
        self.inspector_dock.raise_()
        self.inspector.focus_first_field()

    def toggle_curves_focus(self) -> None:
        """F7: from the canvas into the list of curves (to pick the curve the keys change,
        show, hide or reorder curves), and back again."""
        panel = self.curves_dock.widget()
        if self.view is None or not isinstance(panel, CurvesPanel):
            return
        focused = QApplication.focusWidget()
        if focused is not None and panel.isAncestorOf(focused):
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self.curves_dock.show()
        self.curves_dock.raise_()
        panel.curve_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_finding(self, finding: Finding) -> None:
        """Select what a finding is about and scroll the canvas to all its elements: a
        handover finding selects its flow (not also the steps at its ends), so the inspector
        shows the flow's agreement."""
        if self.scene is None or self.session is None or self.view is None:
            return
        self.scene.clearSelection()
        document = self.session.editor.document
        flows = [i for i in finding.elements if i in document and document.kind(i) == "flow"]
        area = QRectF()
        for element_id in finding.elements:
            item = self.scene.item_for(element_id) or self.scene.point_for(element_id)
            if item is not None:
                item.setSelected(not flows or element_id in flows)
                area = area.united(item.sceneBoundingRect())
        if not area.isEmpty():
            self.view.ensureVisible(area, 80, 80)

    def _update_title(self) -> None:
        name = self.session.display_name if self.session else "Start"
        self.setWindowTitle(f"{name}[*] — journeymapper")
        self.setWindowModified(bool(self.session and self.session.modified))

    def _on_undo_index(self, _index: int) -> None:
        self._update_enabled()

    def _update_enabled(self) -> None:
        has_map = self.session is not None
        for action in self.actions_by_name.values():
            if action.property("needs_map"):
                action.setEnabled(has_map)
        if self.session is not None:
            stack = self.session.editor.undo_stack
            self.actions_by_name["undo"].setEnabled(stack.canUndo())
            self.actions_by_name["redo"].setEnabled(stack.canRedo())
            self.actions_by_name["undo"].setText(f"&Undo {stack.undoText()}".strip())
            self.actions_by_name["redo"].setText(f"&Redo {stack.redoText()}".strip())

    def about(self) -> None:
        QMessageBox.about(
            self, "About journeymapper", f"journeymapper {__version__}\nMap customer journeys."
        )


def replace_panel(dock: QDockWidget, panel: QWidget) -> None:
    """Show ``panel`` in ``dock`` and delete the one it showed: a dock keeps the widget it no
    longer shows, and an old inspector, findings list or history kept the whole map opened
    before in memory."""
    previous = dock.widget()
    dock.setWidget(panel)
    if previous is not None:
        previous.deleteLater()
