"""No command that writes a file may replace a portfolio, its companions, or a file SQLite has
open: one sentence, exit 1, and every byte where it was (issue: outputs over the portfolio)."""

import hashlib
import os
import shutil

import pytest

from planner.cli import main
from planner.services import backups, briefs, calendar_export, portfolio_io
from planner.services.portfolio import open_portfolio

# Every command that writes a file, with OUT standing for its output.
WRITERS = {
    "export": ["export", "{p}", "-o", "{out}"],
    "calendar": ["calendar", "{p}", "-o", "{out}"],
    "contacts": ["contacts", "{p}", "--partner", "{partner}", "-o", "{out}"],
    "brief": ["brief", "{p}", "--partner", "{partner}", "-o", "{out}"],
    "brief --portfolio": ["brief", "{p}", "--portfolio", "-o", "{out}"],
    "backup -o": ["backup", "{p}", "-o", "{out}"],
}


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and not p.is_symlink()}


@pytest.fixture
def two(sample_path, tmp_path):
    """The sample portfolio, and a second one beside it."""
    other = tmp_path / "other.sqlite"
    shutil.copy(sample_path, other)
    return sample_path, other


def run(argv, p, out, capsys):
    with open_portfolio(p, read_only=True) as portfolio:
        partner = portfolio_io.export_document(portfolio.uow())["partners"][0]["name"]
    args = [a.format(p=p, out=out, partner=partner) for a in argv]
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.err


def assert_refused(code, err):
    assert code == 1, err
    assert err.count("\n") == 1 and err.startswith("planner: error: "), err
    assert "name another file" in err or "name a new file for the backup" in err, err


TARGETS = ["itself", "another portfolio", "its -wal", "its -shm", "its .lock",
           "a hard link to it", "a symlink to it", "a backup of it"]


def target(kind, p, other, tmp_path):
    if kind == "itself":
        return p
    if kind == "another portfolio":
        return other
    if kind in ("its -wal", "its -shm"):
        return p.with_name(p.name + kind[-4:])  # need not exist: the name alone is refused
    if kind == "its .lock":
        locked = p.with_name(p.name + ".lock")
        locked.write_text("{}")
        return locked
    if kind == "a hard link to it":
        link = tmp_path / "hard.json"
        os.link(p, link)
        return link
    if kind == "a symlink to it":
        link = tmp_path / "soft.ics"
        link.symlink_to(p)
        return link
    return backups.take_backup(p).path


@pytest.mark.parametrize("kind", TARGETS)
@pytest.mark.parametrize("command", list(WRITERS))
def test_no_output_replaces_a_portfolio_or_its_companions(command, kind, two, tmp_path, capsys):
    p, other = two
    out = target(kind, p, other, tmp_path)
    before = digest(tmp_path), digest(out.parent)
    code, err = run(WRITERS[command], p, out, capsys)
    assert_refused(code, err)
    assert (digest(tmp_path), digest(out.parent)) == before
    if out.is_symlink():
        assert os.readlink(out) == str(p)


@pytest.mark.parametrize("command", list(WRITERS))
def test_the_live_wal_of_an_open_portfolio_is_never_replaced(command, two, tmp_path, capsys):
    p, _other = two
    with open_portfolio(p) as open_one:  # its -wal and -shm exist while it is open
        wal = p.with_name(p.name + "-wal")
        assert wal.exists()
        for out in (wal, p.with_name(p.name + "-shm")):
            before = hashlib.sha256(out.read_bytes()).hexdigest()
            code, err = run(WRITERS[command], p, out, capsys)
            assert_refused(code, err)
            assert hashlib.sha256(out.read_bytes()).hexdigest() == before
        assert open_one.uow() is not None


def test_a_file_sqlite_has_open_is_refused_by_identity_under_any_name(two, tmp_path):
    p, _other = two
    with open_portfolio(p) as portfolio:
        wal_link = tmp_path / "innocent.json"
        os.link(p.with_name(p.name + "-wal"), wal_link)  # another name for the live WAL
        for write in (lambda t: portfolio_io.export_json(portfolio.uow(), t),
                      lambda t: calendar_export.export_calendar(portfolio.uow(), t,
                                                                uid_key="x"),
                      lambda t: briefs.save_pdf(t, b"%PDF-1.4"),
                      lambda t: portfolio.save_copy(t)):
            before = wal_link.read_bytes()
            with pytest.raises(Exception) as caught:
                write(wal_link)
            assert "name another file" in str(caught.value)
            assert wal_link.read_bytes() == before


def test_csv_export_never_replaces_a_portfolio_named_like_a_table(two, tmp_path, capsys):
    p, other = two
    folder = tmp_path / "csv"
    folder.mkdir()
    shutil.copy(other, folder / "partners.csv")
    before = digest(folder)
    code = main(["export", str(p), "--csv", str(folder)])
    err = capsys.readouterr().err
    assert_refused(code, err)
    assert digest(folder) == before
    assert sorted(x.name for x in folder.iterdir()) == ["partners.csv"]  # no half export


def test_ordinary_outputs_are_still_written_and_replaced(two, tmp_path, capsys):
    p, _other = two
    out = tmp_path / "reviews.ics"
    out.write_text("an older calendar")
    assert main(["calendar", str(p), "-o", str(out)]) == 0
    assert out.read_text().startswith("BEGIN:VCALENDAR")
    notes_wal = tmp_path / "notes-wal"  # a name like a WAL's, beside no portfolio
    assert main(["export", str(p), "-o", str(notes_wal)]) == 0
    capsys.readouterr()
