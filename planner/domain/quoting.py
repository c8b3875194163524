"""User input shown inside a message: one printable line, bounded, impossible to misread.

A path, a name or a cell can hold anything: line breaks and escape sequences that would split
or repaint the terminal, right-to-left overrides that reverse what follows, zero-width
characters that hide a difference, or 34,000 characters. Every message that echoes input
passes it through `shown`, so it stays one short line saying exactly what the input was.
"""

from __future__ import annotations

import os

MAX_SHOWN = 80
ELLIPSIS = "\u2026"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(char: str) -> str:
    """The character itself when it prints as itself, else a backslash escape."""
    if char in _NAMED:
        return _NAMED[char]
    # Control, format (bidi overrides, zero-width), surrogate, unassigned and separator
    # characters other than the space print as nothing, look like a space, move the cursor or
    # reorder the line: Python's own definition of printable sorts them out.
    if not char.isprintable():
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else (
            f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return char


def shown(value: object, *, limit: int = MAX_SHOWN) -> str:
    """Input as a message shows it: escaped where it would not print, cut at `limit`
    characters with an ellipsis. A path is shown as its text (undecodable bytes escaped)."""
    text = os.fspath(value) if isinstance(value, os.PathLike) else str(value)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "backslashreplace")
    out: list[str] = []
    length = 0
    for piece in map(escaped, text):
        if length + len(piece) > limit:
            while out and length + len(ELLIPSIS) > limit:
                length -= len(out.pop())
            return "".join(out) + ELLIPSIS
        out.append(piece)
        length += len(piece)
    return "".join(out)


def one_line(message: str, *, limit: int = 400) -> str:
    """A whole message made one printable line of at most `limit` characters: the last-resort
    guard where messages leave the program (the command line's error line)."""
    return shown(message, limit=limit)
