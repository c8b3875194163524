"""A reader of a team portfolio cannot write through any path, on the real server.

Every public service that commits a unit of work is found by reading the services' source
(a function that calls `.commit()`, or calls one that does), and each must have a call listed
in WRITES below: a new writing service that is not listed fails the first test here. A reader
login then tries every one of them twice: through the portfolio it opened (the app's
read-only flag refuses before the server sees a statement) and through a unit of work with
that flag forced off (as a bug in the app would have it: the server refuses). Each is refused
with one sentence and the database is unchanged to the byte. Below the app, a reader's raw
connection can change nothing, and an editor's can change data but not the schema.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from sqlalchemy import text

import planner.services
from planner.domain.errors import PlannerError
from planner.domain.model import (
    Action,
    Area,
    ChecklistItem,
    Difference,
    HealthCheck,
    HealthScore,
    Meeting,
    Partner,
    PartnerRecord,
    Side,
    Stakeholder,
    Strength,
    Tie,
    ValueExchange,
)
from planner.domain.stages import Stage
from planner.services import (
    checklist,
    differences,
    editing,
    health,
    history,
    import_stream,
    meetings,
    partners,
    people,
    portfolio_io,
    portfolio_settings,
    spreadsheet_import,
    value,
)
from planner.services.portfolio import check_portfolio, open_portfolio
from planner.storage import UnitOfWork
from tests.team.conftest import TODAY, dump

# Writing services ---------------------------------------------------------------------------

def _function_facts() -> dict[str, list[tuple[bool, set[str]]]]:
    """For every function defined in planner/services (by name): whether it calls
    `.commit()` itself, and the names of what it calls."""
    facts: dict[str, list[tuple[bool, set[str]]]] = {}
    for info in pkgutil.iter_modules(planner.services.__path__):
        module = importlib.import_module(f"planner.services.{info.name}")
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            commits, calls = False, set()
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call):
                    called = sub.func
                    name = called.attr if isinstance(called, ast.Attribute) else getattr(
                        called, "id", None)
                    commits |= isinstance(called, ast.Attribute) and called.attr == "commit"
                    if name:
                        calls.add(name)
            name = _unmutated_name(node.name)
            if name:
                facts.setdefault(name, []).append((commits, calls))
    return facts


def _unmutated_name(name: str) -> str | None:
    """A function's own name; under mutation testing mutmut's copies of `f` (`x_f__mutmut_orig`
    holds its body, `x_f__mutmut_N` a mutant) count as `f`'s original only (None otherwise)."""
    if "__mutmut_" not in name:
        return name
    base, _, kind = name.rpartition("__mutmut_")
    return base.removeprefix("x_") if kind == "orig" and base.startswith("x_") else None


def writing_services() -> set[str]:
    """'module.name' of every public service function that commits a unit of work, itself
    or through another function of the services (aliases such as restore_check included)."""
    facts = _function_facts()
    writers = {name for name, found in facts.items() if any(c for c, _ in found)}
    grew = True
    while grew:
        grew = False
        for name, found in facts.items():
            if name not in writers and any(calls & writers for _, calls in found):
                writers.add(name)
                grew = True
    listed = set()
    for info in pkgutil.iter_modules(planner.services.__path__):
        module = importlib.import_module(f"planner.services.{info.name}")
        for attribute, value_ in vars(module).items():
            if (not attribute.startswith("_") and "__mutmut_" not in attribute
                    and inspect.isfunction(value_) and value_.__module__ == module.__name__
                    and value_.__name__ in writers):
                listed.add(f"{info.name}.{attribute}")
    return listed


