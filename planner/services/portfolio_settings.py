"""The portfolio's own settings: the name people call it by, the currency of its value ledger,
and how many days of change history it keeps.

Kept inside the portfolio (not in the app's preferences), so a portfolio copied to another
laptop or shared by a team keeps its name and currency.
"""

from __future__ import annotations

import datetime as dt
import locale
import re
from dataclasses import dataclass

from planner.domain.errors import InvalidValue
from planner.services.editing import clean_text
from planner.storage import UnitOfWork
from planner.storage import history as stored_history

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
    return PortfolioSettings(
        name=stored.get(NAME, ""),
        currency=stored.get(CURRENCY) or locale_currency(),
        history_days=_days(stored.get(HISTORY_DAYS)),
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
                    history_days: int | None = None) -> PortfolioSettings:
    """Change the portfolio's name, currency and/or history retention, in one transaction;
    a shorter retention lets the older history go at once."""
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
    with uow:
        for key, value in changes.items():
            uow.settings.put(key, value)
        if history_days is not None:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            stored_history.prune(uow.session, before=now - dt.timedelta(days=history_days))
        uow.commit()
    return read_settings(uow)
