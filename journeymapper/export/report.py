"""The A4 report: a cover, the map, findings by kind, touchpoints, handovers, phase dashboards.

Built with reportlab's platypus. The map pages (landscape, see ``report_map``) draw the
poster's map with the same drawing code, so the handout matches the wall. All user text reaches
the PDF through ``ReportText``: escaped, checked against the embedded font, and capped.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from journeymapper import __version__
from journeymapper.export.common import (
    ExportError,
    ExportReport,
    Progress,
    finish_export,
    no_progress,
)
from journeymapper.export.fonts import REGULAR, register_fonts
from journeymapper.export.pdf_text import elide, visual_order
from journeymapper.export.poster_content import MapContent, colour
from journeymapper.export.report_compare import comparison_section
from journeymapper.export.report_map import CONTINUED, MAP, Continued, map_pages
from journeymapper.export.report_tables import (
    dashboard_section,
    findings_section,
    handover_section,
    touchpoint_section,
)
from journeymapper.export.report_text import ReportText
from journeymapper.model import style
from journeymapper.model.analysis import Analysis, LeadTime, Severity
from journeymapper.model.compare import Comparison
from journeymapper.model.elements import JourneyMap, Persona

MARGIN = 40.0
FOOTER_SIZE = 7.5
CONTINUED_ROOM = 24.0  # above the frame of a map page that goes on with its phases
FRAME_PADDING = 6.0  # reportlab's default padding inside a Frame, on each side
# A persona's goals past this many are left out of the cover (and counted in a warning).
MAX_GOALS = 10
MAP_PAGE = "the report's map pages"


def render_report(
    journey: JourneyMap,
    *,
    source_name: str = "",
    progress: Progress = no_progress,
    analysis: Analysis | None = None,
    comparison: Comparison | None = None,
) -> tuple[bytes, list[str]]:
    """The report as PDF bytes and the warnings for the user. ``analysis`` (of this same map)
    saves running the analysis again; without it, it runs once here. A ``comparison`` adds a
    last section saying what changed."""
    register_fonts()
    progress(0.05)
    content = MapContent.of(journey, analysis)
    text = ReportText()
    progress(0.15)
    buffer = io.BytesIO()
    width = A4[0] - 2 * MARGIN
    story: list[Flowable] = _cover(text, content, source_name)
    # The map pages are landscape: a phase of five steps fits across at a readable size.
    story += [NextPageTemplate("map"), PageBreak()]
    wide = landscape(A4)
    # What the map frame holds inside reportlab's padding: a map drawn to the frame's full
    # height would not fit beside its heading and take a page of its own.
    inner = 2 * FRAME_PADDING
    map_width, map_height = wide[0] - 2 * MARGIN - inner, wide[1] - 2 * MARGIN - 6 - inner
    continued = Continued()
    document = _document(buffer, journey, text, continued)
    map_story, map_slices = map_pages(text, content, (map_width, map_height), continued)
    story += [*map_story, NextPageTemplate("portrait"), PageBreak()]
    story += findings_section(text, content, width)
    story += [PageBreak(), *touchpoint_section(text, content, width)]
    story += [PageBreak(), *handover_section(text, content, width)]
    # Each phase's dashboard is on its map page; what belongs to no phase comes last.
    elsewhere = dashboard_section(text, content, width, phases=False)
    story += [PageBreak(), *elsewhere] if elsewhere else []
    if comparison is not None:
        story += [PageBreak(), *comparison_section(text, comparison, width)]
    progress(0.35)
    try:
        document.build(story)
    except LayoutError as error:  # a safety net: cells are capped so this should not happen
        raise ExportError(_layout_problem(error)) from None
    progress(0.95)
    painters = [p for piece in map_slices for p in piece.painters]
    shortened = sum(p.shortened for p in painters)
    if shortened:
        # Each one named, once: the reader must be able to find every line that ends in '…'.
        named = ", ".join(dict.fromkeys(where for p in painters for where in p.shortened_where))
        text.note(
            f"{shortened} text(s) did not fit their boxes on {MAP_PAGE} and end in '…': "
            f"{named}; the workbook has every text in full."
        )
    return buffer.getvalue(), text.warnings()


def _layout_problem(error: LayoutError) -> str:
    """One line for the user: reportlab's message is full of object reprs and addresses."""
    page = re.search(r"on page (\d+)", str(error))
    where = f" on page {page.group(1)}" if page else ""
    return (
        f"the report could not be laid out: a part of it{where} is taller than an A4 page; "
        "please report this with the map"
    )


