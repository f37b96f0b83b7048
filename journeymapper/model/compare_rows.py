"""A comparison as one flat list of rows, the same for the report's page and the workbook's
sheet: each change on a row of its own, naming the element by id and title.

Kept apart from ``compare`` so that the exporters show exactly what ``compare`` found, in
the order of its text summary, without each deciding anew what a change is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from journeymapper.model.compare import Comparison, Named

# The groups of changes, in the order the rows come (and the report's headings).
FINDING_DISAPPEARED = "Finding disappeared"
FINDING_APPEARED = "Finding appeared"
MOMENT_GAINED = "Moment of Truth gained a touchpoint"
MOMENT_LOST = "Moment of Truth lost its touchpoint"
EMOTION = "Emotion changed"
STEP_ADDED = "Step added"
STEP_REMOVED = "Step removed"
TOUCHPOINT_ADDED = "Touchpoint added"
TOUCHPOINT_REMOVED = "Touchpoint removed"
LEAD_TIME = "End-to-end lead time"
GROUPS = (
    FINDING_DISAPPEARED,
    FINDING_APPEARED,
    MOMENT_GAINED,
    MOMENT_LOST,
    EMOTION,
    STEP_ADDED,
    STEP_REMOVED,
    TOUCHPOINT_ADDED,
    TOUCHPOINT_REMOVED,
    LEAD_TIME,
)


@dataclass(frozen=True)
class ChangeRow:
    """One change. ``ids`` and ``titles`` name the elements (several for a finding about a
    handover); ``before``, ``after`` and ``difference`` are numbers where the change has them
    (an emotion value, working days), else None."""

    change: str
    kind: str
    ids: tuple[str, ...]
    titles: tuple[str, ...]
    before: float | None = None
    after: float | None = None
    difference: float | None = None
    detail: str = ""


def change_rows(comparison: Comparison) -> list[ChangeRow]:
    """Every change of ``comparison``, grouped as in GROUPS; the lead time comes last, and
    only when at least one side has one."""
    rows = [_finding_row(FINDING_DISAPPEARED, f) for f in comparison.findings_disappeared]
    rows += [_finding_row(FINDING_APPEARED, f) for f in comparison.findings_appeared]
    rows += _named_rows(MOMENT_GAINED, "moment_of_truth", comparison.moments_gained_touchpoint)
    rows += _named_rows(MOMENT_LOST, "moment_of_truth", comparison.moments_lost_touchpoint)
    rows += [
        ChangeRow(
            EMOTION,
            "emotion",
            (change.step.id,),
            (change.step.title,),
            change.before,
            change.after,
            change.change,
            change.curves_in_words(),
        )
        for change in comparison.emotion
    ]
    rows += _named_rows(STEP_ADDED, "step", comparison.steps_added)
    rows += _named_rows(STEP_REMOVED, "step", comparison.steps_removed)
    rows += _named_rows(TOUCHPOINT_ADDED, "touchpoint", comparison.touchpoints_added)
    rows += _named_rows(TOUCHPOINT_REMOVED, "touchpoint", comparison.touchpoints_removed)
    lead = comparison.lead_time
    if lead is not None and (lead.before is not None or lead.after is not None):
        rows.append(
            ChangeRow(
                LEAD_TIME,
                "lead_time",
                (),
                (),
                lead.before,
                lead.after,
                lead.change,
                lead.describe(),
            )
        )
    return rows


def _finding_row(change: str, finding: dict[str, Any]) -> ChangeRow:
    elements = finding["elements"]
    curve = f" (curve {finding['curve']})" if finding.get("curve") else ""
    return ChangeRow(
        change,
        finding["kind"],
        tuple(e["id"] for e in elements),
        tuple(e["title"] for e in elements),
        detail=f"{finding['severity']}{curve}: {finding['message']}",
    )


def _named_rows(change: str, kind: str, items: Sequence[Named]) -> list[ChangeRow]:
    return [ChangeRow(change, kind, (item.id,), (item.title,)) for item in items]
