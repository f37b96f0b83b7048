"""Text from a file, made safe to show: no line breaks, escape sequences or hidden characters.

A map's titles and notes are anyone's text. Printed raw, an escape sequence in a title can
clear the screen, retitle the terminal window or hide the lines above it, and a right-to-left
override can make ``check`` output read differently from what it says. Everything the program
prints passes through one of these two functions; both leave printable text in any script
alone.
"""

from __future__ import annotations


def one_line(text: str) -> str:
    """``text`` with every character that could break or garble a line escaped as ``repr``
    would (``\\n``, ``\\u2028``, ``\\x00``); printable text, any script, is left alone."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def terminal_safe(text: str) -> str:
    """``text`` with every unprintable character except the line break escaped as ``\\uXXXX``
    (a pair of them beyond the first 65,536 characters), which is also how JSON escapes a
    character, so JSON output stays valid JSON."""
    if text.isprintable() or all(line.isprintable() for line in text.split("\n")):
        return text
    return "".join(
        char if char == "\n" or char.isprintable() else _json_escape(char) for char in text
    )


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
