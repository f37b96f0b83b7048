"""The shape of the Excel workbook, shared by the exporter and the importer.

Each sheet is one Excel table. A column is either *kept* (the importer reads it back into the
map) or *derived* (computed on export from the rest of the map, such as findings or the phase
of a touchpoint, and ignored on import). References between elements are written twice: as
the name a person reads and edits, and as the stable id in a column of its own, so that a map
whose names repeat still comes back exactly.

Cell text follows the escaping of the Office Open XML string type: a carriage return is
written as ``_x000D_`` (XML readers would turn a raw one into a line feed) and text that
happens to look like such an escape gets its underscore escaped as ``_x005F_``. Lists of texts
(pain points, goals) are one item per line, or a JSON array when lines cannot say it exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple

import pydantic_core

ColumnType = Literal["text", "number", "integer", "boolean", "list"]

# Excel keeps at most this many characters in a cell; openpyxl cuts longer text silently.
CELL_LIMIT = 32_767
# The key of the map's own unknown fields on the hidden sheet of elements; not a valid id.
MAP_KEY = "(map)"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, what it holds, and whether import reads it."""

    header: str
    type: ColumnType = "text"
    width: int = 14
    derived: bool = False


@dataclass(frozen=True)
class Sheet:
    """One worksheet holding one Excel table."""

    name: str
    table: str
    columns: tuple[Column, ...]
    note: str = ""
    hidden: bool = False

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)


def _col(header: str, type_: ColumnType = "text", width: int = 14) -> Column:
    return Column(header, type_, width)


def _derived(header: str, type_: ColumnType = "text", width: int = 14) -> Column:
    return Column(header, type_, width, derived=True)


ORDER = _col("Order", "integer", 8)
ID = _col("Id", width=16)

