"""Findings from a journey map: where the organisation is absent and where the chain breaks.

``analyze`` runs every rule and returns the findings in a fixed order: by kind (the order of
``FindingKind`` and of ``RULES``), and within a kind by curve (in the map's order, for the rules
that read the curves) and then in the order of the document, because each rule walks the
document from start to end. No sort, so no per-element order index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from journeymapper.model.analysis.chain import (
    LeadTime,
    broken_chain,
    end_to_end_lead_time,
    handover_gap,
    lead_time_exceeds_promise,
    longest_path,
    uninformed_handover,
)
from journeymapper.model.analysis.context import AnalysisParameters, Context
from journeymapper.model.analysis.findings import Finding, FindingKind, Severity
from journeymapper.model.analysis.mirror import blind_spot, shared_pain, widest_gap
from journeymapper.model.analysis.moments import (
    MomentOfTruth,
    emotion_dip_without_touchpoint,
    moment_of_truth_without_touchpoint,
    moments_of_truth,
    touchpoint_without_owner,
)
from journeymapper.model.analysis.zones import CurveSummary, curve_summaries, no_excellent_step
from journeymapper.model.elements import JourneyMap

Rule = Callable[[Context], Iterable[Finding]]

RULES: tuple[Rule, ...] = (
    moment_of_truth_without_touchpoint,
    emotion_dip_without_touchpoint,
    handover_gap,
    uninformed_handover,
    broken_chain,
    lead_time_exceeds_promise,
    touchpoint_without_owner,
    no_excellent_step,
    blind_spot,
    shared_pain,
    widest_gap,
)


def analyze(journey: JourneyMap, parameters: AnalysisParameters | None = None) -> list[Finding]:
    """Every finding of the map, deterministically ordered."""
    context = Context.build(journey, parameters or AnalysisParameters())
    return [finding for rule in RULES for finding in rule(context)]


@dataclass(frozen=True)
class Analysis:
    """Everything the analysis knows about one map, computed once and shared by whoever
    draws or exports it (the canvas, the poster, the report, the workbook)."""

    findings: list[Finding]
    moments: list[MomentOfTruth]  # of the first curve, which the canvas edits
    lead_time: LeadTime | None
    context: Context
    # The Moments of Truth of every curve (marked and detected), by curve id.
    moments_by_curve: dict[str, list[MomentOfTruth]] = field(default_factory=dict)
    summaries: list[CurveSummary] = field(default_factory=list)


def run_analysis(journey: JourneyMap, parameters: AnalysisParameters | None = None) -> Analysis:
    """Findings, Moments of Truth and the end-to-end lead time from one pass over the map."""
    context = Context.build(journey, parameters or AnalysisParameters())
    by_curve = {c.curve_id: moments_of_truth(c) for c in context.curve_contexts if c.curve_id}
    first = context.curve_id
    return Analysis(
        findings=[finding for rule in RULES for finding in rule(context)],
        moments=by_curve[first] if first is not None else moments_of_truth(context),
        lead_time=longest_path(context),
        context=context,
        moments_by_curve=by_curve,
        summaries=curve_summaries(context),
    )


def detected_moments(
    journey: JourneyMap, parameters: AnalysisParameters | None = None
) -> list[MomentOfTruth]:
    """Marked and detected Moments of Truth, for drawing them on the curve."""
    return moments_of_truth(Context.build(journey, parameters or AnalysisParameters()))


__all__ = [
    "Analysis",
    "AnalysisParameters",
    "CurveSummary",
    "Finding",
    "FindingKind",
    "LeadTime",
    "MomentOfTruth",
    "Severity",
    "analyze",
    "curve_summaries",
    "detected_moments",
    "end_to_end_lead_time",
    "run_analysis",
]
