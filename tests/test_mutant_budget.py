"""The budgeted mutation run's choices (tests/mutant_budget.py); no mutmut run in here."""

from collections import Counter

from tests.mutant_budget import (
    MIN_EXPECTED,
    changed_functions,
    function_of,
    last_start,
    plan,
    report,
)

NAMES = [f"planner.storage.a.x_{f}__mutmut_{i}" for f in ("f", "g", "h") for i in range(1, 21)]


def test_a_mutant_belongs_to_its_function_as_mutmut_hashes_it():
    assert function_of("planner.storage.a.x_f__mutmut_12") == "planner.storage.a.x_f"
    assert function_of("planner.storage.a.xǁRepoǁsave__mutmut_3") == "planner.storage.a.xǁRepoǁsave"


def test_changed_functions_are_the_package_s_new_and_changed_ones_none_on_a_first_run():
    current = {"planner.storage.a.x_f": "1", "planner.storage.a.x_g": "2",
               "planner.storage.a.x_new": "3", "planner.domain.b.x_k": "9"}
    recorded = {"planner.storage.a.x_f": "1", "planner.storage.a.x_g": "old",
                "planner.domain.b.x_k": "8"}
    assert changed_functions(recorded, current, "planner.storage.") == {
        "planner.storage.a.x_g", "planner.storage.a.x_new"}
    assert changed_functions({}, current, "planner.storage.") == set()


def test_the_changed_functions_mutants_come_first_then_the_rest_in_a_seeded_random_order():
    first, rest = plan(NAMES, {"planner.storage.a.x_g"}, seed=16)
    assert sorted(first) == sorted(n for n in NAMES if "x_g__" in n)
    assert sorted(rest) == sorted(n for n in NAMES if "x_g__" not in n)
    assert plan(NAMES, {"planner.storage.a.x_g"}, seed=16) == (first, rest)
    assert plan(NAMES, {"planner.storage.a.x_g"}, seed=17)[1] != rest
    assert rest != sorted(rest)  # not mutmut's fastest-first order, nor the names'
    # any prefix of the rest is a uniform sample: each function about in proportion
    counts = Counter(function_of(n) for n in plan(NAMES, set(), seed=3)[1][:30])
    assert all(4 <= c <= 16 for c in counts.values()) and len(counts) == 3


def test_no_mutant_starts_later_than_a_typical_mutant_s_time_before_the_end():
    assert last_start(1000.0, []) == 1000.0 - MIN_EXPECTED
    assert last_start(1000.0, [3.0, 40.0, 5.0]) == 995.0


def test_the_score_is_the_sample_s_a_mutant_cut_at_the_end_counts_as_not_killed():
    statuses = {NAMES[0]: "killed", NAMES[1]: "timeout", NAMES[2]: "survived",
                NAMES[3]: "survived", NAMES[4]: "killed"}
    lines, survivors = report("storage", statuses, changed=[NAMES[4], NAMES[5]],
                              sampled=NAMES[:4] + [NAMES[6]], unfinished=[NAMES[6]],
                              accepted={NAMES[3]: "equivalent"})
    assert lines[0].startswith("planner.storage: 40.0% (+/- ")  # 2 of 5; the cut one is not
    assert "2 of 5 mutants; 3 survived (1 accepted)" in lines[0]
    assert "1 stopped at the end of the budget" in lines[1]
    assert lines[2] == ("  and 2 mutants of changed functions: 1 killed, 0 survived, "
                        "1 not reached in the budget")
    assert survivors == [NAMES[2]]  # the accepted one passes, the cut one is not known
