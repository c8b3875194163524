"""A4 or US Letter: chosen from the locale unless the user says which."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER

from planner.domain.errors import InvalidValue


@dataclass(frozen=True)
class Paper:
    name: str
    size: tuple[float, float]  # points, portrait
    margin: float  # points; 13 mm clears the unprintable edge of every common printer


PAPERS = {
    "a4": Paper("a4", A4, 36.0),
    "letter": Paper("letter", LETTER, 36.0),
}

# Countries that print on US Letter (CLDR's paper-size data): the rest of the world uses A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "SV", "NI",
                              "CR", "PA", "DO", "PR", "BZ"})


def paper_named(name: str) -> Paper:
    try:
        return PAPERS[name.strip().lower()]
    except KeyError:
        raise InvalidValue(f"Unknown paper size {name!r}; use a4 or letter.") from None


def locale_paper(environ: Mapping[str, str] | None = None) -> Paper:
    """Letter where the locale's country prints on Letter, otherwise A4.

    LC_PAPER decides when set (that is what it is for), then LC_ALL, then LANG.
    """
    environ = os.environ if environ is None else environ
    for variable in ("LC_PAPER", "LC_ALL", "LANG"):
        value = environ.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return PAPERS["letter"] if _country(value) in LETTER_COUNTRIES else PAPERS["a4"]
    return PAPERS["a4"]


def _country(locale_name: str) -> str:
    """'en_US.UTF-8@euro' -> 'US'."""
    base = locale_name.split(".")[0].split("@")[0]
    return base.split("_")[1].upper() if "_" in base else ""
