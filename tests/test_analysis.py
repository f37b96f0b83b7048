"""Each analysis rule on a small map built for it: fires when it should, stays quiet otherwise."""

from __future__ import annotations

import pytest

from bench.synthetic import synthetic_map
from journeymapper.model import new_map
from journeymapper.model.analysis import (
    AnalysisParameters,
    FindingKind,
    Severity,
    analyze,
    chain,
    end_to_end_lead_time,
    run_analysis,
)
from journeymapper.model.elements import (
    CustomerStep,
    Department,
    DepartmentKind,
    Duration,
    EmotionScale,
    Flow,
    HandoverAgreement,
    JourneyMap,
    Phase,
    ProcessStep,
    TimeUnit,
    Touchpoint,
    TouchpointKind,
)


def webshop(emotions: dict[str, float] | None = None) -> JourneyMap:
    """Order, then wait for the parcel: webshop -> warehouse -> courier."""
    journey = new_map("Webshop")
    journey.phases = [
        Phase(
            id="order",
            title="Order",
            steps=[CustomerStep(id="choose", title="Choose"), CustomerStep(id="pay", title="Pay")],
        ),
        Phase(
            id="receive",
            title="Receive",
            steps=[
                CustomerStep(id="wait", title="Wait"),
                CustomerStep(id="unpack", title="Unpack"),
            ],
        ),
    ]
    journey.curves[0].points = (
        emotions if emotions is not None else {"choose": 1, "pay": 1, "wait": 0, "unpack": 2}
    )
    journey.departments = [
        Department(id="web", name="Webshop"),
        Department(id="warehouse", name="Warehouse"),
        Department(id="courier", name="Courier", kind=DepartmentKind.PARTNER),
    ]
    journey.touchpoints = [
        Touchpoint(
            id="checkout",
            title="Checkout",
            steps=["pay"],
            owner="web",
            kind=TouchpointKind.TRANSACTION,
        ),
        Touchpoint(id="confirm", title="Order confirmation", steps=["pay"], owner="web"),
        Touchpoint(
            id="doorbell",
            title="Delivery",
            steps=["unpack"],
            owner="courier",
            kind=TouchpointKind.CONTACT,
        ),
    ]
    journey.process_steps = [
        ProcessStep(
            id="register",
            title="Register order",
            department="web",
            duration=Duration(value=4, unit=TimeUnit.HOURS),
            serves=["pay"],
        ),
        ProcessStep(id="pick", title="Pick", department="warehouse", duration=Duration(value=1)),
        ProcessStep(
            id="deliver",
            title="Deliver",
            department="courier",
            duration=Duration(value=1),
            serves=["unpack"],
        ),
    ]
    agreed = HandoverAgreement(
        max_wait=Duration(value=1), information="order lines", owner="Ops lead"
    )
    journey.flows = [
        Flow(id="f1", source="register", target="pick", agreement=agreed),
        Flow(id="f2", source="pick", target="deliver", agreement=agreed),
    ]
    return journey


def kinds(journey: JourneyMap) -> list[FindingKind]:
    return [finding.kind for finding in analyze(journey)]


def test_a_healthy_map_has_no_findings() -> None:
    assert analyze(webshop()) == []


def test_marked_moment_of_truth_without_touchpoint_is_a_problem() -> None:
    journey = webshop()
    journey.phases[1].steps[0].moment_of_truth = True
    [finding] = analyze(journey)
    assert finding.kind is FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT
    assert finding.severity is Severity.PROBLEM
    assert finding.elements == ("wait",)
    assert "'Wait' is marked as a Moment of Truth" in finding.message


def test_trough_of_the_curve_is_detected_as_moment_of_truth() -> None:
    journey = webshop({"choose": 1, "pay": 0, "wait": -4, "unpack": 2})
    found = [
        f for f in analyze(journey) if f.kind is FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT
    ]
    assert [(f.elements, f.severity) for f in found] == [(("wait",), Severity.WARNING)]
    assert "trough of the curve at -4" in found[0].message


