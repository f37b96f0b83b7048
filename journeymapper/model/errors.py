"""Errors the model raises, each carrying a message a user can act on."""

from __future__ import annotations


class JourneyMapError(Exception):
    """Base of every error journeymapper reports to a user."""


class MapFileError(JourneyMapError):
    """A .cjm file cannot be read: the message says what is wrong and where."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class SaveError(JourneyMapError):
    """A save did not complete; the file on disk is the previous version, intact."""


class ConflictError(SaveError):
    """The file changed on disk since it was loaded; saving would overwrite someone's work."""


class IntegrityError(JourneyMapError):
    """An edit would break the map: duplicate id, dangling reference, wrong parent."""
