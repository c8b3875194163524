"""A time limit on each test while mutmut runs it against a mutant (idle otherwise).

mutmut stops a mutant's test run only after (estimated time of all its tests + 20 s) x 3 of
wall time: a mutated loop, retry, sleep or lock wait that hangs a run reached by a hundred
tests is stopped after minutes, and a sample of 100 storage mutants spent most of its time
waiting on six of them. Each test here gets its own limit instead, from the duration mutmut
recorded for it in its stats run (setup and call, see tests/mutant_selection.py):
max(FLOOR, FACTOR x that duration). A test over its limit is interrupted (MutantTimeout, a
BaseException no `except Exception` of the code swallows), its fixtures are torn down (so a
team test drops its database), pytest stops (mutmut runs with -x) and the run ends with exit
code 36, which mutmut records as "timeout" (counted as killed, and reported apart by
tests/check_mutants.py). A test stuck where Python cannot interrupt it ends the whole run
GRACE seconds later, with the same code.

Fixtures of a wider scope (a session's template database, a module's sample) are made by
whichever test first asks for them; the time they take is not that test's own, so their
setup pauses its clock, up to WIDER seconds. Only mutant runs are limited: not the stats run
(which records the durations), the clean run or the forced failure.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

FLOOR = 2.0  # seconds: a test that took milliseconds still gets this long
FACTOR = 10.0  # times its recorded duration
WIDER = 60.0  # seconds a session- or module-scoped fixture may take to set up
GRACE = 10.0  # seconds after the interruption before the run is ended from outside
TIMEOUT_EXIT = 36  # mutmut's code for "timeout"
POLL = 0.2


class MutantTimeout(BaseException):
    """A test ran far longer under the mutant than it did without it."""


def under_mutant() -> bool:
    return "__mutmut_" in os.environ.get("MUTANT_UNDER_TEST", "")


def limit_of(recorded: float | None) -> float:
    """Seconds a test may take under a mutant, from its recorded duration (None: unknown)."""
    return FLOOR if recorded is None else max(FLOOR, FACTOR * recorded)


class Watch:
    """The deadline of the test running now, watched from a thread of its own."""

    def __init__(self, interrupt, end):
        self.deadline: float | None = None
        self.interrupted = False
        self.fired = False
        self._interrupt, self._end = interrupt, end
        self._lock = threading.Lock()

    def start(self, seconds: float) -> None:
        with self._lock:
            self.deadline = time.monotonic() + seconds
            self.interrupted = False

    def stop(self) -> None:
        with self._lock:
            self.deadline = None

    def pause(self):
        """For a wider fixture's setup: the clock stops, with WIDER seconds for the fixture."""
        with self._lock:
            saved, began = self.deadline, time.monotonic()
            if saved is not None:
                self.deadline = saved + WIDER
        return saved, began

    def resume(self, paused) -> None:
        saved, began = paused
        with self._lock:
            if saved is not None and self.deadline is not None and not self.interrupted:
                self.deadline = saved + (time.monotonic() - began)

    def check(self, now: float) -> None:
        """Interrupts the test past its deadline; ends the run GRACE seconds later."""
        with self._lock:
            if self.deadline is None or now < self.deadline:
                return
            if not self.interrupted:
                self.interrupted = self.fired = True
                self._interrupt()
            elif now >= self.deadline + GRACE:
                self._end()

    def run(self) -> None:
        while True:
            time.sleep(POLL)
            self.check(time.monotonic())


_watch: Watch | None = None


def _raise(_signum, _frame):
    raise MutantTimeout(f"over its limit under {os.environ.get('MUTANT_UNDER_TEST')}")


def pytest_configure(config):
    global _watch
    if not under_mutant() or threading.current_thread() is not threading.main_thread():
        return
    main = threading.main_thread().ident
    signal.signal(signal.SIGUSR2, _raise)
    _watch = Watch(lambda: signal.pthread_kill(main, signal.SIGUSR2),
                   lambda: os._exit(TIMEOUT_EXIT))
    threading.Thread(target=_watch.run, name="mutant-deadline", daemon=True).start()


def _recorded(nodeid: str) -> float | None:
    try:
        from mutmut.state import state
    except ImportError:  # not under mutmut
        return None
    return state().duration_by_test.get(nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if _watch is None:
        yield
        return
    _watch.start(limit_of(_recorded(item.nodeid)))
    try:
        yield
    finally:
        _watch.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if _watch is None or fixturedef.scope == "function":
        yield
        return
    paused = _watch.pause()
    try:
        yield
    finally:
        _watch.resume(paused)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if _watch is not None and _watch.fired:
        session.exitstatus = TIMEOUT_EXIT
