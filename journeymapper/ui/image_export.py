"""Pictures of the canvas: PNG at a chosen resolution and SVG, drawn by the real scene.

The picture comes from a fresh read-only scene of the map, so it shows the findings but not
the selection, the zoom or the scroll position of whoever is exporting.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsItem

from journeymapper.model import Document, JourneyMap
from journeymapper.model.analysis import analyze, detected_moments
from journeymapper.model.errors import JourneyMapError
from journeymapper.ui.scene import JourneyScene

# Layout units are points (1/72 inch), as on the poster, so 72 dpi is 100% zoom.
POINTS_PER_INCH = 72.0
DEFAULT_DPI = 144
MIN_DPI, MAX_DPI = 5, 1200
# Longest side of a PNG; beyond this the image would take gigabytes of memory.
MAX_IMAGE_PIXELS = 16_000


class ImageExportError(JourneyMapError):
    """A picture could not be written; the message says why."""


def ensure_application() -> QApplication:
    """A QApplication to draw with; headless unless a screen is there anyway."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QApplication([])


def write_png(journey: JourneyMap, out: Path, dpi: float = DEFAULT_DPI) -> tuple[int, int]:
    """Draw the map into a PNG at ``dpi``; returns its size in pixels.

    A map too large for ``dpi`` is drawn at the largest resolution that fits MAX_IMAGE_PIXELS.
    """
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ImageExportError(f"a resolution of {dpi:g} dpi is outside {MIN_DPI}..{MAX_DPI}")
    _check_folder(out)
    with _ReadOnlyScene(journey) as scene:
        area = scene.sceneRect()
        scale = min(dpi / POINTS_PER_INCH, MAX_IMAGE_PIXELS / max(area.width(), area.height()))
        size = QSize(round(area.width() * scale), round(area.height() * scale))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        _render(scene, image, QRectF(0, 0, size.width(), size.height()))
    _save_image(image, out)
    return size.width(), size.height()


def write_svg(journey: JourneyMap, out: Path) -> None:
    """Draw the map as an SVG of vector shapes and text, one layout unit per SVG unit."""
    _check_folder(out)
    temporary = out.with_name(f".{out.name}.exporting")
    with _ReadOnlyScene(journey) as scene:
        area = scene.sceneRect()
        generator = QSvgGenerator()
        generator.setFileName(str(temporary))
        generator.setSize(QSize(round(area.width()), round(area.height())))
        generator.setViewBox(QRectF(0, 0, area.width(), area.height()))
        generator.setResolution(round(POINTS_PER_INCH))
        generator.setTitle(journey.title)
        generator.setDescription("A customer journey map drawn by journeymapper")
        _render(scene, generator, QRectF(0, 0, area.width(), area.height()))
    _replace(temporary, out)


class _ReadOnlyScene:
    """A scene of the map with its findings shown, closed again on leaving the block."""

    def __init__(self, journey: JourneyMap) -> None:
        ensure_application()
        self.scene = JourneyScene(Document(journey))
        self.scene.show_findings(analyze(journey), detected_moments(journey))
        # Cached cards would reach an SVG as bitmaps; drawn afresh they stay text and vectors.
        for item in self.scene.items():
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)

    def __enter__(self) -> JourneyScene:
        return self.scene

    def __exit__(self, *_exc: object) -> None:
        self.scene.close()


def _render(scene: JourneyScene, device: QImage | QSvgGenerator, target: QRectF) -> None:
    painter = QPainter()
    if not painter.begin(device):
        raise ImageExportError("cannot start drawing the picture")
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, target, scene.sceneRect())
    painter.end()


def _save_image(image: QImage, out: Path) -> None:
    """Save through a temporary file, so a failed export never leaves half a picture."""
    temporary = out.with_name(f".{out.name}.exporting.png")  # the suffix picks the format
    if not image.save(str(temporary)):
        temporary.unlink(missing_ok=True)
        raise ImageExportError(f"cannot write {out}")
    _replace(temporary, out)


def _check_folder(out: Path) -> None:
    if not out.parent.is_dir():
        raise ImageExportError(f"{out.parent} is not a folder")


def _replace(temporary: Path, out: Path) -> None:
    try:
        os.replace(temporary, out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ImageExportError(f"cannot write {out}: {error.strerror or error}") from None
