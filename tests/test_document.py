"""The Document facade: validated edits, one event per real change, exact undo positions."""

from __future__ import annotations

import pytest

from journeymapper.model import Document, IntegrityError, new_map, serialize
from journeymapper.model.document import (
    EmotionChanged,
    Event,
    FieldChanged,
    Inserted,
    Moved,
    Placement,
    Removed,
)
from journeymapper.model.elements import (
    CustomerStep,
    Department,
    EmotionCurve,
    EmotionScale,
    Metric,
    Phase,
    ProcessStep,
    Touchpoint,
)


@pytest.fixture
def document() -> Document:
    document = Document(new_map("Webshop"))
    document.insert(Phase(id="orient", title="Orient"))
    document.insert(Phase(id="order", title="Order"))
    for n, title in enumerate(["Search", "Compare", "Choose"]):
        document.insert(CustomerStep(id=f"s{n}", title=title), parent="orient")
    document.insert(Department(id="web", name="Webshop"))
    return document


def record(document: Document) -> list[Event]:
    events: list[Event] = []
    document.subscribe(events.append)
    return events


def test_insert_at_index_and_remove_reports_the_same_place(document: Document) -> None:
    events = record(document)
    document.insert(CustomerStep(id="new", title="Read reviews"), parent="orient", index=1)
    assert [s.id for s in document.map.phases[0].steps] == ["s0", "new", "s1", "s2"]
    element, placement = document.remove("new")
    assert (placement.parent, placement.index) == ("orient", 1)
    assert events == [Inserted("new", "step", "orient", 1), Removed("new", "step", "orient", 1)]
    document.insert(element, placement.parent, placement.index)
    assert [s.id for s in document.map.phases[0].steps] == ["s0", "new", "s1", "s2"]


def test_set_field_emits_only_on_real_change(document: Document) -> None:
    events = record(document)
    assert document.set_field("s0", "title", "Search online")
    assert not document.set_field("s0", "title", "Search online")
    assert events == [FieldChanged("s0", "title", "Search", "Search online")]


def test_set_field_validates_and_leaves_the_element_alone(document: Document) -> None:
    with pytest.raises(IntegrityError, match="title"):
        document.set_field("s0", "title", 42)
    assert document.get("s0").title == "Search"  # type: ignore[attr-defined]


def test_dangling_reference_is_refused_naming_both_elements(document: Document) -> None:
    with pytest.raises(IntegrityError, match=r"touchpoint 'Mail' \(tp\).*'ghost'"):
        document.insert(Touchpoint(id="tp", title="Mail", steps=["ghost"]))
    assert "tp" not in document


def test_remove_refuses_while_referred_to(document: Document) -> None:
    document.insert(ProcessStep(id="p", title="Take order", department="web", serves=["s2"]))
    with pytest.raises(IntegrityError, match="still referred to"):
        document.remove("web")
    document.remove("p")
    document.remove("web")
    assert "web" not in document


def test_a_phase_is_removed_only_once_nothing_refers_to_its_steps(document: Document) -> None:
    document.insert(Touchpoint(id="tp", title="Mail", steps=["s1"]))
    document.set_emotion("s2", 4)
    events = record(document)
    before = serialize(document.map)
    with pytest.raises(
        IntegrityError,
        match=r"phase 'Orient' \(orient\) is still referred to by "
        r"emotion curve '.*' \(curve-customer\) at customer step 'Choose' \(s2\), "
        r"touchpoint 'Mail' \(tp\) at customer step 'Compare' \(s1\)",
    ):
        document.remove("orient")
    assert serialize(document.map) == before and events == []
    document.remove("tp")
    document.set_emotion("s2", None)
    document.remove("orient")  # its steps leave with it
    assert not {"orient", "s0", "s1", "s2"} & set(document.ids())


