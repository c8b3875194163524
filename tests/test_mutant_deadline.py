"""The time limit on each test under a mutant (tests/mutant_deadline.py)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.mutant_deadline import FACTOR, FLOOR, GRACE, TIMEOUT_EXIT, WIDER, Watch, limit_of

ROOT = Path(__file__).resolve().parent.parent


def test_a_test_gets_ten_times_its_recorded_duration_and_never_less_than_the_floor():
    assert limit_of(None) == FLOOR
    assert limit_of(0.01) == FLOOR
    assert limit_of(FLOOR / FACTOR) == FLOOR
    assert limit_of(1.5) == 1.5 * FACTOR


def watched():
    events = []
    watch = Watch(lambda: events.append("interrupt"), lambda: events.append("end"))
    return watch, events


def test_a_test_past_its_deadline_is_interrupted_once_then_the_run_ended_after_the_grace():
    watch, events = watched()
    watch.start(5)
    began = watch.deadline - 5
    watch.check(began + 4.9)
    assert events == []
    watch.check(began + 5)
    assert events == ["interrupt"] and watch.fired
    watch.check(began + 5 + GRACE - 0.1)
    assert events == ["interrupt"]
    watch.check(began + 5 + GRACE)
    assert events == ["interrupt", "end"]


def test_a_test_that_ends_in_time_is_never_interrupted():
    watch, events = watched()
    watch.start(5)
    watch.stop()
    watch.check(time.monotonic() + 1000)
    assert events == [] and not watch.fired
    watch.start(5)  # the next test starts its own clock
    assert not watch.interrupted


def test_a_wider_fixture_pauses_the_clock_for_up_to_its_own_allowance():
    watch, events = watched()
    watch.start(5)
    deadline = watch.deadline
    paused = watch.pause()
    assert watch.deadline == deadline + WIDER
    watch.check(deadline + 1)  # the fixture is still setting up: not the test's time
    assert events == []
    watch.resume(paused)
    assert deadline < watch.deadline < deadline + 1  # the test loses none of its own time
    watch.check(deadline + WIDER + 1)
    assert events == ["interrupt"]


def run_under_mutant(tmp_path, body: str, mutant: str = "planner.x.x_f__mutmut_1"):
    (tmp_path / "test_it.py").write_text(body, encoding="utf-8")
    env = {**os.environ, "MUTANT_UNDER_TEST": mutant, "PYTHONPATH": str(ROOT),
           "TORN_DOWN": str(tmp_path / "torn-down")}
    began = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "tests.mutant_deadline", "-p",
         "no:cacheprovider", "-p", "no:randomly", "-c", os.devnull, "--rootdir", str(tmp_path),
         str(tmp_path / "test_it.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    return run, time.monotonic() - began


HANGS = """
import os
import time
from pathlib import Path

import pytest

import pytest

@pytest.fixture
def tidy():
    yield
    Path(os.environ["TORN_DOWN"]).write_text("yes")

def test_fast():
    pass

def test_hangs(tidy):
    while True:
        try:
            time.sleep(60)
        except Exception:  # what the code under a mutant may do: it does not swallow the limit
            pass
"""


def test_a_hanging_test_ends_the_run_in_seconds_as_a_timeout_after_tearing_down(tmp_path):
    run, took = run_under_mutant(tmp_path, HANGS)
    assert run.returncode == TIMEOUT_EXIT, run.stdout[-2000:] + run.stderr[-2000:]
    assert took < FLOOR + 20
    assert "MutantTimeout" in run.stdout
    assert (tmp_path / "torn-down").read_text() == "yes"


def test_without_a_mutant_the_same_test_is_not_limited(tmp_path):
    run, _ = run_under_mutant(tmp_path, "import time\n\ndef test_slow():\n"
                              f"    time.sleep({FLOOR + 1})\n", mutant="stats")
    assert run.returncode == 0, run.stdout[-2000:]


STUCK = """
import signal
import time

def test_stuck_where_python_cannot_interrupt_it():
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2})
    time.sleep(120)
"""


@pytest.mark.slow
def test_a_test_that_cannot_be_interrupted_is_ended_from_outside_after_the_grace(tmp_path):
    run, took = run_under_mutant(tmp_path, STUCK)
    assert run.returncode == TIMEOUT_EXIT, run.stdout[-2000:] + run.stderr[-2000:]
    assert FLOOR + GRACE - 1 < took < FLOOR + GRACE + 20
