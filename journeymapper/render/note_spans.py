"""Which columns the cards of the workshop's bands cover: pain points, ideas, quotes, metrics
and initiatives.

A pain point, idea or quote belongs to one customer step and stands in that step's column;
a step with several pain points (or ideas) gets one card for each, stacked in its column, so
none is lost. A metric or initiative stands in a column of the phase, step or
touchpoint it is attached to (a touchpoint at steps apart: of its first run of neighbouring
steps, the card it is first drawn as); several attached to one phase stand side by side over
its columns, one column each, before they take a second row.

Plain data in, plain data out: the layout stacks these spans into rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from journeymapper.model.elements import JourneyMap

Span = tuple[int, int]
# (owner id, index) -> (first column, last column); the owner is the step of a pain point,
# idea or quote (the index counts its pain points or ideas), or the metric or initiative.
Spans = dict[tuple[str, int], Span]

PAIN_POINTS = "pain_points"
IDEAS = "ideas"
QUOTES = "quotes"
METRICS = "metrics"
INITIATIVES = "initiatives"


def note_spans(
    journey: JourneyMap,
    band: str,
    column_of: Mapping[str, int],
    phase_spans: Mapping[str, Span],
    unattached_column: int,
) -> Spans:
    """The spans of the cards of ``band`` (one of the names above); empty for another band.
    ``unattached_column`` is where a touchpoint at no step stands."""
    if band in (PAIN_POINTS, IDEAS):
        return _step_lists(journey, band, column_of)
    if band == QUOTES:
        return {
            (step.id, 0): (column_of[step.id], column_of[step.id])
            for step in journey.steps()
            if step.quote.strip() and step.id in column_of
        }
    if band in (METRICS, INITIATIVES):
        attached = _attachment_spans(journey, column_of, phase_spans, unattached_column)
        items = journey.metrics if band == METRICS else journey.initiatives
        spans: Spans = {}
        placed: dict[str, int] = {}  # how many cards each element has so far
        for item in items:
            span = attached(item.attached_to)
            if span is None:
                continue
            # Side by side over the columns of what they belong to, a column each, before
            # a second row: a phase's dashboard takes the phase's width, not its height.
            number = placed.get(item.attached_to, 0)
            placed[item.attached_to] = number + 1
            column = span[0] + number % (span[1] - span[0] + 1)
            spans[(item.id, 0)] = (column, column)
        return spans
    return {}


def _step_lists(journey: JourneyMap, band: str, column_of: Mapping[str, int]) -> Spans:
    spans: Spans = {}
    for step in journey.steps():
        column = column_of.get(step.id)
        if column is None:
            continue
        texts = step.pain_points if band == PAIN_POINTS else step.ideas
        for n, text in enumerate(texts):
            if text.strip():  # a blank line in the list has nothing to show
                spans[(step.id, n)] = (column, column)
    return spans


def _attachment_spans(
    journey: JourneyMap,
    column_of: Mapping[str, int],
    phase_spans: Mapping[str, Span],
    unattached_column: int,
) -> Callable[[str], Span | None]:
    """Where a metric or initiative attached to a phase, step or touchpoint stands."""
    touchpoint_steps = {t.id: t.steps for t in journey.touchpoints}

    def span(element_id: str) -> Span | None:
        if element_id in phase_spans:
            return phase_spans[element_id]
        if element_id in column_of:
            column = column_of[element_id]
            return (column, column)
        steps = touchpoint_steps.get(element_id)
        if steps is None:
            return None
        columns = sorted({column_of[s] for s in steps if s in column_of})
        if not columns:
            return (unattached_column, unattached_column)
        last = columns[0]
        for column in columns[1:]:  # the first run of neighbouring columns
            if column != last + 1:
                break
            last = column
        return (columns[0], last)

    return span
