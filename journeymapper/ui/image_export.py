"""Pictures of the canvas: PNG at a chosen resolution and SVG, drawn by the real scene.

The picture comes from a fresh read-only scene of the map, so it shows the findings but not
the selection, the zoom or the scroll position of whoever is exporting. It is drawn into
memory and written by the exporters' one safe writer: whole, verified, or not at all.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QFontInfo, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from journeymapper.export.common import ExportError, write_output
from journeymapper.model import Document, JourneyMap
from journeymapper.model.analysis import Analysis, run_analysis
from journeymapper.render import style
from journeymapper.render.legend import legend_items
from journeymapper.ui.image_legend import plan_legend_strip
from journeymapper.ui.scene import JourneyScene, painting

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

    A map too large for ``dpi`` (longer than MAX_IMAGE_PIXELS on a side) is refused with the
    largest resolution that would do: a smaller image labelled with the asked dpi would print
    at the wrong size.
    """
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ExportError(f"a resolution of {dpi:g} dpi is outside {MIN_DPI}..{MAX_DPI}")
    with _ReadOnlyScene(journey, analysis) as scene:
        area = scene.sceneRect()
        scale = dpi / POINTS_PER_INCH
        longest = max(area.width(), area.height()) * scale
        if longest > MAX_IMAGE_PIXELS:
            fits = math.floor(MAX_IMAGE_PIXELS / max(area.width(), area.height()) * 72)
            raise ExportError(
                f"at {dpi:g} dpi the picture of this map would be {longest:,.0f} pixels long, "
                f"more than {MAX_IMAGE_PIXELS:,}; choose at most {fits} dpi, or export an SVG "
                "or a PDF poster, which print sharp at any size"
            )
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
    """Draw the map as an SVG of vector shapes and text, one layout unit per SVG unit, with
    the legend and the date below it. Text names the font family it was drawn in, with the
    generic ``sans-serif`` after it for viewers that lack that font."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    with _ReadOnlyScene(journey, analysis) as scene:
        area = scene.sceneRect()
        items = legend_items(journey)
        legend = plan_legend_strip(items, area.width())
        height = area.height() + legend.height
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(round(area.width()), round(height)))
        generator.setViewBox(QRectF(0, 0, area.width(), height))
        generator.setResolution(round(POINTS_PER_INCH))
        generator.setTitle(journey.title)
        generator.setDescription("A customer journey map drawn by journeymapper")
        painter = _begin(generator)
        scene.render(painter, QRectF(0, 0, area.width(), area.height()), area)
        legend.draw(painter, area.height())
        painter.end()
    buffer.close()
    write_output(out, _name_font_family(bytes(data.data())))


def _name_font_family(svg: bytes) -> bytes:
    """Qt writes the family it was asked for, often an alias such as "Sans Serif" that no
    viewer knows; name the family Qt really drew with, and the generic fallback after it."""
    real = QFontInfo(painting.font(style.CARD_TITLE_SIZE)).family()
    family = f"{real}, sans-serif" if real and real.lower() != "sans-serif" else "sans-serif"
    attribute = f'font-family="{escape(family, {chr(34): "&quot;"})}"'.encode()
    return re.sub(rb'font-family="[^"]*"', attribute, svg)


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
    painter = _begin(device)
    scene.render(painter, target, scene.sceneRect())
    painter.end()


def _begin(device: QImage | QSvgGenerator) -> QPainter:
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("cannot start drawing the picture")
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    return painter
