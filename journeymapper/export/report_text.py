"""Safe paragraphs for the report: every piece of user text escaped, checked and capped.

reportlab's Paragraph reads markup (``<img src=...>`` would make it open a local file, ``<font>``
would restyle the text), so user text is always escaped before it becomes a Paragraph, and the
report's own markup is added around it afterwards. Text longer than a cell can hold on one page
is cut (a table cell taller than the page aborts the whole build) and the cut is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from journeymapper.export.fonts import BOLD, REGULAR, GlyphCheck
from journeymapper.export.pdf_text import ELLIPSIS, visual_order
from journeymapper.export.poster_content import colour
from journeymapper.model import style

CELL_SIZE = 7.5
BODY_SIZE = 9.5
# A cell keeps at most this many lines of text: well under the height of an A4 frame.
MAX_CELL_LINES = 40
# Average glyph width as a share of the size, for turning a column width into characters.
AVERAGE_GLYPH = 0.5


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body",
        fontName=REGULAR,
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * 1.3,
        textColor=colour(style.INK),
        splitLongWords=True,
    )
    return {
        "body": base,
        "muted": ParagraphStyle("muted", base, textColor=colour(style.MUTED_INK)),
        "label": ParagraphStyle(
            "label", base, fontSize=10, textColor=colour(style.MUTED_INK), spaceAfter=4
        ),
        "title": ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=26, leading=31, spaceAfter=10
        ),
        "h1": ParagraphStyle(
            "h1", base, fontName=BOLD, fontSize=16, leading=20, spaceBefore=6, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2", base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=5
        ),
        "quote": ParagraphStyle(
            "quote",
            base,
            textColor=colour(style.MUTED_INK),
            leftIndent=12,
            spaceBefore=4,
            spaceAfter=4,
        ),
        "cell": ParagraphStyle("cell", base, fontSize=CELL_SIZE, leading=CELL_SIZE * 1.25),
        "head": ParagraphStyle(
            "head",
            base,
            fontName=BOLD,
            fontSize=CELL_SIZE,
            leading=CELL_SIZE * 1.25,
            textColor=colour(style.PHASE_INK),
        ),
        "badge": ParagraphStyle(
            "badge",
            base,
            fontName=BOLD,
            fontSize=CELL_SIZE,
            leading=CELL_SIZE * 1.25,
            textColor=colour(style.PAPER),
            alignment=TA_CENTER,
        ),
    }


@dataclass
class ReportText:
    """Makes every Paragraph of the report; remembers what it had to cut and what the font
    could not draw."""

    glyphs: GlyphCheck = field(default_factory=GlyphCheck)
    styles: dict[str, ParagraphStyle] = field(default_factory=_styles)
    cut: int = 0

    def clean(self, text: str, where: str = "", limit: int = 0) -> str:
        """User text as safe Paragraph markup: capped, checked, in painting order, escaped."""
        collapsed = " ".join(text.split())
        if limit and len(collapsed) > limit:
            collapsed = collapsed[: limit - 1].rstrip() + ELLIPSIS
            self.cut += 1
        return escape(visual_order(self.glyphs.printable(collapsed, where)))

    def para(
        self,
        text: str,
        kind: str = "body",
        where: str = "",
        *,
        limit: int = 0,
        ink: Color | None = None,
        bold: bool = False,
    ) -> Paragraph:
        """A Paragraph of user text; never markup, whatever the text contains."""
        markup = self.clean(text, where, limit)
        if bold:
            markup = f"<b>{markup}</b>"
        if ink is not None:
            markup = f'<font color="#{ink.hexval()[2:]}">{markup}</font>'
        return Paragraph(markup, self.styles[kind])

    def cell(self, text: str, width: float, where: str = "", **options: object) -> Paragraph:
        """A table cell of ``width`` points, cut to what a cell may hold."""
        per_line = max(8, int(width / (CELL_SIZE * AVERAGE_GLYPH)))
        ink = options.get("ink")
        return self.para(
            text,
            "cell",
            where,
            limit=per_line * MAX_CELL_LINES,
            ink=ink if isinstance(ink, Color) else None,
            bold=bool(options.get("bold")),
        )

    def own(self, markup: str, kind: str = "body") -> Paragraph:
        """A Paragraph of the report's own words; any user text in it must be ``clean``."""
        return Paragraph(markup, self.styles[kind])

    def warnings(self) -> list[str]:
        messages = self.glyphs.warnings()
        if self.cut:
            messages.append(
                f"{self.cut} text(s) were too long for a table cell of the report and end in "
                f"'{ELLIPSIS}'; the workbook has them in full."
            )
        return messages
