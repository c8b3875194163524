"""Our own preparation for a review, word for word: who is likely to ask for what, one worry or
several, the web's warnings and our homework, never more than two of a kind."""

import dataclasses
import datetime as dt

from planner.domain.agenda import AgendaFacts, internal_preparation
from planner.domain.health import HealthReport
from planner.domain.model import Cadence, ChecklistItem, Partner, Scope, Side, ValueExchange
from planner.domain.people import WebReport
from planner.domain.stages import Stage
from planner.domain.value import verdict

DAY = dt.date(2026, 6, 1)
ACME = Partner("Acme", Stage.BRIDGES, definition="A joint cloud offer for retailers",
               decision_needed="Extend the offer to food?")
NO_WARNINGS = WebReport(0, frozenset(), ())


def facts(**changes) -> AgendaFacts:
    plain = AgendaFacts(partner=ACME, date=DAY, meeting=None, moments=(), questions=(),
                        unmanaged=(), actions=(), done_since=(), value_since=(), health=None,
                        verdict=verdict((), DAY), web=NO_WARNINGS, checklist=())
    return dataclasses.replace(plain, **changes)


def gift(giver: Side, worth: int) -> ValueExchange:
    return ValueExchange(1, giver, "Leads", worth, DAY - dt.timedelta(days=20))


def low_health(ours: float) -> HealthReport:
    return HealthReport(date=DAY, ours=ours, theirs=None, trend=None, trend_theirs=None,
                        gap_dimensions=(), low_dimensions=(), weakest="trust", last_joint=None)


def test_with_a_decision_an_even_exchange_and_nothing_wrong_there_is_nothing_to_prepare():
    even = verdict((gift(Side.OURS, 100), gift(Side.THEIRS, 100)), DAY)
    assert internal_preparation(facts(verdict=even)) == ()
    assert internal_preparation(facts()) == ()  # nothing exchanged yet


def test_the_side_that_gives_too_much_is_the_one_that_will_ask():
    ours = verdict((gift(Side.OURS, 300), gift(Side.THEIRS, 100)), DAY)
    assert internal_preparation(facts(verdict=ours)) == (
        "Our ask: Lopsided over the last 2 quarters: we give 300 and get 100. Ask what they "
        "could bring so both sides win.",)
    theirs = verdict((gift(Side.OURS, 100), gift(Side.THEIRS, 300)), DAY)
    assert internal_preparation(facts(verdict=theirs)) == (
        "Their likely ask: Lopsided over the last 2 quarters: they give 300 and get 100. Ask "
        "what we could bring before they feel taken.",)


def test_one_worry_is_a_worry_and_more_are_worries_two_differences_at_most():
    unmanaged = "the {} difference has no agreed way to manage it (bring a proposal)"
    assert internal_preparation(facts(unmanaged=("culture",))) == (
        f"Our worry: {unmanaged.format('culture')}.",)
    assert internal_preparation(facts(health=low_health(2.9))) == (
        "Our worry: health is below the floor (decide what we would change).",)
    assert internal_preparation(facts(health=low_health(3.0))) == ()
    assert internal_preparation(facts(unmanaged=("culture", "contract", "process"),
                                      health=low_health(2.9))) == (
        f"Our worries: {unmanaged.format('culture')}; {unmanaged.format('contract')}; health "
        "is below the floor (decide what we would change).",)
    assert internal_preparation(facts(unmanaged=("culture", "contract"))) == (
        f"Our worries: {unmanaged.format('culture')}; {unmanaged.format('contract')}.",)


def test_two_of_the_webs_warnings_at_most():
    web = WebReport(0, frozenset(), ("No ties are recorded.", "No ambassador is named.",
                                     "Ties exist only at the top."))
    assert internal_preparation(facts(web=web)) == ("The web: No ties are recorded.",
                                                    "The web: No ambassador is named.")


def item(text: str, scope=Scope.INTERNAL, stage=Stage.BRIDGES, **changes) -> ChecklistItem:
    return ChecklistItem(1, stage, text, scope=scope, **changes)


def test_our_homework_is_the_first_open_internal_item_of_the_partners_stage():
    checklist = (
        item("Brief our lawyers", stage=Stage.COMMITMENT),  # an earlier stage's
        item("Agree the joint plan", scope=Scope.JOINT),  # done with the partner, not homework
        item("Name our sponsor", done=True, done_on=DAY - dt.timedelta(days=40)),
        # ticked four months ago, due again every quarter: open again today
        item("Review our account plan", done=True, done_on=DAY - dt.timedelta(days=120),
             cadence=Cadence.QUARTERLY),
        item("Train our sales team"),
    )
    assert internal_preparation(facts(checklist=checklist)) == (
        "Our homework: Review our account plan",)
    assert internal_preparation(facts(checklist=checklist[:3])) == ()


def test_no_more_than_five_lines():
    undecided = dataclasses.replace(ACME, decision_needed="")
    web = WebReport(0, frozenset(), ("No ties are recorded.", "No ambassador is named."))
    lines = internal_preparation(facts(
        partner=undecided, verdict=verdict((gift(Side.OURS, 300),), DAY),
        unmanaged=("culture",), web=web, checklist=(item("Train our sales team"),)))
    assert [text.split(":")[0] for text in lines] == [
        "No decision is recorded for this review", "Our ask", "Our worry", "The web", "The web"]
