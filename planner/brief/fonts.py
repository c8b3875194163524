"""The fonts a brief embeds, and which one draws a given character.

ReportLab picks no fallback font by itself: a character the paragraph's font lacks prints as
an empty box. So every piece of user text is split into runs, each drawn by the first font in
`CHAIN` that has the character (Noto Sans for Latin, Greek and Cyrillic; Noto Sans Arabic and
Hebrew; DejaVu Sans for symbols; Droid Sans Fallback for Chinese, Japanese and Korean). All are
TrueType (glyf) fonts that ReportLab embeds as subsets, so the PDF prints the same anywhere.
The CJK font is 4 MB: it is registered only the first time a brief needs it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from planner.resources import resource_path

# What prints for a character no font has: visible, and never a crash.
PLACEHOLDER = "\ufffd"


@dataclass(frozen=True)
class Family:
    name: str  # the name paragraphs use; bold and italic are registered under it
    regular: str
    bold: str
    italic: str
    bold_italic: str


BODY = Family("Brief", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf",
              "NotoSans-Bold.ttf")
ARABIC = Family("BriefArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
                "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
HEBREW = Family("BriefHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf",
                "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf")
SYMBOLS = Family("BriefSymbols", "DejaVuSans.ttf", "DejaVuSans.ttf", "DejaVuSans.ttf",
                 "DejaVuSans.ttf")
CJK = Family("BriefCJK", "DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf",
             "DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf")

CHAIN = (BODY, ARABIC, HEBREW, SYMBOLS, CJK)

_lock = threading.Lock()  # briefs render on worker threads; register each font once


def register(family: Family) -> str:
    """Register a family's faces with ReportLab (once) and return the family name."""
    _register(family)
    return family.name


@cache
def _register(family: Family) -> dict[str, str]:
    """Each distinct file once; a variant without its own file maps to the regular face."""
    with _lock:
        names: dict[str, str] = {}
        for variant in ("regular", "bold", "italic", "bold_italic"):
            file = getattr(family, variant)
            if file not in names:
                name = family.name if variant == "regular" else f"{family.name}-{variant}"
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
                names[file] = name
        faces = {v: names[getattr(family, v)] for v in ("regular", "bold", "italic",
                                                         "bold_italic")}
        addMapping(family.name, 0, 0, faces["regular"])
        addMapping(family.name, 1, 0, faces["bold"])
        addMapping(family.name, 0, 1, faces["italic"])
        addMapping(family.name, 1, 1, faces["bold_italic"])
        return faces


def face(family: Family, *, bold: bool = False, italic: bool = False) -> str:
    """The registered font name of one face of a family."""
    key = ("bold_" if bold else "") + ("italic" if italic else "")
    return _register(family)[key.rstrip("_") or "regular"]


def body_fonts() -> tuple[str, str, str]:
    """Regular, bold and italic names of the body font, registered."""
    return face(BODY), face(BODY, bold=True), face(BODY, italic=True)


@cache
def _cmap(family: Family) -> frozenset[int]:
    register(family)
    return frozenset(pdfmetrics.getFont(family.name).face.charToGlyph)


def family_for(char: str) -> Family | None:
    """The first family in the chain that draws `char`, or None when no font has it."""
    code = ord(char)
    for family in CHAIN:
        if code in _cmap(family):
            return family
    return None


@cache
def body_characters() -> frozenset[str]:
    """Every character the body font draws (a set test is far cheaper than one per char)."""
    return frozenset(chr(code) for code in _cmap(BODY)) | {" "}
