"""A writer's WAL is written home only after the lock file records its generation.

SQLite's automatic checkpoint runs inside a commit, before the app can note which WAL
generation it wrote: a kill right there (seen in test_crash_spreadsheet) left committed pages
half copied into the file beside a WAL nobody recorded, which the next opening rightly does
not replay, so the file read as malformed. The writer checkpoints itself after each note.
"""

import sqlite3

from planner.domain.model import Partner
from planner.services import partners
from planner.services.portfolio import open_portfolio
from planner.storage import locking, wal_files


def partners_in_the_file_alone(path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM partners").fetchone()[0]
    finally:
        connection.close()


def test_the_writer_never_checkpoints_inside_a_commit(sample_path):
    with open_portfolio(sample_path) as portfolio:
        raw = portfolio.storage.engine.raw_connection()
        try:
            assert raw.driver_connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        finally:
            raw.close()


def test_a_growing_wal_is_written_home_after_its_generation_is_recorded(sample_path):
    long_notes = "A long note about the partner. " * 300  # about 9 KB
    with open_portfolio(sample_path) as portfolio:
        assert partners_in_the_file_alone(sample_path) == 8
        added = 0
        while partners_in_the_file_alone(sample_path) == 8:
            partners.add_partner(portfolio.uow(), Partner(f"Partner {added}", notes=long_notes))
            added += 1
            assert added < 2_000, "the WAL was never written home"
            # Whatever the WAL holds now is recorded as this writer's, so a kill from here
            # on leaves a WAL the next opening replays.
            assert locking.read_record(sample_path).get("wal") == wal_files.salts(sample_path)
