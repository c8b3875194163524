"""Opening portfolio files: the application_id, the pragmas that keep edits, owner-only files,
and the refusal of any file that is not ours (without touching it).

File-only by nature: a header, pragmas, permissions and neighbouring files are what a file
has and a database does not. What both engines share (migrating to exactly the models, a newer
schema or another app's tables refused untouched, read-only) is test_opening_either_engine.py."""

import hashlib
import sqlite3
import stat

import pytest
from sqlalchemy import text

from planner.domain.errors import NotAPortfolio, NotFound
from planner.storage import PortfolioFile
from planner.storage.database import (
    APPLICATION_ID,
    head_revision,
    known_revisions,
    open_engine,
    read_application_id,
)


def fingerprint(path):
    """The bytes and modification time of a file, to show it was not touched."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def neighbours(path):
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def new_file(tmp_path):
    path = tmp_path / "portfolio.sqlite"
    engine = open_engine(path, create=True)
    engine.dispose()
    return path


def test_a_zero_byte_file_becomes_a_portfolio(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    open_engine(path).dispose()
    assert read_application_id(path) == APPLICATION_ID


def test_a_zero_byte_file_is_not_read_as_a_newer_schema(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    with pytest.raises(NotAPortfolio, match="is empty"):
        PortfolioFile(path, read_only=True)
    assert path.stat().st_size == 0
    assert neighbours(path) == ["empty.sqlite"]


def test_application_id_is_stamped(new_file):
    assert read_application_id(new_file) == APPLICATION_ID
    with sqlite3.connect(new_file) as db:
        assert db.execute("pragma application_id").fetchone()[0] == APPLICATION_ID


def test_every_connection_keeps_edits(new_file):
    engine = open_engine(new_file)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("pragma foreign_keys")).scalar() == 1
            assert connection.execute(text("pragma journal_mode")).scalar() == "wal"
            assert connection.execute(text("pragma synchronous")).scalar() == 2  # FULL
    finally:
        engine.dispose()


def test_new_files_are_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "private" / "portfolio.sqlite"
    PortfolioFile(path, create=True).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_missing_file_is_not_created_without_create(tmp_path):
    path = tmp_path / "nothing.sqlite"
    with pytest.raises(NotFound):
        open_engine(path)
    assert not path.exists()


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(NotAPortfolio, match="folder"):
        open_engine(tmp_path)


def test_another_programs_database_is_refused_by_its_name_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text)")
    db.close()
    before = fingerprint(path)
    with pytest.raises(NotAPortfolio) as refused:
        open_engine(path)
    assert str(refused.value) == f"{path} is not a Partner Planner portfolio."
    assert fingerprint(path) == before


def test_a_text_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("Shopping list: milk, eggs, a partnership board\n" * 10)
    before, names = fingerprint(path), neighbours(path)
    with pytest.raises(NotAPortfolio, match="not a Partner Planner portfolio"):
        open_engine(path)
    assert fingerprint(path) == before
    assert neighbours(path) == names


@pytest.mark.parametrize("app_id", [0, 0x0F055112])
def test_another_apps_sqlite_file_is_refused_untouched(tmp_path, app_id):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(f"pragma application_id = {app_id}")
        db.execute("create table partners (id integer primary key, name text)")
        db.execute("insert into partners (name) values ('Acme')")
    db.close()
    before, names = fingerprint(path), neighbours(path)
    with pytest.raises(NotAPortfolio):
        PortfolioFile(path)
    with pytest.raises(NotAPortfolio):
        PortfolioFile(path, read_only=True)
    assert fingerprint(path) == before
    assert neighbours(path) == names


def test_a_short_file_with_the_sqlite_magic_is_refused(tmp_path):
    path = tmp_path / "short.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    with pytest.raises(NotAPortfolio):
        open_engine(path)


def test_a_path_with_url_characters_opens_like_any_other(tmp_path):
    """'#', '?' and spaces are ordinary in file names; they must never reach a URL parser."""
    import datetime as _dt

    from planner.services import portfolio_io
    from planner.services.portfolio import check_portfolio, open_portfolio

    folder = tmp_path / "Q3 #1? review"
    folder.mkdir()
    path = folder / "Partners #2?.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(_dt.date.today()))
    report = check_portfolio(path)
    assert report.healthy
    assert report.counts["partners"] == 8
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock")) == [
        "Partners #2?.sqlite"
    ]


def test_revisions_read_without_alembic_agree_with_alembic():
    from alembic.script import ScriptDirectory

    from planner.storage import database

    scripts = ScriptDirectory.from_config(database.alembic_config())
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == {s.revision for s in scripts.walk_revisions()}


def test_a_launch_loads_no_library_it_does_not_need(new_file):
    """Alembic costs half a second of every launch and is loaded only for a migration;
    ReportLab, pypdfium2, openpyxl, icalendar and jsonschema wait for their features."""
    import subprocess
    import sys

    code = ("import sys, planner.cli, planner.ui.main_window\n"
            "from planner.services.portfolio import open_portfolio\n"
            f"open_portfolio({str(new_file)!r}).close()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('alembic', 'reportlab', 'pypdfium2', 'openpyxl', 'icalendar', 'jsonschema',"
            " 'jsonschema_rs')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
