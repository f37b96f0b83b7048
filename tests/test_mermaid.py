"""Mermaid journey diagrams: the documented forms import, a map goes out and back keeping its
titles, phases, steps and scores, and a bad diagram is refused in one line naming its line.

The examples follow the shapes Mermaid's own documentation shows (title, sections, tasks with
a score and actors), written here with this project's own journeys.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymapper.export.mermaid import (
    NO_SECTION,
    MermaidError,
    mermaid_text,
    parse_mermaid,
    task_name,
)
from journeymapper.model import load
from journeymapper.model.elements import JourneyMap
from tests.conftest import SAMPLE_MAPS
from tests.test_cli import journeymapper

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))

PARCEL = """\
journey
    title Sending a parcel abroad
    section Prepare
      Weigh the parcel: 4: Sender
      Fill in the customs form: 1: Sender, Post office
    section Hand in
      Queue at the counter: 2: Sender, Post office
      Pay the postage: 3: Sender
"""


def _scores(journey: JourneyMap) -> list[int]:
    """Each step's emotion as Mermaid's 1-5 score (the map's scale mapped back)."""
    scale, curve = journey.scale, journey.curves[0]
    width = scale.maximum - scale.minimum
    return [
        round(1 + 4 * (curve.points[step.id] - scale.minimum) / width) for step in journey.steps()
    ]


def test_a_documented_diagram_becomes_phases_steps_and_a_curve() -> None:
    journey = parse_mermaid(PARCEL)
    assert journey.title == "Sending a parcel abroad"
    assert [phase.title for phase in journey.phases] == ["Prepare", "Hand in"]
    assert [step.title for step in journey.steps()] == [
        "Weigh the parcel",
        "Fill in the customs form",
        "Queue at the counter",
        "Pay the postage",
    ]
    # 1..5 land on the default -5..+5 scale: 1 at the bottom, 3 in the middle, 5 at the top.
    values = [journey.curves[0].points[step.id] for step in journey.steps()]
    assert values == [2.5, -5.0, -2.5, 0.0]
    # The first actor is the customer; the others are parties met at a step.
    assert [persona.name for persona in journey.personas] == ["Sender"]
    assert journey.curves[0].persona == journey.personas[0].id
    assert [department.name for department in journey.departments] == ["Post office"]
    met = {
        step.title
        for touchpoint in journey.touchpoints
        for step in journey.steps()
        if step.id in touchpoint.steps
    }
    assert met == {"Fill in the customs form", "Queue at the counter"}


def test_markdown_front_matter_comments_and_accessibility_lines() -> None:
    markdown = """\
# Our notes

Some prose first, and a code block that is not a journey:

```python
print("journey")
```

```mermaid
---
title: Renewing a passport
---
journey
    %% a comment line is ignored
    accTitle: ignored, the front matter named it already
    accDescr {
        How a citizen renews a passport
        at the town hall.
    }
    Book an appointment: 2: Citizen
    section   Ünïcode ✓ phase
      Collect the passport 🎉: 5: Citizen, Town hall
    section Empty one
```
"""
    journey = parse_mermaid(markdown)
    assert journey.title == "Renewing a passport"
    assert "renews a passport" in journey.description
    assert "at the town hall." in journey.description
    assert [phase.title for phase in journey.phases] == [
        NO_SECTION,
        "Ünïcode ✓ phase",
        "Empty one",
    ]
    assert [len(phase.steps) for phase in journey.phases] == [1, 1, 0]
    assert journey.steps()[1].title == "Collect the passport 🎉"


def test_a_diagram_without_title_or_actors() -> None:
    journey = parse_mermaid("journey\n  section Only\n    Look around: 3\n")
    assert journey.title == "Untitled journey"
    assert journey.personas == [] and journey.departments == []
    assert journey.curves[0].points == {journey.steps()[0].id: 0.0}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("journey\n  section A\n    Pay: 7: Me\n", "line 3: the score 7 of task 'Pay' is outside"),
        ("journey\n  section A\n    Pay: 0: Me\n", "line 3: the score 0 of task 'Pay' is outside"),
        ("journey\n  section A\n    Pay: lots: Me\n", "line 3: the score 'lots' of task 'Pay'"),
        ("journey\n\n  section A\n    Pay without a score\n", "line 4: 'Pay without a score'"),
        ("flowchart LR\n  A --> B\n", "no Mermaid journey diagram found"),
        ("---\ntitle: x\njourney\n", "line 1: the front matter that starts here is never closed"),
    ],
)
def test_a_bad_diagram_names_its_line(source: str, expected: str) -> None:
    with pytest.raises(MermaidError, match=expected.replace("(", r"\(")):
        parse_mermaid(source, "in.mmd")


