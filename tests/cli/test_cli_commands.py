"""The command line through the real entry point: what works, and every user mistake as one
line on stderr, a non-zero exit, no traceback and nothing written."""

import hashlib
import json
import shutil
import sqlite3

import pytest

from planner import __version__
from planner.resources import resource
from planner.services.portfolio import check_portfolio


def snapshot(folder):
    """Every file under `folder` with its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                     p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    """One sample portfolio written by the CLI, copied by the tests that need one."""
    import subprocess
    import sys

    from tests.conftest import REPO

    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    subprocess.run([sys.executable, "-m", "planner", "sample", str(path)], check=True,
                   cwd=REPO, capture_output=True)
    return path


@pytest.fixture
def portfolio(tmp_path, sample_file):
    path = tmp_path / "portfolio.sqlite"
    shutil.copy(sample_file, path)
    return path


def assert_one_line_error(result, *, exit_code=1, prefix="planner: error: "):
    assert result.returncode == exit_code, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix), lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0][len(prefix):]


# what works -------------------------------------------------------------------------------

def test_version(run_cli):
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Partner Planner {__version__}"


def test_help_lists_the_commands(run_cli):
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("sample", "export", "import", "check"):
        assert command in result.stdout
    assert "PATH" in result.stdout


def test_sample_then_check(run_cli, tmp_path):
    path = tmp_path / "p.sqlite"
    result = run_cli("sample", path)
    assert result.returncode == 0, result.stderr
    assert "8 partners" in result.stdout
    check = run_cli("check", path)
    assert check.returncode == 0, check.stderr
    assert "Integrity: ok" in check.stdout
    assert "partners" in check.stdout and "Schema:" in check.stdout
    with sqlite3.connect(path) as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    db.close()
    if shutil.which("sqlite3"):
        import subprocess

        out = subprocess.run(["sqlite3", str(path), "pragma integrity_check"],
                             capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "ok"


def test_check_writes_nothing(run_cli, portfolio):
    before = snapshot(portfolio.parent)
    assert run_cli("check", portfolio).returncode == 0
    assert snapshot(portfolio.parent) == before


def test_sample_force_overwrites_a_portfolio_only(run_cli, tmp_path):
    path = tmp_path / "p.sqlite"
    path.write_text("an old file")
    assert "--force replaces portfolios only" in assert_one_line_error(
        run_cli("sample", path, "--force"))
    assert path.read_text() == "an old file"
    path.unlink()
    assert run_cli("init", path).returncode == 0
    result = run_cli("sample", path, "--force")
    assert result.returncode == 0, result.stderr
    assert run_cli("check", path).returncode == 0


def test_export_import_export_through_the_cli(run_cli, portfolio, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    result = run_cli("export", portfolio, "-o", first)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Exported 8 partners to {first}."
    empty = tmp_path / "empty.sqlite"
    created = run_cli("import", empty, first)  # a path that does not exist is created
    assert created.returncode == 0, created.stderr
    assert f"Created the portfolio {empty}." in created.stdout
    replaced = run_cli("import", empty, first, "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert "replaced 8" in replaced.stdout
    assert run_cli("export", empty, "-o", second).returncode == 0
    assert first.read_bytes() == second.read_bytes()


# every user mistake -----------------------------------------------------------------------

def newer(path):
    with sqlite3.connect(path) as db:
        db.execute("update alembic_version set version_num = 'ffff0000'")
    db.close()


def write_json(path, document):
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def sample_document():
    return json.loads(resource("sample", "portfolio.json").read_text("utf-8"))


def bad_date_document():
    document = sample_document()
    document["partners"][-1]["meetings"][0]["date"] = "2026-02-31"
    return document


def unknown_stage_document():
    document = sample_document()
    document["partners"][-1]["stage"] = "dating"
    return document


SETUPS = {
    "missing portfolio": lambda d: d / "missing.sqlite",
    "not a portfolio": lambda d: (d / "notes.txt").write_text("not a portfolio\n") and
    d / "notes.txt",
    "another sqlite file": lambda d: _other_sqlite(d / "other.sqlite"),
    "newer schema": lambda d: _newer_copy(d),
}


def _other_sqlite(path):
    with sqlite3.connect(path) as db:
        db.execute("create table t (x)")
    db.close()
    return path


def _newer_copy(folder):
    path = folder / "newer.sqlite"
    shutil.copy(folder / "portfolio.sqlite", path)
    newer(path)
    return path


@pytest.mark.parametrize("setup", SETUPS, ids=list(SETUPS))
@pytest.mark.parametrize("command", ["check", "export", "import"])
def test_portfolios_that_cannot_be_opened(run_cli, portfolio, tmp_path, setup, command):
    path = SETUPS[setup](tmp_path)
    good_json = write_json(tmp_path / "good.json", {"format": "partner-planner", "version": 1,
                                                    "partners": [{"name": "Nova",
                                                                  "stage": "exit"}]})
    args = {"check": ("check", path), "export": ("export", path, "-o", tmp_path / "out.json"),
            "import": ("import", path, good_json)}[command]
    before = snapshot(tmp_path)
    if setup == "missing portfolio" and command == "import":  # import creates it
        assert run_cli(*args).returncode == 0
        assert check_portfolio(path).counts["partners"] == 1
        return
    message = assert_one_line_error(run_cli(*args))
    assert snapshot(tmp_path) == before
    expected = {"missing portfolio": "There is no portfolio at",
                "not a portfolio": "is not a Partner Planner portfolio",
                "another sqlite file": "is not a Partner Planner portfolio",
                "newer schema": "newer version of Partner Planner"}[setup]
    assert expected in message


IMPORT_FILES = {
    "malformed JSON": (b'{"format": "partner-planner", "version": 1, "partners": [',
                       "not valid JSON at line 1"),
    "invalid date": (bad_date_document, "$.partners[7].meetings[0].date: '2026-02-31' is not "
                                        "a real date"),
    "unknown stage": (unknown_stage_document, "$.partners[7].stage: 'dating' is not one of"),
    "not our format": ({"format": "other", "partners": []}, "not a Partner Planner export"),
    "empty file": (b"", "the file is empty"),
    "duplicate name": (lambda: {"format": "partner-planner", "version": 1,
                                "partners": [sample_document()["partners"][2]]},
                       "is already in the portfolio (use --replace"),
}


@pytest.mark.parametrize("case", IMPORT_FILES, ids=list(IMPORT_FILES))
def test_import_errors_import_nothing(run_cli, portfolio, tmp_path, case):
    content, expected = IMPORT_FILES[case]
    source = tmp_path / "in.json"
    if callable(content):
        content = content()
    if isinstance(content, dict):
        write_json(source, content)
    else:
        source.write_bytes(content)
    before = snapshot(tmp_path)
    message = assert_one_line_error(run_cli("import", portfolio, source))
    assert expected in message
    assert snapshot(tmp_path) == before


def test_import_of_a_missing_json_file(run_cli, portfolio, tmp_path):
    before = snapshot(tmp_path)
    message = assert_one_line_error(run_cli("import", portfolio, tmp_path / "nothing.json"))
    assert "nothing.json" in message
    assert snapshot(tmp_path) == before


def test_sample_does_not_overwrite_without_force(run_cli, portfolio, tmp_path):
    before = snapshot(tmp_path)
    message = assert_one_line_error(run_cli("sample", portfolio))
    assert message == f"{portfolio} already exists; use --force to overwrite it."
    assert snapshot(tmp_path) == before


def test_sample_into_a_folder(run_cli, tmp_path):
    before = snapshot(tmp_path)
    assert_one_line_error(run_cli("sample", tmp_path, "--force"))
    assert snapshot(tmp_path) == before


def test_export_to_a_missing_folder(run_cli, portfolio, tmp_path):
    before = snapshot(tmp_path)
    message = assert_one_line_error(run_cli("export", portfolio, "-o",
                                            tmp_path / "nowhere" / "out.json"))
    assert "does not exist" in message
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("args", [
    ("export",),
    ("export", "p.sqlite"),             # -o is required
    ("import", "p.sqlite"),
    ("check", "a", "b"),
    ("sample", "p.sqlite", "--colour"),
    ("--no-such-option",),
])
def test_usage_errors(run_cli, tmp_path, args):
    before = snapshot(tmp_path)
    result = run_cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error:" in result.stderr.splitlines()[-1]
    assert snapshot(tmp_path) == before


def test_export_over_the_portfolio_itself_is_refused(run_cli, portfolio, tmp_path):
    before = snapshot(tmp_path)
    message = assert_one_line_error(run_cli("export", portfolio, "-o", portfolio))
    assert "is the portfolio itself" in message
    assert snapshot(tmp_path) == before
    assert run_cli("check", portfolio).returncode == 0


@pytest.mark.parametrize("command", ["check", "export"])
def test_an_empty_file_is_not_a_portfolio_yet(run_cli, tmp_path, command):
    path = tmp_path / "empty.sqlite"
    path.touch()
    args = ("check", path) if command == "check" else ("export", path, "-o",
                                                       tmp_path / "out.json")
    before = snapshot(tmp_path)
    message = assert_one_line_error(run_cli(*args))
    assert message == f"{path} is empty: it holds no portfolio yet."
    assert snapshot(tmp_path) == before
