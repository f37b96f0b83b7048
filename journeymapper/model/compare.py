"""What changed between two states of a journey: two maps, or two curves of one map.

Elements are matched by id, then (for those left over) by title, so a step that was re-created
with a new id but the same title counts as the same step. Findings are matched by kind and
elements (after that translation) and by the curve they come from; when two curves of one map
are compared, the findings of the one curve are set against those of the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from journeymapper.model.analysis import Analysis, Finding, run_analysis
from journeymapper.model.elements import CurveKind, Element, EmotionCurve, JourneyMap
from journeymapper.model.errors import JourneyMapError, quoted
from journeymapper.model.kinds import ROOT_COLLECTION, display_name

COMPARED = "compared-curve"  # stands in for the two compared curves' ids when matching


class CompareError(JourneyMapError):
    """The comparison cannot be made, e.g. a curve id the map does not have."""


@dataclass(frozen=True)
class Named:
    """An element as the comparison names it: id and title."""

    id: str
    title: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title}

    def describe(self) -> str:
        return f"{quoted(self.title)} ({self.id})"


@dataclass(frozen=True)
class EmotionChange:
    before_curve: str
    after_curve: str
    step: Named
    before: float | None
    after: float | None
    curve_names: tuple[str, str] = ("", "")  # for people; the ids are for tools

    def curves_in_words(self) -> str:
        """``curve 'Agent, today'``, or ``curve 'Customer, today' -> 'Customer, to-be'``."""
        first = self.curve_names[0] or self.before_curve
        second = self.curve_names[1] or self.after_curve
        if first == second:
            return f"curve {quoted(first)}"
        return f"curve {quoted(first)} -> {quoted(second)}"

    @property
    def change(self) -> float | None:
        return _difference(self.before, self.after)

    def to_json(self) -> dict[str, Any]:
        return {
            "before_curve": self.before_curve,
            "after_curve": self.after_curve,
            **self.step.to_json(),
            "before": self.before,
            "after": self.after,
            "change": self.change,
        }

    def describe(self) -> str:
        def value(v: float | None) -> str:
            return "no value" if v is None else f"{v:g}"

        change = self.change
        delta = "" if change is None else f" ({change:+g})"
        return (
            f"{self.step.describe()}: {value(self.before)} -> {value(self.after)}{delta}"
            f" [{self.curves_in_words()}]"
        )


@dataclass(frozen=True)
class LeadTimeChange:
    """End-to-end lead time (working days) and the promise, before and after."""

    before: float | None
    after: float | None
    promised_before: float | None
    promised_after: float | None

    @property
    def change(self) -> float | None:
        return _difference(self.before, self.after)

    def to_json(self) -> dict[str, Any]:
        return {
            "before": _side(self.before, self.promised_before),
            "after": _side(self.after, self.promised_after),
            "change": self.change,
        }

    def describe(self) -> str:
        def side(days: float | None, promised: float | None) -> str:
            text = "unknown" if days is None else f"{_days(days)} working days"
            if promised is None:
                return text
            if days is None:
                return f"{text} (promised {_days(promised)})"
            verdict = f"over by {_days(days - promised)}" if days > promised else "kept"
            return f"{text} (promised {_days(promised)}, {verdict})"

        change = self.change
        delta = ""
        if change is not None:
            # A lead time is worked out to fractions of an hour; people read tenths of a day.
            sign = "+" if change > 0 else ""
            delta = f", change {sign}{_days(change)} working days"
            if round(change, 1) == 0:
                delta = ", unchanged"
        return (
            f"{side(self.before, self.promised_before)} -> "
            f"{side(self.after, self.promised_after)}{delta}"
        )


def _days(days: float) -> str:
    """Working days as people read them: to a tenth of a day."""
    return f"{round(days, 1):g}"


def named_curve(name: str, journey: JourneyMap, curve_id: str) -> str:
    """``t.cjm, curve 'Customer, to-be'``: one side of a comparison of two curves, named as
    the user named the curve (its id when it has no name, or is not found)."""
    curve = next((c for c in journey.curves if c.id == curve_id), None)
    title = curve.name if curve is not None and curve.name.strip() else curve_id
    return f"{name}, curve {quoted(title)}"


def _side(days: float | None, promised: float | None) -> dict[str, Any]:
    exceeds = None if days is None or promised is None else days > promised
    return {"working_days": days, "promised": promised, "exceeds_promise": exceeds}


@dataclass
class Comparison:
    """Every difference, each list in the order of the map (after the before map's)."""

    before_name: str
    after_name: str
    findings_disappeared: list[dict[str, Any]] = field(default_factory=list)
    findings_appeared: list[dict[str, Any]] = field(default_factory=list)
    moments_gained_touchpoint: list[Named] = field(default_factory=list)
    moments_lost_touchpoint: list[Named] = field(default_factory=list)
    lead_time: LeadTimeChange | None = None
    emotion: list[EmotionChange] = field(default_factory=list)
    steps_added: list[Named] = field(default_factory=list)
    steps_removed: list[Named] = field(default_factory=list)
    touchpoints_added: list[Named] = field(default_factory=list)
    touchpoints_removed: list[Named] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Stable keys, each element named by id and title."""

        def named(items: Sequence[Named]) -> list[dict[str, Any]]:
            return [item.to_json() for item in items]

        return {
            "before": self.before_name,
            "after": self.after_name,
            "findings_disappeared": self.findings_disappeared,
            "findings_appeared": self.findings_appeared,
            "moments_gained_touchpoint": named(self.moments_gained_touchpoint),
            "moments_lost_touchpoint": named(self.moments_lost_touchpoint),
            "lead_time": self.lead_time.to_json() if self.lead_time else None,
            "emotion": [change.to_json() for change in self.emotion],
            "steps_added": named(self.steps_added),
            "steps_removed": named(self.steps_removed),
            "touchpoints_added": named(self.touchpoints_added),
            "touchpoints_removed": named(self.touchpoints_removed),
        }

    def to_text(self) -> str:
        """A readable summary for people, one section per kind of change."""
        lines = [f"Comparing {self.before_name} with {self.after_name}"]
        sections: list[tuple[str, list[str]]] = [
            ("Findings that disappeared", [_finding_line(f) for f in self.findings_disappeared]),
            ("Findings that appeared", [_finding_line(f) for f in self.findings_appeared]),
            (
                "Moments of Truth that gained a touchpoint",
                [m.describe() for m in self.moments_gained_touchpoint],
            ),
            (
                "Moments of Truth that lost their touchpoint",
                [m.describe() for m in self.moments_lost_touchpoint],
            ),
            ("Emotion per step", [c.describe() for c in self.emotion]),
            ("Steps added", [s.describe() for s in self.steps_added]),
            ("Steps removed", [s.describe() for s in self.steps_removed]),
            ("Touchpoints added", [t.describe() for t in self.touchpoints_added]),
            ("Touchpoints removed", [t.describe() for t in self.touchpoints_removed]),
        ]
        for title, items in sections:
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines.extend(f"  {item}" for item in items)
        if len(lines) == 1:
            lines.append(
                "No changes in findings, Moments of Truth, emotions, steps or touchpoints."
            )
        if self.lead_time is not None:
            lines.append(f"End-to-end lead time: {self.lead_time.describe()}")
        return "\n".join(lines)


def _finding_line(finding: dict[str, Any]) -> str:
    names = ", ".join(f"{quoted(e['title'])} ({e['id']})" for e in finding["elements"])
    return f"{finding['severity'].upper()} {finding['kind']}: {finding['message']} [{names}]"


# -- matching ----------------------------------------------------------------------------------


def match_elements(before: Sequence[Element], after: Sequence[Element]) -> dict[str, str]:
    """after id -> before id: by id first, then by title (case and outer spaces ignored)
    among the elements left over on both sides, in order."""
    before_ids = {element.id for element in before}
    matched = {e.id: e.id for e in after if e.id in before_ids}
    left: dict[str, list[str]] = {}
    for element in before:
        if element.id not in matched:
            left.setdefault(_title_key(element), []).append(element.id)
    for element in after:
        if element.id in matched:
            continue
        candidates = left.get(_title_key(element))
        if candidates:
            matched[element.id] = candidates.pop(0)
    return matched


def _title_key(element: Element) -> str:
    return display_name(element).strip().casefold()


def _named(element: Element) -> Named:
    return Named(element.id, display_name(element))


def _all_elements(journey: JourneyMap) -> dict[str, Element]:
    elements: dict[str, Element] = {}
    for collection in ROOT_COLLECTION.values():
        elements.update((e.id, e) for e in getattr(journey, collection))
    elements.update((step.id, step) for step in journey.steps())
    return elements


# -- the comparison ----------------------------------------------------------------------------


@dataclass
class _State:
    """One side: a map, the curves it compares, its analysis, its elements."""

    name: str
    journey: JourneyMap
    curves: list[EmotionCurve]
    analysis: Analysis
    elements: dict[str, Element]

    @classmethod
    def of(
        cls, name: str, journey: JourneyMap, curve_id: str | None, compared: tuple[str, ...]
    ) -> _State:
        if curve_id is None:
            return cls(name, journey, list(journey.curves), *_analysed(journey))
        curve = next((c for c in journey.curves if c.id == curve_id), None)
        if curve is None:
            known = ", ".join(c.id for c in journey.curves) or "none"
            raise CompareError(
                f"{name}: there is no curve {quoted(curve_id)} (the map's curves: {known})"
            )
        # The compared curve first, with the employee curves it may be mirrored against and no
        # other customer curve: its findings then stand for the map's.
        others = [
            c for c in journey.curves if c.kind is CurveKind.EMPLOYEE and c.id not in compared
        ]
        focused = journey.model_copy(update={"curves": [curve, *others]})
        return cls(name, focused, [curve], *_analysed(focused))


def _analysed(journey: JourneyMap) -> tuple[Analysis, dict[str, Element]]:
    return run_analysis(journey), _all_elements(journey)


def compare(
    before: JourneyMap,
    after: JourneyMap,
    *,
    names: tuple[str, str] = ("before", "after"),
    curves: tuple[str, str] | None = None,
) -> Comparison:
    """What changed from ``before`` to ``after``; with ``curves`` (before's curve id, after's
    curve id) those two curves are compared, e.g. the as-is and the to-be of one map."""
    old = _State.of(names[0], before, curves[0] if curves else None, curves or ())
    new = _State.of(names[1], after, curves[1] if curves else None, curves or ())
    steps = match_elements(before.steps(), after.steps())
    touchpoints = match_elements(before.touchpoints, after.touchpoints)
    translate = {**_match_collections(before, after), **steps, **touchpoints}
    result = Comparison(names[0], names[1])
    _compare_findings(result, old, new, translate, curves is not None)
    _compare_moments(result, old, new, steps)
    result.lead_time = LeadTimeChange(
        old.analysis.lead_time.working_days if old.analysis.lead_time else None,
        new.analysis.lead_time.working_days if new.analysis.lead_time else None,
        _promised(before),
        _promised(after),
    )
    result.emotion = _emotion_changes(old, new, steps)
    result.steps_added, result.steps_removed = _added_removed(before.steps(), after.steps(), steps)
    result.touchpoints_added, result.touchpoints_removed = _added_removed(
        before.touchpoints, after.touchpoints, touchpoints
    )
    return result


def _match_collections(before: JourneyMap, after: JourneyMap) -> dict[str, str]:
    """after id -> before id for the elements of every top-level collection, each matched
    within its own kind (a phase never stands for a touchpoint of the same title)."""
    matched: dict[str, str] = {}
    for collection in ROOT_COLLECTION.values():
        matched.update(match_elements(getattr(before, collection), getattr(after, collection)))
    return matched


def _promised(journey: JourneyMap) -> float | None:
    promise = journey.promised_lead_time
    return promise.in_working_days() if promise is not None else None


def _added_removed(
    before: Sequence[Element], after: Sequence[Element], matched: dict[str, str]
) -> tuple[list[Named], list[Named]]:
    kept = set(matched.values())
    added = [_named(e) for e in after if e.id not in matched]
    removed = [_named(e) for e in before if e.id not in kept]
    return added, removed


def _compare_findings(
    result: Comparison, old: _State, new: _State, translate: dict[str, str], by_curve: bool
) -> None:
    def key(finding: Finding, state: _State, ids: dict[str, str]) -> tuple[object, ...]:
        compared = {c.id for c in state.curves} if by_curve else set()
        curve = COMPARED if finding.curve in compared else ids.get(finding.curve or "")
        elements = tuple(
            COMPARED if e in compared else ids.get(e, f"new:{e}") for e in finding.elements
        )
        employee = ids.get(finding.employee_curve or "")
        return (finding.kind, elements, curve, employee)

    identity = {e: e for e in old.elements}
    old_keys = {key(f, old, identity): f for f in old.analysis.findings}
    new_keys = {key(f, new, translate): f for f in new.analysis.findings}
    result.findings_disappeared = [
        _finding_json(f, old) for k, f in old_keys.items() if k not in new_keys
    ]
    result.findings_appeared = [
        _finding_json(f, new) for k, f in new_keys.items() if k not in old_keys
    ]


def _finding_json(finding: Finding, state: _State) -> dict[str, Any]:
    data = finding.to_json()
    data["elements"] = [_name_of(e, state).to_json() for e in finding.elements]
    return data


def _name_of(element_id: str, state: _State) -> Named:
    element = state.elements.get(element_id)
    return _named(element) if element is not None else Named(element_id, element_id)


def _moments(state: _State) -> dict[str, bool]:
    """step id -> served by a touchpoint, for the Moments of Truth of the compared curves
    (of every customer curve when whole maps are compared; marked steps without a curve)."""
    touched = state.analysis.context.touchpoints_at
    curves = [c for c in state.curves if c.kind is CurveKind.CUSTOMER] or state.curves
    by_curve = state.analysis.moments_by_curve
    lists = [by_curve[c.id] for c in curves] if curves else [state.analysis.moments]
    return {
        moment.step.id: bool(touched.get(moment.step.id)) for moments in lists for moment in moments
    }


def _compare_moments(result: Comparison, old: _State, new: _State, steps: dict[str, str]) -> None:
    before = _moments(old)
    after = _moments(new)
    for after_id, served in after.items():
        before_id = steps.get(after_id)
        if before_id is None or before_id not in before or before[before_id] == served:
            continue
        named = _name_of(after_id, new)
        (result.moments_gained_touchpoint if served else result.moments_lost_touchpoint).append(
            named
        )


def _curve_pairs(old: _State, new: _State) -> list[tuple[EmotionCurve, EmotionCurve]]:
    """The two compared curves, or the curves of two maps matched by id, then by name."""
    if len(old.curves) == 1 and len(new.curves) == 1:
        return [(old.curves[0], new.curves[0])]
    matched = match_elements(old.curves, new.curves)
    by_id = {c.id: c for c in old.curves}
    return [(by_id[matched[c.id]], c) for c in new.curves if c.id in matched]


def _emotion_changes(old: _State, new: _State, steps: dict[str, str]) -> list[EmotionChange]:
    changes = []
    after_of = {before_id: after_id for after_id, before_id in steps.items()}
    for before_curve, after_curve in _curve_pairs(old, new):
        for step in old.journey.steps():
            after_id = after_of.get(step.id)
            if after_id is None:
                continue  # a removed step is listed as removed
            was = before_curve.points.get(step.id)
            now = after_curve.points.get(after_id)
            if was != now:
                changes.append(
                    EmotionChange(
                        before_curve.id,
                        after_curve.id,
                        _name_of(after_id, new),
                        was,
                        now,
                        (before_curve.name, after_curve.name),
                    )
                )
    return changes


def _difference(before: float | None, after: float | None) -> float | None:
    """After minus before; None when either side has no value."""
    if before is None or after is None:
        return None
    return after - before
