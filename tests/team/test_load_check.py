"""The load benchmark's own check: given the writers' logs and the records before and after,
it finds every lost update (and says nothing when there is none)."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_team_load.py"


@pytest.fixture(scope="module")
def lost_updates():
    spec = importlib.util.spec_from_file_location("bench_team_load", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.lost_updates


KEY = ("difference", 7)


def save(value, loaded, stored=None):
    entry = {"kind": KEY[0], "id": KEY[1], "value": value, "loaded": loaded}
    if stored is None:
        return entry | {"outcome": "refused"}
    return entry | {"outcome": "committed", "stored": stored}


def test_one_commit_per_version_ending_on_the_last_is_clean(lost_updates):
    saves = [save("a", 1, 2), save("b", 1), save("c", 2, 3)]
    assert lost_updates({KEY: (1, "")}, {KEY: (3, "c")}, saves) == []


def test_a_save_written_over_another_is_found(lost_updates):
    # b loaded version 1 too, and was written over a's change instead of being refused
    saves = [save("a", 1, 2), save("b", 1, 3)]
    problems = lost_updates({KEY: (1, "")}, {KEY: (3, "b")}, saves)
    assert problems == [f"{KEY}: a save over version 1 stored 3"]


def test_a_refused_save_that_was_written_after_all_is_found(lost_updates):
    saves = [save("a", 1, 2), save("b", 1)]
    problems = lost_updates({KEY: (1, "")}, {KEY: (3, "b")}, saves)
    assert any("committed versions [2] but the record went from 1 to 3" in p for p in problems)
    assert any("holds the refused value 'b'" in p for p in problems)


def test_a_committed_value_that_is_not_stored_is_found(lost_updates):
    saves = [save("a", 1, 2)]
    assert lost_updates({KEY: (1, "")}, {KEY: (2, "x")}, saves) \
        == [f"{KEY}: holds 'x', not the last committed 'a'"]


def test_a_record_nobody_saved_that_changed_is_found(lost_updates):
    other = ("partner", 1)
    assert lost_updates({other: (1, "n")}, {other: (2, "m")}, []) \
        == [f"{other}: changed though nobody committed a change to it"]
