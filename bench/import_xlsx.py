"""Excel import figures on the large map.

``xlsx_import_s_large``: seconds for ``read_workbook`` on the large map's exported workbook,
from the file on disk to the checked map (zip checks, every sheet's cells, the elements, the
model's integrity check).

``xlsx_import_ratio_vs_openpyxl``: that time over a baseline measured in the same run:
openpyxl's read-only reader handing over every value of the sheets the importer reads
(``iter_rows(values_only=True)``), building nothing from them. Issue 12's goal: at most 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import load_workbook

from journeymapper.export.workbook import write_workbook
from journeymapper.export.xlsx_import import SHEETS_READ, read_workbook

if TYPE_CHECKING:
    from bench.run import Bench, Figures


def measure_xlsx_import(bench: Bench) -> Figures:
    """Median seconds to import the large map's workbook, and the same-run baseline."""
    # Imported here: bench.run imports this module to list it among its measurements.
    from bench.run import paired_median_ms

    path = bench.workdir / "import_large.xlsx"
    write_workbook(bench.large, path)
    repeat = max(3, min(bench.repeat, 9))
    ours_ms, baseline_ms = paired_median_ms(
        lambda: read_workbook(path), lambda: openpyxl_cells(path), repeat
    )
    return {
        "xlsx_import_s_large": ours_ms / 1000,
        "xlsx_import_openpyxl_s": baseline_ms / 1000,
        "xlsx_import_ratio_vs_openpyxl": ours_ms / baseline_ms,
        "xlsx_import_cells_large": openpyxl_cells(path),
    }


def openpyxl_cells(path: Path) -> int:
    """Every value of the sheets the importer reads, through openpyxl's read-only reader;
    how many there are."""
    book = load_workbook(path, read_only=True)
    try:
        return sum(
            len(row)
            for sheet in SHEETS_READ
            for row in book[sheet.name].iter_rows(values_only=True)
        )
    finally:
        book.close()
