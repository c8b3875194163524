"""Every portfolio command with a team portfolio's postgresql:// URL, through the real entry
point in a subprocess against a real server: what works, what a read-only command leaves
(every table and sequence as it was), and every refusal as one line, a non-zero exit and
nothing written. The password comes from PGPASSWORD, as libpq reads it."""

import json

import pytest

from planner.storage.database import head_revision
from tests.team.dumps import file_dump, server_dump


@pytest.fixture
def cli(run_cli, postgres_server):
    def run(*args):
        password = postgres_server.admin.password or ""
        return run_cli(*args, env={"PGPASSWORD": password})

    return run


def one_line_error(result, *, exit_code=1, prefix="planner: error: "):
    assert result.returncode == exit_code, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix), lines[0]
    assert result.stdout == ""
    return lines[0][len(prefix):]


def ok(result) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def files_in(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def sample_team(cli, team_location):
    """The sample portfolio, written by `planner sample URL` into an empty database."""
    out = ok(cli("sample", team_location.url))
    assert out == (f"Wrote the sample portfolio (8 partners) to the team portfolio "
                   f"{team_location.shown}.\n")
    return team_location


# init ----------------------------------------------------------------------------------------

def test_init_url_makes_an_empty_database_a_portfolio_once(cli, postgres_server, team_location):
    assert ok(cli("init", team_location.url)) == (
        f"Created an empty team portfolio in the database {team_location.shown}.\n")
    out = ok(cli("check", team_location.url))
    assert f"Portfolio: {team_location.shown}\n" in out and "Integrity: ok" in out
    assert "  partners                    0\n" in out
    before = server_dump(postgres_server, team_location.database)
    assert "partners" in before
    message = one_line_error(cli("init", team_location.url))
    assert message == (f"The database {team_location.shown} already holds a portfolio; it "
                       "was left as it is (name an empty database).")
    assert server_dump(postgres_server, team_location.database) == before


def test_init_url_refuses_other_tables_and_a_newer_schema_untouched(
        cli, postgres_server, team_location, team_portfolio_location):
    postgres_server.execute("CREATE TABLE invoices (id int)", "INSERT INTO invoices VALUES (1)",
                            database=team_location.database)
    postgres_server.execute("UPDATE alembic_version SET version_num = '9999'",
                            database=team_portfolio_location.database)
    for location, says in ((team_location, "holds other tables, not a Partner Planner "
                                           "portfolio; it was left as it is."),
                           (team_portfolio_location, "written by a newer version")):
        before = server_dump(postgres_server, location.database)
        for command in (("init", location.url), ("sample", location.url),
                        ("copy", location.url, "x.sqlite"), ("check", location.url)):
            assert says in one_line_error(cli(*command)), command
        assert server_dump(postgres_server, location.database) == before


def test_init_path_still_makes_an_empty_portfolio_file(cli, tmp_path):
    path = tmp_path / "new" / "portfolio.sqlite"
    assert ok(cli("init", path)) == f"Created an empty portfolio at {path}.\n"
    assert "Integrity: ok" in ok(cli("check", path))
    before = path.read_bytes()
    assert "already exists" in one_line_error(cli("init", path))
    assert path.read_bytes() == before


# reading and exporting ------------------------------------------------------------------------

def test_every_read_command_works_and_leaves_the_database_as_it_was(cli, postgres_server,
                                                                     sample_team, tmp_path):
    url = sample_team.url
    before = server_dump(postgres_server, sample_team.database)
    ok(cli("export", url, "-o", tmp_path / "team.json"))
    document = json.loads((tmp_path / "team.json").read_text())
    name = document["partners"][0]["name"]
    ok(cli("sample", tmp_path / "file.sqlite"))
    ok(cli("export", tmp_path / "file.sqlite", "-o", tmp_path / "file.json"))
    assert (tmp_path / "team.json").read_bytes() == (tmp_path / "file.json").read_bytes()

    assert "Wrote 7 CSV files" in ok(cli("export", url, "--csv", tmp_path / "csv"))
    assert "Wrote the portfolio brief" in ok(cli("brief", url, "--portfolio",
                                                 "-o", tmp_path / "all.pdf"))
    assert "Wrote the brief for" in ok(cli("brief", url, "--partner", name,
                                           "-o", tmp_path / "one.pdf"))
    assert "reviews and" in ok(cli("calendar", url, "-o", tmp_path / "dates.ics"))
    assert "contacts" in ok(cli("contacts", url, "--partner", name,
                                "-o", tmp_path / "people.vcf"))
    out = ok(cli("check", url))
    assert "  partners                    8\n" in out and out.endswith("Integrity: ok\n")
    (tmp_path / "more.csv").write_text("Name,Stage\nNorthwind,courtship\n")
    assert "nothing was written (dry run)" in ok(cli("import", url, tmp_path / "more.csv",
                                                     "--dry-run"))
    for made in ("all.pdf", "one.pdf"):
        assert (tmp_path / made).read_bytes().startswith(b"%PDF")
    assert server_dump(postgres_server, sample_team.database) == before


def test_a_team_portfolio_exports_like_its_file_copy(cli, sample_team, tmp_path):
    """copy URL FILE, then every export of both says the same (UIDs keyed by the database's
    name for a team portfolio, by the file's name for a file)."""
    copy = tmp_path / f"{sample_team.database}"
    out = ok(cli("copy", sample_team.url, copy))
    assert out == (f"Copied 8 partners (1,170 rows in 13 tables) from {sample_team.shown} "
                   f"to {copy}.\n")
    for where, folder in ((sample_team.url, "team"), (copy, "file")):
        (tmp_path / folder).mkdir()
        ok(cli("export", where, "--csv", tmp_path / folder / "csv"))
        ok(cli("calendar", where, "-o", tmp_path / folder / "dates.ics"))
    assert file_tree(tmp_path / "team") == file_tree(tmp_path / "file")


def file_tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes().replace(b"\r\n", b"\n")
            for p in folder.rglob("*") if p.is_file() and p.suffix != ".ics"} | {
        "dates.ics": b"\n".join(line for line in (folder / "dates.ics").read_bytes().splitlines()
                                if not line.startswith(b"DTSTAMP"))}


