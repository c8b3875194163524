"""One package's mutants within a time budget: `bash packaging/dev.sh mutants` runs this in
the package's own mutmut folder (mutants/PACKAGE), once per package.

A whole run takes hours here (17,000 mutants, seconds each), so the default is bounded by time
and honest about what it measured:

1. the mutants of the functions changed since the last run of this package (mutmut's hash of
   each function, recorded in planner-run.json after each run), all of them first;
2. then the package's other mutants in a random order (seeded; the seed is printed), until
   the budget is spent. The mutants started form a random sample of the package: their share
   killed estimates the package's score, printed with the margin of that estimate.

It drives mutmut 3.8's own pieces (its mutant generation, stats, fork runner, limits and
result files), in mutmut's order but for the choice and order of the mutants: `mutmut run`
itself runs the fastest first, so a run cut short would be a sample of the fastest. A mutant
still running at the end of the budget (plus CUT_GRACE) is stopped and, never finished,
counted as not killed. mutmut's clean run of the tests is left to the stats run (every test
new to the folder passes there first) and to the test files changed since the last clean
pass, which are run again, unmutated, before any mutant.

    python ../../tests/mutant_budget.py PACKAGE --until EPOCH [--seed N] [--sample N]
        [--workers N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import statistics
import sys
import threading
import time
from collections import Counter
from math import ceil
from pathlib import Path


def _load_check():
    """tests/check_mutants.py, loaded by its path: this process runs the tests of the mutated
    copy (mutants/tests), so the repository's `tests` package must not be imported here."""
    import importlib.util

    here = Path(__file__).resolve().parent
    spec = importlib.util.spec_from_file_location("planner_check_mutants",
                                                  here / "check_mutants.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_check = _load_check()
KILLED, SURVIVED, read_accepted, score_line = (
    _check.KILLED, _check.SURVIVED, _check.read_accepted, _check.score_line)
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]  # run as a script: the repository's tests folder is not the copy's

RECORD = Path("mutants") / "planner-run.json"  # function -> hash at the last run
CLEAN = Path("mutants") / "planner-clean.json"  # test file -> digest at the last clean pass
CUT_GRACE = 30.0  # seconds a mutant may run past the budget before it is stopped
MIN_EXPECTED = 5.0  # seconds a mutant is expected to take before any has finished


def function_of(mutant: str) -> str:
    """'planner.a.x_f__mutmut_3' -> 'planner.a.x_f' (how mutmut keys its function hashes)."""
    return mutant.partition("__mutmut_")[0]


def changed_functions(recorded: dict[str, str], current: dict[str, str], prefix: str) -> set[str]:
    """The package's functions new or changed since the last run (none on the first run)."""
    if not recorded:
        return set()
    return {name for name, digest in current.items()
            if name.startswith(prefix) and recorded.get(name) != digest}


def plan(names: list[str], changed: set[str], seed: int) -> tuple[list[str], list[str]]:
    """(the changed functions' mutants, the others), each in a random order drawn by `seed`."""
    draw = random.Random(seed)
    first = sorted(n for n in names if function_of(n) in changed)
    rest = sorted(n for n in names if function_of(n) not in changed)
    draw.shuffle(first)
    draw.shuffle(rest)
    return first, rest


def last_start(until: float, finished: list[float]) -> float:
    """When to stop starting mutants: the budget's end less a typical mutant's time."""
    typical = statistics.median(finished) if finished else MIN_EXPECTED
    return until - typical


