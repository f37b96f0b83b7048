"""Safe paragraphs for the report: every piece of user text escaped, checked and capped.

reportlab's Paragraph reads markup (``<img src=...>`` would make it open a local file, ``<font>``
would restyle the text), so user text is always escaped before it becomes a Paragraph, and the
report's own markup is added around it afterwards. A table cell taller than the page aborts
the whole build, so the lines of every cell are counted here, with the embedded font's widths,
before reportlab sees them: a text longer than a cell may hold is cut and the cut is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from journeymapper.export.common import named_places
from journeymapper.export.fonts import BOLD, REGULAR, GlyphCheck
from journeymapper.export.pdf_text import ELLIPSIS, visual_order, wrap_at_most
from journeymapper.export.poster_content import colour
from journeymapper.model import style

CELL_SIZE = 7.5
BODY_SIZE = 9.5
# A cell keeps at most this many lines of text: well under the height of an A4 frame.
MAX_CELL_LINES = 40
CELL_PADDING = 3.0  # left and right of the text in a table cell (see report_tables.table)
# Lines are measured this much narrower than the cell, so that rounding never makes reportlab
# wrap a line that was measured as fitting (which would add lines behind the count's back).
_WIDTH_SLACK = 0.01


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
    """Makes every Paragraph of the report; remembers what it had to cut, what the font could
    not draw, and anything else the user should be told about the report."""

    glyphs: GlyphCheck = field(default_factory=GlyphCheck)
    styles: dict[str, ParagraphStyle] = field(default_factory=_styles)
    cut: int = 0
    notes: list[str] = field(default_factory=list)
    _cut_places: dict[str, None] = field(default_factory=dict)

    def clean(self, text: str, where: str = "", limit: int = 0) -> str:
        """User text as safe Paragraph markup: capped, checked, in painting order, escaped."""
        collapsed = " ".join(text.split())
        if limit and len(collapsed) > limit:
            collapsed = collapsed[: limit - 1].rstrip() + ELLIPSIS
            self._record_cut(where)
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
        return self._paragraph(self.clean(text, where, limit), kind, ink, bold)

    def cell(
        self,
        text: str,
        width: float,
        where: str = "",
        *,
        ink: Color | None = None,
        bold: bool = False,
    ) -> Paragraph:
        """A table cell ``width`` points wide, of at most MAX_CELL_LINES lines. The lines are
        broken here and handed to reportlab as they are, so the count is exact."""
        font = BOLD if bold else REGULAR
        room = width - 2 * CELL_PADDING - _WIDTH_SLACK
        printable = self.glyphs.printable(text, where)
        lines, cut = wrap_at_most(printable, font, CELL_SIZE, room, MAX_CELL_LINES)
        if cut:
            self._record_cut(where)
        markup = "<br/>".join(escape(visual_order(line)) for line in lines)
        return self._paragraph(markup, "cell", ink, bold)

    def own(self, markup: str, kind: str = "body") -> Paragraph:
        """A Paragraph of the report's own words; any user text in it must be ``clean``."""
        return Paragraph(markup, self.styles[kind])

    def note(self, message: str) -> None:
        """Something the user should know about the report, shown with its warnings."""
        if message not in self.notes:
            self.notes.append(message)

    def warnings(self) -> list[str]:
        """Missing glyphs, the notes, and how many texts were cut and where."""
        messages = self.glyphs.warnings() + self.notes
        if self.cut:
            messages.append(
                f"{self.cut} text(s) were too long for the report and end in '{ELLIPSIS}'"
                f"{named_places(list(self._cut_places))}; the workbook has them in full."
            )
        return messages

    def _record_cut(self, where: str) -> None:
        self.cut += 1
        if where:
            self._cut_places[where] = None

    def _paragraph(self, markup: str, kind: str, ink: Color | None, bold: bool) -> Paragraph:
        if bold:
            markup = f"<b>{markup}</b>"
        if ink is not None:
            markup = f'<font color="#{ink.hexval()[2:]}">{markup}</font>'
        return Paragraph(markup, self.styles[kind])
