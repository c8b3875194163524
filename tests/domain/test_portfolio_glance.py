"""The portfolio brief's figures at a glance, counted by hand: partners per stage, health
bands at their edges, trends, the reviews of the next 30 days (both ends included) in date
order, and a portfolio row's checklist progress from counts already made per stage."""

import datetime as dt

import pytest

from planner.domain.attention import PartnerSummary
from planner.domain.checklist import Progress, stage_progress_of
from planner.domain.health import Trend
from planner.domain.model import ChecklistItem, Partner
from planner.domain.portfolio_brief import HealthBand, portfolio_brief_content
from planner.domain.stages import Stage

TODAY = dt.date(2026, 6, 1)
DAY = dt.timedelta(days=1)


def summary(name, stage=Stage.BRIDGES, health=None, trend=None, review=None, place="", id=0):
    partner = Partner(name, stage=stage, next_review=review, review_place=place,
                      created_on=TODAY - 800 * DAY, id=id)
    return PartnerSummary(partner, Progress(0, 0), health=health, trend=trend,
                          last_meeting=TODAY, last_face_to_face=TODAY)


@pytest.mark.parametrize("score,band", [
    (5.0, "good"), (3.5, "good"), (3.49, "fair"), (2.5, "fair"), (2.49, "poor"), (1.0, "poor"),
    (None, "no check"),
])
def test_health_bands_at_their_edges(score, band):
    assert HealthBand.of(score) == band


def test_stages_bands_and_trends_are_counted_one_each():
    summaries = [
        summary("A", Stage.BRIDGES, 4.0, Trend.RISING),
        summary("B", Stage.BRIDGES, 3.0, Trend.FALLING),
        summary("C", Stage.COURTSHIP, 2.0, Trend.FALLING),
        summary("D", Stage.EXIT),
    ]
    content = portfolio_brief_content(summaries, TODAY)
    assert content.by_stage == {Stage.COURTSHIP: 1, Stage.COMMITMENT: 0, Stage.BRIDGES: 2,
                                Stage.EXIT: 1}
    assert content.health_bands == {"good": 1, "fair": 1, "poor": 1, "no check": 1}
    assert content.trends == {Trend.RISING: 1, Trend.STEADY: 0, Trend.FALLING: 2, None: 1}
    assert (content.currency, content.prepared_by, content.portfolio_name) == ("", "", "")


def test_reviews_of_the_next_30_days_include_both_ends_in_date_then_name_order():
    summaries = [
        summary("late", review=TODAY + 31 * DAY),
        summary("zeta", review=TODAY + 30 * DAY, place="Lyon"),
        summary("Alpha", review=TODAY + 30 * DAY),
        summary("today", review=TODAY, place="Berlin"),
        summary("past", review=TODAY - DAY),
        summary("none"),
    ]
    content = portfolio_brief_content(summaries, TODAY)
    assert content.reviews_next_30_days == 3
    assert [(r.partner.name, r.date, r.place) for r in content.reviews] == [
        ("today", TODAY, "Berlin"), ("Alpha", TODAY + 30 * DAY, ""),
        ("zeta", TODAY + 30 * DAY, "Lyon")]
    assert content.reviews_overdue == 1


def test_a_rows_progress_adds_the_counts_made_per_stage_to_the_items_given():
    board = ChecklistItem(1, Stage.COURTSHIP, "Board", done=True, done_on=TODAY - 10 * DAY,
                          cadence="quarterly")
    counted = {Stage.COURTSHIP: (2, 5), Stage.BRIDGES: (1, 1)}  # no row for commitment
    assert stage_progress_of(counted, [board], Stage.COMMITMENT, TODAY) == Progress(3, 6)
    assert stage_progress_of(counted, [board], Stage.BRIDGES, TODAY) == Progress(4, 7)
    assert stage_progress_of({}, [], Stage.EXIT, TODAY) == Progress(0, 0)


def test_every_partner_in_a_band_is_counted():
    summaries = [summary("A", health=4.0), summary("B", health=4.5), summary("C", health=5.0),
                 summary("D", health=1.0)]
    content = portfolio_brief_content(summaries, TODAY)
    assert content.health_bands == {"good": 3, "fair": 0, "poor": 1, "no check": 0}


def test_the_cover_names_the_portfolio_who_prepared_it_and_when_it_is_printed():
    printed = TODAY + 2 * DAY
    content = portfolio_brief_content([summary("A")], TODAY, currency="EUR",
                                      prepared_by="Ann Lee", portfolio_name="EMEA alliances",
                                      printed=printed)
    assert (content.currency, content.prepared_by, content.portfolio_name) == (
        "EUR", "Ann Lee", "EMEA alliances")
    assert (content.printed, content.printed_on, content.date) == (printed, printed, TODAY)
    assert portfolio_brief_content([summary("A")], TODAY).printed_on == TODAY
