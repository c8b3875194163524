"""What a brief needs from the portfolio: one partner's record, or every partner's summary.

Finding a partner by a typed name belongs here too, so the command line and the app give the
same answer to a misspelt name: one sentence with the close matches.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from planner.domain.brief_content import (
    PartnerBriefContent,
    PortfolioBriefContent,
    partner_brief_content,
    portfolio_brief_content,
)
from planner.domain.errors import NotFound
from planner.domain.model import Partner
from planner.domain.names import name_key
from planner.domain.quoting import shown
from planner.services.files import write_file_atomically
from planner.services.partners import get_partner, partner_record, portfolio_overview
from planner.storage import UnitOfWork


def partner_brief(uow: UnitOfWork, partner_id: int, date: dt.date) -> PartnerBriefContent:
    """The content of a partner's brief for a meeting on `date`."""
    return partner_brief_content(partner_record(uow, partner_id), date)


def next_meeting_date(uow: UnitOfWork, partner_id: int, today: dt.date) -> dt.date:
    """The partner's next review while it is still ahead; otherwise today."""
    partner = get_partner(uow, partner_id)
    if partner.next_review is not None and partner.next_review >= today:
        return partner.next_review
    return today


def portfolio_brief(uow: UnitOfWork, date: dt.date) -> PortfolioBriefContent:
    return portfolio_brief_content(portfolio_overview(uow, date), date)


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

