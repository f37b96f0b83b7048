"""Two people, one map: a three-way merge keeps both sides' edits, reports collisions (ours
kept, never lost), and works as git's merge and diff driver in a real repository."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymapper.model import load, save
from journeymapper.model.document import Document
from journeymapper.model.elements import CustomerStep, JourneyMap
from journeymapper.model.errors import IntegrityError
from journeymapper.model.fileformat import serialize
from journeymapper.model.merge import _records, differences, merge_maps
from journeymapper.model.retarget import retarget
from tests.conftest import ROOT, SAMPLE_MAPS
from tests.test_cli import journeymapper

WEBSHOP = SAMPLE_MAPS / "webshop_order.cjm"


def _webshop() -> JourneyMap:
    return load(WEBSHOP).journey


# An edit: (kind of edit, which element of the side's own share, a number for the value).
_EDIT = st.tuples(
    st.sampled_from(["rename", "emotion", "add_step", "delete"]),
    st.integers(0, 10_000),
    st.integers(-5, 5),
)


def _apply(document: Document, share: list[str], edit: tuple[str, int, int], tag: str) -> None:
    """One edit a user could make, touching only the elements in ``share`` (or new ones)."""
    kind, pick, number = edit
    present = [ident for ident in share if ident in document]
    if not present:
        return
    ident = present[pick % len(present)]
    element = document.get(ident)
    if kind == "rename":
        name = "title" if hasattr(element, "title") else "name"
        if hasattr(element, name):
            document.set_field(ident, name, f"{tag} {pick}")
    elif kind == "emotion" and isinstance(element, CustomerStep):
        document.set_emotion(ident, float(number))
    elif kind == "add_step":
        phase = document.map.phases[pick % len(document.map.phases)]
        step = CustomerStep(id=f"step-{tag}-{pick}-{len(share)}", title=f"{tag} new {pick}")
        if step.id not in document:
            document.insert(step, phase.id)
            share.append(step.id)
    elif kind == "delete" and document.kind(ident) != "phase":
        # Still referred to: the editor would detach the referrers first; not this edit.
        with contextlib.suppress(IntegrityError):
            document.remove(ident)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ours_edits=st.lists(_EDIT, max_size=8),
    theirs_edits=st.lists(_EDIT, max_size=8),
    split=st.integers(1, 50),
)
def test_edits_that_do_not_collide_all_survive_the_merge(
    ours_edits: list[tuple[str, int, int]],
    theirs_edits: list[tuple[str, int, int]],
    split: int,
) -> None:
    base = _webshop()
    ids = list(Document(base.model_copy(deep=True)).ids())
    # Each side edits only its own share of the elements, so nothing can collide.
    ours_share = [ident for index, ident in enumerate(ids) if index % split == 0]
    theirs_share = [ident for ident in ids if ident not in ours_share]
    ours, theirs, both = (Document(base.model_copy(deep=True)) for _ in range(3))
    both_shares = list(ours_share), list(theirs_share)  # grown by the same additions
    for edit in ours_edits:
        _apply(ours, ours_share, edit, "ours")
        _apply(both, both_shares[0], edit, "ours")
    for edit in theirs_edits:
        _apply(theirs, theirs_share, edit, "theirs")
        _apply(both, both_shares[1], edit, "theirs")
    result = merge_maps(base, ours.map, theirs.map)
    assert result.conflicts == []
    # The merge holds exactly what making both sides' edits one after the other gives.
    assert _records(result.journey) == _records(both.map)


def test_a_collision_is_reported_and_ours_kept(tmp_path: Path) -> None:
    base = _webshop()
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    step = ours.steps()[2]
    step.title = "Check the delivery date (ours)"
    theirs.steps()[2].title = "See when it arrives (theirs)"
    theirs.steps()[0].title = "Look for a present (theirs only)"
    paths = {}
    for name, journey in (("base", base), ("ours", ours), ("theirs", theirs)):
        paths[name] = tmp_path / f"{name}.cjm"
        save(journey, paths[name])
    out = tmp_path / "merged.cjm"
    done = journeymapper("merge", paths["base"], paths["ours"], paths["theirs"], "-o", out)
    assert done.returncode == 1, done.stderr
    assert "CONFLICT customer step" in done.stdout
    assert "'Check the delivery date (ours)' in ours" in done.stdout
    assert "'See when it arrives (theirs)' in theirs; ours kept" in done.stdout
    merged = load(out).journey  # the file still loads
    assert merged.steps()[2].title == "Check the delivery date (ours)"
    assert merged.steps()[0].title == "Look for a present (theirs only)"


def test_deleted_on_one_side_and_edited_on_the_other_is_a_conflict() -> None:
    base = _webshop()
    ours_doc = Document(base.model_copy(deep=True))
    metric = base.metrics[0]
    ours_doc.remove(metric.id)
    theirs = base.model_copy(deep=True)
    theirs.metrics[0].value = 99.0
    result = merge_maps(base, ours_doc.map, theirs)
    assert [conflict.field for conflict in result.conflicts] == ["(deleted)"]
    assert "deleted in ours, edited in the other; deleted" in result.conflicts[0].describe()
    assert metric.id not in {item.id for item in result.journey.metrics}


def test_a_step_used_by_the_other_side_comes_back() -> None:
    base = _webshop()
    lonely = "step-lonely"
    base.phases[0].steps.append(CustomerStep(id=lonely, title="Ask a friend"))
    ours = Document(base.model_copy(deep=True))
    ours.remove(lonely)
    theirs = base.model_copy(deep=True)
    theirs.touchpoints[0].steps = [*theirs.touchpoints[0].steps, lonely]
    result = merge_maps(base, ours.map, theirs)
    assert lonely in {step.id for step in result.journey.steps()}
    assert any("restored" in conflict.describe() for conflict in result.conflicts)


def test_diff_names_what_changed(tmp_path: Path) -> None:
    before = _webshop()
    after = before.model_copy(deep=True)
    after.steps()[1].title = "Compare prices"
    after.touchpoints.pop()  # a touchpoint nothing refers to
    words = [change.describe() for change in differences(before, after)]
    assert any("title 'Compare prices and read reviews' → 'Compare prices'" in w for w in words)
    assert any(w.endswith(": deleted") and w.startswith("touchpoint") for w in words)
    save(after, tmp_path / "after.cjm")
    done = journeymapper("diff", WEBSHOP, tmp_path / "after.cjm")
    assert done.returncode == 0 and "'Compare prices'" in done.stdout


def _git(repo: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    return subprocess.run(
        ["git", *arguments], cwd=repo, capture_output=True, text=True, env=environment, timeout=120
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_merges_two_branches_through_the_driver(tmp_path: Path) -> None:
    repo = tmp_path / "maps"
    repo.mkdir()
    command = f"{sys.executable} -m journeymapper"
    _git(repo, "init", "-q", "-b", "main")
    # The lines the README gives, with this interpreter standing in for `journeymapper`.
    (repo / ".gitattributes").write_text("*.cjm merge=journeymapper diff=journeymapper\n")
    _git(repo, "config", "merge.journeymapper.name", "journeymapper three-way map merge")
    _git(repo, "config", "merge.journeymapper.driver", f"{command} merge %O %A %B -o %A")
    _git(repo, "config", "diff.journeymapper.command", f"{command} diff")
    shutil.copy(WEBSHOP, repo / "shop.cjm")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "tag", "base")
    _git(repo, "checkout", "-q", "-b", "colleague")
    theirs = load(repo / "shop.cjm").journey
    theirs.steps()[0].title = "Look for a present (colleague)"
    save(theirs, repo / "shop.cjm")
    shown = _git(repo, "diff")
    assert "journeymapper diff shop.cjm" in shown.stdout
    assert "'Look for a present (colleague)'" in shown.stdout
    _git(repo, "commit", "-q", "-am", "theirs")
    _git(repo, "checkout", "-q", "main")
    ours = load(repo / "shop.cjm").journey
    ours.steps()[-1].title = "Unpack the present (me)"
    save(ours, repo / "shop.cjm")
    _git(repo, "commit", "-q", "-am", "ours")
    merged = _git(repo, "merge", "-q", "--no-edit", "colleague")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    both = load(repo / "shop.cjm").journey
    assert both.steps()[0].title == "Look for a present (colleague)"
    assert both.steps()[-1].title == "Unpack the present (me)"

    # A collision: git stops, and the file it leaves loads with our side kept.
    _git(repo, "checkout", "-q", "-b", "second", "base")
    theirs = load(repo / "shop.cjm").journey
    theirs.steps()[-1].title = "Unpack it (colleague)"
    save(theirs, repo / "shop.cjm")
    _git(repo, "commit", "-q", "-am", "clash")
    _git(repo, "checkout", "-q", "main")
    clash = _git(repo, "merge", "-q", "--no-edit", "second")
    assert clash.returncode != 0
    assert "CONFLICT customer step" in clash.stdout + clash.stderr
    assert load(repo / "shop.cjm").journey.steps()[-1].title == "Unpack the present (me)"


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cjm"
    broken.write_text("{ not json", encoding="utf-8")
    done = journeymapper("merge", WEBSHOP, broken, WEBSHOP, "-o", tmp_path / "out.cjm")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "broken.cjm" in done.stderr
    assert not (tmp_path / "out.cjm").exists()


@pytest.mark.parametrize("start", sorted(SAMPLE_MAPS.glob("*.cjm")), ids=lambda path: path.stem)
def test_edits_alone_turn_any_map_into_any_other(start: Path) -> None:
    """How the window applies a merge (as Document edits, so it is one undoable step): it
    reaches every other sample byte for byte, and back."""
    original = load(start).journey
    document = Document(original.model_copy(deep=True))
    for other in sorted(SAMPLE_MAPS.glob("*.cjm")):
        target = load(other).journey
        retarget(document, target)
        assert serialize(document.map) == serialize(target)
    retarget(document, original)
    assert serialize(document.map) == serialize(original)


def test_diff_names_references_and_list_items_as_a_team_reads_them(tmp_path: Path) -> None:
    """A team's diff showed "channel 'ch-web' -> 'ch-email'" and, for an added pain point,
    the same cut-off list twice; and git's diff of a file in a conflicted merge failed."""
    before = _webshop()
    after = before.model_copy(deep=True)
    touchpoint = next(t for t in after.touchpoints if t.channel is not None)
    other = next(c for c in after.channels if c.id != touchpoint.channel)
    was = next(c for c in after.channels if c.id == touchpoint.channel)
    touchpoint.channel = other.id
    step = next(s for s in after.steps() if s.pain_points)
    step.pain_points = [*step.pain_points, "No size guide"]
    words = [change.describe() for change in differences(before, after)]
    assert any(f"channel '{was.name}' → '{other.name}'" in w for w in words), words
    assert any("pain points: + 'No size guide'" in w for w in words), words
    unmerged = journeymapper("diff", "shop.cjm")  # what git passes for an unmerged file
    assert unmerged.returncode == 0 and "unmerged" in unmerged.stdout
