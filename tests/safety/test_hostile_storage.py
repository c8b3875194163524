"""Hostile places: a full disk, a read-only portfolio, missing folders, files that are not
portfolios. Each gets one clear line, a non-zero exit and nothing written.

File-only: disks, folders and files; a server that does not answer is
tests/team/test_no_answer.py."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import event

from planner.domain.errors import PlannerError
from planner.services import backups, portfolio_io
from planner.services.portfolio import check_portfolio, open_portfolio

REPO = Path(__file__).resolve().parents[2]


def unshare_command():
    """A private mount namespace where tmpfs can be mounted (test mounts vanish with the
    process), or None: then the tests that need one are skipped."""
    if not shutil.which("unshare"):
        return None
    probe = tempfile.mkdtemp(prefix="mount-probe-")
    try:
        for command in (["unshare", "-m"], ["unshare", "-rm"]):
            if subprocess.run([*command, "mount", "-t", "tmpfs", "tmpfs", probe],
                              capture_output=True).returncode == 0:
                return command
    finally:
        os.rmdir(probe)
    return None


UNSHARE = unshare_command()
# In CI (the CI variable set, as .ci/run does) these tests are required: they fail, not skip,
# where tmpfs cannot be mounted.
MOUNTS_REQUIRED = bool(os.environ.get("CI"))
needs_mounts = pytest.mark.skipif(UNSHARE is None and not MOUNTS_REQUIRED,
                                  reason="needs a private mount namespace (required when CI "
                                         "is set)")


def run_in_private_mount(script: str, tmp_path: Path) -> dict:
    """Run `script` (sh) where $MNT is a fresh tmpfs; it prints JSON lines we collect."""
    if UNSHARE is None:
        pytest.fail("CI is set, so the full-disk and read-only-media tests are required, but "
                    "tmpfs cannot be mounted here (unshare -m / -rm mount was refused)")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    planner = f"{sys.executable} -m planner"
    full = f"set -u\nMNT={mnt}\nP='{planner}'\n{script}"
    run = subprocess.run([*UNSHARE, "sh", "-c", full], capture_output=True, text=True,
                         timeout=120, cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)))
    results = {}
    for line in run.stdout.splitlines():
        if line.startswith("{"):
            results.update(json.loads(line))
    assert results, run.stdout + run.stderr
    return results


STEP = '''
"$@" >"$MNT.out" 2>"$MNT.err"; code=$?
printf '{"%s": {"code": %d, "err": %s}}\\n' "$NAME" "$code" \
  "$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$MNT.err")"
'''


def step(name: str, command: str) -> str:
    return f"NAME={name}; set -- {command}\n{STEP}"


def counts_step(name: str, path: str) -> str:
    return (f"printf '{{\"{name}\": %s}}\\n' \"$({sys.executable} -c 'import json,sys; "
            f"from planner.services.portfolio import check_portfolio as c; "
            f"r=c(sys.argv[1]); print(json.dumps([r.healthy, r.counts]))' {path})\"\n")


@pytest.fixture
def big_import(sample_path, tmp_path):
    """An import that needs far more room than the tiny disks below have."""
    document = portfolio_io.export_document(open_portfolio(sample_path, read_only=True).uow())
    for p in document["partners"]:
        p["name"] += " (copy)"
        p["notes"] = "n" * 19000
    path = tmp_path / "big.json"
    path.write_text(json.dumps(document))
    return path


@needs_mounts
def test_a_full_disk_refuses_the_edit_backup_and_export_and_loses_nothing(
        sample_path, big_import, tmp_path):
    size_kb = sample_path.stat().st_size // 1024 + 100
    results = run_in_private_mount(
        f"mount -t tmpfs -o size={size_kb}k tmpfs $MNT\n"
        f"cp {sample_path} $MNT/p.sqlite\n"
        + counts_step("before", "$MNT/p.sqlite")
        + step("import", f"$P import $MNT/p.sqlite {big_import}")
        + counts_step("after", "$MNT/p.sqlite")
        + "export XDG_DATA_HOME=$MNT/data\n"
        + step("backup", "$P backup $MNT/p.sqlite")
        + step("export", "$P export $MNT/p.sqlite -o $MNT/out.json")
        + "printf '{\"left\": %s}\\n' \"$(find $MNT -name '*partial*' -o -name 'out.json*' "
          "-o -name '.out.json*' | wc -l)\"\n", tmp_path)
    for name, fragment in [("import", "database or disk is full"),
                           ("backup", "database or disk is full"),
                           ("export", "No space left on device")]:
        assert results[name]["code"] == 1, results
        assert fragment in results[name]["err"] and results[name]["err"].count("\n") == 1
    assert results["before"] == results["after"] and results["after"][0] is True
    assert results["left"] == 0


@needs_mounts
def test_a_portfolio_on_read_only_media_is_refused_for_writing_and_readable(
        sample_path, big_import, tmp_path):
    results = run_in_private_mount(
        f"mount -t tmpfs tmpfs $MNT\ncp {sample_path} $MNT/p.sqlite\n"
        "mount -o remount,ro $MNT\n"
        + step("import", f"$P import $MNT/p.sqlite {big_import}")
        + step("restore", "$P restore $MNT/p.sqlite latest")
        + step("export", f"$P export $MNT/p.sqlite -o {tmp_path}/out.json")
        + step("check", "$P check $MNT/p.sqlite")
        + step("backup", f"$P backup $MNT/p.sqlite -o {tmp_path}/copy.sqlite")
        + "printf '{\"files\": \"%s\"}\\n' \"$(ls -A $MNT | tr '\\n' ' ')\"\n", tmp_path)
    assert results["import"]["code"] == 1
    assert "can only be opened read-only" in results["import"]["err"]
    assert results["restore"]["code"] == 1 and results["restore"]["err"].count("\n") == 1
    for name in ("export", "check", "backup"):
        assert results[name]["code"] == 0, results[name]
    assert results["files"].split() == ["p.sqlite"]
    assert check_portfolio(tmp_path / "copy.sqlite").counts["partners"] == 8


def test_a_full_disk_injected_at_the_storage_boundary_saves_nothing(sample_path, big_import):
    """SQLite's own full-disk path (SQLITE_FULL), without a special file system: the file may
    not grow by a single page."""
    before = check_portfolio(sample_path)
    with open_portfolio(sample_path) as portfolio:
        engine = portfolio.storage.engine

        @event.listens_for(engine, "checkout")
        def _no_room(dbapi_connection, _record, _proxy):
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        engine.dispose()  # the next connection gets the limit
        with pytest.raises(PlannerError, match="database or disk is full"):
            portfolio_io.import_json(portfolio.uow(), big_import)
    after = check_portfolio(sample_path)
    assert after.healthy and after.counts == before.counts


def test_a_full_disk_while_backing_up_leaves_no_partial_backup(sample_path, monkeypatch):
    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    real_connect = sqlite3.connect

    class Full:
        def __init__(self, *args, **kwargs):
            self._c = real_connect(*args, **kwargs)

        def backup(self, *_args, **_kwargs):
            full()

        def __getattr__(self, name):
            return getattr(self._c, name)

    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", Full)
        with pytest.raises(PlannerError, match="disk is full"):
            backups.take_backup(sample_path)
    folder = backups.backups_folder(sample_path)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("args,fragment", [
    (["import", "{tmp}/doc.json/p.sqlite", "{tmp}/doc.json"], "Not a directory"),
    (["export", "{sample}", "-o", "{tmp}/nowhere/out.json"], "does not exist"),
    (["backup", "{sample}", "-o", "{tmp}/nowhere/b.sqlite"], "does not exist"),
    (["restore", "{tmp}/nowhere/p.sqlite", "{tmp}/doc.json"], "not a Partner Planner"),
    (["backups", "{tmp}/nowhere/p.sqlite"], None),
    (["check", "{tmp}/nowhere/p.sqlite"], "There is no portfolio at"),
    (["import", "{tmp}/doc.json", "{tmp}/doc.json"], "not a Partner Planner portfolio"),
    (["import", "{tmp}", "{tmp}/doc.json"], "is a folder"),
    (["import", "{tmp}/other-app.sqlite", "{tmp}/doc.json"], "not a Partner Planner portfolio"),
    (["import", "{tmp}/future.sqlite", "{tmp}/doc.json"], "newer version"),
    (["backup", "{tmp}/doc.json"], "not a Partner Planner portfolio"),
    (["restore", "{sample}", "{tmp}/other-app.sqlite"], "not a Partner Planner portfolio"),
])
def test_missing_folders_and_foreign_files_get_one_line(args, fragment, sample_path, tmp_path,
                                                        run_cli):
    (tmp_path / "doc.json").write_text(
        '{"format": "partner-planner", "version": 1, "partners": []}')
    other = sqlite3.connect(tmp_path / "other-app.sqlite")
    other.execute("CREATE TABLE notes (x)")
    other.close()
    future = tmp_path / "future.sqlite"
    future.write_bytes(sample_path.read_bytes())
    connection = sqlite3.connect(future)
    connection.execute("UPDATE alembic_version SET version_num = 'from-the-future'")
    connection.commit()
    connection.close()
    files = {p: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in tmp_path.iterdir() if p.is_file()}
    result = run_cli(*[a.format(tmp=tmp_path, sample=sample_path) for a in args])
    if fragment is None:
        assert result.returncode == 0 and "No backups" in result.stdout
    else:
        assert result.returncode == 1, result.stdout
        assert fragment in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "nowhere").exists()
    for path, digest in files.items():
        if path.name != "portfolio.sqlite":
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path
