"""The review agenda's rules one at a time: objectives, results, and our own preparation."""

import dataclasses
import datetime as dt

from planner.domain.agenda import AgendaFacts, internal_preparation, review_agenda
from planner.domain.model import Action, Partner, Side, ValueCategory, ValueExchange
from planner.domain.people import web_report
from planner.domain.stages import Stage
from planner.domain.value import verdict

DAY = dt.date(2026, 6, 1)
ACME = Partner("Acme", Stage.BRIDGES, definition="A joint cloud offer for retailers")


def facts(**changes) -> AgendaFacts:
    plain = AgendaFacts(partner=ACME, date=DAY, meeting=None, moments=(),
                        questions=(), unmanaged=(), actions=(), done_since=(), value_since=(),
                        health=None, verdict=verdict((), DAY), web=web_report((), ()),
                        checklist=())
    return dataclasses.replace(plain, **changes)


def line(source: str, **changes) -> str:
    return next(i.text for i in review_agenda(facts(**changes)) if i.source == source)


def win(what: str, worth: int) -> ValueExchange:
    return ValueExchange(1, Side.THEIRS, what, worth, DAY - dt.timedelta(days=10))


def test_objectives_ask_for_a_shared_definition_only_before_the_exit():
    undefined = dataclasses.replace(ACME, definition=" ")
    assert line("objectives", partner=undefined) == (
        "Objectives: what each side wants from this review, and one sentence both sides sign "
        "that says what this alliance is for.")
    assert line("objectives") == ("Objectives: what each side wants from this review; is the "
                                  "shared definition still true?")
    leaving = dataclasses.replace(undefined, stage=Stage.EXIT)
    assert line("objectives", partner=leaving).startswith(
        "Objectives: what each side needs from the exit or the new course")


def test_results_show_the_two_biggest_wins_and_only_one_when_something_slipped():
    wins = (win("Small", 5), win("Biggest", 50), win("Middle", 20),
            dataclasses.replace(win("A payment", 90), category=ValueCategory.CONTRACT_PAYMENT))
    assert line("results", value_since=wins) == (
        "Results against the joint plan (wins first): Biggest; Middle.")
    late = Action(1, "Send the plan", due=DAY - dt.timedelta(days=3))
    assert line("results", value_since=wins, actions=(late,)) == (
        "Results against the joint plan (wins first): Biggest; then what slipped (1 overdue "
        "action).")
    assert line("results") == "Results against the joint plan (wins first)."


def test_a_long_win_is_cut_at_a_word_with_an_ellipsis():
    long = win("A joint webinar series with three hundred sign ups in May", 10)
    assert line("results", value_since=(long,)) == (
        "Results against the joint plan (wins first): A joint webinar series with three "
        "hundred\u2026.")


def test_without_a_decision_our_preparation_asks_the_sponsor_for_one():
    assert internal_preparation(facts())[0] == ("No decision is recorded for this review: "
                                                "agree with our sponsor what it must settle.")
    decided = dataclasses.replace(ACME, decision_needed="Extend to food?")
    assert not any("No decision" in text for text in internal_preparation(facts(
        partner=decided)))


def test_a_gap_overall_without_a_dimension_apart_names_none():
    from planner.domain.health import HealthReport

    report = HealthReport(date=DAY, ours=4.0, theirs=3.2, trend=None, trend_theirs=None,
                          gap_dimensions=(), low_dimensions=(), weakest="trust",
                          last_joint=DAY, joint_ours=4.0, joint_theirs=3.2)
    assert line("health", health=report) == ("Health: we score 4.0, they score 3.2. Ask what "
                                             "each side sees; weakest: Trust.")
