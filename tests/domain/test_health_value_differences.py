"""Health overall and trend, value balance, and the register of differences."""

import datetime as dt

import pytest

from planner.domain import health
from planner.domain.differences import (
    AREA_QUESTIONS,
    by_risk,
    curious_question,
    is_high_risk,
    risk,
    unmanaged_high_risk,
)
from planner.domain.health import Trend
from planner.domain.model import (
    Area,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    Rating,
    Side,
    ValueExchange,
)
from planner.domain.value import balance


def check(day, *ours, theirs=None, check_id=None):
    scores = tuple(HealthScore(f"d{i}", v, None if theirs is None else theirs[i])
                   for i, v in enumerate(ours))
    return HealthCheck(1, dt.date(2026, 1, day), scores, id=check_id)


def test_overall_is_the_mean_of_our_scores():
    assert health.overall(check(1, 3, 4, 5)) == 4.0
    assert health.overall(check(1, 1, 2)) == 1.5
    assert health.overall(check(1, 1, 2, 2)) == 1.67
    assert health.overall(check(1)) is None


def test_overall_theirs_ignores_missing_scores():
    assert health.overall_theirs(check(1, 3, 3)) is None
    c = HealthCheck(1, dt.date(2026, 1, 1), (HealthScore("a", 3, 5), HealthScore("b", 3, None)))
    assert health.overall_theirs(c) == 5.0


def test_trend_needs_two_checks():
    assert health.trend([]) is None
    assert health.trend([check(1, 3)]) is None
    assert health.trend([check(1, 3), check(2)]) is None  # an empty check does not count


@pytest.mark.parametrize("runs, expected", [
    (((2,), (3,), (4,)), Trend.RISING),                 # 4 against mean(2, 3) = 2.5
    (((4,), (4,), (4,)), Trend.STEADY),
    (((4,), (4,), (3,)), Trend.FALLING),
    (((3,), (3, 3, 3, 4)), Trend.RISING),               # 3.25: exactly the threshold counts
    (((3,), (3, 3, 3, 2)), Trend.FALLING),              # 2.75
    (((3,), (3, 3, 3, 3, 4)), Trend.STEADY),            # 3.2: below the threshold
    (((3,), (3, 3, 3, 3, 2)), Trend.STEADY),            # 2.8
])
def test_trend(runs, expected):
    checks = [check(day, *scores, check_id=day) for day, scores in enumerate(runs, 1)]
    assert health.trend(list(reversed(checks))) is expected  # the order given does not matter


def test_trend_compares_latest_with_the_two_before_it():
    # An old low check does not make a steady recent run look rising.
    checks = [check(1, 1), check(2, 4), check(3, 4), check(4, 4)]
    assert health.trend(checks) is Trend.STEADY


def test_latest_check():
    assert health.latest([]) is None
    assert health.latest([check(3, 2), check(1, 4)]).date.day == 3


def test_arrows():
    assert Trend.RISING.arrow == "\u2191" and Trend.FALLING.arrow == "\u2193"


def value(side, worth):
    return ValueExchange(1, side, "x", worth)


def test_balance_and_sentences():
    b = balance([value(Side.OURS, 1000), value(Side.THEIRS, 800), value(Side.OURS, 200)])
    assert (b.ours, b.theirs, b.total) == (1200, 800, 2000)
    assert b.our_share == 0.6
    assert b.lopsided is None
    # 60/40 is not even: the sentence agrees with the lean the window's bar draws
    assert b.sentence() == "We give more: we give 1,200, they give 800."
    even = balance([value(Side.OURS, 1050), value(Side.THEIRS, 950)])
    assert even.sentence("over the last 2 quarters") == (
        "Even over the last 2 quarters: we give 1,050, they give 950.")

    ours = balance([value(Side.OURS, 3000), value(Side.THEIRS, 1000)])
    assert ours.lopsided is Side.OURS
    assert ours.sentence().startswith("Lopsided: we give 3,000 and get 1,000.")

    theirs = balance([value(Side.THEIRS, 500)])
    assert theirs.lopsided is Side.THEIRS
    assert theirs.sentence().startswith("Lopsided: they give 500 and get 0.")

    empty = balance([])
    assert empty.lopsided is None and empty.our_share == 0.5
    assert empty.sentence() == "No contribution is recorded yet."


