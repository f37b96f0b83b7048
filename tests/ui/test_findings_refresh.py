"""After an edit the findings are refreshed for what changed, not for the whole map.

The checks count what the refresh does (which cards and arrows get their findings set
again, how often the process steps are listed), never how long it takes.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journeymapper.model.analysis import Finding, run_analysis
from journeymapper.model.analysis.context import Context
from journeymapper.model.elements import Flow
from journeymapper.ui.findings_panel import FindingsPanel
from journeymapper.ui.inspector import flow as flow_form
from journeymapper.ui.scene.flows import FlowItem
from journeymapper.ui.scene.items import CardItem
from tests.ui.user import (
    document_of,
    editor_of,
    key,
    open_active,
    scene_of,
    select,
    type_title,
)


def by_element(findings: list[Finding]) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        for element_id in finding.elements:
            found[element_id].append(finding)
    return dict(found)


@pytest.fixture
def remarked(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The ids of the cards and arrows whose findings are set again."""
    ids: set[str] = set()
    for cls in (CardItem, FlowItem):
        original = cls.set_findings

        def spying(item: Any, findings: list[Finding], original: Any = original) -> None:
            ids.add(item.element_id)
            original(item, findings)

        monkeypatch.setattr(cls, "set_findings", spying)
    return ids


def test_renaming_a_process_step_re_marks_only_the_elements_whose_findings_changed(
    qtbot: QtBot, tmp_path: Path, remarked: set[str]
) -> None:
    window = open_active(qtbot, tmp_path)
    editor = editor_of(window)
    document = document_of(window)
    before = by_element(editor.findings)
    # A process step that findings name: they quote its title.
    target = next(i for i in before if document.kind(i) == "process_step")
    select(window, target)
    remarked.clear()
    with qtbot.waitSignal(editor.findings_changed, timeout=3000):
        key(window, Qt.Key.Key_F2)
        type_title(window, "Check the order twice")
    after = by_element(editor.findings)
    changed = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
    assert target in changed  # the findings quote the new title
    assert remarked == changed
    assert len(remarked) < len(scene_of(window).card_ids()) / 2


def test_an_edit_that_changes_no_finding_re_marks_nothing(
    qtbot: QtBot, tmp_path: Path, remarked: set[str]
) -> None:
    window = open_active(qtbot, tmp_path)
    editor = editor_of(window)
    document = document_of(window)
    before = list(editor.findings)
    phase = document.map.phases[0].id
    select(window, phase)
    remarked.clear()
    with qtbot.waitSignal(editor.findings_changed, timeout=3000):
        key(window, Qt.Key.Key_F2)
        type_title(window, "Getting oriented")
    assert document.get(phase).title == "Getting oriented"  # type: ignore[union-attr]
    assert editor.findings == before
    assert remarked == set()


def test_with_a_flow_selected_an_edit_lists_the_process_steps_again_only_when_they_changed(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_active(qtbot, tmp_path)
    editor = editor_of(window)
    document = document_of(window)
    listed: list[int] = []
    real = flow_form.process_step_choices

    def counting(document: Any) -> list[tuple[str, Any]]:
        listed.append(1)
        return real(document)

    monkeypatch.setattr(flow_form, "process_step_choices", counting)
    flow = document.map.flows[0]
    scene_of(window).select_only(flow.id)
    assert window.inspector is not None
    form = window.inspector.form
    assert isinstance(form, flow_form.FlowForm)
    listed.clear()
    # The flow's label, edited in the inspector: the process steps are what they were.
    form.label.setFocus()
    form.label.selectAll()
    qtbot.keyClicks(form.label, "order data")
    qtbot.keyClick(form.label, Qt.Key.Key_Return)
    assert isinstance(document.get(flow.id), Flow)
    assert document.get(flow.id).label == "order data"  # type: ignore[union-attr]
    assert listed == []
    # A process step renamed (the flow stays selected): the list shows the new title.
    source = flow.source
    editor.rename(source, "Pick the parcel")
    assert listed == [1]
    items = [form.source.itemText(i) for i in range(form.source.count())]
    assert any(item.startswith("Pick the parcel (") for item in items)


def test_a_result_for_an_older_state_is_never_shown_after_a_newer_edit(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_active(qtbot, tmp_path)
    editor = editor_of(window)
    document = document_of(window)
    target = next(i for i in by_element(editor.findings) if document.kind(i) == "process_step")
    # The first analysis after the first edit is held until the second edit is made (or two
    # seconds have passed, where the analysis runs on the GUI thread and holds that too).
    started, release = threading.Event(), threading.Event()
    build = Context.build.__func__  # type: ignore[attr-defined]

    def held(cls: type[Context], *args: Any) -> Context:
        if not started.is_set():
            started.set()
            release.wait(timeout=2)
        return build(cls, *args)  # type: ignore[no-any-return]

    shown: list[list[Finding]] = []
    editor.findings_changed.connect(lambda: shown.append(list(editor.findings)))
    select(window, target)
    key(window, Qt.Key.Key_F2)
    type_title(window, "Alpha check")
    monkeypatch.setattr(Context, "build", classmethod(held))
    qtbot.waitUntil(started.is_set, timeout=3000)
    key(window, Qt.Key.Key_F2)
    type_title(window, "Beta check")  # while the analysis of "Alpha check" runs
    release.set()
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    qtbot.wait(200)  # time for anything else that would still arrive
    current = run_analysis(document.map).findings
    assert any("Beta check" in f.message for f in current)
    assert shown == [current]  # nothing about "Alpha check" was ever shown
    panel = window.findings_dock.widget()
    assert isinstance(panel, FindingsPanel)
    rows = [panel.model.finding(n).message for n in range(panel.model.rowCount())]
    assert rows == [f.message for f in current]
    card = scene_of(window).pieces(target)[0]
    assert card.findings == by_element(current)[target]
