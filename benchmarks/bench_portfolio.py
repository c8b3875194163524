"""Benchmark: import, export and check a large generated portfolio.

2,000 partners with 100,000 meetings, 20,000 differences and 200,000 checklist items (plus
stakeholders, ties, actions, value exchanges and health checks; see portfolio_data.py), then
the app's own export of it imported again. Run from the repository root:

    python benchmarks/bench_portfolio.py            # through the service functions
    python benchmarks/bench_portfolio.py --cli      # through `python -m planner` subprocesses
    python benchmarks/bench_portfolio.py --quick    # 30 small partners: a smoke test

Prints seconds and rows per second for each step and the peak memory. Targets at 2,000
partners: import plus export within 20 s, every step within 30 s, peak RSS under 400 MB.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from planner.services import portfolio_io  # noqa: E402
from planner.services.portfolio import check_portfolio, open_portfolio  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import portfolio_data  # noqa: E402

PARTNERS = 2_000
IMPORT_EXPORT_S = 20
STEP_S = 30
PEAK_MB = 400


def timed(label: str, rows: int, work) -> float:
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(f"{label:<8} {seconds:7.2f} s   {rows / seconds:>10,.0f} rows/s")
    return seconds


def planner(*args) -> None:
    subprocess.run([sys.executable, "-m", "planner", *map(str, args)], check=True, cwd=REPO,
                   stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", action="store_true", help="time the real command line")
    parser.add_argument("--keep", type=Path, help="folder to keep the files in")
    parser.add_argument("--quick", action="store_true", help="30 small partners")
    parser.add_argument("--partners", type=int, default=PARTNERS)
    args = parser.parse_args()
    partners, small = (30, True) if args.quick else (args.partners, False)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="planner-bench-"))
    try:
        return run(folder, partners, small=small, cli=args.cli, quick=args.quick)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def peak_mb(cli: bool) -> float:
    who = resource.RUSAGE_CHILDREN if cli else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def run(folder: Path, partners: int, *, small: bool, cli: bool, quick: bool) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    source, database, out, again = (folder / "portfolio.json", folder / "bench.sqlite",
                                    folder / "export.json", folder / "again.sqlite")
    for stale in (database, out, again):
        stale.unlink(missing_ok=True)

    start = time.perf_counter()
    rows = portfolio_data.write_document(source, partners, small=small)
    print(f"generated {rows:,} rows ({source.stat().st_size / 1e6:.0f} MB of JSON) "
          f"in {time.perf_counter() - start:.1f} s")

    if cli:
        steps = {
            "import": lambda: (open_portfolio(database, create=True).close(),
                               planner("import", database, source)),
            "export": lambda: planner("export", database, "-o", out),
            "reimport": lambda: (open_portfolio(again, create=True).close(),
                                 planner("import", again, out)),
            "check": lambda: planner("check", database),
        }
    else:
        def import_(target: Path, document: Path):
            with open_portfolio(target, create=True) as portfolio:
                portfolio_io.import_json(portfolio.uow(), document)

        def export():
            with open_portfolio(database, read_only=True) as portfolio:
                portfolio_io.export_json(portfolio.uow(), out)

        def check():
            report = check_portfolio(database)
            assert report.healthy, report.problems

        steps = {"import": lambda: import_(database, source), "export": export,
                 "reimport": lambda: import_(again, out), "check": check}
    seconds = {label: timed(label, rows, work) for label, work in steps.items()}

    report = check_portfolio(database)
    assert check_portfolio(again).counts == report.counts, "the export did not round-trip"
    print("counts: " + ", ".join(f"{t} {n:,}" for t, n in report.counts.items()))
    print(f"database {database.stat().st_size / 1e6:.0f} MB; export "
          f"{out.stat().st_size / 1e6:.0f} MB; the export imports back to the same counts")
    both = seconds["reimport"] + seconds["export"]
    peak = peak_mb(cli)
    slowest = max(seconds.values())
    ok = both < IMPORT_EXPORT_S and slowest < STEP_S and peak < PEAK_MB
    print(f"import of the export + export {both:.2f} s (limit {IMPORT_EXPORT_S} s); slowest step "
          f"{slowest:.2f} s (limit {STEP_S} s); peak RSS {peak:,.0f} MB (limit {PEAK_MB} MB)")
    if quick:
        return 0  # a smoke test: every step ran and round-tripped
    print("ok" if ok else "OVER A LIMIT")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
