"""Benchmark: how soon another person's edit shows in a window, on both engines.

A real main window (offscreen) shows a portfolio; another Portfolio on the same data renames
a partner through the services, and the clock runs from the moment that commit returned to
the moment the window's table lists the new name. Median, 90th percentile and worst over
the edits, per engine and size, each beside what it cannot beat, measured in the same run:

- baseline: one full reload of the window (View > Refresh), the work a live update does;
- design wait: what the design adds on top of it (the 30 ms gather of a transaction's
  notices; on SQLite also half the file poll interval, the mean wait for the next look).

    python benchmarks/bench_live.py              # the sample and 200 partners, 20 edits each
    python benchmarks/bench_live.py --quick      # the sample, 5 edits: a smoke test
    python benchmarks/bench_live.py --partners 2000 --edits 20

PostgreSQL: the superuser URL in PLANNER_BENCH_SERVER or PLANNER_TEST_SERVER, else a
throwaway cluster started as the tests do (tests/team_server.py), else the engine is
skipped with the reason. Each run uses a new database, dropped at the end. Where the schema
has no notify trigger yet (migration 0006), the benchmark adds an equivalent one on the
partners table of its own database, and says so. Also on PostgreSQL: a storm of 1,000
notices sent within a second, and how many refreshes it caused.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import portfolio_data  # noqa: E402

REPO = portfolio_data.REPO
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TARGET_MS = 1000.0  # the bar: an edit shows in the other window within a second

BENCH_TRIGGER = """
CREATE FUNCTION bench_live_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('planner_changes', json_build_object(
    'table', TG_TABLE_NAME, 'id', NEW.id, 'partner', NEW.id)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER bench_live_notify AFTER INSERT OR UPDATE ON partners
  FOR EACH ROW EXECUTE FUNCTION bench_live_notify();
"""


def fill(portfolio, partners: int) -> None:
    """The sample (partners == 0) or generated small partners."""
    from planner.services import portfolio_io

    if partners == 0:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(dt.date.today()))
        return
    chunk = []
    for i, data in enumerate(portfolio_data.generate_partners(partners, small=True)):
        chunk.append(portfolio_io.json_to_record(data, f"$.partners[{i}]"))
        if len(chunk) == 100:
            portfolio_io.import_records(portfolio.uow(), chunk)
            chunk = []
    if chunk:
        portfolio_io.import_records(portfolio.uow(), chunk)


def spin_until(app, condition, timeout_s: float = 5.0) -> float | None:
    """Run the event loop until `condition()`; the monotonic time it became true."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return time.monotonic()
        time.sleep(0.0005)
    return None


def listed(window) -> set[str]:
    return {s.partner.name for s in window.panel.model.summaries()}


def measure(app, window, editor, edits: int) -> dict:
    """Rename partners through `editor` (another Portfolio); latency until `window` lists
    each new name. Also the cost of one full refresh, the floor under every latency."""
    from planner.services import partners

    # wait until the window follows (its first refresh after listening)
    if spin_until(app, lambda: window.live.refreshes >= 1, 10) is None:
        raise SystemExit("the window never started following")
    spin_until(app, lambda: False, 0.4)
    refresh_ms = []
    for _ in range(5):
        started = time.monotonic()
        window.refresh_everything()
        refresh_ms.append((time.monotonic() - started) * 1000)
    chosen = partners.list_partners(editor.uow())
    latencies, missed = [], 0
    for n in range(edits):
        partner = chosen[n % len(chosen)]
        partner = partners.get_partner(editor.uow(), partner.id)
        name = f"Renamed {uuid.uuid4().hex[:8]}"
        partners.update_partner(editor.uow(), partner.__class__(
            **{**partner.__dict__, "name": name}))
        committed = time.monotonic()
        shown = spin_until(app, lambda n=name: n in listed(window), 5.0)
        if shown is None:
            missed += 1
        else:
            latencies.append((shown - committed) * 1000)
        spin_until(app, lambda: False, 0.3)  # let the refresh interval pass: separate edits
    return {"latencies": latencies, "missed": missed,
            "refresh_ms": statistics.median(refresh_ms)}


def storm(app, window, location) -> tuple[int, float]:
    """1,000 notices within a second from another connection: refreshes they caused, and
    how long until the window was quiet again."""
    import psycopg

    before = window.live.refreshes
    sent: list[float] = []

    def send() -> None:  # from a thread of its own, like another app: the window stays free
        started = time.monotonic()
        with psycopg.connect(**location.connect_arguments(), autocommit=True) as connection, \
                connection.pipeline():  # a thousand commits, none waiting for the last
            for n in range(1000):
                connection.execute("SELECT pg_notify('planner_changes', %s)", (json.dumps(
                    {"table": "actions", "id": n, "partner": 1 + n % 7}),))
        sent.append(time.monotonic() - started)

    sender = threading.Thread(target=send)
    sender.start()
    spin_until(app, lambda: not sender.is_alive(), 30)
    sender.join()
    spin_until(app, lambda: False, 1.0)
    return window.live.refreshes - before, sent[0]


def report(label: str, result: dict, wait_ms: float) -> None:
    lat = sorted(result["latencies"])
    if not lat:
        print(f"{label:<30} no edit showed within 5 s ({result['missed']} missed)")
        return
    p90 = lat[min(len(lat) - 1, round(0.9 * (len(lat) - 1)))]
    verdict = "ok" if statistics.median(lat) < TARGET_MS and not result["missed"] else "SLOW"
    print(f"{label:<30} median {statistics.median(lat):6.0f} ms  p90 {p90:6.0f}  "
          f"max {lat[-1]:6.0f}  (n={len(lat)}, missed {result['missed']})  "
          f"baseline F5 {result['refresh_ms']:4.0f} ms + design wait {wait_ms:3.0f} ms  "
          f"target < {TARGET_MS:.0f} ms: {verdict}")


def make_window(settings_folder: Path):
    from planner.ui.main_window import MainWindow
    from planner.ui.settings import Settings

    window = MainWindow(Settings(settings_folder / f"settings-{uuid.uuid4().hex}.ini"))
    window.show()
    return window


def bench_file(app, folder: Path, partners: int, edits: int) -> None:
    from planner.services.portfolio import open_portfolio
    from planner.storage.change_notices import FILE_POLL
    from planner.ui.live_updates import GATHER_MS

    path = folder / f"live-{partners}.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        fill(portfolio, partners)
    writer = open_portfolio(path)
    window = make_window(folder)
    try:
        window.set_portfolio(open_portfolio(path, read_only=True))
        result = measure(app, window, writer, edits)
    finally:
        window.close()
        writer.close()
    report(f"SQLite follower, {partners or 'sample'}", result, GATHER_MS + FILE_POLL * 500)


@contextlib.contextmanager
def postgres_admin():
    """A superuser's location, or None (and why) when no server can be had."""
    from planner.storage.location import parse_location

    url = os.environ.get("PLANNER_BENCH_SERVER") or os.environ.get("PLANNER_TEST_SERVER")
    if url:
        yield parse_location(url), ""
        return
    sys.path.insert(0, str(REPO / "tests"))
    try:
        import team_server

        server, stop = team_server._start_cluster()
    except BaseException as error:  # noqa: BLE001 - pytest's skip is a BaseException
        yield None, str(error).strip().splitlines()[0][:200] if str(error) else "no server"
        return
    try:
        yield server.admin, ""
    finally:
        stop()


def bench_team(app, admin, folder: Path, partners: int, edits: int, *, storm_too: bool) -> None:
    import psycopg

    from planner.services.portfolio import open_portfolio
    from planner.storage.location import ServerLocation
    from planner.ui.live_updates import GATHER_MS

    name = f"bench_live_{uuid.uuid4().hex[:10]}"
    admin_arguments = admin.connect_arguments()
    with psycopg.connect(**admin_arguments, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    location = ServerLocation(host=admin.host, port=admin.port, database=name,
                              user=admin.user, query=admin.query, password=admin.password)
    try:
        with open_portfolio(location, create=True) as portfolio:
            fill(portfolio, partners)
        with psycopg.connect(**location.connect_arguments(), autocommit=True) as connection:
            has_trigger = connection.execute(
                "SELECT count(*) FROM pg_proc WHERE prosrc LIKE '%planner_changes%'"
            ).fetchone()[0]
            if not has_trigger:
                connection.execute(BENCH_TRIGGER)
        print("  (notify trigger: " + ("the schema's own" if has_trigger else
              "none in the schema yet (migration 0006); the benchmark added one on partners")
              + ")")
        editor = open_portfolio(location)
        window = make_window(folder)
        try:
            window.set_portfolio(open_portfolio(location))
            result = measure(app, window, editor, edits)
            report(f"PostgreSQL window, {partners or 'sample'}", result, GATHER_MS)
            if storm_too:
                refreshes, sent = storm(app, window, location)
                print(f"{'PostgreSQL storm':<30} 1,000 notices sent in {sent:.2f} s -> "
                      f"{refreshes} refreshes (bound: 10)")
        finally:
            window.close()
            editor.close()
    finally:
        with psycopg.connect(**admin_arguments, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the sample, 5 edits")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--partners", type=int, nargs="*", default=[0, 200],
                        help="sizes (0: the 8-partner sample)")
    args = parser.parse_args()
    sizes, edits = ([0], 5) if args.quick else (args.partners, args.edits)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(f"Refresh latency: edit committed elsewhere -> the window lists it "
          f"({edits} edits per line)")
    with tempfile.TemporaryDirectory(prefix="bench-live-") as folder:
        folder = Path(folder)
        for size in sizes:
            bench_file(app, folder, size, edits)
        with postgres_admin() as (admin, why):
            if admin is None:
                print(f"PostgreSQL: skipped ({why})")
                return
            for n, size in enumerate(sizes):
                bench_team(app, admin, folder, size, edits, storm_too=n == 0)


if __name__ == "__main__":
    main()
