"""Text that fits its box: wrap, then shrink, then ellipsis, measured with the font's widths.

Shared by the poster and the report's map. Sizes are in the units of whatever is being drawn
(layout units on the map, points on the page), since text width grows linearly with size.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from journeymapper.export.fonts import register_fonts

ELLIPSIS = "…"
# Line pitch and first-baseline offset as shares of the font size (DejaVu Sans: ascent 0.76,
# descent 0.24 of the em), so a block of n lines is exactly n * LINE_HEIGHT * size tall.
LINE_HEIGHT = 1.17
ASCENT = 0.86
DESCENT = 0.31
# Shrinking goes down to this share of the nominal size before the ellipsis is used.
MIN_SHARE = 0.7
_SHRINK_STEPS = 4


@dataclass(frozen=True)
class Fitted:
    """Lines of text at one size, guaranteed to fit the width and height asked for."""

    lines: tuple[str, ...]
    size: float
    shortened: bool  # an ellipsis replaced part of the text

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_HEIGHT * self.size


@functools.lru_cache(maxsize=65536)
def _unit_width(text: str, font: str) -> float:
    register_fonts()
    return stringWidth(text, font, 1.0)


def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` drawn in ``font`` at ``size``."""
    return _unit_width(text, font) * size


@functools.lru_cache(maxsize=32768)
def fit_text(
    text: str,
    font: str,
    size: float,
    width: float,
    height: float,
    max_lines: int = 0,
    min_share: float = MIN_SHARE,
) -> Fitted:
    """``text`` (whitespace collapsed) wrapped into ``width`` and ``height``: at ``size`` if it
    fits, else at a smaller size down to ``min_share`` of it, else with its end elided.
    ``max_lines`` (0 for no limit) caps the lines whatever the height allows."""
    words = tuple(text.split())
    if not words or width <= 0 or height <= 0:
        return Fitted((), size, False)
    smallest = size * min_share
    for step in range(_SHRINK_STEPS):
        current = size - (size - smallest) * step / (_SHRINK_STEPS - 1)
        room = _lines_allowed(current, height, max_lines)
        if room == 0:
            continue
        lines = wrap(words, font, current, width)
        if len(lines) <= room:
            return Fitted(lines, current, False)
    # Too long even at the smallest size: keep what fits, elide the rest. A box lower than
    # one line at the smallest size gets one line as high as the box.
    current = min(smallest, height / LINE_HEIGHT)
    room = max(1, _lines_allowed(current, height, max_lines))
    lines = wrap(words, font, current, width)
    if len(lines) <= room:
        return Fitted(lines, current, False)
    kept = list(lines[:room])
    rest = " ".join(lines[room - 1 :])
    kept[-1] = elide(rest, font, current, width)
    return Fitted(tuple(kept), current, True)


def _lines_allowed(size: float, height: float, max_lines: int) -> int:
    room = math.floor(height / (LINE_HEIGHT * size) + 1e-9)
    return min(room, max_lines) if max_lines else room


def wrap(words: tuple[str, ...], font: str, size: float, width: float) -> tuple[str, ...]:
    """Greedy word wrap; a word wider than the line is broken between characters."""
    lines: list[str] = []
    current = ""
    space = text_width(" ", font, size)
    current_width = 0.0
    for word in words:
        word_width = text_width(word, font, size)
        if current and current_width + space + word_width <= width:
            current += " " + word
            current_width += space + word_width
            continue
        if current:
            lines.append(current)
        while word_width > width and len(word) > 1:
            head = _longest_prefix(word, font, size, width, "")
            lines.append(head)
            word = word[len(head) :]
            word_width = text_width(word, font, size)
        current, current_width = word, word_width
    if current:
        lines.append(current)
    return tuple(lines)