TOUCHPOINTS = Sheet(
    "Touchpoints",
    "Touchpoints",
    (
        ORDER,
        ID,
        _derived("Phase", "list"),
        _col("Customer steps", "list", 26),
        _col("Touchpoint", width=30),
        _col("Channel"),
        _col("Owner", width=18),
        _col("Kind"),
        _derived("Emotion", "number", 10),
        _derived("Moment of Truth", "boolean", 10),
        _derived("Process steps", "list", 26),
        _derived("Metrics", "list", 26),
        _derived("Findings", "list", 50),
        _col("Note", width=30),
        _col("Customer step ids", "list", 18),
        _col("Channel id"),
        _col("Owner id"),
    ),
)
STEPS = Sheet(
    "Steps",
    "Steps",
    (
        ORDER,
        ID,
        _col("Phase", width=18),
        _col("Step", width=30),
        _col("Emotion", "number", 10),
        _col("Moment of Truth", "boolean", 10),
        _col("Note", width=30),
        _col("Quote", width=24),
        _col("Pain points", "list", 30),
        _col("Ideas", "list", 30),
        _derived("Touchpoints", "list", 26),
        _col("Phase id"),
    ),
    note="Emotion is the value on the curve whose id the Map sheet names in the row "
    "'Steps emotion curve (curve id)'; the other curves' values are on Curve points.",
)
PROCESS_STEPS = Sheet(
    "Process steps",
    "ProcessSteps",
    (
        ORDER,
        ID,
        _col("Process step", width=30),
        _col("Department", width=18),
        _col("Duration", "number", 10),
        _col("Duration unit"),
        _col("Customer steps served", "list", 26),
        _col("Starts chain", "boolean", 10),
        _col("Ends chain", "boolean", 10),
        _col("Note", width=30),
        _col("Department id"),
        _col("Customer step ids", "list", 18),
    ),
)
HANDOVERS = Sheet(
    "Handovers",
    "Handovers",
    (
        ORDER,
        ID,
        _col("From step", width=26),
        _derived("From department", width=18),
        _col("To step", width=26),
        _derived("To department", width=18),
        _derived("Across departments", "boolean", 10),
        _col("Label", width=18),
        _col("Agreement", "boolean", 10),
        _col("Agreed max wait", "number", 10),
        _col("Agreed max wait unit"),
        _col("Information passed", width=26),
        _col("Handover owner", width=18),
        _col("Measured wait", "number", 10),
        _col("Measured wait unit"),
        _derived("Gap", "boolean", 8),
        _derived("Gap reason", width=40),
        _col("Culture", width=20),
        _col("Relation", width=20),
        _col("Procedure", width=20),
        _col("Content", width=20),
        _col("From step id"),
        _col("To step id"),
    ),
    note="Every flow between process steps; a handover when the departments differ.",
)
FINDINGS = Sheet(
    "Findings",
    "Findings",
    (
        _derived("Kind", width=22),
        _derived("Severity", width=10),
        _derived("Message", width=70),
        _derived("Elements", "list", 30),
        _derived("Element ids", "list", 18),
    ),
    note="Computed from the map on export; the importer does not read this sheet.",
)
METRICS = Sheet(
    "Metrics and initiatives",
    "MetricsAndInitiatives",
    (
        ORDER,
        ID,
        _col("Type", width=10),
        _col("Name", width=26),
        _col("Attached to", width=24),
        _derived("Attached kind", width=14),
        _col("Value", "number", 10),
        _col("Unit", width=8),
        _col("Target", "number", 10),
        _col("Trend %", "number", 10),
        _col("Higher is better", "boolean", 10),
        _col("Status", width=10),
        _col("Contact", width=18),
        _col("Note", width=30),
        _col("Attached to id"),
    ),
)
PHASES = Sheet(
    "Phases",
    "Phases",
    (
        ORDER,
        ID,
        _col("Phase", width=24),
        _col("Description", width=40),
        _col("Contact reasons", "list", 30),
    ),
)
CHANNELS = Sheet("Channels", "Channels", (ORDER, ID, _col("Channel", width=20), _col("Colour")))
DEPARTMENTS = Sheet(
    "Departments",
    "Departments",
    (ORDER, ID, _col("Department", width=22), _col("Kind"), _col("Colour")),
)
PERSONAS = Sheet(
    "Personas",
    "Personas",
    (
        ORDER,
        ID,
        _col("Persona", width=24),
        _col("Profile", width=40),
        _col("Goals", "list", 30),
        _col("Quote", width=30),
    ),
)
CURVES = Sheet(
    "Curves",
    "Curves",
    (
        ORDER,
        ID,
        _col("Curve", width=22),
        _col("Kind"),
        _col("State"),
        _col("Persona", width=20),
        _col("Persona id"),
    ),
    note="The emotions of the curve the Map sheet names (row 'Steps emotion curve (curve id)') "
    "are on the Steps sheet, the others' on Curve points. The first curve by Order is the one "
    "the app draws and analyses.",
)
CURVE_POINTS = Sheet(
    "Curve points",
    "CurvePoints",
    (
        _col("Curve", width=22),
        _col("Step", width=30),
        _col("Emotion", "number", 10),
        _col("Curve id"),
        _col("Step id"),
    ),
    note="Emotions on every curve but the one whose values are on the Steps sheet.",
)
TOUCHPOINT_STEPS = Sheet(
    "Touchpoints by step",
    "TouchpointsByStep",
    (
        _derived("Phase", width=18),
        _derived("Step", width=30),
        _derived("Emotion", "number", 10),
        _derived("Moment of Truth", "boolean", 10),
        _derived("Touchpoint", width=30),
        _derived("Channel"),
        _derived("Owner", width=18),
        _derived("Kind"),
        _derived("Step id"),
        _derived("Touchpoint id"),
    ),
    note="One row per touchpoint and customer step it belongs to, with that step's phase and "
    "its emotion on the map's first curve: made for pivot tables and filters. Computed on "
    "export; the importer does not read this sheet (edit the Touchpoints sheet).",
)
EMOTIONS = Sheet(
    "Emotions",
    "Emotions",
    (
        _derived("Phase", width=18),
        _derived("Step", width=30),
        _derived("Curve", width=22),
        _derived("Persona", width=20),
        _derived("Emotion", "number", 10),
        _derived("Step id"),
        _derived("Curve id"),
    ),
    note="The emotion of every customer step on every curve, one row each (empty where the "
    "curve has no value). Computed on export; the importer reads the emotions from the "
    "Steps and Curve points sheets.",
)
MAP = Sheet("Map", "MapFields", (_col("Field", width=30), _col("Value", width=60)))
ELEMENTS = Sheet(
    "_elements",
    "ElementIndex",
    (_col("Id", width=20), _col("Exported name", width=30), _col("Fields (JSON)", width=60)),
    note="Every element as exported: its name then (so that a rename on one sheet does not "
    "break the references on the others) and the fields a newer journeymapper wrote.",
    hidden=True,
)

