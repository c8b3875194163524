"""Check mutmut's results against tests/mutants-accepted.txt; run by `dev.sh mutants full`
and `dev.sh mutants only` in a package's mutmut folder (mutants/PACKAGE); the default,
budgeted run (tests/mutant_budget.py) uses its pieces to report its own sample.

Prints the score of each package (killed / tested, then how many survived, were accepted, had
no test reaching them, timed out) and fails (exit 1) when a mutant survived that the accepted
list does not name. Each line of the list is a mutant name, then `#` and
the reason the survivor is accepted (an equivalent mutant, a log message, ...); a line
without a reason is an error too. A listed mutant that no longer survives is reported so the
line can go (mutant numbers move when a function changes).

    python ../../tests/check_mutants.py [domain|services|storage|all|MUTANT-GLOB] [--only FILE]

`--only FILE` scores the mutants named in FILE (one per line) and no others.
"""

from __future__ import annotations

import fnmatch
import math
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCEPTED = ROOT / "tests" / "mutants-accepted.txt"
PACKAGES = ("planner.domain", "planner.services", "planner.storage")
KILLED = {"killed", "timeout", "caught by type check", "segfault"}
SURVIVED = {"survived", "no tests", "suspicious"}


def read_accepted(path: Path = ACCEPTED) -> tuple[dict[str, str], list[str]]:
    accepted, problems = {}, []
    if not path.exists():
        return accepted, problems
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition("#")
        if not reason.strip():
            problems.append(f"{path.name}:{number}: {name.strip()} has no reason")
        accepted[name.strip()] = reason.strip()
    return accepted, problems


def parse_results(text: str) -> dict[str, str]:
    """`mutmut results --all true` prints one `    name: status` line per mutant."""
    results = {}
    for line in text.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("planner."):
            results[name] = status
    return results


def package_of(name: str) -> str:
    return next((p for p in PACKAGES if name.startswith(p + ".")), "other")


def check(results: dict[str, str], accepted: dict[str, str], pattern: str) -> tuple[
        list[str], list[str], dict[str, Counter]]:
    """(unlisted survivors, listed names that no longer survive, counts per package)."""
    chosen = {n: s for n, s in results.items() if fnmatch.fnmatch(n, pattern)}
    counts: dict[str, Counter] = defaultdict(Counter)
    for name, status in chosen.items():
        counts[package_of(name)][status] += 1
    survivors = sorted(n for n, s in chosen.items() if s in SURVIVED)
    unlisted = [n for n in survivors if n not in accepted]
    stale = sorted(n for n in accepted if fnmatch.fnmatch(n, pattern)
                   and chosen.get(n, "killed") in KILLED)
    return unlisted, stale, counts


def margin(killed: int, tested: int, population: int | None = None) -> float:
    """Half the width of the 95% interval of a share estimated from a random sample, in
    percentage points (normal approximation); drawn without replacement from `population`
    mutants, narrower as the sample nears all of them (none left: no margin)."""
    share = killed / tested
    finite = 1.0
    if population is not None and population > 1:
        finite = max(0, population - tested) / (population - 1)
    return 196 * math.sqrt(share * (1 - share) / tested * finite)


def score_line(package: str, counts: Counter, accepted: int = 0, sampled: bool = False,
               population: int | None = None) -> str:
    """One line per package: the share of mutants killed among those tested (a timeout counts
    as killed, as in mutmut), then where the rest went. `accepted`: how many of the survivors
    are listed in the accepted file; `population`: how many mutants the sample was drawn
    from."""
    killed = sum(counts[s] for s in KILLED)
    survived = counts["survived"] + counts["suspicious"]
    uncovered = counts["no tests"]
    tested = killed + survived + uncovered
    total = sum(counts.values())
    share = f"{100 * killed / tested:.1f}%" if tested else "-"
    if sampled and tested:
        drawn = f" of {population:,}" if population else ""
        share += (f" (+/- {margin(killed, tested, population):.1f} points, a random sample"
                  f"{drawn})")
    details = [f"{survived} survived ({accepted} accepted)", f"{uncovered} no coverage",
               f"{counts['timeout']} timeouts counted as killed"]
    if total - tested:
        details.append(f"{total - tested} not checked")
    return f"{package}: {share} killed ({killed} of {tested} mutants; {', '.join(details)})"


def pattern_of(what: str) -> str:
    return {"all": "planner.*"}.get(what, f"planner.{what}.*" if what in
                                    ("domain", "services", "storage") else what)


def main(argv: list[str]) -> int:
    only = None
    if "--only" in argv:
        at = argv.index("--only")
        only = set(Path(argv[at + 1]).read_text(encoding="utf-8").split())
        argv = argv[:at] + argv[at + 2:]
    pattern = pattern_of(argv[0] if argv else "all")
    run = subprocess.run([str(Path(sys.executable).with_name("mutmut")), "results", "--all",
                          "true"], capture_output=True, text=True)  # in the package's folder
    if run.returncode != 0:
        print(f"mutmut results failed: {run.stderr.strip()[-500:]}", file=sys.stderr)
        return 1
    results = parse_results(run.stdout)
    if only is not None:
        results = {name: status for name, status in results.items() if name in only}
    accepted, problems = read_accepted()
    unlisted, stale, counts = check(results, accepted, pattern)
    if only is not None:  # the accepted mutants outside the sample are not judged here
        stale = [name for name in stale if name in results]
    for package in sorted(counts):
        listed = sum(1 for name in accepted if package_of(name) == package
                     and fnmatch.fnmatch(name, pattern) and name in results
                     and results[name] in SURVIVED)
        print(score_line(package, counts[package], listed))
    for name in stale:
        print(f"note: {name} is listed in {ACCEPTED.name} but no longer survives")
    for name in unlisted:
        problems.append(f"{name} survived (see: mutmut show {name})")
    for problem in problems:
        print(problem, file=sys.stderr)
    if unlisted:
        print(f"{len(unlisted)} survivors: kill each with a test, or list it with its reason "
              f"in tests/{ACCEPTED.name}.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
