"""The workbook's comparison sheet: what changed between two states of the journey, one row per
change, as ``compare`` found it. Every column is derived: the importer never reads this sheet."""

from __future__ import annotations

from journeymapper.export.workbook_rows import Row, SheetRows
from journeymapper.export.workbook_schema import Column, Sheet
from journeymapper.model.compare import Comparison
from journeymapper.model.compare_rows import change_rows

COMPARISON = Sheet(
    "Comparison",
    "Comparison",
    (
        Column("Change", width=30, derived=True),
        Column("Kind", width=24, derived=True),
        Column("Ids", "list", 22, derived=True),
        Column("Titles", "list", 34, derived=True),
        Column("Before", "number", 10, derived=True),
        Column("After", "number", 10, derived=True),
        Column("Difference", "number", 10, derived=True),
        Column("Detail", width=60, derived=True),
    ),
)


def comparison_sheet(comparison: Comparison) -> SheetRows:
    """The sheet's rows, with a note on the header naming both sides of the comparison."""
    sheet = Sheet(
        COMPARISON.name,
        COMPARISON.table,
        COMPARISON.columns,
        note=f"What changed from {comparison.before_name} to {comparison.after_name}. "
        "Numbers are emotion values, or working days for the end-to-end lead time.",
    )
    rows: list[Row] = [
        [
            row.change,
            row.kind,
            list(row.ids),
            list(row.titles),
            row.before,
            row.after,
            row.difference,
            row.detail,
        ]
        for row in change_rows(comparison)
    ]
    return SheetRows(sheet, rows)


def with_comparison(sheets: list[SheetRows], comparison: Comparison | None) -> list[SheetRows]:
    """``sheets`` with the comparison sheet after the last visible one (before the hidden
    sheets the importer reads), or unchanged without a comparison."""
    if comparison is None:
        return sheets
    visible = next((i for i, s in enumerate(sheets) if s.sheet.hidden), len(sheets))
    return [*sheets[:visible], comparison_sheet(comparison), *sheets[visible:]]
