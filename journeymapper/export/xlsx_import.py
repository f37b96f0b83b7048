"""Reading an exported workbook, edited or not, back into a journey map.

``read_workbook`` checks the file before openpyxl opens it (see ``xlsx_safety``), reads every
sheet, builds the whole map, runs the model's integrity check and only then returns it: a
problem anywhere means no map at all, never part of one. Every problem found is reported at
once (``xlsx_problems``), each naming the sheet, row and column in the workbook's own words,
such as ``Touchpoints row 7, column Channel: no channel named 'Fax'``.

What a person may do in Excel or LibreOffice: change cells, add rows (leave the Id empty;
references by name), delete rows (an element still named elsewhere is then reported there),
sort and filter, reorder curves (the Map sheet ties the Steps sheet's emotions to a curve id,
not to the first curve). Derived columns and sheets, such as findings, are recomputed by the
app. What would be lost is reported instead: columns and sheets of a person's own, rows below
a table, merged cells, formulas (but for a constant such as LibreOffice's ``FALSE()``). What
the editor refuses is refused here too: a flow from a process step to itself, or a second flow
between the same two steps (the model itself allows both).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic_core
from openpyxl.workbook.workbook import Workbook
from pydantic import ValidationError

from journeymapper.export.common import ExportError
from journeymapper.export.workbook_compare import COMPARISON
from journeymapper.export.workbook_rows import SHEET_BUILDERS
from journeymapper.export.workbook_schema import (
    BAND_LIST_PATHS,
    CHANNELS,
    CURVE_POINTS,
    CURVES,
    DEPARTMENTS,
    ELEMENTS,
    HANDOVERS,
    MAP,
    MAP_KEY,
    MAP_ROWS,
    METRICS,
    PERSONAS,
    PHASES,
    PROCESS_STEPS,
    STEPS,
    STEPS_CURVE_FIELD,
    TOUCHPOINTS,
    Sheet,
    band_list,
)
from journeymapper.export.xlsx_elements import Builder, Tree, in_words, merge_extras, word
from journeymapper.export.xlsx_problems import Echo, Problems
from journeymapper.export.xlsx_refs import Registry
from journeymapper.export.xlsx_safety import opened, read_checked
from journeymapper.export.xlsx_sheets import Row, read_rows
from journeymapper.model.elements import EmotionScale, JourneyMap
from journeymapper.model.errors import MapFileError, quoted
from journeymapper.model.fileformat import CURRENT_VERSION, FormatVersion, check_integrity

# Columns a person may delete: the order (rows then keep their sheet order), the ids (names
# then decide) and every id column beside a reference.
_OPTIONAL = frozenset(
    {"Order", "Id", "Customer step ids", "Channel id", "Owner id", "Phase id", "Department id"}
    | {"From step id", "To step id", "Persona id", "Curve id", "Step id", "Attached to id"}
)
_ELEMENT_SHEETS = (
    PHASES,
    STEPS,
    CHANNELS,
    DEPARTMENTS,
    PERSONAS,
    TOUCHPOINTS,
    PROCESS_STEPS,
    HANDOVERS,
    CURVES,
    CURVE_POINTS,
    METRICS,
)
# Every sheet the importer reads (the others are computed on export, and skipped).
SHEETS_READ = (*_ELEMENT_SHEETS, MAP, ELEMENTS)
_LISTS = (
    *("personas", "phases", "curves", "channels", "departments", "touchpoints"),
    *("process_steps", "flows", "metrics", "initiatives"),
)


def _quietly(_what: str) -> None:
    """The default ``stage``: nobody is watching."""


def read_workbook(path: Path, stage: Callable[[str], None] = _quietly) -> JourneyMap:
    """The map in the workbook at ``path``, whole and checked, or ExportError listing every
    problem found (see ``xlsx_problems``).

    ``stage`` is told what is being read (the GUI shows it, and stops a cancelled import by
    raising from it: nothing is returned then, never part of a map)."""
    source = path.name
    data = read_checked(path)
    problems = Problems(source)
    stage("Opening the workbook")
    with opened(data, source) as book:
        missing = [s.name for s in (*_ELEMENT_SHEETS, MAP) if s.name not in book.sheetnames]
        if missing:
            names = ", ".join(quoted(name) for name in missing)
            raise ExportError(
                f"{source}: the sheet{'s' if len(missing) > 1 else ''} {names} "
                f"{'are' if len(missing) > 1 else 'is'} missing; is this a workbook "
                "journeymapper exported?"
            )
        _check_sheet_names(book, problems)
        sheets: dict[str, list[Row] | None] = {}
        for number, sheet in enumerate(_ELEMENT_SHEETS, start=1):
            stage(f"Reading the sheet {sheet.name} ({number} of {len(_ELEMENT_SHEETS)})")
            sheets[sheet.name] = read_rows(book, sheet, source, _OPTIONAL, problems)
        stage("Reading the sheets Map and Elements")
        map_rows = read_rows(book, MAP, source, frozenset(), problems)
        index = (
            read_rows(book, ELEMENTS, source, frozenset(), problems) if _has(book, ELEMENTS) else []
        )
    whole = {name: rows for name, rows in sheets.items() if rows is not None}
    if len(whole) < len(sheets) or map_rows is None or index is None:
        problems.raise_any()  # a sheet that is no table of ours: its rows cannot be checked
    stage("Building and checking the map")
    return _assemble(whole, map_rows or [], index or [], problems)


def _has(book: Workbook, sheet: Sheet) -> bool:
    return sheet.name in book.sheetnames


def _check_sheet_names(book: Workbook, problems: Problems) -> None:
    """A sheet a person added would be lost on import: it is reported. Every sheet the
    exporter writes is known, read or not (see ``workbook_rows.SHEET_BUILDERS``), the
    comparison sheet of an export with ``--compare-with`` too."""
    known = {sheet.name for sheet, _build in SHEET_BUILDERS} | {COMPARISON.name}
    for name in book.sheetnames:
        if name not in known:
            problems.add(
                f"{problems.source}: the sheet {quoted(name)} is not one journeymapper "
                "exports, so it would not be imported; delete it or move it to a workbook "
                "of its own"
            )


def _assemble(
    sheets: dict[str, list[Row]], map_rows: list[Row], index: list[Row], problems: Problems
) -> JourneyMap:
    source = problems.source
    extras: dict[str, Tree] = {}
    with problems.noted():
        extras = _extras(index)
    exported: dict[str, str] = {}
    for row in index:  # an element's first row; the rows after it continue its JSON
        exported.setdefault(row.text("Id").strip(), row.text("Exported name"))
    steps_curve = None
    fields: dict[str, Any] = {}
    field_rows: dict[str, Row] = {}
    scale: EmotionScale | None = None
    with problems.noted():
        steps_curve = _steps_curve_row(map_rows)
        fields, field_rows = _map_fields([row for row in map_rows if row is not steps_curve])
        merge_extras(fields, extras.get(MAP_KEY), JourneyMap)
        scale = _validated_map(fields, field_rows).scale
    build = Builder(Registry(exported), extras, scale, problems)
    phases = build.phases(sheets[PHASES.name])
    steps = build.steps(sheets[STEPS.name])
    lists: dict[str, list[Any]] = {
        "channels": build.channels(sheets[CHANNELS.name]),
        "departments": build.departments(sheets[DEPARTMENTS.name]),
        "personas": build.personas(sheets[PERSONAS.name]),
    }
    lists["touchpoints"] = build.touchpoints(sheets[TOUCHPOINTS.name])
    lists["process_steps"] = build.process_steps(sheets[PROCESS_STEPS.name])
    lists["flows"] = build.flows(sheets[HANDOVERS.name])
    curves = build.curves(sheets[CURVES.name])
    with problems.noted():
        lists["phases"] = build.phase_models(phases, steps)
    with problems.noted():
        lists["curves"] = build.curve_models(curves, sheets[CURVE_POINTS.name], steps_curve)
    lists["metrics"], lists["initiatives"] = build.metrics(sheets[METRICS.name])
    with problems.noted():
        _check_promise(fields, field_rows, build.registry)
    problems.raise_any()
    try:
        journey = JourneyMap.model_validate({**fields, **{name: lists[name] for name in _LISTS}})
        check_integrity(journey, source)
    except ValidationError as error:
        raise ExportError(f"{source}: {error.errors(include_url=False)[0]['msg']}") from None
    except MapFileError as error:
        raise ExportError(str(error)) from None
    return journey


def _steps_curve_row(rows: list[Row]) -> Row | None:
    """The Map row naming the curve of the Steps sheet's emotions (no field of the map)."""
    found = [row for row in rows if row.text("Field").strip() == STEPS_CURVE_FIELD]
    if len(found) > 1:
        raise found[1].fail(
            "Field", f"{quoted(STEPS_CURVE_FIELD)} is also on row {found[0].excel_row}"
        )
    return found[0] if found else None


