import pytest

from planner.domain.errors import InvalidValue
from planner.services.portfolio import open_portfolio
from planner.services.portfolio_settings import read_settings, update_settings


def test_settings_default_then_persist_across_reopen(tmp_path):
    path = tmp_path / "p.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        first = read_settings(portfolio.uow())
        assert first.name == ""
        assert len(first.currency) == 3 and first.currency.isupper()
        update_settings(portfolio.uow(), name="  Northwind   alliances ", currency="gbp")
    with open_portfolio(path) as portfolio:
        again = read_settings(portfolio.uow())
    assert (again.name, again.currency) == ("Northwind alliances", "GBP")


@pytest.mark.parametrize("currency", ["", "EU", "EURO", "€", "12A"])
def test_a_currency_that_is_not_a_code_is_refused_and_nothing_changes(tmp_path, currency):
    with open_portfolio(tmp_path / "p.sqlite", create=True) as portfolio:
        update_settings(portfolio.uow(), currency="USD")
        with pytest.raises(InvalidValue):
            update_settings(portfolio.uow(), name="Changed", currency=currency)
        after = read_settings(portfolio.uow())
    assert (after.name, after.currency) == ("", "USD")


def test_a_name_that_is_not_text_is_refused_in_the_settings_words(tmp_path):
    with open_portfolio(tmp_path / "p.sqlite", create=True) as portfolio:
        with pytest.raises(InvalidValue) as refused:
            update_settings(portfolio.uow(), name="North\ud800wind")
        assert str(refused.value) == "The portfolio name contains a character that is not text."
        assert read_settings(portfolio.uow()).name == ""
