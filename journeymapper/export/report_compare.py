"""The report's comparison page: what changed between two states of the journey (two maps, or
the as-is and to-be curves of one), one table per kind of change, as ``compare`` found it."""

from __future__ import annotations

from itertools import groupby

from reportlab.platypus import Flowable, Spacer

from journeymapper.export.report_tables import table
from journeymapper.export.report_text import ReportText
from journeymapper.model.compare import Comparison
from journeymapper.model.compare_rows import LEAD_TIME, ChangeRow, change_rows

_WHERE = "the comparison page"
# Column shares of the page width: element, id, before, after, change, detail.
_SHARES = (0.25, 0.21, 0.07, 0.07, 0.07, 0.33)
_HEADER = ("Element", "Id", "Before", "After", "Change", "Detail")


def comparison_section(text: ReportText, comparison: Comparison, width: float) -> list[Flowable]:
    """A heading naming both sides, the lead time against the promise, then each group of
    changes under its own heading with its count."""
    story: list[Flowable] = [
        text.own("What changed", "h1"),
        text.own(
            f"From {text.clean(comparison.before_name, _WHERE, 300)} "
            f"to {text.clean(comparison.after_name, _WHERE, 300)}",
            "muted",
        ),
        Spacer(1, 6),
    ]
    rows = change_rows(comparison)
    if not [row for row in rows if row.change != LEAD_TIME]:
        story.append(
            text.own("No changes in findings, Moments of Truth, emotions, steps or touchpoints.")
        )
    widths = [share * width for share in _SHARES]
    for change, group in groupby(rows, key=lambda row: row.change):
        members = list(group)
        cells = [_cells(text, row, widths) for row in members]
        story += [
            text.own(f"{change} ({len(members)})", "h2"),
            table(text, list(_HEADER), cells, widths),
        ]
    return story


def _cells(text: ReportText, row: ChangeRow, widths: list[float]) -> list[Flowable]:
    values = [
        "; ".join(row.titles) or row.change,
        ", ".join(row.ids),
        _number(row.before),
        _number(row.after),
        _signed(row.difference),
        row.detail,
    ]
    return [text.cell(value, w, _WHERE) for value, w in zip(values, widths, strict=True)]


def _number(value: float | None) -> str:
    return "" if value is None else f"{round(value, 2):g}"


def _signed(value: float | None) -> str:
    return "" if value is None else f"{round(value, 2):+g}"
