"""Rows of the workbook back into the elements of a map, one sheet at a time.

Each row becomes a plain dict of fields, gets back the unknown fields kept on the hidden sheet,
and is validated by the element's own pydantic model; a problem is reported against the row
and the column it came from. Rows are taken in ``Order`` (see ``in_order``), so sorting a table
in Excel does not reorder the map.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, TypeVar

from pydantic import ValidationError

from journeymapper.export.workbook_rows import INITIATIVE_TYPE, METRIC_TYPE
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


def in_order(rows: list[Row]) -> list[Row]:
    """Rows by their ``Order`` number; a row without one stays right after the row above it."""
    keyed: list[tuple[float, int, Row]] = []
    last = float("-inf")
    for row in rows:
        order = row.number("Order") if row.has("Order") else None
        last = last if order is None else order
        keyed.append((last, row.excel_row, row))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [row for _order, _number, row in keyed]


def merge_extras(data: dict[str, Any], tree: Tree | None) -> None:
    """Put back the unknown fields kept for an element (and for the models inside it)."""
    if not tree:
        return
    for key, value in tree.items():
        if key == "+" and isinstance(value, dict):
            for name, extra in value.items():
                data.setdefault(name, extra)
        elif isinstance(value, dict) and isinstance(data.get(key), dict):
            merge_extras(data[key], value)


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

    def __init__(self, registry: Registry, extras: dict[str, Tree], scale: EmotionScale) -> None:
        self.registry = registry
        self.extras = extras
        self.scale = scale
        self.emotions: dict[str, tuple[float, Row]] = {}

    def validated(self, cls: type[M], data: dict[str, Any], row: Row, columns: dict[str, str]) -> M:
        merge_extras(data, self.extras.get(data["id"]))
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            parts = [str(part) for part in first["loc"]]
            while parts and ".".join(parts) not in columns:
                parts.pop()
            column = columns[".".join(parts)] if parts else "Id"
            raise row.fail(column, str(first["msg"])) from None

    def phases(self, rows: list[Row]) -> list[tuple[dict[str, Any], Row]]:
        found = []
        for row in in_order(rows):
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
        for row in in_order(rows):
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
        if value is not None and not scale.contains(value):
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
        for row in in_order(rows):
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
        for row in in_order(rows):
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
        for row in in_order(rows):
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
        for row in in_order(rows):
            data: dict[str, Any] = {
                "id": self.registry.take_id(row, "touchpoint"),
                "title": row.text("Touchpoint"),
                "steps": self.registry.many(row, "Customer steps", "Customer step ids", ("step",)),
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
        for row in in_order(rows):
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
        for row in in_order(rows):
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
            flow = self.validated(Flow, data, row, FLOW)
            self.registry.add(flow.id, "flow", flow.label, row)
            found.append(flow)
        return found

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
        for row in in_order(rows):
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
        self, curves: list[tuple[dict[str, Any], Row]], point_rows: list[Row]
    ) -> list[EmotionCurve]:
        if curves:
            curves[0][0]["points"] = {step: value for step, (value, _) in self.emotions.items()}
        elif self.emotions:
            _value, row = next(iter(self.emotions.values()))
            raise row.fail("Emotion", "the map has no emotion curve; add one on the Curves sheet")
        by_id = {data["id"]: data for data, _row in curves}
        for row in point_rows:
            curve = self.registry.one(row, "Curve", ("curve",))
            step = self.registry.one(row, "Step", ("step",))
            value = self.emotion(row, "Emotion")
            if curve is None or step is None or value is None:
                missing = "Curve" if curve is None else "Step" if step is None else "Emotion"
                raise row.fail(missing, "a curve point needs a curve, a step and an emotion")
            points = by_id[curve]["points"]
            if points.get(step, value) != value:
                raise row.fail("Emotion", f"a second value for step {quoted(step)} on this curve")
            points[step] = value
        return [self.validated(EmotionCurve, data, row, CURVE) for data, row in curves]

    def metrics(self, rows: list[Row]) -> tuple[list[Metric], list[Initiative]]:
        metrics: list[Metric] = []
        initiatives: list[Initiative] = []
        for row in in_order(rows):
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
