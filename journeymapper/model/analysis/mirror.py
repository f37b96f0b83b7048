"""The mirror: a customer curve set against an employee curve over the same steps.

Pairs are a customer curve and an employee curve of the same state (today with today, the
to-be with the to-be), in the map's order. Only steps both curves have a value for count.
Thresholds are in ``AnalysisParameters``; docs/findings.md explains them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from journeymapper.model.analysis.context import Context
from journeymapper.model.analysis.findings import Finding, FindingKind, Severity
from journeymapper.model.analysis.moments import moments_of_truth
from journeymapper.model.elements import CurveKind, CustomerStep


@dataclass(frozen=True)
class MirrorPair:
    """A customer curve's context, an employee curve's, and each step both have values for
    with the customer's and the employee's value, in journey order."""

    customer: Context
    employee: Context
    rows: list[tuple[CustomerStep, float, float]]

    def _names(self) -> str:
        return f"'{self.customer.curve_name}' against '{self.employee.curve_name}'"

    def finding(
        self, kind: FindingKind, severity: Severity, message: str, step: CustomerStep
    ) -> Finding:
        return Finding(
            kind,
            severity,
            f"{message} ({self._names()}).",
            (step.id,),
            curve=self.customer.curve_id,
            employee_curve=self.employee.curve_id,
        )


def mirror_pairs(context: Context) -> list[MirrorPair]:
    """Every customer curve against every employee curve of the same state."""
    if context.mirror_memo is None:
        context.mirror_memo = _pairs(context)
    return context.mirror_memo


def _pairs(context: Context) -> list[MirrorPair]:
    curves = list(zip(context.journey.curves, context.curve_contexts, strict=True))
    employees = [(curve, c) for curve, c in curves if curve.kind is CurveKind.EMPLOYEE]
    pairs = []
    for curve, customer in curves:
        if curve.kind is not CurveKind.CUSTOMER:
            continue
        for employee_curve, employee in employees:
            if employee_curve.state is not curve.state:
                continue
            theirs = employee.emotion
            rows = [
                (step, customer.emotion[step.id], theirs[step.id])
                for step in customer.valued_steps
                if step.id in theirs
            ]
            if rows:
                pairs.append(MirrorPair(customer, employee, rows))
    return pairs


def blind_spot(context: Context) -> Iterator[Finding]:
    """Steps where the employee is content and the customer is not."""
    scale = context.journey.scale
    margin = context.parameters.mirror_margin * scale.span
    for pair in mirror_pairs(context):
        for step, customer, employee in pair.rows:
            if employee >= scale.neutral + margin and customer <= scale.neutral - margin:
                yield pair.finding(
                    FindingKind.BLIND_SPOT,
                    Severity.WARNING,
                    f"At '{step.title}' the employee is positive ({employee:g}) while the "
                    f"customer is negative ({customer:g}): the organisation does not see "
                    "what the customer feels",
                    step,
                )


def shared_pain(context: Context) -> Iterator[Finding]:
    """Moments of Truth of the customer curve where customer and employee both suffer."""
    scale = context.journey.scale
    low = scale.neutral - context.parameters.pain_margin * scale.span
    for pair in mirror_pairs(context):
        moments = {moment.step.id for moment in moments_of_truth(pair.customer)}
        for step, customer, employee in pair.rows:
            if customer <= low and employee <= low and step.id in moments:
                yield pair.finding(
                    FindingKind.SHARED_PAIN,
                    Severity.PROBLEM,
                    f"'{step.title}' is a Moment of Truth where the customer ({customer:g}) "
                    f"and the employee ({employee:g}) both feel bad",
                    step,
                )


def widest_gap(context: Context) -> Iterator[Finding]:
    """Per pair, the step where the two curves differ most (the first of equal ones)."""
    scale = context.journey.scale
    least = context.parameters.gap_fraction * scale.span
    for pair in mirror_pairs(context):
        step, customer, employee = max(pair.rows, key=lambda row: abs(row[1] - row[2]))
        if abs(customer - employee) < least:
            continue
        higher = "the employee" if employee > customer else "the customer"
        yield pair.finding(
            FindingKind.WIDEST_GAP,
            Severity.INFO,
            f"The customer and the employee diverge most at '{step.title}': customer "
            f"{customer:g}, employee {employee:g}; {higher} feels better by "
            f"{abs(customer - employee):g}",
            step,
        )
