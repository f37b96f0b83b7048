"""Look-ups every rule needs, computed once per analysis run."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from journeymapper.model.elements import (
    CustomerStep,
    Department,
    Flow,
    JourneyMap,
    Phase,
    ProcessStep,
    Touchpoint,
)

if TYPE_CHECKING:
    from journeymapper.model.analysis.chain import LeadTime


@dataclass(frozen=True)
class AnalysisParameters:
    """Thresholds of the Moment-of-Truth detection, as fractions of the scale's span.

    A step is a detected Moment of Truth when its emotion is a local peak within
    ``extreme_fraction`` of the top of the scale, a local trough within it of the bottom, or
    when it differs from the previous step's emotion by at least ``swing_fraction``. On the
    default -5..+5 scale that is a peak at +3 or more, a trough at -3 or less, a swing of 4.
    """

    extreme_fraction: float = 0.2
    swing_fraction: float = 0.4


@dataclass
class Context:
    journey: JourneyMap
    parameters: AnalysisParameters
    steps: list[CustomerStep] = field(default_factory=list)
    phase_of: dict[str, Phase] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)
    emotion: dict[str, float] = field(default_factory=dict)
    touchpoints_at: dict[str, list[Touchpoint]] = field(default_factory=lambda: defaultdict(list))
    departments: dict[str, Department] = field(default_factory=dict)
    process_steps: dict[str, ProcessStep] = field(default_factory=dict)
    graph: nx.DiGraph[str] = field(default_factory=nx.DiGraph)

    @classmethod
    def build(cls, journey: JourneyMap, parameters: AnalysisParameters) -> Context:
        context = cls(journey, parameters)
        for phase in journey.phases:
            for step in phase.steps:
                context.position[step.id] = len(context.steps)
                context.steps.append(step)
                context.phase_of[step.id] = phase
        curve = journey.default_curve()
        if curve is not None:
            context.emotion = dict(curve.points)
        for touchpoint in journey.touchpoints:
            for step_id in touchpoint.steps:
                context.touchpoints_at[step_id].append(touchpoint)
        context.departments = {d.id: d for d in journey.departments}
        context.process_steps = {p.id: p for p in journey.process_steps}
        context.graph.add_nodes_from(context.process_steps)
        context.graph.add_edges_from((f.source, f.target, {"flow": f}) for f in journey.flows)
        return context

    @functools.cached_property
    def topological_order(self) -> list[str] | None:
        """Process steps in flow order, or None when the flows contain a loop."""
        try:
            return list(nx.topological_sort(self.graph))
        except nx.NetworkXUnfeasible:
            return None

    @functools.cached_property
    def lead_time(self) -> LeadTime | None:
        """The longest chain through the process graph (``chain.longest_path``), worked out
        once per run: the lead-time rule and the analysis's own result both read it."""
        # The rules' module imports this one, so it is imported where it is needed.
        from journeymapper.model.analysis.chain import compute_longest_path

        return compute_longest_path(self)

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