def test_a_phase_with_steps_is_inserted_only_with_new_distinct_ids(document: Document) -> None:
    def phase(*step_ids: str) -> Phase:
        return Phase(id="pay", title="Pay", steps=[CustomerStep(id=i, title=i) for i in step_ids])

    with pytest.raises(IntegrityError, match="id 'pay' is used twice in phase 'Pay'"):
        document.insert(phase("pay"))
    with pytest.raises(IntegrityError, match="id 'x' is used twice"):
        document.insert(phase("x", "x"))
    with pytest.raises(IntegrityError, match="id 's0' is already used by customer step"):
        document.insert(phase("x", "s0"))
    assert "pay" not in document and "x" not in document
    document.insert(phase("x", "y"))
    assert document.placement("y") == Placement("pay", 1)


def test_the_scale_changes_only_when_every_emotion_lies_on_it(document: Document) -> None:
    document.set_emotion("s0", -3)
    with pytest.raises(
        IntegrityError, match=r"emotion -3 at step 's0' is outside the scale 1\.\.10"
    ):
        document.set_map_field("scale", EmotionScale.grade())
    assert document.map.scale == EmotionScale.bipolar()
    document.set_emotion("s0", 3)
    assert document.set_map_field("scale", EmotionScale.grade())


def test_curve_values_must_lie_on_the_scale(document: Document) -> None:
    with pytest.raises(IntegrityError, match=r"emotion 99 at step 's0' is outside the scale"):
        document.insert(EmotionCurve(id="future", points={"s0": 99}))
    with pytest.raises(IntegrityError, match=r"emotion -6 at step 's1' is outside the scale"):
        document.set_field("curve-customer", "points", {"s0": 1, "s1": -6})
    assert "future" not in document and document.map.curves[0].points == {}


def test_removing_a_step_names_what_still_needs_it(document: Document) -> None:
    document.insert(Metric(id="nps", name="NPS", attached_to="s0"))
    with pytest.raises(
        IntegrityError,
        match=r"customer step 'Search' \(s0\) is still referred to by metric 'NPS' \(nps\)$",
    ):
        document.remove("s0")


def test_move_step_to_other_phase_and_back(document: Document) -> None:
    events = record(document)
    assert document.move("s1", "order", 0)
    assert [s.id for s in document.map.phases[1].steps] == ["s1"]
    assert document.placement("s1").parent == "order"
    assert document.move("s1", "orient", 1)
    assert [s.id for s in document.map.phases[0].steps] == ["s0", "s1", "s2"]
    assert events[0] == Moved("s1", "step", "orient", 1, "order", 0)
    assert not document.move("s1", "orient", 1)


def test_emotion_is_kept_on_the_scale(document: Document) -> None:
    events = record(document)
    assert document.set_emotion("s0", 3)
    with pytest.raises(IntegrityError, match="outside the scale"):
        document.set_emotion("s0", 9)
    assert document.set_emotion("s0", None)
    assert events == [
        EmotionChanged("curve-customer", "s0", None, 3.0),
        EmotionChanged("curve-customer", "s0", 3.0, None),
    ]


def test_unsubscribe_stops_events(document: Document) -> None:
    events: list[Event] = []
    unsubscribe = document.subscribe(events.append)
    unsubscribe()
    document.set_map_field("title", "Renamed")
    assert events == []
    assert document.map.title == "Renamed"


def test_a_batch_reaches_listeners_once_when_the_outermost_block_closes() -> None:
    from journeymapper.model.document import Batch
    from journeymapper.model.elements import JourneyMap

    document = Document(JourneyMap(phases=[Phase(id="p", title="P")]))
    heard: list[Event] = []
    document.subscribe(heard.append)
    with document.batch():
        document.set_field("p", "title", "One")
        with document.batch():
            document.set_field("p", "title", "Two")
        assert heard == []  # nothing yet: the outer block is still open
    assert len(heard) == 1 and isinstance(heard[0], Batch)
    assert [e.new for e in heard[0].events] == ["One", "Two"]  # type: ignore[union-attr]
    # A lone change in a block arrives as itself; changes made before an error still arrive.
    heard.clear()
    with document.batch():
        document.set_field("p", "title", "Three")
    assert not isinstance(heard[0], Batch)
    heard.clear()
    with pytest.raises(IntegrityError), document.batch():
        document.set_field("p", "title", "Four")
        document.set_field("p", "no_such_field", "x")
    assert len(heard) == 1 and document.get("p").title == "Four"
