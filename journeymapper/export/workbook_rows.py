"""A journey map as the rows of each workbook sheet: plain values, no openpyxl.

Values are ``str``, ``int``, ``float``, ``bool``, ``None`` or, for list columns, ``list[str]``;
the writer turns them into typed cells. Every list of the map keeps its order through the
``Order`` column, so sorting a table in Excel does not reorder the journey.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from journeymapper.export.workbook_schema import (
    BAND_LIST_PATHS,
    CHANNELS,
    CURVE_POINTS,
    CURVES,
    DEPARTMENTS,
    ELEMENTS,
    EMOTIONS,
    FINDINGS,
    HANDOVERS,
    MAP,
    MAP_KEY,
    MAP_ROWS,
    METRICS,
    PERSONAS,
    PHASES,
    PROCESS_STEPS,
    STEPS,
    STEPS_CURVE_FIELD,
    TOUCHPOINT_STEPS,
    TOUCHPOINTS,
    Sheet,
    band_list_text,
    split_text,
)
from journeymapper.model.analysis import Analysis, Finding, run_analysis
from journeymapper.model.analysis.chain import handover_shortcomings
from journeymapper.model.analysis.context import Context
from journeymapper.model.elements import (
    Duration,
    Element,
    Flow,
    JourneyMap,
    Metric,
    Model,
    ProcessStep,
    TimeUnit,
)
from journeymapper.model.fileformat import all_elements
from journeymapper.model.kinds import KIND_LABEL, display_name

Value = str | int | float | bool | list[str] | None
Row = list[Value]

UNIT_LABEL = {TimeUnit.WORKING_DAYS: "working days", TimeUnit.HOURS: "hours"}
METRIC_TYPE = "Metric"
INITIATIVE_TYPE = "Initiative"


@dataclass(frozen=True)
class SheetRows:
    """One sheet and its data rows, in the order the columns are declared."""

    sheet: Sheet
    rows: list[Row]


@dataclass
class _Lookups:
    """What the derived columns need beyond the analysis, computed once per export."""

    journey: JourneyMap
    analysis: Analysis
    names: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    moments: set[str] = field(default_factory=set)
    serving: defaultdict[str, list[ProcessStep]] = field(default_factory=lambda: defaultdict(list))
    metrics_of: defaultdict[str, list[Metric]] = field(default_factory=lambda: defaultdict(list))
    findings_of: defaultdict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, journey: JourneyMap, analysis: Analysis) -> _Lookups:
        found = cls(journey, analysis)
        for element, kind in all_elements(journey):
            found.names[element.id] = display_name(element)
            found.kinds[element.id] = KIND_LABEL[kind]
        found.moments = {moment.step.id for moment in analysis.moments}
        for process_step in journey.process_steps:
            for step_id in process_step.serves:
                found.serving[step_id].append(process_step)
        for metric in journey.metrics:
            found.metrics_of[metric.attached_to].append(metric)
        for finding in analysis.findings:
            for element_id in dict.fromkeys(finding.elements):
                found.findings_of[element_id].append(finding)
        return found

    @property
    def context(self) -> Context:
        return self.analysis.context

    def name(self, element_id: str | None) -> str | None:
        return None if element_id is None else self.names.get(element_id, element_id)

    def phase_title(self, step_id: str) -> str:
        phase = self.context.phase_of.get(step_id)
        return phase.title if phase else ""


def workbook_rows(journey: JourneyMap, analysis: Analysis | None = None) -> list[SheetRows]:
    """Every sheet of the workbook with its rows, in the order the sheets appear.
    ``analysis`` must be of ``journey`` as it is now; without one it is run here."""
    lookups = _Lookups.build(journey, analysis or run_analysis(journey))
    return [SheetRows(sheet, build(lookups)) for sheet, build in SHEET_BUILDERS]


def _touchpoints(found: _Lookups) -> list[Row]:
    rows: list[Row] = []
    for order, touchpoint in enumerate(found.journey.touchpoints, 1):
        steps = touchpoint.steps
        serving = [p.title for s in steps for p in found.serving.get(s, ())]
        findings = [f.message for f in _findings_about([touchpoint.id, *steps], found)]
        rows.append(
            [
                order,
                touchpoint.id,
                list(dict.fromkeys(found.phase_title(s) for s in steps)),
                [found.names.get(s, s) for s in steps],
                touchpoint.title,
                found.name(touchpoint.channel),
                found.name(touchpoint.owner),
                touchpoint.kind.value,
                found.context.emotion.get(steps[0]) if steps else None,
                any(s in found.moments for s in steps),
                list(dict.fromkeys(serving)),
                [_metric_text(m) for m in found.metrics_of.get(touchpoint.id, ())],
                findings,
                touchpoint.note,
                list(steps),
                touchpoint.channel,
                touchpoint.owner,
            ]
        )
    return rows


def _findings_about(element_ids: list[str], found: _Lookups) -> list[Finding]:
    seen: dict[int, Finding] = {}
    for element_id in element_ids:
        for finding in found.findings_of.get(element_id, ()):
            seen.setdefault(id(finding), finding)
    return list(seen.values())


def _metric_text(metric: Metric) -> str:
    text = metric.name or "metric"
    if metric.value is not None:
        text += f": {metric.value:g}{' ' + metric.unit if metric.unit else ''}"
    if metric.target is not None:
        text += f" (target {metric.target:g})"
    return text


def _steps(found: _Lookups) -> list[Row]:
    rows: list[Row] = []
    order = 0
    for phase in found.journey.phases:
        for step in phase.steps:
            order += 1
            rows.append(
                [
                    order,
                    step.id,
                    phase.title,
                    step.title,
                    found.context.emotion.get(step.id),
                    step.moment_of_truth,
                    step.note,
                    step.quote,
                    list(step.pain_points),
                    list(step.ideas),
                    [t.title for t in found.context.touchpoints_at.get(step.id, ())],
                    phase.id,
                ]
            )
    return rows


def _duration(duration: Duration | None) -> tuple[float | None, str | None]:
    if duration is None:
        return None, None
    return duration.value, UNIT_LABEL.get(duration.unit, str(duration.unit))


def _process_steps(found: _Lookups) -> list[Row]:
    rows: list[Row] = []
    for order, step in enumerate(found.journey.process_steps, 1):
        value, unit = _duration(step.duration)
        rows.append(
            [
                order,
                step.id,
                step.title,
                found.name(step.department),
                value,
                unit,
                [found.names.get(s, s) for s in step.serves],
                step.starts_chain,
                step.ends_chain,
                step.note,
                step.department,
                list(step.serves),
            ]
        )
    return rows


def _handovers(found: _Lookups) -> list[Row]:
    """Every flow, not only the handovers, so that flows within a department can be edited."""
    context = found.context
    handovers = {flow.id for flow, _source, _target in context.handovers}
    rows: list[Row] = []
    for order, flow in enumerate(found.journey.flows, 1):
        source = context.process_steps[flow.source].department
        target = context.process_steps[flow.target].department
        across = flow.id in handovers
        rows.append(
            [
                order,
                flow.id,
                found.name(flow.source),
                found.name(source),
                found.name(flow.target),
                found.name(target),
                across,
                flow.label,
                *_agreement(flow),
                *_duration(flow.measured_wait),
                *_gap(flow, across),
                flow.chain.culture,
                flow.chain.relation,
                flow.chain.procedure,
                flow.chain.content,
                flow.source,
                flow.target,
            ]
        )
    return rows


def _agreement(flow: Flow) -> list[Value]:
    agreement = flow.agreement
    if agreement is None:
        return [False, None, None, None, None]
    return [True, *_duration(agreement.max_wait), agreement.information, agreement.owner]


def _gap(flow: Flow, across: bool) -> list[Value]:
    if not across:
        return [None, None]
    serious, minor = handover_shortcomings(flow)
    reasons = serious + minor
    return [bool(reasons), "; ".join(reasons) or None]


def _findings(found: _Lookups) -> list[Row]:
    return [
        [
            finding.kind.value.replace("_", " "),
            finding.severity.value,
            finding.message,
            [found.names.get(e) or e for e in finding.elements],
            list(finding.elements),
        ]
        for finding in found.analysis.findings
    ]


def _metrics(found: _Lookups) -> list[Row]:
    rows: list[Row] = []
    journey = found.journey
    for order, metric in enumerate(journey.metrics, 1):
        rows.append(
            [
                order,
                metric.id,
                METRIC_TYPE,
                metric.name,
                found.name(metric.attached_to),
                found.kinds.get(metric.attached_to),
                metric.value,
                metric.unit,
                metric.target,
                metric.trend_percent,
                metric.higher_is_better,
                None,
                None,
                metric.note,
                metric.attached_to,
            ]
        )
    for order, initiative in enumerate(journey.initiatives, len(journey.metrics) + 1):
        rows.append(
            [
                order,
                initiative.id,
                INITIATIVE_TYPE,
                initiative.title,
                found.name(initiative.attached_to),
                found.kinds.get(initiative.attached_to),
                None,
                None,
                None,
                None,
                None,
                initiative.status.value,
                initiative.contact,
                initiative.note,
                initiative.attached_to,
            ]
        )
    return rows


def _phases(found: _Lookups) -> list[Row]:
    return [
        [order, phase.id, phase.title, phase.description, list(phase.contact_reasons)]
        for order, phase in enumerate(found.journey.phases, 1)
    ]


def _channels(found: _Lookups) -> list[Row]:
    return [
        [order, channel.id, channel.name, channel.color]
        for order, channel in enumerate(found.journey.channels, 1)
    ]


def _departments(found: _Lookups) -> list[Row]:
    return [
        [order, department.id, department.name, department.kind.value, department.color]
        for order, department in enumerate(found.journey.departments, 1)
    ]


def _personas(found: _Lookups) -> list[Row]:
    return [
        [order, persona.id, persona.name, persona.profile, list(persona.goals), persona.quote]
        for order, persona in enumerate(found.journey.personas, 1)
    ]


def _curves(found: _Lookups) -> list[Row]:
    return [
        [
            order,
            curve.id,
            curve.name,
            curve.kind.value,
            curve.state.value,
            found.name(curve.persona),
            curve.persona,
        ]
        for order, curve in enumerate(found.journey.curves, 1)
    ]


def _curve_points(found: _Lookups) -> list[Row]:
    return [
        [curve.name, found.name(step_id), value, curve.id, step_id]
        for curve in found.journey.curves[1:]
        for step_id, value in curve.points.items()
    ]


def _touchpoint_steps(found: _Lookups) -> list[Row]:
    """One row per touchpoint and step, in journey order: the long table to pivot on."""
    emotion = found.context.emotion
    return [
        [
            found.phase_title(step_id),
            found.names.get(step_id, step_id),
            emotion.get(step_id),
            step_id in found.moments,
            touchpoint.title,
            found.name(touchpoint.channel),
            found.name(touchpoint.owner),
            touchpoint.kind.value,
            step_id,
            touchpoint.id,
        ]
        for touchpoint in found.journey.touchpoints
        for step_id in touchpoint.steps
    ]


def _emotions(found: _Lookups) -> list[Row]:
    """Every step's emotion on every curve, steps in journey order."""
    curves = found.journey.curves
    return [
        [
            phase.title,
            step.title,
            curve.name,
            found.name(curve.persona),
            curve.points.get(step.id),
            step.id,
            curve.id,
        ]
        for phase in found.journey.phases
        for step in phase.steps
        for curve in curves
    ]


