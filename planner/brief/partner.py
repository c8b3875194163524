"""The partner brief: what an executive carries into a face-to-face review.

Top to bottom, in the order the meeting needs it: who and when; why we are together; where the
relationship stands; who is in the room; the differences to ask about and the actions to chase;
what happened since the last review; the proposed agenda; room to write. The content is chosen
and cut in planner.domain.brief_content; this module only draws it.
"""

from __future__ import annotations

import datetime as dt

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from planner.brief import charts, fonts
from planner.brief.amounts import balance_sentence
from planner.brief.layout import (
    ACCENT,
    ACCENT_TINT,
    ALERT,
    GAP,
    MUTED,
    THEIRS,
    WARN,
    RuledNotes,
    Styles,
    build,
    columns,
    frame_width,
    section,
)
from planner.brief.markup import labelled, markup, rich, wrapped
from planner.brief.paper import Paper
from planner.domain.brief_content import (
    Attendee,
    Cut,
    PartnerBriefContent,
    long_date,
    short_date,
)
from planner.domain.health import Trend
from planner.domain.model import Side, Strength

SPACE = 7  # between sections
STAR, DIAMOND = "\u2605", "\u25c6"


def render_partner_brief(content: PartnerBriefContent, paper: Paper) -> bytes:
    styles = Styles()
    width = frame_width(paper)
    story: list[Flowable] = []
    story += _header(content, styles, width)
    story += _why(content, styles, width)
    story += _standing(content, styles, width)
    story += _room(content, styles, width)
    story += _differences_and_actions(content, styles, width)
    story += _agenda(content, styles, width)
    story.append(RuledNotes(styles))
    partner = content.partner.name
    kind = "the review" if _is_review(content) else "the meeting"
    printed = prepared_line(content.today, content.prepared_by)
    return build(story, paper, title=f"Brief: {partner}", styles=styles,
                 footer=f"{rich(partner, 60)} \u00b7 brief for {kind} on "
                        f"{long_date(content.date)} \u00b7 {printed}")


def _is_review(c: PartnerBriefContent) -> bool:
    return bool(c.occasion and c.occasion.review)


def prepared_line(today: dt.date, who: str) -> str:
    """Who printed the brief and on which day (the day every "overdue" is counted from)."""
    by = f" by {rich(who, 60)}" if who else ""
    return f"printed {long_date(today)}{by} with Partner Planner"


def _label(style, text: str, bold: bool = True) -> float:
    """The width a label takes at the start of a paragraph's first line."""
    regular, heavy, _ = fonts.body_fonts()
    return stringWidth(text, heavy if bold else regular, style.fontSize)


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _day(date: dt.date, today: dt.date) -> str:
    """'Fri 10 Apr', with the year only when it is not the year of printing."""
    text = short_date(date)
    return text[:-5] if date.year == today.year else text


def _relative(date: dt.date, today: dt.date) -> str:
    """How far `date` is from the day of printing, in words that name that day."""
    days = (date - today).days
    if days == 0:
        return "today"
    if days > 0:
        return f"in {_days(days)} from today"
    return f"{_days(-days)} ago"


def _more(cut: Cut, noun: str = "more") -> str:
    return f"+{cut.more} {noun}" if cut.more else ""


def _colour(colour) -> str:
    return colour.hexval().replace("0x", "#")


def _header(c: PartnerBriefContent, s: Styles, width: float) -> list[Flowable]:
    p = c.partner
    # the organisation only when it says more than the name ("Datastrom GmbH" does not)
    says_more = p.organisation and not p.organisation.casefold().startswith(p.name.casefold())
    facts = [x for x in (rich(p.organisation, 80) if says_more else "",
                         f"{p.kind.value} alliance",
                         f"owner {rich(p.owner, 40)}" if p.owner else "") if x]
    name = wrapped(p.name, s.title, width * 0.6, limit=70, bold=True)
    left = [Paragraph("MEETING BRIEF", s.kicker), Paragraph(name, s.title),
            Paragraph(" \u00b7 ".join(facts), s.subtitle)]
    kind = "Next review" if _is_review(c) else "Meeting"
    right = [Paragraph(f"{kind} \u00b7 {p.stage.title} stage", s.kicker.clone(
                 "k_right", alignment=2)),
             Paragraph(long_date(c.date), s.when),
             Paragraph(_where(c), s.where),
             Paragraph(_when_printed(c), s.where)]
    head = columns([left, right], [width * 0.6, width * 0.4])
    return [head, Spacer(0, 4), _rule(width, 1.4), Spacer(0, SPACE)]


