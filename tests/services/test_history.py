"""Who did what: every change to a partner's records is recorded by the storage layer, on both
engines, with who, when and the old and new value of each changed field; the history is
bounded by the portfolio's retention setting."""

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import text

from planner.domain.errors import InvalidValue
from planner.domain.model import (
    Area,
    Difference,
    HealthCheck,
    HealthScore,
    Meeting,
    Partner,
    PartnerRecord,
    Side,
    Stakeholder,
)
from planner.services import differences, health, meetings, partners, people, portfolio_io
from planner.services.history import partner_history, people_in_history, prune_history
from planner.services.portfolio import open_portfolio
from planner.services.portfolio_settings import read_settings, update_settings
from planner.storage.models import current_user


def who(portfolio) -> str:
    """The OS user on a file, the database user on a team portfolio."""
    return portfolio.location.user if portfolio.is_team else current_user()


def sql(portfolio, statement: str, **values):
    uow = portfolio.uow()
    with uow:
        result = uow.session.execute(text(statement), values)
        rows = result.all() if result.returns_rows else result.rowcount
        uow.commit()
    return rows


def note(partner, area):
    return Difference(partner.id, area, ours="We decide fast")


def fields(entry) -> dict[str, tuple[str, str]]:
    return {f.field: (f.old, f.new) for f in entry.fields}


def test_create_update_and_delete_are_recorded_with_old_and_new_values(portfolio, acme):
    d = differences.record_difference(portfolio.uow(), Difference(
        acme.id, Area.BUSINESS_MODEL, ours="We bill monthly", theirs="They pay per project"))
    differences.update_difference(portfolio.uow(), dataclasses.replace(
        d, management="Agree a quarterly invoice run", agreed_with_partner=True))
    differences.remove_difference(portfolio.uow(), d.id)

    removed, changed, added, partner_added = partner_history(portfolio.uow(), acme.id)[:4]
    assert {e.by for e in (removed, changed, added)} == {who(portfolio)}
    assert (added.kind, added.summary) == ("create", "Added difference 'Business model'")
    assert fields(added)["how we work"] == ("", "We bill monthly")
    assert fields(added)["how they work"] == ("", "They pay per project")
    assert (changed.kind, changed.summary) == ("update", "Changed difference 'Business model'")
    assert fields(changed) == {"agreed way to manage it": ("", "Agree a quarterly invoice run"),
                               "agreed with the partner": ("no", "yes")}
    assert (removed.kind, removed.summary) == ("delete", "Removed difference 'Business model'")
    assert fields(removed)["agreed way to manage it"] == ("Agree a quarterly invoice run", "")
    # adding the partner added its checklist: one entry says both
    assert partner_added.summary.startswith("Added partner 'Acme' and ")
    assert partner_added.summary.endswith(" checklist items")
    assert fields(partner_added)["organisation"] == ("", "Acme Ltd")
    assert all(e.at <= dt.datetime.now(dt.UTC).replace(tzinfo=None) for e in (added, removed))


def test_a_meeting_reads_as_its_date_and_an_unchanged_save_records_nothing(portfolio, acme):
    m = meetings.record_meeting(portfolio.uow(), Meeting(acme.id, dt.date(2026, 5, 3),
                                                         place="Leeds"))
    meetings.update_meeting(portfolio.uow(), m)  # saved as it was
    meetings.update_meeting(portfolio.uow(), dataclasses.replace(
        m, date=dt.date(2026, 5, 4), moment_of_truth=True))
    changed, added = partner_history(portfolio.uow(), acme.id)[:2]
    assert added.summary == "Added meeting on 3 May 2026"
    assert changed.summary == "Changed meeting on 4 May 2026"
    assert fields(changed) == {"date": ("3 May 2026", "4 May 2026"),
                               "moment of truth": ("no", "yes")}


def test_partner_fields_in_the_domains_words(portfolio, acme):
    partners.update_partner(portfolio.uow(), dataclasses.replace(
        acme, definition="Joint cloud offer", tags=("cloud", "emea")))
    (latest, *_rest) = partner_history(portfolio.uow(), acme.id)
    assert latest.summary == "Changed partner 'Acme'"
    assert fields(latest) == {"shared definition": ("", "Joint cloud offer"),
                              "tags": ("", "cloud, emea")}


