"""The report's tables: findings by kind, touchpoints, handovers, and the phase dashboards."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from journeymapper.export.fonts import REGULAR
from journeymapper.export.poster_content import MapContent, colour
from journeymapper.export.report_text import CELL_PADDING, ReportText
from journeymapper.model import style
from journeymapper.model.analysis import Finding, FindingKind, Severity
from journeymapper.model.analysis.chain import handover_shortcomings
from journeymapper.model.elements import (
    Flow,
    Initiative,
    InitiativeStatus,
    Metric,
    Phase,
    ProcessStep,
    format_duration,
)
from journeymapper.model.kinds import KIND_LABEL, display_name, kind_of

KIND_TITLES = {
    FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT: "Moments of Truth without a touchpoint",
    FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT: "Emotion dips where the organisation is absent",
    FindingKind.HANDOVER_GAP: "Handovers without sound agreements",
    FindingKind.UNINFORMED_HANDOVER: "Handovers that leave the customer uninformed",
    FindingKind.BROKEN_CHAIN: "Breaks in the chain of process steps",
    FindingKind.LEAD_TIME_EXCEEDS_PROMISE: "Lead time beyond the promise",
    FindingKind.TOUCHPOINT_WITHOUT_OWNER: "Touchpoints without an owner",
    FindingKind.NO_EXCELLENT_STEP: "Journeys without a 9+ moment",
    FindingKind.BLIND_SPOT: "Blind spots: the employee content, the customer not",
    FindingKind.SHARED_PAIN: "Moments of Truth where customer and employee both suffer",
    FindingKind.WIDEST_GAP: "Where customer and employee diverge most",
}
STATUS_COLOUR = {
    InitiativeStatus.GREEN: "#27ae60",
    InitiativeStatus.AMBER: "#f39c12",
    InitiativeStatus.RED: "#c0392b",
}
TOP_CONTACT_REASONS = 3
GOOD = "#1e8449"
BAD = "#c0392b"
GRID = "#d5d8dc"


def table(
    text: ReportText,
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable]],
    widths: list[float],
) -> Table:
    """A table that repeats its header on every page it runs over."""
    head: list[Flowable] = [text.own(h, "head") for h in header]
    result = Table([head, *(list(row) for row in rows)], colWidths=widths, repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # else cells refer to Helvetica
                ("BACKGROUND", (0, 0), (-1, 0), colour(style.PHASE_FILL)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.4, colour(GRID)),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colour("#ffffff"), colour("#f4f6f7")]),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ]
        )
    )
    return result


def _scaled(widths: list[float], total: float) -> list[float]:
    share = total / sum(widths)
    return [w * share for w in widths]


def names(content: MapContent) -> dict[str, str]:
    """A readable name for every element id a finding or metric can point at."""
    found = {
        element_id: f"{KIND_LABEL[kind_of(element)]} {display_name(element)}"
        for element_id, element in content.elements.items()
    }
    steps = content.analysis.context.process_steps
    for flow in content.journey.flows:
        ends = f"{display_name(steps[flow.source])} → {display_name(steps[flow.target])}"
        found[flow.id] = f"flow {flow.label or ends}"
    return found


def findings_section(text: ReportText, content: MapContent, width: float) -> list[Flowable]:
    story: list[Flowable] = [text.own("Findings", "h1")]
    if not content.all_findings:
        return [*story, text.own("The analysis found nothing to report.")]
    by_kind: dict[FindingKind, list[Finding]] = defaultdict(list)
    for finding in content.all_findings:
        by_kind[finding.kind].append(finding)
    known = names(content)
    widths = _scaled([60, 300, 155], width)
    for kind in FindingKind:
        found = by_kind.get(kind)
        if not found:
            continue
        rows = []
        for finding in found:
            where = "; ".join(known.get(e, e) for e in finding.elements)
            badge = colour(style.SEVERITY_COLOUR[finding.severity])
            rows.append(
                [
                    text.cell(finding.severity.value, widths[0], ink=badge, bold=True),
                    text.cell(finding.message, widths[1], "a finding"),
                    text.cell(where, widths[2], "a finding"),
                ]
            )
        heading = text.own(f"{KIND_TITLES[kind]} ({len(found)})", "h2")
        story += [heading, table(text, ["Severity", "Finding", "Where"], rows, widths)]
    return story


def touchpoint_section(text: ReportText, content: MapContent, width: float) -> list[Flowable]:
    context = content.analysis.context
    phase_of, order, emotion = context.phase_of, context.position, context.emotion
    steps = {s.id: s for s in context.steps}
    widths = _scaled([52, 90, 100, 53, 61, 65, 44, 50], width)
    rows = []
    last = len(order)
    touchpoints = sorted(
        content.journey.touchpoints,
        key=lambda t: min((order.get(s, last) for s in t.steps), default=last),
    )
    for touchpoint in touchpoints:
        placed = [s for s in touchpoint.steps if s in steps]
        phase = phase_of[placed[0]].title if placed else ""
        step_names = "; ".join(
            ("★ " if s in content.moments else "") + steps[s].title for s in placed
        )
        values = [f"{emotion[s]:g}" for s in placed if s in emotion]
        channel = content.channels.get(touchpoint.channel or "")
        owner = content.departments.get(touchpoint.owner or "")
        where = f"touchpoint '{touchpoint.title}'"
        findings = content.findings.get(touchpoint.id, [])
        row: list[Flowable] = [
            text.cell(phase, widths[0], where),
            text.cell(step_names, widths[1], where),
            text.cell(touchpoint.title, widths[2], where, bold=True),
            text.cell(channel.name if channel else "", widths[3], where),
            text.cell(
                owner.name if owner else "no owner",
                widths[4],
                where,
                ink=None if owner else colour(BAD),
            ),
            text.cell(touchpoint.kind.value, widths[5]),
            text.cell(", ".join(values), widths[6]),
            _finding_count(text, findings, widths[7]),
        ]
        rows.append(row)
    header = [
        "Phase",
        "Customer step",
        "Touchpoint",
        "Channel",
        "Owner",
        "Kind",
        "Emotion",
        "Findings",
    ]
    intro = text.own(
        "★ marks a Moment of Truth, marked by the team or detected from the curve.", "muted"
    )
    if not rows:
        return [text.own("Touchpoints", "h1"), text.own("The map has no touchpoints yet.")]
    return [text.own("Touchpoints", "h1"), intro, Spacer(1, 4), table(text, header, rows, widths)]


def _finding_count(text: ReportText, findings: list[Finding], width: float) -> Paragraph:
    if not findings:
        return text.cell("", width)
    worst = max((f.severity for f in findings), key=lambda s: s.rank)
    ink = colour(style.SEVERITY_COLOUR[worst])
    return text.cell(f"{len(findings)} {worst.value}", width, ink=ink, bold=True)


def handover_section(text: ReportText, content: MapContent, width: float) -> list[Flowable]:
    handovers = content.analysis.context.handovers
    story: list[Flowable] = [text.own("Handovers", "h1")]
    if not handovers:
        return [*story, text.own("No work passes from one department to another.")]
    widths = _scaled([110, 110, 130, 55, 110], width)
    rows = [
        _handover_row(text, content, flow, (source, target), widths)
        for flow, source, target in handovers
    ]
    header = ["From", "To", "Agreement", "Measured wait", "Gap"]
    return [*story, table(text, header, rows, widths)]


def _handover_row(
    text: ReportText,
    content: MapContent,
    flow: Flow,
    steps: tuple[ProcessStep, ProcessStep],
    widths: list[float],
) -> list[Flowable]:
    context = content.analysis.context
    ends: list[Flowable] = []
    for step in steps:
        name = context.department_name(step.department)
        ends.append(text.cell(f"{step.title} ({name})", widths[len(ends)], "a handover"))
    agreement = flow.agreement
    if agreement is None:
        agreed = "none"
    else:
        parts = [
            f"max. wait {format_duration(agreement.max_wait)}" if agreement.max_wait else "",
            f"owner: {agreement.owner}" if agreement.owner.strip() else "",
            f"information: {agreement.information}" if agreement.information.strip() else "",
        ]
        agreed = "; ".join(p for p in parts if p) or "agreed, no details"
    serious, minor = handover_shortcomings(flow)
    reasons = serious + minor
    ink = colour(BAD if serious else style.SEVERITY_COLOUR[Severity.WARNING] if minor else GOOD)
    return [
        *ends,
        text.cell(agreed, widths[2], "a handover"),
        text.cell(format_duration(flow.measured_wait) if flow.measured_wait else "", widths[3]),
        text.cell("; ".join(reasons) or "none", widths[4], "a handover", ink=ink),
    ]


def dashboard_section(
    text: ReportText, content: MapContent, width: float, *, phases: bool = True
) -> list[Flowable]:
    """Per phase its top contact reasons, KPIs and improvement initiatives; without
    ``phases`` (the map pages show those) only what is attached to no phase, if anything."""
    journey = content.journey
    phase_of = _phase_of_element(content)
    metrics: dict[str | None, list[Metric]] = defaultdict(list)
    initiatives: dict[str | None, list[Initiative]] = defaultdict(list)
    for metric in journey.metrics:
        metrics[phase_of.get(metric.attached_to)].append(metric)
    for initiative in journey.initiatives:
        initiatives[phase_of.get(initiative.attached_to)].append(initiative)
    if not phases and not (metrics[None] or initiatives[None]):
        return []
    story: list[Flowable] = [text.own("Dashboard per phase", "h1")]
    known = names(content)
    for phase in journey.phases if phases else ():
        story += _phase_dashboard(
            text, phase, metrics[phase.id], initiatives[phase.id], known, width
        )
    if metrics[None] or initiatives[None]:
        other = Phase(id="other", title="Elsewhere in the journey")
        story += _phase_dashboard(text, other, metrics[None], initiatives[None], known, width)
    return story


def phase_dashboards(
    text: ReportText,
    content: MapContent,
    phases: Sequence[Phase],
    width: float,
    *,
    titled: bool = True,
) -> list[Flowable]:
    """The dashboards of ``phases`` alone, for the map page that shows them. Without
    ``titled`` (one phase, named by the page's heading) the heading does not repeat the
    phase's title: a page going on with the phase would name it twice."""
    phase_of = _phase_of_element(content)
    wanted = {phase.id for phase in phases}
    known = names(content)
    story: list[Flowable] = []
    for phase in phases:
        metrics = [m for m in content.journey.metrics if phase_of.get(m.attached_to) == phase.id]
        initiatives = [
            i for i in content.journey.initiatives if phase_of.get(i.attached_to) == phase.id
        ]
        if phase.id in wanted and (metrics or initiatives or phase.contact_reasons):
            title = None if titled else "KPIs, initiatives and contact reasons"
            story += _phase_dashboard(
                text, phase, metrics, initiatives, known, width, heading=title
            )
    return story


def _phase_of_element(content: MapContent) -> dict[str, str]:
    """The phase id of every phase, customer step and placed touchpoint (a touchpoint belongs
    to the phase of its first step): what a KPI or initiative can be attached to."""
    phase_of = content.analysis.context.phase_of
    found = {phase.id: phase.id for phase in content.journey.phases}
    found.update((step_id, phase.id) for step_id, phase in phase_of.items())
    for touchpoint in content.journey.touchpoints:
        placed = [phase_of[s].id for s in touchpoint.steps if s in phase_of]
        if placed:
            found[touchpoint.id] = placed[0]
    return found


def _phase_dashboard(
    text: ReportText,
    phase: Phase,
    metrics: list[Metric],
    initiatives: list[Initiative],
    known: dict[str, str],
    width: float,
    *,
    heading: str | None = None,
) -> list[Flowable]:
    where = f"phase '{phase.title}'"
    title = text.para(phase.title, "h2", where) if heading is None else text.own(heading, "h2")
    parts: list[Flowable] = []
    if phase.contact_reasons:
        shown = phase.contact_reasons[:TOP_CONTACT_REASONS]
        reasons = "; ".join(f"{n}. {text.clean(r, where)}" for n, r in enumerate(shown, 1))
        total = len(phase.contact_reasons)
        # The dashboard shows the top few by design; the heading says so when some are left.
        of = f" ({len(shown)} of {total})" if total > len(shown) else ""
        parts.append(text.own(f"<b>Top contact reasons{of}:</b> {reasons}"))
    if metrics:
        parts += [Spacer(1, 3), _metric_table(text, metrics, known, width)]
    if initiatives:
        parts += [Spacer(1, 5), _initiative_table(text, initiatives, known, width)]
    if not parts:
        parts.append(text.own("No KPIs or initiatives attached to this phase.", "muted"))
    # The heading stays with at least the start of its dashboard: its first text or table,
    # not only the spacer above a table (health sample: a heading alone at a page's foot).
    first = next(n for n, part in enumerate(parts) if not isinstance(part, Spacer))
    return [KeepTogether([title, *parts[: first + 1]]), *parts[first + 1 :]]


def _metric_table(
    text: ReportText, metrics: list[Metric], known: dict[str, str], width: float
) -> Table:
    widths = _scaled([130, 120, 65, 55, 60, 85], width)
    rows = []
    for metric in metrics:
        where = f"KPI '{metric.name}'"
        value_ink = None
        if metric.value is not None and metric.target is not None:
            met = (metric.value >= metric.target) == metric.higher_is_better or (
                metric.value == metric.target
            )
            value_ink = colour(GOOD if met else BAD)
        rows.append(
            [
                text.cell(metric.name, widths[0], where, bold=True),
                text.cell(known.get(metric.attached_to, metric.attached_to), widths[1], where),
                text.cell(_amount(metric.value, metric.unit), widths[2], where, ink=value_ink),
                text.cell(_amount(metric.target, metric.unit), widths[3], where),
                _trend(text, metric, widths[4]),
                text.cell(metric.note, widths[5], where),
            ]
        )
    header = ["KPI", "Attached to", "Value", "Target", "Trend", "Note"]
    return table(text, header, rows, widths)


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if not unit:
        return f"{value:,g}"
    return f"{value:,g}{unit}" if unit == "%" else f"{value:,g} {unit}"


def _trend(text: ReportText, metric: Metric, width: float) -> Paragraph:
    trend = metric.trend_percent
    if trend is None:
        return text.cell("", width)
    if trend == 0:
        return text.cell("→ 0%", width)
    good = (trend > 0) == metric.higher_is_better
    arrow = "▲" if trend > 0 else "▼"
    return text.cell(
        f"{arrow} {abs(trend):g}%", width, ink=colour(GOOD if good else BAD), bold=True
    )


def _initiative_table(
    text: ReportText, initiatives: list[Initiative], known: dict[str, str], width: float
) -> Table:
    widths = _scaled([55, 165, 120, 95, 80], width)
    rows = []
    badges = []
    for n, initiative in enumerate(initiatives, 1):
        where = f"initiative '{initiative.title}'"
        rows.append(
            [
                text.own(initiative.status.value, "badge"),
                text.cell(initiative.title, widths[1], where, bold=True),
                text.cell(
                    known.get(initiative.attached_to, initiative.attached_to), widths[2], where
                ),
                text.cell(initiative.contact or "nobody named", widths[3], where),
                text.cell(initiative.note, widths[4], where),
            ]
        )
        badges.append(("BACKGROUND", (0, n), (0, n), colour(STATUS_COLOUR[initiative.status])))
    result = table(text, ["Status", "Initiative", "Attached to", "Contact", "Note"], rows, widths)
    result.setStyle(TableStyle(badges))
    return result
