"""Limits on what a map holds, and duplicate keys: checked cheaply, exactly, and in words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from bench.synthetic import scaled_map
from journeymapper.model import MapFileError, limits, new_map, parse, serialize
from journeymapper.model.duplicate_keys import keys_read
from journeymapper.model.elements import JourneyMap
from journeymapper.model.fileformat import all_elements
from tests.conftest import SAMPLE_MAPS
from tests.strategies import journey_maps


def test_a_file_below_the_exact_count_threshold_cannot_exceed_any_limit() -> None:
    """The fast path skips the exact count for files of few objects; that is sound only
    while every element (one object at least) is limited to more than that many."""
    assert min(limits.LIMITS.values()) >= limits._SCAN_FROM_OBJECTS


def test_the_10x_benchmark_map_loads() -> None:
    journey = scaled_map(10)
    assert parse(serialize(journey)) == journey


def bare_map(**collections: list[dict[str, Any]]) -> bytes:
    raw: dict[str, Any] = {"format": "journeymapper", "format_version": "1.0", **collections}
    return json.dumps(raw).encode()


@pytest.mark.parametrize(
    ("collection", "label"),
    [("touchpoints", "touchpoints"), ("flows", "flows"), ("departments", "departments")],
)
def test_one_element_over_a_limit_is_refused_by_name(collection: str, label: str) -> None:
    limit = limits.LIMITS[label]
    items = [{"id": f"x{n}"} for n in range(limit + 1)]
    with pytest.raises(MapFileError) as refused:
        parse(bare_map(**{collection: items}))
    assert str(refused.value) == (
        f"<map>: the map holds {limit + 1:,} {label}, more than journeymapper opens "
        f"(at most {limit:,}; see docs/format.md)"
    )


def test_steps_and_emotions_count_over_all_phases_and_curves() -> None:
    phases = [
        {
            "id": f"p{n}",
            "title": "P",
            "steps": [{"id": f"s{n}-{i}", "title": "S"} for i in range(1_001)],
        }
        for n in range(50)
    ]
    with pytest.raises(MapFileError, match=r"50,050 customer steps, more than .* 50,000"):
        parse(bare_map(phases=phases))
    curves = [{"id": f"c{n}", "points": {f"s{i}": 0 for i in range(5_001)}} for n in range(50)]
    with pytest.raises(MapFileError, match=r"250,050 emotion values, more than .* 250,000"):
        parse(bare_map(curves=curves))


def test_a_file_of_millions_of_values_is_refused_before_parsing() -> None:
    data = bare_map().replace(b"}", b', "x_junk": [' + b"0," * 5_000_000 + b"0]}")
    with pytest.raises(
        MapFileError,
        match=r"about 5,000,00\d values \(list items and fields\), .*at most 5,000,000",
    ):
        parse(data)


# -- duplicate keys ----------------------------------------------------------------------------


def count_pairs(data: bytes) -> int:
    """The keys of the file, counted by the standard library: the truth keys_read must meet."""
    found = 0

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        found += len(pairs)
        return dict(pairs)

    json.loads(data, object_pairs_hook=hook)
    return found


def assert_keys_read_exactly(journey: JourneyMap, data: bytes) -> None:
    elements = [element for element, _ in all_elements(journey)]
    assert keys_read(journey, elements) == count_pairs(data)


@pytest.mark.parametrize("path", sorted(SAMPLE_MAPS.glob("*.cjm")), ids=lambda p: p.stem)
def test_the_keys_a_sample_map_was_read_from_are_counted_exactly(path: Path) -> None:
    data = path.read_bytes()
    assert_keys_read_exactly(parse(data), data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_maps())
def test_the_keys_any_map_was_read_from_are_counted_exactly(journey: JourneyMap) -> None:
    """Unknown fields, nested models and emotion points included: a count that came out
    higher would hide a duplicate key."""
    data = serialize(journey)
    assert_keys_read_exactly(parse(data), data)


def with_text(data: bytes, old: bytes, new: bytes) -> bytes:
    assert old in data
    return data.replace(old, new, 1)


def test_a_duplicate_key_anywhere_is_refused_naming_it() -> None:
    journey = new_map("Claim")
    data = serialize(journey)
    cases = {
        b'"title": "Claim"': (b'"title": "Claim", "title": "Other"', "'title' appears twice at "),
        b'"id": "curve-customer"': (
            b'"id": "curve-customer", "kind": "customer", "kind": "employee"',
            "the key 'kind' appears twice in the element with id 'curve-customer'",
        ),
        b'"points": {}': (b'"points": {"s1": 1, "s1": 2}', "the key 's1' appears twice"),
        b'"neutral": 0.0': (b'"neutral": 0.0, "x_new": {"a": 1, "a": 1}', "the key 'a' appears"),
    }
    for old, (new, message) in cases.items():
        with pytest.raises(MapFileError) as refused:
            parse(with_text(data, old, new))
        assert message in str(refused.value)
        assert "a key may be given only once" in str(refused.value)


def test_colons_in_text_are_not_taken_for_keys() -> None:
    journey = new_map("Step 1: order at 9:30 (see https://example.org)")
    assert parse(serialize(journey)).title == journey.title