def test_removing_a_partner_records_it_and_what_went_with_it(portfolio, acme):
    meetings.record_meeting(portfolio.uow(), Meeting(acme.id, dt.date(2026, 5, 3)))
    record = partners.remove_partner(portfolio.uow(), acme.id)
    (removed, *_rest) = partner_history(portfolio.uow(), acme.id)
    assert removed.kind == "delete" and removed.by == who(portfolio)
    assert removed.summary.startswith("Removed partner 'Acme' and ")
    assert "1 meeting" in removed.summary
    raw = sql(portfolio, "SELECT table_name FROM changes WHERE kind = 'delete' "
                         "AND partner_id = :p", p=acme.id)
    assert {"partners", "meetings", "checklist_items"} <= {r[0] for r in raw}
    partners.restore_partner(portfolio.uow(), record)  # undo: the partner comes back
    (restored, *_rest) = partner_history(portfolio.uow(), acme.id)
    assert restored.summary == "Added partner 'Acme'"


def test_an_import_records_each_partner_not_each_of_its_parts(portfolio, tmp_path):
    document = tmp_path / "in.json"
    with open_portfolio(tmp_path / "source.sqlite", create=True) as source:
        p = partners.add_partner(source.uow(), Partner("Globex"))
        meetings.record_meeting(source.uow(), Meeting(p.id, dt.date(2026, 1, 2)))
        portfolio_io.export_json(source.uow(), document)
    portfolio_io.import_json(portfolio.uow(), document)
    (globex,) = [x for x in partners.list_partners(portfolio.uow()) if x.name == "Globex"]
    assert [e.summary for e in partner_history(portfolio.uow(), globex.id)] == [
        "Added partner 'Globex'"]
    assert sql(portfolio, "SELECT count(*) FROM change_context")[0][0] == 0
    # and what follows the import in later transactions is recorded in full again
    differences.record_difference(portfolio.uow(), note(globex, Area.CULTURE))
    assert partner_history(portfolio.uow(), globex.id)[0].summary == \
        "Added difference 'Culture'"


def test_the_context_row_is_never_committed(portfolio, acme):
    differences.record_difference(portfolio.uow(), note(acme, Area.POLICY))
    assert sql(portfolio, "SELECT count(*) FROM change_context")[0][0] == 0


def test_changes_made_outside_the_app_are_recorded(portfolio, acme):
    sql(portfolio, "UPDATE partners SET notes = 'edited by hand' WHERE id = :p", p=acme.id)
    (latest, *_rest) = partner_history(portfolio.uow(), acme.id)
    assert fields(latest) == {"notes": ("", "edited by hand")}
    # a file has no login: the row's last editor; a server names its database user
    assert latest.by == who(portfolio)


def test_history_can_be_filtered_by_person(portfolio, acme, monkeypatch):
    if portfolio.is_team:
        pytest.skip("two database users: see tests/team/test_team_history.py")
    differences.record_difference(portfolio.uow(), note(acme, Area.CULTURE))
    monkeypatch.setattr("planner.storage.history.current_user", lambda: "bea")
    monkeypatch.setattr("planner.storage.models.current_user", lambda: "bea")
    differences.record_difference(portfolio.uow(), note(acme, Area.POLICY))
    assert people_in_history(portfolio.uow(), acme.id) == sorted(
        {current_user(), "bea"}, key=str.casefold)
    assert [e.summary for e in partner_history(portfolio.uow(), acme.id, person="bea")] == [
        "Added difference 'Policy'"]
    mine = partner_history(portfolio.uow(), acme.id, person=current_user())
    assert "Added difference 'Culture'" in [e.summary for e in mine]
    assert "Added difference 'Policy'" not in [e.summary for e in mine]


def age(portfolio, days: int, label: str) -> None:
    sql(portfolio, "UPDATE changes SET changed_at = :at WHERE label = :label",
        at=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        - dt.timedelta(days=days), label=label)


def test_retention_prunes_older_entries_and_keeps_newer(portfolio, acme):
    assert read_settings(portfolio.uow()).history_days == 365
    for area, days in ((Area.CULTURE, 400), (Area.POLICY, 40), (Area.PROCESS, 20)):
        differences.record_difference(portfolio.uow(), note(acme, area))
        age(portfolio, days, area.value)

    def shown():
        return {e.summary for e in partner_history(portfolio.uow(), acme.id)}

    assert "Added difference 'Culture'" not in shown()  # past the default year: not shown
    assert prune_history(portfolio.uow()) == 1  # and let go
    assert {"Added difference 'Policy'", "Added difference 'Process'"} <= shown()
    update_settings(portfolio.uow(), history_days=30)  # a shorter retention prunes at once
    assert read_settings(portfolio.uow()).history_days == 30
    assert "Added difference 'Policy'" not in shown()
    assert "Added difference 'Process'" in shown()
    remaining = sql(portfolio, "SELECT label FROM changes WHERE table_name = 'differences'")
    assert sorted(r[0] for r in remaining) == ["process"]


