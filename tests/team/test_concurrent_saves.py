"""Sessions racing on one record of a team portfolio on the real PostgreSQL server, each with
its own connection: exactly one save per version wins, every other gets the sentence, and the
stored record holds only what was committed. Two partners of one name added at once: one
wins, the other gets the usual refusal."""

from __future__ import annotations

import dataclasses
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from planner.domain.errors import DuplicateName, EditConflict
from planner.domain.model import Area, Difference, Partner
from planner.services import differences, partners
from planner.services.portfolio import open_portfolio
from tests.two_people import CLOCK, editors


def race(locations, work):
    """Run work(portfolio, index, barrier) at once in one thread per location, each on its
    own connection; the results (or refusals) in order."""
    barrier = threading.Barrier(len(locations))

    def one(index):
        with open_portfolio(locations[index]) as portfolio:
            try:
                return work(portfolio, index, barrier)
            except (EditConflict, DuplicateName) as refusal:
                return refusal

    with ThreadPoolExecutor(len(locations)) as pool:
        return list(pool.map(one, range(len(locations))))


@pytest.fixture
def stored(team_portfolio_location):
    with open_portfolio(team_portfolio_location) as portfolio:
        acme = partners.add_partner(portfolio.uow(), Partner("Acme"))
        return differences.record_difference(portfolio.uow(), Difference(
            acme.id, Area.PROCESS, "Quarterly plans", "Weekly sprints"))


def current(location, difference_id):
    with open_portfolio(location) as portfolio:
        return next(d for d in differences.differences(portfolio.uow(), portfolio_partner(
            portfolio)) if d.id == difference_id)


def portfolio_partner(portfolio):
    return partners.find_partner(portfolio.uow(), "Acme").id


def saving_own_management(tag: str = ""):
    """Load the record, wait for everyone to have loaded it, then save a value of one's own
    (unique in the test: saving what is already stored changes nothing, and wins nothing)
    over that version."""
    def save(portfolio, index, barrier):
        loaded = current_in(portfolio)
        barrier.wait()
        return differences.update_difference(
            portfolio.uow(), dataclasses.replace(loaded, management=f"way {tag}{index}"),
            loaded=loaded)
    return save


def current_in(portfolio):
    return differences.differences(portfolio.uow(), portfolio_partner(portfolio))[0]


def test_two_people_saving_one_version_one_wins_the_other_is_told_who(
        team_portfolio_location, stored, postgres_server, make_user):
    people = editors(postgres_server, team_portfolio_location, make_user, ("ann", "bob"))
    results = race(people, saving_own_management())

    won = [r for r in results if not isinstance(r, Exception)]
    refused = [(i, r) for i, r in enumerate(results) if isinstance(r, EditConflict)]
    assert len(won) == 1 and len(refused) == 1
    loser, refusal = refused[0]
    winner = people[1 - loser].user
    assert re.fullmatch(rf"{re.escape(winner)} changed the agreed way to manage this "
                        rf"difference {CLOCK}; your change was not saved\.", str(refusal))
    final = current(team_portfolio_location, stored.id)
    assert final == won[0] and final.version == stored.version + 1
    assert final.management == f"way {1 - loser}"


@pytest.mark.parametrize("rounds", [3])
def test_ten_sessions_one_save_per_version_wins(team_portfolio_location, stored, rounds):
    locations = [team_portfolio_location] * 10
    winners = []
    for round_ in range(rounds):
        results = race(locations, saving_own_management(f"{round_}-"))
        won = [r for r in results if not isinstance(r, Exception)]
        assert len(won) == 1, results
        assert all(re.search(rf"changed the agreed way to manage this difference {CLOCK}; "
                             r"your change was not saved\.$", str(r))
                   for r in results if isinstance(r, Exception))
        winners.append(won[0])
    final = current(team_portfolio_location, stored.id)
    assert [w.version for w in winners] == list(range(stored.version + 1,
                                                      stored.version + 1 + rounds))
    assert final == winners[-1] and final.version == stored.version + rounds


def test_ten_sessions_editing_freely_lose_nothing(team_portfolio_location, stored):
    """Each session loads, saves over what it loaded, and loads again, many times: every
    committed value is a version of its own, and the record ends as the last one left it."""
    committed, refused = [], []
    lock = threading.Lock()

    def edit_freely(portfolio, index, barrier):
        barrier.wait()
        for n in range(6):
            loaded = current_in(portfolio)
            value = f"{index}-{n}"
            try:
                saved = differences.update_difference(
                    portfolio.uow(), dataclasses.replace(loaded, owner=value), loaded=loaded)
            except EditConflict:
                with lock:
                    refused.append((loaded.version, value))
            else:
                with lock:
                    committed.append((saved.version, value))

    race([team_portfolio_location] * 10, edit_freely)
    versions = sorted(v for v, _ in committed)
    # exactly one commit per version, none skipped, none shared
    assert versions == list(range(stored.version + 1, stored.version + 1 + len(committed)))
    final = current(team_portfolio_location, stored.id)
    assert (final.version, final.owner) == max(committed)
    assert refused  # ten sessions at once: some must have lost a race


@pytest.mark.parametrize("racers", [2, 10])
def test_partners_of_one_name_added_at_once_one_wins(team_portfolio_location, racers):
    def add_globex(portfolio, index, barrier):
        barrier.wait()
        return partners.add_partner(portfolio.uow(), Partner("Globex", owner=f"#{index}"))

    results = race([team_portfolio_location] * racers, add_globex)
    won = [r for r in results if isinstance(r, Partner)]
    refused = [r for r in results if isinstance(r, DuplicateName)]
    assert len(won) == 1 and len(refused) == racers - 1, results
    assert {str(r) for r in refused} == {"A partner named 'Globex' is already in the "
                                         "portfolio."}
    with open_portfolio(team_portfolio_location) as portfolio:
        assert [(p.name, p.owner) for p in partners.list_partners(portfolio.uow())] \
            == [("Globex", won[0].owner)]
