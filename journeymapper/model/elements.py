"""The journey map as plain data: pydantic models, no behaviour, no events.

Every element has a stable ``id``. Elements refer to each other by id, never by position, so a
.cjm file diffs and merges readably. Each model keeps fields it does not know (``extra="allow"``)
so that a file written by a newer version survives a load and save here.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from journeymapper.model.errors import quoted

ElementId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
# Long enough for any real note, short enough that a hostile file cannot smuggle megabytes in.
Text = Annotated[str, StringConstraints(max_length=20_000)]
Title = Annotated[str, StringConstraints(max_length=500)]

HOURS_PER_WORKING_DAY = 8.0


def _finite_everywhere(value: Any) -> Any:
    """Refuse NaN and infinity anywhere inside an unknown field's value.

    ``allow_inf_nan=False`` guards only the typed fields; an unknown field is read as plain
    JSON, where the parser turns ``NaN`` and ``1e400`` into floats that no save can write
    back (they would come out as null). Each node carries its path as a linked pair, built
    for the cost of one small tuple, so a refusal can say where inside the value it sits.
    """
    pending: list[tuple[Any, tuple[Any, ...] | None]] = [(value, None)]
    while pending:
        item, trail = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise PydanticCustomError(
                "finite_number",
                "Input should be a finite number{where}, not {number}",
                {"number": _non_finite_name(item), "where": _trail_text(trail)},
            )
        if isinstance(item, dict):
            pending.extend((child, (key, trail)) for key, child in item.items())
        elif isinstance(item, list | tuple):
            pending.extend((child, (index, trail)) for index, child in enumerate(item))
    return value


def _non_finite_name(number: float) -> str:
    """The JSON spelling; a number too large for a float (1e400) reads as Infinity too."""
    if math.isnan(number):
        return "NaN"
    return ("-" if number < 0 else "") + "Infinity (or a number too large to store)"


def _trail_text(trail: tuple[Any, ...] | None) -> str:
    parts: list[str] = []
    while trail is not None:
        key, trail = trail
        parts.append(f"[{key}]" if isinstance(key, int) else f"[{quoted(str(key))}]")
    return f" at {''.join(reversed(parts))}" if parts else ""


# The value of a field this version does not know: any JSON, but only finite numbers.
UnknownValue = Annotated[Any, AfterValidator(_finite_everywhere)]


class Model(BaseModel):
    """Base of every model: unknown fields survive, NaN and infinity are refused."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False, validate_assignment=False)
    # Typing the unknown fields makes pydantic check them like any other field.
    __pydantic_extra__: dict[str, UnknownValue] = Field(init=False)


class Element(Model):
    """Anything with a stable id that other elements can point at."""

    id: ElementId


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    HOURS = "hours"


class Duration(Model):
    """A span of work or waiting time; hours convert at 8 per working day."""

    value: Annotated[float, Field(ge=0, le=1_000_000)]
    unit: TimeUnit = TimeUnit.WORKING_DAYS

    def in_working_days(self) -> float:
        if self.unit is TimeUnit.HOURS:
            return self.value / HOURS_PER_WORKING_DAY
        return self.value


def format_duration(duration: Duration, *, short: bool = False) -> str:
    """A duration as people write it: ``4 h``, ``1 working day``, ``2.5 working days``;
    ``short`` writes ``2.5 wd``, for the detail line of a card."""
    # Ten significant digits: float noise (0.30000000000000004) disappears, and the largest
    # allowed value prints as 1000000, not 1e+06.
    value = f"{duration.value:.10g}"
    if duration.unit is TimeUnit.HOURS:
        return f"{value} h"
    if short:
        return f"{value} wd"
    return f"{value} working day{'' if duration.value == 1 else 's'}"


class ScaleKind(StrEnum):
    BIPOLAR = "bipolar"  # -5 .. +5 around a neutral 0
    GRADE = "grade"  # the Dutch school grade 1 .. 10


class EmotionScale(Model):
    """The vertical axis of the emotion curve, with optional zones to shade."""

    kind: ScaleKind = ScaleKind.BIPOLAR
    minimum: float = -5.0
    maximum: float = 5.0
    neutral: float = 0.0
    # Grade scale only: the "okay" band where grades cluster (mutual indifference) ...
    okay_band: tuple[float, float] | None = None
    # ... and the zone from which experiences turn customers into ambassadors.
    excellent_from: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> EmotionScale:
        if not self.minimum <= self.neutral <= self.maximum or self.minimum >= self.maximum:
            raise ValueError("the scale needs minimum <= neutral <= maximum and minimum < maximum")
        return self

    @classmethod
    def bipolar(cls) -> EmotionScale:
        return cls()

    @classmethod
    def grade(cls) -> EmotionScale:
        """1-10 grades: 5.5 is the pass mark, 6.5-8 the okay band, 9 and up the 9+ zone."""
        return cls(
            kind=ScaleKind.GRADE,
            minimum=1.0,
            maximum=10.0,
            neutral=5.5,
            okay_band=(6.5, 8.0),
            excellent_from=9.0,
        )

    @property
    def span(self) -> float:
        return self.maximum - self.minimum

    def contains(self, value: float) -> bool:
        return self.minimum <= value <= self.maximum


class Persona(Element):
    name: Title = ""
    profile: Text = ""
    goals: list[Text] = []
    quote: Text = ""


