"""What the editor lets in, both engines keep, to the character: the longest texts, a name
whose key folds longer, the largest worth, an address as long as the format allows; and what
neither should hold (a NUL, a group past its column) is refused or cleaned the same way on
both, in one sentence (a server enforces lengths and refuses NUL; SQLite does neither)."""

import datetime as dt
import json

import pytest

from planner.domain.errors import PlannerError
from planner.domain.model import ChecklistItem, Partner, Side, Stakeholder, ValueExchange
from planner.domain.stages import Stage
from planner.services import checklist, partners, people, portfolio_io, value
from planner.services.portfolio_settings import read_settings, update_settings


def test_a_name_whose_key_folds_longer_is_kept(portfolio):
    name = ("Straße " * 30)[:199] + "ß"
    added = partners.add_partner(portfolio.uow(), Partner(name))
    assert partners.get_partner(portfolio.uow(), added.id).name == name
    assert partners.find_partner(portfolio.uow(), name.upper()).id == added.id


def test_the_largest_worth_is_kept(portfolio, acme):
    stored = value.record_exchange(portfolio.uow(), ValueExchange(
        acme.id, Side.THEIRS, "A licence", 10**15))
    assert partners.partner_record(portfolio.uow(), acme.id).value[0].worth == 10**15
    assert stored.worth == 10**15


def test_an_imported_address_as_long_as_the_format_allows_is_kept(portfolio):
    address = "a" * 242 + "@example.org"  # 254 characters: the format's limit
    document = {"format": "partner-planner", "version": 1, "partners": [{
        "name": "Acme", "stage": "courtship", "kind": "horizontal",
        "stakeholders": [{"key": "s1", "name": "Ann", "side": "ours", "email": address}]}]}
    portfolio_io.import_records(portfolio.uow(), portfolio_io.document_records(
        portfolio_io.parse_document(json.dumps(document).encode())))
    (person,) = partners.partner_record(
        portfolio.uow(), partners.find_partner(portfolio.uow(), "Acme").id).stakeholders
    assert person.email == address


def test_a_group_of_alternatives_is_held_to_the_formats_limit(portfolio, acme):
    """The interchange format holds a group's name to 60 characters, and so does its column;
    the editor let in 20,000 (a file kept them and then could not import its own export; a
    server refused the save with its own words)."""
    with pytest.raises(PlannerError, match="at most 60") as refused:
        checklist.add_item(portfolio.uow(), ChecklistItem(acme.id, Stage.BRIDGES, "Pick one",
                                                          choice_group="g" * 61))
    assert "\n" not in str(refused.value)
    item = checklist.add_item(portfolio.uow(), ChecklistItem(
        acme.id, Stage.BRIDGES, "Pick one", choice_group="ü" * 60))
    assert item.choice_group == "ü" * 60
    document = portfolio_io.export_document(portfolio.uow())
    assert portfolio_io.document_records(json.loads(json.dumps(document)))


def test_a_portfolio_name_is_cleaned_like_every_other_text(portfolio):
    """A NUL (pasted, or from a script) is dropped as the editor drops it from every field;
    a lone surrogate is not text and is refused in one sentence."""
    update_settings(portfolio.uow(), name="Alli\x00ances  EMEA", currency="eur")
    assert read_settings(portfolio.uow()).name == "Alliances EMEA"
    with pytest.raises(PlannerError, match="not text"):
        update_settings(portfolio.uow(), name="Alliances \ud800")
    assert read_settings(portfolio.uow()).name == "Alliances EMEA"


def test_the_longest_texts_the_editor_takes_are_kept(portfolio, acme):
    person = people.add_stakeholder(portfolio.uow(), Stakeholder(
        acme.id, "Ä" * 200, Side.THEIRS, role="日" * 200, email="b" * 188 + "@example.org",
        phone="+" * 50))
    again = partners.partner_record(portfolio.uow(), acme.id).stakeholders[0]
    assert again == person and len(again.name) == 200 and len(again.email) == 200


def test_value_totals_are_whole_numbers_on_both_engines(portfolio, acme):
    """A server sums a BIGINT worth as NUMERIC: the totals must still be whole numbers, as
    the domain's balance (and every figure built on it) takes them."""
    from planner.services.partners import portfolio_overview

    for worth in (4000, 10**15):
        value.record_exchange(portfolio.uow(), ValueExchange(acme.id, Side.OURS, "Leads",
                                                             worth))
    with portfolio.uow() as uow:
        totals = uow.value_totals()
    assert totals[acme.id] == (10**15 + 4000, 0)
    assert all(type(t) is int for t in totals[acme.id])
    portfolio_overview(portfolio.uow(), dt.date(2026, 6, 1))  # the attention rules add them up
