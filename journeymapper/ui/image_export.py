"""Pictures of the canvas: PNG at a chosen resolution and SVG, drawn by the real scene.

The picture comes from a fresh read-only scene of the map, so it shows the findings but not
the selection, the zoom or the scroll position of whoever is exporting. It is drawn into
memory and written by the exporters' one safe writer: whole, verified, or not at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from journeymapper.export.common import ExportError, write_output
from journeymapper.model import Document, JourneyMap
from journeymapper.model.analysis import Analysis, run_analysis
from journeymapper.ui.scene import JourneyScene

# Layout units are points (1/72 inch), as on the poster, so 72 dpi is 100% zoom.
POINTS_PER_INCH = 72.0
DEFAULT_DPI = 144
MIN_DPI, MAX_DPI = 5, 1200
# Longest side of a PNG; beyond this the image would take gigabytes of memory.
MAX_IMAGE_PIXELS = 16_000


def write_png(
    journey: JourneyMap,
    out: Path,
    dpi: float = DEFAULT_DPI,
    analysis: Analysis | None = None,
) -> tuple[int, int]:
    """Draw the map into a PNG at ``dpi``; returns its size in pixels.

    A map too large for ``dpi`` is drawn at the largest resolution that fits MAX_IMAGE_PIXELS.
    """
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ExportError(f"a resolution of {dpi:g} dpi is outside {MIN_DPI}..{MAX_DPI}")
    with _ReadOnlyScene(journey, analysis) as scene:
        area = scene.sceneRect()
        scale = min(dpi / POINTS_PER_INCH, MAX_IMAGE_PIXELS / max(area.width(), area.height()))
        size = QSize(round(area.width() * scale), round(area.height() * scale))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        _render(scene, image, QRectF(0, 0, size.width(), size.height()))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # str format works
        raise ExportError(f"cannot encode the picture for {out}")
    buffer.close()
    write_output(out, bytes(data.data()))
    return size.width(), size.height()


def write_svg(journey: JourneyMap, out: Path, analysis: Analysis | None = None) -> None:
    """Draw the map as an SVG of vector shapes and text, one layout unit per SVG unit."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    with _ReadOnlyScene(journey, analysis) as scene:
        area = scene.sceneRect()
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(round(area.width()), round(area.height())))
        generator.setViewBox(QRectF(0, 0, area.width(), area.height()))
        generator.setResolution(round(POINTS_PER_INCH))
        generator.setTitle(journey.title)
        generator.setDescription("A customer journey map drawn by journeymapper")
        _render(scene, generator, QRectF(0, 0, area.width(), area.height()))
    buffer.close()
    write_output(out, bytes(data.data()))


def offscreen_application() -> None:
    """Make sure a QApplication exists to draw with; headless unless a screen is there."""
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from journeymapper.ui.app import application

    application()


class _ReadOnlyScene:
    """A scene of the map with its findings shown, closed again on leaving the block."""

    def __init__(self, journey: JourneyMap, analysis: Analysis | None) -> None:
        offscreen_application()
        analysis = analysis or run_analysis(journey)
        self.scene = JourneyScene(Document(journey))
        self.scene.show_findings(analysis.findings, analysis.moments)
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
        raise ExportError("cannot start drawing the picture")
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, target, scene.sceneRect())
    painter.end()
