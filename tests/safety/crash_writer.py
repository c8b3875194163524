"""The kill -9 harness: a writer is killed at random moments, then every reported edit is
checked. Run by tests/safety/test_crash.py as `python crash_writer.py DIR ROUNDS SEED`.

The parent imports the app once and forks a child per round (a fresh interpreter per round
would spend its time importing, not writing). The child opens the portfolio (lock, integrity
check, backups), then edits as fast as it can and reports each edit on a pipe only after the
service call returned, i.e. after the commit. The parent SIGKILLs it after a random delay
(in half the rounds counted from the fork, so mostly while opening; in the other half from
the moment it reports the file open, so while editing, however slow a busy machine makes the
opening), reopens the file (taking over the dead child's lock), runs SQLite's full integrity
check, and checks that every reported edit is there and that at most the one in flight is extra.

Some rounds make it harder, as a user's folder would: the writer opens the file through a
hard link or a symlink; a stray WAL (a stale one of this file from an earlier round, or one
of another database) lies beside the file when the writer opens it, and must be kept aside
(its bytes found again), never replayed; and before a round a symlink or FIFO planted as the
lock must be refused without touching its target.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.model import Partner
from planner.domain.stages import Stage
from planner.services import backups, partners, portfolio_io
from planner.services.portfolio import check_portfolio, open_portfolio
from planner.storage import locking, wal_files

COUNTER = "Counter"
MOST_LINES = 8  # the most lines (open + edits) a round waits for before the kill


def child(path: Path, out: int, round_no: int) -> None:
    rng = random.Random(round_no)
    with open_portfolio(path) as portfolio:
        os.write(out, b"open\n")
        counter = partners.find_partner(portfolio.uow(), COUNTER)
        n = int(counter.notes)
        for i in range(10_000):
            roll = rng.random()
            if roll < 0.45:
                name = f"r{round_no}-{i}"
                partners.add_partner(portfolio.uow(), Partner(name=name, stage=Stage.BRIDGES,
                                                              notes="x" * rng.randint(0, 5000)))
                os.write(out, f"add {name}\n".encode())
            elif roll < 0.9:
                n += 1
                counter = partners.update_partner(portfolio.uow(),
                                                  dataclasses.replace(counter, notes=str(n)))
                os.write(out, f"note {n}\n".encode())
            elif roll < 0.97:
                # A bigger transaction: a whole partner with its people and meetings.
                name = f"r{round_no}-{i}"
                record = portfolio_io.document_records({
                    "format": "partner-planner", "version": 1, "partners": [{
                        "name": name, "stage": "commitment",
                        "stakeholders": [{"key": f"s{k}", "name": f"Person {k}"}
                                         for k in range(20)],
                        "meetings": [{"key": f"m{k}", "date": "2026-01-02",
                                      "attendees": ["s1", "s2"]} for k in range(20)]}]})
                portfolio_io.import_records(portfolio.uow(), record)
                os.write(out, f"add {name}\n".encode())
            else:
                backups.take_backup(path, "manual")
                os.write(out, b"backup\n")


def verify(path: Path, lines: list[str], round_no: int) -> dict:
    added = [line.split(" ", 1)[1] for line in lines if line.startswith("add ")]
    notes = [int(line.split(" ", 1)[1]) for line in lines if line.startswith("note ")]
    report = check_portfolio(path)  # SQLite's full integrity check and the foreign keys
    if not report.healthy:
        raise AssertionError(f"round {round_no}: integrity check failed: {report.problems}")
    with open_portfolio(path) as portfolio:  # takes over the dead child's lock
        took_over = portfolio.took_over_from is not None
        names = set(partners.partner_names(portfolio.uow()))
        counter = int(partners.find_partner(portfolio.uow(), COUNTER).notes)
    missing = [n for n in added if n not in names]
    if missing:
        raise AssertionError(f"round {round_no}: reported committed but lost: {missing}")
    extra = sorted(n for n in names if n.startswith(f"r{round_no}-") and n not in added)
    if len(extra) > 1:
        raise AssertionError(f"round {round_no}: more than the one edit in flight: {extra}")
    if notes and not notes[-1] <= counter <= notes[-1] + 1:
        raise AssertionError(f"round {round_no}: counter {counter}, last reported {notes[-1]}")
    return {"edits": len(added) + len(notes), "took_over": took_over,
            "after_open": sum(1 for line in lines if line != "open"),
            "opened": "open" in lines}


def foreign_wal(folder: Path) -> bytes:
    """The WAL of another SQLite database, with a committed transaction in it."""
    import sqlite3

    other = folder / "other.db"
    db = sqlite3.connect(other, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("CREATE TABLE evil (x)")
    db.execute("INSERT INTO evil VALUES (randomblob(3000))")
    data = (folder / "other.db-wal").read_bytes()
    db.close()
    for name in ("other.db", "other.db-wal", "other.db-shm"):
        (folder / name).unlink(missing_ok=True)
    return data


def attack_the_lock(path: Path, folder: Path, rng: random.Random) -> None:
    """A symlink or a FIFO planted as the lock: refused at once, its target untouched."""
    lock = locking.lock_path(path)
    victim = folder / "victim.txt"
    victim.write_text("not yours\n")
    if rng.random() < 0.5 or not hasattr(os, "mkfifo"):
        lock.symlink_to(victim)
    else:
        os.mkfifo(lock)
    try:
        open_portfolio(path).close()
    except PlannerError as error:
        if "not a lock file of yours" not in str(error):
            raise AssertionError(f"the planted lock gave: {error}") from None
    else:
        raise AssertionError("a planted lock was accepted")
    finally:
        lock.unlink()
    if victim.read_text() != "not yours\n":
        raise AssertionError("the planted lock's target was changed")


def kept_aside(folder: Path) -> set[bytes]:
    return {p.read_bytes() for p in folder.iterdir()
            if ".kept-aside-" in p.name and "-wal" in p.name}


def main() -> int:
    folder, rounds, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    path = folder / "crash.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), Partner(name=COUNTER, notes="0"))
    names = {"path": path, "hard link": folder / "crash-hard.sqlite",
             "symlink": folder / "crash-soft.sqlite"}
    os.link(path, names["hard link"])
    names["symlink"].symlink_to(path.name)
    strays = [foreign_wal(folder)]  # later also stale WALs of this very file
    rng = random.Random(seed)
    totals = {"kill_points": 0, "edits_reported": 0, "killed_while_open": 0,
              "stale_locks_taken_over": 0, "killed_before_open": 0, "hard_link_rounds": 0,
              "symlink_rounds": 0, "stray_wals_planted": 0, "lock_attacks_refused": 0,
              "planned_while_open": 0, "planned_lines_after_open": 0,
              "lines_after_open": 0}
    started = time.monotonic()
    for round_no in range(rounds):
        via = rng.choices(list(names), weights=(6, 2, 2))[0]
        opened = names[via]
        totals["hard_link_rounds"] += via == "hard link"
        totals["symlink_rounds"] += via == "symlink"
        if rng.random() < 0.05:
            attack_the_lock(opened, folder, rng)
            totals["lock_attacks_refused"] += 1
        planted = None
        if rng.random() < 0.2:
            planted = rng.choice(strays)
            wal_files.wal_path(Path(os.path.realpath(opened)) if via == "symlink"
                               else opened).write_bytes(planted)
            totals["stray_wals_planted"] += 1
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the harness
            os.close(read)
            code = 0
            try:
                child(opened, write, round_no)
            except BaseException as error:  # reported, then the parent fails the round
                os.write(write, f"error {error!r}\n".encode())
                code = 3
            os._exit(code)
        os.close(write)
        wanted = 0 if rng.random() < 0.2 else rng.randint(1, MOST_LINES)
        totals["planned_while_open"] += wanted > 0
        totals["planned_lines_after_open"] += max(wanted - 1, 0)
        chunks = []
        if wanted == 0:  # somewhere in opening: the lock, the integrity check, the backup
            time.sleep(rng.uniform(0.0, 0.05))
        else:
            seen = 0
            while seen < wanted and (chunk := os.read(read, 65536)):
                chunks.append(chunk)
                seen += chunk.count(b"\n")
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(read, 65536):
            chunks.append(chunk)
        os.close(read)
        lines = b"".join(chunks).decode().splitlines()
        errors = [line for line in lines if line.startswith("error ")]
        if errors:
            raise AssertionError(f"round {round_no}: the writer failed: {errors[0]}")
        left = wal_files.wal_path(Path(os.path.realpath(opened)))
        if left.exists() and len(strays) < 6 and wal_files.committed_frames(
                left.read_bytes(), 4096):  # a stale WAL of this file, for a later round
            strays.append(left.read_bytes())
        result = verify(opened, lines, round_no)
        if planted is not None and planted not in kept_aside(folder):
            raise AssertionError(f"round {round_no}: a stray WAL was not kept aside")
        totals["kill_points"] += 1
        totals["edits_reported"] += result["edits"]
        totals["lines_after_open"] += result["after_open"]
        totals["killed_while_open"] += result["opened"]
        totals["killed_before_open"] += not result["opened"]
        totals["stale_locks_taken_over"] += result["took_over"]
    totals["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
