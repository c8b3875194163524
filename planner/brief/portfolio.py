"""The portfolio brief: every partner on one page, the ones that need attention first.

Built for 2,000 partners as well as 8: plain strings in the cells where the text is plain, a
Paragraph only where it must wrap or needs another script's font, and the table cut into
page-sized pieces so ReportLab never re-splits one huge table page after page.
"""

from __future__ import annotations

import datetime as dt

from reportlab.pdfbase import pdfmetrics
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
from planner.brief.markup import rich
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
        ("FONT", (6, 1), (6, -1), regular, CELL_SIZE, CELL_SIZE * 1.2),
        ("TEXTCOLOR", (6, 1), (6, -1), MUTED),
    ]
    for i, row in enumerate(rows, 1):
        data.append(_cells(row, today, s, widths))
        if row.reasons:
            style.append(("LINEBEFORE", (0, i), (0, i), 2, ALERT))
            style.append(("TEXTCOLOR", (6, i), (6, i), ALERT))
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


class _PartnerCell(Flowable):
    """The partner's name in bold over its organisation: two drawString calls, no Paragraph.

    Used when the body font draws every character; a 2,000-row table then lays out in a
    fraction of the time Paragraphs take.
    """

    def __init__(self, name: str, organisation: str, width: float, bold: str, regular: str):
        super().__init__()
        self.fonts = bold, regular
        self.name = _fit(name, bold, NAME_SIZE, width)
        self.organisation = _fit(organisation, regular, ORG_SIZE, width) if organisation else ""
        self.height = NAME_SIZE * 1.25 + (ORG_SIZE * 1.25 if self.organisation else 0)

    def wrap(self, available_width, available_height):
        return available_width, self.height

    def draw(self):
        c = self.canv
        bold, regular = self.fonts
        c.setFillColor(INK)
        c.setFont(bold, NAME_SIZE)
        c.drawString(0, self.height - NAME_SIZE, self.name)
        if self.organisation:
            c.setFillColor(MUTED)
            c.setFont(regular, ORG_SIZE)
            c.drawString(0, self.height - NAME_SIZE * 1.25 - ORG_SIZE, self.organisation)


NAME_SIZE, ORG_SIZE, CELL_SIZE = 7.4, 6.4, 6.8


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` on one line of `width`, shortened at a word with an ellipsis when it must be."""
    text = " ".join(text.split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ,;:.-") + "\u2026"
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            return candidate
    return text[: max(1, int(width / size))] + "\u2026"


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap with the font's real widths."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _body_draws(text: str) -> bool:
    return all(fonts.family_for(ch) is fonts.BODY for ch in set(text) if not ch.isspace())


def _cells(row: PortfolioRow, today: dt.date, s: Styles, widths: list[float]) -> list:
    summary = row.summary
    p = summary.partner
    regular, bold, _ = fonts.body_fonts()
    # the organisation only when it says more than the partner's name does
    organisation = "" if p.organisation.casefold().startswith(p.name.casefold()) else \
        p.organisation
    inner = widths[0] - 6
    if _body_draws(p.name + organisation):
        partner = _PartnerCell(p.name, organisation, inner, bold, regular)
    else:  # another script: a Paragraph picks the fonts that draw it
        org = (f'<br/><font size="{ORG_SIZE}" color="#{MUTED.hexval()[2:]}">'
               f"{rich(organisation, 48)}</font>" if organisation else "")
        partner = Paragraph(f"<b>{rich(p.name, 48)}</b>{org}", s.cell)
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
        reasons = "\n".join(line for reason in row.reasons[:4]
                            for line in _lines(reason, regular, CELL_SIZE, widths[6] - 6))
    else:
        reasons = "on track"
    return [partner, p.stage.title, checklist, health, trend, review, reasons]
