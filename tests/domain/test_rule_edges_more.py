"""More of the README's rules pinned where mutation testing found them loose: the latest
health check, checklist progress on a given day, and whether a partner needs attention."""

import datetime as dt

from planner.domain import health
from planner.domain.attention import PartnerSummary, needs_attention
from planner.domain.checklist import Progress, overall_progress, plan_stage_move
from planner.domain.differences import curious_question
from planner.domain.model import (
    Area,
    Cadence,
    ChecklistItem,
    Difference,
    HealthCheck,
    HealthScore,
    Partner,
    Rating,
)
from planner.domain.portfolio_brief import portfolio_brief_content
from planner.domain.stages import Stage

TODAY = dt.date(2026, 6, 1)


def scored(day: int, id: int | None, score: int = 3) -> HealthCheck:
    return HealthCheck(1, dt.date(2026, 1, day), (HealthScore("trust", score),), id=id)


def test_the_latest_check_is_the_newest_date_whatever_the_order_given():
    checks = [scored(5, 1), scored(9, 2), scored(7, 3)]
    assert health.latest(checks) is checks[1]
    assert health.latest([]) is None


def test_on_the_same_day_the_check_recorded_last_is_the_latest():
    first, second = scored(5, 1), scored(5, 2)
    assert health.latest([second, first]) is second
    assert health.latest([first, second]) is second
    unsaved = scored(5, None)  # not stored yet: before any stored check of its day
    assert health.latest([first, unsaved]) is first
    assert health.latest([unsaved, first]) is first


def test_overall_progress_counts_a_recurring_item_on_the_day_asked():
    board = ChecklistItem(1, Stage.BRIDGES, "Quarterly board", done=True,
                          done_on=dt.date(2026, 1, 10), cadence=Cadence.QUARTERLY)
    plan = ChecklistItem(1, Stage.COURTSHIP, "Joint plan", done=True,
                         done_on=dt.date(2025, 1, 10))
    # On 1 June the January board is due again; the one-off plan stays done.
    assert overall_progress([board, plan], TODAY) == Progress(1, 2)
    assert overall_progress([board, plan], dt.date(2026, 3, 1)) == Progress(2, 2)
    assert overall_progress([board, plan]) == Progress(2, 2)  # no day: as ticked


def test_a_partner_with_any_reason_needs_attention():
    partner = Partner("Acme", stage=Stage.COURTSHIP, next_review=TODAY - dt.timedelta(days=1),
                      created_on=TODAY - dt.timedelta(days=800))
    late = PartnerSummary(partner, Progress(0, 0), last_meeting=TODAY,
                          last_face_to_face=TODAY)
    assert needs_attention(late, TODAY)
    assert not needs_attention(late, TODAY - dt.timedelta(days=1))  # due today: not late


def test_a_lapsed_recurring_choice_leaves_its_alternatives_open_when_moving_on():
    # "Deepen" was chosen with a yearly review that has lapsed: on the day, the choice is open
    # again, so the alternative is one of the items a move past commitment leaves unticked.
    deepen = ChecklistItem(1, Stage.COMMITMENT, "Deepen", done=True, cadence=Cadence.YEARLY,
                           done_on=dt.date(2024, 5, 1), choice_group="next", position=1)
    wind = ChecklistItem(1, Stage.COMMITMENT, "Wind down", choice_group="next", position=2)
    plan = ChecklistItem(1, Stage.COURTSHIP, "Joint plan", position=1)
    move = plan_stage_move(Stage.COMMITMENT, Stage.BRIDGES, [deepen, wind, plan], TODAY)
    assert move.unticked == (plan, wind)
    early = plan_stage_move(Stage.COMMITMENT, Stage.BRIDGES, [deepen, wind, plan],
                            dt.date(2025, 1, 1))
    assert early.unticked == (plan,)  # still within its year: the choice holds
    assert plan_stage_move(Stage.BRIDGES, Stage.COURTSHIP, [wind, plan], TODAY).unticked == ()


def test_top_risks_carry_their_question_and_tie_break_by_the_order_recorded():
    partner = Partner("Acme", stage=Stage.BRIDGES, created_on=TODAY, id=7)
    summaries = [PartnerSummary(partner, Progress(0, 0))]
    later = Difference(7, Area.CULTURE, impact=Rating.HIGH, likelihood=Rating.HIGH, id=5,
                       question="Who decides?")
    earlier = Difference(7, Area.CULTURE, impact=Rating.HIGH, likelihood=Rating.HIGH, id=2)
    unsaved = Difference(7, Area.CULTURE, impact=Rating.HIGH, likelihood=Rating.HIGH)
    risks = portfolio_brief_content(summaries, TODAY, differences=[later, earlier]).risks
    assert [r.difference for r in risks] == [earlier, later]
    assert [r.question for r in risks] == [curious_question(earlier), "Who decides?"]
    risks = portfolio_brief_content(summaries, TODAY, differences=[earlier, unsaved]).risks
    assert [r.difference for r in risks] == [unsaved, earlier]
