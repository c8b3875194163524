"""A real migration: a portfolio written by the first schema revision, opened by today's app.

tests/fixtures/portfolio-revision-0001.sqlite holds the sample portfolio in the schema of
revision 0001 only (tests/fixtures/make_revision_0001.py wrote it). Opening a copy for
writing runs every later migration for real; every partner and everything it holds survives.
The same rows in a database on the test server at revision 0001 migrate to the same portfolio
on PostgreSQL; the backup before a migration is a file's own (a server keeps its own backups).
"""

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from planner.services import backups, partners, portfolio_io, portfolio_settings, search
from planner.services.portfolio import check_portfolio, open_portfolio
from planner.storage.database import head_revision

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "portfolio-revision-0001.sqlite"


def stored_revision(path):
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def old_file(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURE, path)
    os.chmod(path, 0o600)
    return path


def test_the_fixture_is_at_the_first_revision_and_not_head():
    assert stored_revision(FIXTURE) == "0001" != head_revision()


def test_opening_a_first_revision_file_migrates_it_to_head_and_keeps_everything(old_file,
                                                                                tmp_path):
    # What the old file holds, read with plain SQL at revision 0001 (the sample has changed
    # since the fixture was written, so the old file itself is the reference).
    old = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        tables = ("partners", "stakeholders", "ties", "differences", "meetings", "actions",
                  "value_exchanges", "health_checks", "health_scores", "checklist_items")
        expected_counts = {t: old.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                           for t in tables}
        expected_texts = {(name, notes) for name, notes in
                          old.execute("SELECT name, notes FROM partners")}
        expected_items = sorted(old.execute("SELECT text, done FROM checklist_items"))
    finally:
        old.close()

    seen = []
    with open_portfolio(old_file, before_migration=seen.append) as portfolio:
        migrated = portfolio_io.export_document(portfolio.uow())
        # What later revisions added works on the old data: the search index (0002) was
        # filled from it, and the portfolio settings (0003) read their defaults.
        helix = partners.find_partner(portfolio.uow(), "Helix & Stone Consulting")
        assert helix.id in {h.partner_id for h in search.search(portfolio.uow(), "Helix")}
        portfolio_settings.update_settings(portfolio.uow(), name="Alliances", currency="GBP")
        assert portfolio_settings.read_settings(portfolio.uow()) == \
            portfolio_settings.PortfolioSettings("Alliances", "GBP")
        assert len(partners.list_partners(portfolio.uow())) == 8
    assert seen == ["0001"]
    assert {(p["name"], p["notes"]) for p in migrated["partners"]} == expected_texts
    assert sorted((i["text"], int(i["done"])) for p in migrated["partners"]
                  for i in p["checklist"]) == expected_items
    counts = check_portfolio(old_file).counts
    assert {t: counts[t] for t in tables} == expected_counts
    assert stored_revision(old_file) == head_revision()
    report = check_portfolio(old_file)
    assert report.healthy and report.schema == head_revision()


def test_the_migration_is_preceded_by_a_backup_of_the_old_file(old_file):
    before = old_file.read_bytes()
    with open_portfolio(old_file):
        pass
    [backup] = [b for b in backups.list_backups(old_file) if b.reason == "migration"]
    assert stored_revision(backup.path) == "0001"
    assert backup.partners == 8
    assert check_portfolio(backup.path).counts == check_portfolio(FIXTURE).counts
    assert old_file.read_bytes() != before  # the file itself was upgraded


def test_a_first_revision_database_on_a_server_migrates_to_head_like_the_file(old_file,
                                                                              team_location):
    """The same portfolio at revision 0001 in a database on the test server (Alembic to 0001,
    then the fixture's rows): opening it runs every later migration on PostgreSQL, and what
    comes out is what the file's migration made, to the byte of its export, its counts and
    what a search finds (the index built from rows that were there before it)."""
    from tests.storage.old_revisions import build_at, copy_file_rows, revision_of

    build_at(team_location, "0001")
    copy_file_rows(FIXTURE, team_location)
    assert revision_of(team_location) == "0001"
    queries = ("helix", "a", "pilot", "chloé", "fernandez", "legacy", "review")
    found = {}
    for location in (old_file, team_location):
        seen = []
        with open_portfolio(location, before_migration=seen.append) as portfolio:
            assert seen == ["0001"]
            document = portfolio_io.dump_document(portfolio_io.export_document(portfolio.uow()))
            hits = {q: sorted((h.partner_id, h.part) for h in search.search(
                portfolio.uow(), q, limit=1000)) for q in queries}
        report = check_portfolio(location)
        assert report.healthy and report.schema == head_revision(), report.problems
        found[location] = document, hits, report.counts
    (file_document, file_hits, file_counts), (team_document, team_hits, team_counts) = (
        found[old_file], found[team_location])
    assert team_document == file_document
    assert team_hits == file_hits and file_hits["helix"] and file_hits["a"]
    assert team_counts == file_counts
    assert revision_of(team_location) == head_revision()
