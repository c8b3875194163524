"""Opening portfolio files: migrations to head, the application_id, the pragmas that keep
edits, and the refusal of anything that is not ours (without touching it)."""

import hashlib
import sqlite3
import stat

import pytest
from sqlalchemy import inspect, text

from planner.domain.errors import NewerSchema, NotAPortfolio, NotFound
from planner.storage import PortfolioFile
from planner.storage.database import (
    APPLICATION_ID,
    head_revision,
    known_revisions,
    open_engine,
    read_application_id,
    schema_revision,
)
from planner.storage.models import Base


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


def test_migrates_an_empty_file_to_head(new_file):
    engine = open_engine(new_file)
    try:
        assert schema_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_the_migrations_build_exactly_the_models(new_file):
    """The migration scripts and the models agree: Alembic finds nothing to generate."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from planner.storage.models import is_modelled

    engine = open_engine(new_file)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": is_modelled})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


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


def make_newer(path):
    with sqlite3.connect(path) as db:
        db.execute("update alembic_version set version_num = 'f00d9999'")
    db.close()
    assert "f00d9999" not in known_revisions()


@pytest.mark.parametrize("read_only", [False, True])
def test_a_newer_schema_is_refused_untouched(new_file, read_only):
    make_newer(new_file)
    before, names = fingerprint(new_file), neighbours(new_file)
    with pytest.raises(NewerSchema, match="newer version of Partner Planner"):
        PortfolioFile(new_file, read_only=read_only)
    assert fingerprint(new_file) == before
    assert neighbours(new_file) == names


def test_a_current_file_is_not_migrated_again(new_file, monkeypatch):
    before = fingerprint(new_file)
    import alembic.command

    monkeypatch.setattr(alembic.command, "upgrade",
                        lambda *a, **k: pytest.fail("migrated a file at head"))
    PortfolioFile(new_file).close()
    assert fingerprint(new_file)[0] == before[0]


def test_table_counts_and_integrity(new_file):
    with PortfolioFile(new_file) as file:
        assert file.schema_revision() == head_revision()
        assert file.integrity_problems() == []
        counts = file.table_counts()
    assert set(counts) == set(Base.metadata.tables)
    assert set(counts.values()) == {0}


def test_read_only_reads_and_leaves_nothing_behind(new_file):
    before, names = fingerprint(new_file), neighbours(new_file)
    with PortfolioFile(new_file, read_only=True) as file:
        assert file.table_counts()["partners"] == 0
        with file.engine.connect() as connection:
            with pytest.raises(Exception, match="readonly"):
                connection.execute(text("insert into alembic_version values ('x')"))
    assert fingerprint(new_file) == before
    assert neighbours(new_file) == names


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
            " 'fastjsonschema')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
