"""The edges of judging a WAL left beside a portfolio, on WALs SQLite itself wrote: its frames
read back with their checksummed header, a WAL kept aside never over another name (and refused
once every name is taken), a private copy made and removed."""

import datetime as dt
import sqlite3

import pytest

from planner.storage import wal_files

NOW = dt.datetime(2026, 6, 1, 9, 30, 5, tzinfo=dt.UTC)


@pytest.fixture
def live_wal(tmp_path):
    """A database whose writer is still open, with two committed transactions in its WAL."""
    path = tmp_path / "portfolio.sqlite"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.execute("INSERT INTO t VALUES (?)", ("a" * 3000,))
    yield path
    connection.close()


def test_a_wal_sqlite_wrote_is_read_back_frame_by_frame(live_wal):
    wal = wal_files.wal_path(live_wal).read_bytes()
    page_size = sqlite3.connect(live_wal).execute("PRAGMA page_size").fetchone()[0]
    frames = wal_files.committed_frames(wal, page_size)
    assert frames, "the header's checksum and the frames' salts are SQLite's"
    assert [offset for _page, offset in frames] == [
        wal_files.WAL_HEADER + wal_files.FRAME_HEADER + i * (wal_files.FRAME_HEADER + page_size)
        for i in range(len(frames))]
    assert {page for page, _offset in frames} >= {1, 2}
    assert wal_files.salts(live_wal) == wal[16:24].hex()
    assert wal_files.committed_frames(wal, page_size * 2) is None  # another page size
    damaged = wal[:24] + bytes(8) + wal[32:]  # the header's checksum wrong
    assert wal_files.committed_frames(damaged, page_size) is None


def test_a_kept_aside_wal_takes_the_next_free_name_with_its_index(tmp_path):
    path = tmp_path / "portfolio.sqlite"
    wal_files.wal_path(path).write_bytes(b"frames")
    wal_files.shm_path(path).write_bytes(b"index")
    taken = tmp_path / "portfolio.sqlite-wal.kept-aside-2026-06-01T093005Z"
    taken.write_bytes(b"an earlier one")
    aside = wal_files.keep_aside(path, NOW)
    assert aside.name == "portfolio.sqlite-wal.kept-aside-2026-06-01T093005Z-2"
    assert aside.read_bytes() == b"frames" and taken.read_bytes() == b"an earlier one"
    assert (tmp_path / "portfolio.sqlite-shm.kept-aside-2026-06-01T093005Z-2").read_bytes() == \
        b"index"
    assert not wal_files.wal_path(path).exists() and not wal_files.shm_path(path).exists()


def test_when_every_name_is_taken_the_wal_stays_where_it_is(tmp_path):
    path = tmp_path / "portfolio.sqlite"
    wal_files.wal_path(path).write_bytes(b"frames")
    base = "portfolio.sqlite-shm.kept-aside-2026-06-01T093005Z"
    for n in range(1, 1000):
        (tmp_path / (base + (f"-{n}" if n > 1 else ""))).write_bytes(b"")
    with pytest.raises(OSError) as refused:
        wal_files.keep_aside(path, NOW)
    # the end of the sentence the user gets (database.settle_wal_for_writing)
    assert str(refused.value) == "no free name to keep the WAL aside"
    assert wal_files.wal_path(path).read_bytes() == b"frames"


def test_a_private_copy_holds_the_file_and_its_wal_and_goes_away_whole(live_wal):
    copy = wal_files.private_copy(live_wal)
    assert copy.parent != live_wal.parent and copy.parent.name.startswith("planner-replay-")
    assert copy.read_bytes() == live_wal.read_bytes()
    assert wal_files.wal_path(copy).read_bytes() == wal_files.wal_path(live_wal).read_bytes()
    wal_files.remove_private_copy(copy)
    assert not copy.parent.exists()
    wal_files.remove_private_copy(copy)  # already gone: nothing to say


def test_a_restarted_wal_ends_where_the_older_generations_frames_begin(tmp_path):
    """After a checkpoint that restarts it, SQLite writes the WAL over from its start with new
    salts and leaves the old generation's frames (commits among them) behind the new ones:
    only the new transaction's frame is replayed."""
    path = tmp_path / "portfolio.sqlite"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("CREATE TABLE t (x TEXT)")
    for _ in range(6):
        connection.execute("INSERT INTO t VALUES (?)", ("a" * 3000,))
    assert connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()[0] == 0
    old_size = wal_files.wal_path(path).stat().st_size
    connection.execute("INSERT INTO t VALUES ('b')")
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    wal = wal_files.wal_path(path).read_bytes()
    connection.close()
    assert len(wal) == old_size > wal_files.WAL_HEADER + 2 * (wal_files.FRAME_HEADER + page_size)
    frames = wal_files.committed_frames(wal, page_size)
    assert [offset for _page, offset in frames] == [wal_files.WAL_HEADER + wal_files.FRAME_HEADER]
