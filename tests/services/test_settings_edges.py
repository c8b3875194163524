"""The portfolio settings at their edges: the retention's first and last days are taken (one
more or one less is refused: test_history.py), a name of 120 characters is and one more is not,
and a save refused because someone changed one of its settings meanwhile names that setting
alone, not the others it also changes."""

import re

import pytest

from planner.domain.errors import EditConflict, InvalidValue
from planner.services.portfolio_settings import read_settings, update_settings
from tests.two_people import CLOCK, name_of


@pytest.mark.parametrize("days", [1, 2, 3649, 3650])
def test_a_retention_from_one_day_to_ten_years_is_kept(portfolio, days):
    assert update_settings(portfolio.uow(), history_days=days).history_days == days
    assert read_settings(portfolio.uow()).history_days == days


def test_a_name_of_120_characters_is_kept_and_one_more_is_refused_in_a_sentence(portfolio):
    assert update_settings(portfolio.uow(), name="N" * 120).name == "N" * 120
    with pytest.raises(InvalidValue) as refused:
        update_settings(portfolio.uow(), name="  " + "M" * 121)
    assert str(refused.value) == "A portfolio name is at most 120 characters."
    assert read_settings(portfolio.uow()).name == "N" * 120


def test_a_refusal_names_only_the_setting_changed_meanwhile(people):
    ann, bob = people
    update_settings(ann.uow(), name="Alliances", currency="EUR")  # both stored before
    anns, bobs = read_settings(ann.uow()), read_settings(bob.uow())
    update_settings(bob.uow(), currency="GBP", loaded=bobs)

    with pytest.raises(EditConflict) as refused:
        update_settings(ann.uow(), name="EMEA alliances", currency="USD", loaded=anns)

    assert re.fullmatch(rf"{re.escape(name_of(bob))} changed the currency of this portfolio "
                        rf"{CLOCK}; your change was not saved\.", str(refused.value)), \
        str(refused.value)
    after = read_settings(ann.uow())
    assert (after.name, after.currency) == ("Alliances", "GBP")
