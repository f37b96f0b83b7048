"""Every problem of a workbook at once: collected while it is read, reported together.

A person fixing a workbook should see all that is wrong in one go, not one mistake per try.
The reader notes each problem here and goes on with the next row; once everything is read, a
workbook with any problem gives one ``ExportError`` listing them all (up to ``MAX_PROBLEMS``)
and no map at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from journeymapper.export.common import ExportError

MAX_PROBLEMS = 50


class Echo(ExportError):
    """A problem that only follows from one already noted (a row naming a row that could
    not be read): not reported again."""


class Problems:
    """The problems found so far in the workbook ``source``, in the order found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.messages: list[str] = []
        self._seen: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.messages)

    def add(self, message: str) -> None:
        """Note one problem (the same message twice counts once)."""
        if message not in self._seen:
            self._seen.add(message)
            self.messages.append(message)

    @contextmanager
    def noted(self) -> Iterator[None]:
        """Run a block; an ExportError raised in it is noted and the reading goes on."""
        try:
            yield
        except Echo:
            pass
        except ExportError as error:
            self.add(str(error))

    def raise_any(self) -> None:
        """Raise the ExportError listing every problem, if there is any."""
        if self.messages:
            raise ExportError(self.text())

    def text(self) -> str:
        """One problem as its own line; several as a count and one line each."""
        if len(self.messages) == 1:
            return self.messages[0]
        shown = self.messages[:MAX_PROBLEMS]
        lines = [f"{self.source}: {len(self.messages)} problems, so nothing was imported:"]
        lines += [f"  {message}" for message in shown]
        if len(self.messages) > len(shown):
            lines.append(f"  and {len(self.messages) - len(shown)} more")
        return "\n".join(lines)