def _document(
    buffer: io.BytesIO, journey: JourneyMap, text: ReportText, continued: Continued
) -> BaseDocTemplate:
    portrait_frame = Frame(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN - 6, id="body")
    wide = landscape(A4)
    map_height = wide[1] - 2 * MARGIN - 6
    map_frame = Frame(MARGIN, MARGIN, wide[0] - 2 * MARGIN, map_height, id="map")
    # A page going on with the phases of the page before: their heading above a lower frame.
    # The heading's room is within what map_pages leaves for a map's heading.
    below = map_height - CONTINUED_ROOM
    continued_frame = Frame(MARGIN, MARGIN, wide[0] - 2 * MARGIN, below, id="continued")
    title = elide(" ".join(text.glyphs.printable(journey.title).split()), REGULAR, FOOTER_SIZE, 380)

    def footer(page_width: float) -> Callable[[Canvas, BaseDocTemplate], None]:
        # The document's own pagesize stays portrait on a landscape page: each template
        # passes its page's real width.
        def draw(canv: Canvas, document: BaseDocTemplate) -> None:
            canv.saveState()
            canv.setFont(REGULAR, FOOTER_SIZE)
            canv.setFillColor(colour(style.MUTED_INK))
            canv.drawString(MARGIN, MARGIN / 2, visual_order(title))
            canv.drawRightString(page_width - MARGIN, MARGIN / 2, f"page {document.page}")
            canv.restoreState()

        return draw

    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=journey.title,
        subject="Customer journey report",
        creator=f"journeymapper {__version__}",
        initialFontName=REGULAR,  # no page may refer to a font that is not embedded
        pageTemplates=[
            PageTemplate("portrait", [portrait_frame], onPage=footer(A4[0]), pagesize=A4),
            PageTemplate(MAP, [map_frame], onPage=footer(wide[0]), pagesize=wide),
            PageTemplate(
                CONTINUED,
                [continued_frame],
                onPage=_with_heading(footer(wide[0]), text, continued, MARGIN + below),
                pagesize=wide,
            ),
        ],
    )
    return document


def _with_heading(
    footer: Callable[[Canvas, BaseDocTemplate], None],
    text: ReportText,
    continued: Continued,
    bottom: float,
) -> Callable[[Canvas, BaseDocTemplate], None]:
    """The footer, and the heading of the phases the page goes on with above ``bottom``."""

    def draw(canv: Canvas, document: BaseDocTemplate) -> None:
        footer(canv, document)
        heading = text.own(continued.heading, "h2")
        width = landscape(A4)[0] - 2 * MARGIN - 2 * FRAME_PADDING
        _, height = heading.wrapOn(canv, width, CONTINUED_ROOM)
        heading.drawOn(canv, MARGIN + FRAME_PADDING, bottom + (CONTINUED_ROOM - height) / 2)

    return draw


def _cover(text: ReportText, content: MapContent, source_name: str) -> list[Flowable]:
    journey = content.journey
    story: list[Flowable] = [
        Spacer(1, 60),
        text.own("Customer journey report", "label"),
        text.para(journey.title, "title", "the title"),
    ]
    for story_text in (journey.scenario, journey.description):
        if story_text.strip():
            story.append(text.para(story_text, "body", "the scenario", limit=3000))
            story.append(Spacer(1, 6))
    for persona in journey.personas:
        story += _persona(text, persona)
    story += [Spacer(1, 14), text.own("At a glance", "h2"), _figures(text, content)]
    made = f"{datetime.date.today().isoformat()} · journeymapper {__version__}"
    source = text.clean(source_name, "the file name")
    story += [Spacer(1, 18), text.own(f"{source + ' · ' if source else ''}{made}", "muted")]
    return story


