"""Naming a partner for a brief (`planner brief PATH NAME`): any case finds it; a name that
is no partner's suggests the partners whose names hold it or come close, and only those."""

import pytest

from planner.domain.errors import NotFound
from planner.domain.model import Partner
from planner.services.briefs import partner_named
from planner.services.partners import add_partner

NAMES = ["Acme Analytics", "Bolt Robotics", "Cobalt Mining", "Zenith Labs"]


@pytest.fixture
def four(portfolio):
    for name in NAMES:
        add_partner(portfolio.uow(), Partner(name))
    return portfolio


def refusal(portfolio, name: str) -> str:
    with pytest.raises(NotFound) as refused:
        partner_named(portfolio.uow(), name)
    return str(refused.value)


def test_a_partner_is_found_by_its_name_in_any_case(four):
    assert partner_named(four.uow(), "bolt ROBOTICS").name == "Bolt Robotics"


@pytest.mark.parametrize(("asked", "said"), [
    ("acme", "No partner is named 'acme'; did you mean 'Acme Analytics'?"),
    ("robot", "No partner is named 'robot'; did you mean 'Bolt Robotics'?"),
    ("Zenith Lab", "No partner is named 'Zenith Lab'; did you mean 'Zenith Labs'?"),
    ("Qxv", "No partner is named 'Qxv'; the portfolio has 4 partners, none with a similar "
            "name."),
])
def test_a_name_that_is_no_partners_suggests_only_the_partners_like_it(four, asked, said):
    assert refusal(four, asked) == said


def test_an_empty_portfolio_says_it_has_no_partners_yet(portfolio):
    assert refusal(portfolio, "Acme") == ("No partner is named 'Acme': the portfolio has no "
                                          "partners yet.")
