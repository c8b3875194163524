"""Every message is one printable line of bounded length, whatever the user typed or the file
holds: long path components, control and bidi characters, huge portfolios, huge numbers, an
ASCII-only terminal, and dates at the end of the calendar."""

import contextlib
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.domain.model import Partner
from planner.domain.quoting import MAX_SHOWN, shown
from planner.domain.stages import Stage
from planner.services import portfolio_io
from planner.services.portfolio import open_portfolio

REPO = Path(__file__).resolve().parents[2]
MAX_LINE = 500


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


def assert_one_line(err: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, repr(err[:300])
    line = err[:-1]
    assert line.isprintable(), repr(line[:300])
    assert len(line) <= MAX_LINE, f"{len(line)} characters: {line[:200]!r}"
    assert "Traceback" not in line


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "p.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(
            dt.date(2026, 6, 1)))
    return path


# the quoting function ----------------------------------------------------------------------

@given(st.text(alphabet=st.characters(), max_size=400))
def test_shown_input_is_one_printable_bounded_line(text):
    result = shown(text)
    assert result.isprintable() and len(result) <= MAX_SHOWN
    # Short enough to show whole even when every character is escaped, at the longest
    # escape: ten characters for one beyond the Basic Multilingual Plane ("\U00010b9d").
    if len(text) <= MAX_SHOWN // 10:  # whole: its own last character ends it, not a cut
        assert result.endswith(shown(text[-1:]) if text else "")
        assert result.startswith(shown(text[:1]))


