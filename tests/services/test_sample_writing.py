"""Writing a sample portfolio in-process (`planner sample PATH [--force]`, whose command-line
tests run it in a subprocess): a new file, the --force replacement of a portfolio (backed up
first, under its lock) and the refusals that leave other files as they were; and who a brief
names as its preparer."""

import getpass
import types

import pytest

from planner.domain.errors import PlannerError, PortfolioLocked
from planner.domain.model import Partner
from planner.services import backups, briefs
from planner.services.partners import add_partner, partner_names
from planner.services.portfolio import open_portfolio, write_sample


def fill_with(name):
    return lambda portfolio: add_partner(portfolio.uow(), Partner(name))


def names_in(path):
    with open_portfolio(path) as portfolio:
        return partner_names(portfolio.uow())


def test_a_sample_is_written_to_a_new_file_and_refused_over_one_without_force(tmp_path):
    path = tmp_path / "sample.sqlite"
    write_sample(path, fill_with("Acme"))
    assert names_in(path) == ["Acme"]
    with pytest.raises(PlannerError) as refused:
        write_sample(path, fill_with("Globex"))
    assert str(refused.value).endswith("already exists; use --force to overwrite it.")
    assert names_in(path) == ["Acme"]


def test_force_replaces_a_portfolio_after_backing_it_up(tmp_path):
    path = tmp_path / "sample.sqlite"
    write_sample(path, fill_with("Acme"))
    write_sample(path, fill_with("Globex"), force=True)
    assert names_in(path) == ["Globex"]
    [kept] = [b for b in backups.list_backups(path) if b.reason == "sample"]
    assert kept.partners == 1
    assert not list(tmp_path.glob(".sample.sqlite.sample-partial*"))


def test_force_over_a_portfolio_open_elsewhere_is_refused_and_leaves_it_as_it_was(tmp_path):
    path = tmp_path / "sample.sqlite"
    write_sample(path, fill_with("Acme"))
    with open_portfolio(path):  # holds the portfolio's lock for writing
        with pytest.raises(PortfolioLocked):
            write_sample(path, fill_with("Globex"), force=True)
    assert names_in(path) == ["Acme"]
    assert "sample" not in [b.reason for b in backups.list_backups(path)]


def test_force_never_replaces_a_file_that_is_not_a_portfolio(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    with pytest.raises(PlannerError) as refused:
        write_sample(notes, fill_with("Acme"), force=True)
    assert str(refused.value).endswith("is not a Partner Planner portfolio; --force replaces "
                                       "portfolios only, so it was left as it is.")
    assert notes.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(("gecos", "named"), [
    ("Ann Lee,Room 4,,", "Ann Lee (ann)"), ("ann", "ann"), ("", "ann"), (" ,x", "ann")])
def test_the_preparer_is_the_users_full_name_and_login_or_the_login_alone(monkeypatch, gecos,
                                                                         named):
    import pwd

    monkeypatch.setattr(getpass, "getuser", lambda: "ann")
    monkeypatch.setattr(pwd, "getpwnam", lambda login: types.SimpleNamespace(pw_gecos=gecos))
    assert briefs.preparer() == named