def _map_fields(found: _Lookups) -> list[Row]:
    data = found.journey.model_dump(mode="json", include=_MAP_FIELD_NAMES)
    rows: list[Row] = []
    for label, path, _type in MAP_ROWS:
        value = _at_path(data, path)
        if path in BAND_LIST_PATHS:
            value = band_list_text(
                found.journey.view.shown if path.endswith("shown") else found.journey.view.hidden
            )
        if path.endswith(".unit") and isinstance(value, str):
            value = UNIT_LABEL.get(TimeUnit(value), value)
        rows.append([label, value])
    curve = found.journey.default_curve()
    rows.append([STEPS_CURVE_FIELD, curve.id if curve else None])
    return rows


_MAP_FIELD_NAMES = {path.split(".")[0] for _label, path, _type in MAP_ROWS}


def _at_path(data: object, path: str) -> Value:
    for part in path.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list | tuple) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data if isinstance(data, str | int | float) else None


def _elements_index(found: _Lookups) -> list[Row]:
    rows = _index_rows(MAP_KEY, None, extras_tree(found.journey))
    for element, _kind in all_elements(found.journey):
        rows.extend(_index_rows(element.id, found.names[element.id], extras_tree(element)))
    return rows


def _index_rows(key: str, name: str | None, tree: dict[str, object]) -> list[Row]:
    """The rows of one element on the hidden sheet: one, or one per piece of a JSON text too
    long for a cell, all under the same id (the importer joins them in sheet order)."""
    if not tree:
        return [] if name is None else [[key, name, None]]
    # ASCII JSON: every character survives, even those a cell cannot hold as such.
    return [[key, name, piece] for piece in split_text(json.dumps(tree))]


