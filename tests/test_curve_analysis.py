"""Analysis per curve and between curves: every curve is read, the mirror of customer and
employee, the ranking of Moments of Truth, the zones of the grade scale, the peak-end summary."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymapper.model.analysis import (
    AnalysisParameters,
    FindingKind,
    Severity,
    analyze,
    run_analysis,
)
from journeymapper.model.analysis.context import Context
from journeymapper.model.analysis.moments import _candidates
from journeymapper.model.compare import Comparison, compare
from journeymapper.model.elements import (
    CurveKind,
    CurveState,
    CustomerStep,
    EmotionCurve,
    EmotionScale,
    JourneyMap,
    Phase,
)
from tests.strategies import journey_maps
from tests.test_analysis import webshop


def of_kind(journey: JourneyMap, kind: FindingKind) -> list[tuple[tuple[str, ...], str | None]]:
    return [(f.elements, f.curve) for f in analyze(journey) if f.kind is kind]


def with_curve(journey: JourneyMap, curve: EmotionCurve) -> JourneyMap:
    journey.curves.append(curve)
    return journey


def employee(points: dict[str, float], state: CurveState = CurveState.CURRENT) -> EmotionCurve:
    return EmotionCurve(
        id=f"curve-staff-{state.value}",
        name="Staff",
        kind=CurveKind.EMPLOYEE,
        state=state,
        points=points,
    )


# -- every curve is analysed and named -------------------------------------------------------


def test_every_customer_curve_is_analysed_and_named() -> None:
    journey = webshop()  # the first curve is calm: no finding from it
    first = journey.curves[0].id
    with_curve(
        journey,
        EmotionCurve(
            id="curve-gift-buyer",
            name="Gift buyer",
            points={"choose": 1, "pay": 0, "wait": -4, "unpack": 2},
        ),
    )
    assert of_kind(journey, FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT) == [
        (("wait",), "curve-gift-buyer")
    ]
    [finding] = [
        f for f in analyze(journey) if f.kind is FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT
    ]
    assert "on 'Gift buyer' (a trough of the curve at -4)" in finding.message
    analysis = run_analysis(journey)
    assert [m.step.id for m in analysis.moments_by_curve["curve-gift-buyer"]] == ["wait"]
    assert analysis.moments_by_curve[first] == analysis.moments == []


def test_a_dip_is_reported_per_curve_and_a_marked_moment_once() -> None:
    journey = webshop({"choose": -1, "pay": 1, "wait": 0, "unpack": 2})
    for touchpoint in journey.touchpoints[:2]:  # the order phase loses its touchpoints
        touchpoint.steps = ["unpack"]
    journey.phases[0].steps[0].moment_of_truth = True
    second = EmotionCurve(id="curve-second", points={"choose": 1, "pay": -2})
    with_curve(journey, second)
    assert of_kind(journey, FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT) == [
        (("order", "choose"), journey.curves[0].id),
        (("order", "pay"), "curve-second"),
    ]
    # The team marked 'Choose': one finding, from no curve, however many curves there are.
    assert of_kind(journey, FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT) == [(("choose",), None)]


def test_an_employee_curve_alone_raises_no_customer_finding() -> None:
    journey = webshop({"choose": -1, "pay": 0, "wait": -4, "unpack": 2})
    journey.curves[0].kind = CurveKind.EMPLOYEE
    for touchpoint in journey.touchpoints:
        touchpoint.steps = ["unpack"]
    kinds = {f.kind for f in analyze(journey)}
    assert FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT not in kinds
    assert FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT not in kinds
    journey.curves[0].kind = CurveKind.CUSTOMER
    kinds = {f.kind for f in analyze(journey)}
    assert FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT in kinds
    assert FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT in kinds


# -- the mirror ------------------------------------------------------------------------------


def test_blind_spot_where_the_employee_is_content_and_the_customer_not() -> None:
    journey = webshop({"choose": 1, "pay": 1, "wait": -2, "unpack": 2})
    with_curve(journey, employee({"choose": 1, "pay": 1, "wait": 2, "unpack": 2}))
    found = [f for f in analyze(journey) if f.kind is FindingKind.BLIND_SPOT]
    assert [(f.elements, f.curve, f.employee_curve, f.severity) for f in found] == [
        (("wait",), journey.curves[0].id, "curve-staff-current", Severity.WARNING)
    ]
    assert "employee is positive (2) while the customer is negative (-2)" in found[0].message
    # The margin is a parameter: half a point on the -5..+5 scale by default.
    journey.curves[1].points["wait"] = 0.5
    assert of_kind(journey, FindingKind.BLIND_SPOT) == [(("wait",), journey.curves[0].id)]
    journey.curves[1].points["wait"] = 0.4
    assert of_kind(journey, FindingKind.BLIND_SPOT) == []


def test_shared_pain_only_at_a_moment_of_truth() -> None:
    journey = webshop({"choose": 1, "pay": 1, "wait": -2, "unpack": 2})
    with_curve(journey, employee({"choose": 1, "pay": -3, "wait": -1, "unpack": 2}))
    assert of_kind(journey, FindingKind.SHARED_PAIN) == []  # 'Wait' is no Moment of Truth
    journey.phases[1].steps[0].moment_of_truth = True
    [finding] = [f for f in analyze(journey) if f.kind is FindingKind.SHARED_PAIN]
    assert finding.elements == ("wait",) and finding.severity is Severity.PROBLEM
    assert finding.employee_curve == "curve-staff-current"
    # 'both low' means at least pain_margin (a tenth of the span) below neutral
    journey.curves[1].points["wait"] = -0.9
    assert of_kind(journey, FindingKind.SHARED_PAIN) == []


def test_widest_gap_is_the_step_where_the_curves_differ_most() -> None:
    journey = webshop({"choose": 1, "pay": 1, "wait": -2, "unpack": 2})
    with_curve(journey, employee({"choose": 3, "pay": 1, "wait": 1, "unpack": 2}))
    [finding] = [f for f in analyze(journey) if f.kind is FindingKind.WIDEST_GAP]
    assert finding.elements == ("wait",)  # 3 apart; 'Choose' only 2
    assert "customer -2, employee 1" in finding.message
    assert finding.severity is Severity.INFO
    relaxed = AnalysisParameters(gap_fraction=0.31)  # 3 points of 10 are no longer enough
    assert FindingKind.WIDEST_GAP not in {f.kind for f in analyze(journey, relaxed)}


def test_mirror_pairs_curves_of_the_same_state_only() -> None:
    journey = webshop({"choose": 1, "pay": 1, "wait": -2, "unpack": 2})
    with_curve(journey, employee({"wait": 2}, CurveState.FUTURE))
    assert of_kind(journey, FindingKind.BLIND_SPOT) == []
    with_curve(
        journey,
        EmotionCurve(id="curve-to-be", state=CurveState.FUTURE, points={"wait": -1, "unpack": 3}),
    )
    assert of_kind(journey, FindingKind.BLIND_SPOT) == [(("wait",), "curve-to-be")]


# -- Moments of Truth ranked -----------------------------------------------------------------


def long_map(values: list[float], marked: set[int], scale: EmotionScale) -> JourneyMap:
    steps = [
        CustomerStep(id=f"s{n}", title=f"Step {n}", moment_of_truth=n in marked)
        for n in range(len(values))
    ]
    journey = webshop()
    journey.scale = scale
    journey.phases = [Phase(id="all", title="All", steps=steps)]
    journey.curves[0].points = {f"s{n}": value for n, value in enumerate(values)}
    journey.touchpoints = []
    journey.process_steps, journey.flows = [], []
    return journey


@st.composite
def curves(draw: st.DrawFn) -> tuple[list[float], set[int], EmotionScale]:
    scale = draw(st.sampled_from([EmotionScale.bipolar(), EmotionScale.grade()]))
    values = draw(
        st.lists(
            st.integers(int(scale.minimum), int(scale.maximum)).map(float),
            min_size=1,
            max_size=30,
        )
    )
    marked = draw(st.sets(st.integers(0, len(values) - 1), max_size=max(1, len(values) // 4)))
    return values, marked, scale


@settings(max_examples=150, deadline=None)
@given(curve=curves())
def test_detection_keeps_the_strongest_few(
    curve: tuple[list[float], set[int], EmotionScale],
) -> None:
    values, marked, scale = curve
    journey = long_map(values, marked, scale)
    parameters = AnalysisParameters()
    moments = run_analysis(journey).moments
    detected = [int(m.step.id[1:]) for m in moments if not m.marked]
    assert {int(m.step.id[1:]) for m in moments if m.marked} == marked
    assert len(detected) <= parameters.max_detected
    if detected:  # never beyond a third of the steps
        assert 3 * len(moments) <= len(values)
    context = Context.build(journey, parameters)
    candidates = {c.position: c.strength for c in _candidates(context, context.valued_steps)}
    assert set(detected) <= set(candidates)
    taken = set(detected) | marked
    for position, strength in candidates.items():
        if position in taken:
            continue
        # a candidate left out is next to a kept moment, or no stronger than any detected one,
        # or there was no room left
        beside = {position - 1, position + 1} & taken
        room = len(detected) < min(
            parameters.max_detected,
            int(len(values) * parameters.max_moment_share + 1e-9) - len(marked),
        )
        assert beside or not room, (position, detected)
        assert beside or all(strength <= candidates[d] for d in detected)


def test_a_stronger_trough_wins_over_its_sharp_run_up() -> None:
    values = [2.0, 2.0, 2.0, 2.0, -2.0, -5.0, 1.0, 1.0, 1.0, 1.0, 1.0, 4.0]
    journey = long_map(values, set(), EmotionScale.bipolar())
    # 'Step 4' drops sharply (4 points) and 'Step 5' is the trough beside it: one moment
    assert [m.step.id for m in run_analysis(journey).moments] == ["s5", "s11"]


# -- zones and the peak-end summary -----------------------------------------------------------


def test_a_grade_journey_without_a_nine_is_reported_with_its_okay_share() -> None:
    journey = webshop({"choose": 7, "pay": 8, "wait": 5, "unpack": 7.5})
    journey.scale = EmotionScale.grade()
    [finding] = [f for f in analyze(journey) if f.kind is FindingKind.NO_EXCELLENT_STEP]
    curve = journey.curves[0].id
    assert (finding.elements, finding.curve, finding.severity) == (
        (curve,),
        curve,
        Severity.WARNING,
    )
    assert "reaches 9 or more" in finding.message
    assert "75% of its steps are in the okay band 6.5-8" in finding.message
    journey.curves[0].points["unpack"] = 9
    assert FindingKind.NO_EXCELLENT_STEP not in {f.kind for f in analyze(journey)}
    journey.scale = EmotionScale(minimum=1, maximum=10, neutral=5.5)  # a scale without zones
    journey.curves[0].points["unpack"] = 7
    assert FindingKind.NO_EXCELLENT_STEP not in {f.kind for f in analyze(journey)}


def test_peak_end_summary_of_each_curve() -> None:
    journey = webshop({"choose": 7, "pay": 1, "wait": 9, "unpack": 7})
    journey.scale = EmotionScale.grade()
    with_curve(journey, employee({"pay": 6}))
    customer, staff = run_analysis(journey).summaries
    assert customer.peak is not None and customer.end is not None
    assert (customer.peak.step.id, customer.peak.value) == ("pay", 1)  # farthest from 5.5
    assert (customer.end.step.id, customer.end.value) == ("unpack", 7)
    assert (customer.okay_share, customer.excellent_steps) == (0.5, 1)
    assert customer.to_json()["peak"] == {"step": "pay", "title": "Pay", "value": 1}
    assert "strongest moment 'Pay' at 1; ends with 'Unpack' at 7" in customer.describe()
    assert (staff.curve_id, staff.steps, staff.excellent_steps) == ("curve-staff-current", 1, 0)
    assert staff.peak == staff.end


# -- compare, on any map ----------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(journey=journey_maps(), data=st.data())
def test_compare_of_any_map_lists_just_the_edit(journey: JourneyMap, data: st.DataObject) -> None:
    assert _changes(compare(journey, journey.model_copy(deep=True))) == {}
    valued = [
        (curve, step)
        for curve in journey.curves
        for step in journey.steps()
        if step.id in curve.points
    ]
    if not valued:
        return
    curve, step = data.draw(st.sampled_from(valued))
    edited = journey.model_copy(deep=True)
    old = curve.points[step.id]
    new = journey.scale.maximum if old != journey.scale.maximum else journey.scale.minimum
    next(c for c in edited.curves if c.id == curve.id).points[step.id] = new
    result = compare(journey, edited)
    assert [(e.before_curve, e.step.id, e.before, e.after) for e in result.emotion] == [
        (curve.id, step.id, old, new)
    ]
    assert not (result.steps_added or result.steps_removed)
    assert not (result.touchpoints_added or result.touchpoints_removed)


def _changes(result: Comparison) -> dict[str, object]:
    """The non-empty lists of a comparison, and a lead time that changed."""
    data = result.to_json()
    changed = {key: value for key, value in data.items() if isinstance(value, list) and value}
    if data["lead_time"]["change"]:
        changed["lead_time"] = data["lead_time"]
    return changed
