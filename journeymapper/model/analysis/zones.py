"""The zones of the grade scale and the peak-end summary of each curve.

On the 1-10 grades, satisfaction clusters in the "okay" band (6.5-8), which reads as mutual
indifference; only experiences of 9 or more make ambassadors. People remember a journey by its
strongest moment and its end (the peak-end rule), so the summary names both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from journeymapper.model.analysis.context import Context
from journeymapper.model.analysis.findings import Finding, FindingKind, Severity
from journeymapper.model.elements import CurveKind, CustomerStep, EmotionCurve


@dataclass(frozen=True)
class StepValue:
    step: CustomerStep
    value: float

    def to_json(self) -> dict[str, Any]:
        return {"step": self.step.id, "title": self.step.title, "value": self.value}

    def describe(self) -> str:
        return f"'{self.step.title}' at {self.value:g}"


@dataclass(frozen=True)
class CurveSummary:
    """One curve in a few figures. ``peak`` is the step farthest from neutral (the first of
    equal ones), ``end`` the last step with a value; the shares are of the curve's steps and
    None on a scale without that zone."""

    curve_id: str
    name: str
    kind: str
    state: str
    steps: int
    peak: StepValue | None
    end: StepValue | None
    okay_share: float | None
    excellent_steps: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "curve": self.curve_id,
            "name": self.name,
            "kind": self.kind,
            "state": self.state,
            "steps": self.steps,
            "peak": self.peak.to_json() if self.peak else None,
            "end": self.end.to_json() if self.end else None,
            "okay_share": self.okay_share,
            "excellent_steps": self.excellent_steps,
        }

    def describe(self) -> str:
        """One line for people."""
        head = f"Curve '{self.name}' ({self.kind}, {self.state}, {self.steps} steps)"
        if self.peak is None or self.end is None:
            return f"{head}: no values yet."
        parts = [f"strongest moment {self.peak.describe()}", f"ends with {self.end.describe()}"]
        if self.okay_share is not None:
            parts.append(f"{self.okay_share:.0%} of the steps in the okay band")
        if self.excellent_steps is not None:
            parts.append(f"{self.excellent_steps} at 9+" if self.excellent_steps else "none at 9+")
        return f"{head}: " + "; ".join(parts) + "."


def curve_summaries(context: Context) -> list[CurveSummary]:
    """The summary of every curve of the map, in the map's order."""
    contexts = zip(context.journey.curves, context.curve_contexts, strict=True)
    return [_summary(curve, curve_context) for curve, curve_context in contexts]


def _summary(curve: EmotionCurve, context: Context) -> CurveSummary:
    """The summary of ``curve``, read from its own ``context``."""
    scale = context.journey.scale
    valued = [StepValue(step, context.emotion[step.id]) for step in context.valued_steps]
    peak = max(valued, key=lambda v: abs(v.value - scale.neutral), default=None)
    okay_share = None
    if scale.okay_band is not None and valued:
        low, high = scale.okay_band
        okay_share = sum(1 for v in valued if low <= v.value <= high) / len(valued)
    excellent = None
    if scale.excellent_from is not None:
        excellent = sum(1 for v in valued if v.value >= scale.excellent_from)
    return CurveSummary(
        curve.id,
        context.curve_name,
        curve.kind.value,
        curve.state.value,
        len(valued),
        peak,
        valued[-1] if valued else None,
        okay_share,
        excellent,
    )


def no_excellent_step(context: Context) -> Iterator[Finding]:
    """Customer curves on a scale with a 9+ zone where no step reaches it."""
    scale = context.journey.scale
    if scale.excellent_from is None:
        return
    for curve, curve_context in zip(context.journey.curves, context.curve_contexts, strict=True):
        if curve.kind is not CurveKind.CUSTOMER:
            continue
        summary = _summary(curve, curve_context)
        if not summary.steps or summary.excellent_steps:
            continue
        okay = ""
        if summary.okay_share is not None and scale.okay_band is not None:
            low, high = scale.okay_band
            okay = f"; {summary.okay_share:.0%} of its steps are in the okay band {low:g}-{high:g}"
        yield Finding(
            FindingKind.NO_EXCELLENT_STEP,
            Severity.WARNING,
            f"No step of '{curve_context.curve_name}' reaches {scale.excellent_from:g} or more, "
            f"where customers become ambassadors{okay}.",
            (curve_context.curve_id or "",),
            curve=curve_context.curve_id,
        )
