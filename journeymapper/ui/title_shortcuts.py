"""Channel and owner typed along with a touchpoint's title, so a facilitator need not leave
the canvas: "Order confirmation @mail #web" sets the title "Order confirmation", the channel
whose name starts with "mail" and the department whose name starts with "web".

At the end of the title, ``@word`` picks the channel and ``#word`` the owner: the one whose
name is ``word``, else the first (in the map's order) whose name starts with it, ignoring
case, spaces and punctuation ("@email" finds "E-mail"). A word that names no channel or
department adds one by that name. Only words that begin with a letter count, so "Order #2"
stays a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journeymapper.model.elements import Channel, Department, Touchpoint
from journeymapper.model.kinds import display_name
from journeymapper.ui.editor import Editor

_TRAILING = re.compile(r"(?:^|\s)([@#])([^\W\d_][\w-]*)\s*$")


@dataclass(frozen=True)
class TypedTitle:
    """A typed title taken apart: the title itself and the words after @ and #."""

    title: str
    channel: str | None = None
    owner: str | None = None


def parse(text: str) -> TypedTitle:
    """Split trailing ``@channel`` and ``#owner`` words off ``text`` (each at most once)."""
    words: dict[str, str] = {}
    rest = text.strip()
    while (match := _TRAILING.search(rest)) and match.group(1) not in words:
        words[match.group(1)] = match.group(2)
        rest = rest[: match.start()].rstrip()
    return TypedTitle(rest, words.get("@"), words.get("#"))


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def find_by_prefix(word: str, named: list[tuple[str, str]]) -> str | None:
    """The id of the (name, id) pair whose name is ``word``, else the first that starts with
    it; None when none does."""
    key = _key(word)
    if not key:
        return None
    exact = [element_id for name, element_id in named if _key(name) == key]
    if exact:
        return exact[0]
    return next((element_id for name, element_id in named if _key(name).startswith(key)), None)


def apply(editor: Editor, element_id: str, text: str) -> bool:
    """Set what was typed over a card: the title, and for a touchpoint its channel and owner
    from trailing @ and # words, as one undoable edit. False when nothing changed."""
    element = editor.document.get(element_id)
    typed = parse(text) if isinstance(element, Touchpoint) else TypedTitle(text.strip())
    if not isinstance(element, Touchpoint) or (typed.channel is None and typed.owner is None):
        return bool(typed.title) and editor.rename(element_id, typed.title)
    journey = editor.document.map
    channel = _existing(typed.channel, journey.channels)
    owner = _existing(typed.owner, journey.departments)
    retitle = bool(typed.title) and typed.title != element.title
    new_channel = typed.channel is not None and (channel is None or channel != element.channel)
    new_owner = typed.owner is not None and (owner is None or owner != element.owner)
    if not (retitle or new_channel or new_owner):
        return False
    with editor.compound(f"Rename '{display_name(element)}'"):
        if typed.title:
            editor.rename(element_id, typed.title)
        if typed.channel is not None:
            channel = channel or editor.add_channel(typed.channel)
            editor.set_field(element_id, "channel", channel, "Change channel")
        if typed.owner is not None:
            owner = owner or editor.add_department(typed.owner)
            editor.set_field(element_id, "owner", owner, "Change owner")
    return True


def _existing(word: str | None, elements: list[Channel] | list[Department]) -> str | None:
    if word is None:
        return None
    return find_by_prefix(word, [(element.name, element.id) for element in elements])


def names_for(editor: Editor, sigil: str) -> list[str]:
    """What a word after ``sigil`` can name: "@" the channels, "#" the departments."""
    journey = editor.document.map
    elements = journey.channels if sigil == "@" else journey.departments
    return [element.name for element in elements]
