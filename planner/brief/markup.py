"""User text made safe and readable for ReportLab's paragraph markup.

Three things happen to every string a user typed before it reaches a Paragraph:
1. right-to-left runs (Arabic, Hebrew) are put in visual order (python-bidi), and Arabic letters
   are joined into their presentation forms (arabic-reshaper), because ReportLab draws glyphs
   left to right exactly as given;
2. the text is split into runs drawn by the font that has each character (see fonts.CHAIN), and
   a character no font has becomes a visible placeholder;
3. each run is escaped (`<b>R&D</b>` prints as typed, never as bold) and wrapped in a
   `<font name=...>` tag only where it leaves the body font.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase.pdfmetrics import stringWidth

from planner.brief import fonts

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def visual(text: str) -> str:
    """Right-to-left runs in the order they are drawn; left-to-right text unchanged."""
    if not _RTL.search(text):
        return text
    if _ARABIC.search(text):
        text = arabic_reshaper.reshape(text)
    return get_display(text)


@lru_cache(maxsize=4096)
def markup(text: str) -> str:
    """`text` as safe paragraph markup, in the body font with fallbacks where needed."""
    text = _CONTROL.sub(" ", visual(str(text)))
    if text.isascii():
        return escape(text)
    runs: list[tuple[fonts.Family | None, list[str]]] = []
    for char in text:
        if char.isspace() and runs:
            family = runs[-1][0]  # spaces stay in the run they sit in
        else:
            family = fonts.family_for(char)
        if family is None:
            family, char = fonts.BODY, fonts.PLACEHOLDER
        if runs and runs[-1][0] is family:
            runs[-1][1].append(char)
        else:
            runs.append((family, [char]))
    parts = []
    for family, chars in runs:
        chunk = escape("".join(chars))
        if family is fonts.BODY:
            parts.append(chunk)
        else:
            parts.append(f'<font name="{fonts.register(family)}">{chunk}</font>')
    return "".join(parts)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word and marked with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "\u2026"


def rich(text: str, limit: int | None = None) -> str:
    """Shortened (when `limit` is given) and then made safe: the usual path for user text."""
    return markup(shorten(text, limit) if limit else " ".join(str(text).split()))


def labelled(label: str, text: str, limit: int | None = None) -> str:
    """'We: <text>' as markup, without the label when the text already starts with it.

    "We: We pilot..." says the same word twice; "We pilot..." alone says it once.
    """
    text = " ".join(str(text).split())
    if not text:
        return ""
    first = re.split(r"[\s,.:;'\u2019]", text, maxsplit=1)[0]
    if first.casefold() == label.casefold():
        return rich(text, limit)
    return f"{markup(label)}: {rich(text, limit)}"


def wrapped(text: str, style, width: float, *, limit: int | None = None, bold: bool = False,
            first: float = 0.0) -> str:
    """User text as markup that keeps its lines in reading order when it wraps.

    ReportLab wraps the string it is given. Given right-to-left text already in visual
    order, it would cut the last words onto the first line. So a text with a right-to-left
    run is wrapped here, in logical order, with the fonts' real widths (Arabic shaped first,
    since joined letters have their own widths); then each line is put in visual order on
    its own, and the lines are joined with explicit breaks. `first` is the width already
    taken on the first line (a label such as "Ask:"); `width` is the paragraph's.
    Left-to-right text is returned as `rich` gives it, for ReportLab to wrap.
    """
    text = shorten(text, limit) if limit else " ".join(str(text).split())
    if not _RTL.search(text):
        return markup(text)
    if _ARABIC.search(text):
        text = arabic_reshaper.reshape(text)
    size = style.fontSize
    room = [width - style.leftIndent - style.firstLineIndent - style.rightIndent - first,
            width - style.leftIndent - style.rightIndent]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        available = room[1 if lines else 0] * 0.97  # a little slack for ReportLab's own sums
        if line and _width(candidate, size, bold) > available:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return "<br/>".join(markup(one) for one in lines)


def _width(text: str, size: float, bold: bool) -> float:
    return sum(_char_width(ch, size, bold) for ch in text)


@lru_cache(maxsize=8192)
def _char_width(char: str, size: float, bold: bool) -> float:
    family = fonts.family_for(char) or fonts.BODY
    return stringWidth(char, fonts.face(family, bold=bold), size)
