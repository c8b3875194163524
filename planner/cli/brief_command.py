"""brief: print a partner's meeting brief, or the portfolio brief, as a PDF."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from planner.cli.arguments import file_path, iso_date, portfolio_location
from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.services import briefs
from planner.services.portfolio import open_portfolio


def paper_choice(text: str):
    from planner.brief import paper_named  # ReportLab only when a brief is made

    try:
        return paper_named(text)
    except PlannerError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands) -> None:
    p = commands.add_parser(
        "brief", help="write a meeting brief (PDF) for a partner or the whole portfolio",
        description="Write the one-to-two page brief an executive carries into a face-to-face "
                    "review, or the one-page portfolio brief.")
    p.add_argument("path", type=portfolio_location, metavar="PATH|URL",
                   help="the portfolio file, or a team portfolio's postgresql:// address")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--partner", metavar="NAME", help="the partner to brief on")
    which.add_argument("--portfolio", action="store_true", help="brief on every partner")
    p.add_argument("-o", "--output", type=file_path, metavar="OUT.pdf", required=True)
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                   help="a partner brief: the meeting's date (default: the partner's next "
                        "review, or today when none is ahead); the portfolio brief: the day "
                        "it is as of (default: today)")
    p.add_argument("--place", metavar="TEXT",
                   help="a partner brief: where the meeting is (default: the review's place "
                        "when the brief is for the next review)")
    p.add_argument("--paper", type=paper_choice, metavar="a4|letter",
                   help="paper size (default: from the locale, LC_PAPER or LANG)")
    p.set_defaults(handler=brief, parser=p)


def brief(args: argparse.Namespace) -> int:
    from planner.brief import locale_paper, render_partner_brief, render_portfolio_brief

    paper = args.paper or locale_paper()
    today = dt.date.today()
    if args.portfolio and args.place is not None:
        args.parser.error("--place is for a partner brief; the portfolio brief has no place.")
    if isinstance(args.path, Path) and not args.path.exists():
        raise PlannerError(f"{shown(args.path)} does not exist; name an existing portfolio file.")
    with open_portfolio(args.path, read_only=True) as portfolio:
        if args.portfolio:
            pdf = render_portfolio_brief(
                briefs.portfolio_brief(portfolio.uow(), args.date or today, printed=today),
                paper)
            what = "the portfolio brief"
        else:
            partner = briefs.partner_named(portfolio.uow(), args.partner)
            content = briefs.partner_brief(portfolio.uow(), partner.id, today,
                                           date=args.date, place=args.place)
            pdf = render_partner_brief(content, paper)
            what = f"the brief for {shown(partner.name)}"
    briefs.save_pdf(args.output, pdf)
    size = "A4" if paper.name == "a4" else "US Letter"
    print(f"Wrote {what} ({size}) to {shown(args.output)}.")
    return 0
