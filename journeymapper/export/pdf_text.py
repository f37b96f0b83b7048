"""Text that fits its box: wrap, then shrink, then ellipsis, measured with the font's widths.

Shared by the poster, the report's map and the report's table cells (whose lines are counted
here before reportlab sees them). Sizes are in the units of whatever is being drawn
(layout units on the map, points on the page), since text width grows linearly with size.
"""

from __future__ import annotations

import functools
import itertools
import math
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from journeymapper.export.fonts import register_fonts

ELLIPSIS = "…"
# Line pitch and first-baseline offset as shares of the font size. DejaVu Sans reaches 0.93 em
# above the baseline and 0.24 em below it (its hhea table), so lines 1.17 em apart never touch.
# The first baseline sits where a browser puts it: the typographic ascender (0.76 em) plus half
# the typographic line gap (0.2 em). A block of n lines is exactly n * LINE_HEIGHT * size tall.
LINE_HEIGHT = 1.17
ASCENT = 0.86
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
    words = text.split()
    if not words or width <= 0 or height <= 0:
        return Fitted((), size, False)
    smallest = size * min_share
    for step in range(_SHRINK_STEPS):
        current = size - (size - smallest) * step / (_SHRINK_STEPS - 1)
        room = _lines_allowed(current, height, max_lines)
        if room == 0:
            continue
        lines, cut = _wrap_at_most(words, font, current, width, room)
        if not cut:
            return Fitted(lines, current, False)
    # Too long even at the smallest size: keep what fits, elide the rest. A box lower than
    # one line at the smallest size gets one line as high as the box.
    current = min(smallest, height / LINE_HEIGHT)
    room = max(1, _lines_allowed(current, height, max_lines))
    lines, cut = _wrap_at_most(words, font, current, width, room)
    return Fitted(lines, current, cut)


def _lines_allowed(size: float, height: float, max_lines: int) -> int:
    room = math.floor(height / (LINE_HEIGHT * size) + 1e-9)
    return min(room, max_lines) if max_lines else room


def wrap(words: Sequence[str], font: str, size: float, width: float) -> tuple[str, ...]:
    """Greedy word wrap; a word wider than the line is broken between characters."""
    return tuple(_wrapped(words, font, size, width))


def wrap_at_most(
    text: str, font: str, size: float, width: float, max_lines: int
) -> tuple[tuple[str, ...], bool]:
    """``text`` (whitespace collapsed) wrapped into ``width`` on at most ``max_lines`` lines;
    when more would follow, the last line ends in an ellipsis and the flag is True."""
    return _wrap_at_most(text.split(), font, size, width, max(1, max_lines))


def _wrap_at_most(
    words: Sequence[str], font: str, size: float, width: float, max_lines: int
) -> tuple[tuple[str, ...], bool]:
    # Wrapping stops one line past the limit: a 20,000-character note costs what a short one
    # does, and the line after the last kept one is all the ellipsis needs to see.
    lines = list(itertools.islice(_wrapped(words, font, size, width), max_lines + 1))
    if len(lines) <= max_lines:
        return tuple(lines), False
    kept = lines[:max_lines]
    # The last line and the start of the next never fit together, so this always elides.
    kept[-1] = elide(f"{kept[-1]} {lines[max_lines]}", font, size, width)
    return tuple(kept), True


def _wrapped(words: Iterable[str], font: str, size: float, width: float) -> Iterator[str]:
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
            yield current
        while word_width > width and len(word) > 1:
            head = _longest_prefix(word, font, size, width, "")
            yield head
            word = word[len(head) :]
            word_width = text_width(word, font, size)
        current, current_width = word, word_width
    if current:
        yield current


def elide(text: str, font: str, size: float, width: float) -> str:
    """``text`` if it fits on one line, else its longest start that fits followed by "…"."""
    if text_width(text, font, size) <= width:
        return text
    head = _longest_prefix(text, font, size, width, ELLIPSIS)
    return head.rstrip() + ELLIPSIS if head else ""


def _longest_prefix(text: str, font: str, size: float, width: float, suffix: str) -> str:
    """The longest start of ``text`` that fits ``width`` with ``suffix`` after it; at least
    one character when no suffix is asked. Widths only grow with length, so the length is
    found by doubling and then halving: the cost follows the answer, not the length of
    ``text`` (a 20,000-character word is measured in a handful of short prefixes)."""

    def fits(length: int) -> bool:
        return text_width(text[:length] + suffix, font, size) <= width

    low, step = 0, 1  # text[:low] is known to fit
    while low + step <= len(text) and fits(low + step):
        low += step
        step *= 2
    high = min(len(text), low + step - 1)  # the answer lies in low .. high
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
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
