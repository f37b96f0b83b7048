"""Mermaid ``journey`` diagrams, both ways: how developers and product people write a journey
in Markdown, and how a map goes back into their documents.

What maps onto what:
- ``title`` is the map's title; a ``---`` front matter ``title:`` is read too, and ``accDescr``
  becomes the map's description.
- each ``section`` is a phase and each task a customer step, in order; tasks written before any
  section go into a phase named ``NO_SECTION``.
- a task's score (Mermaid's 1 = unhappy .. 5 = happy) is set on the map's scale, so 1 lands on
  the scale's minimum, 3 in its middle and 5 on its maximum; written back, a value is rounded
  to the nearest whole score.
- the first actor named in the diagram is the customer: a persona whose curve holds the scores.
  Every other actor is a party the customer meets: a department of that name, with a
  touchpoint at each step that names it, so the diagram's "who was there" survives.

What a diagram cannot carry (process steps, flows, channels, pain points, ideas, quotes,
metrics, initiatives, further curves) is left out of the export, and the export says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from journeymapper.export.common import ExportError, ExportReport, finish_export
from journeymapper.model.elements import (
    CustomerStep,
    Department,
    EmotionCurve,
    EmotionScale,
    JourneyMap,
    Persona,
    Phase,
    Touchpoint,
)
from journeymapper.model.errors import quoted
from journeymapper.model.fileformat import new_map
from journeymapper.model.ids import new_id
from journeymapper.model.safe_read import NotRegularFile, TooLarge, read_regular
from journeymapper.render.style import next_department_colour

NO_SECTION = "Before the first section"
LOWEST_SCORE, HIGHEST_SCORE = 1.0, 5.0
MAX_INPUT_BYTES = 4 * 1024 * 1024  # a diagram is text a person wrote; far below this
# ``Make tea: 5: Me, Cat`` — a name, a score, then actors (the actors may be left out).
_TASK = re.compile(r"^(?P<name>[^:]+?)\s*:\s*(?P<score>[^:]*?)\s*(?::\s*(?P<actors>.*))?$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(\S*)")
# What a task name cannot hold without being read as the next field, or as a comment.
_TASK_NAME_UNSAFE = re.compile(r"[:#;]|%%")
# Words that open a statement when they start a line: a task may not start with one.
_KEYWORDS = ("title", "section", "journey")


class MermaidError(ExportError):
    """A diagram that cannot be read: the message names the file and line."""


@dataclass
class _Task:
    name: str
    score: float
    actors: list[str]


@dataclass
class _Diagram:
    title: str = ""
    description: str = ""
    sections: list[tuple[str, list[_Task]]] = field(default_factory=list)

    def actors(self) -> list[str]:
        """Every actor once, in the order they are first named."""
        seen: dict[str, None] = {}
        for _, tasks in self.sections:
            for task in tasks:
                seen.update(dict.fromkeys(task.actors))
        return list(seen)


# ---------------------------------------------------------------- reading


def read_mermaid(path: Path) -> JourneyMap:
    """The map a Mermaid file (``.mmd``, or the first ``journey`` block of a Markdown file)
    describes; raises MermaidError naming the line of the first thing it cannot read."""
    name = path.name
    try:
        data = read_regular(path, MAX_INPUT_BYTES)
    except NotRegularFile as error:
        raise MermaidError(f"{name}: this is {error.what}, not a Mermaid file") from None
    except TooLarge:
        raise MermaidError(f"{name}: too large for a Mermaid diagram") from None
    except FileNotFoundError:
        raise MermaidError(f"{name}: no such file") from None
    except OSError as error:
        raise MermaidError(f"{name}: cannot be read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MermaidError(f"{name}: not UTF-8 text (byte {error.start + 1})") from None
    return parse_mermaid(text, name)


def parse_mermaid(text: str, name: str = "diagram") -> JourneyMap:
    """The map of the ``journey`` diagram in ``text`` (Mermaid source or Markdown)."""
    lines = text.splitlines()
    numbered = list(_diagram_lines(lines, name))
    return _build_map(_parse_lines(numbered, name))


def _diagram_lines(lines: list[str], name: str) -> Iterator[tuple[int, str]]:
    """The diagram's lines with their line numbers in the file: the whole file when it starts
    with the diagram, else the first fenced block that holds a ``journey``."""
    first = _first_meaningful(lines, 0, len(lines))
    if first is not None and (_is_journey(lines[first]) or lines[first].strip() == "---"):
        yield from ((number + 1, line) for number, line in enumerate(lines))
        return
    for start, end in _fenced_blocks(lines):
        head = _first_meaningful(lines, start, end)
        opens_diagram = head is not None and (
            _is_journey(lines[head]) or lines[head].strip() == "---"
        )
        if opens_diagram and _has_journey(lines, start, end):
            yield from ((number + 1, lines[number]) for number in range(start, end))
            return
    raise MermaidError(f"{name}: no Mermaid journey diagram found (a block starting 'journey')")


def _fenced_blocks(lines: list[str]) -> Iterator[tuple[int, int]]:
    """(first, end) line indexes of the inside of each fenced code block."""
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence = opening.group(1)
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        yield index + 1, end
        index = end + 1


def _first_meaningful(lines: list[str], start: int, end: int) -> int | None:
    for index in range(start, end):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("%%"):
            return index
    return None


def _is_journey(line: str) -> bool:
    return line.strip().split(maxsplit=1)[:1] == ["journey"]


def _has_journey(lines: list[str], start: int, end: int) -> bool:
    return any(_is_journey(lines[index]) for index in range(start, end))


def _parse_lines(numbered: list[tuple[int, str]], name: str) -> _Diagram:
    diagram = _Diagram()
    body = _skip_front_matter(numbered, diagram)
    seen_journey = False
    in_description = False
    problems: list[str] = []  # every bad line at once, as the workbook import reports
    for number, raw in body:
        line = raw.strip()
        if in_description:
            in_description = "}" not in line
            diagram.description += line.split("}")[0].strip() + ("\n" if in_description else "")
            continue
        if not line or line.startswith("%%"):
            continue
        where = f"{name}, line {number}"
        if not seen_journey:
            if not _is_journey(line):
                raise MermaidError(f"{where}: expected 'journey', found {quoted(line)}")
            seen_journey = True
            continue
        try:
            in_description = _read_statement(line, diagram, where)
        except MermaidError as problem:
            problems.append(str(problem))
    if len(problems) == 1:
        raise MermaidError(problems[0])
    if problems:
        raise MermaidError(
            f"{name}: {len(problems)} problems, so nothing was imported:\n  "
            + "\n  ".join(problems)
        )
    if not seen_journey:
        raise MermaidError(f"{name}: no Mermaid journey diagram found (a block starting 'journey')")
    return diagram


def _skip_front_matter(numbered: list[tuple[int, str]], diagram: _Diagram) -> list[tuple[int, str]]:
    """Everything after a leading ``---`` block; its ``title:`` names the map."""
    first = next((i for i, (_, line) in enumerate(numbered) if line.strip()), None)
    if first is None or numbered[first][1].strip() != "---":
        return numbered
    for index in range(first + 1, len(numbered)):
        line = numbered[index][1].strip()
        if line == "---":
            return numbered[index + 1 :]
        key, _, value = line.partition(":")
        if key.strip() == "title":
            diagram.title = value.strip().strip("\"'")
    number = numbered[first][0]
    raise MermaidError(f"line {number}: the front matter that starts here is never closed by '---'")


def _read_statement(line: str, diagram: _Diagram, where: str) -> bool:
    """Read one line of the diagram into ``diagram``; True when a ``accDescr {`` block opens."""
    keyword, _, rest = line.partition(" ")
    keyword, rest = keyword.lower(), rest.strip()
    if keyword == "title":
        diagram.title = rest
    elif keyword == "section":
        diagram.sections.append((rest or NO_SECTION, []))
    elif keyword.startswith("acctitle"):
        diagram.title = diagram.title or line.partition(":")[2].strip()
    elif keyword.startswith("accdescr"):
        after = line[len("accDescr") :].strip()
        if after.startswith("{"):
            inside = after[1:]
            diagram.description = inside.split("}")[0].strip()
            return "}" not in inside
        diagram.description = after.lstrip(":").strip()
    else:
        if not diagram.sections:
            diagram.sections.append((NO_SECTION, []))
        diagram.sections[-1][1].append(_parse_task(line, where))
    return False


def _parse_task(line: str, where: str) -> _Task:
    match = _TASK.match(line)
    if match is None:
        raise MermaidError(
            f"{where}: {quoted(line)} is not a task; write it as 'Task name: score: actors'"
        )
    score_text = match.group("score")
    try:
        score = float(score_text)
    except ValueError:
        raise MermaidError(
            f"{where}: the score {quoted(score_text)} of task {quoted(match.group('name'))} "
            "is not a number; Mermaid scores run from 1 (unhappy) to 5 (happy)"
        ) from None
    if not (LOWEST_SCORE <= score <= HIGHEST_SCORE) or math.isnan(score):
        raise MermaidError(
            f"{where}: the score {score_text} of task {quoted(match.group('name'))} is outside "
            "Mermaid's 1 (unhappy) to 5 (happy)"
        )
    actors = [actor.strip() for actor in (match.group("actors") or "").split(",")]
    return _Task(match.group("name").strip(), score, [actor for actor in actors if actor])


def _build_map(diagram: _Diagram) -> JourneyMap:
    journey = new_map(diagram.title or "Untitled journey")
    journey.description = diagram.description
    actors = diagram.actors()
    curve = journey.curves[0]
    if actors:
        persona = Persona(id=new_id("persona"), name=actors[0])
        journey.personas.append(persona)
        curve.persona = persona.id
        curve.name = f"{actors[0]}, today"
    departments: dict[str, Department] = {}
    for actor in actors[1:]:
        used = [department.color for department in departments.values()]
        departments[actor] = Department(
            id=new_id("department"), name=actor, color=next_department_colour(used)
        )
    journey.departments.extend(departments.values())
    for title, tasks in diagram.sections:
        phase = Phase(id=new_id("phase"), title=title)
        journey.phases.append(phase)
        for task in tasks:
            step = CustomerStep(id=new_id("step"), title=task.name)
            phase.steps.append(step)
            curve.points[step.id] = _on_scale(task.score, journey.scale)
            journey.touchpoints.extend(
                Touchpoint(id=new_id("touchpoint"), title=actor, steps=[step.id], owner=dept.id)
                for actor in task.actors
                if (dept := departments.get(actor)) is not None
            )
    return journey


def _on_scale(score: float, scale: EmotionScale) -> float:
    share = (score - LOWEST_SCORE) / (HIGHEST_SCORE - LOWEST_SCORE)
    return round(scale.minimum + share * (scale.maximum - scale.minimum), 2)


# ---------------------------------------------------------------- writing


def write_mermaid(journey: JourneyMap, out: Path) -> ExportReport:
    """Write the map as a Mermaid ``journey`` diagram; the warnings say what it left out."""
    text, warnings = mermaid_text(journey)
    return finish_export(out, text.encode("utf-8"), warnings)


def mermaid_text(journey: JourneyMap) -> tuple[str, list[str]]:
    """The diagram's source, and what the diagram could not carry."""
    warnings: list[str] = []
    curve = _customer_curve(journey)
    persona = _persona_name(journey, curve)
    owners = {dept.id: dept.name for dept in journey.departments}
    lines = ["journey", f"    title {_one_line(journey.title) or 'Untitled journey'}"]
    unscored: list[str] = []
    renamed: list[str] = []
    for phase in journey.phases:
        lines.append(f"    section {_one_line(phase.title) or NO_SECTION}")
        for step in phase.steps:
            value = curve.points.get(step.id) if curve is not None else None
            if value is None:
                unscored.append(step.title)
            score = _score(value, journey.scale)
            name = task_name(step.title)
            if name != _one_line(step.title):
                renamed.append(step.title)
            actors = _actors_at(journey, step.id, persona, owners)
            lines.append(f"      {name}: {score}" + (f": {', '.join(actors)}" if actors else ""))
    if unscored:
        warnings.append(
            f"{_count(len(unscored), 'step')} without an emotion on the customer curve "
            f"written with the middle score 3: {_first_titles(unscored)}"
        )
    if renamed:
        warnings.append(
            f"Mermaid task names cannot hold ':', '#', ';' or '%%'; they were replaced in "
            f"{_first_titles(renamed)}"
        )
    warnings.extend(_left_out(journey))
    return "\n".join(lines) + "\n", warnings


def _customer_curve(journey: JourneyMap) -> EmotionCurve | None:
    customer = [curve for curve in journey.curves if curve.kind == "customer"]
    candidates = customer or journey.curves
    return candidates[0] if candidates else None


def _persona_name(journey: JourneyMap, curve: EmotionCurve | None) -> str:
    if curve is None or curve.persona is None:
        return ""
    names = {persona.id: persona.name for persona in journey.personas}
    return _actor_name(names.get(curve.persona, ""))


def _actors_at(
    journey: JourneyMap, step_id: str, persona: str, owners: dict[str, str]
) -> list[str]:
    actors = [persona] if persona else []
    for touchpoint in journey.touchpoints:
        if step_id in touchpoint.steps and touchpoint.owner in owners:
            actor = _actor_name(owners[touchpoint.owner])
            if actor and actor not in actors:
                actors.append(actor)
    return actors


def _score(value: float | None, scale: EmotionScale) -> int:
    if value is None or scale.maximum == scale.minimum:
        return 3
    share = (value - scale.minimum) / (scale.maximum - scale.minimum)
    score = LOWEST_SCORE + share * (HIGHEST_SCORE - LOWEST_SCORE)
    return int(min(HIGHEST_SCORE, max(LOWEST_SCORE, math.floor(score + 0.5))))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def task_name(title: str) -> str:
    """``title`` as a Mermaid task name: one line, without what would end the name."""
    name = " ".join(_TASK_NAME_UNSAFE.sub(" -", _one_line(title)).split()) or "Untitled step"
    first, _, rest = name.partition(" ")
    if first.lower() in _KEYWORDS or first.lower().startswith(("acctitle", "accdescr")):
        # "Title page" would be read back as the diagram's title: quote the word.
        return f"'{first}' {rest}".strip()
    return name


def _actor_name(name: str) -> str:
    """An actor's name without what would split it (a comma) or end the line."""
    return " ".join(_one_line(name).replace(",", " ").replace("%%", " ").split())


def _left_out(journey: JourneyMap) -> list[str]:
    parts = {
        "process step": len(journey.process_steps),
        "flow": len(journey.flows),
        "metric": len(journey.metrics),
        "initiative": len(journey.initiatives),
        "further curve": max(0, len(journey.curves) - 1),
        "pain point": sum(len(step.pain_points) for step in journey.steps()),
        "idea": sum(len(step.ideas) for step in journey.steps()),
    }
    dropped = [_count(number, kind) for kind, number in parts.items() if number]
    if not dropped:
        return []
    return [f"a Mermaid journey cannot show {', '.join(dropped)}; they are not in the diagram"]


def _count(number: int, kind: str) -> str:
    return f"{number} {kind}" + ("" if number == 1 else "s")


def _first_titles(titles: list[str], shown: int = 3) -> str:
    named = ", ".join(quoted(title, 40) for title in titles[:shown])
    more = len(titles) - shown
    return named + (f" and {more} more" if more > 0 else "")
