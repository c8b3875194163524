"""The joint agenda of a review word for word, at the edges where its words change: nothing
recorded yet, one moment of truth or two, a win of 45 characters kept whole and one of 46 cut,
each way the health line can read."""

import dataclasses
import datetime as dt

from planner.domain.agenda import AgendaFacts, AgendaItem, review_agenda
from planner.domain.health import HealthReport
from planner.domain.model import (
    Action,
    Meeting,
    MeetingKind,
    Partner,
    Side,
    ValueExchange,
)
from planner.domain.people import WebReport
from planner.domain.stages import Stage
from planner.domain.value import verdict

DAY = dt.date(2026, 6, 1)
ACME = Partner("Acme", Stage.BRIDGES, definition="A joint cloud offer for retailers",
               decision_needed="Extend the offer to food?")
LATE = Action(1, "Send the plan", due=DAY - dt.timedelta(days=3), id=9)


def facts(**changes) -> AgendaFacts:
    plain = AgendaFacts(partner=ACME, date=DAY, meeting=None, moments=(), questions=(),
                        unmanaged=(), actions=(), done_since=(), value_since=(), health=None,
                        verdict=verdict((), DAY), web=WebReport(0, frozenset(), ()),
                        checklist=())
    return dataclasses.replace(plain, **changes)


def line(source: str, **changes) -> str:
    [text] = [i.text for i in review_agenda(facts(**changes)) if i.source == source]
    return text


def win(what: str, worth: int = 10) -> ValueExchange:
    return ValueExchange(1, Side.THEIRS, what, worth, DAY - dt.timedelta(days=10))


def done(text: str) -> Action:
    return Action(1, text, done=True, done_on=DAY - dt.timedelta(days=5))


def moment(notes: str = "", decisions: str = "", days: int = 5) -> Meeting:
    return Meeting(1, DAY - dt.timedelta(days=days), MeetingKind.CALL, notes=notes,
                   decisions=decisions, moment_of_truth=True)


def test_with_nothing_recorded_the_review_still_fills_the_hour_and_asks_for_a_decision():
    undecided = dataclasses.replace(ACME, decision_needed="")
    assert review_agenda(facts(partner=undecided)) == (
        AgendaItem("objectives", "Objectives: what each side wants from this review; is the "
                                 "shared definition still true?", 5),
        AgendaItem("results", "Results against the joint plan (wins first).", 10),
        AgendaItem("decision", "Decide: agree together what this review must settle, and "
                               "settle it.", 35),
        AgendaItem("health", "Health: score the first health check together, both sides on "
                             "the same questions.", 5),
        AgendaItem("close", "Close: actions with an owner on each side and a date; confirm "
                            "the next review.", 5),
    )


def test_only_the_first_moment_of_truth_goes_on_the_agenda_with_its_first_sentence():
    first = moment("The go-live slipped a week. Both sides stayed late. We shipped.")
    items = review_agenda(facts(moments=(first, moment("The audit failed.", days=9))))
    assert [(i.source, i.minutes) for i in items] == [
        ("objectives", 5), ("results", 10), ("moment", 10), ("decision", 25), ("health", 5),
        ("close", 5)]
    assert items[2].text == ("Moment of truth (2026-05-27): how did each side respond, what "
                             "do we keep? The go-live slipped a week.")
    assert items[3].text == "Decide: Extend the offer to food?"


def test_a_moment_reads_its_first_sentence_whatever_ends_it_and_falls_back_on_decisions():
    start = "Moment of truth (2026-05-27): how did each side respond, what do we keep?"
    assert line("moment", moments=(moment("A rival called their CEO! We held."),)) == (
        f"{start} A rival called their CEO!")
    assert line("moment", moments=(moment("Would they stay? They did."),)) == (
        f"{start} Would they stay?")
    assert line("moment", moments=(moment(decisions="Keep the team. Hire two more."),)) == (
        f"{start} Keep the team.")
    assert line("moment", moments=(moment(),)) == start  # nothing written: no trailing space
    # The first sentence is cut like a win: 45 characters are kept, 46 are cut at a word.
    assert line("moment", moments=(moment("A joint webinar series for retailers in Lyon. "
                                          "It sold out."),)) == (
        f"{start} A joint webinar series for retailers in Lyon.")
    assert line("moment", moments=(moment("A joint webinar series for retailers in Leeds. "
                                          "It sold out."),)) == (
        f"{start} A joint webinar series for retailers in\u2026")