def report(package: str, statuses: dict[str, str], changed: list[str], sampled: list[str],
           unfinished: list[str], accepted: dict[str, str],
           population: int | None = None) -> tuple[list[str], list[str]]:
    """(lines to print, unaccepted survivors). The score is the random sample's (drawn from
    `population` mutants), a mutant cut at the end of the budget counted as not killed."""
    lines = []
    counts = Counter(statuses[n] for n in sampled if n in statuses)
    counts["survived"] += sum(1 for n in unfinished if n in sampled)
    listed = sum(1 for n in sampled if statuses.get(n) in SURVIVED and n in accepted)
    lines.append(score_line(f"planner.{package}", counts, listed, sampled=True,
                            population=population))
    if unfinished:
        lines.append(f"  {len(unfinished)} stopped at the end of the budget, counted as not "
                     "killed")
    if changed:
        done = Counter(statuses[n] for n in changed if n in statuses)
        killed = sum(done[s] for s in KILLED)
        lines.append(f"  and {len(changed)} mutants of changed functions: {killed} killed, "
                     f"{sum(done[s] for s in SURVIVED)} survived, "
                     f"{len(changed) - sum(done.values())} not reached in the budget")
    survivors = sorted(n for n in changed + sampled if statuses.get(n) in SURVIVED
                       and n not in accepted)
    return lines, survivors


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except ProcessLookupError:
        pass


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class Run:
    """mutmut's `run`, with the mutants chosen and ordered here (see the module's text)."""

    def __init__(self, package: str, workers: int):
        import mutmut.__main__ as mm
        from mutmut.state import state

        self.mm, self.state, self.package, self.workers = mm, state, package, workers

    def prepare(self) -> tuple[list[str], dict]:
        mm = self.mm
        mm.set_mutant_under_test("mutant_generation")
        Path("mutants").mkdir(exist_ok=True)
        fresh = not Path("mutants/mutmut-stats.json").exists()
        started = time.monotonic()
        with mm.CatchOutput(spinner_title="Generating mutants"):
            mm.copy_src_dir()
            mm.copy_also_copy_files()
            mm.setup_source_paths()
            mm.store_lines_covered_by_tests()
            mm.create_mutants(self.workers)
        print(f"    mutants made in {time.monotonic() - started:.0f} s")
        self.runner = mm.get_mutant_runner(self.workers)
        started = time.monotonic()
        mm.collect_or_load_stats(self.runner, mutants_caught_by_type_checker={},
                                 apply_config_invalidation=True)
        print(f"    stats {'collected' if fresh else 'loaded'} in "
              f"{time.monotonic() - started:.0f} s")
        mutants, self.by_path = mm.collect_source_file_mutation_data(
            mutant_names=(f"planner.{self.package}.*",))
        mm._check_test_to_mutant_associations(self.by_path)
        self.data = {name: data for data, name, _ in mutants}
        mm.set_mutant_under_test("")
        self.clean(fresh)
        mm.run_forced_fail_test(self.runner)
        return sorted(self.data), dict(self.state().current_function_hashes)

    def clean(self, fresh: bool) -> None:
        """Runs, unmutated, the selected tests of the test files changed since the last pass
        (all of them passed the stats run when it was made in this run)."""
        digests = {str(p): _digest(p) for p in sorted(Path("mutants/tests").rglob("test_*.py"))}
        passed = {} if not fresh else digests
        if not fresh:
            before = _read(CLEAN)
            changed = {p for p, d in digests.items() if before.get(p) != d}
            tests = sorted(t for t in self.state().duration_by_test
                           if "mutants/" + t.split("::", 1)[0] in changed)
            if tests:
                started = time.monotonic()
                with self.mm.CatchOutput(spinner_title="Running clean tests") as output:
                    if self.runner.run_clean_tests(tests=tests) != 0:
                        output.dump_output()
                        raise SystemExit("The tests fail without a mutant: fix them first.")
                print(f"    {len(tests)} tests of changed files pass unmutated "
                      f"({time.monotonic() - started:.0f} s)")
            passed = digests
        CLEAN.write_text(json.dumps(passed, indent=1), encoding="utf-8")

    def tests_of(self, name: str) -> tuple[list[str], float]:
        tests = self.state().tests_by_mangled_function_name.get(function_of(name), set())
        durations = self.state().duration_by_test
        return sorted(tests), sum(durations.get(t, 0.0) for t in tests)

    def execute(self, order: list[str], until: float | None) -> tuple[list[str], list[str]]:
        """Runs the mutants of `order` until `until` (epoch seconds; None: all of them);
        returns (the mutants started, those stopped unfinished at the end of the budget)."""
        mm, config = self.mm, self.mm.config()
        started, finished, cut = [], [], set()
        running: dict[str, float] = {}
        timer = None
        if until is not None:
            timer = threading.Timer(max(0.0, until + CUT_GRACE - time.time()), self._cut, [cut])
            timer.daemon = True
            timer.start()

        def drain() -> None:
            result = self.runner.wait_for_result()
            if result.mutant_name in cut:
                return  # stopped by the budget: no verdict
            mm._register_mutant_result(result, {result.mutant_name: self.data[result.mutant_name]})
            finished.append(time.time() - running.pop(result.mutant_name, time.time()))

        self.runner.startup()
        try:
            for name in order:
                if until is not None and time.time() >= last_start(until, finished):
                    break
                tests, estimate = self.tests_of(name)
                data = self.data[name]
                data.estimated_time_of_tests_by_mutant[name] = estimate
                started.append(name)
                if not tests:
                    data.exit_code_by_key[name] = 33  # mutmut's "no tests"
                    data.save()
                    continue
                while not self.runner.has_capacity():
                    drain()
                limit = ceil((estimate + config.timeout_constant) * config.timeout_multiplier * 2)
                running[name] = time.time()
                self.runner.submit(name, tests, limit, estimate)
                if len(started) % 10 == 0:
                    print(f"    {len(started)} mutants started, {len(finished)} finished",
                          flush=True)
            while self.runner.pending_count() > 0:
                drain()
        finally:
            if timer is not None:
                timer.cancel()
            self.runner.shutdown()
        unfinished = sorted(cut)
        for name in unfinished:  # back to "not checked"
            self.data[name].exit_code_by_key[name] = None
            self.data[name].save()
        return started, unfinished

    def _cut(self, cut: set[str]) -> None:
        """Stops the mutants still running: interrupted first (tests/mutant_deadline.py tears
        their fixtures down, a team test's database too), ended CUT_GRACE seconds later."""
        running = list(getattr(self.runner, "_running", {}).items())
        for pid, worker in running:
            cut.add(worker.mutant_name)
            _signal(pid, signal.SIGUSR2)
        ending = threading.Timer(CUT_GRACE, lambda: [_signal(p, signal.SIGKILL)
                                                    for p, _ in running])
        ending.daemon = True
        ending.start()

    def statuses(self, names: list[str]) -> dict[str, str]:
        from mutmut.stats import status_by_exit_code

        return {n: status_by_exit_code[self.data[n].exit_code_by_key.get(n)] for n in names
                if self.data[n].exit_code_by_key.get(n) is not None}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", choices=["domain", "services", "storage"])
    parser.add_argument("--until", type=float, help="epoch seconds: the end of the budget")
    parser.add_argument("--sample", type=int, help="this many random mutants, without a budget")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10 ** 6)
    run = Run(args.package, args.workers)
    names, hashes = run.prepare()
    prefix = f"planner.{args.package}."
    recorded = _read(RECORD)
    changed_set = changed_functions(recorded, hashes, prefix)
    first, rest = plan(names, changed_set, seed)
    if args.sample is not None:
        rest = rest[:args.sample]
    until = args.until if args.sample is None else None
    left = f"{(until - time.time()) / 60:.1f} min left" if until else f"{len(rest)} to run"
    # flushed: each forked mutant run would write out what is left in the buffer again
    print(f"planner.{args.package}: {len(names)} mutants, {len(first)} of changed functions; "
          f"then a random sample (seed {seed}); {left}", flush=True)
    started, unfinished = run.execute(first + rest, until)
    statuses = run.statuses(started)
    sampled = [n for n in started if n not in set(first)]
    # Changed functions not finished stay changed for the next run (their old hash is kept).
    finished = {function_of(n) for n in first if n in statuses}
    unfinished_functions = {function_of(n) for n in first if n not in statuses}
    pending = changed_set - (finished - unfinished_functions)
    record = {k: v for k, v in hashes.items() if k not in pending}
    record.update({k: recorded[k] for k in pending if k in recorded})
    RECORD.write_text(json.dumps(record, indent=1), encoding="utf-8")
    accepted, problems = read_accepted()
    lines, survivors = report(args.package, statuses, first, sampled, unfinished, accepted,
                              population=len(names) - len(first))
    print("\n".join(lines))
    for name in survivors:
        problems.append(f"{name} survived (see: cd mutants/{args.package} && "
                        f"../../.venv/bin/mutmut show {name})")
    for problem in problems:
        print(problem, file=sys.stderr)
    if survivors:
        print(f"{len(survivors)} survivors: kill each with a test, or list it with its reason "
              "in tests/mutants-accepted.txt.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
