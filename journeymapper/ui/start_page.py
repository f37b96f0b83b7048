"""The start page: a new map, open a file, recent files, and the sample maps."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journeymapper.ui.settings import recent_files

SAMPLE_FOLDER = Path(__file__).resolve().parents[2] / "sample_maps"


def sample_maps() -> list[Path]:
    return sorted(SAMPLE_FOLDER.glob("*.cjm")) if SAMPLE_FOLDER.is_dir() else []


def short_folder(path: Path, home: Path | None = None) -> str:
    """The folder of ``path`` as a reader tells two maps of one name apart: the home folder
    as "~", and a deep folder as its first two parts, "…" and its own name
    ("~/maps/…/team")."""
    folder = path.parent
    home = Path.home() if home is None else home
    if folder == home or home in folder.parents:
        parts = ["~", *folder.relative_to(home).parts]
    else:
        parts = ["", *folder.parts[1:]]  # "" before the first "/": the root
    if len(parts) > 4:
        parts = [*parts[:2], "\u2026", parts[-1]]
    shown = "/".join(parts)
    return shown or "/"


def recent_label(path: Path) -> str:
    """A recent map's line: its file name, then the folder it is in (shortened); two maps of
    one name from different folders must not look alike."""
    return f"{path.name}  \u2014  {short_folder(path)}"


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    path_chosen = Signal(object)  # a Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(
            "<h1>journeymapper</h1><p>Map what your customer does and feels, and what your "
            "organisation does behind it.</p>"
        )
        title.setWordWrap(True)
        new_button = QPushButton("New map")
        new_button.setToolTip("Start an empty journey map (Ctrl+N)")
        open_button = QPushButton("Open…")
        open_button.setToolTip("Open a .cjm file (Ctrl+O)")
        new_button.clicked.connect(self.new_requested)
        open_button.clicked.connect(self.open_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(open_button)
        buttons.addStretch()
        self.recent = self._list("Recent maps appear here once you open or save one.")
        self.samples = self._list("")
        lists = QHBoxLayout()
        lists.addLayout(self._column("Recent maps", self.recent))
        lists.addLayout(self._column("Sample maps", self.samples))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addLayout(lists, 1)
        self.refresh()

    def refresh(self) -> None:
        self._fill(self.recent, recent_files(), full_path=True)
        self._fill(self.samples, sample_maps(), full_path=False)

    def _list(self, tip: str) -> QListWidget:
        widget = QListWidget()
        widget.setToolTip(tip)
        # Activated is a double-click (or a single click where the desktop says so) and Enter;
        # listening to double-clicks as well would open the map twice.
        widget.itemActivated.connect(self._chosen)
        return widget

    @staticmethod
    def _column(caption: str, widget: QListWidget) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(QLabel(f"<b>{caption}</b>"))
        column.addWidget(widget)
        return column

    @staticmethod
    def _fill(widget: QListWidget, paths: list[Path], full_path: bool) -> None:
        widget.clear()
        for path in paths:
            label = (
                path.stem.replace("_", " ").capitalize() if not full_path else recent_label(path)
            )
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            widget.addItem(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.path_chosen.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