@dataclasses.dataclass
class Context:
    """What the calls below write about: ids from the sample portfolio, read by the reader."""

    uow: callable
    folder: Path
    record: PartnerRecord  # the partner most calls change
    other: PartnerRecord  # the partner removed
    ours: Stakeholder
    theirs: Stakeholder  # not tied to `ours` yet
    settings: portfolio_settings.PortfolioSettings  # the portfolio's own, as loaded

    @property
    def pid(self) -> int:
        return self.record.partner.id

    def item(self) -> ChecklistItem:
        return next(i for i in self.record.checklist if not i.done)

    def json_file(self, name: str) -> Path:
        document = portfolio_io.export_document(self.uow(), [self.other.partner.id])
        document["partners"][0]["name"] = name
        path = self.folder / f"{name}.json"
        path.write_text(portfolio_io.dump_document(document), encoding="utf-8")
        return path

    def sheet(self, name: str) -> Path:
        path = self.folder / f"{name}.csv"
        path.write_text(f"Partner name,Organisation\n{name},{name} Ltd\n", encoding="utf-8")
        return path

    def renamed(self, name: str) -> PartnerRecord:
        return dataclasses.replace(self.other, partner=dataclasses.replace(
            self.other.partner, name=name))


def _no_id(obj):
    return dataclasses.replace(obj, id=None)


