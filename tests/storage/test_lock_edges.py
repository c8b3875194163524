"""The lock file's edges, with real files and real OS locks (flock on a second descriptor is a
second holder to the kernel, as another process is): a holder whose record cannot be read, the
identity lock given back on release, a record that names no holder, a lock file that is not one.
"""

import fcntl
import json
import os

import pytest

from planner.domain.errors import PlannerError, PortfolioLocked
from planner.storage import locking
from planner.storage.locking import LockHolder


@pytest.fixture
def path(tmp_path, empty_file_at):
    return empty_file_at(tmp_path / "portfolio.sqlite")


def hold(target, text: bytes) -> int:
    """Another holder of `target`: its OS lock taken on a descriptor of its own."""
    fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
    os.write(fd, text)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def test_a_live_holder_whose_record_cannot_be_read_is_someone_without_a_name(path):
    fd = hold(locking.lock_path(path), b"\xff not json")
    try:
        assert locking.holder_if_locked(path) == LockHolder("", "", 0, "")
        with pytest.raises(PortfolioLocked) as caught:
            locking.acquire(path)
        assert "already open in another window or process by someone; close it there" in str(
            caught.value)
    finally:
        os.close(fd)
    assert locking.holder_if_locked(path) is None


def test_a_live_holders_record_is_read_field_by_field(path):
    record = {"user": "ann", "host": "laptop", "pid": 4242, "since": "2026-06-01T09:30:00+02:00"}
    fd = hold(locking.lock_path(path), json.dumps(record).encode())
    try:
        holder = locking.holder_if_locked(path)
        assert holder == LockHolder("ann", "laptop", 4242, "2026-06-01T09:30:00+02:00")
        assert holder.describe() == "ann on laptop (since 2026-06-01 09:30)"
        assert locking.read_holder(path) == holder
    finally:
        os.close(fd)


def test_a_record_without_a_time_or_a_name_says_so(path):
    fd = hold(locking.lock_path(path), json.dumps({"pid": 7}).encode())
    try:
        holder = locking.holder_if_locked(path)
        assert holder == LockHolder("", "", 7, "")
        assert holder.describe() == "someone"  # no "(since )" when the time is unknown
    finally:
        os.close(fd)


def test_release_gives_back_the_identity_lock_and_removes_its_file(path, tmp_path):
    identities = tmp_path / "identities"
    lock = locking.acquire(path, identity_folder=identities)
    identity = identities / locking.identity_key(path)
    assert json.loads(identity.read_text())["pid"] == os.getpid()
    lock.release()
    assert not identity.exists() and not locking.lock_path(path).exists()
    assert locking.holder_if_locked(path, identity_folder=identities) is None
    again = locking.acquire(path, identity_folder=identities)  # nothing left held
    again.release()


def test_the_record_names_the_file_and_the_wal_generation_it_notes(path):
    lock = locking.acquire(path)
    try:
        st = os.stat(path)
        assert locking.read_record(path)["file"] == [st.st_dev, st.st_ino]
        lock.note_wal("00112233aabbccdd")
        record = locking.read_record(path)
        assert record["wal"] == "00112233aabbccdd" and record["pid"] == os.getpid()
        # still naming the file: a crash's WAL is judged by both (wal_files.judge)
        assert record["file"] == [st.st_dev, st.st_ino]
    finally:
        lock.release()
    assert locking.read_record(path) == {}


def test_a_lock_that_cannot_be_opened_for_another_reason_says_why(path):
    locking.lock_path(path).mkdir()  # a folder where the lock file goes
    with pytest.raises(PlannerError) as refused:
        locking.acquire(path)
    assert str(refused.value).startswith("Cannot lock ")
    assert str(refused.value).endswith("portfolio.sqlite: Is a directory.")
    assert locking.lock_path(path).is_dir()
