"""What the analysis reports: a finding names its kind, severity, message and elements."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    PROBLEM = "problem"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.PROBLEM: 2}


class FindingKind(StrEnum):
    """Finding kinds in the order reports list them."""

    MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT = "moment_of_truth_without_touchpoint"
    EMOTION_DIP_WITHOUT_TOUCHPOINT = "emotion_dip_without_touchpoint"
    HANDOVER_GAP = "handover_gap"
    UNINFORMED_HANDOVER = "uninformed_handover"
    BROKEN_CHAIN = "broken_chain"
    LEAD_TIME_EXCEEDS_PROMISE = "lead_time_exceeds_promise"
    TOUCHPOINT_WITHOUT_OWNER = "touchpoint_without_owner"
    NO_EXCELLENT_STEP = "no_excellent_step"
    BLIND_SPOT = "blind_spot"
    SHARED_PAIN = "shared_pain"
    WIDEST_GAP = "widest_gap"


@dataclass(frozen=True)
class Finding:
    """One finding. ``curve`` is the id of the emotion curve a curve-based finding comes from;
    ``employee_curve`` the employee curve a mirror finding sets against it."""

    kind: FindingKind
    severity: Severity
    message: str
    elements: tuple[str, ...]
    curve: str | None = None
    employee_curve: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The four keys every finding has, plus ``curve`` (and ``employee_curve``) when set:
        a finding that does not come from a curve keeps exactly the four keys."""
        data: dict[str, Any] = {
            "kind": self.kind.value,
            "severity": self.severity.value,
            "message": self.message,
            "elements": list(self.elements),
        }
        if self.curve is not None:
            data["curve"] = self.curve
        if self.employee_curve is not None:
            data["employee_curve"] = self.employee_curve
        return data
