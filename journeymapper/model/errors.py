"""Errors the model raises, each carrying a message a user can act on."""

from __future__ import annotations

from journeymapper.model.safe_text import one_line

# A title or key quoted in a message is cut here: the message names it, it need not hold it.
QUOTED_LIMIT = 60


def quoted(value: object, limit: int = QUOTED_LIMIT) -> str:
    """``'Pay'``: a user's text (or any value read from a file) as a message quotes it.

    Written as ``repr`` writes it, so control characters and line breaks come out escaped and
    the message stays on one line; a text longer than ``limit`` is cut with an ellipsis.
    """
    if isinstance(value, str):
        return repr(value[:limit] + "…" if len(value) > limit else value)
    text = repr(value)
    return text[:limit] + "…" if len(text) > limit else text


class JourneyMapError(Exception):
    """Base of every error journeymapper reports to a user."""


class MapFileError(JourneyMapError):
    """A .cjm file cannot be read: the message says what is wrong and where, on one line.

    Every piece of the file a message quotes is escaped where it is quoted (see ``quoted``);
    escaping the whole message here as well covers the path, which may hold any character
    the file system allows, and any message text pydantic or the JSON parser supplies.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path  # as given, so code can still open it
        self.problem = one_line(problem)
        super().__init__(f"{one_line(path)}: {self.problem}")


class SaveError(JourneyMapError):
    """A save did not complete; the file on disk is the previous version, intact."""


class ConflictError(SaveError):
    """The file changed on disk since it was loaded; saving would overwrite someone's work."""


class ReadOnlyError(SaveError):
    """The map is read-only for this user; replacing it needs the user's explicit yes."""


class ExistsError(SaveError):
    """A save that must create a new file found one of that name already there."""


class IntegrityError(JourneyMapError):
    """An edit would break the map: duplicate id, dangling reference, wrong parent."""
