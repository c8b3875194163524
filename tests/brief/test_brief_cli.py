"""`planner brief` through the real entry point."""

import pytest
from pypdf import PdfReader

from planner.brief.paper import locale_paper

from .conftest import flat, page_count, pdf_text


def test_partner_brief_by_name_in_any_case(run_cli, sample_file, tmp_path):
    out = tmp_path / "helix.pdf"
    result = run_cli("brief", sample_file, "--partner", "helix & stone CONSULTING", "-o", out,
                     "--date", "2026-06-09", "--paper", "a4")
    assert result.returncode == 0, result.stderr
    assert "Helix & Stone Consulting" in result.stdout
    text = flat(pdf_text(out.read_bytes()))
    assert "Helix & Stone Consulting" in text and "Tuesday 9 June 2026" in text
    assert page_count(out.read_bytes()) == 1


def test_portfolio_brief_on_letter(run_cli, sample_file, tmp_path):
    out = tmp_path / "portfolio.pdf"
    result = run_cli("brief", sample_file, "--portfolio", "-o", out, "--paper", "letter")
    assert result.returncode == 0, result.stderr
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_same_input_gives_the_same_bytes(run_cli, sample_file, tmp_path):
    outs = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    for out in outs:
        assert run_cli("brief", sample_file, "--partner", "Datastrom", "-o", out,
                       "--date", "2026-06-01").returncode == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_unknown_partner_lists_close_matches(run_cli, sample_file, tmp_path):
    out = tmp_path / "x.pdf"
    result = run_cli("brief", sample_file, "--partner", "Quilmark Sofware", "-o", out)
    assert result.returncode == 1
    assert result.stderr.strip() == ("planner: error: No partner is named 'Quilmark Sofware'; "
                                     "did you mean 'Quillmark Software'?")
    assert not out.exists()


@pytest.mark.parametrize("args, message", [
    (["--date", "2026-02-30"], "'2026-02-30' is not a real date"),
    (["--paper", "a5"], "Unknown paper size 'a5'; use a4 or letter."),
])
def test_bad_date_or_paper_is_one_line(run_cli, sample_file, tmp_path, args, message):
    out = tmp_path / "x.pdf"
    result = run_cli("brief", sample_file, "--portfolio", "-o", out, *args)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_a_missing_portfolio_is_one_line(run_cli, tmp_path):
    result = run_cli("brief", tmp_path / "none.sqlite", "--portfolio", "-o", tmp_path / "x.pdf")
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("environ, paper", [
    ({"LANG": "en_US.UTF-8"}, "letter"),
    ({"LANG": "en_GB.UTF-8"}, "a4"),
    ({"LANG": "en_GB.UTF-8", "LC_PAPER": "es_MX.UTF-8"}, "letter"),
    ({"LC_ALL": "fr_CA.UTF-8", "LANG": "de_DE.UTF-8"}, "letter"),
    ({"LANG": "C.UTF-8"}, "a4"),
    ({}, "a4"),
])
def test_paper_follows_the_locale(environ, paper):
    assert locale_paper(environ).name == paper


def test_place_is_for_a_partner_brief_only(run_cli, sample_file, tmp_path):
    out = tmp_path / "x.pdf"
    result = run_cli("brief", sample_file, "--portfolio", "-o", out, "--place", "Leeds")
    assert result.returncode == 2
    assert "--place is for a partner brief" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()


def test_a_portfolio_brief_as_of_another_day_still_says_when_it_was_printed(run_cli,
                                                                            sample_file,
                                                                            tmp_path):
    import datetime as dt

    from planner.domain.brief_content import long_date

    out = tmp_path / "asof.pdf"
    result = run_cli("brief", sample_file, "--portfolio", "-o", out, "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    text = flat(pdf_text(out.read_bytes()))
    assert "AS OF" in text and "AS OF TODAY" not in text and "Monday 1 June 2026" in text
    assert f"printed {long_date(dt.date.today())}" in text
