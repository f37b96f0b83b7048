"""The .cjm format never trusts its input (R8), knows its versions (R6) and keeps what it
does not understand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from journeymapper.model import (
    CURRENT_VERSION,
    MapFileError,
    fileformat,
    load,
    new_map,
    parse,
    serialize,
)
from journeymapper.model.elements import CustomerStep, JourneyMap, Phase, Touchpoint
from journeymapper.model.fileformat import all_elements, check_integrity
from journeymapper.model.kinds import REFERENCE_FIELDS
from tests.strategies import journey_maps


def valid_raw() -> dict[str, Any]:
    journey = new_map("Claim")
    journey.phases.append(
        Phase(id="p1", title="Declare", steps=[CustomerStep(id="s1", title="Send bill")])
    )
    journey.touchpoints.append(Touchpoint(id="t1", title="Confirmation mail", steps=["s1"]))
    return json.loads(serialize(journey))


def dumped(change: Callable[[dict[str, Any]], object]) -> bytes:
    raw = valid_raw()
    change(raw)
    return json.dumps(raw).encode()


def with_number(change: Callable[[dict[str, Any]], object], number: bytes) -> bytes:
    """The valid map changed so that the placeholder string "@" stands where ``number``
    goes: json.dumps cannot write NaN or 1e400 itself."""
    return dumped(change).replace(b'"@"', number)


def _deep(depth: int) -> bytes:
    return b'{"format": "journeymapper", "title": ' + b"[" * depth + b"]" * depth + b"}"


# Hostile file contents and a fragment the one-line message must contain.
HOSTILE: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "not json": (b"hello, this is a Word document", "not valid JSON"),
    "binary": (bytes(range(256)) * 4, "not valid JSON"),
    "truncated": (serialize(new_map())[:-40], "not valid JSON"),
    "a list": (b"[1, 2, 3]", "found a list"),
    "a string": (b'"journey"', "found a string"),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "deep nesting in a field": (_deep(100_000), "nested too deeply"),
    "other format": (b'{"format": "drawio", "pages": []}', "not a journeymapper map"),
    "no version": (dumped(lambda r: r.pop("format_version")), "'format_version' is missing"),
    "newer major": (
        dumped(lambda r: r.update(format_version="2.0")),
        "format version 2.0, which needs a newer",
    ),
    "garbage version": (dumped(lambda r: r.update(format_version="one")), "not a version like"),
    "wrong type": (
        dumped(lambda r: r["phases"][0].update(title=["x"])),
        "phases[0].title, in phase 'p1'",
    ),
    "huge string": (
        dumped(lambda r: r["phases"][0]["steps"][0].update(title="x" * 5_000_000)),
        "phases[0].steps[0].title, in customer step 's1': String should have at most",
    ),
    "NaN emotion": (
        dumped(lambda r: r["curves"][0]["points"].update(s1=0)).replace(b'"s1": 0', b'"s1": NaN'),
        "curves[0].points.s1, in emotion curve 'curve-customer': Input should be a finite number",
    ),
    "Infinity duration": (
        dumped(lambda r: r.update(promised_lead_time={"value": 1})).replace(
            b'"value": 1', b'"value": Infinity'
        ),
        "promised_lead_time.value: Input should be a finite number",
    ),
    "NaN in an unknown field": (
        with_number(lambda r: r["curves"][0].update(x_note={"marks": [1, "@"]}), b"NaN"),
        "curves[0].x_note, in emotion curve 'curve-customer': Input should be a finite number "
        "at ['marks'][1], not NaN",
    ),
    "too large a number in an unknown field": (
        with_number(lambda r: r.update(x_size="@"), b"-1e400"),
        "x_size: Input should be a finite number, not -Infinity",
    ),
    "version in other digits": (
        dumped(lambda r: r.update(format_version="².0")),
        "format_version '².0' is not a version like '1.0'",
    ),
    "version of 5000 digits": (
        dumped(lambda r: r.update(format_version="9" * 5000 + ".0")),
        "format_version '999999999",
    ),
    "line break in a title": (
        dumped(lambda r: r["phases"][0].update(title="Declare\nand wait", id="s1")),
        "duplicate id 's1': used by phase 'Declare\\nand wait' (s1)",
    ),
    "line break in a key": (
        dumped(lambda r: r["curves"][0]["points"].update({"s\u2028": 1})),
        "curves[0].points['s\\u2028'][key], in emotion curve 'curve-customer'",
    ),
    "dangling id": (
        dumped(lambda r: r["touchpoints"][0].update(steps=["s9"])),
        "touchpoint 'Confirmation mail' (t1): steps names 's9', which does not exist",
    ),
    "reference to wrong kind": (
        dumped(lambda r: r["touchpoints"][0].update(steps=["p1"])),
        "steps names phase 'Declare' (p1), which is not a customer step",
    ),
    "duplicate id": (
        dumped(lambda r: r["touchpoints"][0].update(id="s1")),
        "duplicate id 's1': used by",
    ),
    "bad id": (dumped(lambda r: r["phases"][0].update(id="has space")), "phases[0].id"),
    "emotion off the scale": (
        dumped(lambda r: r["curves"][0]["points"].update(s1=11)),
        "emotion 11 at step 's1' is outside the scale -5..5",
    ),
    "inverted scale": (
        dumped(lambda r: r["scale"].update(minimum=5, maximum=-5)),
        "scale: Value error, the scale needs minimum",
    ),
    "invalid utf-8": (b'{"title": "\xff\xfe"}', "not valid JSON"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_r8_hostile_file_gives_one_clear_line(case: str, tmp_path: Path) -> None:
    data, expected = HOSTILE[case]
    path = tmp_path / "hostile.cjm"
    path.write_bytes(data)
    with pytest.raises(MapFileError) as caught:
        load(path)
    message = str(caught.value)
    assert expected in message
    assert message.startswith(str(path))
    assert message.splitlines() == [message]  # no line break of any kind
    assert len(message) < 400


def test_r8_a_line_break_in_the_file_name_stays_escaped() -> None:
    error = MapFileError("maps/a\nb.cjm", "no such file")
    assert str(error) == "maps/a\\nb.cjm: no such file"
    assert error.path == "maps/a\nb.cjm"  # as given, to open it


def test_r8_a_long_title_is_cut_in_messages() -> None:
    raw = valid_raw()
    raw["phases"][0].update(title="x" * 500, id="s1")
    with pytest.raises(MapFileError, match=r"used by phase 'x{60}…' \(s1\) and"):
        parse(json.dumps(raw).encode())


def test_r8_one_gigabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.cjm"
    with path.open("wb") as stream:  # sparse: takes no disk space
        stream.truncate(1024**3)
    with pytest.raises(
        MapFileError, match=r"the file is 1\.0 GB; journeymapper opens maps up to 64 MB"
    ):
        load(path)


def test_folder_and_missing_file_are_clear(tmp_path: Path) -> None:
    with pytest.raises(MapFileError, match="folder"):
        load(tmp_path)
    with pytest.raises(MapFileError, match="no such file"):
        load(tmp_path / "missing.cjm")


def test_r6_unknown_fields_and_kinds_survive_load_and_save() -> None:
    raw = valid_raw()
    raw["x_future"] = {"nested": [1, 2]}
    raw["sticky_notes"] = [{"id": "n1", "text": "Ask the courier"}]
    raw["phases"][0]["steps"][0]["x_colour"] = "teal"
    raw["touchpoints"][0]["x_sentiment"] = 0.5
    again = json.loads(serialize(parse(json.dumps(raw).encode())))
    assert again["x_future"] == {"nested": [1, 2]}
    assert again["sticky_notes"] == [{"id": "n1", "text": "Ask the courier"}]
    assert again["phases"][0]["steps"][0]["x_colour"] == "teal"
    assert again["touchpoints"][0]["x_sentiment"] == 0.5


def test_r6_newer_minor_version_is_read_and_its_version_kept() -> None:
    raw = valid_raw()
    raw["format_version"] = f"{CURRENT_VERSION.major}.{CURRENT_VERSION.minor + 3}"
    raw["x_added_in_newer_minor"] = True
    journey = parse(json.dumps(raw).encode())
    assert journey.format_version == raw["format_version"]
    assert json.loads(serialize(journey))["x_added_in_newer_minor"] is True


def test_r6_older_major_migrates_through_each_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """Format 1 is the first released major, so the migration chain is proved with a
    stand-in format 0 whose steps were called 'tasks' before they were 'steps'."""

    def zero_to_one(raw: dict[str, Any]) -> dict[str, Any]:
        for phase in raw["phases"]:
            phase["steps"] = phase.pop("tasks")
        return raw

    monkeypatch.setattr(fileformat, "CURRENT_VERSION", fileformat.FormatVersion(1, 0))
    monkeypatch.setitem(fileformat.MIGRATIONS, 0, zero_to_one)
    raw = valid_raw()
    raw["format_version"] = "0.7"
    raw["phases"][0]["tasks"] = raw["phases"][0].pop("steps")
    journey = parse(json.dumps(raw).encode())
    assert journey.format_version == "1.0"
    assert [s.title for s in journey.phases[0].steps] == ["Send bill"]


def test_r6_older_major_without_migration_is_refused() -> None:
    raw = valid_raw()
    raw["format_version"] = "0.1"
    raw["phases"] = "not even a list"
    with pytest.raises(
        MapFileError, match=r"format version 0\.1 is not one journeymapper can migrate"
    ):
        parse(json.dumps(raw).encode())


RELEASED_FORMATS = Path(__file__).parent / "formats"


@pytest.mark.parametrize("fixture", sorted(RELEASED_FORMATS.glob("*.cjm")), ids=lambda p: p.name)
def test_r6_every_released_format_version_still_loads(fixture: Path) -> None:
    """A fixture file per released format version; none may ever stop loading."""
    journey = load(fixture).journey
    assert journey.phases and journey.steps()
    assert journey.format_version == str(CURRENT_VERSION)


def test_released_format_fixtures_exist() -> None:
    names = {p.name for p in RELEASED_FORMATS.glob("*.cjm")}
    assert f"format-{CURRENT_VERSION}.cjm" in names


def test_errors_report_the_count_of_further_problems() -> None:
    raw = valid_raw()
    raw["phases"][0]["title"] = 1
    raw["touchpoints"][0]["title"] = 2
    with pytest.raises(MapFileError, match=r"and 1 more problems"):
        parse(json.dumps(raw).encode())


def test_parse_does_not_use_json_loads_on_untrusted_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """json.loads raises RecursionError on deep input; the parser must not depend on it."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("json.loads used on a document path")

    monkeypatch.setattr(json, "loads", refuse)
    with pytest.raises(MapFileError):
        parse(b"[" * 50_000)
    assert parse(serialize(new_map("x"))).title == "x"


