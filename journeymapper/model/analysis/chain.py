"""Rules on the organisation's side: handovers, broken chains, lead time against promise.

The process graph has process steps as nodes and flows as edges. A flow is a handover when its
two ends belong to different departments.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from journeymapper.model.analysis.context import AnalysisParameters, Context
from journeymapper.model.analysis.findings import Finding, FindingKind, Severity
from journeymapper.model.elements import Flow, JourneyMap, ProcessStep, TouchpointKind

# Touchpoints that can tell a waiting customer where things stand.
INFORMING_KINDS = (TouchpointKind.COMMUNICATION, TouchpointKind.CONTACT)


def _handover_name(context: Context, source: ProcessStep, target: ProcessStep) -> str:
    return (
        f"'{source.title}' ({context.department_name(source.department)}) -> "
        f"'{target.title}' ({context.department_name(target.department)})"
    )


def handover_gap(context: Context) -> Iterator[Finding]:
    for flow, source, target in context.handovers:
        serious, minor = handover_shortcomings(flow)
        if not serious and not minor:
            continue
        yield Finding(
            FindingKind.HANDOVER_GAP,
            Severity.PROBLEM if serious else Severity.WARNING,
            f"Handover {_handover_name(context, source, target)}: {'; '.join(serious + minor)}.",
            (flow.id, source.id, target.id),
        )


def handover_shortcomings(flow: Flow) -> tuple[list[str], list[str]]:
    """What a handover lacks: (serious, minor) reasons in words."""
    agreement = flow.agreement
    if agreement is None:
        return ["no agreement between the departments"], []
    serious: list[str] = []
    minor: list[str] = []
    if not agreement.owner.strip():
        minor.append("nobody owns the handover")
    if not agreement.information.strip():
        minor.append("no agreement on what information is passed on")
    if agreement.max_wait is not None and flow.measured_wait is not None:
        agreed = agreement.max_wait.in_working_days()
        measured = flow.measured_wait.in_working_days()
        if measured > agreed:
            serious.append(
                f"the measured wait of {_days(measured)} exceeds "
                f"the agreed maximum of {_days(agreed)}"
            )
    return serious, minor


def uninformed_handover(context: Context) -> Iterator[Finding]:
    for flow, source, target in context.handovers:
        waiting_steps = list(dict.fromkeys(source.serves + target.serves))
        if not waiting_steps:
            continue  # purely backstage: the customer does not wait on it
        informed = any(
            touchpoint.kind in INFORMING_KINDS
            for step_id in waiting_steps
            for touchpoint in context.touchpoints_at.get(step_id, [])
        )
        if not informed:
            yield Finding(
                FindingKind.UNINFORMED_HANDOVER,
                Severity.WARNING,
                f"During handover {_handover_name(context, source, target)} the customer waits, "
                "and no touchpoint keeps them informed.",
                (flow.id, *waiting_steps),
            )


def broken_chain(context: Context) -> Iterator[Finding]:
    """Loops first, then process steps the chain does not reach or that lead nowhere."""
    graph = context.graph
    for component in _cycles(context):
        names = " -> ".join(f"'{context.process_steps[n].title}'" for n in component)
        yield Finding(
            FindingKind.BROKEN_CHAIN,
            Severity.PROBLEM,
            f"Process steps {names} form a loop: the work can go round without end.",
            tuple(component),
        )
    for step in context.journey.process_steps:
        reaches_customer = context.customer_reached(step)
        unfed = not graph.pred[step.id] and not (reaches_customer or step.starts_chain)
        dead_end = not graph.succ[step.id] and not (reaches_customer or step.ends_chain)
        if not (unfed or dead_end):
            continue
        if unfed and dead_end:
            problem = (
                "is not connected: no flow leads into it or out of it, "
                "and it serves no customer step with a touchpoint"
            )
        elif unfed:
            problem = (
                "is fed by nothing: no flow leads into it "
                "and no touchpoint at its customer steps starts it"
            )
        else:
            problem = (
                "leads nowhere: no flow leaves it "
                "and no touchpoint passes its result to the customer"
            )
        yield Finding(
            FindingKind.BROKEN_CHAIN,
            Severity.WARNING,
            f"Process step '{step.title}' ({context.department_name(step.department)}) {problem}.",
            (step.id,),
        )


def _cycles(context: Context) -> list[list[str]]:
    """Each loop of the process graph, as its steps in document order."""
    graph = context.graph
    if context.topological_order is not None:
        return []
    loops = []
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1 or any(graph.has_edge(n, n) for n in component):
            loops.append(sorted(component, key=context.process_position.__getitem__))
    return sorted(loops, key=lambda loop: context.process_position[loop[0]])


@dataclass(frozen=True)
class LeadTime:
    """The longest chain through the process graph, in working days, and its steps."""

    working_days: float
    path: tuple[str, ...]


def end_to_end_lead_time(journey: JourneyMap) -> LeadTime | None:
    """Step durations plus measured waits along the longest path (from ``promise_from`` to
    ``promise_to`` when the map names them); None with loops, no steps or no such path."""
    return longest_path(Context.build(journey, AnalysisParameters()))


def longest_path(context: Context) -> LeadTime | None:
    """The lead time of an analysis context (see ``end_to_end_lead_time``), worked out once
    per context."""
    return context.lead_time


def compute_longest_path(context: Context) -> LeadTime | None:
    """What ``longest_path`` returns, computed afresh."""
    order = context.topological_order
    if not order:
        return None
    start, finish = context.journey.promise_from, context.journey.promise_to
    best: dict[str, float] = {}
    previous: dict[str, str | None] = {}
    for node in order:
        own = _duration(context.process_steps[node])
        if start is None or node == start:
            best[node], previous[node] = own, None
        for before, edge in context.graph.pred[node].items():
            if before not in best:
                continue  # not reachable from the start of the promise
            flow: Flow = edge["flow"]
            wait = flow.measured_wait.in_working_days() if flow.measured_wait else 0.0
            if best[before] + wait + own > best.get(node, -1.0):
                best[node], previous[node] = best[before] + wait + own, before
    if finish is not None:
        if finish not in best:
            return None
        end = finish
    else:
        end = max(best, key=lambda n: (best[n], -context.process_position[n]))
    path: list[str] = []
    cursor: str | None = end
    while cursor is not None:
        path.append(cursor)
        cursor = previous[cursor]
    return LeadTime(best[end], tuple(reversed(path)))


def _duration(step: ProcessStep) -> float:
    return step.duration.in_working_days() if step.duration else 0.0


def lead_time_exceeds_promise(context: Context) -> Iterator[Finding]:
    promise = context.journey.promised_lead_time
    if promise is None:
        return
    lead_time = longest_path(context)
    if lead_time is None:
        return
    promised = promise.in_working_days()
    if lead_time.working_days > promised:
        first = context.process_steps[lead_time.path[0]].title
        last = context.process_steps[lead_time.path[-1]].title
        yield Finding(
            FindingKind.LEAD_TIME_EXCEEDS_PROMISE,
            Severity.PROBLEM,
            f"The customer is promised {_days(promised)}, but the longest chain from "
            f"'{first}' to '{last}' takes {_days(lead_time.working_days)} "
            f"({len(lead_time.path)} process steps).",
            lead_time.path,
        )


def _days(value: float) -> str:
    rounded = round(value, 1)
    return f"{rounded:g} working day" + ("" if rounded == 1 else "s")
