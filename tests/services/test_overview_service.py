"""portfolio_overview: the figures behind the portfolio table."""

import datetime as dt

from planner.domain.attention import attention_reasons
from planner.domain.checklist import Progress
from planner.domain.health import Trend
from planner.domain.model import (
    Action,
    Area,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    Meeting,
    Partner,
    Rating,
)
from planner.domain.stages import Stage
from planner.domain.templates import checklist_template
from planner.services.checklist import checklist, tick_item
from planner.services.differences import record_difference
from planner.services.health import record_check
from planner.services.meetings import add_action, complete_action, record_meeting
from planner.services.partners import add_partner, portfolio_overview
from tests.services.conftest import TODAY

DAY = dt.timedelta(days=1)


def test_an_empty_portfolio(portfolio):
    assert portfolio_overview(portfolio.uow(), TODAY) == []


def test_the_figures_of_each_partner(portfolio, acme):
    quiet = add_partner(portfolio.uow(), Partner("beta"), today=TODAY - 90 * DAY)
    uow = portfolio.uow
    for item in checklist(uow(), acme.id)[:3]:
        tick_item(uow(), item.id, True, TODAY)
    record_meeting(uow(), Meeting(acme.id, TODAY - 100 * DAY))
    record_meeting(uow(), Meeting(acme.id, TODAY - 20 * DAY))
    add_action(uow(), Action(acme.id, "Late", due=TODAY - DAY))
    add_action(uow(), Action(acme.id, "Later", due=TODAY - 5 * DAY))
    add_action(uow(), Action(acme.id, "Due today", due=TODAY))
    add_action(uow(), Action(acme.id, "No date"))
    done = add_action(uow(), Action(acme.id, "Done", due=TODAY - 9 * DAY))
    complete_action(uow(), done.id, True, TODAY)
    record_difference(uow(), Difference(acme.id, Area.CONTRACT, "We", "They", Rating.HIGH,
                                        Rating.HIGH))
    record_difference(uow(), Difference(acme.id, Area.CULTURE, "We", "They", Rating.HIGH,
                                        Rating.MEDIUM, management="Monthly sync"))
    record_difference(uow(), Difference(acme.id, Area.POLICY, "We", "They", Rating.HIGH,
                                        Rating.HIGH, status=DifferenceStatus.RESOLVED))
    record_difference(uow(), Difference(acme.id, Area.PROCESS, "We", "They", Rating.LOW,
                                        Rating.LOW))
    for days, score in ((60, 4), (30, 4), (0, 3)):
        record_check(uow(), HealthCheck(acme.id, TODAY - days * DAY,
                                        (HealthScore("trust", score, 5),
                                         HealthScore("governance", score))))

    first, second = portfolio_overview(uow(), TODAY)
    assert first.partner == acme and second.partner == quiet

    # progress counts the partner's stage and the stages behind it, not the stages ahead
    total = len(checklist_template(Stage.COURTSHIP))
    assert first.checklist == Progress(3, total)
    assert first.last_meeting == TODAY - 20 * DAY
    assert (first.open_actions, first.overdue_actions) == (4, 2)
    assert (first.open_high_risk, first.unmanaged_high_risk) == (2, 1)
    assert first.health == 3.0 and first.health_theirs == 5.0
    assert first.trend is Trend.FALLING
    assert first.last_face_to_face == TODAY - 20 * DAY and first.most_overdue_days == 5
    assert first.health_report.perception_gap
    assert attention_reasons(first, TODAY) == [
        "1 open high-risk difference with no agreed way to manage it", "Health is falling",
        "The two sides see it differently: they score 2.0 higher", "2 overdue actions"]

    assert second.checklist == Progress(0, total)
    assert second.last_meeting is None and second.health is None and second.trend is None
    assert (second.open_actions, second.overdue_actions, second.open_high_risk) == (0, 0, 0)
    assert second.partner.created_on == TODAY - 90 * DAY == second.partner.stage_since
    assert attention_reasons(second, TODAY) == ["No meeting recorded"]


def test_the_sql_figures_agree_with_the_domain_rules_on_whole_records(portfolio):
    """The overview aggregates in SQL; the same figures computed by the domain's own rules
    from every partner's full record (sample plus a generated spread) must agree."""
    import random

    from planner.domain import health
    from planner.domain.differences import is_high_risk, unmanaged_high_risk
    from planner.services import portfolio_io

    portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
    rng = random.Random(7)
    ratings = list(Rating)
    for n in range(12):
        partner = add_partner(portfolio.uow(), Partner(f"Spread {n}"))
        for _ in range(rng.randrange(5)):
            record_difference(portfolio.uow(), Difference(
                partner.id, Area.CULTURE, "We plan quarterly.", likelihood=rng.choice(ratings),
                impact=rng.choice(ratings), management=rng.choice(["", "  ", "Weekly call"]),
                status=rng.choice(list(DifferenceStatus))))
        for _ in range(rng.randrange(5)):
            scores = tuple(HealthScore(d, rng.randint(1, 5), rng.choice([None, 2, 4]))
                           for d in ("trust", "governance")[:1 + rng.randrange(2)])
            record_check(portfolio.uow(), HealthCheck(partner.id, TODAY - rng.randrange(9) * DAY,
                                                      scores))
    with portfolio.uow() as uow:
        records = {r.partner.id: r for r in uow.load_records()}
    summaries = portfolio_overview(portfolio.uow(), TODAY)
    assert len(summaries) == len(records) == 20
    for s in summaries:
        r = records[s.partner.id]
        latest = health.latest(r.health)
        open_ones = [d for d in r.differences if d.status is DifferenceStatus.OPEN]
        assert s.health == (health.overall(latest) if latest else None), s.partner.name
        assert s.health_theirs == (health.overall_theirs(latest) if latest else None)
        assert s.trend == health.trend(r.health, today=TODAY), s.partner.name
        assert s.open_high_risk == sum(1 for d in open_ones if is_high_risk(d))
        assert s.unmanaged_high_risk == sum(1 for d in open_ones if unmanaged_high_risk(d))
        assert s.last_meeting == max((m.date for m in r.meetings), default=None)
        assert s.open_actions == sum(1 for a in r.actions if not a.done)
        assert s.overdue_actions == sum(1 for a in r.actions
                                        if not a.done and a.due and a.due < TODAY)


def test_a_new_partner_is_given_time_to_meet(portfolio):
    add_partner(portfolio.uow(), Partner("fresh"), today=TODAY - 60 * DAY)
    (summary,) = portfolio_overview(portfolio.uow(), TODAY)
    assert attention_reasons(summary, TODAY) == []
    assert attention_reasons(summary, TODAY + DAY) == ["No meeting recorded"]


def test_a_stage_move_restarts_the_stage_clock(portfolio):
    from planner.services.partners import get_partner, move_to_stage, update_partner
    partner = add_partner(portfolio.uow(), Partner("mover"), today=TODAY - 400 * DAY)
    move_to_stage(portfolio.uow(), partner.id, Stage.COMMITMENT, confirmed=True,
                  today=TODAY - 10 * DAY)
    assert get_partner(portfolio.uow(), partner.id).stage_since == TODAY - 10 * DAY
    moved = get_partner(portfolio.uow(), partner.id)
    update_partner(portfolio.uow(), moved.__class__(**{**moved.__dict__, "stage": Stage.BRIDGES}),
                   today=TODAY)
    again = get_partner(portfolio.uow(), partner.id)
    assert again.stage_since == TODAY and again.created_on == TODAY - 400 * DAY
