"""Benchmark: many people on one team portfolio at once, and not one update lost.

20 writer and 5 reader processes, each with its own connection, work for 60 seconds on one
PostgreSQL portfolio of 200 generated partners (portfolio_data.py, small partners). A writer
picks a record (a partner's notes, a difference's agreed way to manage it, or a checklist
item's note), loads it through the services, waits a little as a person typing would, and
saves its own unique value over the version it loaded. Half the picks go to ten "hot" records,
so people really do collide (three in --quick). Readers list the portfolio and load whole partners.

Every writer logs each save: the record, the version it loaded, its value, and whether it was
committed (with the version stored) or refused. At the end the log is checked against the
database: per record, exactly one commit per version from the first to the last (a save
written over another, or a refused save that was written after all, would leave a version
unaccounted for), and the stored value is the last committed one. Any lost update, and any
error other than a refusal, makes the script exit non-zero.

    python benchmarks/bench_team_load.py postgresql://admin@host:5432/postgres
    PLANNER_TEST_SERVER=... python benchmarks/bench_team_load.py --quick

The URL is a superuser's (or a role that may CREATE DATABASE): the script makes its own
database, and drops it at the end unless --keep. A password comes from the URL, PGPASSWORD
or ~/.pgpass.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from planner.domain.errors import EditConflict, PlannerError  # noqa: E402
from planner.services import checklist, differences, partners  # noqa: E402
from planner.services.portfolio import open_portfolio  # noqa: E402
from planner.storage.location import ServerLocation, parse_location  # noqa: E402

FULL = {"writers": 20, "readers": 5, "seconds": 60.0, "partners": 200, "hot": 10}
QUICK = {"writers": 3, "readers": 1, "seconds": 3.0, "partners": 20, "hot": 3}
THINK_S = 0.05    # a writer waits up to this long between loading and saving

# what a writer edits in each kind of record: (the field, how to load, how to save)
KINDS = ("partner", "difference", "item")
FIELD = {"partner": "notes", "difference": "management", "item": "note"}


def load(portfolio, kind: str, partner_id: int, record_id: int):
    uow = portfolio.uow
    if kind == "partner":
        return partners.get_partner(uow(), record_id)
    found = (differences.differences if kind == "difference" else checklist.checklist)(
        uow(), partner_id)
    return next(r for r in found if r.id == record_id)


def save(portfolio, kind: str, edited, loaded):
    update = {"partner": partners.update_partner, "difference": differences.update_difference,
              "item": checklist.update_item}[kind]
    return update(portfolio.uow(), edited, loaded=loaded)


# the workers (separate processes) --------------------------------------------------------

def writer(number: int, location: ServerLocation, records: list, hot: int, seconds: float,
           start, log_path: str) -> None:
    rng = random.Random(number)
    hot = records[:hot]  # the records half of all picks go to
    with open_portfolio(location) as portfolio, open(log_path, "w") as log:
        start.wait()  # everyone connected: the clock starts for all at once
        until = time.time() + seconds
        n = 0
        while time.time() < until:
            kind, partner_id, record_id = rng.choice(hot if rng.random() < 0.5 else records)
            value = f"writer {number} edit {n}"
            n += 1
            entry = {"kind": kind, "id": record_id, "value": value}
            try:
                loaded = load(portfolio, kind, partner_id, record_id)
                entry["loaded"] = loaded.version
                time.sleep(rng.uniform(0, THINK_S))
                start = time.perf_counter()
                try:
                    stored = save(portfolio, kind, replace(loaded, **{FIELD[kind]: value}),
                                  loaded)
                except EditConflict as refusal:
                    entry.update(outcome="refused", sentence=str(refusal))
                else:
                    entry.update(outcome="committed", stored=stored.version)
                entry["seconds"] = time.perf_counter() - start
            except PlannerError as error:  # not a refusal: counted as an error
                entry.update(outcome="error", sentence=str(error))
            log.write(json.dumps(entry) + "\n")


def reader(number: int, location: ServerLocation, partner_ids: list, seconds: float, start,
           log_path: str) -> None:
    rng = random.Random(1000 + number)
    with open_portfolio(location, read_only=True) as portfolio, open(log_path, "w") as log:
        start.wait()
        until = time.time() + seconds
        while time.time() < until:
            start = time.perf_counter()
            try:
                if rng.random() < 0.2:
                    partners.list_partners(portfolio.uow())
                else:
                    partners.partner_record(portfolio.uow(), rng.choice(partner_ids))
                outcome = "read"
            except PlannerError as error:
                outcome = f"error: {error}"
            log.write(json.dumps({"outcome": outcome,
                                  "seconds": time.perf_counter() - start}) + "\n")


# setting up and checking ----------------------------------------------------------------

def create_database(admin: ServerLocation) -> ServerLocation:
    import psycopg

    name = f"planner_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**admin.connect_arguments(), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return replace(admin, database=name)


def drop_database(admin: ServerLocation, location: ServerLocation) -> None:
    import psycopg

    with psycopg.connect(**admin.connect_arguments(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{location.database}" WITH (FORCE)')


def state(location: ServerLocation) -> dict[tuple[str, int], tuple[int, str]]:
    """Every editable record: (kind, id) -> (version, value of the edited field)."""
    found = {}
    with open_portfolio(location) as portfolio:
        for partner in partners.list_partners(portfolio.uow()):
            record = partners.partner_record(portfolio.uow(), partner.id)
            found[("partner", partner.id)] = (partner.version, partner.notes)
            for d in record.differences:
                found[("difference", d.id)] = (d.version, d.management)
            for i in record.checklist:
                found[("item", i.id)] = (i.version, i.note)
    return found


def owners(location: ServerLocation) -> dict[tuple[str, int], int]:
    with open_portfolio(location) as portfolio:
        found = {}
        for partner in partners.list_partners(portfolio.uow()):
            record = partners.partner_record(portfolio.uow(), partner.id)
            found[("partner", partner.id)] = partner.id
            found.update({("difference", d.id): partner.id for d in record.differences})
            found.update({("item", i.id): partner.id for i in record.checklist})
    return found


def lost_updates(before: dict, after: dict, saves: list[dict]) -> list[str]:
    """Every way the log and the database disagree, in words; empty when nothing was lost."""
    problems = []
    by_record: dict[tuple[str, int], list[dict]] = {}
    for entry in saves:
        by_record.setdefault((entry["kind"], entry["id"]), []).append(entry)
    for key, entries in sorted(by_record.items()):
        first_version, _ = before[key]
        final_version, final_value = after[key]
        committed = sorted((e for e in entries if e["outcome"] == "committed"),
                           key=lambda e: e["stored"])
        versions = [e["stored"] for e in committed]
        expected = list(range(first_version + 1, final_version + 1))
        if versions != expected:
            problems.append(f"{key}: committed versions {versions[:8]} but the record went "
                            f"from {first_version} to {final_version}")
        for e in committed:
            if e["stored"] != e["loaded"] + 1:
                problems.append(f"{key}: a save over version {e['loaded']} stored "
                                f"{e['stored']}")
        if committed and final_value != committed[-1]["value"]:
            problems.append(f"{key}: holds {final_value!r}, not the last committed "
                            f"{committed[-1]['value']!r}")
        refused = {e["value"] for e in entries if e["outcome"] == "refused"}
        if final_value in refused:
            problems.append(f"{key}: holds the refused value {final_value!r}")
    for key in set(before) - set(by_record):
        if before[key] != after[key]:
            problems.append(f"{key}: changed though nobody committed a change to it")
    return problems


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default=os.environ.get("PLANNER_TEST_SERVER"),
                        help="a superuser's postgresql:// URL (default: PLANNER_TEST_SERVER)")
    parser.add_argument("--quick", action="store_true",
                        help="3 writers, 1 reader, 3 seconds, 20 partners")
    for name, default in FULL.items():
        parser.add_argument(f"--{name}", type=type(default), default=None)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not args.url:
        parser.error("give a superuser's postgresql:// URL or set PLANNER_TEST_SERVER")
    admin = parse_location(args.url)
    if not isinstance(admin, ServerLocation):
        parser.error("the URL must be a postgresql:// URL")
    settings = dict(QUICK if args.quick else FULL)
    settings.update({k: getattr(args, k) for k in FULL if getattr(args, k) is not None})

    import portfolio_data

    location = create_database(admin)
    try:
        start = time.perf_counter()
        open_portfolio(location, create=True).close()
        portfolio_data.build_portfolio(location, settings["partners"], small=True)
        before = state(location)
        where = owners(location)
        print(f"portfolio: {settings['partners']} partners, {len(before)} editable records, "
              f"built in {time.perf_counter() - start:.1f} s on {location.shown}")
        rng = random.Random(7)
        records = [(kind, where[(kind, i)], i) for kind, i in before]
        rng.shuffle(records)
        partner_ids = sorted({p for _, p, _ in records})
        with tempfile.TemporaryDirectory(prefix="planner-load-") as folder:
            saves, reads = run(settings, location, records, partner_ids, Path(folder))
        after = state(location)
    finally:
        if not args.keep:
            drop_database(admin, location)
    return report(settings, before, after, saves, reads)


def run(settings, location, records, partner_ids, folder: Path):
    context = multiprocessing.get_context("spawn")
    seconds = settings["seconds"]
    start = context.Barrier(settings["writers"] + settings["readers"] + 1, timeout=300)
    processes = []
    for n in range(settings["writers"]):
        processes.append(context.Process(target=writer, args=(
            n, location, records, settings["hot"], seconds, start,
            str(folder / f"w{n}.jsonl"))))
    for n in range(settings["readers"]):
        processes.append(context.Process(target=reader, args=(
            n, location, partner_ids, seconds, start, str(folder / f"r{n}.jsonl"))))
    for process in processes:
        process.start()
    start.wait()
    for process in processes:
        process.join()
    failed = [p.exitcode for p in processes if p.exitcode != 0]
    if failed:
        raise SystemExit(f"{len(failed)} worker processes failed (exit codes {failed})")

    def lines(pattern):
        return [json.loads(line) for path in sorted(folder.glob(pattern))
                for line in path.read_text().splitlines()]

    return lines("w*.jsonl"), lines("r*.jsonl")


def report(settings, before, after, saves, reads) -> int:
    committed = [s for s in saves if s["outcome"] == "committed"]
    refused = [s for s in saves if s["outcome"] == "refused"]
    errors = [s for s in saves if s["outcome"] == "error"]
    read_errors = [r for r in reads if r["outcome"] != "read"]
    seconds = settings["seconds"]
    save_times = [s["seconds"] for s in committed + refused]
    read_times = [r["seconds"] for r in reads if r["outcome"] == "read"]
    print(f"writers {settings['writers']}, readers {settings['readers']}, "
          f"{seconds:.0f} s")
    print(f"edits committed   {len(committed):8,d}   ({len(committed) / seconds:,.1f}/s)")
    print(f"conflicts refused {len(refused):8,d}")
    print(f"save errors       {len(errors):8,d}")
    print(f"save latency      p50 {percentile(save_times, 0.5) * 1000:7.1f} ms   "
          f"p95 {percentile(save_times, 0.95) * 1000:7.1f} ms")
    print(f"reads             {len(read_times):8,d}   p50 "
          f"{percentile(read_times, 0.5) * 1000:7.1f} ms   p95 "
          f"{percentile(read_times, 0.95) * 1000:7.1f} ms   errors {len(read_errors)}")
    if refused:
        print(f"a refusal reads:  {refused[0]['sentence']}")
    problems = lost_updates(before, after, saves)
    print(f"lost updates      {len(problems):8,d}   (the bar: 0)")
    for problem in problems[:20]:
        print(f"  {problem}")
    for error in (errors + read_errors)[:5]:
        print(f"  error: {error.get('sentence') or error['outcome']}")
    if not committed:
        print("  no edit was committed: the run proves nothing")
    return 1 if problems or errors or read_errors or not committed else 0


if __name__ == "__main__":
    sys.exit(main())
