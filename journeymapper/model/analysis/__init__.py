"""Findings from a journey map: where the organisation is absent and where the chain breaks.

``analyze`` runs every rule and returns the findings in a fixed order: by kind (the order of
``FindingKind``), then by where the first element sits in the document, then by message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from journeymapper.model.analysis.chain import (
    LeadTime,
    broken_chain,
    end_to_end_lead_time,
    handover_gap,
    lead_time_exceeds_promise,
    uninformed_handover,
)
from journeymapper.model.analysis.context import AnalysisParameters, Context
from journeymapper.model.analysis.findings import KIND_ORDER, Finding, FindingKind, Severity
from journeymapper.model.analysis.moments import (
    MomentOfTruth,
    emotion_dip_without_touchpoint,
    moment_of_truth_without_touchpoint,
    moments_of_truth,
    touchpoint_without_owner,
)
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
)


def analyze(journey: JourneyMap, parameters: AnalysisParameters | None = None) -> list[Finding]:
    """Every finding of the map, deterministically ordered."""
    context = Context.build(journey, parameters or AnalysisParameters())
    findings = [finding for rule in RULES for finding in rule(context)]
    findings.sort(
        key=lambda f: (
            KIND_ORDER[f.kind],
            context.order_of(f.elements[0]) if f.elements else -1,
            f.message,
        )
    )
    return findings


def detected_moments(
    journey: JourneyMap, parameters: AnalysisParameters | None = None
) -> list[MomentOfTruth]:
    """Marked and detected Moments of Truth, for drawing them on the curve."""
    return moments_of_truth(Context.build(journey, parameters or AnalysisParameters()))


__all__ = [
    "AnalysisParameters",
    "Finding",
    "FindingKind",
    "LeadTime",
    "MomentOfTruth",
    "Severity",
    "analyze",
    "detected_moments",
    "end_to_end_lead_time",
]