def test_sharp_swing_is_detected_and_thresholds_are_parameters() -> None:
    journey = webshop({"choose": -1, "pay": 2, "wait": -2, "unpack": 2})
    swing = [
        f for f in analyze(journey) if f.kind is FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT
    ]
    assert [f.elements for f in swing] == [("wait",)]
    assert "drops sharply from 2 to -2" in swing[0].message
    relaxed = analyze(journey, AnalysisParameters(swing_fraction=0.5))
    assert FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT not in [f.kind for f in relaxed]


def test_peak_on_grade_scale_uses_the_scale_span() -> None:
    journey = webshop({"choose": 7, "pay": 7, "wait": 9.5, "unpack": 7})
    journey.scale = EmotionScale.grade()
    found = [
        f for f in analyze(journey) if f.kind is FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT
    ]
    assert [f.elements for f in found] == [("wait",)]


def test_emotion_dip_in_phase_without_touchpoint() -> None:
    journey = webshop({"choose": -1, "pay": 1, "wait": 0, "unpack": 2})
    for touchpoint in journey.touchpoints[:2]:  # the order phase loses its touchpoints
        touchpoint.steps = ["unpack"]
    dips = [f for f in analyze(journey) if f.kind is FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT]
    assert [f.elements for f in dips] == [("order", "choose")]


def test_handover_without_agreement_is_a_problem() -> None:
    journey = webshop()
    journey.flows[1].agreement = None
    [finding] = [f for f in analyze(journey) if f.kind is FindingKind.HANDOVER_GAP]
    assert finding.severity is Severity.PROBLEM
    assert finding.elements == ("f2", "pick", "deliver")
    assert "'Pick' (Warehouse) -> 'Deliver' (Courier): no agreement" in finding.message


def test_handover_lacking_owner_and_information_names_both() -> None:
    journey = webshop()
    journey.flows[0].agreement = HandoverAgreement(max_wait=Duration(value=1))
    [finding] = [f for f in analyze(journey) if f.kind is FindingKind.HANDOVER_GAP]
    assert finding.severity is Severity.WARNING
    assert "nobody owns the handover" in finding.message
    assert "no agreement on what information is passed on" in finding.message


def test_measured_wait_beyond_agreed_maximum_converts_hours() -> None:
    journey = webshop()
    journey.flows[0].measured_wait = Duration(value=12, unit=TimeUnit.HOURS)
    [finding] = [f for f in analyze(journey) if f.kind is FindingKind.HANDOVER_GAP]
    assert (
        "measured wait of 1.5 working days exceeds the agreed maximum of 1 working day"
        in finding.message
    )
    journey.flows[0].measured_wait = Duration(value=8, unit=TimeUnit.HOURS)
    assert FindingKind.HANDOVER_GAP not in kinds(journey)


def test_flow_inside_one_department_is_no_handover() -> None:
    journey = webshop()
    journey.process_steps[1].department = "web"
    journey.flows[0].agreement = None
    assert FindingKind.HANDOVER_GAP not in kinds(journey)


def test_uninformed_handover_while_customer_waits() -> None:
    journey = webshop()
    journey.process_steps[2].serves = ["wait"]  # the courier's work is what the customer waits on
    journey.touchpoints[2].steps = ["wait"]
    journey.touchpoints[2].kind = TouchpointKind.TRANSACTION
    found = [f for f in analyze(journey) if f.kind is FindingKind.UNINFORMED_HANDOVER]
    assert [f.elements for f in found] == [("f2", "wait")]
    journey.touchpoints[2].kind = TouchpointKind.COMMUNICATION
    assert FindingKind.UNINFORMED_HANDOVER not in kinds(journey)


def test_broken_chain_dead_end_unfed_step_and_loop() -> None:
    journey = webshop()
    journey.process_steps.append(ProcessStep(id="audit", title="Audit", department="warehouse"))
    found = [f for f in analyze(journey) if f.kind is FindingKind.BROKEN_CHAIN]
    assert [f.elements for f in found] == [("audit",)]
    assert "is not connected" in found[0].message
    journey.flows.append(Flow(id="f3", source="pick", target="audit"))
    found = [f for f in analyze(journey) if f.kind is FindingKind.BROKEN_CHAIN]
    assert "'Audit' (Warehouse) leads nowhere" in found[0].message
    journey.flows.append(Flow(id="f4", source="audit", target="pick"))
    found = [f for f in analyze(journey) if f.kind is FindingKind.BROKEN_CHAIN]
    assert [f.elements for f in found] == [("pick", "audit")]
    assert "form a loop" in found[0].message and found[0].severity is Severity.PROBLEM