def test_opening_for_writing_prunes_and_reading_does_not(any_location):
    with open_portfolio(any_location, create=True) as portfolio:
        acme = partners.add_partner(portfolio.uow(), Partner("Acme"))
        differences.record_difference(portfolio.uow(), note(acme, Area.CULTURE))
        age(portfolio, 400, "culture")
    with open_portfolio(any_location, read_only=True) as portfolio:
        assert len(sql_read(portfolio, "SELECT id FROM changes WHERE label = 'culture'")) == 1
    with open_portfolio(any_location) as portfolio:
        assert sql_read(portfolio, "SELECT id FROM changes WHERE label = 'culture'") == []
        assert partner_history(portfolio.uow(), acme.id)  # the partner's own entry stays


def sql_read(portfolio, statement):
    uow = portfolio.uow()
    with uow:
        return uow.session.execute(text(statement)).all()


@pytest.mark.parametrize("days", [0, -1, 3651, True, "30"])
def test_a_retention_outside_the_range_is_refused(portfolio, days):
    with pytest.raises(InvalidValue, match="Keep the history for 1 to 3650 days"):
        update_settings(portfolio.uow(), history_days=days)
    assert read_settings(portfolio.uow()).history_days == 365


def test_fields_are_stored_as_old_and_new_pairs(portfolio, acme):
    partners.update_partner(portfolio.uow(), dataclasses.replace(acme, owner="Dana"))
    (stored,) = sql(portfolio, "SELECT fields, kind, table_name, record_id FROM changes "
                               "ORDER BY id DESC LIMIT 1")
    value = stored[0] if isinstance(stored[0], dict) else json.loads(stored[0])
    assert value == {"owner": ["", "Dana"]}
    assert tuple(stored[1:]) == ("update", "partners", acme.id)


def test_a_partner_record_keeps_working_with_history(portfolio, acme):
    """The whole-record bulk path (undo of a removal) still stores every part."""
    record = partners.partner_record(portfolio.uow(), acme.id)
    assert isinstance(record, PartnerRecord) and record.checklist


def test_who_attended_a_meeting_is_a_field_of_the_meeting(portfolio, acme):
    ann = people.add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Ann Lee", Side.OURS))
    bob = people.add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Bob Ray"))
    m = meetings.record_meeting(portfolio.uow(), Meeting(acme.id, dt.date(2026, 5, 3),
                                                         attendee_ids=(ann.id,)))
    (added, *_rest) = partner_history(portfolio.uow(), acme.id)
    assert added.summary == "Added meeting on 3 May 2026"  # one entry, attendees in it
    assert ("attendee", "", "Ann Lee") in [(f.field, f.old, f.new) for f in added.fields]
    m = meetings.update_meeting(portfolio.uow(), dataclasses.replace(m, attendee_ids=(bob.id,)))
    (changed, *_rest) = partner_history(portfolio.uow(), acme.id)
    assert changed.summary == "Changed meeting on 3 May 2026"
    assert sorted((f.field, f.old, f.new) for f in changed.fields) == [
        ("attendee", "", "Bob Ray"), ("attendee", "Ann Lee", "")]
    meetings.update_meeting(portfolio.uow(), dataclasses.replace(m, attendee_ids=(bob.id,)))
    assert partner_history(portfolio.uow(), acme.id)[0] == changed  # saved as it was


def test_a_moved_health_score_is_a_field_of_its_check(portfolio, acme):
    keys = [d.key for d in health.dimensions()]
    scores = tuple(HealthScore(k, 3) for k in keys)
    check = health.record_check(portfolio.uow(), HealthCheck(acme.id, dt.date(2026, 5, 3),
                                                             scores))
    moved = (HealthScore(keys[0], 4, 2), *scores[1:])
    health.update_check(portfolio.uow(), dataclasses.replace(check, scores=moved))
    (changed, added, *_rest) = partner_history(portfolio.uow(), acme.id)
    assert added.summary == "Added health check on 3 May 2026"
    assert changed.summary == "Changed health check on 3 May 2026"
    (field,) = changed.fields
    assert field.field.endswith(" score") and (field.old, field.new) == (
        "ours 3", "ours 4, theirs 2")
    health.remove_check(portfolio.uow(), check.id)
    (removed, *_rest) = partner_history(portfolio.uow(), acme.id)
    assert removed.summary == "Removed health check on 3 May 2026"
    assert all(not f.field.endswith(" score") for f in removed.fields)
