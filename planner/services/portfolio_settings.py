"""The portfolio's own settings: the name people call it by, the currency of its value ledger,
and how many days of change history it keeps.

Kept inside the portfolio (not in the app's preferences), so a portfolio copied to another
laptop or shared by a team keeps its name and currency.
"""

from __future__ import annotations

import datetime as dt
import locale
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planner.domain.errors import EditConflict, InvalidValue
from planner.services.conflicts import SAVE_REFUSED, moment
from planner.services.editing import clean_text

if TYPE_CHECKING:
    from planner.storage import UnitOfWork

NAME = "name"
CURRENCY = "currency"
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
FALLBACK_CURRENCY = "EUR"
HISTORY_DAYS = "history_days"
DEFAULT_HISTORY_DAYS = 365
MAX_HISTORY_DAYS = 3650  # ten years


@dataclass(frozen=True)
class PortfolioSettings:
    name: str  # empty when the user has not named the portfolio
    currency: str  # ISO 4217 code, e.g. "EUR"
    history_days: int = DEFAULT_HISTORY_DAYS  # changes older than this are let go
    # the version each stored setting was read at (a save hands it back: see update_settings)
    versions: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


# How each setting reads in a sentence: alone, and in a list.
_WORDS = {NAME: ("the name of this portfolio", "name"),
          CURRENCY: ("the currency of this portfolio", "currency"),
          HISTORY_DAYS: ("how long this portfolio keeps its history", "history kept")}


def locale_currency() -> str:
    """The currency of the user's locale (ISO code), or EUR when the locale does not say."""
    try:
        code = (locale.localeconv().get("int_curr_symbol") or "").strip()
    except (ValueError, locale.Error):
        code = ""
    return code if _CURRENCY_CODE.fullmatch(code) else FALLBACK_CURRENCY


def read_settings(uow: UnitOfWork) -> PortfolioSettings:
    with uow:
        stored = uow.settings.all()
        versions = uow.settings.versions()
    return settings_of(stored, versions)


def settings_of(stored: dict[str, str], versions: dict[str, int]) -> PortfolioSettings:
    """The settings from their stored values and versions (however they were read)."""
    return PortfolioSettings(
        name=stored.get(NAME, ""),
        currency=stored.get(CURRENCY) or locale_currency(),
        history_days=_days(stored.get(HISTORY_DAYS)),
        versions=versions,
    )


def history_days(uow: UnitOfWork) -> int:
    """The retention setting, read inside a unit of work the caller has open."""
    return _days(uow.settings.get(HISTORY_DAYS))


def _days(stored: str | None) -> int:
    try:
        days = int(stored) if stored else DEFAULT_HISTORY_DAYS
    except ValueError:
        return DEFAULT_HISTORY_DAYS  # written by hand outside the app: the default holds
    return min(max(days, 1), MAX_HISTORY_DAYS)


def update_settings(uow: UnitOfWork, *, name: str | None = None, currency: str | None = None,
                    history_days: int | None = None,
                    loaded: PortfolioSettings | None = None) -> PortfolioSettings:
    """Change the portfolio's name, currency and/or history retention, in one transaction;
    a shorter retention lets the older history go at once.

    Given `loaded`, the settings as the user saw them, a setting this changes that someone
    else has changed since is refused with who changed which and when, and nothing is
    written: two people changing the settings at once, the second does not silently win.
    Settings this leaves alone are not compared (a name and a currency changed at once by
    two people both stay)."""
    from planner.storage import history as stored_history  # SQLAlchemy: not at launch

    changes: dict[str, str] = {}
    if name is not None:  # cleaned as every text is (a NUL dropped, a lone surrogate refused)
        name = " ".join(clean_text(name, "portfolio name").split())
        if len(name) > 120:
            raise InvalidValue("A portfolio name is at most 120 characters.")
        changes[NAME] = name
    if currency is not None:
        currency = currency.strip().upper()
        if not _CURRENCY_CODE.fullmatch(currency):
            raise InvalidValue("A currency is a three-letter code such as EUR, USD or GBP.")
        changes[CURRENCY] = currency
    if history_days is not None:
        if isinstance(history_days, bool) or not isinstance(history_days, int) \
                or not 1 <= history_days <= MAX_HISTORY_DAYS:
            raise InvalidValue(f"Keep the history for 1 to {MAX_HISTORY_DAYS} days.")
        changes[HISTORY_DAYS] = str(history_days)
    try:
        with uow:
            for key, value in changes.items():
                expected = None if loaded is None else loaded.versions.get(key, 0)
                uow.settings.put(key, value, expected)
            if history_days is not None:
                now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
                stored_history.prune(uow.session, before=now - dt.timedelta(days=history_days))
            uow.commit()
    except EditConflict:
        raise _stale(uow, list(changes), loaded) from None
    return read_settings(uow)


def _stale(uow: UnitOfWork, keys: list[str],
           loaded: PortfolioSettings | None) -> EditConflict:
    """The refusal of a save over settings someone else changed since `loaded`: who changed
    which, and when (the latest of them)."""
    seen = loaded.versions if loaded is not None else {}
    with uow:
        now = uow.settings.versions()
        moved = [key for key in keys if now.get(key, 0) != seen.get(key, 0)]
        stamps = [stamp for key in moved if (stamp := uow.settings.stamp(key))]
    if not moved:  # a save without `loaded` that lost a race to a first save
        moved = keys
    who, when = max(stamps, key=lambda stamp: stamp[1]) if stamps else ("Someone else", None)
    if len(moved) == 1:
        what = _WORDS[moved[0]][0]
    else:
        words = [_WORDS[key][1] for key in moved]
        what = f"this portfolio's settings ({', '.join(words[:-1])} and {words[-1]})"
    at = f" {moment(when)}" if when is not None else ""
    return EditConflict(f"{who} changed {what}{at}; {SAVE_REFUSED}.", current=read_settings(uow))