def _where(c: PartnerBriefContent) -> str:
    if c.place:
        return rich(c.place, 70)
    if c.occasion and c.occasion.review_overdue_since and not c.occasion.review:
        return "no review booked ahead"
    return "Place not set"


def _when_printed(c: PartnerBriefContent) -> str:
    """The meeting's distance from the day of printing, and a review already past due."""
    text = f"{_relative(c.date, c.today)} \u00b7 printed {short_date(c.today)}"
    due = c.occasion.review_overdue_since if c.occasion else None
    if due is not None:
        place = f" at {rich(c.partner.review_place, 40)}" if c.partner.review_place else ""
        text += (f'<br/><font color="{_colour(ALERT)}">review overdue: it was due '
                 f"{short_date(due)}{place}, {_days((c.today - due).days)} before today"
                 "</font>")
    return text


def _rule(width: float, weight: float) -> Flowable:
    return HRFlowable(width=width, thickness=weight, color=ACCENT, spaceBefore=0, spaceAfter=0)


def _why(c: PartnerBriefContent, s: Styles, width: float) -> list[Flowable]:
    p = c.partner
    half = (width - GAP) / 2
    definition = wrapped(p.definition, s.body, half, limit=330) if p.definition.strip() else \
        "<i>No shared definition is written down: agree one sentence both sides sign.</i>"
    result = wrapped(p.unique_result, s.body, half, limit=330) if p.unique_result.strip() else \
        "<i>Not written down: name the result neither side could reach alone.</i>"
    left = [section("Why we are together", s, half), Spacer(0, 3), Paragraph(definition, s.body)]
    right = [section("The result neither side reaches alone", s, half), Spacer(0, 3),
             Paragraph(result, s.body)]
    return [columns([left, right], [half + GAP, half]), Spacer(0, SPACE)]


def _standing(c: PartnerBriefContent, s: Styles, width: float) -> list[Flowable]:
    usable = width - 2 * GAP
    stage_w, health_w, value_w = usable * 0.37, usable * 0.33, usable * 0.30
    p = c.partner
    stage = [section("Where we stand", s, stage_w), Spacer(0, 4),
             charts.stage_track(p.stage, c.progress, stage_w)]
    progress = c.progress[p.stage]
    if c.next_stage and progress.total:
        left = progress.total - progress.done
        stage.append(Paragraph(
            f"{left} item{'s' if left != 1 else ''} of {p.stage.title} still open before "
            f"{c.next_stage.title}." if left else
            f"{p.stage.title} checklist complete: ready to talk about {c.next_stage.title}.",
            s.small))
    health: list[Flowable] = [section("Health", s, health_w,
                                      _health_note(c) if c.health else ""), Spacer(0, 4)]
    if c.health:
        health.append(charts.health_chart(c.health, health_w))
        health.append(Paragraph(
            f'<font color="{_colour(ACCENT)}">\u2014 ours</font>  '
            f'<font color="{_colour(THEIRS)}">- - theirs</font>  '
            f"\u00b7 1\u20135 scale \u00b7 last check {short_date(c.health.date)}, "
            f"{_relative(c.health.date, c.today)}", s.small))
    else:
        health.append(Paragraph("No health check yet: run one together at this review.",
                                s.body))
    unit = c.currency or "in the ledger's units"
    span = (f"last {c.value.quarters} quarters" if c.value and c.value.quarters != 1
            else "last quarter" if c.value else "all time")
    value: list[Flowable] = [section("Value balance", s, value_w, f"{span}, {unit}"),
                             Spacer(0, 6), charts.balance_bar(c.balance, value_w, c.currency)]
    lopsided = c.balance.lopsided is not None
    sentence = c.value.sentence() if c.value else balance_sentence(c.balance, c.currency)
    value.append(Paragraph(rich(sentence), s.warning if lopsided else s.small))
    return [columns([stage, health, value], [stage_w + GAP, health_w + GAP, value_w]),
            Spacer(0, SPACE)]


def _health_note(c: PartnerBriefContent) -> str:
    h = c.health
    ours = f"ours {h.ours:.1f}/5" if h.ours is not None else ""
    theirs = f"theirs {h.theirs:.1f}/5" if h.theirs is not None else "theirs not scored"
    trend = ""
    if h.trend is not None:
        colour = {Trend.RISING: "#2f7d4f", Trend.STEADY: _colour(MUTED),
                  Trend.FALLING: _colour(ALERT)}[h.trend]
        trend = f' \u00b7 <font color="{colour}">{h.trend.value}</font>'
    flags = ""
    report = h.report
    if report is not None and report.perception_gap:
        flags += f' \u00b7 <font color="{_colour(ALERT)}">gap</font>'
    if report is not None and report.below_floor:
        flags += f' \u00b7 <font color="{_colour(ALERT)}">low</font>'
    return f"{ours} \u00b7 {theirs}{trend}{flags}"


