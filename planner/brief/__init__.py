"""Meeting briefs as PDF: the partner brief and the portfolio brief (ReportLab platypus).

Both take content chosen in planner.domain.brief_content and a Paper, and return the PDF's
bytes; the same content and paper always give the same bytes.
"""

from planner.brief.paper import PAPERS, Paper, locale_paper, paper_named
from planner.brief.partner import render_partner_brief
from planner.brief.portfolio import render_portfolio_brief

__all__ = ["PAPERS", "Paper", "locale_paper", "paper_named", "render_partner_brief",
           "render_portfolio_brief"]