# importing --------------------------------------------------------------------------------

def test_import_into_a_team_portfolio_is_all_or_nothing(cli, postgres_server, sample_team,
                                                        team_portfolio_location, tmp_path):
    export = tmp_path / "sample.json"
    ok(cli("export", sample_team.url, "-o", export))
    target = team_portfolio_location
    assert ok(cli("import", target.url, export)) == (
        f"Imported 8 partners into {target.shown}.\n")
    before = server_dump(postgres_server, target.database)
    message = one_line_error(cli("import", target.url, export))
    assert "is already in the portfolio (use --replace to overwrite it)" in message
    assert server_dump(postgres_server, target.database) == before
    assert ok(cli("import", target.url, export, "--replace")) == (
        f"Imported 8 partners into {target.shown}, replaced 8.\n")
    (tmp_path / "more.csv").write_text("Name,Stage\nNorthwind,courtship\n")
    assert "Imported 1 partners" in ok(cli("import", target.url, tmp_path / "more.csv"))
    assert files_in(tmp_path) == ["more.csv", "sample.json"]  # no backup of a team portfolio


def test_import_into_an_empty_database_says_to_init_it(cli, postgres_server, team_location,
                                                       tmp_path):
    (tmp_path / "more.csv").write_text("Name,Stage\nNorthwind,courtship\n")
    for extra in ((), ("--dry-run",)):
        message = one_line_error(cli("import", team_location.url, tmp_path / "more.csv",
                                     *extra))
        assert message.endswith(f"holds no portfolio yet; create one with: planner init "
                                f"{team_location.url}")
    assert server_dump(postgres_server, team_location.database) == {"sequences": []}


# what only a file has -------------------------------------------------------------------------