def test_an_empty_object_is_not_a_map() -> None:
    with pytest.raises(MapFileError, match="'format' is missing"):
        parse(b"{}")


def test_promise_end_points_must_be_process_steps() -> None:
    raw = valid_raw()
    raw["promise_from"] = "s1"
    with pytest.raises(MapFileError, match="promise_from names 's1', which is not a process step"):
        parse(json.dumps(raw).encode())


@settings(max_examples=60, deadline=None)
@given(journey_maps(with_extras=False), st.data())
def test_any_wrong_reference_of_any_kind_is_named(journey: JourneyMap, data: st.DataObject) -> None:
    """The integrity check works per field over all elements at once; whichever element
    and reference field is broken, the message names that element and the missing id."""
    holders = [
        (element, name)
        for element, _kind in all_elements(journey)
        for name, _allowed in REFERENCE_FIELDS.get(type(element), ())
    ]
    assume(holders)
    element, name = data.draw(st.sampled_from(holders))
    value = getattr(element, name)
    if isinstance(value, list):
        value.append("zz-missing")
    elif isinstance(value, dict):
        value["zz-missing"] = 0.0
    else:
        setattr(element, name, "zz-missing")
    with pytest.raises(MapFileError, match=f"\\({element.id}\\): {name} names 'zz-missing'"):
        check_integrity(journey)
