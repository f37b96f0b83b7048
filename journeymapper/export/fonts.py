"""The embedded fonts of every PDF, and a check of which characters they cannot draw.

reportlab's built-in fonts print a black square, without a word, for any character outside
Latin-1 (the Dutch ``ĳ``, Greek, Arabic ...). The PDFs therefore embed DejaVu Sans, shipped in
``assets/fonts``, and every piece of user text passes through ``GlyphCheck.printable`` before it
is drawn: a character the font lacks is replaced by U+FFFD and reported as a warning.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from journeymapper.export.common import ASSETS, ExportError

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FONT_DIR = ASSETS / "fonts"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
REPLACEMENT = "\ufffd"
# Places named per missing character in a warning; the rest are counted.
_PLACES_SHOWN = 3


@functools.cache
def register_fonts() -> dict[str, TTFont]:
    """Register the shipped TTFs with reportlab once per process (they are embedded, as
    subsets, in every PDF that uses them), and map bold so Paragraph ``<b>`` finds it."""
    fonts: dict[str, TTFont] = {}
    for name, file_name in _FILES.items():
        path = FONT_DIR / file_name
        if not path.is_file():
            raise ExportError(f"the font {path} is missing; reinstall journeymapper")
        fonts[name] = TTFont(name, str(path))
        pdfmetrics.registerFont(fonts[name])
    # No oblique face is shipped: italic falls back to the upright one.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 1, 1, BOLD)
    return fonts


@functools.cache
def covered_code_points() -> frozenset[int]:
    """Every code point the regular and the bold face can both draw."""
    maps: list[dict[int, int]] = [font.face.charToGlyph for font in register_fonts().values()]
    return frozenset(maps[0]).intersection(*maps[1:])


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` no embedded font covers, each once, in order of appearance.
    Whitespace and control characters do not count: they are never drawn."""
    if text.isascii():
        return []
    covered = covered_code_points()
    missing: dict[str, None] = {}
    for char in text:
        if ord(char) not in covered and not _invisible(char):
            missing[char] = None
    return list(missing)


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in {"Cc", "Cf"}


@functools.lru_cache(maxsize=16384)
def _clean(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with whitespace and control characters as spaces, invisible format characters
    dropped and uncovered characters as U+FFFD; also the uncovered characters."""
    if text.isascii() and text.isprintable():
        return text, ()
    covered = covered_code_points()
    missing: dict[str, None] = {}
    out: list[str] = []
    for char in text:
        if char.isspace() or unicodedata.category(char) == "Cc":
            out.append(" ")
        elif unicodedata.category(char) == "Cf":
            continue
        elif ord(char) in covered:
            out.append(char)
        else:
            missing[char] = None
            out.append(REPLACEMENT)
    return "".join(out), tuple(missing)


@dataclass
class GlyphCheck:
    """Collects, while a PDF is drawn, which characters could not be drawn and where."""

    _places: dict[str, dict[str, None]] = field(default_factory=dict)

    def printable(self, text: str, where: str = "") -> str:
        """``text`` ready to draw: every character the font lacks replaced and recorded."""
        cleaned, missing = _clean(text)
        for char in missing:
            places = self._places.setdefault(char, {})
            if where:
                places[where] = None
        return cleaned

    def warnings(self) -> list[str]:
        """One sentence per missing character, naming up to three places where it occurs."""
        messages = []
        for char, places in self._places.items():
            named = list(places)[:_PLACES_SHOWN]
            where = f" in {', '.join(named)}" if named else ""
            more = len(places) - len(named)
            tail = f" and {more} more place{'s' if more > 1 else ''}" if more else ""
            messages.append(
                f"The embedded font has no glyph for {char!r} (U+{ord(char):04X}); "
                f"it is printed as {REPLACEMENT}{where}{tail}."
            )
        return messages


def font_path(name: str) -> Path:
    """Where the TTF of a registered font name lives."""
    return FONT_DIR / _FILES[name]
