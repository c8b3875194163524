"""The portfolio overview's figures, aggregated in SQL, agree with the domain's rules applied to
every partner's whole record, on both engines; a team portfolio and a file with the same content
give the same overview."""

import dataclasses
import datetime as dt

from planner.domain import health
from planner.domain.attention import attention
from planner.domain.differences import is_high_risk, unmanaged_high_risk
from planner.domain.model import (
    Area,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    Level,
    Meeting,
    MeetingKind,
    Partner,
    Rating,
    Side,
    Stakeholder,
    Tie,
    ValueCategory,
    ValueExchange,
    held_face_to_face,
)
from planner.domain.people import web_report
from planner.domain.stages import Stage
from planner.domain.value import verdict
from planner.services import portfolio_io
from planner.services.differences import record_difference
from planner.services.health import record_check
from planner.services.meetings import record_meeting
from planner.services.partners import add_partner, partner_record, portfolio_overview
from planner.services.people import add_stakeholder, add_tie
from planner.services.portfolio import open_portfolio
from planner.services.value import record_exchange
from tests.services.conftest import TODAY

DAY = dt.timedelta(days=1)


def _edge_partners(uow) -> None:
    """Partners whose figures take every branch the aggregates must get right."""
    # One person on every tie, ties only at one level, their side alone named an ambassador.
    hub = add_partner(uow(), Partner("Hub", stage=Stage.BRIDGES), today=TODAY - 400 * DAY)
    anna = add_stakeholder(uow(), Stakeholder(hub.id, "Anna", Side.OURS, Level.MANAGEMENT))
    for name in ("Bo", "Cy", "Di"):
        other = add_stakeholder(uow(), Stakeholder(hub.id, name, Side.THEIRS,
                                                   Level.MANAGEMENT, ambassador=True))
        add_tie(uow(), Tie(hub.id, anna.id, other.id))
    # A remote and an in-person working session, a board meeting in the future.
    record_meeting(uow(), Meeting(hub.id, TODAY - 200 * DAY, MeetingKind.WORKING, "Leeds"))
    record_meeting(uow(), Meeting(hub.id, TODAY - 10 * DAY, MeetingKind.WORKING, "Zoom call"))
    record_meeting(uow(), Meeting(hub.id, TODAY + 30 * DAY, MeetingKind.BOARD, "London"))
    # Differences in every rating, managed and not, open and resolved.
    for likelihood in Rating:
        for impact in Rating:
            for management in ("", "Weekly call"):
                record_difference(uow(), Difference(hub.id, Area.CULTURE, "We", "They",
                                                    likelihood, impact, management))
    record_difference(uow(), Difference(hub.id, Area.POLICY, "We", "They", Rating.HIGH,
                                        Rating.HIGH, status=DifferenceStatus.RESOLVED))
    # Value inside and outside the window, a payment, an undated contribution.
    for days, side, worth, category in ((30, Side.OURS, 9000, ValueCategory.CONTRIBUTION),
                                        (60, Side.THEIRS, 500, ValueCategory.CONTRIBUTION),
                                        (90, Side.THEIRS, 7000, ValueCategory.CONTRACT_PAYMENT),
                                        (900, Side.THEIRS, 50000, ValueCategory.CONTRIBUTION)):
        record_exchange(uow(), ValueExchange(hub.id, side, "Work", worth, TODAY - days * DAY,
                                             category=category))
    record_exchange(uow(), ValueExchange(hub.id, Side.THEIRS, "Undated", 3000, None))
    # Checks: an old one beyond the trend's horizon, a joint one with a gap, a later one we
    # scored alone and low, two on the same day (the id breaks the tie).
    for days, scores in ((700, ((5, 5), (5, 5))), (300, ((4, 1), (4, 2))),
                         (100, ((3, None), (2, None))), (100, ((3, None), (4, None)))):
        record_check(uow(), HealthCheck(hub.id, TODAY - days * DAY, tuple(
            HealthScore(dimension, ours, theirs) for dimension, (ours, theirs)
            in zip(("trust", "governance"), scores, strict=True))))
    # Nobody on their side, executives only, no ties: the web's other warnings.
    lone = add_partner(uow(), Partner("Lone", stage=Stage.BRIDGES), today=TODAY - 400 * DAY)
    add_stakeholder(uow(), Stakeholder(lone.id, "Eve", Side.OURS, Level.EXECUTIVE,
                                       ambassador=True))
    top = add_partner(uow(), Partner("Top", stage=Stage.BRIDGES), today=TODAY - 400 * DAY)
    boss = add_stakeholder(uow(), Stakeholder(top.id, "Fay", Side.OURS, Level.EXECUTIVE))
    for name, level in (("Gus", Level.OPERATIONAL), ("Hal", Level.EXECUTIVE)):
        them = add_stakeholder(uow(), Stakeholder(top.id, name, Side.THEIRS, level))
        add_tie(uow(), Tie(top.id, boss.id, them.id))
    add_partner(uow(), Partner("Empty"), today=TODAY)


def _fill(portfolio) -> None:
    portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
    _edge_partners(portfolio.uow)


def test_every_figure_matches_the_domain_on_whole_records(portfolio):
    _fill(portfolio)
    summaries = portfolio_overview(portfolio.uow(), TODAY)
    assert len(summaries) == 12
    thin = 0
    for summary in summaries:
        record = partner_record(portfolio.uow(), summary.partner.id)
        report = health.report(record.health, TODAY)
        open_differences = [d for d in record.differences if d.status is DifferenceStatus.OPEN]
        face_to_face = [m.date for m in record.meetings
                        if m.date <= TODAY and held_face_to_face(m.kind, m.place)]
        expected = dataclasses.replace(
            summary,
            health=report.ours if report else None,
            health_theirs=report.theirs if report else None,
            trend=report.trend if report else None,
            health_report=report,
            last_meeting=max((m.date for m in record.meetings), default=None),
            last_face_to_face=max(face_to_face, default=None),
            open_high_risk=sum(1 for d in open_differences if is_high_risk(d)),
            unmanaged_high_risk=sum(1 for d in open_differences if unmanaged_high_risk(d)),
            value_window=verdict(record.value, TODAY).window,
            web_warnings=web_report(record.stakeholders, record.ties).warnings,
        )
        assert summary == expected, summary.partner.name
        assert attention(summary, TODAY) == attention(expected, TODAY)
        thin += bool(summary.web_warnings)
    hub = next(s for s in summaries if s.partner.name == "Hub")
    # the branches were taken: one holder, a gap read at the joint check, value in the window
    assert hub.web_warnings[0].startswith("Anna holds every tie")
    assert hub.health_report.gap_dimensions == ("trust", "governance")
    assert hub.health_report.trend is not None
    assert (hub.value_window.ours, hub.value_window.theirs, hub.value_window.paid_theirs) == (
        9000, 500, 7000)
    assert hub.open_high_risk == 8 and hub.unmanaged_high_risk == 4
    assert thin >= 3


def _comparable(summaries):
    """Summaries without what each engine numbers on its own (ids)."""
    return [dataclasses.replace(s, partner=dataclasses.replace(s.partner, id=None))
            for s in summaries]


def test_a_team_portfolio_gives_the_overview_of_a_file_with_the_same_content(
        tmp_path, team_portfolio_location):
    overviews = []
    for location in (tmp_path / "sample.sqlite", team_portfolio_location):
        with open_portfolio(location, create=True) as portfolio:
            _fill(portfolio)
            overviews.append(portfolio_overview(portfolio.uow(), TODAY))
    on_file, on_team = overviews
    assert len(on_file) == 12
    assert _comparable(on_team) == _comparable(on_file)
