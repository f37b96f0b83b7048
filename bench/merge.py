"""Three-way merge figures on the large map (issue 12).

``merge_ms_large``: milliseconds for ``merge_maps`` of the large map with two versions that
each renamed a different tenth of the customer steps and set emotions there.

``merge_ratio_vs_dump``: that time over dumping the three versions to plain data (what any
field-by-field comparison must at least do), measured alternately in the same run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymapper.model.elements import JourneyMap
from journeymapper.model.merge import merge_maps

if TYPE_CHECKING:
    from bench.run import Bench, Figures


def measure_merge(bench: Bench) -> Figures:
    from bench.run import paired_median_ms  # bench.run imports this module

    base = bench.large
    ours, theirs = _edited(base, 0, "ours"), _edited(base, 5, "theirs")
    repeat = max(3, min(bench.repeat, 9))
    merge_ms, dump_ms = paired_median_ms(
        lambda: merge_maps(base, ours, theirs),
        lambda: [journey.model_dump(mode="json") for journey in (base, ours, theirs)],
        repeat,
    )
    return {"merge_ms_large": merge_ms, "merge_ratio_vs_dump": merge_ms / dump_ms}


def _edited(base: JourneyMap, offset: int, tag: str) -> JourneyMap:
    """A copy with every tenth step (from ``offset``) renamed and its emotion set."""
    journey = base.model_copy(deep=True)
    curve = journey.curves[0] if journey.curves else None
    for index, step in enumerate(journey.steps()):
        if index % 10 == offset:
            step.title = f"{step.title} ({tag})"
            if curve is not None:
                curve.points[step.id] = journey.scale.minimum
    return journey
