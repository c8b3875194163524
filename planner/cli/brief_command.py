"""brief: print a partner's meeting brief, or the portfolio brief, as a PDF."""

from __future__ import annotations

import argparse
import datetime as dt

from planner.brief import locale_paper, paper_named, render_partner_brief, render_portfolio_brief
from planner.cli.arguments import file_path, iso_date
from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.services import briefs
from planner.services.portfolio import open_portfolio


def paper_choice(text: str):
    try:
        return paper_named(text)
    except PlannerError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands) -> None:
    p = commands.add_parser(
        "brief", help="write a meeting brief (PDF) for a partner or the whole portfolio",
        description="Write the one-to-two page brief an executive carries into a face-to-face "
                    "review, or the one-page portfolio brief.")
    p.add_argument("path", type=file_path, metavar="PATH", help="the portfolio file")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--partner", metavar="NAME", help="the partner to brief on")
    which.add_argument("--portfolio", action="store_true", help="brief on every partner")
    p.add_argument("-o", "--output", type=file_path, metavar="OUT.pdf", required=True)
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                   help="the meeting date (default: today)")
    p.add_argument("--paper", type=paper_choice, metavar="a4|letter",
                   help="paper size (default: from the locale, LC_PAPER or LANG)")
    p.set_defaults(handler=brief)


def brief(args: argparse.Namespace) -> int:
    paper = args.paper or locale_paper()
    date = args.date or dt.date.today()
    if not args.path.exists():
        raise PlannerError(f"{shown(args.path)} does not exist; name an existing portfolio file.")
    with open_portfolio(args.path, read_only=True) as portfolio:
        if args.portfolio:
            pdf = render_portfolio_brief(briefs.portfolio_brief(portfolio.uow(), date), paper)
            what = "the portfolio brief"
        else:
            partner = briefs.partner_named(portfolio.uow(), args.partner)
            content = briefs.partner_brief(portfolio.uow(), partner.id, date)
            pdf = render_partner_brief(content, paper)
            what = f"the brief for {shown(partner.name)}"
    briefs.save_pdf(args.output, pdf)
    size = "A4" if paper.name == "a4" else "US Letter"
    print(f"Wrote {what} ({size}) to {shown(args.output)}.")
    return 0
