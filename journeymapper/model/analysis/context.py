"""Look-ups every rule needs, computed once per analysis run."""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from journeymapper.model.elements import (
    CurveKind,
    CustomerStep,
    Department,
    EmotionCurve,
    Flow,
    JourneyMap,
    Phase,
    ProcessStep,
    Touchpoint,
)

if TYPE_CHECKING:  # only for the memo fields' types: these modules import this one
    from journeymapper.model.analysis.chain import LeadTime
    from journeymapper.model.analysis.mirror import MirrorPair
    from journeymapper.model.analysis.moments import MomentOfTruth


@dataclass(frozen=True)
class AnalysisParameters:
    """Every threshold of the curve analysis, in one place (docs/findings.md explains them).

    Thresholds on emotion values are fractions of the scale's span (maximum - minimum), so the
    same parameters work on the -5..+5 scale (span 10) and on the 1-10 grades (span 9).

    Moments of Truth. A step is a *candidate* when its emotion is a local peak within
    ``extreme_fraction`` of the top of the scale, a local trough within it of the bottom, or
    when it differs from the previous step's emotion by at least ``swing_fraction``. On the
    -5..+5 scale that is a peak at +3 or more, a trough at -3 or less, a swing of 4.
    Candidates are ranked by strength (how far from neutral, as a share of that half of the
    scale, plus the jump from the previous step, as a share of the span); a candidate next to
    a stronger kept one or to a marked step is the same moment and is dropped. The strongest
    ``max_detected`` are kept per curve, and never so many that marked plus detected steps
    exceed ``max_moment_share`` of the curve's steps.

    Mirror (a customer curve against an employee curve of the same state). A step is a
    *blind spot* when the employee is at least ``mirror_margin`` above neutral and the
    customer at least that much below it; *shared pain* when both are at least
    ``pain_margin`` below neutral at one of the customer's Moments of Truth; the *widest gap*
    is the step where the two differ most, reported when they differ by ``gap_fraction`` or
    more.
    """

    extreme_fraction: float = 0.2
    swing_fraction: float = 0.4
    max_detected: int = 2
    max_moment_share: float = 1 / 3
    mirror_margin: float = 0.05
    pain_margin: float = 0.1
    gap_fraction: float = 0.2


@dataclass
class Context:
    """The map's look-ups; ``curve`` and ``emotion`` are those of one curve (the first, in the
    map-wide context; each curve's own in ``curve_contexts``)."""

    journey: JourneyMap
    parameters: AnalysisParameters
    curve: EmotionCurve | None = None
    steps: list[CustomerStep] = field(default_factory=list)
    phase_of: dict[str, Phase] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)
    emotion: dict[str, float] = field(default_factory=dict)
    touchpoints_at: dict[str, list[Touchpoint]] = field(default_factory=lambda: defaultdict(list))
    departments: dict[str, Department] = field(default_factory=dict)
    process_steps: dict[str, ProcessStep] = field(default_factory=dict)
    graph: nx.DiGraph[str] = field(default_factory=nx.DiGraph)
    # What several rules need, computed once per run by the module that knows how (not
    # copied to the curves' contexts: each computes its own).
    moments_memo: list[MomentOfTruth] | None = field(default=None, init=False, repr=False)
    lead_time_memo: list[LeadTime | None] = field(default_factory=list, init=False, repr=False)
    mirror_memo: list[MirrorPair] | None = field(default=None, init=False, repr=False)

    @classmethod
    def build(cls, journey: JourneyMap, parameters: AnalysisParameters) -> Context:
        context = cls(journey, parameters)
        for phase in journey.phases:
            for step in phase.steps:
                context.position[step.id] = len(context.steps)
                context.steps.append(step)
                context.phase_of[step.id] = phase
        context.curve = journey.default_curve()
        if context.curve is not None:
            context.emotion = dict(context.curve.points)
        for touchpoint in journey.touchpoints:
            for step_id in touchpoint.steps:
                context.touchpoints_at[step_id].append(touchpoint)
        context.departments = {d.id: d for d in journey.departments}
        context.process_steps = {p.id: p for p in journey.process_steps}
        context.graph.add_nodes_from(context.process_steps)
        context.graph.add_edges_from((f.source, f.target, {"flow": f}) for f in journey.flows)
        return context

    @functools.cached_property
    def curve_contexts(self) -> list[Context]:
        """One context per curve of the map, in the map's order, sharing every look-up but
        the emotion values."""
        contexts = []
        for curve in self.journey.curves:
            if curve is self.curve:
                contexts.append(self)
            else:
                contexts.append(dataclasses.replace(self, curve=curve, emotion=dict(curve.points)))
        return contexts

    @property
    def customer_contexts(self) -> list[Context]:
        """The contexts of the customer curves: the rules on the customer's side read these."""
        return [c for c in self.curve_contexts if c.curve and c.curve.kind is CurveKind.CUSTOMER]

    @property
    def curve_id(self) -> str | None:
        return self.curve.id if self.curve is not None else None

    @property
    def curve_name(self) -> str:
        """How a message names the curve: its name, or its id when it has none."""
        if self.curve is None:
            return ""
        return self.curve.name.strip() or self.curve.id

    @functools.cached_property
    def valued_steps(self) -> list[CustomerStep]:
        """The steps this curve has a value for, in journey order."""
        return [step for step in self.steps if step.id in self.emotion]

    @functools.cached_property
    def topological_order(self) -> list[str] | None:
        """Process steps in flow order, or None when the flows contain a loop."""
        try:
            return list(nx.topological_sort(self.graph))
        except nx.NetworkXUnfeasible:
            return None

    @functools.cached_property
    def handovers(self) -> list[tuple[Flow, ProcessStep, ProcessStep]]:
        """Flows whose two process steps belong to different departments."""
        found = []
        for flow in self.journey.flows:
            source = self.process_steps[flow.source]
            target = self.process_steps[flow.target]
            if source.department != target.department:
                found.append((flow, source, target))
        return found

    @functools.cached_property
    def process_position(self) -> dict[str, int]:
        """Index of each process step in the document, to keep findings in document order."""
        return {step_id: n for n, step_id in enumerate(self.process_steps)}

    def customer_reached(self, process_step: ProcessStep) -> bool:
        """True when any customer step the process step serves has a touchpoint."""
        return any(self.touchpoints_at.get(step_id) for step_id in process_step.serves)

    def department_name(self, department_id: str) -> str:
        department = self.departments.get(department_id)
        return department.name if department else department_id
