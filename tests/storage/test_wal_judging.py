"""How a -wal that no live writer holds is judged (wal_files.judge), in this process so the
mutation run sees it: a crash's leftover that the lock recorded belongs (unless replaying it
would damage the file); anything else beside the file is foreign, with the reason why.

File-only: SQLite's -wal companions."""

import shutil
import sqlite3

import pytest

from planner.storage import wal_files


def crash_leftover(tmp_path, page_size=4096):
    """A file and its WAL as a writer killed after a commit leaves them: copied while the
    writer still holds them, its committed rows only in the WAL."""
    live = tmp_path / "live" / "p.sqlite"
    live.parent.mkdir()
    db = sqlite3.connect(live, isolation_level=None)
    db.execute(f"PRAGMA page_size={page_size}")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("CREATE TABLE partners (name TEXT)")
    db.execute("INSERT INTO partners VALUES ('Acme')")
    left = tmp_path / "left" / "p.sqlite"
    left.parent.mkdir()
    shutil.copyfile(live, left)
    shutil.copyfile(wal_files.wal_path(live), wal_files.wal_path(left))
    shutil.copyfile(wal_files.shm_path(live), wal_files.shm_path(left))
    db.close()
    return left


def recorded_for(path):
    st = path.stat()
    return {"file": [st.st_dev, st.st_ino],
            "wal": wal_files.wal_path(path).read_bytes()[16:24].hex()}


def no_problems(copy):
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT name FROM partners").fetchall() == [("Acme",)]
    db.close()
    return []


@pytest.mark.parametrize("page_size", [4096, 65536])  # 65536 is 1 in the file's header
def test_a_recorded_crash_leftover_belongs_to_its_file(tmp_path, page_size):
    left = crash_leftover(tmp_path, page_size)
    assert left.read_bytes()[16:18] == (b"\x00\x01" if page_size == 65536 else b"\x10\x00")
    assert wal_files.judge(left, no_problems, recorded_for(left)) == wal_files.Verdict("belongs")


def test_a_leftover_the_last_writer_did_not_record_is_foreign(tmp_path):
    left = crash_leftover(tmp_path)
    verdict = wal_files.judge(left, no_problems, {})
    assert verdict == wal_files.Verdict("foreign", "the last writer of this file did not "
                                        "record it")


def test_a_leftover_whose_replay_would_damage_the_file_is_foreign(tmp_path):
    left = crash_leftover(tmp_path)
    verdict = wal_files.judge(left, lambda copy: ["page 3 is damaged"], recorded_for(left))
    assert verdict == wal_files.Verdict(
        "foreign", "replaying it would damage the portfolio: page 3 is damaged")


@pytest.mark.parametrize("wal_mode, reason", [
    (False, "the portfolio is not in WAL mode"),
    (True, "it is not a write-ahead log of this file's page size"),
])
def test_a_wal_that_is_not_this_files_is_foreign_with_its_reason(tmp_path, wal_mode, reason):
    path = tmp_path / "p.sqlite"
    db = sqlite3.connect(path)
    if wal_mode:
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE partners (name TEXT)")
    db.commit()
    db.close()
    wal_files.wal_path(path).write_bytes(b"not a write-ahead log, only some text " * 40)
    assert wal_files.judge(path, no_problems, {}) == wal_files.Verdict("foreign", reason)


@pytest.mark.parametrize("size, reason", [
    (99, "the portfolio beside it is empty"),  # not even SQLite's 100-byte header
    (100, "the last writer of this file did not record it"),  # a header: judged on
])
def test_a_file_shorter_than_its_header_is_empty_to_the_judge(tmp_path, size, reason):
    left = crash_leftover(tmp_path)
    left.write_bytes(left.read_bytes()[:size])
    assert wal_files.judge(left, no_problems, {}) == wal_files.Verdict("foreign", reason)