def test_exactly_twice_is_not_yet_lopsided():
    assert balance([value(Side.OURS, 200), value(Side.THEIRS, 100)]).lopsided is None


def diff(likelihood, impact, status=DifferenceStatus.OPEN, management="", theirs="",
         question="", area=Area.PROCESS, diff_id=None):
    return Difference(1, area, "We plan quarterly", theirs, likelihood, impact, management,
                      status=status, question=question, id=diff_id)


def test_risk_is_likelihood_times_impact():
    assert risk(diff(Rating.LOW, Rating.LOW)) == 1
    assert risk(diff(Rating.MEDIUM, Rating.HIGH)) == 6
    assert risk(diff(Rating.HIGH, Rating.HIGH)) == 9
    assert is_high_risk(diff(Rating.HIGH, Rating.MEDIUM))
    assert not is_high_risk(diff(Rating.MEDIUM, Rating.MEDIUM))


def test_unmanaged_high_risk_needs_open_high_and_no_management():
    assert unmanaged_high_risk(diff(Rating.HIGH, Rating.HIGH))
    assert not unmanaged_high_risk(diff(Rating.HIGH, Rating.HIGH, management="Monthly sync"))
    assert not unmanaged_high_risk(diff(Rating.HIGH, Rating.HIGH,
                                        status=DifferenceStatus.MANAGED))
    assert unmanaged_high_risk(diff(Rating.HIGH, Rating.HIGH, management="   "))


def test_curious_question():
    own = diff(Rating.LOW, Rating.LOW, question="  Why weekly?  ")
    assert curious_question(own) == "Why weekly?"
    # their words are never spliced into a sentence: "They they asked..." cannot happen
    for theirs in ("They asked for 20%.", "Quillmark ships quarterly.", "SAP drives the plan"):
        built = curious_question(diff(Rating.LOW, Rating.LOW, theirs=theirs))
        assert built == AREA_QUESTIONS[Area.PROCESS]
    blank = curious_question(diff(Rating.LOW, Rating.LOW, area=Area.CULTURE))
    assert blank == ("What does good work look like on their side, and where does our way of "
                     "working grate?")


def test_every_area_has_a_real_question():
    questions = [curious_question(diff(Rating.LOW, Rating.LOW, area=area)) for area in Area]
    assert len(set(questions)) == len(Area)
    for q in questions:
        assert q[0].isupper() and q.endswith("?") and q.count("?") == 1, q
        assert q.split()[0] in {"Who", "How", "Whose", "Which", "What"}, q
        assert "  " not in q and len(q) <= 100, q


def test_high_impact_is_high_risk_however_unlikely():
    acquired = diff(Rating.LOW, Rating.HIGH)  # "what if one of us is acquired?"
    assert risk(acquired) == 3 and is_high_risk(acquired) and unmanaged_high_risk(acquired)
    assert not is_high_risk(diff(Rating.HIGH, Rating.LOW))
    assert not is_high_risk(diff(Rating.LOW, Rating.MEDIUM))


def test_by_risk_orders_open_first_then_highest_risk():
    a = diff(Rating.LOW, Rating.LOW, diff_id=1)
    b = diff(Rating.HIGH, Rating.HIGH, status=DifferenceStatus.RESOLVED, diff_id=2)
    c = diff(Rating.HIGH, Rating.MEDIUM, diff_id=3)
    d = diff(Rating.MEDIUM, Rating.MEDIUM, status=DifferenceStatus.MANAGED, diff_id=4)
    e = diff(Rating.HIGH, Rating.MEDIUM, diff_id=5)
    assert [x.id for x in by_risk([a, b, c, d, e])] == [3, 5, 1, 4, 2]


def test_the_balance_verdict_calls_only_a_near_even_split_even():
    from planner.domain.value import EVEN_MARGIN, Balance, Lean

    assert Balance(0, 0).lean is Lean.NOTHING
    assert Balance(50, 50).lean is Lean.EVEN
    assert Balance(45, 55).lean is Lean.EVEN  # 5 points off even
    assert Balance(40, 60).lean is Lean.LEANING  # 10 points off: not "balanced"
    edge = round(100 * (0.5 + EVEN_MARGIN))
    assert Balance(edge + 1, 100 - edge - 1).lean is Lean.LEANING
    assert Balance(70, 30).lean is Lean.LOPSIDED
    assert Balance(40, 60).gives_more.value == "theirs"
    assert Balance(5, 5).gives_more is None