def _room(c: PartnerBriefContent, s: Styles, width: float) -> list[Flowable]:
    half = (width - GAP) / 2
    blocks = []
    for side, people in ((Side.OURS, c.ours_in_room), (Side.THEIRS, c.theirs_in_room)):
        title = "In the room: our side" if side is Side.OURS else "In the room: their side"
        block: list[Flowable] = [section(title, s, half), Spacer(0, 3)]
        if not people.items:
            block.append(Paragraph("Nobody recorded yet.", s.small))
        for a in people:
            block.append(Paragraph(_attendee(a, side), s.item))
        if people.more:
            block.append(Paragraph(_more(people, "more people"), s.small))
        blocks.append(block)
    out: list[Flowable] = [columns(blocks, [half + GAP, half])]
    if c.web.thin:
        out.append(Spacer(0, 2))
        out.append(Paragraph("Thin web: " + " ".join(rich(w) for w in c.web.warnings[:2]),
                             s.warning))
    out.append(Spacer(0, SPACE))
    return out


_STRENGTH = {Strength.STRONG: "strong", Strength.WORKING: "", Strength.WEAK: "weak"}


def _attendee(a: Attendee, side: Side) -> str:
    person = a.person
    star = (f' <font color="{_colour(WARN)}">{markup(STAR)} ambassador</font>'
            if person.ambassador else "")
    role = f", {rich(person.role, 46)}" if person.role else ""
    text = f"<b>{rich(person.name, 40)}</b>{role}{star}"
    if a.knows:
        names = ", ".join(f"{rich(name, 30)}" + (f" ({_STRENGTH[strength]})"
                                                  if _STRENGTH[strength] else "")
                          for name, strength in a.knows)
        extra = f", +{a.knows_more}" if a.knows_more else ""
        text += f'<br/><font color="{_colour(MUTED)}" size="6.8">knows {names}{extra}</font>'
    else:
        text += f'<br/><font color="{_colour(ALERT)}" size="6.8">knows nobody on ' \
                f'{"their" if side is Side.OURS else "our"} side yet</font>'
    return text


def _differences_and_actions(c: PartnerBriefContent, s: Styles,
                             width: float) -> list[Flowable]:
    left_w = (width - GAP) * 0.53
    right_w = width - GAP - left_w
    note = f"{c.differences.total} open, {c.high_risk_open} high risk" \
        if c.differences.total else ""
    left: list[Flowable] = [section("Differences: questions to ask", s, left_w, note),
                            Spacer(0, 3)]
    if not c.differences.items:
        left.append(Paragraph("No open differences in the register.", s.small))
    for d in c.differences:
        diff = d.difference
        badge_colour = ALERT if d.high else MUTED
        risk = " \u00b7 HIGH RISK" if d.high else ""
        badge = (f'<font color="{_colour(badge_colour)}"><b>{diff.area.value.upper()}'
                 f"{risk}</b></font>")
        ask = (f"<b>Ask:</b> "
               f"{wrapped(d.question, s.item, left_w, limit=200, first=_label(s.item, 'Ask: '))}")
        gap = " ".join(x for x in (labelled("We", diff.ours, 80),
                                   labelled("They", diff.theirs, 80)) if x)
        if gap:
            gap = f'<br/><font color="{_colour(MUTED)}" size="6.8">{gap}</font>'
        left.append(Paragraph(f"{badge}<br/>{ask}{gap}", s.item))
    if c.differences.more:
        left.append(Paragraph(_more(c.differences, "more open differences"), s.small))

    notes = []
    if c.overdue:
        notes.append(f'<font color="{_colour(ALERT)}">{c.overdue} overdue today</font>')
    if c.due_before_meeting and c.date > c.today:
        notes.append(f'<font color="{_colour(WARN)}">{c.due_before_meeting} due before the '
                     "meeting</font>")
    right: list[Flowable] = [section("Open actions", s, right_w, " \u00b7 ".join(notes)),
                             Spacer(0, 3)]
    if not c.actions.items:
        right.append(Paragraph("No open actions.", s.small))
    for o in c.actions:
        a = o.action
        side = "ours" if a.side is Side.OURS else "theirs"
        colour = ACCENT if a.side is Side.OURS else THEIRS
        who = f'<font color="{_colour(colour)}">{rich(a.owner, 30) or "no owner"} ({side})</font>'
        if o.overdue:
            due = (f'<font color="{_colour(ALERT)}">due {_day(a.due, c.today)}, '
                   f"<b>overdue {_days(o.days_overdue)}</b></font>")
        elif o.before_meeting and c.date > c.today:
            when = "on the meeting day" if a.due == c.date else "before the meeting"
            due = (f'<font color="{_colour(WARN)}">due {_day(a.due, c.today)}, <b>{when}</b>'
                   "</font>")
        elif a.due:
            due = f"due {_day(a.due, c.today)}"
        else:
            due = "no due date"
        right.append(Paragraph(f"{wrapped(a.text, s.item, right_w, limit=110)}<br/>"
                               f'<font size="6.8">{who} \u00b7 {due}</font>', s.item))
    if c.actions.more:
        right.append(Paragraph(_more(c.actions, "more open actions"), s.small))
    right.append(Spacer(0, 4))
    right += _since(c, s, right_w)
    return [columns([left, right], [left_w + GAP, right_w]), Spacer(0, SPACE)]


