"""PDF poster figures on the large map: writing the A0 poster, against plain reportlab.

``poster_pdf_s_large``: ``write_poster`` of the large map at A0, from the JourneyMap in memory to
the file on disk (layout, analysis, drawing, PDF serialisation and the atomic write).

``poster_pdf_ratio_vs_baseline``: that time over a baseline measured in the same run: one
reportlab canvas page that draws as many rounded boxes and strings as the poster drew (counted
by the poster itself), in the same embedded TTF font, written to disk the same way. The ratio
is what the poster's layout, text fitting and styling cost on top of the drawing itself.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A0, landscape
from reportlab.pdfgen.canvas import Canvas

from journeymapper.export.common import write_output
from journeymapper.export.fonts import REGULAR, register_fonts
from journeymapper.export.poster import render_poster, write_poster

if TYPE_CHECKING:
    from bench.run import Bench, Figures


def measure_pdf(bench: Bench) -> Figures:
    journey = bench.large
    out = bench.workdir / "large-poster.pdf"
    _data, _warnings, drawing = render_poster(journey, size="A0")
    baseline_out = bench.workdir / "large-poster-baseline.pdf"

    def ours() -> None:
        write_poster(journey, out, size="A0", source_name="large.cjm")

    def baseline() -> None:
        _plain_page(drawing.shapes, drawing.strings, baseline_out)

    from bench.run import paired_median_ms  # here: bench.run imports this module

    poster_ms, baseline_ms = paired_median_ms(ours, baseline, max(3, min(bench.repeat, 9)))
    poster_s, baseline_s = poster_ms / 1000, baseline_ms / 1000
    return {
        "poster_pdf_s_large": poster_s,
        "poster_pdf_baseline_s": baseline_s,
        "poster_pdf_ratio_vs_baseline": poster_s / baseline_s,
    }


def _plain_page(shapes: int, strings: int, out: Path) -> None:
    """One A0 page with ``shapes`` rounded boxes and ``strings`` short strings, nothing else."""
    register_fonts()
    buffer = io.BytesIO()
    width, height = landscape(A0)
    canv = Canvas(buffer, pagesize=(width, height))
    canv.setFont(REGULAR, 4)
    columns = 240
    for n in range(max(shapes, strings)):
        x = 20 + (n % columns) * 13.5
        y = height - 20 - (n // columns) * 5.0
        if n < shapes:
            canv.roundRect(x, y - 4, 12.5, 4, 0.4, stroke=1, fill=1)
        if n < strings:
            canv.drawString(x + 0.5, y - 3, f"Element {n} of the map")
    canv.showPage()
    canv.save()
    write_output(out, buffer.getvalue())
