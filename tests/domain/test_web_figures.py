"""The web of ties counted for a whole portfolio (WebFigures) and the words its warnings say:
people per side, ties per pair of levels, ties held per person, a tie whose end nobody knows."""

from planner.domain.model import Level, Side, Stakeholder, Tie
from planner.domain.people import WebFigures, web_figures, web_report, web_report_from

E, M, OP = Level.EXECUTIVE, Level.MANAGEMENT, Level.OPERATIONAL


def person(pid, side, level, ambassador=False):
    return Stakeholder(1, f"P{pid}", side, level, ambassador=ambassador, id=pid)


def test_the_figures_count_each_side_each_pair_of_levels_and_each_holder():
    people = [person(1, Side.OURS, E, True), person(2, Side.OURS, M), person(3, Side.OURS, OP),
              person(4, Side.THEIRS, E), person(5, Side.THEIRS, M, True)]
    ties = [Tie(1, 1, 4), Tie(1, 2, 5), Tie(1, 3, 5), Tie(1, 1, 5)]
    figures = web_figures(people, ties)
    assert (figures.ours, figures.theirs) == (3, 2)
    assert figures.ambassador_sides == {Side.OURS, Side.THEIRS}
    assert sorted(figures.tie_levels, key=str) == sorted(
        [(E, E, 1), (M, M, 1), (OP, M, 1), (E, M, 1)], key=str)
    assert dict(figures.holders) == {"P1": 2, "P4": 1, "P2": 1, "P5": 3, "P3": 1}


def test_a_tie_to_someone_not_on_the_list_has_an_end_nobody_knows():
    figures = web_figures([person(1, Side.OURS, M)], [Tie(1, 1, 99)])
    assert figures.tie_levels == ((M, None, 1),)
    assert figures.holders == (("P1", 1),)  # the unknown end holds nothing by name


def test_ties_only_at_the_top_are_called_out_in_full():
    figures = WebFigures(ours=1, theirs=1, ambassador_sides=frozenset({Side.OURS, Side.THEIRS}),
                         tie_levels=((E, M, 1), (E, OP, 1)))
    assert web_report_from(figures).warnings == (
        "Ties exist only at the top: if an executive leaves, the relationship goes with them. "
        "Connect managers and operational teams.",)


def test_people_on_one_side_only_still_need_an_ambassador():
    ours_only = web_report([person(1, Side.OURS, M)], [])
    assert ours_only.warnings == (
        "No ambassador is named: someone should watch over the relationship.",)
    theirs_only = web_report([person(1, Side.THEIRS, M)], [])
    assert theirs_only.warnings == ours_only.warnings
    assert web_report([person(1, Side.THEIRS, M, True)], []).warnings == ()
