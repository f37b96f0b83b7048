"""Rows of the workbook back into the elements of a map, one sheet at a time.

Each row becomes a plain dict of fields, gets back the unknown fields kept on the hidden sheet,
and is validated by the element's own pydantic model; a problem is reported against the row
and the column it came from. Rows are taken in ``Order`` (see ``in_order``), so sorting a table
in Excel does not reorder the map.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from journeymapper.export.common import ExportError
from journeymapper.export.workbook_rows import INITIATIVE_TYPE, METRIC_TYPE
from journeymapper.export.workbook_schema import STEPS_CURVE_FIELD
from journeymapper.export.xlsx_problems import Echo, Problems
from journeymapper.export.xlsx_refs import Registry
from journeymapper.export.xlsx_sheets import Row
from journeymapper.model.elements import (
    Channel,
    CustomerStep,
    Department,
    EmotionCurve,
    EmotionScale,
    Flow,
    Initiative,
    Metric,
    Model,
    Persona,
    Phase,
    ProcessStep,
    Touchpoint,
)
from journeymapper.model.errors import quoted
from journeymapper.model.kinds import ATTACHABLE

M = TypeVar("M", bound=Model)
Tree = dict[str, Any]

STEP = {"id": "Id", "title": "Step", "note": "Note", "quote": "Quote", "pain_points": "Pain points"}
STEP |= {"moment_of_truth": "Moment of Truth", "ideas": "Ideas"}
PHASE = {"id": "Id", "title": "Phase", "description": "Description"}
PHASE |= {"contact_reasons": "Contact reasons"}
CHANNEL = {"id": "Id", "name": "Channel", "color": "Colour"}
DEPARTMENT = {"id": "Id", "name": "Department", "kind": "Kind", "color": "Colour"}
PERSONA = {"id": "Id", "name": "Persona", "profile": "Profile", "goals": "Goals", "quote": "Quote"}
TOUCHPOINT = {"id": "Id", "title": "Touchpoint", "steps": "Customer steps", "channel": "Channel"}
TOUCHPOINT |= {"owner": "Owner", "kind": "Kind", "note": "Note"}
PROCESS = {"id": "Id", "title": "Process step", "department": "Department", "note": "Note"}
PROCESS |= {
    "duration": "Duration",
    "duration.unit": "Duration unit",
    "starts_chain": "Starts chain",
}
PROCESS |= {"serves": "Customer steps served", "ends_chain": "Ends chain"}
FLOW = {"id": "Id", "source": "From step", "target": "To step", "label": "Label"}
FLOW |= {"agreement": "Agreement", "agreement.max_wait": "Agreed max wait"}
FLOW |= {"agreement.max_wait.unit": "Agreed max wait unit", "agreement.owner": "Handover owner"}
FLOW |= {"agreement.information": "Information passed", "measured_wait": "Measured wait"}
FLOW |= {"measured_wait.unit": "Measured wait unit", "chain.culture": "Culture"}
FLOW |= {"chain.relation": "Relation", "chain.procedure": "Procedure", "chain.content": "Content"}
CURVE = {"id": "Id", "name": "Curve", "kind": "Kind", "state": "State", "persona": "Persona"}
METRIC = {"id": "Id", "name": "Name", "attached_to": "Attached to", "value": "Value"}
METRIC |= {"unit": "Unit", "target": "Target", "trend_percent": "Trend %", "note": "Note"}
METRIC |= {"higher_is_better": "Higher is better"}
INITIATIVE = {"id": "Id", "title": "Name", "attached_to": "Attached to", "status": "Status"}
INITIATIVE |= {"contact": "Contact", "note": "Note"}


def in_order(rows: list[Row], problems: Problems) -> list[Row]:
    """Rows by their ``Order`` number; a row without one stays right after the row above it
    (and so does one whose Order is no number, noted in ``problems``)."""
    keyed: list[tuple[float, int, Row]] = []
    last = float("-inf")
    for row in rows:
        order = None
        if row.has("Order"):
            with problems.noted():
                order = row.number("Order")
        last = last if order is None else order
        keyed.append((last, row.excel_row, row))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [row for _order, _number, row in keyed]


def merge_extras(data: dict[str, Any], tree: Tree | None, model: type[BaseModel]) -> None:
    """Put back the unknown fields kept for an element of type ``model`` (and for the models
    inside it). Only fields ``model`` does not know: the visible sheets alone decide the known
    ones, so a cell a person cleared is not filled in again from the hidden sheet."""
    if not tree:
        return
    for key, value in tree.items():
        if key == "+" and isinstance(value, dict):
            for name, extra in value.items():
                if name not in model.model_fields:
                    data.setdefault(name, extra)
        elif isinstance(value, dict) and isinstance(data.get(key), dict):
            nested = _nested_model(model, key)
            if nested is not None:
                merge_extras(data[key], value, nested)


def _nested_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model class of field ``name`` of ``model`` (``Agreement`` for ``Agreement | None``),
    or None when the field holds no model."""
    field = model.model_fields.get(name)
    types = [field.annotation] if field is not None else []
    while types:
        kind = types.pop()
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return kind
        types.extend(get_args(kind))
    return None


