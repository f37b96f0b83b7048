"""Rules on the customer side: Moments of Truth, emotion dips, touchpoints without owner."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from journeymapper.model.analysis.context import Context
from journeymapper.model.analysis.findings import Finding, FindingKind, Severity
from journeymapper.model.elements import CustomerStep, EmotionScale


@dataclass(frozen=True)
class MomentOfTruth:
    """A customer step where the experience is decided, and why we think so."""

    step: CustomerStep
    marked: bool
    reason: str


def moments_of_truth(context: Context) -> list[MomentOfTruth]:
    """Marked steps, plus steps the curve shows as decisive (see AnalysisParameters)."""
    found: list[MomentOfTruth] = []
    valued = [step for step in context.steps if step.id in context.emotion]
    detected = _detected_reasons(valued, context)
    for step in context.steps:
        if step.moment_of_truth:
            found.append(MomentOfTruth(step, True, "marked as a Moment of Truth"))
        elif step.id in detected:
            found.append(MomentOfTruth(step, False, detected[step.id]))
    return found


def _detected_reasons(valued: list[CustomerStep], context: Context) -> dict[str, str]:
    scale: EmotionScale = context.journey.scale
    span = scale.span
    high = scale.maximum - context.parameters.extreme_fraction * span
    low = scale.minimum + context.parameters.extreme_fraction * span
    swing = context.parameters.swing_fraction * span
    values = [context.emotion[step.id] for step in valued]
    reasons: dict[str, str] = {}
    for n, step in enumerate(valued):
        value = values[n]
        neighbours = values[max(0, n - 1) : n] + values[n + 1 : n + 2]
        if value >= high and all(value >= other for other in neighbours):
            reasons[step.id] = f"a peak of the curve at {value:g}"
        elif value <= low and all(value <= other for other in neighbours):
            reasons[step.id] = f"a trough of the curve at {value:g}"
        elif n > 0 and abs(value - values[n - 1]) >= swing:
            direction = "rises" if value > values[n - 1] else "drops"
            reasons[step.id] = f"the curve {direction} sharply from {values[n - 1]:g} to {value:g}"
    return reasons


def moment_of_truth_without_touchpoint(context: Context) -> Iterator[Finding]:
    for moment in moments_of_truth(context):
        if context.touchpoints_at.get(moment.step.id):
            continue
        how = (
            "is marked as a Moment of Truth"
            if moment.marked
            else f"is a likely Moment of Truth ({moment.reason})"
        )
        yield Finding(
            FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT,
            Severity.PROBLEM if moment.marked else Severity.WARNING,
            f"'{moment.step.title}' {how}, but the organisation has no touchpoint there.",
            (moment.step.id,),
        )


def emotion_dip_without_touchpoint(context: Context) -> Iterator[Finding]:
    neutral = context.journey.scale.neutral
    for phase in context.journey.phases:
        dips = [s for s in phase.steps if context.emotion.get(s.id, neutral) < neutral]
        if not dips or any(context.touchpoints_at.get(s.id) for s in phase.steps):
            continue
        lowest = min(context.emotion[s.id] for s in dips)
        yield Finding(
            FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT,
            Severity.WARNING,
            f"In phase '{phase.title}' the customer's emotion drops below neutral (down to "
            f"{lowest:g}) while the organisation has no touchpoint in that phase.",
            (phase.id, *(s.id for s in dips)),
        )


def touchpoint_without_owner(context: Context) -> Iterator[Finding]:
    for touchpoint in context.journey.touchpoints:
        if touchpoint.owner is None:
            yield Finding(
                FindingKind.TOUCHPOINT_WITHOUT_OWNER,
                Severity.WARNING,
                f"Touchpoint '{touchpoint.title}' has no owning department: nobody answers for it.",
                (touchpoint.id,),
            )