# One call per writing service, each one that an editor's app could make: valid, and a real
# change. A reader's must be refused at its first write.
WRITES = {
    "checklist.add_item": lambda c: checklist.add_item(
        c.uow(), ChecklistItem(c.pid, Stage.BRIDGES, "Agree a joint plan")),
    "checklist.update_item": lambda c: checklist.update_item(
        c.uow(), dataclasses.replace(c.item(), note="Changed by a reader")),
    "checklist.tick_item": lambda c: checklist.tick_item(c.uow(), c.item().id, True, TODAY),
    "checklist.mark_not_applicable": lambda c: checklist.mark_not_applicable(
        c.uow(), c.item().id, "Not for this alliance"),
    "checklist.remove_item": lambda c: checklist.remove_item(c.uow(), c.item().id),
    "checklist.restore_item": lambda c: checklist.restore_item(c.uow(), _no_id(c.item())),
    "differences.record_difference": lambda c: differences.record_difference(
        c.uow(), Difference(c.pid, Area.CULTURE, "We decide in the room", "They decide later")),
    "differences.restore_difference": lambda c: differences.restore_difference(
        c.uow(), _no_id(c.record.differences[0])),
    "differences.update_difference": lambda c: differences.update_difference(
        c.uow(), dataclasses.replace(c.record.differences[0], management="Talk monthly")),
    "differences.remove_difference": lambda c: differences.remove_difference(
        c.uow(), c.record.differences[0].id),
    "editing.add_child": lambda c: editing.add_child(
        c.uow(), "value", ValueExchange(c.pid, Side.OURS, "Two engineers", 100),
        value.validate_exchange),
    "editing.update_child": lambda c: editing.update_child(
        c.uow(), "value", dataclasses.replace(c.record.value[0], worth=7),
        value.validate_exchange),
    "editing.remove_child": lambda c: editing.remove_child(c.uow(), "value",
                                                           c.record.value[0].id),
    "health.record_check": lambda c: health.record_check(
        c.uow(), HealthCheck(c.pid, TODAY, (HealthScore(health.dimensions()[0].key, 3),))),
    "health.restore_check": lambda c: health.restore_check(c.uow(), _no_id(c.record.health[0])),
    "health.update_check": lambda c: health.update_check(
        c.uow(), dataclasses.replace(c.record.health[0], comment="Changed")),
    "health.remove_check": lambda c: health.remove_check(c.uow(), c.record.health[0].id),
    "import_stream.import_streamed": lambda c: import_stream.import_streamed(
        c.uow(), c.json_file("Streamed In"), replace=False, before_commit=None),
    "meetings.record_meeting": lambda c: meetings.record_meeting(c.uow(), Meeting(c.pid, TODAY)),
    "meetings.update_meeting": lambda c: meetings.update_meeting(
        c.uow(), dataclasses.replace(c.record.meetings[0], place="Rotterdam")),
    "meetings.remove_meeting": lambda c: meetings.remove_meeting(c.uow(),
                                                                 c.record.meetings[0].id),
    "meetings.restore_meeting": lambda c: meetings.restore_meeting(
        c.uow(), meetings.MeetingRemoval(_no_id(c.record.meetings[0]), ())),
    "meetings.add_action": lambda c: meetings.add_action(c.uow(), Action(c.pid, "Send it")),
    "meetings.restore_action": lambda c: meetings.restore_action(
        c.uow(), _no_id(c.record.actions[0])),
    "meetings.update_action": lambda c: meetings.update_action(
        c.uow(), dataclasses.replace(c.record.actions[0], owner="Someone else")),
    "meetings.complete_action": lambda c: meetings.complete_action(
        c.uow(), c.record.actions[0].id, not c.record.actions[0].done, TODAY),
    "meetings.remove_action": lambda c: meetings.remove_action(c.uow(),
                                                               c.record.actions[0].id),
    "partners.add_partner": lambda c: partners.add_partner(c.uow(), Partner("Newcomer")),
    "partners.update_partner": lambda c: partners.update_partner(
        c.uow(), dataclasses.replace(c.record.partner, notes="Changed by a reader")),
    "partners.move_to_stage": lambda c: partners.move_to_stage(
        c.uow(), c.pid, Stage.EXIT, confirmed=True, today=TODAY),
    "partners.remove_partner": lambda c: partners.remove_partner(c.uow(), c.other.partner.id),
    # the removed partner's record under a new name (its ids are taken: a reader is refused
    # before that matters: the app asks the server's roles before saying the id is taken)
    "partners.restore_partner": lambda c: partners.restore_partner(c.uow(),
                                                                   c.renamed("Restored")),
    "people.add_stakeholder": lambda c: people.add_stakeholder(
        c.uow(), Stakeholder(c.pid, "Ann Newman", Side.THEIRS)),
    "people.update_stakeholder": lambda c: people.update_stakeholder(
        c.uow(), dataclasses.replace(c.theirs, role="Chief of staff")),
    "people.remove_stakeholder": lambda c: people.remove_stakeholder(c.uow(), c.theirs.id),
    "people.restore_stakeholder": lambda c: people.restore_stakeholder(
        c.uow(), people.StakeholderRemoval(_no_id(c.theirs), (), ())),
    "people.add_tie": lambda c: people.add_tie(c.uow(), Tie(c.pid, c.ours.id, c.theirs.id)),
    "people.restore_tie": lambda c: people.restore_tie(
        c.uow(), Tie(c.pid, c.ours.id, c.theirs.id, Strength.STRONG)),
    "people.update_tie": lambda c: people.update_tie(c.uow(), dataclasses.replace(
        c.record.ties[0], strength=next(s for s in Strength if s != c.record.ties[0].strength))),
    "people.remove_tie": lambda c: people.remove_tie(c.uow(), c.record.ties[0].id),
    "value.record_exchange": lambda c: value.record_exchange(
        c.uow(), ValueExchange(c.pid, Side.THEIRS, "An introduction", 50)),
    "value.restore_exchange": lambda c: value.restore_exchange(c.uow(),
                                                               _no_id(c.record.value[0])),
    "value.update_exchange": lambda c: value.update_exchange(
        c.uow(), dataclasses.replace(c.record.value[0], what="Something else")),
    "value.remove_exchange": lambda c: value.remove_exchange(c.uow(), c.record.value[0].id),
    "portfolio_io.import_records": lambda c: portfolio_io.import_records(
        c.uow(), [dataclasses.replace(c.renamed("Imported"))]),
    "portfolio_io.import_json": lambda c: portfolio_io.import_json(c.uow(),
                                                                   c.json_file("From JSON")),
    "portfolio_settings.update_settings": lambda c: portfolio_settings.update_settings(
        c.uow(), name="The team's alliances", currency="EUR"),
    "history.prune_history": lambda c: history.prune_history(
        c.uow(), now=dt.datetime(2100, 1, 1)),  # every entry is older than a year by then
    "spreadsheet_import.import_plan": lambda c: spreadsheet_import.import_plan(
        c.uow(), spreadsheet_import.plan_import(
            c.uow(), spreadsheet_import.read_sheet(c.sheet("Planned Sheet")))),
    "spreadsheet_import.import_spreadsheet": lambda c: spreadsheet_import.import_spreadsheet(
        c.uow(), c.sheet("Whole Sheet")),
}