class CustomerStep(Element):
    """One moment of the customer in a phase: what they do, think or wait for."""

    title: Title
    note: Text = ""
    quote: Text = ""
    moment_of_truth: bool = False
    pain_points: list[Text] = []
    ideas: list[Text] = []


class Phase(Element):
    """A column group of the journey; the order of ``steps`` is the journey."""

    title: Title
    description: Text = ""
    # The dashboard's top contact reasons of this part of the process, most frequent first.
    contact_reasons: list[Title] = []
    steps: list[CustomerStep] = []


class CurveKind(StrEnum):
    CUSTOMER = "customer"
    EMPLOYEE = "employee"


class CurveState(StrEnum):
    CURRENT = "current"
    FUTURE = "future"


class EmotionCurve(Element):
    """One emotion value per customer step; a step without a value is simply absent."""

    name: Title = "Customer, today"
    kind: CurveKind = CurveKind.CUSTOMER
    state: CurveState = CurveState.CURRENT
    persona: ElementId | None = None
    points: dict[ElementId, float] = {}


class Channel(Element):
    name: Title
    color: str = "#7f8c8d"


class DepartmentKind(StrEnum):
    INTERNAL = "internal"
    PARTNER = "partner"  # an external chain partner, e.g. the courier


class Department(Element):
    name: Title
    kind: DepartmentKind = DepartmentKind.INTERNAL
    color: str = "#95a5a6"


class TouchpointKind(StrEnum):
    COMMUNICATION = "communication"
    CONTACT = "contact"
    TRANSACTION = "transaction"


class Touchpoint(Element):
    """A moment the organisation is in contact with the customer, at one or more steps."""

    title: Title
    steps: list[ElementId] = []
    channel: ElementId | None = None
    owner: ElementId | None = None  # a department
    kind: TouchpointKind = TouchpointKind.COMMUNICATION
    note: Text = ""


class ProcessStep(Element):
    """Internal or chain work, owned by a department, serving one or more customer steps."""

    title: Title
    department: ElementId
    duration: Duration | None = None
    serves: list[ElementId] = []
    note: Text = ""
    # Work that legitimately starts without a flow (a schedule, a monitoring signal) or whose
    # result legitimately stays inside (archiving); the broken-chain rule accepts these.
    starts_chain: bool = False
    ends_chain: bool = False


class ChainDimensions(Model):
    """The four dimensions of chain steering a handover can record, as free notes."""

    culture: Text = ""  # mindset
    relation: Text = ""  # trust
    procedure: Text = ""  # agreements
    content: Text = ""  # knowledge shared


class HandoverAgreement(Model):
    """What two departments agreed about passing work on."""

    max_wait: Duration | None = None
    information: Text = ""  # what is passed along
    owner: Title = ""  # who answers for the handover


class Flow(Element):
    """Work passing from one process step to the next; a handover across departments."""

    source: ElementId
    target: ElementId
    label: Title = ""
    agreement: HandoverAgreement | None = None
    measured_wait: Duration | None = None
    chain: ChainDimensions = Field(default_factory=ChainDimensions)


class Metric(Element):
    """A KPI attached to a phase, customer step or touchpoint."""

    name: Title
    attached_to: ElementId
    value: float | None = None
    unit: Title = ""
    target: float | None = None
    trend_percent: float | None = None  # change against the previous period
    higher_is_better: bool = True
    note: Text = ""


class InitiativeStatus(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Initiative(Element):
    """A running improvement, attached to a phase, customer step or touchpoint."""

    title: Title
    attached_to: ElementId
    status: InitiativeStatus = InitiativeStatus.GREEN
    contact: Title = ""
    note: Text = ""


class ViewOptions(Model):
    """Which of the optional bands the map shows, remembered with the map.

    Only the user's choices are stored: a band named in neither list shows when it has
    something to show (a map with quotes shows its quotes band). Band names are kept as
    plain text, so a band a newer version adds survives a load and save here.
    """

    shown: list[Title] = []  # turned on, even while empty
    hidden: list[Title] = []  # turned off, even with content


FORMAT_NAME: Literal["journeymapper"] = "journeymapper"


class JourneyMap(Model):
    """The whole document as it is stored in a .cjm file."""

    format: Literal["journeymapper"] = FORMAT_NAME
    format_version: str = "1.0"
    app_version: str = ""
    title: Title = "Untitled journey"
    description: Text = ""
    scenario: Text = ""
    scale: EmotionScale = Field(default_factory=EmotionScale)
    promised_lead_time: Duration | None = None
    # The process steps where the promise starts and ends; without them the longest chain
    # of the whole process graph is compared with the promise.
    promise_from: ElementId | None = None
    promise_to: ElementId | None = None
    personas: list[Persona] = []
    phases: list[Phase] = []
    curves: list[EmotionCurve] = []
    channels: list[Channel] = []
    departments: list[Department] = []
    touchpoints: list[Touchpoint] = []
    process_steps: list[ProcessStep] = []
    flows: list[Flow] = []
    metrics: list[Metric] = []
    initiatives: list[Initiative] = []
    # How the map is viewed (which bands show): canvas, poster, report and pictures alike.
    view: ViewOptions = Field(default_factory=ViewOptions)

    def steps(self) -> list[CustomerStep]:
        """All customer steps in journey order."""
        return [step for phase in self.phases for step in phase.steps]

    def default_curve(self) -> EmotionCurve | None:
        """The first curve is the one the canvas edits and the analysis reads."""
        return self.curves[0] if self.curves else None