def test_the_command_line_imports_and_refuses_in_one_line(tmp_path: Path) -> None:
    diagram = tmp_path / "parcel.md"
    diagram.write_text("Notes\n\n```mermaid\n" + PARCEL + "```\n", encoding="utf-8")
    out = tmp_path / "parcel.cjm"
    done = journeymapper("import-mermaid", diagram, out)
    assert done.returncode == 0, done.stderr
    journey = load(out).journey
    assert journey.steps()[0].title == "Weigh the parcel"
    assert _scores(journey) == [4, 1, 2, 3]

    bad = tmp_path / "bad.mmd"
    bad.write_text("journey\n  title T\n  section A\n    Pay: 9: Me\n", encoding="utf-8")
    refused = journeymapper("import-mermaid", bad, tmp_path / "bad.cjm")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "bad.mmd, line 4: the score 9 of task 'Pay'" in refused.stderr
    assert not (tmp_path / "bad.cjm").exists()

    again = journeymapper("import-mermaid", diagram, out)
    assert again.returncode == 2 and "exists already" in again.stderr


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_every_sample_goes_out_and_back(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.mmd"
    done = journeymapper("export", sample, "--mermaid", out)
    assert done.returncode == 0, done.stderr
    original = load(sample).journey
    back_path = tmp_path / "back.cjm"
    assert journeymapper("import-mermaid", out, back_path).returncode == 0
    back = load(back_path).journey
    assert back.title == original.title
    assert [phase.title for phase in back.phases] == [phase.title for phase in original.phases]
    # Titles come back as written, but for what a task name cannot hold (':' '#' ';').
    assert [step.title for step in back.steps()] == [
        task_name(step.title) for step in original.steps()
    ]
    assert _scores(back) == [_mermaid_score(original, step.id) for step in original.steps()]
    # What a diagram cannot carry is said, not dropped in silence.
    if original.process_steps:
        assert "cannot show" in done.stderr and "process step" in done.stderr


def _mermaid_score(journey: JourneyMap, step_id: str) -> int:
    text, _ = mermaid_text(journey)
    index = [step.id for step in journey.steps()].index(step_id)
    tasks = [line for line in text.splitlines() if line.startswith("      ")]
    return int(tasks[index].split(":")[1])


def test_titles_mermaid_would_misread_are_written_safely() -> None:
    journey = parse_mermaid("journey\n  section A\n    Read it: 3: Me\n")
    journey.steps()[0].title = "Title page: check #1; 100%% done"
    text, warnings = mermaid_text(journey)
    back = parse_mermaid(text)
    assert back.title == journey.title  # the step did not become the diagram's title
    assert back.steps()[0].title.startswith("'Title' page")
    assert any("replaced" in warning for warning in warnings)


_WORD = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=":#;%,{}'"
    ),
    min_size=1,
    max_size=12,
).map(lambda text: " ".join(text.split()))
_NAME = _WORD.filter(
    lambda word: (
        bool(word)
        and word.split()[0].lower() not in ("title", "section", "journey", "---")
        and not word.lower().startswith(("acctitle", "accdescr"))
    )
)


@given(
    title=_NAME,
    sections=st.lists(
        st.tuples(
            _NAME,
            st.lists(st.tuples(_NAME, st.integers(1, 5), st.lists(_NAME, max_size=3)), max_size=4),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_any_diagram_survives_a_round_trip(
    title: str, sections: list[tuple[str, list[tuple[str, int, list[str]]]]]
) -> None:
    lines = ["journey", f"  title {title}"]
    for section, tasks in sections:
        lines.append(f"  section {section}")
        lines += [f"    {name}: {score}: {', '.join(actors)}" for name, score, actors in tasks]
    first = parse_mermaid("\n".join(lines))
    second = parse_mermaid(mermaid_text(first)[0])
    assert second.title == first.title == title
    assert [p.title for p in second.phases] == [p.title for p in first.phases]
    assert [s.title for s in second.steps()] == [s.title for s in first.steps()]
    assert (
        _scores(second)
        == _scores(first)
        == [score for _, tasks in sections for _, score, _ in tasks]
    )
    assert [p.name for p in second.personas] == [p.name for p in first.personas]
    assert [d.name for d in second.departments] == [d.name for d in first.departments]


def test_every_bad_line_is_reported_at_once() -> None:
    """A developer fixed line 5, then learnt of line 6, then of line 7."""
    source = "journey\n  title T\n  section A\n    Fine: 3: Me\n    Pay: 6: Me\n    No colon\n"
    source += "    Wait: three: Me\n"
    with pytest.raises(MermaidError) as raised:
        parse_mermaid(source, "in.mmd")
    lines = str(raised.value).splitlines()
    assert lines[0] == "in.mmd: 3 problems, so nothing was imported:"
    assert [line.split(":")[0].split(", ")[-1] for line in lines[1:]] == [
        "line 5",
        "line 6",
        "line 7",
    ]
