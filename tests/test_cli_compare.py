"""`journeymapper compare` and `check` in a subprocess: each sample against an edited copy,
two curves of one map, the map summary, and bad input refused in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from journeymapper.model import load, save
from journeymapper.model.analysis import run_analysis
from journeymapper.model.document import Document
from journeymapper.model.elements import (
    CurveKind,
    CurveState,
    CustomerStep,
    Duration,
    EmotionCurve,
    JourneyMap,
    Touchpoint,
)

from .conftest import ROOT, SAMPLE_MAPS

SAMPLES = sorted(path.name for path in SAMPLE_MAPS.glob("*.cjm"))
COMPARE_KEYS = [
    "before",
    "after",
    "findings_disappeared",
    "findings_appeared",
    "moments_gained_touchpoint",
    "moments_lost_touchpoint",
    "lead_time",
    "emotion",
    "steps_added",
    "steps_removed",
    "touchpoints_added",
    "touchpoints_removed",
]


def journeymapper(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymapper", *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


def compared(*arguments: str | Path) -> dict[str, Any]:
    result = journeymapper("compare", *arguments, "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    assert list(data) == COMPARE_KEYS
    return data


# -- the oracle: what the analysis of each map says, compared here by plain set arithmetic ----


def finding_keys(journey: JourneyMap) -> set[tuple[str, tuple[str, ...], str | None]]:
    return {(f.kind.value, f.elements, f.curve) for f in run_analysis(journey).findings}


def served_moments(journey: JourneyMap) -> dict[str, bool]:
    analysis = run_analysis(journey)
    served = {step for touchpoint in journey.touchpoints for step in touchpoint.steps}
    return {
        moment.step.id: moment.step.id in served
        for curve in journey.curves
        if curve.kind is CurveKind.CUSTOMER
        for moment in analysis.moments_by_curve[curve.id]
    }


def free_of_references(document: Document, ids: list[str]) -> str:
    """The last of ``ids`` that nothing refers to (touchpoints here)."""
    for element_id in reversed(ids):
        if not document.referrers(element_id):
            return element_id
    raise AssertionError("no free element to remove")


def remove_step(document: Document, ids: list[str]) -> str:
    """Remove the last of the steps ``ids`` that can leave without leaving a touchpoint with
    no step: its emotion values are cleared and it is taken out of what refers to it."""
    for step_id in reversed(ids):
        referrers = document.referrers(step_id)
        if all(
            field in ("points", "serves")
            or (field == "steps" and len(getattr(document.get(other), "steps", [])) > 1)
            for other, field in referrers
        ):
            break
    else:
        raise AssertionError("no step can be removed")
    for other, field in referrers:
        if field == "points":
            document.set_emotion(step_id, None, other)
        else:
            kept = [s for s in getattr(document.get(other), field) if s != step_id]
            document.set_field(other, field, kept)
    document.remove(step_id)
    return step_id


# -- each sample against an edited copy -------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_compare_lists_exactly_the_changes_made_to_a_copy(name: str, tmp_path: Path) -> None:
    before = load(SAMPLE_MAPS / name).journey
    document = Document(before.model_copy(deep=True))
    journey = document.map
    steps = journey.steps()
    customer = journey.curves[0]
    unserved = [step for step, served in served_moments(before).items() if not served]
    target = unserved[0] if unserved else steps[-1].id
    # 1. the emotion of one step
    changed = steps[2]
    old_value = customer.points[changed.id]
    new_value = journey.scale.minimum if old_value != journey.scale.minimum else 0.0
    document.set_emotion(changed.id, new_value, customer.id)
    # 2. a step removed, one added
    titles = {step.id: step.title for step in steps}
    removed = remove_step(document, [s.id for s in steps if s.id not in (changed.id, target)])
    removed_title = titles[removed]
    document.insert(CustomerStep(id="step-cmp-new", title="Ask a friend"), journey.phases[0].id)
    # 3. a touchpoint removed, one added at the first Moment of Truth the sample leaves unserved
    gone = free_of_references(document, [t.id for t in journey.touchpoints])
    gone_title = document.get(gone).title  # type: ignore[attr-defined]
    document.remove(gone)
    document.insert(
        Touchpoint(
            id="tp-cmp-new", title="Status text", steps=[target], owner=journey.departments[0].id
        )
    )
    # 4. two working days more on the longest chain
    lead_time = run_analysis(journey).lead_time
    assert lead_time is not None
    slow = journey.process_steps[[p.id for p in journey.process_steps].index(lead_time.path[0])]
    duration = slow.duration.in_working_days() if slow.duration else 0.0
    document.set_field(slow.id, "duration", Duration(value=duration + 2))
    after_path = tmp_path / "after.cjm"
    save(journey, after_path)
    after = load(after_path).journey

    data = compared(SAMPLE_MAPS / name, after_path)

    assert data["steps_added"] == [{"id": "step-cmp-new", "title": "Ask a friend"}]
    assert data["steps_removed"] == [{"id": removed, "title": removed_title}]
    assert data["touchpoints_added"] == [{"id": "tp-cmp-new", "title": "Status text"}]
    assert data["touchpoints_removed"] == [{"id": gone, "title": gone_title}]
    assert data["emotion"] == [
        {
            "before_curve": customer.id,
            "after_curve": customer.id,
            "id": changed.id,
            "title": changed.title,
            "before": old_value,
            "after": new_value,
            "change": new_value - old_value,
        }
    ]
    assert data["lead_time"]["change"] == pytest.approx(2.0)
    assert data["lead_time"]["before"]["working_days"] == pytest.approx(lead_time.working_days)
    promised = before.promised_lead_time
    assert data["lead_time"]["after"]["promised"] == (
        promised.in_working_days() if promised else None
    )
    old_findings, new_findings = finding_keys(before), finding_keys(after)

    def keys(listed: list[dict[str, Any]]) -> set[tuple[str, tuple[str, ...], str | None]]:
        return {(f["kind"], tuple(e["id"] for e in f["elements"]), f.get("curve")) for f in listed}

    assert keys(data["findings_disappeared"]) == old_findings - new_findings
    assert keys(data["findings_appeared"]) == new_findings - old_findings
    for listed in data["findings_appeared"]:
        for element in listed["elements"]:
            assert element["title"]  # named by id and title
    old_moments, new_moments = served_moments(before), served_moments(after)
    both = [step for step in new_moments if step in old_moments]
    gained = [s for s in both if new_moments[s] and not old_moments[s]]
    lost = [s for s in both if old_moments[s] and not new_moments[s]]
    assert [m["id"] for m in data["moments_gained_touchpoint"]] == gained
    assert [m["id"] for m in data["moments_lost_touchpoint"]] == lost
    if unserved and target in new_moments:
        assert target in gained  # the new touchpoint serves a Moment of Truth

    text = journeymapper("compare", SAMPLE_MAPS / name, after_path)
    assert text.returncode == 0, text.stderr
    assert "Steps added (1):\n  'Ask a friend' (step-cmp-new)" in text.stdout
    assert f"({removed})" in text.stdout and f"({gone})" in text.stdout
    assert f"({changed.id}): {old_value:g} -> {new_value:g}" in text.stdout
    assert "change +2 working days" in text.stdout


@pytest.mark.parametrize("name", SAMPLES)
def test_a_sample_against_itself_has_no_changes(name: str) -> None:
    data = compared(SAMPLE_MAPS / name, SAMPLE_MAPS / name)
    assert all(data[key] == [] for key in COMPARE_KEYS if isinstance(data[key], list))
    assert data["lead_time"]["change"] in (0, None)
    text = journeymapper("compare", SAMPLE_MAPS / name, SAMPLE_MAPS / name).stdout
    assert "No changes in findings, Moments of Truth, emotions, steps or touchpoints." in text


def test_a_step_recreated_with_a_new_id_is_matched_by_title(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    step = journey.phases[0].steps[0]
    old_id = step.id
    step.id = "step-recreated"
    for curve in journey.curves:
        if old_id in curve.points:
            curve.points["step-recreated"] = curve.points.pop(old_id)
    for touchpoint in journey.touchpoints:
        touchpoint.steps = ["step-recreated" if s == old_id else s for s in touchpoint.steps]
    for process_step in journey.process_steps:
        process_step.serves = ["step-recreated" if s == old_id else s for s in process_step.serves]
    path = tmp_path / "renamed.cjm"
    save(journey, path)
    data = compared(SAMPLE_MAPS / "webshop_order.cjm", path)
    assert data["steps_added"] == data["steps_removed"] == []
    assert data["findings_appeared"] == data["findings_disappeared"] == []
    assert data["emotion"] == []


# -- two curves of one map ---------------------------------------------------------------------


def test_compare_as_is_and_to_be_curves_of_one_map(tmp_path: Path) -> None:
    journey = load(SAMPLE_MAPS / "webshop_order.cjm").journey
    as_is = journey.curves[0]
    to_be = EmotionCurve(
        id="curve-to-be", name="Customer, to be", state=CurveState.FUTURE, points=dict(as_is.points)
    )
    to_be.points["step-wonder-where"] = 1.0  # was -3: a status text takes the worry away
    to_be.points["step-give-present"] = 2.0  # was 4
    journey.curves.append(to_be)
    path = tmp_path / "with-to-be.cjm"
    save(journey, path)

    data = compared(path, "--curves", "curve-customer", "curve-to-be")

    assert [(e["id"], e["before"], e["after"]) for e in data["emotion"]] == [
        ("step-wonder-where", -3.0, 1.0),
        ("step-give-present", 4.0, 2.0),
    ]
    assert {e["before_curve"] for e in data["emotion"]} == {"curve-customer"}
    assert {e["after_curve"] for e in data["emotion"]} == {"curve-to-be"}
    for key in ("steps_added", "steps_removed", "touchpoints_added", "touchpoints_removed"):
        assert data[key] == []
    assert data["lead_time"]["change"] in (0, None)
    # 'Give the present' is no longer a peak: its detected Moment of Truth (served) goes, so
    # nothing about touchpoints changes; the findings that change all come from the curves.
    changed = data["findings_disappeared"] + data["findings_appeared"]
    assert all(f.get("curve") in ("curve-customer", "curve-to-be") for f in changed)
    as_is_only = run_analysis(journey).moments_by_curve
    assert "step-give-present" in [m.step.id for m in as_is_only["curve-customer"]]
    assert "step-give-present" not in [m.step.id for m in as_is_only["curve-to-be"]]


# -- check: findings per curve and the map summary ---------------------------------------------


def test_check_text_ends_with_the_summary_of_every_curve() -> None:
    result = journeymapper("check", SAMPLE_MAPS / "telecom_contact_centre.cjm")
    assert result.returncode == 0, result.stderr
    summary = result.stdout.split("\nSummary: ", 1)[1].splitlines()
    assert summary[1] == (
        "  Curve 'Customer, today' (customer, current, 20 steps): strongest moment 'Speed is "
        "back while he is on the phone' at 9; ends with 'Accept a retention offer, without "
        "enthusiasm' at 7; 30% of the steps in the okay band; 1 at 9+."
    )
    assert summary[2].startswith("  Curve 'Contact centre agent, today' (employee, current, 7")
    assert "shared_pain: 'The evenings are slow again a week later'" in result.stdout


def test_check_json_summary_gives_peak_and_end_per_curve() -> None:
    path = SAMPLE_MAPS / "telecom_contact_centre.cjm"
    result = journeymapper("check", path, "--json", "--summary")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["summary", "findings"]
    plain = json.loads(journeymapper("check", path, "--json").stdout)
    assert data["findings"] == plain
    curves = data["summary"]["curves"]
    assert [c["curve"] for c in curves] == ["curve-customer", "curve-agent", "curve-customer-to-be"]
    agent = curves[1]
    assert agent["end"] == {
        "step": "step-credit-missing",
        "title": "The promised credit is not on the bill",
        "value": 3.0,
    }
    assert (agent["kind"], agent["steps"], agent["excellent_steps"]) == ("employee", 7, 2)
    assert curves[0]["okay_share"] == pytest.approx(0.3)


# -- bad input ---------------------------------------------------------------------------------


def one_line_refusal(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("journeymapper: ")
    for word in words:
        assert word in line


def test_compare_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    sample = SAMPLE_MAPS / "webshop_order.cjm"
    missing = tmp_path / "nope.cjm"
    one_line_refusal(journeymapper("compare", sample, missing), str(missing), "no such file")
    not_a_map = tmp_path / "notes.cjm"
    not_a_map.write_text("just some notes\n")
    one_line_refusal(journeymapper("compare", not_a_map, sample), str(not_a_map))
    one_line_refusal(
        journeymapper("compare", sample, "--curves", "curve-customer", "curve-nope"),
        "there is no curve 'curve-nope'",
        "curve-customer",
    )
    one_line_refusal(journeymapper("compare", sample), "--curves AS_IS TO_BE")
    one_line_refusal(journeymapper("compare", sample, sample, sample), "BEFORE.cjm AFTER.cjm")
    one_line_refusal(journeymapper("compare", sample, "--curves", "curve-customer"))
    assert sample.read_bytes() == (ROOT / "sample_maps" / "webshop_order.cjm").read_bytes()


def test_compare_mentions_its_curves_in_help() -> None:
    result = journeymapper("compare", "--help")
    assert result.returncode == 0
    assert "--curves AS_IS TO_BE" in result.stdout


def test_employee_kind_is_kept_apart(tmp_path: Path) -> None:
    """An employee to-be set against the employee as-is: no customer finding comes of it."""
    journey = load(SAMPLE_MAPS / "telecom_contact_centre.cjm").journey
    agent = journey.curves[1]
    to_be = EmotionCurve(
        id="curve-agent-to-be",
        kind=CurveKind.EMPLOYEE,
        state=CurveState.FUTURE,
        points={**agent.points, "step-credit-missing": 6.0},
    )
    journey.curves.append(to_be)
    path = tmp_path / "agents.cjm"
    save(journey, path)
    data = compared(path, "--curves", "curve-agent", "curve-agent-to-be")
    assert [(e["id"], e["before"], e["after"]) for e in data["emotion"]] == [
        ("step-credit-missing", 3.0, 6.0)
    ]
    assert data["findings_appeared"] == data["findings_disappeared"] == []


def test_lead_times_and_curves_are_in_a_readers_words() -> None:
    """A CX lead's board summary read '28.0125 -> 28.025 working days, change +0.0125' and
    '[curve-agent -> curve-agent]': tenths of a day, and the curves' own names."""
    from journeymapper.model.compare import EmotionChange, LeadTimeChange, Named

    lead = LeadTimeChange(28.0125, 28.025, 20.0, 15.0).describe()
    assert lead == (
        "28 working days (promised 20, over by 8) -> "
        "28 working days (promised 15, over by 13), unchanged"
    )
    step = Named("step-call", "Call customer service")
    same = EmotionChange("curve-agent", "curve-agent", step, 4.0, 6.0, ("Agent", "Agent"))
    assert same.describe().endswith("[curve 'Agent']")
    pair = EmotionChange("c1", "c2", step, 4.0, 6.0, ("Customer, today", "Customer, to-be"))
    assert pair.describe().endswith("[curve 'Customer, today' -> 'Customer, to-be']")