# The same calls as an editor's app makes them after loading the records: with the version
# each was loaded at (the updates above carry it in the record already), so a record someone
# else has changed since is stale for them.
LOADED_VERSIONS = {
    "checklist.tick_item": lambda c: checklist.tick_item(c.uow(), c.item().id, True, TODAY,
                                                         c.item().version),
    "checklist.remove_item": lambda c: checklist.remove_item(c.uow(), c.item().id,
                                                             c.item().version),
    "differences.remove_difference": lambda c: differences.remove_difference(
        c.uow(), c.record.differences[0].id, c.record.differences[0].version),
    "editing.remove_child": lambda c: editing.remove_child(
        c.uow(), "value", c.record.value[0].id, c.record.value[0].version),
    "health.remove_check": lambda c: health.remove_check(c.uow(), c.record.health[0].id,
                                                         c.record.health[0].version),
    "meetings.remove_meeting": lambda c: meetings.remove_meeting(
        c.uow(), c.record.meetings[0].id, c.record.meetings[0].version),
    "meetings.complete_action": lambda c: meetings.complete_action(
        c.uow(), c.record.actions[0].id, not c.record.actions[0].done, TODAY,
        c.record.actions[0].version),
    "meetings.remove_action": lambda c: meetings.remove_action(
        c.uow(), c.record.actions[0].id, c.record.actions[0].version),
    "partners.move_to_stage": lambda c: partners.move_to_stage(
        c.uow(), c.pid, Stage.EXIT, confirmed=True, today=TODAY,
        version=c.record.partner.version),
    "partners.remove_partner": lambda c: partners.remove_partner(
        c.uow(), c.other.partner.id, c.other.partner.version),
    "people.remove_stakeholder": lambda c: people.remove_stakeholder(c.uow(), c.theirs.id,
                                                                     c.theirs.version),
    "people.remove_tie": lambda c: people.remove_tie(c.uow(), c.record.ties[0].id,
                                                     c.record.ties[0].version),
    "value.remove_exchange": lambda c: value.remove_exchange(c.uow(), c.record.value[0].id,
                                                             c.record.value[0].version),
    "portfolio_settings.update_settings": lambda c: portfolio_settings.update_settings(
        c.uow(), name="The team's alliances", loaded=c.settings),
}

# Someone names the portfolio after a reader loaded its settings (stale for them too).
NAMED = ("INSERT INTO portfolio_settings (key, value, version, changed_by, changed_at) "
         "VALUES ('name', 'Ann''s alliances', 1, 'ann', CURRENT_TIMESTAMP) ON CONFLICT (key) "
         "DO UPDATE SET value = excluded.value, version = portfolio_settings.version + 1")

# Services that commit, but never into the portfolio a reader has open: opening one (which
# trims the change history only when it opens for writing, and a reader's opening is
# read-only) and creating or copying into another, new portfolio (a reader may copy a team
# portfolio to a file: that is how it goes on a plane; see test_a_reader_may_open_and_copy
# in test_server_roles_raw.py).
ELSEWHERE = {
    "opening.open_portfolio", "portfolio.open_for_import",
    "portfolio.new_portfolio", "portfolio.init_portfolio", "portfolio.write_sample",
    "copying.copy_portfolio", "copying.fill_new_team_portfolio",
    "opening.opening_work", "opening.start_opening",  # the window's open_portfolio
}
# Refused by the server without a sentence on purpose: a team may keep its editors from
# deleting history, and pruning then waits for someone who may (nothing is deleted: 0).
QUIET_WHEN_REFUSED = {"history.prune_history": 0}


