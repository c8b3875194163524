"""Generated portfolios for the benchmarks: JSON documents and ready-made portfolio files.

A "large" portfolio has 50 meetings, 10 differences and 100 checklist items per partner (at
2,000 partners: 100,000 meetings), plus one partner with 500 meetings and 200 differences,
the biggest a selection has to load. Portfolio files are cached (see `cached_portfolio`) so
repeated benchmark runs do not pay for generating them again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

MEETINGS = 50        # per partner: 100,000 at 2,000 partners
DIFFERENCES = 10     # per partner: 20,000
CHECKLIST = 100      # per partner: 200,000
STAKEHOLDERS = 6
ACTIONS = 10
VALUE = 5
HEALTH = 4
BIG_MEETINGS = 500   # the biggest partner
BIG_DIFFERENCES = 200
DIMENSIONS = ("strategic_value", "operational_effectiveness", "relationship_culture",
              "governance", "trust", "communication")
STAGES = ("courtship", "commitment", "bridges", "exit")
AREAS = ("structure", "business model", "politics", "org chart", "policy", "culture",
         "philosophy", "process", "contract", "other")
LEVELS = ("executive", "management", "operational")
RATINGS = ("low", "medium", "high")
GENERATOR_VERSION = 2  # bump when the generated content changes: cached files are rebuilt


def day(rng: random.Random) -> str:
    return (dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1600))).isoformat()


def big_partner(partners: int) -> int:
    """The index of the partner with the most meetings and differences."""
    return partners // 2


def partner_name(i: int) -> str:
    return f"Partner {i:05d}"


def generate_partner(i: int, rng: random.Random, *, meetings: int = MEETINGS,
                     differences: int = DIFFERENCES, checklist: int = CHECKLIST) -> dict:
    people = [{"key": f"s{k}", "name": f"Person {i}-{k}", "side": "ours" if k % 2 else "theirs",
               "level": LEVELS[k % 3], "role": "Alliance lead", "ambassador": k < 2,
               "email": f"p{i}.{k}@example.com"} for k in range(STAKEHOLDERS)]
    ours = [p["key"] for p in people if p["side"] == "ours"]
    theirs = [p["key"] for p in people if p["side"] == "theirs"]
    return {
        "name": partner_name(i),
        "stage": STAGES[i % 4],
        "organisation": f"Partner {i:05d} Ltd",
        "kind": "vertical" if i % 3 == 0 else "horizontal",
        "definition": "A joint offer for mid-market manufacturers. " * 3,
        "unique_result": "A service neither side can deliver alone.",
        "owner": ("Hannah Becker", "Tom Okafor", "Ines Duarte")[i % 3],
        "next_review": day(rng),
        "tags": ["co-sell", f"region-{i % 7}"],
        "checklist": [
            {"stage": STAGES[k * 4 // checklist], "text": f"Checklist item {k} for partner {i}",
             "trait": 1 + k % 15, "done": k % 3 == 0,
             "done_on": day(rng) if k % 3 == 0 else None, "note": ""}
            for k in range(checklist)
        ],
        "stakeholders": people,
        "ties": [{"ours": o, "theirs": t, "strength": "working"} for o in ours for t in theirs][:4],
        "differences": [
            {"area": AREAS[k % len(AREAS)], "ours": "We plan quarterly.",
             "theirs": "They plan every week.", "likelihood": RATINGS[k % 3],
             "impact": RATINGS[(k + 1) % 3], "management": "Monthly joint planning" if k % 2
             else "", "owner": "Tom", "status": ("open", "managed", "resolved")[k % 3]}
            for k in range(differences)
        ],
        "meetings": [
            {"key": f"m{k}", "date": day(rng), "kind": "review", "place": "Manchester",
             "attendees": [people[k % STAKEHOLDERS]["key"], people[(k + 1) % STAKEHOLDERS]["key"]],
             "notes": "Walked the open actions and the register of differences.",
             "decisions": "Go ahead with the pilot.", "moment_of_truth": k == 7}
            for k in range(meetings)
        ],
        "actions": [
            {"text": f"Action {k}", "owner": "Tom", "side": "ours" if k % 2 else "theirs",
             "due": day(rng), "done": k % 2 == 0, "done_on": day(rng) if k % 2 == 0 else None,
             "meeting": f"m{k % meetings}"}
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


def generate_partners(count: int, *, small: bool = False):
    """The partners of a generated portfolio, one at a time (bounded memory at any size)."""
    rng = random.Random(2026)
    big = big_partner(count)
    for i in range(count):
        if small:
            yield generate_partner(i, rng, meetings=5, differences=3, checklist=12)
        elif i == big:
            yield generate_partner(i, rng, meetings=BIG_MEETINGS, differences=BIG_DIFFERENCES)
        else:
            yield generate_partner(i, rng)


def write_document(path: Path, partners: int, *, small: bool = False) -> int:
    """Write a portfolio export of `partners` generated partners; returns its row count."""
    rows = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"format": "partner-planner", "version": 1, "partners": [\n')
        for n, partner in enumerate(generate_partners(partners, small=small)):
            f.write((",\n" if n else "") + json.dumps(partner))
            rows += rows_in(partner)
        f.write("\n]}\n")
    return rows


def rows_in(p: dict) -> int:
    rows = 1 + sum(len(p[k]) for k in ("checklist", "stakeholders", "ties", "differences",
                                       "meetings", "actions", "value", "health"))
    rows += sum(len(m["attendees"]) for m in p["meetings"])
    rows += sum(len(h["scores"]) for h in p["health"])
    return rows


def build_portfolio(path: Path, partners: int, *, small: bool = False, batch: int = 100) -> None:
    """A portfolio file of generated partners, imported a batch at a time."""
    from planner.services import portfolio_io
    from planner.services.portfolio import open_portfolio

    with open_portfolio(path, create=True) as portfolio:
        chunk: list = []
        for i, data in enumerate(generate_partners(partners, small=small)):
            chunk.append(portfolio_io.json_to_record(data, f"$.partners[{i}]"))
            if len(chunk) == batch:
                portfolio_io.import_records(portfolio.uow(), chunk)
                chunk = []
        if chunk:
            portfolio_io.import_records(portfolio.uow(), chunk)


def cache_folder() -> Path:
    folder = Path(os.environ.get("PLANNER_BENCH_CACHE")
                  or Path(tempfile.gettempdir()) / "planner-bench-cache")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def schema_key() -> str:
    """Changes with the migrations, so a cached file is never one the app must migrate."""
    versions = REPO / "planner" / "storage" / "migrations" / "versions"
    names = sorted(p.name for p in versions.glob("*.py"))
    return hashlib.sha1("\n".join(names).encode()).hexdigest()[:8]


def cached_portfolio(partners: int, *, small: bool = False) -> Path:
    """A generated portfolio file, built once and reused while the generator and schema hold."""
    name = f"portfolio-{partners}{'-small' if small else ''}-g{GENERATOR_VERSION}-{schema_key()}"
    path = cache_folder() / f"{name}.sqlite"
    if not path.exists():
        building = path.with_name(path.name + ".building")
        for stale in building.parent.glob(building.name + "*"):
            stale.unlink()
        older = _older_schema(path, name[:-len(schema_key())])
        if older is not None:
            migrated_copy(older, building)
        else:
            build_portfolio(building, partners, small=small)
        for suffix in ("-wal", "-shm"):
            Path(str(building) + suffix).unlink(missing_ok=True)
        building.rename(path)
    return path


def _older_schema(path: Path, prefix: str) -> Path | None:
    """The same generated portfolio cached at an earlier schema of this app, if one is there:
    migrating a copy takes seconds where generating it again takes minutes (at 8,000
    partners, many). A file at this head revision under another schema key (another
    branch's migration of the same number) is not one."""
    from planner.storage import database

    older = database.known_revisions() - {database.head_revision()}
    for candidate in sorted(path.parent.glob(f"{prefix}*.sqlite"),
                            key=lambda p: p.stat().st_mtime, reverse=True):
        if database.peek_revision(candidate) in older:
            return candidate
    return None


def migrated_copy(source: Path, target: Path) -> None:
    """A copy of `source` brought to this schema by the app's own migrations."""
    import contextlib
    import shutil
    import sqlite3

    from planner.storage import PortfolioFile

    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as reading, \
            contextlib.closing(sqlite3.connect(target)) as writing:
        reading.backup(writing)  # what a -wal still holds comes along too
    PortfolioFile(target).close()  # opening migrates; closing writes the -wal home
    shutil.copymode(source, target)
