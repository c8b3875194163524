"""Two people changing the portfolio's own settings at once: the second save over a setting
the first one changed is refused with who changed which and when, and nothing is written; a
setting the second leaves alone is not compared. On a team portfolio (two database users) and
on a file (two units of work on the one open portfolio)."""

import re

import pytest

from planner.domain.errors import EditConflict
from planner.services.portfolio_settings import read_settings, update_settings
from tests.two_people import CLOCK, name_of


def test_a_stale_retention_is_refused_naming_who_changed_it_and_when(people):
    ann, bob = people
    anns, bobs = read_settings(ann.uow()), read_settings(bob.uow())
    theirs = update_settings(bob.uow(), history_days=30, loaded=bobs)

    with pytest.raises(EditConflict) as refused:
        update_settings(ann.uow(), history_days=730, loaded=anns)

    assert re.fullmatch(rf"{re.escape(name_of(bob))} changed how long this portfolio keeps "
                        rf"its history {CLOCK}; your change was not saved\.",
                        str(refused.value)), str(refused.value)
    assert refused.value.current == theirs and refused.value.current.history_days == 30
    assert read_settings(ann.uow()).history_days == 30


def test_a_setting_first_stored_by_someone_else_meanwhile_is_refused_too(people):
    ann, bob = people
    anns, bobs = read_settings(ann.uow()), read_settings(bob.uow())
    assert "name" not in anns.versions  # never stored: the first save creates it
    update_settings(bob.uow(), name="Bob's alliances", loaded=bobs)
    with pytest.raises(EditConflict, match=rf"changed the name of this portfolio {CLOCK}; "):
        update_settings(ann.uow(), name="Ann's alliances", loaded=anns)
    assert read_settings(ann.uow()).name == "Bob's alliances"


def test_several_settings_changed_meanwhile_are_listed(people):
    ann, bob = people
    anns, bobs = read_settings(ann.uow()), read_settings(bob.uow())
    update_settings(bob.uow(), name="Bob's", currency="CHF", loaded=bobs)
    with pytest.raises(EditConflict, match=r"changed this portfolio's settings \(name and "
                                           rf"currency\) {CLOCK}; your change was not saved"):
        update_settings(ann.uow(), name="Ann's", currency="USD", history_days=90,
                        loaded=anns)
    after = read_settings(ann.uow())
    assert (after.name, after.currency, after.history_days) == ("Bob's", "CHF", 365)


def test_different_settings_changed_at_once_both_stay(people):
    ann, bob = people
    update_settings(ann.uow(), name="Alliances", currency="EUR")  # both stored once
    anns, bobs = read_settings(ann.uow()), read_settings(bob.uow())
    update_settings(bob.uow(), currency="GBP", loaded=bobs)
    update_settings(ann.uow(), name="EMEA alliances", loaded=anns)
    after = read_settings(ann.uow())
    assert (after.name, after.currency) == ("EMEA alliances", "GBP")


def test_the_version_a_save_hands_back_is_the_one_the_next_save_checks(people):
    ann, _ = people
    first = update_settings(ann.uow(), currency="USD", loaded=read_settings(ann.uow()))
    second = update_settings(ann.uow(), currency="JPY", loaded=first)
    assert second.versions["currency"] == first.versions["currency"] + 1
    with pytest.raises(EditConflict):  # the same loaded version cannot win twice
        update_settings(ann.uow(), currency="SEK", loaded=first)
    assert read_settings(ann.uow()).currency == "JPY"
