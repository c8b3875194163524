"""What a brief needs from the portfolio: one partner's record, or every partner's summary.

Finding a partner by a typed name belongs here too, so the command line and the app give the
same answer to a misspelt name: one sentence with the close matches.
"""

from __future__ import annotations

import datetime as dt
import difflib
import getpass
from pathlib import Path

from planner.domain.brief_content import (
    Occasion,
    PartnerBriefContent,
    brief_occasion,
    partner_brief_content,
)
from planner.domain.errors import NotFound
from planner.domain.model import Partner
from planner.domain.names import name_key
from planner.domain.portfolio_brief import PortfolioBriefContent, portfolio_brief_content
from planner.domain.quoting import shown
from planner.services.files import write_file_atomically
from planner.services.partners import get_partner, partner_record, portfolio_overview
from planner.services.portfolio_settings import read_settings
from planner.storage import UnitOfWork


def partner_brief(uow: UnitOfWork, partner_id: int, today: dt.date, *,
                  date: dt.date | None = None, place: str | None = None,
                  prepared_by: str | None = None) -> PartnerBriefContent:
    """A partner's brief printed on `today`: for its next review unless `date`/`place` say
    otherwise (the rule is `brief_occasion`, the same for the app and the command line)."""
    record = partner_record(uow, partner_id)
    settings = read_settings(uow)
    return partner_brief_content(
        record, brief_occasion(record.partner, today, date, place),
        prepared_by=preparer() if prepared_by is None else prepared_by,
        currency=settings.currency)


def partner_occasion(uow: UnitOfWork, partner_id: int, today: dt.date,
                     date: dt.date | None = None, place: str | None = None) -> Occasion:
    """The meeting a brief printed on `today` would prepare (for the app's brief dialog)."""
    return brief_occasion(get_partner(uow, partner_id), today, date, place)


def portfolio_brief(uow: UnitOfWork, today: dt.date, *, prepared_by: str | None = None,
                    printed: dt.date | None = None) -> PortfolioBriefContent:
    """The portfolio brief as of `today` (printed on `printed`, when that is another day)."""
    summaries = portfolio_overview(uow, today)
    settings = read_settings(uow)
    with uow:
        value = uow.value_totals()
        differences = uow.open_differences()
    return portfolio_brief_content(
        summaries, today, value=value, differences=differences, currency=settings.currency,
        prepared_by=preparer() if prepared_by is None else prepared_by,
        portfolio_name=settings.name, printed=printed)


def preparer() -> str:
    """Who is printing: the operating-system user's full name where it is known, or login."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        return ""
    full = ""
    try:
        import pwd

        full = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError):  # Windows, or a user without a passwd entry
        full = ""
    return f"{full} ({login})" if full and full != login else login


def partner_named(uow: UnitOfWork, name: str) -> Partner:
    """The partner with this name (any case); NotFound names the closest matches."""
    with uow:
        partner = uow.partners.by_name(name)
        if partner is not None:
            return partner
        names = uow.partners.names()
    folded = {name_key(n): n for n in names}
    key = name_key(name)
    close = difflib.get_close_matches(key, list(folded), n=3, cutoff=0.5)
    contains = [n for n in names if key and key in name_key(n)]
    matches = list(dict.fromkeys(contains + [folded[c] for c in close]))[:3]
    asked = shown(name, limit=60)
    if matches:
        listed = ", ".join(f"'{shown(m, limit=60)}'" for m in matches)
        raise NotFound(f"No partner is named '{asked}'; did you mean {listed}?")
    if not names:
        raise NotFound(f"No partner is named '{asked}': the portfolio has no partners yet.")
    raise NotFound(f"No partner is named '{asked}'; the portfolio has {len(names):,} partners, "
                   "none with a similar name.")


def save_pdf(path: Path | str, pdf: bytes) -> None:
    """Write the whole PDF or nothing."""
    write_file_atomically(path, pdf, what="the PDF file")

