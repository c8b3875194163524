"""Limits that keep a hostile import file within bounded memory and time, and the JSON paths
that name a problem in one short line.

Checked on the raw bytes where possible (size, number of objects) so that a huge or explosive
file is refused before it is parsed; nesting and characters that are not text are checked
on the parsed document without recursion.
"""

from __future__ import annotations

import json
import re
from typing import Any

from planner.domain.errors import ImportProblem

# Hostile-input limits, far above any real export (the 8-partner sample is 0.2 MB, 7 levels
# deep, ~1,000 objects and lists) and low enough that parsing stays within memory and time.
MAX_IMPORT_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 16
MAX_CONTAINERS = 200_000
MAX_PARTNERS = 5_000


def too_big(size: int) -> str:
    return (f"the file is {size / 2**20:,.0f} MB, more than the {MAX_IMPORT_BYTES // 2**20} MB "
            "an export of even a large portfolio needs")


def unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    document = {}
    for key, value in pairs:
        if key in document:
            raise ImportProblem(f"the field {key[:50]!r} appears twice in one object", "$")
        document[key] = value
    return document


def no_constant(name: str):
    raise ImportProblem(f"{name} is not a number JSON allows", "$")


# NUL is kept by JSON but cuts text short in many tools; a lone surrogate (\\ud800) is not
# text at all and cannot be stored.
NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def not_text(value: str) -> str:
    char = NOT_TEXT.search(value).group()
    if char == "\x00":
        return "contains a NUL character (U+0000)"
    return (f"holds a broken character (an unpaired \\u surrogate escape, "
            f"U+{ord(char):04X})")


def check_shape(document: Any, where: tuple = ()) -> None:
    """Bounded nesting and partner count, and no NUL characters (kept by JSON, but cut
    short by many tools). Only containers go on the stack, so memory stays bounded.
    `where` is the path of `document` in a larger one (a streamed partner)."""
    partners = document.get("partners") if isinstance(document, dict) else None
    if isinstance(partners, list) and len(partners) > MAX_PARTNERS:
        raise ImportProblem(f"{len(partners):,} partners is more than the {MAX_PARTNERS:,} "
                            "one import takes", "$.partners")
    stack: list[tuple[Any, tuple]] = [(document, where)]
    while stack:
        value, where = stack.pop()
        if len(where) >= MAX_DEPTH:
            raise ImportProblem(f"the JSON is nested more than {MAX_DEPTH} levels deep",
                                json_path(where))
        if isinstance(value, dict):
            for k in value:
                if NOT_TEXT.search(k):
                    raise ImportProblem(f"a field name {not_text(k)}", json_path(where))
            items = value.items()
        else:
            items = enumerate(value)
        for key, item in items:
            if isinstance(item, (dict, list)):
                stack.append((item, (*where, key)))
            elif isinstance(item, str) and NOT_TEXT.search(item):
                raise ImportProblem(f"the text {not_text(item)}", json_path((*where, key)))


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


def json_path(parts) -> str:
    path = "$"
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(part):
            path += f".{part}"
        else:  # a hostile key: escaped and cut short, so the message stays one short line
            path += f"[{_shown_key(part)}]"
    return path


def _shown_key(key: str) -> str:
    """The key as JSON text, cut after 40 characters or 80 of its escaped text, whichever
    comes first (an astral character escapes to 12: 40 of them made a refusal too long)."""
    shown = ""
    for n, char in enumerate(key):
        piece = json.dumps(char)[1:-1]
        if n == 40 or len(shown) + len(piece) > 80:
            return f'"{shown}"...'
        shown += piece
    return f'"{shown}"'


