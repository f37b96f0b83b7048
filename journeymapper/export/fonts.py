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

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from journeymapper.export.common import ASSETS, ExportError, named_places

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FONT_DIR = ASSETS / "fonts"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
REPLACEMENT = "\ufffd"
# The last code point of the Basic Multilingual Plane: see covered_code_points.
_LAST_BMP = 0xFFFF
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
    """Every code point the regular and the bold face can both draw.

    Code points above U+FFFF (emoji and other astral characters) never count: the font has
    glyphs for some of them, but reportlab writes their ToUnicode entry with an odd number of
    hex digits, so text extraction (pypdf, pdftotext, screen readers) turns them into garbage.
    They are replaced and reported like any other missing character instead."""
    maps: list[dict[int, int]] = [font.face.charToGlyph for font in register_fonts().values()]
    shared = frozenset(maps[0]).intersection(*maps[1:])
    return frozenset(point for point in shared if point <= _LAST_BMP)


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
        return [
            f"The embedded font has no glyph for {char!r} (U+{ord(char):04X}); "
            f"it is printed as {REPLACEMENT}{named_places(list(places), _PLACES_SHOWN)}."
            for char, places in self._places.items()
        ]
