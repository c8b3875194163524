"""The search index follows every write, on both engines (FTS5 in a file, a tsvector on a
server), and the LIKE path a file falls back on finds by words too."""

import datetime as dt

import pytest

from planner.domain.model import (
    Action,
    Area,
    Difference,
    Level,
    Meeting,
    Partner,
    Side,
    Stakeholder,
)
from planner.services import meetings, partners, people, portfolio_io
from planner.services.differences import record_difference
from planner.services.portfolio import open_portfolio
from planner.storage import search as storage_search
from planner.storage.search import MARK_END, MARK_START, index_kind, search

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def portfolio(any_location):
    with open_portfolio(any_location, create=True) as p:
        yield p


@pytest.fixture(scope="module", params=["file", "team"])
def sample_portfolio(request, tmp_path_factory):
    """The sample, imported once per module and engine, for the tests that only search it."""
    if request.param == "team":
        location = request.getfixturevalue("module_team_portfolio_location")
    else:
        location = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    with open_portfolio(location, create=True) as p:
        portfolio_io.import_records(p.uow(), portfolio_io.sample_records(TODAY))
        yield p


def hits(portfolio, text, limit=50):
    uow = portfolio.uow()
    with uow:
        return search(uow, text, limit)


def add_people(portfolio):
    partner = partners.add_partner(portfolio.uow(), Partner("Northwind Logistics",
                                                            organisation="Northwind plc"))
    person = people.add_stakeholder(portfolio.uow(), Stakeholder(
        partner.id, "Ingrid Bergström", Side.THEIRS, Level.EXECUTIVE, role="Chief ambassador"))
    return partner, person


def test_a_new_portfolio_has_its_engines_index(portfolio):
    uow = portfolio.uow()
    with uow:
        assert index_kind(uow) == ("tsvector" if portfolio.is_team else "fts5")


def test_finds_a_stakeholder_by_a_word_prefix_and_accent_free(portfolio):
    partner, _ = add_people(portfolio)
    found = hits(portfolio, "bergstrom")
    assert [(h.partner_id, h.part, h.partner_name) for h in found] == [
        (partner.id, "stakeholder", "Northwind Logistics")]
    assert f"{MARK_START}Bergström{MARK_END}" in found[0].snippet
    assert [h.part for h in hits(portfolio, "ambass")] == ["stakeholder"]


def test_every_word_must_match_and_operators_are_plain_words(portfolio):
    add_people(portfolio)
    assert hits(portfolio, "ingrid nobody") == []
    assert hits(portfolio, 'ingrid OR "nobody') == []
    assert hits(portfolio, "   ") == []
    assert [h.part for h in hits(portfolio, "Ingrid AND")] == []


def test_edits_and_removals_keep_the_index_current(portfolio):
    partner, person = add_people(portfolio)
    people.update_stakeholder(portfolio.uow(), person.__class__(
        **{**person.__dict__, "name": "Ingrid Holm"}))
    assert hits(portfolio, "bergstrom") == []
    assert len(hits(portfolio, "holm")) == 1
    meeting = meetings.record_meeting(portfolio.uow(), Meeting(
        partner.id, TODAY, notes="Discussed the warehouse rollout", decisions="Pilot in Malmo"))
    meetings.add_action(portfolio.uow(), Action(partner.id, "Send the pilot plan",
                                                meeting_id=meeting.id))
    record_difference(portfolio.uow(), Difference(partner.id, Area.CULTURE,
                                                  ours="consensus", theirs="top-down"))
    assert {h.part for h in hits(portfolio, "pilot")} == {"decision", "action"}
    assert [h.part for h in hits(portfolio, "warehouse")] == ["meeting"]
    assert [h.part for h in hits(portfolio, "consensus")] == ["difference"]
    record = partners.remove_partner(portfolio.uow(), partner.id)  # cascades to every part
    assert hits(portfolio, "pilot") == [] and hits(portfolio, "holm") == []
    partners.restore_partner(portfolio.uow(), record)
    assert {h.part for h in hits(portfolio, "pilot")} == {"decision", "action"}


def test_a_partner_name_ranks_above_a_mention_in_notes(portfolio):
    partners.add_partner(portfolio.uow(), Partner("Alpha", notes="Works with Kestrel often"))
    partners.add_partner(portfolio.uow(), Partner("Kestrel Systems"))
    found = hits(portfolio, "kestrel")
    assert [h.partner_name for h in found] == ["Kestrel Systems", "Alpha"]
    assert found[0].rank > found[1].rank


def test_imported_sample_is_searchable_and_limit_is_kept(sample_portfolio):
    assert len(hits(sample_portfolio, "the", limit=5)) == 5
    assert hits(sample_portfolio, "helix")[0].partner_name == "Helix & Stone Consulting"


def test_the_like_fallback_finds_the_same_things(portfolio, monkeypatch):
    partner, _ = add_people(portfolio)
    monkeypatch.setattr(storage_search, "index_kind", lambda uow: "plain")
    found = hits(portfolio, "ingrid chief")
    assert [(h.partner_id, h.part) for h in found] == [(partner.id, "stakeholder")]
    assert f"{MARK_START}Ingrid{MARK_END}" in found[0].snippet
    assert hits(portfolio, "100%") == []


def test_a_portfolio_migrated_from_0001_gets_its_existing_text_indexed(tmp_path):
    """A file's own (its header, then Alembic to 0001); a server's 0001 migration with rows is
    test_migration_from_0001.py's, which compares what both engines' searches find."""
    from planner.storage import database

    path = tmp_path / "old.sqlite"
    database.create_owner_only(path)
    engine = database.make_engine(path)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {database.APPLICATION_ID}")
        from alembic import command

        command.upgrade(database.alembic_config(connection), "0001")
        connection.exec_driver_sql(
            "INSERT INTO partners (name, name_key, organisation, kind, definition, "
            "unique_result, stage, owner, review_place, tags, notes, version, changed_at, "
            "changed_by) VALUES ('Old Friend', 'old friend', '', 'horizontal', 'shared roadmap',"
            " '', 'courtship', '', '', '[\"legacy\"]', '', 1, '2026-01-01 00:00:00', 'me')")
    engine.dispose()
    with open_portfolio(path) as p:
        assert [h.partner_name for h in hits(p, "roadmap")] == ["Old Friend"]
        assert [h.partner_name for h in hits(p, "legacy")] == ["Old Friend"]


@pytest.mark.parametrize("text", ["the", "a", "pilot", "m", "partner", "s"])
def test_only_the_first_candidates_are_ranked_and_below_the_bound_nothing_changes(
        sample_portfolio, monkeypatch, text):
    """A common word or a first letter ranks a bounded set of candidates; on the sample,
    every query has fewer matches than the bound, so the hits are exactly the full ranking."""
    portfolio = sample_portfolio
    with portfolio.uow() as uow:
        default = search(uow, text)
        monkeypatch.setattr(storage_search, "CANDIDATES", 10**9)
        full = search(uow, text)
        monkeypatch.setattr(storage_search, "CANDIDATES", 3)
        bounded = search(uow, text)
    assert default == full and len(full) > 3
    assert 0 < len(bounded) <= 3 and set(bounded) <= set(search_all(portfolio, text))


def search_all(portfolio, text):
    with portfolio.uow() as uow:
        return search(uow, text, limit=10**6)