def test_a_win_of_45_characters_is_kept_whole_and_one_of_46_is_cut_at_a_word():
    lead = "Results against the joint plan (wins first): "
    assert line("results", value_since=(win("A joint webinar series for retailers in Leeds"),)
                ) == lead + "A joint webinar series for retailers in Leeds."
    assert line("results", value_since=(win("A joint webinar series for retailers in London"),)
                ) == lead + "A joint webinar series for retailers in\u2026."
    assert line("results", done_since=(done("A joint webinar series for retailers in London"),)
                ) == lead + "A joint webinar series for retailers in\u2026."
    # One long word is cut at 44 characters; a cut never ends on a comma, and keeps a
    # capital X that ends a word.
    assert line("results", value_since=(
        win("https://example.org/joint-webinar-series-for-retailers-2026"),)) == (
        lead + "https://example.org/joint-webinar-series-for\u2026.")
    assert line("results", value_since=(win("Signed with Tesco, Asda, Morrisons, Waitrose and "
                                            "Lidl"),)) == (
        lead + "Signed with Tesco, Asda, Morrisons\u2026.")
    assert line("results", value_since=(win("Won three joint deals at the Paris RETAILX trade "
                                            "fair"),)) == (
        lead + "Won three joint deals at the Paris RETAILX\u2026.")


def test_done_actions_fill_the_results_line_only_where_wins_leave_room():
    lead = "Results against the joint plan (wins first): "
    two_wins = (win("Webinar", 20), win("Stand", 10))
    assert line("results", value_since=two_wins, done_since=(done("Signed the NDA"),)) == (
        lead + "Webinar; Stand.")
    assert line("results", value_since=two_wins[:1],
                done_since=(done("Signed the NDA"), done("Shared the roadmap"))) == (
        lead + "Webinar; Signed the NDA.")
    assert line("results", done_since=(done("Signed the NDA"), done("Shared the roadmap"))) == (
        lead + "Signed the NDA; Shared the roadmap.")
    assert line("results", value_since=two_wins, actions=(LATE,),
                done_since=(done("Signed the NDA"),)) == (
        lead + "Webinar; then what slipped (1 overdue action).")
    assert line("results", actions=(LATE, dataclasses.replace(LATE, id=10)),
                done_since=(done("Signed the NDA"),)) == (
        lead + "Signed the NDA; then what slipped (2 overdue actions).")


def report(ours=4.0, theirs=None, gaps=(), last_joint=None, joint_ours=None,
           joint_theirs=None) -> HealthReport:
    return HealthReport(date=DAY, ours=ours, theirs=theirs, trend=None, trend_theirs=None,
                        gap_dimensions=gaps, low_dimensions=(), weakest="trust",
                        last_joint=last_joint, joint_ours=joint_ours, joint_theirs=joint_theirs)


def test_the_health_line_when_only_we_scored_the_latest_check():
    march = dt.date(2026, 3, 2)
    assert line("health", health=report()) == (
        "Health: score the check together now. Weakest for us: Trust.")
    assert line("health", health=report(last_joint=march, joint_ours=4.0, joint_theirs=3.8)
                ) == ("Health: score the check together now; they last scored on 2026-03-02. "
                      "Weakest for us: Trust.")
    assert line("health", health=report(last_joint=march, joint_ours=4.0, joint_theirs=3.2)
                ) == ("Health: score it together now; at the joint check of 2026-03-02 we "
                      "scored 4.0, they 3.2. Weakest: Trust.")


def test_the_health_line_when_both_sides_scored():
    assert line("health", health=report(3.5, 3.4, last_joint=DAY, joint_ours=3.5,
                                        joint_theirs=3.4)) == (
        "Health: both sides score about 3.5; weakest is Trust: what would raise it by one "
        "point?")
    apart = ("governance", "communication", "fairness_of_benefits")
    assert line("health", health=report(3.5, 3.4, apart, DAY, 3.5, 3.4)) == (
        "Health: we score 3.5, they score 3.4; furthest apart on Governance, Communication. "
        "Ask what each side sees; weakest: Trust.")
