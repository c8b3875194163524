"""The survivor check behind `bash packaging/dev.sh mutants`."""

from collections import Counter

import pytest

from tests.check_mutants import check, margin, parse_results, read_accepted, score_line

RESULTS = """\
    planner.domain.health.x_trend__mutmut_1: killed
    planner.domain.health.x_trend__mutmut_2: survived
    planner.domain.people.x_web_report__mutmut_7: no tests
    planner.services.backups.x_take_backup__mutmut_3: timeout
    planner.storage.backups.x_copy_database__mutmut_1: survived
"""


def test_an_unlisted_survivor_fails_and_a_listed_one_passes():
    results = parse_results(RESULTS)
    assert len(results) == 5
    accepted = {"planner.domain.health.x_trend__mutmut_2": "equivalent"}
    unlisted, stale, counts = check(results, accepted, "planner.domain.*")
    assert unlisted == ["planner.domain.people.x_web_report__mutmut_7"]
    assert stale == [] and set(counts) == {"planner.domain"}
    assert score_line("planner.domain", counts["planner.domain"], accepted=1) == (
        "planner.domain: 33.3% killed (1 of 3 mutants; 1 survived (1 accepted), 1 no coverage, "
        "0 timeouts counted as killed)")
    unlisted, _, counts = check(results, accepted, "planner.*")
    assert unlisted == ["planner.domain.people.x_web_report__mutmut_7",
                        "planner.storage.backups.x_copy_database__mutmut_1"]
    assert counts["planner.services"]["timeout"] == 1
    assert score_line("planner.services", counts["planner.services"]) == (
        "planner.services: 100.0% killed (1 of 1 mutants; 0 survived (0 accepted), "
        "0 no coverage, 1 timeouts counted as killed)")


def test_mutants_not_checked_are_counted_apart_from_the_score():
    counts = Counter({"killed": 9, "survived": 1, "not checked": 5})
    assert score_line("planner.storage", counts) == (
        "planner.storage: 90.0% killed (9 of 10 mutants; 1 survived (0 accepted), "
        "0 no coverage, 0 timeouts counted as killed, 5 not checked)")


def test_a_listed_mutant_that_is_killed_now_is_reported_as_stale():
    accepted = {"planner.domain.health.x_trend__mutmut_1": "was equivalent"}
    _, stale, _ = check(parse_results(RESULTS), accepted, "planner.domain.*")
    assert stale == ["planner.domain.health.x_trend__mutmut_1"]


def test_every_accepted_survivor_has_a_reason(tmp_path):
    listed = tmp_path / "accepted.txt"
    listed.write_text("# comment\nplanner.a.x_f__mutmut_1  # a log message only\n"
                      "planner.a.x_f__mutmut_2\n", encoding="utf-8")
    accepted, problems = read_accepted(listed)
    assert accepted == {"planner.a.x_f__mutmut_1": "a log message only",
                        "planner.a.x_f__mutmut_2": ""}
    assert problems == ["accepted.txt:3: planner.a.x_f__mutmut_2 has no reason"]
    _, problems = read_accepted()  # the real list
    assert problems == []


def test_a_sample_is_scored_with_its_margin():
    assert round(margin(80, 100), 1) == 7.8  # 1.96 x sqrt(0.8 x 0.2 / 100), in points
    assert margin(24, 30) > margin(80, 100)  # the same share from fewer mutants: wider
    counts = Counter({"killed": 80, "survived": 20})
    assert score_line("planner.storage", counts, sampled=True).startswith(
        "planner.storage: 80.0% (+/- 7.8 points, a random sample) killed (80 of 100 mutants;")


def test_a_sample_of_most_of_the_mutants_has_a_narrower_margin_and_all_of_them_none():
    assert margin(900, 1000, population=1_000_000) == pytest.approx(margin(900, 1000), rel=1e-3)
    assert margin(900, 1000, population=2000) < 0.75 * margin(900, 1000)
    assert margin(900, 1000, population=1000) == 0
    counts = Counter({"killed": 90, "survived": 10})
    assert score_line("planner.domain", counts, sampled=True, population=3367).startswith(
        "planner.domain: 90.0% (+/- 5.8 points, a random sample of 3,367) killed")