def test_shown_escapes_what_would_split_repaint_or_reorder_the_line():
    assert shown("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert shown("\x1b[31mred") == "\\x1b[31mred"
    assert shown("abc\u202edef") == "abc\\u202edef"
    assert shown("a\u200bb") == "a\\u200bb"
    assert shown("x" * 100) == "x" * 79 + "\u2026"
    assert shown(Path("/tmp/na\udcffme")) == "/tmp/na\\udcffme"
    assert shown("\U00010b9d" * 8) == "\\U00010b9d" * 8  # 80 characters: whole
    assert shown("\U00010b9d" * 9).endswith("\u2026")  # 90: cut, and says so


# path components over 255 bytes ------------------------------------------------------------

LONG = "n" * 300


def commands(sample: Path, out: Path):
    long_out = out / LONG
    return {
        "check": ["check", out / LONG],
        "export": ["export", sample, "-o", long_out],
        "export --csv": ["export", sample, "--csv", long_out],
        "import": ["import", sample, out / (LONG + ".csv")],
        "brief": ["brief", sample, "--portfolio", "-o", long_out],
        "calendar": ["calendar", sample, "-o", long_out],
        "contacts": ["contacts", sample, "--partner", "x", "-o", long_out],
        "backup": ["backup", sample, "-o", long_out],
        "backups": ["backups", out / LONG],
        "restore": ["restore", out / LONG],
        "sample": ["sample", out / LONG],
        "app open": [out / LONG],
    }


@pytest.mark.parametrize("command", list(commands(Path("s"), Path("o"))))
def test_a_path_component_over_255_bytes_is_one_line(command, sample, tmp_path):
    before = sample.read_bytes()
    code, out, err = run(*commands(sample, tmp_path)[command])
    assert code == 2, (code, out, err)
    assert_one_line(err)
    assert "is 300 bytes long, more than the 255" in err or "is 304 bytes long" in err
    assert sample.read_bytes() == before


def test_a_path_with_line_breaks_and_escapes_is_echoed_on_one_line(tmp_path):
    code, _out, err = run("check", tmp_path / "a\nb\x1b[2J\u202ec.sqlite")
    assert code == 1
    assert_one_line(err)
    assert "a\\nb\\x1b[2J\\u202ec.sqlite" in err


# huge portfolios and numbers ----------------------------------------------------------------

def test_an_unknown_partner_in_a_large_portfolio_is_one_short_line(tmp_path):
    path = tmp_path / "big.sqlite"
    records = [portfolio_io.json_to_record({"name": f"Partner {n:05d} " + "x" * 150,
                                            "stage": "bridges"}, "$")
               for n in range(2_000)]
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), records)
    for argv in (["contacts", path, "--partner", "Nobody at all", "-o", tmp_path / "a.vcf"],
                 ["brief", path, "--partner", "Nobody at all", "-o", tmp_path / "a.pdf"],
                 ["contacts", path, "--partner", "Partner 0", "-o", tmp_path / "a.vcf"]):
        code, _out, err = run(*argv)
        assert code == 1
        assert_one_line(err)


@pytest.mark.parametrize("digits", [4_000, 5_000])
def test_a_huge_version_number_is_not_echoed(digits, sample, tmp_path):
    export = tmp_path / "v.json"
    export.write_text('{"format": "partner-planner", "version": 1' + "0" * (digits - 1)
                      + ', "partners": []}')
    code, _out, err = run("import", sample, export)
    assert code == 1
    assert_one_line(err)


# the end of the calendar --------------------------------------------------------------------

@pytest.mark.parametrize("which", [["--portfolio"], ["--partner", "Meridian Geodata"]])
@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_a_brief_dated_at_the_end_of_the_calendar_is_written(which, date, sample, tmp_path):
    code, out, err = run("brief", sample, *which, "-o", tmp_path / "b.pdf", "--date", date)
    assert (code, err) == (0, ""), err
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


def test_a_review_on_the_last_day_there_is_goes_to_the_calendar(tmp_path):
    import icalendar

    from planner.services import partners

    path = tmp_path / "p.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), Partner("Acme", Stage.BRIDGES,
                                                      next_review=dt.date.max))
    code, _out, err = run("calendar", path, "-o", tmp_path / "c.ics")
    assert (code, err) == (0, "")
    calendar = icalendar.Calendar.from_ical((tmp_path / "c.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == dt.date.max and "DTEND" not in event


# an ASCII-only terminal -----------------------------------------------------------------------

def test_names_beyond_ascii_print_on_an_ascii_terminal(sample, tmp_path):
    sheet = tmp_path / "names.csv"
    sheet.write_text("Partner,Stage\nCafé Ümlaut,bridges\nشركة الخليج,exit\n", "utf-8")
    env = dict(os.environ, PYTHONIOENCODING="ascii", LANG="C", LC_ALL="C",
               PYTHONPATH=str(REPO))
    for argv, expected_code in (
            (["import", sample, sheet, "--dry-run"], 0),
            (["contacts", sample, "--partner", "Zoë Ünknown", "-o", tmp_path / "z.vcf"], 1),
            (["check", sample], 0)):
        done = subprocess.run([sys.executable, "-m", "planner", *map(str, argv)],
                              capture_output=True, env=env, timeout=120)
        assert done.returncode == expected_code, done.stderr.decode("ascii", "replace")
        assert b"Traceback" not in done.stderr and b"UnicodeEncodeError" not in done.stderr
        if expected_code:
            assert_one_line(done.stderr.decode("ascii"))
    assert b"Caf\\xe9 \\xdcmlaut" in subprocess.run(
        [sys.executable, "-m", "planner", "import", str(sample), str(sheet), "--dry-run"],
        capture_output=True, env=env, timeout=120).stdout


# the property: any text in paths and names ----------------------------------------------------

# What argv can hold: any text without NUL, and undecodable bytes as surrogate escapes.
ARG_TEXT = st.text(alphabet=st.one_of(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
    st.sampled_from(["\udc80", "\udcff", "\u202e", "\u200b", "\n", "\x1b"])),
    min_size=1, max_size=600)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=ARG_TEXT, filename=ARG_TEXT, command=st.sampled_from(
    ["check", "contacts", "brief", "import", "export", "calendar", "backups", "map"]))
def test_every_cli_error_is_one_printable_bounded_line(name, filename, command, sample,
                                                      tmp_path):
    if filename.startswith("-"):
        filename = "./" + filename
    target = tmp_path / filename.replace("/", "_")
    argv = {
        "check": ["check", target],
        "contacts": ["contacts", sample, f"--partner={name}", "-o", target],
        "brief": ["brief", sample, f"--partner={name}", "-o", target],
        "import": ["import", sample, target],
        "export": ["export", target, "-o", tmp_path / "out.json"],
        "calendar": ["calendar", target, "-o", tmp_path / "out.ics"],
        "backups": ["backups", target],
        "map": ["import", sample, REPO / "tests/exchange/data/partners-fixed.csv", "--dry-run",
                f"--map={name}=name", f"--map={filename}=owner"],
    }[command]
    before = sample.read_bytes()
    code, _out, err = run(*argv)
    if code:
        assert_one_line(err)
    assert sample.read_bytes() == before