def _since(c: PartnerBriefContent, s: Styles, width: float) -> list[Flowable]:
    title = f"Since the last review ({c.since.isoformat()})" if c.since else "Meetings so far"
    out: list[Flowable] = [section(title, s, width), Spacer(0, 3)]
    if not c.meetings.items:
        out.append(Paragraph("No meetings recorded yet.", s.small))
    for m in c.meetings:
        flag = (f' <font color="{_colour(ALERT)}"><b>{markup(DIAMOND)} moment of truth</b>'
                "</font>" if m.moment_of_truth else "")
        text = f"<b>{m.date.isoformat()}</b> {m.kind.value}{flag}"
        if m.decisions.strip():
            label = _label(s.item, "Decided: ", bold=False)
            text += f"<br/>Decided: {wrapped(m.decisions, s.item, width, limit=125, first=label)}"
        elif m.notes.strip():
            text += f"<br/>{wrapped(m.notes, s.item, width, limit=125)}"
        out.append(Paragraph(text, s.item))
    if c.meetings.more:
        out.append(Paragraph(_more(c.meetings, "more meetings"), s.small))
    return out


def _agenda(c: PartnerBriefContent, s: Styles, width: float) -> list[Flowable]:
    rows = []
    for i, item in enumerate(c.agenda, 1):
        colour = ALERT if item.source in ("decision", "moment") else ACCENT
        minutes = f"{item.minutes} min \u00b7 " if item.minutes else ""
        text = wrapped(item.text, s.agenda, width - 16, limit=190,
                       first=_label(s.agenda, f"{i}. {minutes}"))
        rows.append(Paragraph(f'<font color="{_colour(colour)}"><b>{i}.</b> {minutes}</font>'
                              f"{text}", s.agenda))
    if not rows:
        rows.append(Paragraph("Nothing pressing: review the stage checklist and ask what "
                              "each side wants next.", s.agenda))
    if c.agenda.more:
        rows.append(Paragraph(_more(c.agenda, "more points in this brief"), s.small))
    total = sum(item.minutes for item in c.agenda)
    box = Table([[section("Proposed agenda", s, width - 16,
                          f"{total} minutes" if total else "")], [rows]],
                colWidths=[width])
    box.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), s.body.fontName, 8),  # not the Helvetica default
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_TINT),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("TOPPADDING", (0, 1), (-1, 1), 4),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
    ]))
    internal = _internal(c, s, width)
    return [KeepTogether([box]), Spacer(0, SPACE - 3 if internal else SPACE), *internal]


def _internal(c: PartnerBriefContent, s: Styles, width: float) -> list[Flowable]:
    """Our own preparation, boxed apart from the agenda both sides see."""
    if not c.internal:
        return []
    lead = f'<font color="{_colour(MUTED)}"><b>INTERNAL, NOT FOR THE PARTNER</b></font> '
    rows = [Paragraph((lead if i == 0 else "") + f"\u2022 {rich(line, 200)}", s.small)
            for i, line in enumerate(c.internal)]
    box = Table([[rows]], colWidths=[width])
    box.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), s.body.fontName, 8),
        ("BOX", (0, 0), (-1, -1), 0.6, MUTED),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [KeepTogether([box]), Spacer(0, SPACE - 3)]