def test_every_writing_service_has_a_call_a_reader_must_be_refused():
    found = writing_services()
    assert "partners.add_partner" in found and "health.restore_check" in found
    assert "partners.list_partners" not in found  # a reading service is not one
    assert ELSEWHERE <= found, "ELSEWHERE lists services that do not write any more"
    found -= ELSEWHERE
    missing = sorted(found - set(WRITES))
    assert not missing, (f"{missing} commit a unit of work: add a call for each to WRITES in "
                         "tests/team/test_reader_cannot_write.py, so a reader is proved unable "
                         "to use it")
    assert not sorted(set(WRITES) - found), "WRITES lists services that do not write any more"


def context(uow, folder: Path) -> Context:
    with (u := uow()):
        records = {r.partner.name: r for r in u.load_records()}
    record, other = records["Helix & Stone Consulting"], records["Datastrom"]
    tied = {(t.ours_id, t.theirs_id) for t in record.ties}
    ours, theirs = next(
        (o, t) for o in record.stakeholders if o.side is Side.OURS
        for t in record.stakeholders if t.side is Side.THEIRS and (o.id, t.id) not in tied)
    return Context(uow, folder, record, other, ours, theirs,
                   portfolio_settings.read_settings(uow()))


# One line that says why (the portfolio is read-only, or the server refused) and that nothing
# was saved: not a validation error, not a traceback, not a raw driver message.
REFUSAL = re.compile(r"[^\n]{0,240}\b(read-only|only read|refused)\b[^\n]{0,160}"
                     r"not saved\.")
CHANGES = re.compile(r"\s*(INSERT|UPDATE|DELETE|MERGE|TRUNCATE|CREATE|ALTER|DROP|GRANT|"
                     r"SELECT\s+(setval|nextval))\b", re.IGNORECASE)


@pytest.mark.parametrize("who_refuses", ["the app", "the server"])
def test_a_reader_is_refused_every_write_and_nothing_changes(postgres_server, shared_portfolio,
                                                            tmp_path, who_refuses):
    from sqlalchemy import event

    database = shared_portfolio.owner.database
    before = dump(postgres_server, database)
    with open_portfolio(shared_portfolio.reader) as portfolio:
        assert portfolio.read_only and portfolio.is_team
        engine = portfolio.storage.engine if hasattr(portfolio, "storage") else \
            portfolio.storage.engine
        sent = []
        event.listen(engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_a: sent.append(statement))
        if who_refuses == "the app":
            uow = portfolio.uow
        else:  # as if the app's read-only flag had a bug: only the server stands in the way
            uow = lambda: UnitOfWork(engine)  # noqa: E731
        c = context(uow, tmp_path)
        not_refused = {}
        for name, call in WRITES.items():
            try:
                result = call(c)
            except PlannerError as error:
                if not REFUSAL.fullmatch(str(error)):
                    not_refused[name] = str(error)
            else:
                if not (name in QUIET_WHEN_REFUSED and who_refuses == "the server"
                        and result == QUIET_WHEN_REFUSED[name]):
                    not_refused[name] = f"done: {result!r}"[:200]
        assert not not_refused
        changes = [s for s in sent if CHANGES.match(s)]
        if who_refuses == "the app":
            assert changes == []  # refused before a single change was sent to the server
        else:  # each one reached the server, which said no; or the app asked the server
            # whether this login may change the table before refusing it for another reason
            # (restoring a partner whose id is taken)
            asked = [s for s in sent if "has_table_privilege" in s]
            assert len(changes) + len(asked) >= len(WRITES)
    assert dump(postgres_server, database) == before


