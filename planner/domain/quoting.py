"""User input shown inside a message: one printable line, bounded, impossible to misread.

A path, a name or a cell can hold anything: line breaks and escape sequences that would split
or repaint the terminal, right-to-left overrides that reverse what follows, zero-width
characters that hide a difference, or 34,000 characters. Every message that echoes input
passes it through `shown`, so it stays one short line saying exactly what the input was.
"""

from __future__ import annotations

import os

MAX_SHOWN = 80
# A path is longer than a name as a rule (a home folder, a temporary folder), and its end (the
# file's own name) matters most: it is cut in the middle, at a bound of its own.
MAX_SHOWN_PATH = 240
PATH_HEAD = 60
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
    characters with an ellipsis. A path is shown as its text (undecodable bytes escaped), cut
    in the middle at MAX_SHOWN_PATH so its file name stays in view."""
    if isinstance(value, os.PathLike):
        text = os.fspath(value)
        if isinstance(text, bytes):
            text = text.decode("utf-8", "backslashreplace")
        pieces = list(map(escaped, text))
        if sum(map(len, pieces)) <= max(limit, MAX_SHOWN_PATH):
            return "".join(pieces)
        head = _fit(pieces, PATH_HEAD)
        tail = _fit(pieces[::-1], MAX_SHOWN_PATH - PATH_HEAD - len(ELLIPSIS), reverse=True)
        return head + ELLIPSIS + tail
    text = str(value)
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


def _fit(pieces: list[str], room: int, *, reverse: bool = False) -> str:
    """As many whole escaped characters as fit in `room` (from the end when `reverse`)."""
    out: list[str] = []
    length = 0
    for piece in pieces:
        if length + len(piece) > room:
            break
        out.append(piece)
        length += len(piece)
    return "".join(out[::-1] if reverse else out)


def one_line(message: str, *, limit: int = 400) -> str:
    """A whole message made one printable line of at most `limit` characters: the last-resort
    guard where messages leave the program (the command line's error line)."""
    return shown(message, limit=limit)
