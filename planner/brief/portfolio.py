"""The portfolio brief: every partner on one page, the ones that need attention first.

Built for 2,000 partners as well as 8: plain strings in the cells where the text is plain, a
Paragraph only where it must wrap or needs another script's font, and the table cut into
page-sized pieces so ReportLab never re-splits one huge table page after page.
"""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table, TableStyle

from planner.brief import fonts
from planner.brief.layout import (
    ACCENT,
    ALERT,
    GOOD,
    INK,
    MUTED,
    RULE,
    TINT,
    Styles,
    build,
    columns,
    frame_width,
)
from planner.brief.markup import rich, shorten
from planner.brief.paper import Paper
from planner.domain.brief_content import PortfolioBriefContent, PortfolioRow
from planner.domain.health import Trend
from planner.domain.stages import STAGE_ORDER

ROWS_PER_TABLE = 40
_TREND = {Trend.RISING: ("\u2191 rising", GOOD), Trend.STEADY: ("\u2192 steady", MUTED),
          Trend.FALLING: ("\u2193 falling", ALERT)}


def render_portfolio_brief(content: PortfolioBriefContent, paper: Paper) -> bytes:
    styles = Styles()
    width = frame_width(paper)
    story: list[Flowable] = _header(content, styles, width)
    widths = _widths(width)
    rows = content.rows
    for start in range(0, max(1, len(rows)), ROWS_PER_TABLE):
        story.append(_table(rows[start:start + ROWS_PER_TABLE], content.date, styles, widths))
    if not rows:
        story.append(Paragraph("The portfolio has no partners yet.", styles.body))
    date = content.date
    return build(story, paper, title=f"Portfolio brief {date.isoformat()}", styles=styles,
                 footer=lambda page: f"Portfolio brief \u00b7 {date.isoformat()} \u00b7 "
                                     f"prepared with Partner Planner \u00b7 page {page}")


def _header(c: PortfolioBriefContent, s: Styles, width: float) -> list[Flowable]:
    total = len(c.rows)
    left = [Paragraph("PORTFOLIO BRIEF", s.kicker),
            Paragraph(f"{total} partner{'s' if total != 1 else ''}", s.title),
            Paragraph(" \u00b7 ".join(f"{c.by_stage[stage]} {stage.value}"
                                      for stage in STAGE_ORDER), s.subtitle)]
    date = c.date
    attention = (f'<font color="{ALERT.hexval().replace("0x", "#")}">{c.needing_attention} '
                 f"need{'s' if c.needing_attention == 1 else ''} attention</font>"
                 if c.needing_attention else "none needs attention")
    right = [Paragraph("AS OF", s.kicker.clone("k_right", alignment=2)),
             Paragraph(f"{date.strftime('%A')} {date.day} {date.strftime('%B %Y')}", s.when),
             Paragraph(f"{attention} \u00b7 {c.reviews_next_30_days} review"
                       f"{'s' if c.reviews_next_30_days != 1 else ''} in the next 30 days",
                       s.where)]
    rule = HRFlowable(width=width, thickness=1.4, color=ACCENT, spaceBefore=0, spaceAfter=0)
    return [columns([left, right], [width * 0.55, width * 0.45]), Spacer(0, 4), rule,
            Spacer(0, 8)]


_HEADINGS = ("Partner", "Stage", "Checklist", "Health", "Trend", "Next review", "Needs attention")


def _widths(width: float) -> list[float]:
    fixed = [52, 42, 58, 48, 54]  # stage, checklist, health, trend, next review
    partner = width * 0.26
    return [partner, *fixed, width - partner - sum(fixed)]


def _table(rows: tuple[PortfolioRow, ...], today: dt.date, s: Styles,
           widths: list[float]) -> Table:
    regular, bold, _ = fonts.body_fonts()
    data: list[list] = [list(_HEADINGS)]
    style = [
        ("FONT", (0, 0), (-1, 0), bold, 6.6),
        ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("FONT", (0, 1), (-1, -1), regular, 7.4),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        # the body font has no arrows: the trend column is set in the symbols font
        ("FONT", (4, 1), (4, -1), fonts.register(fonts.SYMBOLS), 6.8),
    ]
    for i, row in enumerate(rows, 1):
        data.append(_cells(row, today, s, widths))
        if row.reasons:
            style.append(("LINEBEFORE", (0, i), (0, i), 2, ALERT))
        if i % 2 == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), TINT))
        summary = row.summary
        if summary.trend is not None:
            style.append(("TEXTCOLOR", (4, i), (4, i), _TREND[summary.trend][1]))
        if summary.health is not None and summary.health < 3:
            style.append(("TEXTCOLOR", (3, i), (3, i), ALERT))
        review = summary.partner.next_review
        if review is not None and review < today:
            style.append(("TEXTCOLOR", (5, i), (5, i), ALERT))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _plain(text: str, limit: int, style) -> str | Paragraph:
    """A plain string when the body font draws it on one line; a Paragraph otherwise."""
    short = shorten(text, limit)
    markup = rich(short)
    if markup == short and short.isascii():
        return short
    return Paragraph(markup, style)


def _cells(row: PortfolioRow, today: dt.date, s: Styles, widths: list[float]) -> list:
    summary = row.summary
    p = summary.partner
    name = rich(p.name, 48)
    # the organisation only when it says more than the partner's name does
    org = "" if p.organisation.casefold().startswith(p.name.casefold()) else \
        rich(p.organisation, 48)
    partner = Paragraph(f"<b>{name}</b>" + (f'<br/><font size="6.4" color="'
                                            f'{MUTED.hexval().replace("0x", "#")}">{org}</font>'
                                            if org else ""), s.cell)
    progress = summary.checklist
    checklist = f"{progress.percent}%  {progress}" if progress.total else "\u2013"
    if summary.health is None:
        health = "no check"
    else:
        theirs = f" / {summary.health_theirs:.1f}" if summary.health_theirs is not None else ""
        health = f"{summary.health:.1f}{theirs}"
    trend = _TREND[summary.trend][0] if summary.trend else "\u2013"
    review = p.next_review.isoformat() if p.next_review else "not set"
    if row.reasons:
        reasons = Paragraph("<br/>".join(rich(r, 70) for r in row.reasons[:4]), s.cell_alert)
    else:
        reasons = Paragraph("on track", s.cell_small)
    return [partner, p.stage.title, checklist, health, trend, review, reasons]
