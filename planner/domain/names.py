"""Partner names: the one form they are compared in, and what a name may not hold.

Two names are the same partner when they read the same: "Café" typed as one character (NFC)
or as "e" plus a combining accent (NFD), in any case, with any run of spaces. A name that
cannot be seen ("\\u200b\\u200b") or that hides or reorders what is seen (a zero-width space
inserted, a right-to-left override) is refused rather than stored or silently cleaned, so two
partners can never look alike on screen and in a brief while being different in the file.
"""

from __future__ import annotations

import unicodedata

# Characters that change how text is ordered or hide a difference, and have no place in a
# name: bidi embeddings, overrides and isolates, marks, zero-width space and word joiner, the
# byte-order mark, soft hyphen, invisible operators and the Mongolian vowel separator.
_HIDDEN = {
    0x00AD: "a soft hyphen", 0x061C: "an Arabic letter mark", 0x180E: "a vowel separator",
    0x200B: "a zero-width space", 0x200E: "a left-to-right mark",
    0x200F: "a right-to-left mark", 0x2060: "a word joiner", 0xFEFF: "a zero-width no-break space",
}
_BIDI_CONTROLS = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
# Zero-width joiner and non-joiner shape letters in Persian, Indic scripts and emoji: they
# are allowed between two letters or marks, never at an edge or beside a space.
_JOINERS = {0x200C, 0x200D}


def name_key(name: str) -> str:
    """The form names are compared in: canonical composition (NFC), single spaces, case folded
    (folding can decompose, so it is composed again)."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    return unicodedata.normalize("NFC", text.casefold())


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] not in "CZM" and not char.isspace()


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a partner (a sentence fragment), or None when it can."""
    for index, char in enumerate(name):
        code = ord(char)
        if code in _BIDI_CONTROLS:
            return (f"holds a bidirectional control character (U+{code:04X}) that reorders "
                    "what is shown")
        if code in _HIDDEN:
            return f"holds {_HIDDEN[code]} (U+{code:04X}), which cannot be seen"
        if code in _JOINERS:
            before = name[index - 1] if index else " "
            after = name[index + 1] if index + 1 < len(name) else " "
            if not (_visible(before) or unicodedata.category(before)[0] == "M") \
                    or not _visible(after):
                return f"holds a zero-width joiner (U+{code:04X}) that is not between letters"
            continue
        category = unicodedata.category(char)
        if category == "Cs" or category == "Cc" and not char.isspace():
            return f"holds a control character (U+{code:04X})"
        if category in ("Cf", "Co", "Cn"):
            return f"holds a character that cannot be shown (U+{code:04X})"
    if name and not any(_visible(char) for char in name):
        return "has no visible character"
    return None
