"""What every exporter shares: its error, its report of warnings, progress, and safe writing.

No Qt here (a test enforces it): the command line and the tests export without a display.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from journeymapper.model.errors import JourneyMapError, SaveError
from journeymapper.model.storage import write_atomically


def _assets_folder() -> Path:
    """Fonts and other files shipped with the app: journeymapper/assets in an installed wheel
    (pyproject.toml maps the top-level assets/ folder there), assets/ in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "assets"
    return installed if (installed / "fonts").is_dir() else package.parent / "assets"


ASSETS = _assets_folder()

# Called with the share of the work done, 0.0 .. 1.0; the GUI shows it in a progress dialog.
Progress = Callable[[float], None]


def no_progress(_share: float) -> None:
    """The default progress callback: nobody is watching."""


class ExportError(JourneyMapError):
    """An export or import could not be done; the message says what and where."""


@dataclass
class ExportReport:
    """What an export wrote, and what the user should know about it (never silent losses)."""

    path: Path
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def named_places(places: Sequence[str], shown: int = 3) -> str:
    """`` in a, b, c and 2 more places``: where a warning applies, the first few named and
    the rest counted; empty when no place is known."""
    if not places:
        return ""
    named = ", ".join(places[:shown])
    more = len(places) - shown
    tail = f" and {more} more place{'s' if more > 1 else ''}" if more > 0 else ""
    return f" in {named}{tail}"


def write_output(path: Path, data: bytes) -> None:
    """Write an exported file whole or not at all, so a failed export never leaves half a PDF
    or workbook where a colleague may open it."""
    if not path.parent.is_dir():
        raise ExportError(f"{path.parent} is not a folder")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # Replacing it would swap a link or a device for a plain file, not write into it.
        raise ExportError(f"{path} is not a plain file; choose another name")
    try:
        write_atomically(path, data)
    except SaveError as error:
        raise ExportError(str(error)) from None


def finish_export(
    out: Path, data: bytes, warnings: Iterable[str], progress: Progress = no_progress
) -> ExportReport:
    """The last step of every export: write ``data`` to ``out`` whole or not at all, report
    the work done, and hand back the warnings (each once) for the user to read."""
    write_output(out, data)
    progress(1.0)
    report = ExportReport(out)
    for warning in warnings:
        report.warn(warning)
    return report
