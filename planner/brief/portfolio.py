"""The portfolio brief: the portfolio at a glance, then every partner on one line.

Page one answers what an executive asks first in a portfolio review: where the partners
stand (a stage track), how healthy they are and which way they move, what value went each
way, which reviews come in the next 30 days, the five biggest risks and who needs a decision.
Then one line per partner: owner, stage, health, next review and the one thing that needs
attention.

Built for 2,000 partners as well as 8: every row has the same height and is drawn without
Paragraphs where the body font draws its text, and the table is cut page by page
(`PagedTable`): each page gets the column headings again, never a heading without rows or a
lone row at the top of a page.
"""

from __future__ import annotations

import datetime as dt

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table, TableStyle

from planner.brief import fonts
from planner.brief.amounts import balance_sentence
from planner.brief.charts import balance_bar
from planner.brief.layout import (
    ACCENT,
    ALERT,
    GAP,
    GOOD,
    INK,
    MUTED,
    RULE,
    TINT,
    WARN,
    Styles,
    build,
    columns,
    frame_width,
    section,
)
from planner.brief.markup import rich
from planner.brief.paper import Paper
from planner.brief.portfolio_charts import health_bar, stage_funnel
from planner.brief.table_cells import TwoLines, body_draws, fit, wrap
from planner.domain.attention import Level
from planner.domain.brief_content import long_date, short_date
from planner.domain.health import Trend
from planner.domain.portfolio_brief import HealthBand, PortfolioBriefContent, PortfolioRow

_TREND = {Trend.RISING: ("\u2191 rising", GOOD), Trend.STEADY: ("\u2192 steady", MUTED),
          Trend.FALLING: ("\u2193 falling", ALERT)}
_LEVEL = {Level.NOW: ("NOW", ALERT), Level.WATCH: ("WATCH", WARN)}
ROW_HEIGHT = 21.0
HEADINGS = ("Partner", "Owner", "Stage", "Health\nours / theirs, 1\u20135",
            "Next review\nfrom today", "The one thing that needs attention")


def _hex(colour) -> str:
    return colour.hexval().replace("0x", "#")


def render_portfolio_brief(content: PortfolioBriefContent, paper: Paper) -> bytes:
    styles = Styles()
    width = frame_width(paper)
    story: list[Flowable] = _header(content, styles, width)
    story += _glance(content, styles, width)
    story.append(section("Every partner, the ones needing attention first", styles, width,
                         _legend()))
    story.append(Spacer(0, 2))
    if content.rows:
        story.append(PagedTable(content, styles, _widths(width)))
    else:
        story.append(Paragraph("The portfolio has no partners yet.", styles.body))
    date, printed, who = content.date, content.printed_on, content.prepared_by
    by = f" by {rich(who, 60)}" if who else ""
    name = f"{rich(content.portfolio_name, 60)} \u00b7 " if content.portfolio_name else ""
    return build(story, paper, title=f"Portfolio brief {date.isoformat()}", styles=styles,
                 footer=f"{name}Portfolio brief as of {long_date(date)} \u00b7 "
                        f"printed {long_date(printed)}{by} with Partner Planner")


def _legend() -> str:
    return ("health: latest check, our score / theirs, 1\u20135 \u00b7 "
            "NOW needs a decision, WATCH keep an eye on it")


def _header(c: PortfolioBriefContent, s: Styles, width: float) -> list[Flowable]:
    total = len(c.rows)
    title = rich(c.portfolio_name, 60) if c.portfolio_name else "Portfolio"
    attention = (f'<font color="{_hex(ALERT)}">{c.needing_attention} '
                 f"need{'s' if c.needing_attention == 1 else ''} attention</font>"
                 if c.needing_attention else "none needs attention")
    left = [Paragraph("PORTFOLIO BRIEF", s.kicker),
            Paragraph(f"{title}: {total} partner{'s' if total != 1 else ''}", s.title),
            Paragraph(f"{attention} on {short_date(c.date)}" if c.printed_on != c.date
                      else f"{attention} today", s.subtitle)]
    kicker = "AS OF TODAY" if c.printed_on == c.date else "AS OF"
    right = [Paragraph(kicker, s.kicker.clone("k_right", alignment=2)),
             Paragraph(long_date(c.date), s.when),
             Paragraph("every \u201coverdue\u201d and \u201cin N days\u201d counts from this "
                       "day", s.where)]
    rule = HRFlowable(width=width, thickness=1.4, color=ACCENT, spaceBefore=0, spaceAfter=0)
    return [columns([left, right], [width * 0.58, width * 0.42]), Spacer(0, 4), rule,
            Spacer(0, 8)]


