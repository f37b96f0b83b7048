"""Properties that hold for every valid map and for every file, however broken.

Hypothesis draws valid maps (tests/strategies.py), random bytes and mutated sample files. The
properties: a map survives serialize/parse and save/load unchanged; unknown fields survive;
the analysis never raises, names only existing elements and is deterministic; the loader
returns a map or raises MapFileError with a one-line message, nothing else; and the Document
facade's edits keep the map intact.

An ``@example`` is the minimal case of a bug hypothesis once found in journeymapper.model; it
stays as a regression example, tried on every run before the random ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from journeymapper import __version__
from journeymapper.model import Document, IntegrityError, MapFileError, parse, serialize
from journeymapper.model.analysis import Finding, Severity, analyze
from journeymapper.model.document import Event, Placement
from journeymapper.model.elements import (
    CustomerStep,
    Element,
    EmotionCurve,
    EmotionScale,
    JourneyMap,
    Phase,
)
from journeymapper.model.fileformat import check_integrity
from journeymapper.model.kinds import ROOT_COLLECTION
from journeymapper.model.storage import BackupPolicy, load, save
from tests.strategies import extra_names, journey_maps, json_values, scales, titles

SAMPLE_FILES = sorted((Path(__file__).resolve().parent.parent / "sample_maps").glob("*.cjm"))


# -- helpers ---------------------------------------------------------------------------------


def stamped(journey: JourneyMap) -> JourneyMap:
    """The map as a save writes it: serialize stamps the running app version, by design."""
    return journey.model_copy(update={"app_version": __version__})


def all_elements(journey: JourneyMap) -> list[Element]:
    elements: list[Element] = [
        element
        for collection in ROOT_COLLECTION.values()
        for element in getattr(journey, collection)
    ]
    elements += journey.steps()
    return elements


def element_ids(journey: JourneyMap) -> set[str]:
    return {element.id for element in all_elements(journey)}


def parse_or_refusal(data: bytes) -> JourneyMap | MapFileError:
    """The loader's whole contract: a map or a MapFileError. Anything else propagates."""
    try:
        return parse(data, "map.cjm")
    except MapFileError as error:
        return error


def assert_one_line(error: MapFileError) -> None:
    message = str(error)
    assert message.splitlines() == [message], f"not a one-line message: {message!r}"


def raw_document(journey: JourneyMap) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(serialize(journey))
    return document


# -- serialize / parse / save / load -----------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(journey=journey_maps(app_version=None))
def test_any_valid_map_survives_serialize_and_parse(journey: JourneyMap) -> None:
    data = serialize(journey)
    again = parse(data)
    assert again == stamped(journey)
    assert serialize(again) == data  # same document, same bytes
    assert serialize(journey.model_copy(deep=True)) == data


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(journey=journey_maps())
def test_any_valid_map_survives_save_and_load(tmp_path: Path, journey: JourneyMap) -> None:
    # Every example saves over the previous example's file: overwriting with a backup too.
    target = tmp_path / "journey.cjm"
    policy = BackupPolicy(directory=tmp_path / "backups", keep=2)
    previous = target.read_bytes() if target.exists() else None
    saved = save(journey, target, backups=policy)
    loaded = load(target)
    assert loaded.journey == stamped(journey)
    assert loaded.disk == saved.disk
    assert target.read_bytes() == serialize(journey)
    if previous is None or previous == target.read_bytes():
        assert saved.backup is None  # nothing new to keep: the history stays as it was
    else:
        assert saved.backup is not None and saved.backup.read_bytes() == previous
    left = sorted(path.name for path in tmp_path.iterdir())
    assert left in (["journey.cjm"], ["backups", "journey.cjm"])  # no temporary, no lock


# -- analysis --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(journey=journey_maps())
def test_analysis_never_raises_names_existing_elements_and_is_deterministic(
    journey: JourneyMap,
) -> None:
    before = serialize(journey)
    findings = analyze(journey)
    ids = element_ids(journey)
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.severity in Severity
        assert finding.message.strip()
        assert set(finding.elements) <= ids, finding
    assert analyze(journey) == findings
    assert analyze(journey.model_copy(deep=True)) == findings
    assert analyze(parse(serialize(journey))) == findings  # a save changes nothing it reads
    assert serialize(journey) == before  # the analysis only reads