def _persona(text: ReportText, persona: Persona) -> list[Flowable]:
    where = f"persona '{persona.name}'"
    parts: list[Flowable] = [text.own(f"Persona: {text.clean(persona.name, where)}", "h2")]
    if persona.profile.strip():
        parts.append(text.para(persona.profile, "body", where, limit=3000))
    for goal in persona.goals[:MAX_GOALS]:
        parts.append(text.own(f"• {text.clean(goal, where, 500)}"))
    left_out = len(persona.goals) - MAX_GOALS
    if left_out > 0:
        parts.append(text.own(f"… and {left_out} more goal(s), in the workbook", "muted"))
        name = " ".join(persona.name.split())  # a warning is one line
        text.note(
            f"Persona '{name}' has {len(persona.goals)} goals; the report lists the first "
            f"{MAX_GOALS} and the workbook all of them."
        )
    if persona.quote.strip():
        parts.append(text.own(f"“{text.clean(persona.quote, where, 1000)}”", "quote"))
    return [KeepTogether(parts)]


def _figures(text: ReportText, content: MapContent) -> Table:
    journey = content.journey
    severities = [f.severity for f in content.all_findings]
    unserved = sum(1 for served in content.moments.values() if not served)
    handovers = len(content.analysis.context.handovers)
    phases, process = len(journey.phases), len(journey.process_steps)
    steps = len(journey.steps())
    findings = [_counted(severities.count(s), s.value, _PLURAL[s]) for s in reversed(Severity)]
    rows = [
        (
            "Phases and customer steps",
            f"{_counted(phases, 'phase')}, {_counted(steps, 'step')}",
        ),
        ("Touchpoints", str(len(journey.touchpoints))),
        (
            "Process steps and handovers",
            f"{_counted(process, 'step')}, {_counted(handovers, 'handover')}",
        ),
        ("Moments of Truth", f"{len(content.moments)}, of which {unserved} without a touchpoint"),
        ("Findings", ", ".join(findings)),
        ("End-to-end lead time", _lead_time(journey, content.analysis.lead_time)),
    ]
    cells = [[text.own(label, "muted"), text.own(value)] for label, value in rows]
    result = Table(cells, colWidths=[170, A4[0] - 2 * MARGIN - 170], hAlign="LEFT")
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colour("#e5e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return result


# "info" is a mass noun: "3 info" as on the findings list's badges.
_PLURAL = {Severity.PROBLEM: "problems", Severity.WARNING: "warnings", Severity.INFO: "info"}


def _counted(count: int, one: str, many: str = "") -> str:
    """``count`` with the noun in its singular or plural form ("1 step", "2 steps")."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def _lead_time(journey: JourneyMap, lead_time: LeadTime | None) -> str:
    if lead_time is None:
        return "not known (no process steps, or the flows form a loop)"
    days = f"{round(lead_time.working_days, 1):g} working days"
    promise = journey.promised_lead_time
    if promise is None:
        return f"{days}; no promise recorded"
    promised = round(promise.in_working_days(), 1)
    verdict = "beyond" if lead_time.working_days > promised else "within"
    return f"{days}, {verdict} the promised {promised:g}"


def write_report(
    journey: JourneyMap,
    out: Path,
    *,
    source_name: str = "",
    progress: Progress = no_progress,
    analysis: Analysis | None = None,
    comparison: Comparison | None = None,
) -> ExportReport:
    """Write the A4 report of ``journey`` to ``out`` (whole or not at all). Pass the editor's
    ``analysis`` of this same map to save computing it again; a ``comparison`` adds the page of
    what changed."""
    data, warnings = render_report(
        journey,
        source_name=source_name,
        progress=progress,
        analysis=analysis,
        comparison=comparison,
    )
    return finish_export(out, data, warnings, progress)
