"""The sample maps: each worked case loads, is a full-size map and tells its story in findings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from journeymapper.model import load
from journeymapper.model.analysis import FindingKind, analyze
from journeymapper.model.elements import DepartmentKind, TouchpointKind

from .conftest import ROOT, SAMPLE_MAPS

# The findings each story is about. A sample may report more, never fewer.
EXPECTED_KINDS: dict[str, set[FindingKind]] = {
    "webshop_order.cjm": {
        FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT,  # wondering where the parcel is
        FindingKind.HANDOVER_GAP,  # warehouse -> courier
        FindingKind.UNINFORMED_HANDOVER,  # nobody tells the customer meanwhile
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
    },
    "telecom_contact_centre.cjm": {
        FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT,  # slow again after the "fix"
        FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT,  # weeks of slow evenings before the call
        FindingKind.HANDOVER_GAP,  # the promised credit
    },
}

SAMPLES = sorted(EXPECTED_KINDS)
FINDING_KEYS = {"kind", "severity", "message", "elements"}


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
    for finding in findings:
        assert set(finding) == FINDING_KEYS
        assert isinstance(finding["elements"], list)
    assert {FindingKind(f["kind"]) for f in findings} >= EXPECTED_KINDS[name]
