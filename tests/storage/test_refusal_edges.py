"""Refusals at storage's edges: a real server refusing a password (and telling the app whether
one was given, so it asks again), and a copy onto a file system without hard links (FAT, some
network shares), where the copy is put in place by a rename after looking that the name is free.
The missing hard links are injected at the OS boundary (os.link failing with EPERM, as FAT
answers): no test machine mounts such a file system in-process."""

import errno
import os
import sqlite3

import pytest

from planner.domain.errors import PasswordRefused, PlannerError
from planner.storage import copying
from planner.storage.database import open_engine
from planner.storage.server import ServerDatabase


def test_a_wrong_password_is_refused_as_given_and_a_missing_one_as_not_given(
        team_portfolio_location, make_user, postgres_server):
    name, _password = make_user("ann")
    database = team_portfolio_location.database
    wrong = postgres_server.location(database, user=name, password="not hers")
    with pytest.raises(PasswordRefused) as caught:
        ServerDatabase.open(wrong)
    assert caught.value.supplied is True
    assert str(caught.value) == (f"The server {wrong.host} did not accept the password for "
                                 f"{name}; check it and try again.")
    none = postgres_server.location(database, user=name, password=None)
    with pytest.raises(PasswordRefused) as caught:
        ServerDatabase.open(none)
    assert caught.value.supplied is False
    assert str(caught.value) == f"The server {none.host} needs a password for {name}."


def names(folder) -> list[str]:
    """The files in `folder`, without the open source's -wal and -shm."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))


@pytest.fixture
def no_hard_links(monkeypatch):
    def link(*_args, **_kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", link)


@pytest.fixture
def source(tmp_path, empty_file_at):
    engine = open_engine(empty_file_at(tmp_path / "portfolio.sqlite"))
    yield engine
    engine.dispose()


def test_without_hard_links_the_copy_is_renamed_into_place(source, tmp_path, no_hard_links):
    target = tmp_path / "copy.sqlite"
    copying.copy_to_file(source, target)
    assert target.is_file()
    assert names(tmp_path) == ["copy.sqlite", "portfolio.sqlite"]  # no partial copy left


def test_without_hard_links_an_existing_file_is_still_never_replaced(source, tmp_path,
                                                                       no_hard_links):
    target = tmp_path / "copy.sqlite"
    target.write_bytes(b"someone's file")
    with pytest.raises(PlannerError, match="copy.sqlite already exists; a copy never replaces "
                                           "a file, so name a new one."):
        copying.copy_to_file(source, target)
    assert target.read_bytes() == b"someone's file"
    assert names(tmp_path) == ["copy.sqlite", "portfolio.sqlite"]


def test_a_link_to_a_portfolios_working_file_is_never_written_through(tmp_path, empty_file_at):
    from planner.storage import protected_files

    empty_file_at(tmp_path / "portfolio.sqlite")
    (tmp_path / "portfolio.sqlite-journal").write_bytes(b"")
    (tmp_path / "notes.txt").symlink_to(tmp_path / "portfolio.sqlite-journal")
    with pytest.raises(PlannerError) as refused:
        protected_files.refuse_to_replace(tmp_path / "notes.txt")
    assert str(refused.value) == ("notes.txt belongs to the portfolio portfolio.sqlite (its "
                                  "working or lock file); name another file to write to.")
    (tmp_path / "plain.txt").write_text("mine")
    (tmp_path / "link.txt").symlink_to(tmp_path / "plain.txt")
    protected_files.refuse_to_replace(tmp_path / "link.txt")  # an ordinary file: no refusal


def test_a_source_with_a_table_of_its_own_is_not_copied(tmp_path, empty_file_at):
    path = empty_file_at(tmp_path / "portfolio.sqlite")
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    db.close()
    engine = open_engine(path)
    try:
        with pytest.raises(PlannerError) as refused:
            copying.copy_to_file(engine, tmp_path / "copy.sqlite")
    finally:
        engine.dispose()
    assert str(refused.value) == ("The portfolio's tables are not the ones this version of "
                                  "Partner Planner makes; nothing was copied.")
    assert names(tmp_path) == ["portfolio.sqlite"]  # no copy, no partial copy
