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
    """Marked steps, plus the strongest steps the context's curve shows as decisive (see
    AnalysisParameters), in journey order."""
    if context.moments_memo is not None:
        return list(context.moments_memo)
    detected = dict(_detected_reasons(context))
    found: list[MomentOfTruth] = []
    for step in context.steps:
        if step.moment_of_truth:
            found.append(MomentOfTruth(step, True, "marked as a Moment of Truth"))
        elif step.id in detected:
            found.append(MomentOfTruth(step, False, detected[step.id]))
    context.moments_memo = found
    return list(found)


@dataclass(frozen=True)
class _Candidate:
    position: int  # among the curve's valued steps
    step: CustomerStep
    strength: float
    reason: str


def _detected_reasons(context: Context) -> list[tuple[str, str]]:
    """(step id, reason) of the detected Moments of Truth that survive the ranking."""
    valued = context.valued_steps
    budget = _detection_budget(context, valued)
    if budget <= 0:
        return []
    marked = {n for n, step in enumerate(valued) if step.moment_of_truth}
    taken = set(marked)  # positions of moments kept so far: marked ones first
    kept: list[tuple[str, str]] = []
    ranked = sorted(_candidates(context, valued), key=lambda c: (-c.strength, c.position))
    for candidate in ranked:
        if len(kept) == budget:
            break
        if candidate.position in marked:
            continue
        if {candidate.position - 1, candidate.position + 1} & taken:
            continue  # the run-up to (or the way out of) a moment already kept
        taken.add(candidate.position)
        kept.append((candidate.step.id, candidate.reason))
    return kept


def _detection_budget(context: Context, valued: list[CustomerStep]) -> int:
    """How many steps detection may add: ``max_detected``, and no more than leaves the marked
    and detected steps within ``max_moment_share`` of the curve's steps."""
    parameters = context.parameters
    marked = sum(1 for step in valued if step.moment_of_truth)
    # A tiny tolerance so that a share of exactly 1/3 of 6 steps allows 2, despite float noise.
    share_cap = int(len(valued) * parameters.max_moment_share + 1e-9)
    return max(0, min(parameters.max_detected, share_cap - marked))


def _candidates(context: Context, valued: list[CustomerStep]) -> Iterator[_Candidate]:
    scale: EmotionScale = context.journey.scale
    span = scale.span
    high = scale.maximum - context.parameters.extreme_fraction * span
    low = scale.minimum + context.parameters.extreme_fraction * span
    swing = context.parameters.swing_fraction * span
    values = [context.emotion[step.id] for step in valued]
    last = len(values) - 1
    for n, step in enumerate(valued):
        value = values[n]
        previous = values[n - 1] if n > 0 else value
        following = values[n + 1] if n < last else value  # an end has one neighbour
        if value >= high and value >= previous and value >= following:
            reason = f"a peak of the curve at {value:g}"
        elif value <= low and value <= previous and value <= following:
            reason = f"a trough of the curve at {value:g}"
        elif n > 0 and abs(value - previous) >= swing:
            direction = "rises" if value > previous else "drops"
            reason = f"the curve {direction} sharply from {previous:g} to {value:g}"
        else:
            continue
        yield _Candidate(n, step, _strength(scale, value, previous), reason)


def _strength(scale: EmotionScale, value: float, previous: float) -> float:
    """How far from neutral (as a share of that half of the scale, 0..1) plus how sharp the
    change from the previous step (as a share of the span, 0..1)."""
    half = (
        scale.maximum - scale.neutral if value >= scale.neutral else scale.neutral - scale.minimum
    )
    extremity = abs(value - scale.neutral) / half if half > 0 else 0.0
    return extremity + abs(value - previous) / scale.span


def moment_of_truth_without_touchpoint(context: Context) -> Iterator[Finding]:
    """Per customer curve, its Moments of Truth without a touchpoint. A marked step is the
    team's, not a curve's: it is reported once (without a curve), with the first curve."""
    curves = context.customer_contexts
    if not curves:
        yield from _moments_without_touchpoint(context, marked=True, detected=False)
        return
    for n, curve_context in enumerate(curves):
        yield from _moments_without_touchpoint(curve_context, marked=n == 0, detected=True)


def _moments_without_touchpoint(
    context: Context, *, marked: bool, detected: bool
) -> Iterator[Finding]:
    for moment in moments_of_truth(context):
        if context.touchpoints_at.get(moment.step.id):
            continue
        if (moment.marked and not marked) or (not moment.marked and not detected):
            continue
        if moment.marked:
            how, curve = "is marked as a Moment of Truth", None
        else:
            how = f"is a likely Moment of Truth on '{context.curve_name}' ({moment.reason})"
            curve = context.curve_id
        yield Finding(
            FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT,
            Severity.PROBLEM if moment.marked else Severity.WARNING,
            f"'{moment.step.title}' {how}, but the organisation has no touchpoint there.",
            (moment.step.id,),
            curve=curve,
        )


def emotion_dip_without_touchpoint(context: Context) -> Iterator[Finding]:
    """Per customer curve, phases where it drops below neutral with no touchpoint."""
    for curve_context in context.customer_contexts:
        yield from _dips(curve_context)


def _dips(context: Context) -> Iterator[Finding]:
    neutral = context.journey.scale.neutral
    for phase in context.journey.phases:
        dips = [s for s in phase.steps if context.emotion.get(s.id, neutral) < neutral]
        if not dips or any(context.touchpoints_at.get(s.id) for s in phase.steps):
            continue
        lowest = min(context.emotion[s.id] for s in dips)
        yield Finding(
            FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT,
            Severity.WARNING,
            f"In phase '{phase.title}' the customer's emotion on '{context.curve_name}' drops "
            f"below neutral (down to {lowest:g}) while the organisation has no touchpoint in "
            "that phase.",
            (phase.id, *(s.id for s in dips)),
            curve=context.curve_id,
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
