"""Every user edit is one QUndoCommand calling the Document facade.

Commands hold ids, values and removed elements, never canvas items: the scene follows the
Document's events, so undo and redo redraw exactly like the original edit did. A compound
edit is a parent command whose children run in order (and undo in reverse).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from journeymapper.model import Document
from journeymapper.model.elements import Element, JourneyMap
from journeymapper.model.retarget import rehearse, retarget


class DocumentCommand(QUndoCommand):
    """A command that can say, before it is pushed, whether the Document would refuse it.

    Qt calls ``redo`` from C++, where a Python exception cannot stop the push; so the Editor
    calls ``validate`` first and only pushes commands that will succeed.
    """

    def validate(self) -> None:
        raise NotImplementedError


class InsertElement(DocumentCommand):
    def __init__(
        self,
        document: Document,
        element: Element,
        parent_id: str | None = None,
        index: int | None = None,
        text: str = "Add",
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self._document = document
        self._element = element
        self._parent_id = parent_id
        self._index = index

    def validate(self) -> None:
        self._document.validate_insert(self._element, self._parent_id)

    def redo(self) -> None:
        self._index = self._document.insert(self._element, self._parent_id, self._index)

    def undo(self) -> None:
        self._document.remove(self._element.id)


class RemoveElement(DocumentCommand):
    def __init__(
        self,
        document: Document,
        element_id: str,
        text: str = "Delete",
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self._document = document
        self._element_id = element_id
        self._removed: Element | None = None
        self._parent_id: str | None = None
        self._index = 0

    def validate(self) -> None:
        self._document.validate_remove(self._element_id)

    def redo(self) -> None:
        self._removed, placement = self._document.remove(self._element_id)
        self._parent_id, self._index = placement.parent, placement.index

    def undo(self) -> None:
        if self._removed is not None:  # None only if redo never ran
            self._document.insert(self._removed, self._parent_id, self._index)


class SetField(DocumentCommand):
    """Set one field of an element, or of the map itself when ``element_id`` is None."""

    def __init__(
        self,
        document: Document,
        element_id: str | None,
        field: str,
        value: Any,
        text: str = "Edit",
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self._document = document
        self._element_id = element_id
        self._field = field
        self._new = value
        owner = document.map if element_id is None else document.get(element_id)
        self._old = getattr(owner, field)

    def validate(self) -> None:
        self._document.validate_field(self._element_id, self._field, self._new)

    def redo(self) -> None:
        self._set(self._new)

    def undo(self) -> None:
        self._set(self._old)

    def _set(self, value: Any) -> None:
        if self._element_id is None:
            self._document.set_map_field(self._field, value)
        else:
            self._document.set_field(self._element_id, self._field, value)


class MoveElement(DocumentCommand):
    def __init__(
        self,
        document: Document,
        element_id: str,
        parent_id: str | None,
        index: int,
        text: str = "Move",
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self._document = document
        self._element_id = element_id
        self._target = (parent_id, index)
        placement = document.placement(element_id)
        self._origin = (placement.parent, placement.index)

    def validate(self) -> None:
        self._document.validate_move(self._element_id, self._target[0])

    def redo(self) -> None:
        self._document.move(self._element_id, *self._target)
        placement = self._document.placement(self._element_id)
        self._target = (placement.parent, placement.index)  # clamped, for an exact undo

    def undo(self) -> None:
        self._document.move(self._element_id, *self._origin)


class SetEmotion(DocumentCommand):
    def __init__(
        self,
        document: Document,
        step_id: str,
        value: float | None,
        curve_id: str | None = None,
        text: str = "Set emotion",
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self._document = document
        self._step_id = step_id
        self._curve_id = curve_id
        self._new = value
        curve = document.map.default_curve() if curve_id is None else document.get(curve_id)
        self._old = getattr(curve, "points", {}).get(step_id)
        self._old_index: int | None = None

    def validate(self) -> None:
        self._document.validate_emotion(self._step_id, self._new, self._curve_id)

    def redo(self) -> None:
        # Read the place now, not at construction: earlier commands of a compound edit have
        # run by now. Undo puts a cleared point back exactly there.
        self._old_index = self._document.point_index(self._step_id, self._curve_id)
        self._document.set_emotion(self._step_id, self._new, self._curve_id)

    def undo(self) -> None:
        self._document.set_emotion(self._step_id, self._old, self._curve_id, self._old_index)


class ReplaceMap(DocumentCommand):
    """The map becomes another version of itself (a merge with a colleague's file), through
    the Document's own edits; undo turns it back the same way."""

    def __init__(
        self,
        document: Document,
        target: JourneyMap,
        text: str = "Replace the map",
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self._document = document
        self._before = document.map.model_copy(deep=True)
        self._after = target

    def validate(self) -> None:
        rehearse(self._document.map, self._after)

    def redo(self) -> None:
        retarget(self._document, self._after)

    def undo(self) -> None:
        retarget(self._document, self._before)
