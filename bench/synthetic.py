"""Synthetic journey maps of any size, shaped like real ones, for benchmarks and tests.

``synthetic_map`` builds a map with exactly the requested number of phases, customer steps,
touchpoints, departments, process steps and flows, always the same map for the same seed. The
shape follows what workshops produce: an emotion curve on the -5..+5 scale with peaks, troughs
and sharp swings; touchpoints at one or two neighbouring steps, some without owner, and a few
stretches of the journey where the organisation is absent; process steps in runs per department,
each serving one or two customer steps roughly in journey order; flows that go forward along the
journey, often across departments, some with an agreement and a measured wait and some without.

By default the process graph has no loop, so the end-to-end lead time (which gives up on a graph
with any loop) has a longest path to compute; ``loops`` adds rework loops for tests that want
them. The ids look like the app's own (``step-3f9a1c07``) so files have realistic sizes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from journeymapper import __version__
from journeymapper.model.elements import (
    ChainDimensions,
    Channel,
    CustomerStep,
    Department,
    DepartmentKind,
    Duration,
    EmotionCurve,
    Flow,
    HandoverAgreement,
    Initiative,
    InitiativeStatus,
    JourneyMap,
    Metric,
    Persona,
    Phase,
    ProcessStep,
    TimeUnit,
    Touchpoint,
    TouchpointKind,
)
from journeymapper.model.fileformat import CURRENT_VERSION
from journeymapper.model.ids import PREFIX

# The "large" map: a big but real-world journey, e.g. a mortgage from orientation to aftercare.
LARGE_SIZES: dict[str, int] = {
    "phases": 12,
    "steps": 240,
    "touchpoints": 600,
    "departments": 20,
    "process_steps": 400,
    "flows": 600,
}

# Scaling a map keeps the departments at 20: an organisation does not grow new departments
# because a journey is drawn in more detail, and a fixed number keeps the share of flows that
# are handovers the same at every size, so only the size changes between the measurements.
SCALED_FIXED = frozenset({"departments"})

CHANNELS = [
    ("Website", "#2980b9"),
    ("App", "#8e44ad"),
    ("E-mail", "#16a085"),
    ("Phone", "#d35400"),
    ("Chat", "#27ae60"),
    ("Letter", "#7f8c8d"),
    ("Shop", "#c0392b"),
]
DEPARTMENTS = [
    "Marketing",
    "Sales",
    "Customer service",
    "Intake",
    "Planning",
    "Finance",
    "Credit control",
    "Warehouse",
    "Logistics",
    "Returns",
    "Billing",
    "IT",
    "Legal",
    "Quality",
    "Procurement",
    "Claims",
    "Back office",
    "Field service",
]
PARTNERS = ["Courier", "Payment provider", "Installer", "Call centre", "Printing house"]
PHASES = [
    "Orient",
    "Compare",
    "Choose",
    "Apply",
    "Order",
    "Pay",
    "Wait",
    "Receive",
    "Install",
    "Use",
    "Get help",
    "Renew",
]
VERBS = [
    "Search",
    "Read",
    "Compare",
    "Ask about",
    "Fill in",
    "Check",
    "Wait for",
    "Receive",
    "Call about",
    "Change",
    "Pay",
    "Confirm",
    "Return",
    "Complain about",
    "Track",
]
NOUNS = [
    "offer",
    "price",
    "delivery date",
    "order",
    "invoice",
    "contract",
    "account",
    "parcel",
    "appointment",
    "warranty",
    "refund",
    "reviews",
    "conditions",
    "status",
    "manual",
]
TOUCHPOINT_NAMES = [
    "confirmation",
    "reminder",
    "status update",
    "product page",
    "FAQ",
    "callback",
    "order form",
    "receipt",
    "welcome message",
    "survey",
    "track-and-trace",
    "quote",
]
WORK = [
    "Register",
    "Check",
    "Approve",
    "Plan",
    "Pick",
    "Pack",
    "Ship",
    "Invoice",
    "Book",
    "Assess",
    "Archive",
    "Escalate",
]
PAINS = [
    "Does not know how long it will take",
    "Has to give the same information twice",
    "Cannot reach anyone after five",
    "Conditions are hard to read",
    "The confirmation never arrived",
]
IDEAS = [
    "Send a status message at each handover",
    "Pre-fill what we already know",
    "Offer a callback slot",
    "Explain the next step on the page",
]
QUOTES = [
    "I just want to know where my order is.",
    "Why do I have to call for this?",
    "That went faster than I expected!",
    "I had no idea what would happen next.",
]
NOTES = [
    "Seen in 4 of 6 interviews.",
    "Differs per region; see the workshop photos.",
    "Volume roughly 300 per week.",
    "Manual step in the old system.",
    "",
]


@dataclass
class _Ids:
    """Ids like the app's own (kind prefix plus 8 hex digits), unique and seeded."""

    rng: random.Random
    used: set[str] = field(default_factory=set)

    def new(self, kind: str) -> str:
        while True:
            candidate = f"{PREFIX[kind]}-{self.rng.getrandbits(32):08x}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate


