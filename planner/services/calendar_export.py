"""Reviews and open actions as an iCalendar file, for the calendar the user already keeps.

Every partner's next review becomes an all-day event whose description carries the partner
and a proposed agenda; every open action with a due date becomes a to-do (or, for calendars
that ignore to-dos such as Google Calendar and Outlook, an all-day event). UIDs are derived
from the portfolio's file name and the stored ids, so exporting again and re-importing
updates the same entries instead of adding copies, even after the review date moves.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

import icalendar

from planner import __version__
from planner.domain.checklist import progress_by_stage
from planner.domain.differences import by_risk, curious_question, is_open
from planner.domain.model import Action, PartnerRecord, Side
from planner.domain.value import balance
from planner.services.files import write_text_atomically
from planner.storage import UnitOfWork

PRODID = f"-//Partner Planner//Partner Planner {__version__}//EN"
_NAMESPACE = uuid.UUID("5b0f3c52-8d6e-4c1e-9a51-0d3f7e2a6b11")  # ours; never change it
AGENDA_QUESTIONS = 3  # differences to talk through, highest risk first
AGENDA_ACTIONS = 5


@dataclass(frozen=True)
class CalendarCounts:
    reviews: int
    actions: int


def stable_uid(key: str, what: str, item_id: int | None) -> str:
    """The same UID every export for the same portfolio file and stored item."""
    return f"{uuid.uuid5(_NAMESPACE, f'{key}/{what}/{item_id}')}@partner-planner"


def review_agenda(record: PartnerRecord, today: dt.date) -> list[str]:
    """A proposed agenda for the face-to-face review, from what is open in the record."""
    if record.health:
        agenda = ["How are we doing? Walk through the latest health check together."]
    else:
        agenda = ["How are we doing? Agree to score a first health check together."]
    open_actions = [a for a in record.actions if not a.done]
    if open_actions:
        overdue = sum(1 for a in open_actions if a.is_overdue(today))
        late = f", {overdue} overdue" if overdue else ""
        agenda.append(f"Open actions ({len(open_actions)}{late}):")
        ordered = sorted(open_actions, key=lambda a: (a.due is None, a.due or today))
        for a in ordered[:AGENDA_ACTIONS]:
            due = f" (due {a.due.isoformat()})" if a.due else ""
            owner = f" - {a.owner}" if a.owner else ""
            agenda.append(f"  - {a.text}{owner}{due}")
    differences = [d for d in by_risk(record.differences) if is_open(d)][:AGENDA_QUESTIONS]
    if differences:
        agenda.append("Differences to talk through, with curiosity:")
        agenda.extend(f"  - {d.area.value.capitalize()}: {curious_question(d)}"
                      for d in differences)
    stage = record.partner.stage
    progress = progress_by_stage(record.checklist).get(stage)
    if progress and progress.total and progress.done < progress.total:
        agenda.append(f"{stage.title} checklist: {progress} done; agree the next items.")
    if record.value:
        agenda.append(f"Value exchanged: {balance(record.value).sentence()}")
    agenda.append("Agree actions, owners and the date of the next review.")
    return agenda


def review_description(record: PartnerRecord, today: dt.date) -> str:
    p = record.partner
    who = f"{p.name} ({p.organisation})" if p.organisation and p.organisation != p.name \
        else p.name
    lines = [f"Partner: {who}", f"Stage: {p.stage.title}"]
    if p.owner:
        lines.append(f"Owner: {p.owner}")
    if p.definition:
        lines.append(f"The alliance: {p.definition}")
    lines += ["", "Agenda:"]
    lines += [line if line.startswith("  ") else f"- {line}"
              for line in review_agenda(record, today)]
    return "\n".join(lines)


def action_description(record: PartnerRecord, action: Action) -> str:
    lines = [f"Partner: {record.partner.name}"]
    if action.owner:
        whose = "our" if action.side is Side.OURS else "their"
        lines.append(f"Owner: {action.owner} ({whose} side)")
    meeting = next((m for m in record.meetings if m.id == action.meeting_id), None)
    if meeting is not None:
        lines.append(f"Agreed at the {meeting.kind.value} of {meeting.date.isoformat()}")
    return "\n".join(lines)


def all_day(component, date: dt.date) -> None:
    """An all-day entry on `date`. The end is the next day (exclusive); on 9999-12-31, the last
    day there is, it is left out, which RFC 5545 reads as one day all the same."""
    component.add("dtstart", date)
    if date < dt.date.max:
        component.add("dtend", date + dt.timedelta(days=1))


def build_calendar(records: list[PartnerRecord], *, key: str, today: dt.date,
                   stamp: dt.datetime, actions_as_events: bool = False
                   ) -> tuple[icalendar.Calendar, CalendarCounts]:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Partner reviews and actions")
    reviews = actions = 0
    for record in records:
        p = record.partner
        if p.next_review is not None:
            event = icalendar.Event()
            event.add("uid", stable_uid(key, "review", p.id))
            event.add("dtstamp", stamp)
            all_day(event, p.next_review)
            event.add("summary", f"Partner review: {p.name}")
            event.add("description", review_description(record, today))
            if p.review_place:
                event.add("location", p.review_place)
            event.add("categories", ["Partner review"])
            event.add("transp", "TRANSPARENT")  # all day, but the user's time is not blocked
            calendar.add_component(event)
            reviews += 1
        for action in record.actions:
            if action.done or action.due is None:
                continue
            entry = icalendar.Event() if actions_as_events else icalendar.Todo()
            entry.add("uid", stable_uid(key, "action", action.id))
            entry.add("dtstamp", stamp)
            if actions_as_events:
                all_day(entry, action.due)
                entry.add("transp", "TRANSPARENT")
                entry.add("summary", f"Due: {action.text} ({p.name})")
            else:
                entry.add("due", action.due)
                entry.add("status", "NEEDS-ACTION")
                entry.add("summary", f"{action.text} ({p.name})")
            entry.add("description", action_description(record, action))
            entry.add("categories", ["Partner action"])
            calendar.add_component(entry)
            actions += 1
    return calendar, CalendarCounts(reviews, actions)


def export_calendar(uow: UnitOfWork, path: Path, *, uid_key: str,
                    actions_as_events: bool = False, today: dt.date | None = None,
                    stamp: dt.datetime | None = None) -> CalendarCounts:
    """Write the .ics file; `uid_key` (the portfolio's file name) keeps UIDs apart."""
    today = today or dt.date.today()
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    with uow:
        records = uow.load_records()
    records.sort(key=lambda r: r.partner.name.casefold())
    calendar, counts = build_calendar(records, key=uid_key, today=today, stamp=stamp,
                                      actions_as_events=actions_as_events)
    write_text_atomically(Path(path), calendar.to_ical().decode("utf-8"))
    return counts