def extras_tree(model: BaseModel) -> dict[str, object]:
    """The unknown fields of ``model`` and of the models inside it (not of its elements):
    ``{"+": {unknown fields}, "<field>": {the same for that nested model}}``."""
    tree: dict[str, object] = {}
    if model.model_extra:
        tree["+"] = dict(model.model_extra)
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Model) and not isinstance(value, Element):
            nested = extras_tree(value)
            if nested:
                tree[name] = nested
    return tree


# Every sheet of the workbook, in order, with the function giving its rows. A sheet added
# here is written on export and known to the importer, which reports only sheets that are
# not in this list (a person's own) and reads only the sheets of the map's elements.
SHEET_BUILDERS: tuple[tuple[Sheet, Callable[[_Lookups], list[Row]]], ...] = (
    (TOUCHPOINTS, _touchpoints),
    (STEPS, _steps),
    (PROCESS_STEPS, _process_steps),
    (HANDOVERS, _handovers),
    (FINDINGS, _findings),
    (METRICS, _metrics),
    (PHASES, _phases),
    (CHANNELS, _channels),
    (DEPARTMENTS, _departments),
    (PERSONAS, _personas),
    (CURVES, _curves),
    (CURVE_POINTS, _curve_points),
    (TOUCHPOINT_STEPS, _touchpoint_steps),
    (EMOTIONS, _emotions),
    (MAP, _map_fields),
    (ELEMENTS, _elements_index),
)
