"""The sample maps: each worked case loads, is a full-size map and tells its story in findings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from journeymapper.export.poster_content import MapContent
from journeymapper.model import load
from journeymapper.model.analysis import FindingKind, analyze, run_analysis
from journeymapper.model.elements import CurveKind, CurveState, DepartmentKind, TouchpointKind
from journeymapper.render.faces import FaceKind

from .conftest import ROOT, SAMPLE_MAPS

# The findings each story is about. A sample may report more, never fewer.
EXPECTED_KINDS: dict[str, set[FindingKind]] = {
    "webshop_order.cjm": {
        FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT,  # wondering where the parcel is
        FindingKind.HANDOVER_GAP,  # warehouse -> courier
        FindingKind.UNINFORMED_HANDOVER,  # nobody tells the customer meanwhile
        FindingKind.LEAD_TIME_EXCEEDS_PROMISE,  # 'ordered today, delivered tomorrow': 4.3 days
    },
    "health_insurance_claim.cjm": {
        FindingKind.LEAD_TIME_EXCEEDS_PROMISE,  # 10 working days promised, 37 needed
        FindingKind.HANDOVER_GAP,  # medical advisor queue, address file to the print house
        FindingKind.UNINFORMED_HANDOVER,  # the payment arrives unannounced
    },
    "holiday_park_stay.cjm": {
        FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT,  # arrival in the dark, sharing photos
        FindingKind.HANDOVER_GAP,  # cottage ready -> door code
    },
    "b2b_premium_supplier.cjm": {
        FindingKind.TOUCHPOINT_WITHOUT_OWNER,  # direct lines of Finance and Logistics
        FindingKind.HANDOVER_GAP,  # transfers without agreement
        FindingKind.LEAD_TIME_EXCEEDS_PROMISE,  # the confirmed date, 3 days: 7.6 needed
    },
    "telecom_contact_centre.cjm": {
        FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT,  # slow again after the "fix"
        FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT,  # weeks of slow evenings before the call
        FindingKind.HANDOVER_GAP,  # the promised credit
        FindingKind.LEAD_TIME_EXCEEDS_PROMISE,  # 'on the next bill' (20 days): 28 needed
        FindingKind.SHARED_PAIN,  # slow again: the customer and the agent both at 4
        FindingKind.WIDEST_GAP,  # the agent (6) promises a credit the customer (8) believes
    },
    "greeting_cards_peak.cjm": {
        FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT,  # no dispatch message, the thank-you call
        FindingKind.HANDOVER_GAP,  # the gift boxes wait two days at the dock for the courier
        FindingKind.UNINFORMED_HANDOVER,  # nobody says the card and the box travel apart
        FindingKind.LEAD_TIME_EXCEEDS_PROMISE,  # 'on the doormat on Saturday': 4.4 days
        FindingKind.SHARED_PAIN,  # the chat queue at the peak: customer and agent both at 3
    },
}

# The Moments of Truth of each sample's customer curve: marked by the team, plus the strongest
# the curve shows (at most AnalysisParameters.max_detected, and a third of the steps in all).
EXPECTED_MOMENTS: dict[str, list[str]] = {
    "webshop_order.cjm": [
        "step-check-delivery",
        "step-read-confirmation",  # detected: a peak at 3 after 1
        "step-wonder-where",
        "step-receive-parcel",
        "step-give-present",  # detected: a peak at 4
    ],
    "health_insurance_claim.cjm": [
        "step-read-promise",
        "step-call-status",
        "step-letter-old-address",
        "step-see-payment",
    ],
    "holiday_park_stay.cjm": [
        "step-arrive-closed",
        "step-find-cottage",
        "step-first-look",
        "step-pool",  # detected: a peak at 4
        "step-share-photos",  # detected: a peak at 4 after 0
        "step-rebook",
    ],
    "b2b_premium_supplier.cjm": [
        "step-call-logistics",
        "step-receive-delivery",  # detected: the curve rises sharply from -3 to 2
        "step-call-finance",
        "step-account-review",
    ],
    "telecom_contact_centre.cjm": [
        "step-fix-on-call",
        "step-slow-again",  # detected: the curve drops sharply from 8 to 4
        "step-fast-again",  # detected: the curve rises sharply from 3 to 7
        "step-contract-end",
    ],
    "greeting_cards_peak.cjm": [
        "step-site-slow",  # detected: the curve drops sharply from 8 to 4
        "step-no-dispatch",
        "step-try-chat",
        "step-mother-calls",
        "step-gift-late",
    ],
}

SAMPLES = sorted(EXPECTED_KINDS)
FINDING_KEYS = {"kind", "severity", "message", "elements"}
# Findings that come from a curve name it; the mirror's also name the employee curve.
CURVE_KINDS = {
    FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT,
    FindingKind.NO_EXCELLENT_STEP,
    FindingKind.BLIND_SPOT,
    FindingKind.SHARED_PAIN,
    FindingKind.WIDEST_GAP,
}
MIRROR_KINDS = {FindingKind.BLIND_SPOT, FindingKind.SHARED_PAIN, FindingKind.WIDEST_GAP}


def sample_path(name: str) -> Path:
    return SAMPLE_MAPS / name


def test_every_sample_map_is_in_the_table() -> None:
    on_disk = {path.name for path in SAMPLE_MAPS.glob("*.cjm")}
    assert on_disk == set(EXPECTED_KINDS)


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_is_a_full_map(name: str) -> None:
    journey = load(sample_path(name)).journey
    steps = journey.steps()
    assert len(journey.phases) >= 5
    assert len(steps) >= 15
    assert len(journey.departments) >= 4
    assert len(journey.process_steps) >= 8
    assert journey.flows
    assert journey.scenario.strip()
    assert journey.personas
    persona = journey.personas[0]
    assert persona.name and persona.profile and persona.goals and persona.quote
    assert any(d.kind is DepartmentKind.PARTNER for d in journey.departments)
    assert {t.kind for t in journey.touchpoints} == set(TouchpointKind)
    colours = [c.color.lower() for c in journey.channels]
    assert len(colours) == len(set(colours)), "channels need distinct colours"
    assert any(step.moment_of_truth for step in steps)
    assert any(step.pain_points for step in steps)
    assert any(step.ideas for step in steps)
    curve = journey.default_curve()
    assert curve is not None
    assert curve.id == "curve-customer"
    missing = [step.id for step in steps if step.id not in curve.points]
    assert not missing, f"steps without an emotion value: {missing}"


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_produces_the_findings_of_its_story(name: str) -> None:
    kinds = {finding.kind for finding in analyze(load(sample_path(name)).journey)}
    assert EXPECTED_KINDS[name] <= kinds, f"missing: {EXPECTED_KINDS[name] - kinds}"


@pytest.mark.parametrize("name", SAMPLES)
def test_cli_check_reports_findings_as_json(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "journeymapper", "check", str(sample_path(name)), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    assert isinstance(findings, list)
    assert findings
    curves = {curve.id for curve in load(sample_path(name)).journey.curves}
    for finding in findings:
        kind = FindingKind(finding["kind"])
        keys = set(finding) - FINDING_KEYS
        if kind in MIRROR_KINDS:
            assert keys == {"curve", "employee_curve"}, finding
        elif kind in CURVE_KINDS or (
            kind is FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT
            and finding["severity"] == "warning"  # detected on a curve, not marked
        ):
            assert keys == {"curve"}, finding
        else:
            assert keys == set(), finding
        assert finding.get("curve", "curve-customer") in curves
        assert isinstance(finding["elements"], list)
    assert {FindingKind(f["kind"]) for f in findings} >= EXPECTED_KINDS[name]


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_marks_few_moments_of_truth(name: str) -> None:
    journey = load(sample_path(name)).journey
    by_curve = run_analysis(journey).moments_by_curve
    assert [m.step.id for m in by_curve["curve-customer"]] == EXPECTED_MOMENTS[name]
    for curve in journey.curves:
        assert 3 * len(by_curve[curve.id]) <= len(journey.steps()), curve.id


def test_telecom_mirror_findings_set_the_agent_against_the_customer() -> None:
    findings = run_analysis(load(sample_path("telecom_contact_centre.cjm")).journey).findings
    mirror = [
        (f.kind, f.elements, f.curve, f.employee_curve) for f in findings if f.kind in MIRROR_KINDS
    ]
    # No blind spot: wherever the agent's curve is above the pass mark, so is the customer's.
    assert mirror == [
        (FindingKind.SHARED_PAIN, ("step-slow-again",), "curve-customer", "curve-agent"),
        (FindingKind.WIDEST_GAP, ("step-promise-credit",), "curve-customer", "curve-agent"),
    ]


JOURNEYMAPPER = [sys.executable, "-m", "journeymapper"]
# The promise each story tells: (working days, from process step, to process step).
EXPECTED_PROMISES: dict[str, tuple[float, str, str]] = {
    "webshop_order.cjm": (1.0, "proc-take-order", "proc-deliver"),  # delivered tomorrow
    "health_insurance_claim.cjm": (10.0, "proc-register-claim", "proc-payment-run"),
    "b2b_premium_supplier.cjm": (3.0, "proc-confirm-order", "proc-transport"),  # confirmed date
    "telecom_contact_centre.cjm": (20.0, "proc-log-credit", "proc-bill-run"),  # the next bill
    "greeting_cards_peak.cjm": (1.0, "proc-take-order", "proc-courier-deliver"),  # Saturday
}
# The samples that set a to-be customer curve against today's.
TO_BE_SAMPLES = ["telecom_contact_centre.cjm", "webshop_order.cjm"]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_story_with_a_promise_records_it(name: str) -> None:
    journey = load(sample_path(name)).journey
    promise = journey.promised_lead_time
    recorded = (
        None
        if promise is None
        else (promise.in_working_days(), journey.promise_from, journey.promise_to)
    )
    assert recorded == EXPECTED_PROMISES.get(name)


@pytest.mark.parametrize("name", TO_BE_SAMPLES)
def test_a_to_be_curve_improves_on_today_where_the_story_hurts(name: str) -> None:
    journey = load(sample_path(name)).journey
    today = journey.curves[0]
    [to_be] = [c for c in journey.curves if c.state is CurveState.FUTURE]
    assert to_be.kind is CurveKind.CUSTOMER and to_be.persona == today.persona
    assert set(to_be.points) == set(today.points)
    worst = min(today.points, key=lambda step: today.points[step])
    assert to_be.points[worst] > today.points[worst]
    result = subprocess.run(
        [
            *JOURNEYMAPPER,
            "compare",
            str(sample_path(name)),
            "--json",
            "--curves",
            today.id,
            to_be.id,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    changed = {change["id"] for change in json.loads(result.stdout)["emotion"]}
    assert changed == {s for s in today.points if today.points[s] != to_be.points[s]}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_curve_of_a_sample_is_drawn(name: str) -> None:
    journey = load(sample_path(name)).journey
    content = MapContent.of(journey)
    drawn = {face.key for face in content.faces.curves if face.kind is FaceKind.CURVE}
    assert drawn == {curve.id for curve in journey.curves}
