"""What a brief needs from the portfolio: one partner's record, or every partner's summary.

Finding a partner by a typed name belongs here too, so the command line and the app give the
same answer to a misspelt name: one sentence with the close matches.
"""

from __future__ import annotations

import datetime as dt
import difflib

from planner.domain.brief_content import (
    PartnerBriefContent,
    PortfolioBriefContent,
    partner_brief_content,
    portfolio_brief_content,
)
from planner.domain.errors import NotFound
from planner.domain.model import Partner
from planner.services.partners import partner_record, portfolio_overview
from planner.storage import UnitOfWork


def partner_brief(uow: UnitOfWork, partner_id: int,
                  date: dt.date | None = None) -> PartnerBriefContent:
    """The content of a partner's brief for a meeting on `date` (default: its next review)."""
    record = partner_record(uow, partner_id)
    when = date or record.partner.next_review or dt.date.today()
    return partner_brief_content(record, when)


def portfolio_brief(uow: UnitOfWork, date: dt.date) -> PortfolioBriefContent:
    return portfolio_brief_content(portfolio_overview(uow, date), date)


def partner_named(uow: UnitOfWork, name: str) -> Partner:
    """The partner with this name (any case); NotFound names the closest matches."""
    with uow:
        partner = uow.partners.by_name(name)
        if partner is not None:
            return partner
        names = uow.partners.names()
    folded = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(name.casefold(), list(folded), n=3, cutoff=0.5)
    contains = [n for n in names if name.casefold().strip() in n.casefold()]
    matches = list(dict.fromkeys(contains + [folded[c] for c in close]))[:3]
    if matches:
        listed = ", ".join(f"'{m}'" for m in matches)
        raise NotFound(f"No partner is named '{name}'; did you mean {listed}?")
    if not names:
        raise NotFound(f"No partner is named '{name}': the portfolio has no partners yet.")
    raise NotFound(f"No partner is named '{name}'; the portfolio has {len(names)} partners, "
                   "none with a similar name.")