SHEETS: tuple[Sheet, ...] = (
    TOUCHPOINTS,
    STEPS,
    PROCESS_STEPS,
    HANDOVERS,
    FINDINGS,
    METRICS,
    PHASES,
    CHANNELS,
    DEPARTMENTS,
    PERSONAS,
    CURVES,
    CURVE_POINTS,
    TOUCHPOINT_STEPS,
    EMOTIONS,
    MAP,
    ELEMENTS,
)

# The rows of the Map sheet: field label, the JourneyMap field path, and what the value is.
MapRow = tuple[str, str, ColumnType]
MAP_ROWS: tuple[MapRow, ...] = (
    ("Title", "title", "text"),
    ("Description", "description", "text"),
    ("Scenario", "scenario", "text"),
    ("Emotion scale", "scale.kind", "text"),
    ("Scale minimum", "scale.minimum", "number"),
    ("Scale maximum", "scale.maximum", "number"),
    ("Scale neutral", "scale.neutral", "number"),
    ("Okay band from", "scale.okay_band.0", "number"),
    ("Okay band to", "scale.okay_band.1", "number"),
    ("Excellent from", "scale.excellent_from", "number"),
    ("Promised lead time", "promised_lead_time.value", "number"),
    ("Promised lead time unit", "promised_lead_time.unit", "text"),
    ("Promise from (process step id)", "promise_from", "text"),
    ("Promise to (process step id)", "promise_to", "text"),
    ("Bands turned on", "view.shown", "text"),
    ("Bands turned off", "view.hidden", "text"),
    ("Format version", "format_version", "text"),
    ("App version", "app_version", "text"),
)
# The Map rows holding the view's band lists, one cell each (see ``band_list_text``).
BAND_LIST_PATHS = ("view.shown", "view.hidden")
_PLAIN_BAND = re.compile(r"[A-Za-z0-9_.:-]+")


def band_list_text(names: list[str]) -> str | None:
    """A list of band names in one cell: ``pain_points, quotes``, or as a JSON list when a
    name would not survive that (a comma or space in it); None for no names."""
    if not names:
        return None
    if all(_PLAIN_BAND.fullmatch(name) for name in names):
        return ", ".join(names)
    return json.dumps(names)


def band_list(text: str | None) -> list[str] | None:
    """The names ``band_list_text`` wrote (or a person typed); None when ``text`` is a JSON
    list of something else than names."""
    if text is None or not text.strip():
        return []
    if text.lstrip().startswith("["):
        try:
            names = json.loads(text)
        except ValueError:
            return None
        ok = isinstance(names, list) and all(isinstance(name, str) for name in names)
        return names if ok else None
    return [name.strip() for name in text.split(",") if name.strip()]


# A Map row that is no field of the map: the id of the curve whose emotions the Steps sheet's
# Emotion column holds. It ties that column to a curve rather than to a place in the Curves
# table, so reordering the curves cannot hand those emotions to another curve.
STEPS_CURVE_FIELD = "Steps emotion curve (curve id)"

# -- text ------------------------------------------------------------------------------------

# What XML 1.0 cannot hold at all (C0 controls but tab, line feed and carriage return; lone
# surrogates; U+FFFE and U+FFFF). Excel could store the controls escaped, but a person reading
# the sheet gains nothing from them, so they are dropped and the export says so.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Characters Excel writes escaped; other escapes stay as they are, in case openpyxl already
# undid an underscore escape of a shared string (it does that, and only that).
_UNESCAPED_CODES = frozenset([*range(0x20), 0x5F])