def _glance(c: PortfolioBriefContent, s: Styles, width: float) -> list[Flowable]:
    third = (width - 2 * GAP) / 3
    stage = [section("Partners by stage", s, third, "number, share of all"), Spacer(0, 4),
             stage_funnel(c.by_stage, third)]
    trends = " \u00b7 ".join(
        f'<font color="{_hex(_TREND[t][1])}" name="{fonts.register(fonts.SYMBOLS)}">'
        f"{_TREND[t][0][0]}</font> {c.trends[t]} {t.value}" for t in _TREND)
    single = c.trends[None]
    if single:
        trends += f" \u00b7 {single} without a trend yet"
    health = [section("Health", s, third, "partners by our latest score"), Spacer(0, 4),
              health_bar(c.health_bands, third),
              Paragraph(HealthBand.LEGEND, s.small),
              Paragraph(f"Since the check before: {trends}", s.small)]
    unit = c.currency or "in the ledger's units"
    value = [section("Value exchanged", s, third, f"all time, {unit}"), Spacer(0, 6),
             balance_bar(c.value, third, c.currency),
             Paragraph(balance_sentence(c.value, c.currency),
                       s.warning if c.value.lopsided is not None else s.small)]
    lopsided = sum(1 for r in c.rows if r.value.lopsided is not None)
    if lopsided:
        value.append(Paragraph(f"{lopsided} partner{'s' if lopsided != 1 else ''} with a "
                               "lopsided ledger (one side gives over twice what it gets).",
                               s.small))
    first = columns([stage, health, value], [third + GAP, third + GAP, third])

    decisions = [section("Needs a decision now", s, third,
                         f"{c.decisions.total} partner{'s' if c.decisions.total != 1 else ''}"),
                 Spacer(0, 3)]
    for d in c.decisions:
        decisions.append(Paragraph(f"<b>{rich(d.partner.name, 40)}</b>: "
                                   f"{rich('; '.join(d.why), 140)}", s.item))
    if not c.decisions.items:
        decisions.append(Paragraph("Nobody: no partner has a reason that needs a decision "
                                   "now.", s.small))
    if c.decisions.more:
        decisions.append(Paragraph(f"+{c.decisions.more} more in the table below", s.small))

    risks = [section("Top risks", s, third, "risk = likelihood \u00d7 impact, 1\u20139"),
             Spacer(0, 3)]
    for r in c.risks:
        d = r.difference
        managed = ("managed: " + rich(d.management, 64) if r.managed else
                   f'<font color="{_hex(ALERT)}">no agreed way to manage it</font>')
        risks.append(Paragraph(
            f"<b>{rich(r.partner.name, 34)}</b> \u00b7 {d.area.value}<br/>"
            f'<font size="6.6" color="{_hex(MUTED)}">risk {r.risk}/9 \u00b7 {managed}</font>',
            s.item))
    if not c.risks.items:
        risks.append(Paragraph("No open high-risk difference in any register.", s.small))
    if c.risks.more:
        risks.append(Paragraph(f"+{c.risks.more} more high-risk differences", s.small))

    reviews = [section("Reviews in the next 30 days", s, third,
                       f"to {short_date(c.until)}"), Spacer(0, 3)]
    for r in c.reviews:
        days = (r.date - c.date).days
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        place = f" \u00b7 {rich(r.place, 48)}" if r.place else ""
        reviews.append(Paragraph(
            f"<b>{rich(r.partner.name, 40)}</b><br/>"
            f'<font size="6.6" color="{_hex(MUTED)}">{short_date(r.date)}, {when}{place}'
            "</font>", s.item))
    if not c.reviews.items:
        reviews.append(Paragraph("None booked.", s.small))
    if c.reviews.more:
        reviews.append(Paragraph(f"+{c.reviews.more} more", s.small))
    if c.reviews_overdue:
        n = c.reviews_overdue
        reviews.append(Paragraph(f"{n} review{'s' if n != 1 else ''} already overdue today "
                                 "(see NOW below).", s.warning))
    second = columns([decisions, risks, reviews], [third + GAP, third + GAP, third])
    return [first, Spacer(0, 10), second, Spacer(0, 10)]


def _widths(width: float) -> list[float]:
    fixed = [70, 50, 64, 68]  # owner, stage, health, next review
    partner = width * 0.22
    return [partner, *fixed, width - partner - sum(fixed)]