def _someone_changes_everything(server, database: str, value_id: int) -> None:
    """An editor saves every record of the portfolio once more and removes one value
    exchange: whatever a reader loaded before is stale now, or gone."""
    tables = [row[0] for row in server.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND column_name = 'version'", database=database)]
    assert "partners" in tables and "portfolio_settings" in tables
    server.execute(*(f"UPDATE {table} SET version = version + 1, changed_by = 'ann'"
                     for table in tables),
                   f"DELETE FROM value_exchanges WHERE id = {value_id}", NAMED,
                   database=database)


@pytest.mark.parametrize("who_refuses", ["the app", "the server"])
def test_a_reader_over_a_stale_record_is_told_they_may_only_read(
        postgres_server, shared_portfolio, tmp_path, who_refuses):
    """Not that someone else changed or removed it: a reload would not let them save."""
    database = shared_portfolio.owner.database
    with open_portfolio(shared_portfolio.reader) as portfolio:
        engine = portfolio.storage.engine if hasattr(portfolio, "storage") else \
            portfolio._file.engine
        uow = portfolio.uow if who_refuses == "the app" else lambda: UnitOfWork(engine)
        c = context(uow, tmp_path)  # the reader loads the records...
        _someone_changes_everything(postgres_server, database, c.record.value[0].id)
        before = dump(postgres_server, database)  # ...then an editor changes every one
        told = {}
        for name, call in {**WRITES, **LOADED_VERSIONS}.items():
            try:
                result = call(c)
            except PlannerError as error:
                if not REFUSAL.fullmatch(str(error)):
                    told[name] = str(error)
            else:
                if not (name in QUIET_WHEN_REFUSED and who_refuses == "the server"
                        and result == QUIET_WHEN_REFUSED[name]):
                    told[name] = f"done: {result!r}"[:200]
        assert told == {}
    assert dump(postgres_server, database) == before


def test_a_file_opened_read_only_is_refused_every_write_too(tmp_path):
    import hashlib

    path = tmp_path / "portfolio.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with open_portfolio(path, read_only=True) as portfolio:
        c = context(portfolio.uow, tmp_path)
        outcomes = {}
        for name, call in WRITES.items():
            try:
                outcomes[name] = f"done: {call(c)!r}"[:200]
            except PlannerError as error:
                if not REFUSAL.fullmatch(str(error)):
                    outcomes[name] = str(error)
        assert outcomes == {}
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_file_opened_read_only_over_stale_records_says_it_is_read_only(tmp_path):
    """A window following a file read-only while the writer's window changes everything."""
    import hashlib
    import sqlite3

    path = tmp_path / "portfolio.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
    with open_portfolio(path, read_only=True) as portfolio:
        c = context(portfolio.uow, tmp_path)
        with open_portfolio(path) as writer, writer.uow() as uow:
            tables = [t for (t,) in uow.session.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'table'")) if "version" in
                [column[1] for column in uow.session.execute(text(f"PRAGMA table_info({t})"))]]
        connection = sqlite3.connect(path)
        with connection:
            for table in tables:
                connection.execute(f"UPDATE {table} SET version = version + 1")
            connection.execute("DELETE FROM value_exchanges WHERE id = ?",
                               (c.record.value[0].id,))
            connection.execute(NAMED)
        connection.close()
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        told = {}
        for name, call in {**WRITES, **LOADED_VERSIONS}.items():
            try:
                told[name] = f"done: {call(c)!r}"[:200]
            except PlannerError as error:
                if not REFUSAL.fullmatch(str(error)):
                    told[name] = str(error)
        assert told == {}
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_reader_sees_everything(shared_portfolio):
    with open_portfolio(shared_portfolio.reader) as portfolio:
        names = [p.name for p in partners.list_partners(portfolio.uow())]
        assert len(names) == 8
        assert len(partners.portfolio_overview(portfolio.uow(), TODAY)) == 8
        assert portfolio_settings.read_settings(portfolio.uow()).currency
        document = portfolio_io.export_document(portfolio.uow())
        assert len(document["partners"]) == 8
    report = check_portfolio(shared_portfolio.reader)
    assert report.healthy and report.counts["partners"] == 8
