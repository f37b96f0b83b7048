"""Excel workbook figures on the large map.

``xlsx_s_large``: seconds for ``write_workbook`` on the large map, from the map in memory to
the file safely on disk (rows, findings, tables, typed and checked cells, atomic write).

``xlsx_ratio_vs_baseline``: that time over a baseline measured in the same run: openpyxl's
streaming writer putting the very same cell values (lists joined into one text) into as many
sheets, with no tables, styles, comments or checks, saved straight to a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook

from journeymapper.export.workbook import write_workbook
from journeymapper.export.workbook_rows import SheetRows, workbook_rows

if TYPE_CHECKING:
    from bench.run import Bench, Figures

PlainSheet = tuple[str, list[list[object]]]


def measure_xlsx(bench: Bench) -> Figures:
    """Median seconds to write the large map's workbook, and the same-run baseline."""
    # Imported here: bench.run imports this module to list it among its measurements.
    from bench.run import paired_median_ms

    journey = bench.large
    ours_path = bench.workdir / "large.xlsx"
    baseline_path = bench.workdir / "baseline.xlsx"
    plain = [_plain(sheet_rows) for sheet_rows in workbook_rows(journey)]
    repeat = max(3, min(bench.repeat, 9))
    ours_ms, baseline_ms = paired_median_ms(
        lambda: write_workbook(journey, ours_path),
        lambda: _write_plain(plain, baseline_path),
        repeat,
    )
    ours_s, baseline_s = ours_ms / 1000, baseline_ms / 1000
    return {
        "xlsx_s_large": ours_s,
        "xlsx_baseline_s": baseline_s,
        "xlsx_ratio_vs_baseline": ours_s / baseline_s,
        "xlsx_cells_large": sum(len(rows) * len(rows[0]) for _name, rows in plain if rows),
    }


def _plain(sheet_rows: SheetRows) -> PlainSheet:
    header: list[object] = list(sheet_rows.sheet.headers)
    rows = [header] + [
        ["\n".join(value) if isinstance(value, list) else value for value in row]
        for row in sheet_rows.rows
    ]
    return sheet_rows.sheet.name, rows


def _write_plain(sheets: list[PlainSheet], path: Path) -> None:
    book = Workbook(write_only=True)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