def in_words(error: ErrorDetails, shown: str | None) -> str:
    """A validation message in the workbook's own words: a choice is spelt as the workbook
    writes it ("working days", not working_days) and the cell's text is named."""
    if error["type"] in ("enum", "literal_error"):
        expected = str(error.get("ctx", {}).get("expected", "")).replace("_", " ")
        return f"expected {expected}, found {quoted(shown or '')}"
    return str(error["msg"])


def word(row: Row, column: str) -> str | None:
    """A choice such as a kind or unit, as the model spells it ("Working days" ->
    "working_days"); None when the cell is empty, so the model's default applies."""
    text = row.optional_text(column)
    if text is None or not text.strip():
        return None
    return "_".join(text.strip().lower().replace("-", " ").split())


def duration(row: Row, column: str) -> dict[str, Any] | None:
    """A duration from a number column and its unit column."""
    value = row.number(column)
    unit = word(row, f"{column} unit")
    if value is None:
        if unit is not None:
            raise row.fail(f"{column} unit", f"a unit, but no {column.lower()}")
        return None
    return {"value": value} if unit is None else {"value": value, "unit": unit}


def present(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without the fields whose cell was empty, so that their defaults apply."""
    return {key: value for key, value in data.items() if value is not None}


class Builder:
    """Turns the sheets' rows into validated elements, registering each as it goes."""

    def __init__(
        self,
        registry: Registry,
        extras: dict[str, Tree],
        scale: EmotionScale | None,
        problems: Problems,
    ) -> None:
        self.registry = registry
        self.extras = extras
        self.scale = scale  # None when the Map sheet has a problem: emotions go unchecked
        self.problems = problems
        self.emotions: dict[str, tuple[float, Row]] = {}

    @contextmanager
    def guard(self, row: Row, name_column: str) -> Iterator[None]:
        """Read one row; what it raises is noted and reading goes on with the next row. The
        row's name is remembered as broken, so that the rows naming it are not reported
        again for a problem that is this row's."""
        try:
            yield
        except ExportError as error:
            self.registry.broken(row, name_column)
            if not isinstance(error, Echo):
                self.problems.add(str(error))

    def validated(self, cls: type[M], data: dict[str, Any], row: Row, columns: dict[str, str]) -> M:
        merge_extras(data, self.extras.get(data["id"]), cls)
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            parts = [str(part) for part in first["loc"]]
            while parts and ".".join(parts) not in columns:
                parts.pop()
            column = columns[".".join(parts)] if parts else "Id"
            raise row.fail(column, in_words(first, row.optional_text(column))) from None

    def phases(self, rows: list[Row]) -> list[tuple[dict[str, Any], Row]]:
        found = []
        for row in in_order(rows, self.problems):
            with self.guard(row, "Phase"):
                data: dict[str, Any] = {
                    "id": self.registry.take_id(row, "phase"),
                    "title": row.text("Phase"),
                    "description": row.text("Description"),
                    "contact_reasons": row.items("Contact reasons"),
                }
                self.registry.add(data["id"], "phase", data["title"], row)
                found.append((data, row))
        return found

    def steps(self, rows: list[Row]) -> defaultdict[str, list[CustomerStep]]:
        """Customer steps per phase id, in journey order; emotions go to ``self.emotions``."""
        by_phase: defaultdict[str, list[CustomerStep]] = defaultdict(list)
        for row in in_order(rows, self.problems):
            with self.guard(row, "Step"):
                data: dict[str, Any] = {
                    "id": self.registry.take_id(row, "step"),
                    "title": row.text("Step"),
                    "note": row.text("Note"),
                    "quote": row.text("Quote"),
                    "moment_of_truth": row.boolean("Moment of Truth"),
                    "pain_points": row.items("Pain points"),
                    "ideas": row.items("Ideas"),
                }
                phase = self.registry.one(row, "Phase", ("phase",))
                if phase is None:
                    raise row.fail("Phase", "every customer step belongs to a phase")
                step = self.validated(CustomerStep, present(data), row, STEP)
                self.registry.add(step.id, "step", step.title, row)
                by_phase[phase].append(step)
                emotion = self.emotion(row, "Emotion")
                if emotion is not None:
                    self.emotions[step.id] = (emotion, row)
        return by_phase

    def emotion(self, row: Row, column: str) -> float | None:
        value = row.number(column)
        scale = self.scale
        if value is not None and scale is not None and not scale.contains(value):
            raise row.fail(
                column, f"{value:g} is outside the scale {scale.minimum:g}..{scale.maximum:g}"
            )
        return value

    def phase_models(
        self, phases: list[tuple[dict[str, Any], Row]], steps: dict[str, list[CustomerStep]]
    ) -> list[Phase]:
        return [
            self.validated(Phase, {**data, "steps": steps.get(data["id"], [])}, row, PHASE)
            for data, row in phases
        ]

    def channels(self, rows: list[Row]) -> list[Channel]:
        found = []
        for row in in_order(rows, self.problems):
            with self.guard(row, "Channel"):
                data: dict[str, Any] = {
                    "id": self.registry.take_id(row, "channel"),
                    "name": row.text("Channel"),
                    "color": row.optional_text("Colour"),
                }
                channel = self.validated(Channel, present(data), row, CHANNEL)
                self.registry.add(channel.id, "channel", channel.name, row)
                found.append(channel)
        return found

    def departments(self, rows: list[Row]) -> list[Department]:
        found = []
        for row in in_order(rows, self.problems):
            with self.guard(row, "Department"):
                data: dict[str, Any] = {
                    "id": self.registry.take_id(row, "department"),
                    "name": row.text("Department"),
                    "kind": word(row, "Kind"),
                    "color": row.optional_text("Colour"),
                }
                department = self.validated(Department, present(data), row, DEPARTMENT)
                self.registry.add(department.id, "department", department.name, row)
                found.append(department)
        return found

    def personas(self, rows: list[Row]) -> list[Persona]:
        found = []
        for row in in_order(rows, self.problems):
            with self.guard(row, "Persona"):
                data: dict[str, Any] = {
                    "id": self.registry.take_id(row, "persona"),
                    "name": row.text("Persona"),
                    "profile": row.text("Profile"),
                    "goals": row.items("Goals"),
                    "quote": row.text("Quote"),
                }
                persona = self.validated(Persona, data, row, PERSONA)
                self.registry.add(persona.id, "persona", persona.name, row)
                found.append(persona)
        return found

    def touchpoints(self, rows: list[Row]) -> list[Touchpoint]:
        found = []
        for row in in_order(rows, self.problems):
            with self.guard(row, "Touchpoint"):
                data: dict[str, Any] = {
                    "id": self.registry.take_id(row, "touchpoint"),
                    "title": row.text("Touchpoint"),
                    "steps": self.registry.many(
                        row, "Customer steps", "Customer step ids", ("step",)
                    ),
                    "channel": self.registry.one(row, "Channel", ("channel",)),
                    "owner": self.registry.one(row, "Owner", ("department",)),
                    "kind": word(row, "Kind"),
                    "note": row.text("Note"),
                }
                touchpoint = self.validated(Touchpoint, present(data), row, TOUCHPOINT)
                self.registry.add(touchpoint.id, "touchpoint", touchpoint.title, row)
                found.append(touchpoint)
        return found

    def process_steps(self, rows: list[Row]) -> list[ProcessStep]:
        found = []
        for row in in_order(rows, self.problems):
            with self.guard(row, "Process step"):
                data: dict[str, Any] = {
                    "id": self.registry.take_id(row, "process_step"),
                    "title": row.text("Process step"),
                    "department": self.registry.one(row, "Department", ("department",)),
                    "duration": duration(row, "Duration"),
                    "serves": self.registry.many(
                        row, "Customer steps served", "Customer step ids", ("step",)
                    ),
                    "starts_chain": row.boolean("Starts chain"),
                    "ends_chain": row.boolean("Ends chain"),
                    "note": row.text("Note"),
                }
                if data["department"] is None:
                    raise row.fail("Department", "every process step belongs to a department")
                step = self.validated(ProcessStep, present(data), row, PROCESS)
                self.registry.add(step.id, "process_step", step.title, row)
                found.append(step)
        return found

    def flows(self, rows: list[Row]) -> list[Flow]:
        found = []
        first: dict[tuple[str, str], Row] = {}
        for row in in_order(rows, self.problems):
            with self.guard(row, "Label"):
                data: dict[str, Any] = {
                    "id": self.registry.take_id(row, "flow"),
                    "source": self._end(row, "From step"),
                    "target": self._end(row, "To step"),
                    "label": row.text("Label"),
                    "agreement": self._agreement(row),
                    "measured_wait": duration(row, "Measured wait"),
                    "chain": {
                        "culture": row.text("Culture"),
                        "relation": row.text("Relation"),
                        "procedure": row.text("Procedure"),
                        "content": row.text("Content"),
                    },
                }
                self._check_ends(data["source"], data["target"], row, first)
                flow = self.validated(Flow, data, row, FLOW)
                self.registry.add(flow.id, "flow", flow.label, row)
                found.append(flow)
        return found

    def _check_ends(
        self, source: str, target: str, row: Row, first: dict[tuple[str, str], Row]
    ) -> None:
        """Refuse what the editor refuses (``Editor.add_flow`` and ``reconnect_flow``): a flow
        from a step to itself, and a second flow between the same two steps."""
        if source == target:
            raise row.fail("To step", "a flow cannot lead from a process step to itself")
        earlier = first.setdefault((source, target), row)
        if earlier is not row:
            names = f"{quoted(self.registry.name[source])} to {quoted(self.registry.name[target])}"
            raise row.fail(
                "To step", f"row {earlier.excel_row} already has a flow from {names}; keep one"
            )

    def _end(self, row: Row, column: str) -> str:
        found = self.registry.one(row, column, ("process_step",))
        if found is None:
            raise row.fail(column, "a flow needs a process step at both ends")
        return found

    def _agreement(self, row: Row) -> dict[str, Any] | None:
        fields = {
            "max_wait": duration(row, "Agreed max wait"),
            "information": row.text("Information passed"),
            "owner": row.text("Handover owner"),
        }
        filled = fields["max_wait"] is not None or fields["information"] or fields["owner"]
        agreed = row.boolean("Agreement")
        if agreed is False and filled:
            raise row.fail(
                "Agreement", "FALSE, but the agreement's columns are filled: set TRUE or clear them"
            )
        return fields if agreed or (agreed is None and filled) else None

    def curves(self, rows: list[Row]) -> list[tuple[dict[str, Any], Row]]:
        """Curves as dicts with their row, validated once their points are known."""
        found = []
        for row in in_order(rows, self.problems):
            with self.guard(row, "Curve"):
                data: dict[str, Any] = {
                    "id": self.registry.take_id(row, "curve"),
                    "name": row.text("Curve"),
                    "kind": word(row, "Kind"),
                    "state": word(row, "State"),
                    "persona": self.registry.one(row, "Persona", ("persona",)),
                }
                data = present(data) | {"points": {}}
                self.registry.add(data["id"], "curve", data["name"], row)
                found.append((data, row))
        return found

    def curve_models(
        self,
        curves: list[tuple[dict[str, Any], Row]],
        point_rows: list[Row],
        steps_curve: Row | None,
    ) -> list[EmotionCurve]:
        """The curves with their points: the Steps sheet's emotions on the curve the Map sheet
        names (``steps_curve``), the others' from the Curve points rows."""
        by_id = {data["id"]: data for data, _row in curves}
        origin: dict[tuple[str, str], str] = {}
        if self.emotions:
            curve = self._steps_curve(curves, steps_curve)
            for step, (value, row) in self.emotions.items():
                by_id[curve]["points"][step] = value
                origin[(curve, step)] = f"{row.sheet} row {row.excel_row}"
        for row in point_rows:
            with self.guard(row, "Step"):
                curve, step, value = self._point(row)
                points = by_id[curve]["points"]
                if points.get(step, value) != value:
                    raise row.fail(
                        "Emotion",
                        f"a second value for the step {quoted(self.registry.name[step])} on the "
                        f"curve {quoted(self.registry.name[curve])}; the first is on "
                        f"{origin[(curve, step)]}",
                    )
                points[step] = value
                origin.setdefault((curve, step), f"{row.sheet} row {row.excel_row}")
        return [self.validated(EmotionCurve, data, row, CURVE) for data, row in curves]

    def _steps_curve(self, curves: list[tuple[dict[str, Any], Row]], named: Row | None) -> str:
        """The id of the curve the Steps sheet's Emotion column belongs to. Named on the Map
        sheet by id (or name); only a map with one curve may leave it out."""
        text = named.text("Value").strip() if named is not None else ""
        if named is not None and text:
            if self.registry.is_a(text, ("curve",)):
                return text
            if not self.registry.named(text, ("curve",)):
                raise named.fail(
                    "Value",
                    f"no curve {quoted(text)} on the Curves sheet; name the curve whose "
                    "emotions are in the Emotion column of the Steps sheet",
                )
            return self.registry.lookup(named, "Value", text, ("curve",))
        _value, first = next(iter(self.emotions.values()))
        if not curves:
            raise first.fail("Emotion", "the map has no emotion curve; add one on the Curves sheet")
        if len(curves) > 1:
            raise first.fail(
                "Emotion",
                f"which curve do these emotions belong to? Write its id on the Map sheet, in "
                f"the row {quoted(STEPS_CURVE_FIELD)}",
            )
        return str(curves[0][0]["id"])

    def _point(self, row: Row) -> tuple[str, str, float]:
        curve = self.registry.one(row, "Curve", ("curve",))
        step = self.registry.one(row, "Step", ("step",))
        value = self.emotion(row, "Emotion")
        if curve is None or step is None or value is None:
            missing = "Curve" if curve is None else "Step" if step is None else "Emotion"
            raise row.fail(missing, "a curve point needs a curve, a step and an emotion")
        return curve, step, value

    def metrics(self, rows: list[Row]) -> tuple[list[Metric], list[Initiative]]:
        metrics: list[Metric] = []
        initiatives: list[Initiative] = []
        for row in in_order(rows, self.problems):
            with self.guard(row, "Name"):
                kind = self._type(row)
                attached = self.registry.one(row, "Attached to", ATTACHABLE)
                if attached is None:
                    raise row.fail("Attached to", "name the phase, customer step or touchpoint")
                if kind == METRIC_TYPE:
                    metrics.append(self._metric(row, attached))
                else:
                    initiatives.append(self._initiative(row, attached))
        return metrics, initiatives

    def _type(self, row: Row) -> str:
        text = (row.optional_text("Type") or "").strip().lower()
        for name in (METRIC_TYPE, INITIATIVE_TYPE):
            if text == name.lower():
                return name
        if not text:
            initiative = row.optional_text("Status") or row.optional_text("Contact")
            return INITIATIVE_TYPE if initiative else METRIC_TYPE
        raise row.fail("Type", f"expected {METRIC_TYPE} or {INITIATIVE_TYPE}, found {quoted(text)}")

    def _metric(self, row: Row, attached: str) -> Metric:
        for column in ("Status", "Contact"):
            if row.optional_text(column):
                raise row.fail(column, "only an initiative has this; this row is a metric")
        data: dict[str, Any] = {
            "id": self.registry.take_id(row, "metric"),
            "name": row.text("Name"),
            "attached_to": attached,
            "value": row.number("Value"),
            "unit": row.text("Unit"),
            "target": row.number("Target"),
            "trend_percent": row.number("Trend %"),
            "higher_is_better": row.boolean("Higher is better"),
            "note": row.text("Note"),
        }
        metric = self.validated(Metric, present(data), row, METRIC)
        self.registry.add(metric.id, "metric", metric.name, row)
        return metric

    def _initiative(self, row: Row, attached: str) -> Initiative:
        for column in ("Value", "Unit", "Target", "Trend %", "Higher is better"):
            if row.optional_text(column):
                raise row.fail(column, "only a metric has this; this row is an initiative")
        data: dict[str, Any] = {
            "id": self.registry.take_id(row, "initiative"),
            "title": row.text("Name"),
            "attached_to": attached,
            "status": word(row, "Status"),
            "contact": row.text("Contact"),
            "note": row.text("Note"),
        }
        initiative = self.validated(Initiative, present(data), row, INITIATIVE)
        self.registry.add(initiative.id, "initiative", initiative.title, row)
        return initiative