# -- unknown fields ----------------------------------------------------------------------------

STICKY_NOTES = [
    {"id": "n1", "text": "x"},
    {"id": "n2", "text": "ĳsje 😀 <b>", "on": ["step-1"], "size": 1.5, "done": None},
]


def model_objects(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every JSON object of a serialized map that one of the pydantic models reads."""
    objects = [document, document["scale"]]
    if isinstance(document.get("promised_lead_time"), dict):
        objects.append(document["promised_lead_time"])
    for collection in ROOT_COLLECTION.values():
        for element in document[collection]:
            objects.append(element)
            objects.extend(element.get("steps", []) if collection == "phases" else [])
            for nested in ("duration", "agreement", "measured_wait", "chain"):
                if isinstance(element.get(nested), dict):
                    objects.append(element[nested])
            agreement = element.get("agreement")
            if isinstance(agreement, dict) and isinstance(agreement.get("max_wait"), dict):
                objects.append(agreement["max_wait"])
    return objects


@settings(max_examples=40, deadline=None)
@given(journey=journey_maps(with_extras=False), data=st.data())
def test_unknown_fields_survive_parse_and_serialize(
    journey: JourneyMap, data: st.DataObject
) -> None:
    document = raw_document(journey)
    document["x_future_field"] = {"nested": [1, 2.5, None, "ĳ"], "flag": True}
    document["sticky_notes"] = STICKY_NOTES  # a collection of an element kind to come
    objects = model_objects(document)
    additions = data.draw(
        st.lists(st.tuples(st.integers(0, len(objects) - 1), extra_names, json_values), max_size=6),
        label="unknown fields (object index, name, value)",
    )
    for index, name, value in additions:
        objects[index][name] = value
    raw = json.dumps(
        document,
        indent=data.draw(st.sampled_from([None, 2]), label="indent"),
        ensure_ascii=data.draw(st.booleans(), label="ensure_ascii"),
    ).encode("utf-8")

    parsed = parse(raw)
    assert parsed.model_extra is not None
    assert parsed.model_extra["sticky_notes"] == STICKY_NOTES
    written = serialize(parsed)
    assert json.loads(written) == document  # nothing lost, added or changed
    again = parse(written)
    assert again == parsed
    assert serialize(again) == written


def _refuse_constant(constant: str) -> None:
    raise AssertionError(f"the saved file holds {constant}, which is not JSON")


@settings(max_examples=10, deadline=None)
@example(journey=JourneyMap(), number="NaN", where="top")
@given(
    journey=journey_maps(with_extras=False, max_phases=1),
    number=st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e999"]),
    where=st.sampled_from(["top", "curve"]),
)
def test_non_finite_numbers_in_unknown_fields_are_refused_or_kept(
    journey: JourneyMap, number: str, where: str
) -> None:
    """The model refuses NaN and infinity; an unknown field must not smuggle them in."""
    document = raw_document(journey)
    holder = document if where == "top" or not document["curves"] else document["curves"][0]
    holder["x_number"] = "@number@"
    raw = json.dumps(document).replace('"@number@"', number).encode("utf-8")
    outcome = parse_or_refusal(raw)
    if isinstance(outcome, MapFileError):
        return  # refusing the file is fine
    written = serialize(outcome)
    json.loads(written, parse_constant=_refuse_constant)  # the file is standard JSON
    loaded, saved = _unknown_number(outcome, where), _unknown_number(parse(written), where)
    assert repr(saved) == repr(loaded), f"the unknown field held {loaded!r}, saved as {saved!r}"


def _unknown_number(journey: JourneyMap, where: str) -> object:
    model: JourneyMap | EmotionCurve = journey
    if where == "curve" and journey.curves:
        model = journey.curves[0]
    return (model.model_extra or {}).get("x_number")


# -- the loader never crashes ----------------------------------------------------------------

JSON_PREFIXES = [
    b"",
    b"{",
    b"[",
    b'"',
    b"\xef\xbb\xbf{",
    b'{"format": "journeymapper", "format_version": "1.0", ',
    b'{"format": "journeymapper", "format_version": "1.0", "phases": [{"id": "p", "title": ',
]


@settings(max_examples=300, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.builds(bytes.__add__, st.sampled_from(JSON_PREFIXES), st.binary(max_size=100)),
    )
)
def test_random_bytes_never_crash_the_loader(data: bytes) -> None:
    outcome = parse_or_refusal(data)
    if isinstance(outcome, MapFileError):
        assert_one_line(outcome)
    else:
        assert isinstance(outcome, JourneyMap)
        check_integrity(outcome)


@settings(max_examples=100, deadline=None)
@example(version="².0")
@example(version="9" * 4301 + ".0")
@given(
    version=st.one_of(
        st.text(max_size=8),
        st.from_regex(r"[0-9]{1,3}\.?[0-9]{0,3}", fullmatch=True),
        # Digits of every script, superscripts, fractions: all that str.isdigit() might pass.
        st.text(st.characters(categories=["Nd", "No"]) | st.just("."), min_size=1, max_size=5),
    )
)
def test_any_format_version_is_read_or_refused(version: str) -> None:
    for body in ({}, {"title": 5}):  # the fast path and the slow (validation error) path
        raw = {"format": "journeymapper", "format_version": version, **body}
        outcome = parse_or_refusal(json.dumps(raw).encode("utf-8"))
        if isinstance(outcome, MapFileError):
            assert_one_line(outcome)


# -- mutated sample files ------------------------------------------------------------------------

Slot = tuple[Any, Any]  # (container, key or index)
Mutation = tuple[Any, ...]

# Replacement values for "change a value's type". Strings are ASCII apart from a fixed few;
# the format_version test above covers the digits of other scripts.
REPLACEMENTS = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            -1,
            1.5,
            -0.0,
            1e308,
            -1e308,
            10**20,
            2**64,
            "",
            "x",
            "ĳ 😀",
            "<b>x</b>",
            "a" * 600,
            "1.0",
            "2.0",
            "0.9",
            "1",
            [],
            {},
            [1, "a", None],
            {"id": "x"},
            {"id": "ghost", "title": "t"},
        ]
    ),
    st.text(alphabet=st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=10),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
)

ANY_INDEX = st.integers(min_value=0, max_value=2**20)

BYTE_MUTATIONS = st.one_of(
    st.tuples(st.just("flip"), ANY_INDEX, st.integers(0, 7)),
    st.tuples(st.just("delete"), ANY_INDEX, st.integers(1, 16)),
    st.tuples(st.just("insert"), ANY_INDEX, st.binary(min_size=1, max_size=8)),
)
JSON_MUTATIONS = st.one_of(
    st.tuples(st.just("delete_key"), ANY_INDEX),
    st.tuples(st.just("retype"), ANY_INDEX, REPLACEMENTS),
    st.tuples(st.just("duplicate"), ANY_INDEX, ANY_INDEX, ANY_INDEX),
    st.tuples(st.just("dangle"), ANY_INDEX, st.none() | ANY_INDEX),
)
# The JSON mutations first: after a byte mutation the file is rarely JSON any more.
MUTATIONS = st.builds(
    list.__add__,
    st.lists(JSON_MUTATIONS, max_size=3),
    st.lists(BYTE_MUTATIONS, max_size=2),
).filter(bool)

REFERENCE_FIELDS = {
    "touchpoints": ("steps", "channel", "owner"),
    "process_steps": ("department", "serves"),
    "flows": ("source", "target"),
    "metrics": ("attached_to",),
    "initiatives": ("attached_to",),
    "curves": ("persona", "points"),
}


def _slots(node: Any, dicts_only: bool = False) -> list[Slot]:
    """Every (container, key) of a JSON tree, depth first."""
    found: list[Slot] = []
    items: Any = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, value in items:
        if isinstance(node, dict) or not dicts_only:
            found.append((node, key))
        found.extend(_slots(value, dicts_only))
    return found


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _element_lists(document: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    lists = [(name, _list(document.get(name))) for name in ROOT_COLLECTION.values()]
    for phase in _list(document.get("phases")):
        if isinstance(phase, dict):
            lists.append(("steps", _list(phase.get("steps"))))
    return [(name, items) for name, items in lists if items]


def _reference_slots(document: dict[str, Any]) -> list[Slot]:
    slots: list[Slot] = [(document, "promise_from"), (document, "promise_to")]
    for collection, fields in REFERENCE_FIELDS.items():
        for element in _list(document.get(collection)):
            if not isinstance(element, dict):
                continue
            for name in fields:
                value = element.get(name)
                if isinstance(value, list):
                    slots.extend((value, n) for n in range(len(value)))
                elif isinstance(value, dict):  # emotion points: the key is the reference
                    slots.extend((value, key) for key in list(value))
                else:
                    slots.append((element, name))
    return slots


def _all_ids(document: dict[str, Any]) -> list[str]:
    return [
        element["id"]
        for _, items in _element_lists(document)
        for element in items
        if isinstance(element, dict) and isinstance(element.get("id"), str)
    ]


def _mutate_document(document: dict[str, Any], mutation: Mutation) -> None:
    kind, where, *rest = mutation
    if kind == "delete_key":
        slots = _slots(document, dicts_only=True)
        if slots:
            container, key = slots[where % len(slots)]
            del container[key]
    elif kind == "retype":
        slots = _slots(document)
        if slots:
            container, key = slots[where % len(slots)]
            container[key] = rest[0]
    elif kind == "duplicate":  # a copy of an element, so that two elements share an id
        lists = _element_lists(document)
        if lists:
            name, items = lists[where % len(lists)]
            element = items[rest[0] % len(items)]
            targets = [other for other_name, other in lists if other_name == name]
            target = targets[rest[1] % len(targets)]
            target.insert(rest[1] % (len(target) + 1), json.loads(json.dumps(element)))
    elif kind == "dangle":  # a reference to a missing id, or to an element of another kind
        slots = _reference_slots(document)
        ids = _all_ids(document)
        if slots:
            container, key = slots[where % len(slots)]
            target = "ghost-404" if rest[0] is None or not ids else ids[rest[0] % len(ids)]
            if isinstance(container, dict) and key not in REFERENCE_FIELDS_FLAT:
                container[target] = container.pop(key)  # an emotion point's step id
            else:
                container[key] = target


REFERENCE_FIELDS_FLAT = {name for fields in REFERENCE_FIELDS.values() for name in fields} | {
    "promise_from",
    "promise_to",
}


def mutate(data: bytes, mutations: list[Mutation]) -> bytes:
    for mutation in mutations:
        kind, where, *rest = mutation
        if kind == "flip" and data:
            position = where % len(data)
            data = data[:position] + bytes([data[position] ^ (1 << rest[0])]) + data[position + 1 :]
        elif kind == "delete" and data:
            position = where % len(data)
            data = data[:position] + data[position + rest[0] :]
        elif kind == "insert":
            position = where % (len(data) + 1)
            data = data[:position] + rest[0] + data[position:]
        elif kind in ("delete_key", "retype", "duplicate", "dangle"):
            try:
                document = json.loads(data)
            except (ValueError, RecursionError):
                continue  # already broken beyond JSON: only byte mutations apply
            if not isinstance(document, dict):
                continue
            _mutate_document(document, mutation)
            text = json.dumps(document, indent=2, ensure_ascii=False)
            data = text.encode("utf-8", "surrogatepass")  # a lone surrogate stays broken
    return data


def _seeds() -> st.SearchStrategy[bytes]:
    generated = journey_maps(max_phases=2, max_steps=2).map(serialize)
    if not SAMPLE_FILES:
        return generated
    return st.one_of(st.sampled_from([path.read_bytes() for path in SAMPLE_FILES]), generated)


SEEDS = _seeds()


def _seed_with_line_break_in_title() -> bytes:
    phase = Phase(id="p", title="Orient\nand compare", steps=[CustomerStep(id="s", title="S")])
    return serialize(JourneyMap(phases=[phase], curves=[EmotionCurve(id="c")]))


def _seed_with_line_break_in_point_key() -> bytes:
    document = raw_document(JourneyMap(curves=[EmotionCurve(id="c")]))
    document["curves"][0]["points"] = {"s\n1": 1.0}
    return json.dumps(document).encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(seed=SEEDS, mutations=MUTATIONS)
def test_mutated_files_never_crash_the_loader(seed: bytes, mutations: list[Mutation]) -> None:
    outcome = parse_or_refusal(mutate(seed, mutations))
    assert isinstance(outcome, JourneyMap | MapFileError)


@settings(max_examples=150, deadline=None)
@example(seed=_seed_with_line_break_in_title(), mutations=[("duplicate", 0, 0, 0)])
@example(seed=_seed_with_line_break_in_point_key(), mutations=[])
@given(seed=SEEDS, mutations=MUTATIONS)
def test_mutated_files_are_read_or_refused_in_one_line(
    seed: bytes, mutations: list[Mutation]
) -> None:
    outcome = parse_or_refusal(mutate(seed, mutations))
    if isinstance(outcome, MapFileError):
        assert_one_line(outcome)
    else:
        assert isinstance(outcome, JourneyMap)


# -- the Document facade -----------------------------------------------------------------------

AT = st.integers(min_value=0, max_value=1000)
INDEX = st.integers(min_value=-1, max_value=6)

EDITS = st.one_of(
    st.tuples(st.just("set_title"), AT, st.one_of(titles, st.just("x" * 501), st.just(42))),
    # The emotion as a fraction of the scale: below 0 or above 1 lies outside it.
    st.tuples(st.just("set_emotion"), AT, st.none() | st.floats(-0.5, 1.5), st.none() | AT),
    st.tuples(st.just("move"), AT, AT, INDEX),
    st.tuples(st.just("insert_step"), AT, INDEX, titles, st.none() | AT),
    st.tuples(st.just("remove_step"), AT),
    # Beyond the brief's edits: removing any element, and pointing the promise at any element.
    st.tuples(st.just("remove_element"), AT),
    st.tuples(
        st.just("set_promise"), st.sampled_from(["promise_from", "promise_to"]), st.none() | AT
    ),
)


def _title_field(element: Element) -> str:
    for name in ("title", "name", "label"):
        if name in type(element).model_fields:
            return name
    raise AssertionError(f"{element!r} has no title")


def _apply(document: Document, edit: tuple[Any, ...], fresh: int) -> object:
    """Perform one edit; an edit that needs something the map lacks does nothing."""
    kind, at, *rest = edit
    journey = document.map
    steps = journey.steps()
    ids = list(document.ids())
    if kind == "set_title":
        element = document.get(ids[at % len(ids)]) if ids else None
        return element and document.set_field(element.id, _title_field(element), rest[0])
    if kind == "set_emotion" and steps:
        fraction, curve_at = rest
        scale = journey.scale
        value = None if fraction is None else scale.minimum + fraction * scale.span
        curves = journey.curves  # an earlier edit may have removed the last one
        curve = None if curve_at is None or not curves else curves[curve_at % len(curves)].id
        return document.set_emotion(steps[at % len(steps)].id, value, curve)
    if kind == "move" and steps:
        phase = journey.phases[rest[0] % len(journey.phases)]
        return document.move(steps[at % len(steps)].id, phase.id, rest[1])
    if kind == "insert_step" and journey.phases:
        index, title, existing = rest
        new_id = f"new-step-{fresh}" if existing is None or not ids else ids[existing % len(ids)]
        phase = journey.phases[at % len(journey.phases)]
        return document.insert(CustomerStep(id=new_id, title=title), phase.id, index)
    if kind == "remove_step" and steps:
        return document.remove(steps[at % len(steps)].id)
    if kind == "remove_element":
        return document.remove(ids[at % len(ids)]) if ids else None
    if kind == "set_promise":
        target = None if rest[0] is None or not ids else ids[rest[0] % len(ids)]
        return document.set_map_field(at, target)
    return None


def assert_document_consistent(document: Document) -> None:
    journey = document.map
    check_integrity(journey)
    assert set(document.ids()) == element_ids(journey)
    for phase in journey.phases:
        for index, step in enumerate(phase.steps):
            assert document.placement(step.id) == Placement(phase.id, index)


@settings(max_examples=60, deadline=None)
@given(journey=journey_maps(), edits=st.lists(EDITS, max_size=12))
def test_document_edits_keep_the_map_intact(
    journey: JourneyMap, edits: list[tuple[Any, ...]]
) -> None:
    document = Document(journey.model_copy(deep=True))
    events: list[Event] = []
    document.subscribe(events.append)
    for fresh, edit in enumerate(edits):
        before = serialize(document.map)
        heard = len(events)
        try:
            result = _apply(document, edit, fresh)
        except IntegrityError:
            assert serialize(document.map) == before, "a refused edit changed the map"
            assert len(events) == heard, "a refused edit was announced"
        else:
            changed = result is not None and result is not False
            assert len(events) == heard + (1 if changed else 0)
            if not changed:
                assert serialize(document.map) == before
        assert_document_consistent(document)
    assert parse(serialize(document.map)) == stamped(document.map)  # it can still be saved


def _map_with_emotion(value: float) -> JourneyMap:
    step = CustomerStep(id="s", title="Pay")
    return JourneyMap(
        phases=[Phase(id="p", title="Order", steps=[step])],
        curves=[EmotionCurve(id="c", points={"s": value})],
    )


def _each_edit_keeps_integrity(document: Document, edits: list[Callable[[], object]]) -> None:
    for edit in edits:
        try:
            edit()
        except IntegrityError:
            continue
        check_integrity(document.map)


@settings(max_examples=30, deadline=None)
@example(journey=_map_with_emotion(1.0))
@given(journey=journey_maps())
def test_removing_a_phase_keeps_the_map_intact(journey: JourneyMap) -> None:
    document = Document(journey.model_copy(deep=True))
    phase_ids = [phase.id for phase in journey.phases]
    _each_edit_keeps_integrity(
        document, [lambda phase_id=phase_id: document.remove(phase_id) for phase_id in phase_ids]
    )


@settings(max_examples=30, deadline=None)
@example(journey=_map_with_emotion(-3.0), scale=EmotionScale.grade())
@given(journey=journey_maps(), scale=scales())
def test_changing_the_scale_keeps_every_emotion_on_it(
    journey: JourneyMap, scale: EmotionScale
) -> None:
    document = Document(journey.model_copy(deep=True))
    _each_edit_keeps_integrity(document, [lambda: document.set_map_field("scale", scale)])


@settings(max_examples=30, deadline=None)
@example(journey=_map_with_emotion(1.0), value=99.0)
@given(journey=journey_maps(), value=st.floats(-1000, 1000))
def test_curve_edits_keep_every_emotion_on_the_scale(journey: JourneyMap, value: float) -> None:
    assume(journey.steps())
    document = Document(journey.model_copy(deep=True))
    points = {journey.steps()[0].id: value}
    curve_id = journey.curves[0].id
    _each_edit_keeps_integrity(
        document,
        [
            lambda: document.insert(EmotionCurve(id="curve-new-1", points=points)),
            lambda: document.set_field(curve_id, "points", points),
        ],
    )


@settings(max_examples=30, deadline=None)
@example(journey=JourneyMap(), step_ids=["phase-new"])
@given(
    journey=journey_maps(max_phases=1),
    step_ids=st.lists(st.sampled_from(["new-1", "new-2", "phase-new"]), max_size=3),
)
def test_inserting_a_phase_with_steps_keeps_ids_unique(
    journey: JourneyMap, step_ids: list[str]
) -> None:
    document = Document(journey.model_copy(deep=True))
    steps = [CustomerStep(id=step_id, title=step_id) for step_id in step_ids]
    phase = Phase(id="phase-new", title="New", steps=steps)
    _each_edit_keeps_integrity(document, [lambda: document.insert(phase)])


@given(journey_maps())
def test_the_fast_writer_gives_the_bytes_of_the_reference_writer(journey: JourneyMap) -> None:
    """Saving uses pydantic's JSON writer; a file must not change between app versions for
    nothing, so its bytes are those of Python's json module, floats, extras and texts alike."""
    from journeymapper import __version__
    from journeymapper.model.fileformat import python_json_bytes

    stamped = journey.model_copy(update={"app_version": __version__})
    assert serialize(journey) == python_json_bytes(stamped)


def test_a_tiny_number_is_written_as_python_writes_it() -> None:
    from journeymapper.model.elements import Metric

    journey = JourneyMap(
        phases=[Phase(id="p", title="P", steps=[CustomerStep(id="s", title="S")])],
        metrics=[Metric(id="m", name="Error rate", attached_to="s", value=1e-7, target=2e-5)],
    )
    data = serialize(journey)
    assert b'"value": 1e-07' in data and b'"target": 2e-05' in data


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_number_is_written_as_python_writes_it(number: float) -> None:
    from journeymapper import __version__
    from journeymapper.model.elements import Metric
    from journeymapper.model.fileformat import python_json_bytes

    journey = JourneyMap(
        phases=[Phase(id="p", title="P", steps=[CustomerStep(id="s", title="S")])],
        metrics=[Metric(id="m", name="Rate", attached_to="s", value=number)],
    )
    stamped = journey.model_copy(update={"app_version": __version__})
    assert serialize(journey) == python_json_bytes(stamped)


def _scanned_referrers(document: Document, element_id: str) -> list[tuple[str, str]]:
    """Who refers to ``element_id``, by walking the whole map (what the index replaces)."""
    from journeymapper.model.kinds import map_references, references_of

    journey = document.map
    found = [("", r.field) for r in map_references(journey) if r.target == element_id]
    for other in document.ids():
        element = document.get(other)
        if document.kind(other) == "step" and document.placement(other).parent == element_id:
            found.append((other, "parent"))
        found += [(other, r.field) for r in references_of(element) if r.target == element_id]
    return found


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(journey_maps(), st.data())
def test_the_referrer_index_answers_as_a_walk_over_the_map(
    journey: JourneyMap, data: st.DataObject
) -> None:
    """Deletes ask the Document's referrer index instead of walking the map; after any
    sequence of removes, moves, re-pointed touchpoints and emotions it gives the walk's answer,
    in the walk's order."""
    document = Document(journey)
    for _ in range(data.draw(st.integers(0, 8))):
        steps = [s.id for s in document.map.steps()]
        touchpoints = [t.id for t in document.map.touchpoints]
        phases = [p.id for p in document.map.phases]
        action = data.draw(st.sampled_from(["remove", "emotion", "steps", "move"]))
        try:
            if action == "remove" and list(document.ids()):
                document.remove(data.draw(st.sampled_from(list(document.ids()))))
            elif action == "emotion" and steps and document.map.curves:
                step = data.draw(st.sampled_from(steps))
                document.set_emotion(step, data.draw(st.sampled_from([None, 0.0])))
            elif action == "steps" and touchpoints and steps:
                touchpoint = data.draw(st.sampled_from(touchpoints))
                document.set_field(touchpoint, "steps", data.draw(st.lists(st.sampled_from(steps))))
            elif action == "move" and steps:
                step = data.draw(st.sampled_from(steps))
                document.move(step, data.draw(st.sampled_from(phases)), 0)
        except IntegrityError:
            pass  # refused: nothing changed
        for element_id in document.ids():
            assert document.referrers(element_id) == _scanned_referrers(document, element_id)
