"""Reading one spreadsheet cell as a partner's value: text, stage, kind, tags and dates.

Each reader takes the raw cell (text from a CSV; text, numbers or dates from an .xlsx) and
returns the value or raises ValueError with a sentence fragment that names what is wrong and
how to write it, for the row report ("'31/02/2026' is not a real date").
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from planner.domain.model import Kind
from planner.domain.quoting import shown
from planner.domain.stages import STAGE_ORDER, Stage

# A cell a spreadsheet would run as a formula starts with one of these, at its start or after
# any separator a spreadsheet may split on (a comma file opened where ";" is the separator
# splits "Acme;=1+1" into a live formula). The export puts a quote before each such start,
# and one more before quotes already there, so reading back drops exactly one: a bijection,
# and text round-trips exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";", "\t", "|")
_FORMULA = re.compile(r"(^|[,;\t|])('*)(?=[=+\-@\t\r])")
_NEUTRALISED = re.compile(r"(^|[,;\t|])'('*)(?=[=+\-@\t\r])")


def neutralise_text(text: str) -> str:
    """Text a spreadsheet shows as text whatever separator it splits on; see FORMULA_STARTS."""
    return _FORMULA.sub(lambda m: f"{m[1]}'{m[2]}", text)


def restore_text(text: str) -> str:
    """The text `neutralise_text` was given (one quote dropped before each formula start)."""
    return _NEUTRALISED.sub(lambda m: f"{m[1]}{m[2]}", text)


def cell_text(cell: object) -> str:
    """The cell as text without surrounding spaces; numbers without a spurious '.0', dates as
    ISO. Everything inside (line breaks as written, runs of spaces) is kept as it is."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, dt.datetime):
        cell = cell.date() if cell.time() == dt.time() else cell
    if isinstance(cell, dt.date | dt.datetime):
        return cell.isoformat()
    return restore_text(str(cell).replace("\x00", "").strip())


def one_line(cell: object) -> str:
    """Names and owners: stray spaces and line breaks inside collapsed to single spaces."""
    return " ".join(cell_text(cell).split())


def read_stage(cell: object) -> Stage:
    text = one_line(cell)
    try:
        return Stage(text.casefold())
    except ValueError:
        names = [s.value for s in STAGE_ORDER]
        close = difflib.get_close_matches(text.casefold(), names, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}? " if close else ""
        listed = ", ".join(names[:-1]) + f" or {names[-1]}"
        raise ValueError(f"'{shown(text, limit=40)}' is not a stage; {hint}Write {listed}") \
            from None


# Words people write in a "Type" column for a vertical alliance (supplier or customer).
_KINDS = {
    "horizontal": Kind.HORIZONTAL, "peer": Kind.HORIZONTAL,
    "vertical": Kind.VERTICAL, "supplier": Kind.VERTICAL, "customer": Kind.VERTICAL,
}


def read_kind(cell: object) -> Kind:
    text = one_line(cell)
    try:
        return _KINDS[text.casefold()]
    except KeyError:
        raise ValueError(f"'{shown(text, limit=40)}' is not a kind of alliance; write "
                         "horizontal or vertical") from None


def read_tags(cell: object) -> tuple[str, ...]:
    """Tags separated by commas, semicolons, bars or line breaks; each trimmed, no repeats.

    A tag holding a separator is written in double quotes ("R&D, EMEA"), a double quote inside
    one doubled, as the CSV export writes them, so every tag reads back exactly."""
    tags, current, quoted = [], [], False
    text = cell_text(cell)
    index = 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == '"' and text[index + 1:index + 2] == '"':
                current.append('"')
                index += 1
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == '"' and not "".join(current).strip():
            current, quoted = [], True
        elif char in ",;|\n":
            tags.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        index += 1
    tags.append("".join(current).strip())
    return tuple(dict.fromkeys(t for t in tags if t))


def write_tags(tags: tuple[str, ...]) -> str:
    """Tags as one cell that `read_tags` reads back as the same tags."""
    return ", ".join(f'"{t.replace(chr(34), chr(34) * 2)}"' if any(c in t for c in ',;|\n"')
                     else t for t in tags)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")), start=1)
    for name in names
}

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?,?[ -](\d{2}|\d{4})")
_MONTH_DAY = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})")
_WEEKDAY = re.compile(r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,? ")


class AmbiguousDate(ValueError):
    """A date like 03/04/2026 that reads two ways; the caller says which order the file uses."""


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _real(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{shown(original, limit=40)}' is not a real date") from None


def _month(name: str, original: str) -> int:
    try:
        return _MONTHS[name]
    except KeyError:
        raise ValueError(f"'{shown(original, limit=40)}' is not a date I can read; write it as "
                         "YYYY-MM-DD") from None


def read_date(cell: object, *, dayfirst: bool | None = None) -> dt.date:
    """A date from an .xlsx date cell or from text in ISO or common day/month formats.

    `dayfirst` settles dates like 03/04/2026: True reads 3 April, False 4 March; None refuses
    to guess and says so. A date with only one real reading (13/04/2026) is read either way.
    """
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    original = one_line(cell)
    text = _WEEKDAY.sub("", original.casefold())
    if m := _ISO.fullmatch(text):
        return _real(int(m[1]), int(m[2]), int(m[3]), original)
    if m := _NUMERIC.fullmatch(text):
        first, second, year = int(m[1]), int(m[2]), _year(m[3])
        readings = []
        for day, month in ((first, second), (second, first)):
            try:
                readings.append(dt.date(year, month, day))
            except ValueError:
                pass
        readings = list(dict.fromkeys(readings))
        if not readings:
            raise ValueError(f"'{shown(original, limit=40)}' is not a real date")
        if len(readings) == 1:
            return readings[0]
        if dayfirst is None:
            a, b = readings
            raise AmbiguousDate(
                f"'{shown(original, limit=40)}' could be {a.day} {a:%B} or {b.day} {b:%B}; "
                "choose the order of "
                "day and month, or write it as YYYY-MM-DD")
        return readings[0] if dayfirst else readings[1]
    if m := _DAY_MONTH.fullmatch(text):
        return _real(_year(m[3]), _month(m[2], original), int(m[1]), original)
    if m := _MONTH_DAY.fullmatch(text):
        return _real(int(m[3]), _month(m[1], original), int(m[2]), original)
    raise ValueError(f"'{shown(original, limit=40)}' is not a date I can read; write it as "
                     "YYYY-MM-DD")
