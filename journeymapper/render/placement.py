"""Which columns each process step covers: under the customer steps it serves, or, serving
none (purely backstage work), where it stands in the flow.

A backstage step used to be parked in an extra column after the last one, so every flow into
or out of it ran across the whole map. Now it goes between its predecessors and successors:
just after the last predecessor and just before the first successor, or half way when there is
room between them. A step reached only through other backstage steps is placed once they are;
one with no placed neighbour in the flow at all stands beside the process step before it in the
map's list (the order a workshop wrote them down), else in the first column.
"""

from __future__ import annotations

from collections import defaultdict

from journeymapper.model.elements import JourneyMap

Span = tuple[int, int]


def process_columns(
    journey: JourneyMap, column_of: dict[str, int], columns: int
) -> dict[str, Span]:
    """The first and last column of every process step, by id."""
    last_column = max(0, columns - 1)
    spans: dict[str, Span] = {}
    for step in journey.process_steps:
        placed = [column_of[s] for s in step.serves if s in column_of]
        if placed:
            spans[step.id] = (min(placed), max(placed))
    waiting = [p.id for p in journey.process_steps if p.id not in spans]
    if not waiting:
        return spans
    before: defaultdict[str, list[str]] = defaultdict(list)
    after: defaultdict[str, list[str]] = defaultdict(list)
    backstage = set(waiting)
    for flow in journey.flows:
        if flow.source != flow.target:
            if flow.source in backstage:
                after[flow.source].append(flow.target)
            if flow.target in backstage:
                before[flow.target].append(flow.source)
    # Each pass places what the flow already pins down; a chain of backstage steps needs one
    # pass per link, and a pass that places nothing ends the search.
    while waiting:
        still = []
        for step_id in waiting:
            column = _between(
                [spans[p][1] for p in before[step_id] if p in spans],
                [spans[s][0] for s in after[step_id] if s in spans],
            )
            if column is None:
                still.append(step_id)
            else:
                column = min(max(column, 0), last_column)
                spans[step_id] = (column, column)
        if len(still) == len(waiting):
            break
        waiting = still
    _by_list_order(journey, spans, set(waiting))
    return spans


def _between(predecessors: list[int], successors: list[int]) -> int | None:
    """The column after the predecessors and before the successors (half way when both
    exist), or None when neither is placed yet."""
    after_them = max(predecessors) + 1 if predecessors else None
    before_them = min(successors) - 1 if successors else None
    if after_them is None and before_them is None:
        return None
    if after_them is None:
        return max(0, before_them or 0)
    if before_them is None:
        return after_them
    return (after_them + before_them + 1) // 2


def _by_list_order(journey: JourneyMap, spans: dict[str, Span], unplaced: set[str]) -> None:
    """Steps the flow says nothing about go beside the step before them in the list."""
    previous: Span | None = None
    for step in journey.process_steps:
        if step.id in unplaced:
            spans[step.id] = (previous[1], previous[1]) if previous else (0, 0)
        previous = spans[step.id]