def test_chain_start_served_by_a_touchpoint_counts_as_fed() -> None:
    journey = webshop()
    journey.flows = journey.flows[1:]  # nothing feeds 'Pick' any more, and 'Register' ends
    found = [f for f in analyze(journey) if f.kind is FindingKind.BROKEN_CHAIN]
    assert [f.elements for f in found] == [("pick",)]  # 'Register' serves the checkout: fine
    assert "fed by nothing" in found[0].message


def test_lead_time_against_promise_gives_both_figures() -> None:
    journey = webshop()
    journey.flows[1].measured_wait = Duration(value=3)
    lead_time = end_to_end_lead_time(journey)
    assert lead_time is not None
    assert lead_time.working_days == 5.5  # 0.5 + 1 + 3 + 1
    assert lead_time.path == ("register", "pick", "deliver")
    journey.promised_lead_time = Duration(value=10)
    assert FindingKind.LEAD_TIME_EXCEEDS_PROMISE not in kinds(journey)
    journey.promised_lead_time = Duration(value=2)
    [finding] = [f for f in analyze(journey) if f.kind is FindingKind.LEAD_TIME_EXCEEDS_PROMISE]
    assert (
        "promised 2 working days" in finding.message and "takes 5.5 working days" in finding.message
    )


def test_touchpoint_without_owner() -> None:
    journey = webshop()
    journey.touchpoints[0].owner = None
    assert kinds(journey) == [FindingKind.TOUCHPOINT_WITHOUT_OWNER]


def test_findings_are_ordered_by_kind_then_document_position() -> None:
    journey = webshop({"choose": 1, "pay": 1, "wait": -4, "unpack": 2})
    journey.touchpoints[0].owner = None
    journey.phases[0].steps[0].moment_of_truth = True
    journey.flows[1].agreement = None
    # Half the steps may be Moments of Truth here, so the trough joins the marked step.
    found = analyze(journey, AnalysisParameters(max_moment_share=0.5))
    assert [f.kind for f in found] == sorted((f.kind for f in found), key=list(FindingKind).index)
    moments = [
        f.elements[0] for f in found if f.kind is FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT
    ]
    assert moments == ["choose", "wait"]
    assert analyze(journey, AnalysisParameters(max_moment_share=0.5)) == found


def test_self_started_and_inward_work_is_no_broken_chain() -> None:
    journey = webshop()
    journey.process_steps.append(
        ProcessStep(id="stock", title="Count stock", department="warehouse")
    )
    assert FindingKind.BROKEN_CHAIN in kinds(journey)
    journey.process_steps[-1].starts_chain = True
    journey.process_steps[-1].ends_chain = True
    assert FindingKind.BROKEN_CHAIN not in kinds(journey)


def test_promise_measured_between_named_steps() -> None:
    journey = webshop()
    journey.flows[1].measured_wait = Duration(value=3)
    journey.promise_from, journey.promise_to = "register", "pick"
    lead_time = end_to_end_lead_time(journey)
    assert lead_time is not None and lead_time.path == ("register", "pick")
    assert lead_time.working_days == 1.5
    journey.promise_from = "deliver"  # nothing leads from 'Deliver' to 'Pick'
    assert end_to_end_lead_time(journey) is None


def test_rules_run_in_the_order_of_finding_kinds() -> None:
    from journeymapper.model.analysis import RULES

    assert [rule.__name__ for rule in RULES] == [kind.value for kind in FindingKind]


def test_one_analysis_walks_the_process_chain_for_its_lead_time_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lead-time rule and the analysis's result share one walk of the chain (it was
    walked twice, a large part of the refresh after each edit on a large map)."""
    journey = synthetic_map(3, 12, 20, 4, 16, 20)
    assert journey.promised_lead_time is not None  # so the lead-time rule runs too
    walked: list[str] = []
    duration = chain._duration

    def counting(step: ProcessStep) -> float:
        walked.append(step.id)
        return duration(step)

    monkeypatch.setattr(chain, "_duration", counting)
    analysis = run_analysis(journey)
    assert analysis.lead_time is not None
    assert sorted(walked) == sorted(p.id for p in journey.process_steps)