@pytest.mark.parametrize("command, says", [
    (("backup", "{url}"), "its backups are the database server's own (ask whoever runs it), "
                          "or take a copy as a file with: planner copy {url} FILE"),
    (("backup", "{url}", "-o", "{tmp}/b.sqlite"), "its backups are the database server's own"),
    (("backups", "{url}"), "this app keeps no backups of it"),
    (("restore", "{url}", "latest"), "restore it with the database server's own backups"),
    (("sample", "{url}", "--force"), "--force replaces a portfolio file; a team portfolio is "
                                     "never replaced"),
    (("copy", "{url}", "{tmp}/taken.sqlite"), "already exists; a copy never replaces a file"),
    (("copy", "{tmp}/taken.sqlite", "{url}"), "already holds a portfolio; it was left as it is"),
    (("copy", "{url}", "{url}"), "is both the source and the target"),
    (("export", "{url}", "-o", "{tmp}/taken.sqlite"), "is a Partner Planner portfolio"),
])
def test_what_a_team_portfolio_cannot_do_is_one_sentence_and_writes_nothing(
        cli, postgres_server, sample_team, tmp_path, command, says):
    (tmp_path / "taken.sqlite").write_bytes(b"")
    ok(cli("init", tmp_path / "real.sqlite"))
    (tmp_path / "taken.sqlite").write_bytes((tmp_path / "real.sqlite").read_bytes())
    (tmp_path / "real.sqlite").unlink()
    before_db = server_dump(postgres_server, sample_team.database)
    before_files = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    args = [a.format(url=sample_team.url, tmp=tmp_path) for a in command]
    message = one_line_error(cli(*args))
    assert says.format(url=sample_team.url) in message
    assert server_dump(postgres_server, sample_team.database) == before_db
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before_files


# check --------------------------------------------------------------------------------------

def test_check_url_names_the_problems_and_exits_non_zero(cli, postgres_server, sample_team):
    postgres_server.execute("ALTER TABLE meetings DROP COLUMN notes CASCADE",
                            database=sample_team.database)
    result = cli("check", sample_team.url)
    assert result.returncode == 1
    assert f"Schema:    {head_revision()}\n" in result.stdout
    assert result.stderr == ("Integrity: DAMAGED\n"
                             "  the table meetings lacks the column notes\n")


@pytest.mark.parametrize("url, says", [
    ("postgresql://ann@db/x?colour=blue", "the setting 'colour'"),
    ("postgresql://ann@db:99999/x", "the port is not a number"),
    ("postgresql:///x", "names no server"),
])
def test_a_wrong_address_is_one_line_and_exit_2(cli, url, says):
    for command in ("check", "export", "copy", "init"):
        args = [command, url] + (["-o", "x.json"] if command == "export" else []) + (
            ["y.sqlite"] if command == "copy" else [])
        message = one_line_error(cli(*args), exit_code=2, prefix=f"planner {command}: error: ")
        assert says in message


def test_a_wrong_password_is_one_sentence(run_cli, sample_team):
    result = run_cli("check", sample_team.url, env={"PGPASSWORD": "not-the-password"})
    message = one_line_error(result)
    assert message == (f"The server {sample_team.host} did not accept the password for "
                       f"{sample_team.user}; check it and try again.")


def test_a_server_that_does_not_answer_is_one_line(cli, tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://nobody@127.0.0.1:{port}/team"
    for command in (("check", url), ("export", url, "-o", tmp_path / "x.json"),
                    ("copy", url, tmp_path / "x.sqlite"), ("init", url)):
        message = one_line_error(cli(*command))
        assert message.startswith(f"Cannot reach the team portfolio team on 127.0.0.1:{port}: ")
    assert files_in(tmp_path) == []


def test_copy_through_the_command_line_both_ways(cli, tmp_path, team_location):
    source = tmp_path / "sample.sqlite"
    ok(cli("sample", source))
    assert "Copied 8 partners" in ok(cli("copy", source, team_location.url))
    back = tmp_path / "back.sqlite"
    ok(cli("copy", team_location.url, back))
    assert file_dump(back) == file_dump(source)
