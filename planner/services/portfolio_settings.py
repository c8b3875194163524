"""The portfolio's own settings: the name people call it by and the currency of its value ledger.

Kept inside the portfolio (not in the app's preferences), so a portfolio copied to another
laptop or shared by a team keeps its name and currency.
"""

from __future__ import annotations

import locale
import re
from dataclasses import dataclass

from planner.domain.errors import InvalidValue
from planner.storage import UnitOfWork

NAME = "name"
CURRENCY = "currency"
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
FALLBACK_CURRENCY = "EUR"


@dataclass(frozen=True)
class PortfolioSettings:
    name: str  # empty when the user has not named the portfolio
    currency: str  # ISO 4217 code, e.g. "EUR"


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
    )


def update_settings(uow: UnitOfWork, *, name: str | None = None,
                    currency: str | None = None) -> PortfolioSettings:
    """Change the portfolio's name and/or currency, in one transaction."""
    changes: dict[str, str] = {}
    if name is not None:
        name = " ".join(name.split())
        if len(name) > 120:
            raise InvalidValue("A portfolio name is at most 120 characters.")
        changes[NAME] = name
    if currency is not None:
        currency = currency.strip().upper()
        if not _CURRENCY_CODE.fullmatch(currency):
            raise InvalidValue("A currency is a three-letter code such as EUR, USD or GBP.")
        changes[CURRENCY] = currency
    with uow:
        for key, value in changes.items():
            uow.settings.put(key, value)
        uow.commit()
    return read_settings(uow)
