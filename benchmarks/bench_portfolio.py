"""Benchmark: import, export and check a large generated portfolio.

2,000 partners with 100,000 meetings, 20,000 differences and 200,000 checklist items (plus
stakeholders, ties, actions, value exchanges and health checks). Run from the repository root:

    python benchmarks/bench_portfolio.py            # through the service functions
    python benchmarks/bench_portfolio.py --cli      # through `python -m planner` subprocesses

Prints seconds and rows per second for each step; each should be well under 30 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from planner.services import portfolio_io  # noqa: E402
from planner.services.portfolio import check_portfolio, open_portfolio  # noqa: E402

PARTNERS = 2_000
MEETINGS = 50        # per partner: 100,000
DIFFERENCES = 10     # per partner: 20,000
CHECKLIST = 100      # per partner: 200,000
STAKEHOLDERS = 6
ACTIONS = 10
VALUE = 5
HEALTH = 4
DIMENSIONS = ("strategic_value", "operational_effectiveness", "relationship_culture",
              "governance", "trust", "communication")
STAGES = ("courtship", "commitment", "bridges", "exit")
AREAS = ("structure", "business model", "politics", "org chart", "policy", "culture",
         "philosophy", "process", "contract", "other")
LEVELS = ("executive", "management", "operational")
RATINGS = ("low", "medium", "high")


def day(rng: random.Random) -> str:
    return (dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1600))).isoformat()


def generate_partner(i: int, rng: random.Random) -> dict:
    people = [{"key": f"s{k}", "name": f"Person {i}-{k}", "side": "ours" if k % 2 else "theirs",
               "level": LEVELS[k % 3], "role": "Alliance lead", "ambassador": k < 2,
               "email": f"p{i}.{k}@example.com"} for k in range(STAKEHOLDERS)]
    ours = [p["key"] for p in people if p["side"] == "ours"]
    theirs = [p["key"] for p in people if p["side"] == "theirs"]
    return {
        "name": f"Partner {i:05d}",
        "stage": STAGES[i % 4],
        "organisation": f"Partner {i:05d} Ltd",
        "kind": "vertical" if i % 3 == 0 else "horizontal",
        "definition": "A joint offer for mid-market manufacturers. " * 3,
        "unique_result": "A service neither side can deliver alone.",
        "owner": "Hannah Becker",
        "next_review": day(rng),
        "tags": ["co-sell", f"region-{i % 7}"],
        "checklist": [
            {"stage": STAGES[k * 4 // CHECKLIST], "text": f"Checklist item {k} for partner {i}",
             "trait": 1 + k % 15, "done": k % 3 == 0,
             "done_on": day(rng) if k % 3 == 0 else None, "note": ""}
            for k in range(CHECKLIST)
        ],
        "stakeholders": people,
        "ties": [{"ours": o, "theirs": t, "strength": "working"} for o in ours for t in theirs][:4],
        "differences": [
            {"area": AREAS[k % len(AREAS)], "ours": "We plan quarterly.",
             "theirs": "They plan every week.", "likelihood": RATINGS[k % 3],
             "impact": RATINGS[(k + 1) % 3], "management": "Monthly joint planning" if k % 2
             else "", "owner": "Tom", "status": ("open", "managed", "resolved")[k % 3]}
            for k in range(DIFFERENCES)
        ],
        "meetings": [
            {"key": f"m{k}", "date": day(rng), "kind": "review", "place": "Manchester",
             "attendees": [people[k % STAKEHOLDERS]["key"], people[(k + 1) % STAKEHOLDERS]["key"]],
             "notes": "Walked the open actions and the register of differences.",
             "decisions": "Go ahead with the pilot.", "moment_of_truth": k == 7}
            for k in range(MEETINGS)
        ],
        "actions": [
            {"text": f"Action {k}", "owner": "Tom", "side": "ours" if k % 2 else "theirs",
             "due": day(rng), "done": k % 2 == 0, "done_on": day(rng) if k % 2 == 0 else None,
             "meeting": f"m{k}"}
            for k in range(ACTIONS)
        ],
        "value": [{"giver": "ours" if k % 2 else "theirs", "what": "Two engineers for a month",
                   "worth": 1000 * (k + 1), "date": day(rng)} for k in range(VALUE)],
        "health": [
            {"date": day(rng), "comment": "Quarterly check",
             "scores": [{"dimension": d, "ours": 1 + (k + n) % 5, "theirs": 1 + (k * n) % 5}
                        for n, d in enumerate(DIMENSIONS)]}
            for k in range(HEALTH)
        ],
    }


def generate(path: Path) -> int:
    rng = random.Random(2026)
    document = {"format": "partner-planner", "version": 1,
                "partners": [generate_partner(i, rng) for i in range(PARTNERS)]}
    path.write_text(json.dumps(document), encoding="utf-8")
    return rows_in(document)


def rows_in(document: dict) -> int:
    rows = 0
    for p in document["partners"]:
        rows += 1 + sum(len(p[k]) for k in ("checklist", "stakeholders", "ties", "differences",
                                            "meetings", "actions", "value", "health"))
        rows += sum(len(m["attendees"]) for m in p["meetings"])
        rows += sum(len(h["scores"]) for h in p["health"])
    return rows


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
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="planner-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    source, database, out = (folder / "portfolio.json", folder / "bench.sqlite",
                             folder / "export.json")
    for stale in (database, out):
        stale.unlink(missing_ok=True)

    start = time.perf_counter()
    rows = generate(source)
    print(f"generated {rows:,} rows ({source.stat().st_size / 1e6:.0f} MB of JSON) "
          f"in {time.perf_counter() - start:.1f} s")

    if args.cli:
        seconds = [
            timed("import", rows, lambda: (open_portfolio(database, create=True).close(),
                                           planner("import", database, source))),
            timed("export", rows, lambda: planner("export", database, "-o", out)),
            timed("check", rows, lambda: planner("check", database)),
        ]
    else:
        def import_():
            with open_portfolio(database, create=True) as portfolio:
                portfolio_io.import_json(portfolio.uow(), source)

        def export():
            with open_portfolio(database, read_only=True) as portfolio:
                portfolio_io.export_json(portfolio.uow(), out)

        def check():
            report = check_portfolio(database)
            assert report.healthy, report.problems

        seconds = [timed("import", rows, import_), timed("export", rows, export),
                   timed("check", rows, check)]

    report = check_portfolio(database)
    print("counts: " + ", ".join(f"{t} {n:,}" for t, n in report.counts.items()))
    print(f"database {database.stat().st_size / 1e6:.0f} MB; export "
          f"{out.stat().st_size / 1e6:.0f} MB")
    slowest = max(seconds)
    print(f"slowest step {slowest:.2f} s ({'ok' if slowest < 30 else 'TOO SLOW'}: limit 30 s)")
    return 0 if slowest < 30 else 1


if __name__ == "__main__":
    raise SystemExit(main())