class PagedTable(Flowable):
    """The partner table, cut by this flowable itself: each piece fills one page's space,
    repeats the column headings, and takes at least `MIN_ROWS` rows (or moves to the next
    page), so a page never ends in a heading and never starts with a lone last row.

    Cutting here rather than letting one 2,000-row Table split itself keeps the work linear:
    a split builds only the piece that goes on this page.
    """

    MIN_ROWS = 3

    def __init__(self, content: PortfolioBriefContent, styles: Styles, widths: list[float],
                 start: int = 0):
        super().__init__()
        self.content, self.styles, self.widths, self.start = content, styles, widths, start
        self.header_height = 22.0

    def _rows_fitting(self, height: float) -> int:
        return max(0, int((height - self.header_height) // ROW_HEIGHT))

    def wrap(self, available_width, available_height):
        left = len(self.content.rows) - self.start
        self.width = sum(self.widths)
        self.height = self.header_height + left * ROW_HEIGHT
        return self.width, self.height

    def split(self, available_width, available_height):
        left = len(self.content.rows) - self.start
        fits = self._rows_fitting(available_height)
        if fits >= left:
            return [self._table(self.start, len(self.content.rows))]
        if left - fits < self.MIN_ROWS:  # leave enough for the next page not to look stray
            fits = left - self.MIN_ROWS
        if fits < self.MIN_ROWS:
            return []  # the whole table starts on the next page
        end = self.start + fits
        return [self._table(self.start, end),
                PagedTable(self.content, self.styles, self.widths, end)]

    def draw(self):  # only when it fits whole: draw the single piece in place
        table = self._table(self.start, len(self.content.rows))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)

    def _table(self, start: int, end: int) -> Table:
        return _table(self.content.rows[start:end], self.content.date, self.styles,
                      self.widths, self.header_height)


def _table(rows: tuple[PortfolioRow, ...], today: dt.date, s: Styles, widths: list[float],
           header_height: float) -> Table:
    regular, bold, _ = fonts.body_fonts()
    data: list[list] = [list(HEADINGS)]
    style = [
        ("FONT", (0, 0), (-1, 0), bold, 6.4, 7.4),
        ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("FONT", (0, 1), (-1, -1), regular, 7.2),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
    ]
    inner = [w - 7 for w in widths]
    for i, row in enumerate(rows, 1):
        data.append(_cells(row, today, s, inner))
        first = row.first
        if first is not None:
            style.append(("LINEBEFORE", (0, i), (0, i), 2.2, _LEVEL[first.level][1]))
        if i % 2 == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), TINT))
    table = Table(data, colWidths=widths, rowHeights=[header_height] + [ROW_HEIGHT] * len(rows))
    table.setStyle(TableStyle(style))
    return table


def _cells(row: PortfolioRow, today: dt.date, s: Styles, inner: list[float]) -> list:
    summary = row.summary
    p = summary.partner
    regular, bold, _ = fonts.body_fonts()
    symbols = fonts.register(fonts.SYMBOLS)
    # the organisation only when it says more than the partner's name does
    organisation = "" if p.organisation.casefold().startswith(p.name.casefold()) else \
        p.organisation
    partner = TwoLines((p.name, bold, 7.4, INK), (organisation, regular, 6.4, MUTED),
                       inner[0], s)
    owner = p.owner or "\u2013"
    owner = fit(owner, regular, 7.2, inner[1]) if body_draws(owner) else \
        TwoLines((owner, regular, 7.2, INK), ("", regular, 6.4, MUTED), inner[1], s)
    if summary.health is None:
        health = TwoLines(("no check yet", regular, 7.0, MUTED), ("", regular, 6.4, MUTED),
                          inner[3], s)
    else:
        theirs = f"{summary.health_theirs:.1f}" if summary.health_theirs is not None else "\u2013"
        band = HealthBand.of(summary.health)
        colour = ALERT if band == HealthBand.POOR else INK
        trend, trend_colour = _TREND[summary.trend] if summary.trend else ("no trend yet", MUTED)
        health = TwoLines((f"{summary.health:.1f} / {theirs}  {band}", bold, 7.2, colour),
                          (trend, symbols if summary.trend else regular, 6.4, trend_colour),
                          inner[3], s)
    review = p.next_review
    if review is None:
        next_review = TwoLines(("not set", regular, 7.0, MUTED), ("", regular, 6.4, MUTED),
                               inner[4], s)
    else:
        days = (review - today).days
        if days < 0:
            when, colour = f"overdue {-days} day{'s' if days != -1 else ''}", ALERT
        elif days == 0:
            when, colour = "today", INK
        else:
            when, colour = f"in {days} day{'s' if days != 1 else ''}", MUTED
        next_review = TwoLines((short_date(review), regular, 7.2, INK),
                               (when, regular, 6.4, colour), inner[4], s)
    first = row.first
    if first is None:
        attention = TwoLines(("on track", regular, 7.0, GOOD), ("", regular, 6.4, MUTED),
                             inner[5], s)
    else:
        label, colour = _LEVEL[first.level]
        tag_width = pdfmetrics.stringWidth(label, bold, 6.0) + 3
        lines = wrap(first.text, regular, 7.2, inner[5] - tag_width)
        more = len(row.attention) - 1
        rest = f"+{more} more: {row.attention[1].text}" if more else ""
        if len(lines) > 1:  # the one thing takes both lines; the count of the rest follows
            second = (" ".join(lines[1:]) + (f"  (+{more} more)" if more else ""),
                      regular, 7.2, INK)
        else:
            second = (rest, regular, 6.4, MUTED)
        attention = TwoLines((lines[0], regular, 7.2, INK), second, inner[5], s,
                             tag=(label, bold, 6.0, colour), indent_second=True)
    return [partner, owner, p.stage.title, health, next_review, attention]

