"""A short list in place while a touchpoint's title is typed: after "@" the channels, after
"#" the departments, narrowed by what follows. Up / Down pick, Enter or Tab puts the name in
the title (as one word, so the title shortcuts find it again), Escape closes the list; Enter
with nothing picked keeps the title as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

SIGILS = ("@", "#")


def as_word(name: str) -> str:
    """A name as one word the title shortcuts read back: "Courier (ParcelXpress)" becomes
    "Courier-ParcelXpress"."""
    return re.sub(r"[^\w-]+", "-", name).strip("-")


class ChoiceCompleter(QObject):
    """Offers ``names(sigil)`` for the @ or # word at the cursor of ``line``."""

    def __init__(self, line: QLineEdit, names: Callable[[str], list[str]]) -> None:
        super().__init__(line)
        self.line = line
        self.names = names
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(line)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.activated.connect(self._insert)
        line.textEdited.connect(self._update)

    def is_open(self) -> bool:
        popup = self.completer.popup()
        return popup is not None and popup.isVisible()

    def has_pick(self) -> bool:
        """Whether a name in the open list is picked (with the arrows)."""
        popup = self.completer.popup()
        return popup is not None and popup.currentIndex().isValid()

    def close(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()

    def _word(self) -> tuple[int, str] | None:
        """Where the @ or # word under the cursor starts, and the word."""
        before = self.line.text()[: self.line.cursorPosition()]
        start = max(before.rfind(" "), before.rfind("\t")) + 1
        word = before[start:]
        return (start, word) if word[:1] in SIGILS else None

    def _update(self, _text: str) -> None:
        found = self._word()
        if found is None:
            self.close()
            return
        _start, word = found
        self.model.setStringList([as_word(name) for name in self.names(word[0]) if name.strip()])
        self.completer.setCompletionPrefix(word[1:])
        if self.completer.completionCount() == 0:
            self.close()
            return
        self.completer.complete()

    def _insert(self, chosen: str) -> None:
        found = self._word()
        if found is None:
            return
        start, word = found
        text = self.line.text()
        end = start + len(word)
        self.line.setText(f"{text[:start]}{word[0]}{chosen}{text[end:]}")
        self.line.setCursorPosition(start + 1 + len(chosen))
