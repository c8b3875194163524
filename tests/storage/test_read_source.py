"""Where a read-only window reads a portfolio (database.ReadSource), with real files and a
real lock: a private copy stands in for a crash's leftover WAL only until a writer opens the
file; from then on, and after that writer is gone, the file itself is read."""

import sqlite3
from urllib.parse import quote

from planner.storage import locking, wal_files
from planner.storage.database import ReadSource
from tests.storage.test_wal_judging import crash_leftover


def rows(source):
    connection = source.connect()
    try:
        return [name for (name,) in connection.execute("SELECT name FROM partners")]
    finally:
        connection.close()


def test_a_writer_opening_the_file_ends_the_private_copy_for_good(tmp_path):
    left = crash_leftover(tmp_path)
    source = ReadSource(left, private_copy=wal_files.private_copy(left))
    try:
        assert source.uri() == f"file:{quote(str(source.private_copy))}"
        assert rows(source) == ["Acme"]  # the leftover's commit, replayed on the copy
        lock = locking.acquire(left)
        writer = sqlite3.connect(left, isolation_level=None)  # replays the leftover itself
        writer.execute("INSERT INTO partners VALUES ('Borealis')")
        assert source.uri() == f"file:{quote(str(left))}?mode=ro"
        assert rows(source) == ["Acme", "Borealis"]
        writer.close()
        lock.release()
        assert source.uri() == f"file:{quote(str(left))}?mode=ro&immutable=1"  # not the copy again
        assert rows(source) == ["Acme", "Borealis"]
    finally:
        source.cleanup()
    assert not source.private_copy.parent.exists()
