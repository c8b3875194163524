"""The web of ties (trait 9)."""

from planner.domain.model import Level, Side, Stakeholder, Tie
from planner.domain.people import ambassadors, tie_count, web_report

E, M, OP = Level.EXECUTIVE, Level.MANAGEMENT, Level.OPERATIONAL


def person(pid, side, level, ambassador=False):
    return Stakeholder(1, f"P{pid}", side, level, ambassador=ambassador, id=pid)


def tie(ours, theirs, tie_id):
    return Tie(1, ours, theirs, id=tie_id)


def test_no_ties():
    people = [person(1, Side.OURS, E, True), person(2, Side.THEIRS, E, True)]
    report = web_report(people, [])
    assert report.thin and report.ties == 0
    assert report.warnings == ("No ties are recorded: nobody on our side is known to know "
                               "anyone on theirs.",)


def test_no_people_no_warnings():
    assert web_report([], []).warnings == ()


def test_executive_only():
    people = [person(1, Side.OURS, E, True), person(2, Side.THEIRS, E, True),
              person(3, Side.OURS, E), person(4, Side.THEIRS, E)]
    report = web_report(people, [tie(1, 2, 1), tie(3, 4, 2)])
    assert report.levels_with_ties == {E}
    assert len(report.warnings) == 1 and report.warnings[0].startswith("Ties exist only at the top")


def test_one_person_holds_every_tie():
    people = [person(1, Side.OURS, M, True), person(2, Side.THEIRS, M, True),
              person(3, Side.THEIRS, OP), person(4, Side.THEIRS, M)]
    report = web_report(people, [tie(1, 2, 1), tie(1, 3, 2), tie(1, 4, 3)])
    assert report.warnings == ("P1 holds every tie: spread involvement so the alliance does "
                               "not hang on one person.",)


def test_a_single_level_that_is_not_the_top():
    people = [person(1, Side.OURS, OP, True), person(2, Side.THEIRS, OP, True),
              person(3, Side.OURS, OP), person(4, Side.THEIRS, OP)]
    report = web_report(people, [tie(1, 2, 1), tie(3, 4, 2)])
    assert report.warnings == ("Ties exist only at operational level: connect the leaders too.",)


def test_healthy_web():
    people = [person(1, Side.OURS, E, True), person(2, Side.THEIRS, E),
              person(3, Side.OURS, M), person(4, Side.THEIRS, M),
              person(5, Side.OURS, OP), person(6, Side.THEIRS, OP, True)]
    ties = [tie(1, 2, 1), tie(3, 4, 2), tie(5, 6, 3), tie(3, 2, 4)]
    report = web_report(people, ties)
    assert not report.thin and report.warnings == ()
    assert report.levels_with_ties == {E, M, OP}
    assert [p.id for p in ambassadors(people)] == [1, 6]
    assert tie_count(3, ties) == 2 and tie_count(5, ties) == 1


def test_no_ambassador():
    people = [person(1, Side.OURS, M), person(2, Side.THEIRS, M)]
    report = web_report(people, [tie(1, 2, 1)])
    assert report.warnings[-1:] == ("No ambassador is named: someone should watch over the "
                               "relationship.",)


def test_ties_that_all_run_through_an_executive_are_at_the_top_only():
    people = [person(1, Side.OURS, E, True), person(2, Side.THEIRS, E, True),
              person(3, Side.OURS, M), person(4, Side.THEIRS, OP)]
    report = web_report(people, [tie(1, 2, 1), tie(3, 2, 2), tie(1, 4, 3)])
    assert report.warnings[0].startswith("Ties exist only at the top")
    below = web_report(people, [tie(1, 2, 1), tie(3, 4, 2)])
    assert below.warnings == ()


def test_an_ambassador_on_one_side_only():
    theirs_only = [person(1, Side.OURS, M), person(2, Side.THEIRS, M, True)]
    assert web_report(theirs_only, [tie(1, 2, 1)]).warnings[-1:] == (
        "Only their side has named an ambassador: name ours, so someone here watches over the "
        "relationship too.",)
    ours_only = [person(1, Side.OURS, M, True), person(2, Side.THEIRS, M)]
    assert web_report(ours_only, [tie(1, 2, 1)]).warnings[-1:] == (
        "Only our side has named an ambassador: ask them to name theirs.",)
    # nobody on the other side yet: nothing to ask of them
    assert web_report([person(1, Side.OURS, M, True)], []).warnings == ()