def _map_fields(rows: list[Row]) -> tuple[dict[str, Any], dict[str, Row]]:
    """The map's own fields from the Map sheet, as nested dicts, and the row of each path."""
    known = {label: (path, kind) for label, path, kind in MAP_ROWS}
    fields: dict[str, Any] = {}
    field_rows: dict[str, Row] = {}
    for row in rows:
        label = row.text("Field").strip()
        if label not in known:
            raise row.fail("Field", f"{quoted(label)} is not a field of the map")
        path, kind = known[label]
        if path in field_rows:
            raise row.fail("Field", f"{quoted(label)} is also on row {field_rows[path].excel_row}")
        value: Any = row.number("Value") if kind == "number" else row.optional_text("Value")
        if path.endswith((".kind", ".unit")):
            value = word(row, "Value")
        field_rows[path] = row
        _put(fields, path, value)
    _tidy(fields, field_rows)
    return fields, field_rows


def _put(fields: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = fields
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _tidy(fields: dict[str, Any], rows: dict[str, Row]) -> None:
    """Empty cells mean "none" for optional parts and "empty" for texts."""
    for name in ("title", "description", "scenario", "app_version"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    scale = fields.get("scale")
    if isinstance(scale, dict):
        band = scale.pop("okay_band", None)
        if band is not None:
            low, high = band.get("0"), band.get("1")
            if (low is None) != (high is None):
                row = rows["scale.okay_band.0" if low is None else "scale.okay_band.1"]
                raise row.fail("Value", "the okay band needs both ends, or neither")
            scale["okay_band"] = None if low is None else (low, high)
        for key in ("kind", "minimum", "maximum", "neutral"):
            if scale.get(key, 0) is None:
                del scale[key]
    view = fields.get("view")
    if isinstance(view, dict):
        for path in BAND_LIST_PATHS:
            key = path.split(".")[1]
            if key in view:
                names = band_list(view[key])
                if names is None:
                    raise rows[path].fail("Value", "expected band names separated by commas")
                view[key] = names
    lead = fields.get("promised_lead_time")
    if isinstance(lead, dict):
        if lead.get("value") is None:
            fields["promised_lead_time"] = None
        elif lead.get("unit") is None:
            lead.pop("unit", None)
    _check_version(fields, rows)


def _check_version(fields: dict[str, Any], rows: dict[str, Row]) -> None:
    text = fields.get("format_version")
    if text is None:
        fields.pop("format_version", None)
        return
    version = FormatVersion.parse(text)
    if version is None or version.major != CURRENT_VERSION.major:
        raise rows["format_version"].fail(
            "Value",
            f"format version {quoted(text)} is not one this journeymapper reads "
            f"({CURRENT_VERSION.major}.x)",
        )
    fields["format_version"] = str(version)  # "1", as a number in a cell, reads as 1.0


def _validated_map(fields: dict[str, Any], rows: dict[str, Row]) -> JourneyMap:
    """The map's own fields checked alone, so that a problem names its row of the Map sheet."""
    try:
        return JourneyMap.model_validate(fields)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = _row_for(first["loc"], rows)
        if where is None:
            raise ExportError(f"Map: {first['msg']}") from None
        raise where.fail("Value", in_words(first, where.optional_text("Value"))) from None


def _row_for(loc: tuple[int | str, ...], rows: dict[str, Row]) -> Row | None:
    """The Map row of the field at ``loc``, or of the nearest field containing it."""
    parts = [str(part) for part in loc]
    while parts:
        prefix = ".".join(parts)
        for path, row in rows.items():
            if path == prefix or path.startswith(prefix + "."):
                return row
        parts.pop()
    return None


def _check_promise(fields: dict[str, Any], rows: dict[str, Row], registry: Registry) -> None:
    for name in ("promise_from", "promise_to"):
        target = fields.get(name)
        if target is None or registry.is_a(target, ("process_step",)):
            continue
        if registry.is_broken(target):  # its row's own problem is reported already
            raise Echo(f"Map: the promise names {quoted(target)}, a row that has a problem")
        raise rows[name].fail("Value", f"no process step with the id {quoted(target)}")


def _extras(rows: list[Row]) -> dict[str, Tree]:
    """Unknown fields by element id (``(map)`` for the map), from the hidden index sheet. JSON
    too long for one cell is on several rows with the same id, joined here in sheet order."""
    pieces: dict[str, list[str]] = {}
    first: dict[str, Row] = {}
    for row in rows:
        key = row.text("Id").strip()
        text = row.text("Fields (JSON)")
        if key and text:
            pieces.setdefault(key, []).append(text)
            first.setdefault(key, row)
    found: dict[str, Tree] = {}
    for key, texts in pieces.items():
        row = first[key]
        try:
            tree = pydantic_core.from_json("".join(texts), allow_inf_nan=False)
        except ValueError as error:
            raise row.fail("Fields (JSON)", f"not valid JSON ({error})") from None
        if not isinstance(tree, dict):
            raise row.fail("Fields (JSON)", "expected a JSON object")
        found[key] = tree
    return found
