"""Merging a colleague's save into the open map: the three-way merge of the version this
window opened, the version now on disk and the unsaved edits, applied as one undoable edit;
then each conflict can be settled the other way, one undoable step per choice."""

from __future__ import annotations

from journeymapper.model import load
from journeymapper.model.elements import CustomerStep, Phase
from journeymapper.model.errors import SaveError
from journeymapper.model.fileformat import parse
from journeymapper.model.merge import MAP_KEY, POINT, Conflict, MergeResult, merge_maps
from journeymapper.ui.commands import MoveElement, ReplaceMap, SetEmotion, SetField
from journeymapper.ui.editor import Editor
from journeymapper.ui.session import MapSession

MERGE_LABEL = "Merge with the version on disk"


def can_merge(session: MapSession) -> bool:
    """A merge needs the version this window started from (a restored session lacks it)."""
    return session.path is not None and session.base is not None


def merge_with_disk(session: MapSession) -> MergeResult:
    """Merge the file as it is on disk into the open map, as one undoable edit. The file's
    present version becomes the one the map descends from, so the next save replaces it
    without asking again. Raises MapFileError when the file cannot be read."""
    if session.path is None or session.base is None:
        raise SaveError("this map has no opened version to merge from; use Save As")
    theirs = load(session.path)
    base = parse(session.base, "the version you opened")
    document = session.editor.document
    result = merge_maps(base, document.map, theirs.journey)
    if result.journey.model_dump() != document.map.model_dump():
        session.editor.push(ReplaceMap(document, result.journey, MERGE_LABEL))
    session.disk, session.base = theirs.disk, theirs.data
    return result


def use_theirs(editor: Editor, conflict: Conflict) -> bool:
    """Settle ``conflict`` with their value, as one undoable step; False when that is not a
    field (a deleted or restored element) or no longer applies."""
    kind, ident = conflict.key
    name, value = conflict.field, conflict.theirs
    document = editor.document
    if name.startswith("(") or (kind != "map" and ident not in document):
        return False
    label = f"Use their {name.replace('_', ' ')}"
    if name.startswith(POINT):
        step = name[len(POINT) :]
        if step not in document:
            return False
        editor.push(SetEmotion(document, step, value, ident, "Use their emotion"))
    elif conflict.key == MAP_KEY:
        editor.push(SetField(document, None, name, value, label))
    elif name == "phase" and isinstance(document.get(ident), CustomerStep):
        phase = document.get(value) if value in document else None
        if not isinstance(phase, Phase):
            return False
        editor.push(MoveElement(document, ident, phase.id, len(phase.steps), "Use their phase"))
    else:
        editor.push(SetField(document, ident, name, value, label))
    return True
