"""Benchmark: the same portfolio on both engines, side by side (SQLite file, PostgreSQL).

    python benchmarks/bench_engines.py --server postgresql://user@host:port/postgres
    python benchmarks/bench_engines.py --quick       # 30 small partners, 1 run: a smoke test

The server is named by --server or PLANNER_TEST_SERVER (a user who may create databases; a
password from the URL, PGPASSWORD or ~/.pgpass). A new database is made for the run and
dropped at its end. For the generated 2,000-partner portfolio (benchmarks/portfolio_data.py)
it prints, per engine, the medians (and ranges) over --runs of: the list load
(`portfolio_overview`), selecting the biggest partner (`partner_record`, what the workspace
loads for all its tabs), search for common, rare and one-letter queries; then the export to
JSON, the import of that export into an empty portfolio, and copy in both directions where
`planner.services.copying.copy_portfolio` exists. Run both engines in one process, one after
the other, so a loaded machine weighs on both alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import portfolio_data  # noqa: E402

SEARCHES = (("common", "the"), ("common2", "pilot"), ("rare", "01234"), ("letter", "p"),
            ("letter2", "w"))


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def server_location(url: str, database: str):
    from planner.storage.location import parse_location

    admin = parse_location(url)
    return admin, type(admin)(host=admin.host, port=admin.port, database=database,
                              user=admin.user, query=admin.query, password=admin.password)


def admin_execute(admin, statement: str) -> None:
    import psycopg

    with psycopg.connect(**admin.connect_arguments(), autocommit=True) as connection:
        connection.execute(statement)


def measure_reads(location, partners: int, runs: int) -> dict[str, list[float]]:
    """List, selection and search on an open portfolio, each timed `runs` times."""
    from planner.services import search as search_service
    from planner.services.partners import find_partner, partner_record, portfolio_overview
    from planner.services.portfolio import open_portfolio

    today = dt.date.today()
    figures: dict[str, list[float]] = {}
    with open_portfolio(location) as portfolio:
        uow = portfolio.uow
        name = portfolio_data.partner_name(portfolio_data.big_partner(partners))
        big = find_partner(uow(), name)
        for _ in range(runs):
            figures.setdefault("list", []).append(
                timed(lambda: portfolio_overview(uow(), today)))
            figures.setdefault("select", []).append(
                timed(lambda: partner_record(uow(), big.id)))
            for label, query in SEARCHES:
                figures.setdefault(f"search_{label}", []).append(
                    timed(lambda q=query: search_service.search(uow(), q)))
    return figures


def measure_exchange(source, target, folder: Path) -> dict[str, float]:
    """Export `source` to JSON, import that into the empty portfolio `target`."""
    from planner.services import portfolio_io
    from planner.services.portfolio import open_portfolio

    document = folder / f"export-{uuid.uuid4().hex[:6]}.json"
    with open_portfolio(source, read_only=True) as portfolio:
        export = timed(lambda: portfolio_io.export_json(portfolio.uow(), document))
    with open_portfolio(target, create=True) as portfolio:
        imported = timed(lambda: portfolio_io.import_json(portfolio.uow(), document))
    document.unlink()
    return {"export": export, "import": imported}


def copier():
    try:
        return importlib.import_module("planner.services.copying").copy_portfolio
    except (ImportError, AttributeError):
        return None


def median(values: list[float]) -> str:
    return f"{statistics.median(values):,.1f} ({min(values):,.1f}-{max(values):,.1f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small portfolio, one run")
    parser.add_argument("--server", default=os.environ.get("PLANNER_TEST_SERVER"),
                        help="a PostgreSQL server's URL (default: PLANNER_TEST_SERVER)")
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    partners, runs = (30, 1) if args.quick else (args.partners, args.runs)
    if not args.server:
        print("bench_engines: name a PostgreSQL server with --server or PLANNER_TEST_SERVER",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="planner-bench-engines-") as work:
        folder = Path(work)
        for name in ("DATA", "CONFIG", "STATE", "CACHE"):  # keep backups out of the home
            os.environ[f"XDG_{name}_HOME"] = str(folder / name.lower())
        started = time.perf_counter()
        source = portfolio_data.cached_portfolio(partners, small=args.quick)
        if time.perf_counter() - started > 1:
            print(f"  (portfolio ready in {time.perf_counter() - started:.0f} s)",
                  file=sys.stderr)
        made: list[str] = []

        def new_team():
            database = f"planner_bench_{uuid.uuid4().hex[:10]}"
            admin, team = server_location(args.server, database)
            admin_execute(admin, f'CREATE DATABASE "{database}"')
            made.append(database)
            return team

        try:
            lines = run(source, new_team, folder, partners, runs)
        finally:
            admin, _ = server_location(args.server, "postgres")
            for database in made:
                admin_execute(admin, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print("\n".join(lines))
    return 0


def run(source: Path, new_team, folder: Path, partners: int, runs: int) -> list[str]:
    # file -> team by export and import: how a team portfolio is filled from a file today
    team = new_team()
    from_file = measure_exchange(source, team, folder)
    from_team = measure_exchange(team, folder / "back.sqlite", folder)
    on_file = measure_reads(source, partners, runs)
    on_team = measure_reads(team, partners, runs)
    lines = [f"{partners:,} partners; medians (range) of {runs} run(s), in ms",
             f"{'figure':<34} {'SQLite file':>24} {'PostgreSQL':>24} {'ratio':>6}"]
    for key, label in [("list", "list load"), ("select", "select biggest (all tabs' data)")] + [
            (f"search_{k}", f"search '{q}'") for k, q in SEARCHES]:
        ratio = statistics.median(on_team[key]) / max(statistics.median(on_file[key]), 1e-6)
        lines.append(f"{label:<34} {median(on_file[key]):>24} {median(on_team[key]):>24} "
                     f"{ratio:>5.1f}x")
    lines.append(f"{'export to JSON':<34} {from_file['export']:>24,.0f} "
                 f"{from_team['export']:>24,.0f}")
    lines.append(f"{'import that export (into empty)':<34} {from_team['import']:>24,.0f} "
                 f"{from_file['import']:>24,.0f}")
    copy = copier()
    label = "copy (team -> file, file -> team)"
    if copy is None:
        lines.append(f"{label:<34} {'not available':>24} {'not available':>24}")
    else:
        into_file = timed(lambda: copy(team, folder / "copied.sqlite"))
        into_team = timed(lambda: copy(source, new_team()))
        lines.append(f"{label:<34} {into_file:>24,.0f} {into_team:>24,.0f}")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