def synthetic_map(
    phases: int,
    steps: int,
    touchpoints: int,
    departments: int,
    process_steps: int,
    flows: int,
    seed: int = 0,
    *,
    loops: int = 0,
) -> JourneyMap:
    """A valid map with exactly these counts, the same for the same arguments.

    ``loops`` of the flows go back against the journey and close a rework loop each; the rest
    go forward, so with the default of none the process graph is acyclic.
    """
    _check_sizes(phases, steps, touchpoints, departments, process_steps, flows, loops)
    rng = random.Random(seed)
    ids = _Ids(rng)

    channel_list = [Channel(id=ids.new("channel"), name=n, color=c) for n, c in CHANNELS]
    department_list = _departments(rng, ids, departments)
    phase_list = _phases(rng, ids, phases, steps)
    step_list = [step for phase in phase_list for step in phase.steps]
    persona = Persona(
        id=ids.new("persona"),
        name="Sanne, first-time buyer",
        profile="Buys online, compares a lot, dislikes phoning.",
        goals=["Know what it costs", "Know when it arrives"],
        quote=QUOTES[0],
    )
    curve = EmotionCurve(id="curve-customer", persona=persona.id, points=_curve(rng, step_list))
    touchpoint_list = _touchpoints(
        rng, ids, touchpoints, phase_list, step_list, channel_list, department_list
    )
    process_list = _process_steps(rng, ids, process_steps, step_list, department_list)
    flow_list = _flows(rng, ids, flows, loops, process_list)
    attachable = [p.id for p in phase_list] + [s.id for s in step_list]
    attachable += [t.id for t in touchpoint_list]
    metric_list = _metrics(rng, ids, max(2, steps // 20), attachable)
    initiative_list = _initiatives(rng, ids, max(1, steps // 40), attachable)

    return JourneyMap(
        format_version=str(CURRENT_VERSION),
        app_version=__version__,
        title=f"Synthetic journey ({steps} steps, seed {seed})",
        description="Generated by bench/synthetic.py for benchmarks and tests.",
        scenario="A customer orders, waits, receives and sometimes returns a product.",
        promised_lead_time=Duration(value=rng.choice([5, 10, 15, 20])),
        personas=[persona],
        phases=phase_list,
        curves=[curve],
        channels=channel_list,
        departments=department_list,
        touchpoints=touchpoint_list,
        process_steps=process_list,
        flows=flow_list,
        metrics=metric_list,
        initiatives=initiative_list,
    )


def large_map(seed: int = 0) -> JourneyMap:
    """The benchmark's large map: 12 phases, 240 steps, 600 touchpoints, 20 departments, 400
    process steps and 600 flows."""
    return synthetic_map(**LARGE_SIZES, seed=seed)


def scaled_sizes(factor: int, base: dict[str, int] | None = None) -> dict[str, int]:
    """``base`` (the large map by default) with every count but departments times ``factor``."""
    base = LARGE_SIZES if base is None else base
    return {k: v if k in SCALED_FIXED else v * factor for k, v in base.items()}


def scaled_map(factor: int, seed: int = 0) -> JourneyMap:
    """The large map with every count except departments multiplied by ``factor``; factor 10
    is the "10x" map of 120 phases, 2400 steps, 6000 touchpoints, 4000 process steps and 6000
    flows, still with 20 departments."""
    return synthetic_map(**scaled_sizes(factor), seed=seed)


def _check_sizes(
    phases: int,
    steps: int,
    touchpoints: int,
    departments: int,
    process_steps: int,
    flows: int,
    loops: int,
) -> None:
    counts = {
        "phases": phases,
        "steps": steps,
        "touchpoints": touchpoints,
        "departments": departments,
        "process_steps": process_steps,
        "flows": flows,
        "loops": loops,
    }
    for name, count in counts.items():
        if count < 0:
            raise ValueError(f"{name} must not be negative, got {count}")
    if steps and not phases:
        raise ValueError("customer steps need at least one phase")
    if touchpoints and not steps:
        raise ValueError("touchpoints need at least one customer step")
    if process_steps and not departments:
        raise ValueError("process steps need at least one department")
    if loops > flows - loops:
        raise ValueError("every loop needs a forward flow to go back along")
    if flows - loops > process_steps * (process_steps - 1) // 2:
        raise ValueError(
            f"{process_steps} process steps allow at most "
            f"{process_steps * (process_steps - 1) // 2} distinct forward flows"
        )


def _departments(rng: random.Random, ids: _Ids, count: int) -> list[Department]:
    """Mostly internal departments; every fifth one an external chain partner."""
    result = []
    internal = partner = 0
    for n in range(count):
        if n % 5 == 4:
            name = _numbered(PARTNERS, partner)
            kind = DepartmentKind.PARTNER
            partner += 1
        else:
            name = _numbered(DEPARTMENTS, internal)
            kind = DepartmentKind.INTERNAL
            internal += 1
        color = f"#{rng.randrange(0x40, 0xC0):02x}{rng.randrange(0x40, 0xC0):02x}c0"
        result.append(Department(id=ids.new("department"), name=name, kind=kind, color=color))
    return result


def _numbered(names: list[str], n: int) -> str:
    """The n-th name, numbered once the list runs out: 'Sales', ..., 'Sales 2'."""
    name = names[n % len(names)]
    return name if n < len(names) else f"{name} {n // len(names) + 1}"


def _phases(rng: random.Random, ids: _Ids, count: int, steps: int) -> list[Phase]:
    """Phases of uneven length (but at least one step each while steps last)."""
    sizes = [1 if steps >= count else 0 for _ in range(count)]
    weights = [rng.uniform(0.5, 1.5) for _ in range(count)]
    if count:
        for n in rng.choices(range(count), weights=weights, k=steps - sum(sizes)):
            sizes[n] += 1
    result = []
    for n, size in enumerate(sizes):
        result.append(
            Phase(
                id=ids.new("phase"),
                title=_numbered(PHASES, n),
                description=rng.choice(NOTES),
                steps=[_customer_step(rng, ids) for _ in range(size)],
            )
        )
    return result


def _customer_step(rng: random.Random, ids: _Ids) -> CustomerStep:
    return CustomerStep(
        id=ids.new("step"),
        title=f"{rng.choice(VERBS)} {rng.choice(NOUNS)}",
        note=rng.choice(NOTES),
        quote=rng.choice(QUOTES) if rng.random() < 0.15 else "",
        moment_of_truth=rng.random() < 0.03,
        pain_points=rng.sample(PAINS, k=rng.choice([0, 0, 0, 1, 2])),
        ideas=rng.sample(IDEAS, k=rng.choice([0, 0, 0, 0, 1])),
    )


def _curve(rng: random.Random, step_list: list[CustomerStep]) -> dict[str, float]:
    """A wandering curve in half points: mean-reverting noise with now and then a jump to an
    extreme, so detection finds peaks (>= 3), troughs (<= -3) and swings (>= 4)."""
    points: dict[str, float] = {}
    value = rng.uniform(-1.0, 2.0)
    for step in step_list:
        if rng.random() < 0.1:
            value = rng.choice([-1, 1]) * rng.uniform(3.0, 5.0)
        else:
            value = 0.7 * value + rng.gauss(0.0, 1.4)
        value = min(5.0, max(-5.0, value))
        points[step.id] = round(value * 2) / 2 + 0.0  # + 0.0 turns -0.0 into 0.0
    return points


def _touchpoints(
    rng: random.Random,
    ids: _Ids,
    count: int,
    phase_list: list[Phase],
    step_list: list[CustomerStep],
    channel_list: list[Channel],
    department_list: list[Department],
) -> list[Touchpoint]:
    """Touchpoints at one or two neighbouring steps; about one phase in six and one step in
    eight elsewhere get none, and about one touchpoint in eight has no owner."""
    dark = {p.id for n, p in enumerate(phase_list) if len(phase_list) >= 3 and n % 6 == 2}
    covered = [s for p in phase_list if p.id not in dark for s in p.steps if rng.random() >= 0.125]
    covered = covered or step_list
    placed: list[tuple[int, Touchpoint]] = []
    for _ in range(count):
        at = rng.randrange(len(covered))
        at_steps = [covered[at].id]
        if at + 1 < len(covered) and rng.random() < 0.3:
            at_steps.append(covered[at + 1].id)
        owner = None if rng.random() < 0.125 or not department_list else rng.choice(department_list)
        channel = rng.choice(channel_list)
        touchpoint = Touchpoint(
            id=ids.new("touchpoint"),
            title=f"{channel.name} {rng.choice(TOUCHPOINT_NAMES)}",
            steps=at_steps,
            channel=channel.id if rng.random() < 0.95 else None,
            owner=owner.id if owner else None,
            kind=rng.choice(list(TouchpointKind)),
            note=rng.choice(NOTES),
        )
        placed.append((at, touchpoint))
    placed.sort(key=lambda pair: pair[0])  # a workshop adds them along the journey
    return [touchpoint for _, touchpoint in placed]


def _process_steps(
    rng: random.Random,
    ids: _Ids,
    count: int,
    step_list: list[CustomerStep],
    department_list: list[Department],
) -> list[ProcessStep]:
    """Process steps in journey order, in runs per department; about one in ten is purely
    backstage (serves no customer step)."""
    result = []
    department = department_list[0] if department_list else None
    for n in range(count):
        assert department is not None  # _check_sizes demands departments for process steps
        if rng.random() < 0.45:
            department = rng.choice(department_list)
        serves: list[str] = []
        if step_list and rng.random() >= 0.1:
            anchor = min(len(step_list) - 1, int((n + rng.random()) * len(step_list) / count))
            serves.append(step_list[anchor].id)
            if anchor + 1 < len(step_list) and rng.random() < 0.3:
                serves.append(step_list[anchor + 1].id)
        result.append(
            ProcessStep(
                id=ids.new("process_step"),
                title=f"{rng.choice(WORK)} {rng.choice(NOUNS)}",
                department=department.id,
                duration=_duration(rng) if rng.random() < 0.85 else None,
                serves=serves,
                note=rng.choice(NOTES),
            )
        )
    return result


def _duration(rng: random.Random, most_days: float = 3.0) -> Duration:
    if rng.random() < 0.4:
        return Duration(value=round(rng.uniform(0.25, 8.0), 2), unit=TimeUnit.HOURS)
    return Duration(value=round(rng.uniform(0.1, most_days), 1))


def _flows(
    rng: random.Random, ids: _Ids, count: int, loops: int, process_list: list[ProcessStep]
) -> list[Flow]:
    """Distinct forward flows, mostly to one of the next few process steps, plus ``loops``
    flows back along a forward flow (each closes a loop)."""
    size = len(process_list)
    forward = _forward_pairs(rng, size, count - loops)
    pairs = sorted(forward)
    pairs += [(target, source) for source, target in rng.sample(pairs, k=loops)]
    result = []
    for source, target in pairs:
        measured = _duration(rng, most_days=6.0) if rng.random() < 0.5 else None
        result.append(
            Flow(
                id=ids.new("flow"),
                source=process_list[source].id,
                target=process_list[target].id,
                label=rng.choice(["", "", "order", "file", "request", "parcel", "approval"]),
                agreement=_agreement(rng) if rng.random() < 0.55 else None,
                measured_wait=measured,
                chain=_chain_dimensions(rng) if rng.random() < 0.2 else ChainDimensions(),
            )
        )
    return result


def _forward_pairs(rng: random.Random, size: int, count: int) -> set[tuple[int, int]]:
    """``count`` distinct pairs (i, j) with i < j, j usually a few steps after i."""
    pairs: set[tuple[int, int]] = set()
    attempts = 0
    while len(pairs) < count and attempts < 50 * count:
        attempts += 1
        source = rng.randrange(size - 1)
        target = source + 1 + int(rng.expovariate(0.45))
        if target < size:
            pairs.add((source, target))
    if len(pairs) < count:  # a small, dense graph: choose among what is left
        left = [(i, j) for i in range(size) for j in range(i + 1, size) if (i, j) not in pairs]
        pairs.update(rng.sample(left, k=count - len(pairs)))
    return pairs


def _agreement(rng: random.Random) -> HandoverAgreement:
    return HandoverAgreement(
        max_wait=_duration(rng, most_days=4.0) if rng.random() < 0.7 else None,
        information=rng.choice(["Order number and address", "Complete file", "Signed form"])
        if rng.random() < 0.75
        else "",
        owner=rng.choice(["Team lead intake", "Planner on duty", "Account manager"])
        if rng.random() < 0.7
        else "",
    )


def _chain_dimensions(rng: random.Random) -> ChainDimensions:
    return ChainDimensions(
        culture=rng.choice(["", "Blame goes both ways", "Good will"]),
        relation=rng.choice(["", "Weekly stand-up", "Only by ticket"]),
        procedure=rng.choice(["", "SLA of two days", "None written down"]),
        content=rng.choice(["", "Shared case file", "Screenshots by e-mail"]),
    )


def _metrics(rng: random.Random, ids: _Ids, count: int, attachable: list[str]) -> list[Metric]:
    if not attachable:
        return []
    names = [("NPS", "", True), ("Lead time", "days", False), ("Calls per order", "", False)]
    result = []
    for _ in range(count):
        name, unit, higher_is_better = rng.choice(names)
        result.append(
            Metric(
                id=ids.new("metric"),
                name=name,
                attached_to=rng.choice(attachable),
                value=round(rng.uniform(-20, 60), 1),
                unit=unit,
                target=round(rng.uniform(0, 50), 1) if rng.random() < 0.7 else None,
                trend_percent=round(rng.uniform(-15, 15), 1) if rng.random() < 0.5 else None,
                higher_is_better=higher_is_better,
            )
        )
    return result


def _initiatives(
    rng: random.Random, ids: _Ids, count: int, attachable: list[str]
) -> list[Initiative]:
    if not attachable:
        return []
    return [
        Initiative(
            id=ids.new("initiative"),
            title=rng.choice(IDEAS),
            attached_to=rng.choice(attachable),
            status=rng.choice(list(InitiativeStatus)),
            contact=rng.choice(["", "Programme office", "Head of customer service"]),
            note=rng.choice(NOTES),
        )
        for _ in range(count)
    ]