def escape_text(text: str) -> str:
    """Text as it must stand in the sheet XML so that Excel (and we) read ``text`` back."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub("_x005F_", text)
    if "\r" in text:
        text = text.replace("\r", "_x000D_")
    return text


def unescape_text(text: str) -> str:
    """The inverse of ``escape_text``, also for text Excel itself escaped."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(_unescape_one, text)


def _unescape_one(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code in _UNESCAPED_CODES else match.group(0)


def encode_list(items: list[str]) -> str:
    """One item per line, or a JSON array when lines would not give the same items back."""
    if not items:
        return ""
    plain = all(item and "\n" not in item and "\r" not in item for item in items)
    if plain and not items[0].startswith("["):
        return "\n".join(items)
    return json.dumps(items, ensure_ascii=False)


def decode_list(text: str) -> list[str]:
    """The items of a cell written by ``encode_list``, or typed by a person one per line."""
    if text.startswith("["):
        try:
            value = pydantic_core.from_json(text, allow_inf_nan=False)
        except ValueError:
            value = None
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
    return [line for line in text.split("\n") if line]


# -- fitting text into cells -----------------------------------------------------------------


def fitted_text(text: str, limit: int = CELL_LIMIT) -> str:
    """The escaped form of the longest start of ``text`` whose escaped form fits ``limit``."""
    return escape_text(text[: _fitting_start(text, limit)])


def split_text(text: str, limit: int = CELL_LIMIT) -> list[str]:
    """``text`` in pieces whose escaped forms each fit ``limit``; joined, they are ``text``."""
    pieces: list[str] = []
    while text:
        keep = _fitting_start(text, limit)
        pieces.append(text[:keep])
        text = text[keep:]
    return pieces


def _fitting_start(text: str, limit: int) -> int:
    """How many characters of ``text`` fit ``limit`` once escaped. Cutting before escaping
    never splits an escape sequence; an escape is at most 7 characters, so for a limit of 7 or
    more at least one character fits and splitting always moves on."""
    keep = min(len(text), limit)
    escaped = len(escape_text(text[:keep]))
    while escaped > limit:
        keep -= max(1, (escaped - limit) // 7)
        escaped = len(escape_text(text[:keep]))
    return keep


class FittedList(NamedTuple):
    """A list cell that fits: its escaped text, how many items it holds and whether the last
    of them had to be cut (only when even the first item alone is too long). A named tuple:
    one is made for every list cell of a workbook, and tuples are made fastest."""

    text: str
    kept: int
    cut: bool = False


def fitted_list(
    items: list[str], encode: Callable[[list[str]], str] = encode_list, limit: int = CELL_LIMIT
) -> FittedList:
    """The cell of the longest start of ``items`` that fits ``limit``, whole items only, so
    that what is left decodes to the same items (a JSON array cut in the middle would not).
    Only when the first item alone is too long is it cut, and kept as the one item."""

    whole = escape_text(encode(items))
    if len(whole) <= limit:
        return FittedList(whole, len(items))

    def size(count: int) -> int:
        return len(escape_text(encode(items[:count])))

    # The size grows with the count: find the largest count that fits (0 always does).
    low, high = 0, len(items) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if size(middle) <= limit:
            low = middle
        else:
            high = middle - 1
    if low:
        return FittedList(escape_text(encode(items[:low])), low)
    return FittedList(_cut_item(items[0], encode, limit), 1, cut=True)


def _cut_item(item: str, encode: Callable[[list[str]], str], limit: int) -> str:
    """The escaped cell of the longest start of ``item`` that fits as a one-item list."""
    low, high = 0, len(item)
    while low < high:
        middle = (low + high + 1) // 2
        if len(escape_text(encode([item[:middle]]))) <= limit:
            low = middle
        else:
            high = middle - 1
    return escape_text(encode([item[:low]]))