def elide(text: str, font: str, size: float, width: float) -> str:
    """``text`` if it fits on one line, else its longest start that fits followed by "…"."""
    if text_width(text, font, size) <= width:
        return text
    head = _longest_prefix(text, font, size, width, ELLIPSIS)
    return head.rstrip() + ELLIPSIS if head else ""


def _longest_prefix(text: str, font: str, size: float, width: float, suffix: str) -> str:
    """The longest start of ``text`` that fits ``width`` with ``suffix`` after it (binary
    search: widths only grow with length); at least one character when no suffix is asked."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle] + suffix, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    if low == 0 and not suffix:
        return text[:1]
    return text[:low]


# -- right-to-left scripts -------------------------------------------------------------------
# reportlab draws characters in the order it is given them. Arabic and Hebrew are stored in
# reading order but must be painted right to left; readers (pypdf, pdftotext) turn painted
# order back into reading order. This is a small part of the Unicode bidirectional algorithm:
# strong letters, numbers and neutrals resolved to levels, then rule L2 reverses the runs.
# Letters are not joined (that needs a shaping engine such as HarfBuzz).

_RTL = {"R", "AL"}
_NUMBER = {"EN", "AN"}
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def visual_order(line: str, rtl_base: bool | None = None) -> str:
    """``line`` in the order its characters are painted from left to right."""
    if line.isascii() or not any(unicodedata.bidirectional(c) in _RTL for c in line):
        return line
    classes = [unicodedata.bidirectional(c) for c in line]
    kinds = [_kind(c) for c in classes]
    for n in range(1, len(kinds) - 1):  # "3.5" and "1,000" stay one number
        if classes[n] in {"CS", "ES"} and kinds[n - 1] == kinds[n + 1] == "#":
            kinds[n] = "#"
    if rtl_base is None:
        rtl_base = next((k == "R" for k in kinds if k in {"L", "R"}), False)
    levels = _levels(kinds, rtl_base)
    chars = [
        c.translate(_MIRROR) if level % 2 else c for c, level in zip(line, levels, strict=True)
    ]
    for level in range(max(levels), 0, -1):
        n = 0
        while n < len(chars):
            if levels[n] < level:
                n += 1
                continue
            end = n
            while end < len(chars) and levels[end] >= level:
                end += 1
            chars[n:end] = chars[n:end][::-1]
            levels[n:end] = levels[n:end][::-1]
            n = end
    return "".join(chars)


def _kind(bidi_class: str) -> str:
    if bidi_class in _RTL:
        return "R"
    if bidi_class == "L":
        return "L"
    return "#" if bidi_class in _NUMBER else "N"


def _levels(kinds: list[str], rtl_base: bool) -> list[int]:
    base = 1 if rtl_base else 0
    strong = ["L" if k == "L" else "R" if k in {"R", "#"} else "" for k in kinds]
    # A number after left-to-right text (or at the start of a left-to-right line) reads as such.
    last = "R" if rtl_base else "L"
    for n, kind in enumerate(kinds):
        if kind in {"L", "R"}:
            last = kind
        elif kind == "#" and last == "L":
            kinds[n] = "L"
            strong[n] = "L"
    resolved = _resolve_neutrals(strong, "R" if rtl_base else "L")
    levels = []
    for kind, direction in zip(kinds, resolved, strict=True):
        if kind == "#":
            levels.append(2)
        elif direction == "R":
            levels.append(1)
        else:
            levels.append(2 if base == 1 else 0)
    return levels


def _resolve_neutrals(strong: list[str], base: str) -> list[str]:
    """Each neutral takes the direction of the strong characters around it when they agree,
    else the base direction."""
    resolved = list(strong)
    n = 0
    while n < len(resolved):
        if resolved[n]:
            n += 1
            continue
        end = n
        while end < len(resolved) and not resolved[end]:
            end += 1
        before = resolved[n - 1] if n else base
        after = resolved[end] if end < len(resolved) else base
        fill = before if before == after else base
        resolved[n:end] = [fill] * (end - n)
        n = end
    return resolved
