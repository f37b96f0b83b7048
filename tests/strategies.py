"""Hypothesis strategies that build valid journey maps for the property tests.

``journey_maps()`` draws a whole, valid ``JourneyMap``: unique ids that match the id pattern,
every reference pointing at an existing element of the right kind, emotions on the scale and
finite floats everywhere. Titles and texts come from ``st.text`` mixed with the characters
that tend to break things (Dutch ĳ, emoji, quotes, markup, line breaks). Sometimes elements
and the map itself carry unknown fields, as a file written by a newer version would.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from journeymapper import __version__
from journeymapper.model.elements import (
    ChainDimensions,
    Channel,
    CurveKind,
    CurveState,
    CustomerStep,
    Department,
    DepartmentKind,
    Duration,
    EmotionCurve,
    EmotionScale,
    Flow,
    HandoverAgreement,
    Initiative,
    InitiativeStatus,
    JourneyMap,
    Metric,
    Persona,
    Phase,
    ProcessStep,
    ScaleKind,
    TimeUnit,
    Touchpoint,
    TouchpointKind,
    ViewOptions,
)

# The id pattern of elements.py without anchors; from_regex(fullmatch=True) anchors it.
ID_REGEX = r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}"

TRICKY_TEXTS = (
    "",
    " ",
    "IJsselmeer en ĳsje",
    "Ĳmuiden",
    "😀 blij 🎉",
    "👩‍👩‍👧 gezin",
    'de "beste" prijs',
    "it's",
    "<b>vet</b> & <i>schuin</i>",
    "</script><script>alert(1)</script>",
    "regel 1\nregel 2",
    "tab\there",
    "\r\n",
    "a\u2028b",
    "\\u0000 and \\n",
    '{"json": [1, 2]}',
    "Ünïcödé — “typographic” ‘quotes’ …",
    "\u200b\ufeff",
    "\x00\x07",
)

# Ids that are valid but unusual: the pattern allows all of them.
TRICKY_IDS = ("0", "a", "A.b:c-d_e", "9-9", "x" * 64, "step-3f9a1c07", "Z:")

titles = st.one_of(st.sampled_from(TRICKY_TEXTS), st.text(max_size=12))
texts = st.one_of(st.sampled_from(TRICKY_TEXTS), st.text(max_size=30))
finite_floats = st.floats(allow_nan=False, allow_infinity=False)
extra_names = st.from_regex(r"x_[a-z_]{1,10}", fullmatch=True)

# JSON-compatible values an unknown field may hold: finite floats, 64-bit integers, nesting.
json_values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        finite_floats,
        texts,
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.text(max_size=6), children, max_size=3),
    ),
    max_leaves=6,
)


def extras() -> st.SearchStrategy[dict[str, Any]]:
    """No unknown fields, or one or two, as a newer version would write them."""
    return st.one_of(st.just({}), st.dictionaries(extra_names, json_values, min_size=1, max_size=2))


@st.composite
def durations(draw: st.DrawFn, *, with_extras: bool = True) -> Duration:
    """Working days or hours; whole numbers mostly, any finite value up to the maximum."""
    value = draw(
        st.one_of(
            st.integers(min_value=0, max_value=40).map(float),
            st.floats(min_value=0, max_value=1_000_000),
        )
    )
    unit = draw(st.sampled_from(TimeUnit))
    return Duration(value=value, unit=unit, **(draw(extras()) if with_extras else {}))


@st.composite
def scales(draw: st.DrawFn) -> EmotionScale:
    """The bipolar scale, the grade scale, or now and then a custom one."""
    choice = draw(st.sampled_from(["bipolar", "grade", "custom"]))
    if choice == "bipolar":
        return EmotionScale.bipolar()
    if choice == "grade":
        return EmotionScale.grade()
    low = draw(st.floats(min_value=-100, max_value=100))
    high = draw(st.floats(min_value=low, max_value=low + 200).filter(lambda x: x > low))
    neutral = draw(st.floats(min_value=low, max_value=high))
    return EmotionScale(kind=ScaleKind.BIPOLAR, minimum=low, maximum=high, neutral=neutral)


class _Ids:
    """Hands out unique ids: readable ones, tricky ones and ones from the full pattern."""

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw
        self.used: set[str] = set()

    def new(self, prefix: str) -> str:
        candidate = self._draw(
            st.one_of(
                st.integers(min_value=0, max_value=999).map(lambda n: f"{prefix}-{n}"),
                st.sampled_from(TRICKY_IDS),
                st.from_regex(ID_REGEX, fullmatch=True),
            )
        )
        suffix = len(self.used)
        while candidate in self.used:
            candidate, suffix = f"{prefix}-u{suffix}", suffix + 1
        self.used.add(candidate)
        return candidate


def _subset(draw: st.DrawFn, pool: list[str], max_size: int = 3) -> list[str]:
    if not pool:
        return []
    return draw(st.lists(st.sampled_from(pool), max_size=max_size, unique=True))


def _maybe(draw: st.DrawFn, pool: list[str]) -> str | None:
    return draw(st.one_of(st.none(), st.sampled_from(pool))) if pool else None


@st.composite
def journey_maps(
    draw: st.DrawFn,
    *,
    max_phases: int = 3,
    max_steps: int = 3,
    with_extras: bool = True,
    app_version: str | None = __version__,
) -> JourneyMap:
    """A valid journey map; ``app_version=None`` draws any app version string."""
    ids = _Ids(draw)
    extra = extras() if with_extras else st.just({})

    phases = []
    for _ in range(draw(st.integers(min_value=0, max_value=max_phases))):
        steps = [
            CustomerStep(
                id=ids.new("step"),
                title=draw(titles),
                note=draw(texts),
                quote=draw(texts),
                moment_of_truth=draw(st.booleans()),
                pain_points=draw(st.lists(texts, max_size=2)),
                ideas=draw(st.lists(texts, max_size=2)),
                **draw(extra),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=max_steps)))
        ]
        phases.append(
            Phase(
                id=ids.new("phase"),
                title=draw(titles),
                description=draw(texts),
                contact_reasons=draw(st.lists(titles, max_size=2)),
                steps=steps,
                **draw(extra),
            )
        )
    step_ids = [step.id for phase in phases for step in phase.steps]

    personas = [
        Persona(
            id=ids.new("persona"),
            name=draw(titles),
            profile=draw(texts),
            goals=draw(st.lists(texts, max_size=2)),
            **draw(extra),
        )
        for _ in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    channels = [
        Channel(id=ids.new("channel"), name=draw(titles), **draw(extra))
        for _ in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    departments = [
        Department(
            id=ids.new("dept"),
            name=draw(titles),
            kind=draw(st.sampled_from(DepartmentKind)),
            **draw(extra),
        )
        for _ in range(draw(st.integers(min_value=0, max_value=3)))
    ]
    channel_ids = [c.id for c in channels]
    department_ids = [d.id for d in departments]

    touchpoints = [
        Touchpoint(
            id=ids.new("tp"),
            title=draw(titles),
            steps=_subset(draw, step_ids),
            channel=_maybe(draw, channel_ids),
            owner=_maybe(draw, department_ids),
            kind=draw(st.sampled_from(TouchpointKind)),
            note=draw(texts),
            **draw(extra),
        )
        for _ in range(draw(st.integers(min_value=0, max_value=3)))
    ]

    process_steps = []
    if department_ids:
        process_steps = [
            ProcessStep(
                id=ids.new("proc"),
                title=draw(titles),
                department=draw(st.sampled_from(department_ids)),
                duration=draw(st.none() | durations(with_extras=with_extras)),
                serves=_subset(draw, step_ids),
                note=draw(texts),
                starts_chain=draw(st.booleans()),
                ends_chain=draw(st.booleans()),
                **draw(extra),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=4)))
        ]
    process_ids = [p.id for p in process_steps]

    flows = []
    if process_ids:
        agreements = st.none() | st.builds(
            lambda fields, more: HandoverAgreement(**fields, **more),
            st.fixed_dictionaries(
                {
                    "max_wait": st.none() | durations(with_extras=with_extras),
                    "information": texts,
                    "owner": titles,
                }
            ),
            extra,
        )
        # Sources and targets are drawn independently: loops, self-loops and parallel flows.
        flows = [
            Flow(
                id=ids.new("flow"),
                source=draw(st.sampled_from(process_ids)),
                target=draw(st.sampled_from(process_ids)),
                label=draw(titles),
                agreement=draw(agreements),
                measured_wait=draw(st.none() | durations(with_extras=with_extras)),
                chain=draw(
                    st.builds(
                        ChainDimensions,
                        culture=texts,
                        relation=texts,
                        procedure=texts,
                        content=texts,
                    )
                ),
                **draw(extra),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=5)))
        ]

    attachable = [p.id for p in phases] + step_ids + [t.id for t in touchpoints]
    metrics = []
    initiatives = []
    if attachable:
        optional_floats = st.none() | finite_floats
        metrics = [
            Metric(
                id=ids.new("metric"),
                name=draw(titles),
                attached_to=draw(st.sampled_from(attachable)),
                value=draw(optional_floats),
                unit=draw(st.sampled_from(["", "%", "dagen", "€", "NPS"])),
                target=draw(optional_floats),
                trend_percent=draw(optional_floats),
                higher_is_better=draw(st.booleans()),
                note=draw(texts),
                **draw(extra),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ]
        initiatives = [
            Initiative(
                id=ids.new("init"),
                title=draw(titles),
                attached_to=draw(st.sampled_from(attachable)),
                status=draw(st.sampled_from(InitiativeStatus)),
                contact=draw(titles),
                note=draw(texts),
                **draw(extra),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ]

    scale = draw(scales())
    emotions = st.floats(min_value=scale.minimum, max_value=scale.maximum)
    persona_ids = [p.id for p in personas]
    curves = [
        EmotionCurve(
            id=ids.new("curve"),
            name=draw(titles),
            kind=draw(st.sampled_from(CurveKind)),
            state=draw(st.sampled_from(CurveState)),
            persona=_maybe(draw, persona_ids),
            points={step_id: draw(emotions) for step_id in _subset(draw, step_ids, max_size=9)},
            **draw(extra),
        )
        for _ in range(draw(st.integers(min_value=1, max_value=2)))
    ]

    return JourneyMap(
        app_version=draw(st.text(max_size=8)) if app_version is None else app_version,
        title=draw(titles),
        description=draw(texts),
        scenario=draw(texts),
        scale=scale,
        promised_lead_time=draw(st.none() | durations(with_extras=with_extras)),
        promise_from=_maybe(draw, process_ids),
        promise_to=_maybe(draw, process_ids),
        personas=personas,
        phases=phases,
        curves=curves,
        channels=channels,
        departments=departments,
        touchpoints=touchpoints,
        process_steps=process_steps,
        flows=flows,
        metrics=metrics,
        initiatives=initiatives,
        view=draw(views(with_extras)),
        **draw(extra),
    )


BAND_NAMES = ("pain_points", "ideas", "quotes", "metrics", "initiatives", "internal_interaction")


@st.composite
def views(draw: st.DrawFn, with_extras: bool = True) -> ViewOptions:
    """View options: bands turned on or off, now and then one a newer version knows."""
    names = st.sampled_from(BAND_NAMES) | st.just("a_future_band")
    shown = draw(st.lists(names, max_size=3, unique=True))
    hidden = draw(st.lists(names.filter(lambda name: name not in shown), max_size=3, unique=True))
    return ViewOptions(shown=shown, hidden=hidden, **draw(extras() if with_extras else st.just({})))
