"""The portfolio as CSV files, one per table, that spreadsheets open cleanly and safely.

UTF-8 with a BOM (Excel reads the BOM as "this is UTF-8"), a header row, ISO dates, and
every text cell that a spreadsheet would run as a formula (= + - @, a tab or a carriage
return at its start, or after a comma, semicolon, tab or bar it may be split on) neutralised
with a quote, after the OWASP advice on CSV injection. The partners file uses headers the
spreadsheet import recognises, and tags and quotes it reads back, so it imports back exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from planner.domain.differences import risk
from planner.domain.errors import PlannerError
from planner.domain.model import PartnerRecord
from planner.domain.spreadsheet_values import neutralise_text, write_tags
from planner.domain.templates import health_dimensions
from planner.services.files import refuse_to_replace
from planner.storage import UnitOfWork, database

TABLES = ("partners", "stakeholders", "differences", "meetings", "actions", "value", "health")


def neutralise(value: object) -> object:
    """A cell safe to open in a spreadsheet: a quote before every formula-like start, at the
    beginning or after any separator (see spreadsheet_values.FORMULA_STARTS)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return value  # a number is data, never a formula; -5 stays -5
    return neutralise_text(str(value))


def _partners(records):
    yield ("Partner", "Organisation", "Stage", "Kind", "Shared definition", "Unique result",
           "Owner", "Next review", "Review place", "Tags", "Notes")
    for r in records:
        p = r.partner
        yield (p.name, p.organisation, p.stage.value, p.kind.value, p.definition,
               p.unique_result, p.owner, p.next_review, p.review_place, write_tags(p.tags),
               p.notes)


def _stakeholders(records):
    yield ("Partner", "Name", "Side", "Level", "Role", "Ambassador", "Email", "Phone", "Knows")
    for r in records:
        for s in r.stakeholders:
            knows = [r.stakeholder(t.theirs_id if t.ours_id == s.id else t.ours_id)
                     for t in r.ties if s.id in (t.ours_id, t.theirs_id)]
            yield (r.partner.name, s.name, s.side.value, s.level.value, s.role, s.ambassador,
                   s.email, s.phone, "; ".join(k.name for k in knows if k))


def _differences(records):
    yield ("Partner", "Area", "How we work", "How they work", "Likelihood", "Impact", "Risk",
           "How we manage it", "Owner", "Status", "Question to ask")
    for r in records:
        for d in r.differences:
            yield (r.partner.name, d.area.value, d.ours, d.theirs, d.likelihood.value,
                   d.impact.value, risk(d), d.management, d.owner, d.status.value, d.question)


def _meetings(records):
    yield ("Partner", "Date", "Kind", "Place", "Attendees", "Notes", "Decisions",
           "Moment of truth")
    for r in records:
        for m in r.meetings:
            people = [r.stakeholder(i) for i in m.attendee_ids]
            yield (r.partner.name, m.date, m.kind.value, m.place,
                   "; ".join(p.name for p in people if p), m.notes, m.decisions,
                   m.moment_of_truth)


def _actions(records):
    yield ("Partner", "Action", "Owner", "Side", "Due", "Done", "Done on", "Meeting")
    for r in records:
        meetings = {m.id: m for m in r.meetings}
        for a in r.actions:
            meeting = meetings.get(a.meeting_id)
            yield (r.partner.name, a.text, a.owner, a.side.value, a.due, a.done, a.done_on,
                   meeting.date if meeting else None)


def _value(records):
    yield ("Partner", "Giver", "What", "Worth", "Date")
    for r in records:
        for v in r.value:
            yield (r.partner.name, v.giver.value, v.what, v.worth, v.date)


def _health(records):
    dimensions = health_dimensions()
    yield (("Partner", "Date")
           + tuple(f"{d.name} ({side})" for d in dimensions for side in ("ours", "theirs"))
           + ("Comment",))
    for r in records:
        for h in r.health:
            scores = {s.dimension: s for s in h.scores}
            cells = []
            for d in dimensions:
                score = scores.get(d.key)
                cells += [score.ours if score else None, score.theirs if score else None]
            yield (r.partner.name, h.date, *cells, h.comment)


ROWS: dict[str, Callable[[list[PartnerRecord]], Iterable[tuple]]] = {
    "partners": _partners, "stakeholders": _stakeholders, "differences": _differences,
    "meetings": _meetings, "actions": _actions, "value": _value, "health": _health,
}


def table_text(table: str, records: list[PartnerRecord]) -> tuple[str, int]:
    """One table as CSV text (without the BOM) and its number of data rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    rows = 0
    for row in ROWS[table](records):
        writer.writerow([neutralise(cell) for cell in row])
        rows += 1
    return out.getvalue(), rows - 1  # the header row is not data


def export_csv(uow: UnitOfWork, folder: Path) -> dict[str, int]:
    """Write partners.csv, stakeholders.csv, ... into `folder`; returns the rows per table.

    The folder is created if its parent exists. Every file is written beside its final name
    first and renamed only when all of them are written, so a failure leaves no half export.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise PlannerError(f"{folder} is a file; name a folder for the CSV files.")
    if not folder.parent.is_dir():
        raise PlannerError(f"The folder {folder.parent} does not exist.")
    with uow:
        records = uow.load_records()
    records.sort(key=lambda r: r.partner.name.casefold())
    try:
        database.make_private_folders(folder)  # owner-only, like everything the app writes
    except OSError as error:
        raise PlannerError(f"Cannot create {folder}: {error.strerror}.") from None
    written: dict[str, int] = {}
    temporary: list[tuple[str, Path]] = []
    try:
        for table in TABLES:
            text, written[table] = table_text(table, records)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{table}.", suffix=".tmp")
            temporary.append((tmp, folder / f"{table}.csv"))
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
                f.write(text)
        for _tmp, final in temporary:  # all checked before any is replaced
            refuse_to_replace(final)
        for tmp, final in temporary:
            os.replace(tmp, final)
    except (OSError, PlannerError) as error:
        for tmp, _final in temporary:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(error, PlannerError):
            raise
        raise PlannerError(f"Cannot write the CSV files in {folder}: {error.strerror}.") \
            from None
    return written
