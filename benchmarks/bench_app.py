"""Benchmark: the desktop app at 8 (the sample), 2,000 and 8,000 partners.

Every figure is the median and range over fresh processes of the real app (offscreen), each
beside a floor or baseline measured in the same run, because this machine is shared and
noisy: the ratio is the figure to hold.

    python benchmarks/bench_app.py              # sample, 2,000 and 8,000 partners, 5 runs
    python benchmarks/bench_app.py --quick      # 30 small partners, 1 run: a smoke test
    python benchmarks/bench_app.py --sizes 2000 --runs 3

Per portfolio: launch (process start to table filled, `planner PATH` as a user runs it)
beside an empty QMainWindow in a fresh process; the list load (`portfolio_overview`) beside
one plain-sqlite3 query computing the same columns; filter keystrokes narrowing and widening;
a click on the biggest partner's row until the window has settled (the visible tab, and all
its tabs one after another); search for a common
word, a rare one and one-letter prefixes; the process's peak RSS. Generated portfolios are
cached (benchmarks/portfolio_data.py; PLANNER_BENCH_CACHE names the folder).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import list_baseline  # noqa: E402
import portfolio_data  # noqa: E402

REPO = portfolio_data.REPO
TIMEOUT_S = 240

# (figure, target) per size; a target of None is shown without a verdict.
TARGETS = {
    "launch_ratio_sample": 5.0,   # launch / empty-window floor, on the 8-partner sample
    "launch_s_2000": 1.0,
    "list_ratio": 2.0,            # portfolio_overview / one plain-sqlite3 query
    "filter_ms_2000": 30.0,
    "filter_ms_8000": 60.0,
    "select_tab_ms": 30.0,
    "select_all_ms": 100.0,
    "search_ms_2000": 100.0,
    "search_ms_8000": 250.0,
    "rss_mb_2000": 400.0,
}

# the child processes ------------------------------------------------------------------------

def child_floor(started: float) -> None:
    """An empty QMainWindow on screen: what any Qt app pays before it does anything."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.show()

    def shown():
        report({"launch": time.time() - started})

    QTimer.singleShot(0, shown)
    app.exec()


def child_app(started: float, path: Path, interact: bool) -> None:
    """The real entry point (`planner PATH`), stopped once the table has its rows."""

    def watch(app_module) -> None:
        # Qt is loaded only now, as `planner PATH` loads it: after the reading of the
        # portfolio has started on its own thread (importing Qt first would delay that).
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        original_exec = QApplication.exec

        def exec_and_watch(*args):
            timer = QTimer()
            timer.setInterval(2)

            def poll():
                window = next((w for w in QApplication.topLevelWidgets()
                               if type(w).__name__ == "MainWindow"), None)
                if window is None or window.panel.model.rowCount() == 0:
                    return
                timer.stop()
                figures = {"launch": time.time() - started}
                try:
                    if interact:
                        figures |= measure_window(window, path)
                except BaseException:
                    import traceback

                    traceback.print_exc()
                    os._exit(1)
                report(figures)

            timer.timeout.connect(poll)
            timer.start()
            return original_exec()

        QApplication.exec = exec_and_watch

    after_import("planner.ui.app", watch)
    from planner.cli import main

    main([str(path)])


def after_import(name: str, then) -> None:
    """Call `then(module)` once the module `name` has been imported, by whoever imports it."""
    import importlib.abc
    import importlib.util

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path=None, target=None):
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            execute = spec.loader.exec_module

            def exec_module(module):
                execute(module)
                then(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Finder())


def report(figures: dict) -> None:
    import resource

    figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("FIGURES " + json.dumps(figures), flush=True)
    os._exit(0)


def measure_window(window, path: Path) -> dict:
    import datetime as dt
    import sqlite3

    from PySide6.QtCore import QEventLoop, QThreadPool, QTimer

    from planner.services import partners
    from planner.ui.portfolio_model import Column
    from planner.ui.search_dialog import SearchDialog

    # Let the work the opening started in the background (backup, checks) finish first,
    # and the window sit idle for half a second, as it does before anyone types or clicks
    # (a person reads the table first): what the window does when idle is done by then.
    QThreadPool.globalInstance().waitForDone(120_000)
    loop = QEventLoop()  # its processEvents is not the static call PySide6 6.12.0 leaks on
    QTimer.singleShot(500, loop.quit)
    loop.exec()
    for _ in range(3):
        loop.processEvents()
    figures: dict = {}
    today = dt.date.today()
    session = window.session

    def timed(work) -> float:
        start = time.perf_counter()
        work()
        return (time.perf_counter() - start) * 1000

    figures["list_ms"] = timed(lambda: session.call(partners.portfolio_overview, today))
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        figures["baseline_ms"] = timed(
            lambda: connection.execute(list_baseline.BASELINE_SQL,
                                         list_baseline.parameters(today)).fetchall())

    # Filter keystrokes, sorted by health (ties by name), as typed and rubbed out again.
    panel = window.panel
    panel.table.sortByColumn(Column.HEALTH, panel.table.horizontalHeader().sortIndicatorOrder())
    viewport = panel.table.viewport()
    word = "partner 01"
    narrowing, widening = [], []
    for n in range(1, len(word) + 1):
        narrowing.append(timed(lambda n=n: (panel.filter.setText(word[:n]), viewport.repaint())))
    for n in range(len(word) - 1, -1, -1):
        widening.append(timed(lambda n=n: (panel.filter.setText(word[:n]), viewport.repaint())))
    figures["filter_narrow_ms"] = max(narrowing)
    figures["filter_widen_ms"] = max(widening)

    # The biggest partner: the visible tab, then every tab.
    model = panel.model
    biggest = portfolio_data.partner_name(portfolio_data.big_partner(model.rowCount()))
    big = next((model.row_at(r).partner_id for r in range(model.rowCount())
                if model.row_at(r).summary.partner.name == biggest),
               model.row_at(model.rowCount() - 1).partner_id)  # the sample: any partner
    other = model.row_at(0).partner_id
    workspace = window.workspace

    # From the click on the partner's row until what a person sees has settled. The row is
    # scrolled into sight first, settled before the clock starts, as a person scrolls to a
    # row before clicking it (a click never scrolls the table). "Settled" is the event loop
    # run as it runs after a click, until it has nothing left to do: every layout the click
    # posted, the lists' own layouts, the window's paint. The tab must have been painted by
    # then, or the figure would leave its paint out.
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest

    class PaintWatch(QObject):
        """Whether the window painted: the update that paints what changed is an event to
        the window (its QWindow, or its top-level widget on some platforms), watched from
        before the clock. Not each of the workspace's 350 widgets: every event to a watched
        widget is a call into Python, and that added a twentieth to the figure (callgrind).
        The event loop is run until it has nothing left to do, so a paint that happened is
        the whole paint of the click."""

        painted = False

        def eventFilter(self, watched, event):  # noqa: N802
            if event.type() in (QEvent.Type.UpdateRequest, QEvent.Type.Paint):
                self.painted = True
            return False

    watch = PaintWatch()
    for watched in (window, window.windowHandle()):
        watched.installEventFilter(watch)

    def settled(widget) -> None:
        watch.painted = False
        for _ in range(100):
            if not loop.processEvents():
                break
        if not (watch.painted and widget.isVisible()):
            raise RuntimeError(f"{type(widget).__name__} was never painted")

    table = panel.table

    def row_rect(pid: int):
        return table.visualRect(panel.proxy.mapFromSource(model.index(model.row_of(pid), 0)))

    def in_sight(pid: int) -> None:
        table.scrollTo(panel.proxy.mapFromSource(model.index(model.row_of(pid), 0)))
        for _ in range(10):
            loop.processEvents()

    def click(pid: int) -> None:
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, row_rect(pid).center())
        settled(workspace.currentWidget())

    def select(pid: int) -> None:  # untimed: the partner shown before each click
        window.select_partner(pid)
        settled(workspace.currentWidget())
        in_sight(big)

    select(other)
    figures["select_tab_ms"] = timed(lambda: click(big))
    if workspace.partner_id != big:
        raise RuntimeError("the click did not choose the partner")
    select(other)

    def every_tab() -> None:
        click(big)  # shows the first tab (the overview), settled
        for index in range(1, workspace.count()):
            workspace.setCurrentIndex(index)
            settled(workspace.currentWidget())

    figures["select_all_ms"] = timed(every_tab)
    workspace.setCurrentIndex(0)

    # For comparison, not a target: the same click with every other tab's lists filled but
    # none of them shown, i.e. the partner read once and put in all the tabs, without the
    # laying out and painting of the six a person has not looked at yet.
    select(other)

    def every_tab_filled() -> None:
        click(big)
        for index in range(1, workspace.count()):
            tab = workspace.widget(index)
            if tab.stale:
                tab.refresh()

    figures["select_filled_ms"] = timed(every_tab_filled)

    dialog = SearchDialog(session, window)
    for label, query in (("common", "the"), ("common2", "pilot"), ("rare", "01234"),
                         ("letter", "p"), ("letter2", "w")):
        dialog.box.setText(query)
        figures[f"search_{label}_ms"] = timed(dialog.run_search)
    return figures


# the parent -----------------------------------------------------------------------------------

def run_child(args: list[str], env: dict) -> dict:
    command = [sys.executable, __file__, "--child", str(time.time()), *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, env=env,
                            cwd=REPO)
    for line in result.stdout.splitlines():
        if line.startswith("FIGURES "):
            return json.loads(line[len("FIGURES "):])
    raise RuntimeError(f"the child {args} failed ({result.returncode}):\n"
                       f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}")


def child_env(home: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    for name in ("DATA", "CONFIG", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    return env


def fresh_home(home: Path) -> None:
    """No settings and no backups: every launch is a first open, its hourly backup due."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)


def portfolio_for(size: str, home: Path, env: dict) -> Path:
    if size == "sample":
        path = home.parent / "sample.sqlite"
        if not path.exists():
            subprocess.run([sys.executable, "-m", "planner", "sample", str(path)], check=True,
                           env=env, cwd=REPO, stdout=subprocess.DEVNULL)
        return path
    if size == "quick":
        return portfolio_data.cached_portfolio(30, small=True)
    return portfolio_data.cached_portfolio(int(size))


def compile_bytecode() -> None:
    """Compile the app's modules as an install does (pip, the bundle): with
    PYTHONDONTWRITEBYTECODE set, as on this machine, every launch would otherwise compile
    every module from source, a cost no installed app pays."""
    import compileall

    compileall.compile_dir(REPO / "planner", quiet=1)


def measure_size(size: str, runs: int, work: Path) -> dict[str, list[float]]:
    home = work / "home"
    env = child_env(home)
    fresh_home(home)
    started = time.perf_counter()
    path = portfolio_for(size, home, env)
    if time.perf_counter() - started > 1:
        print(f"  ({size}: portfolio ready in {time.perf_counter() - started:.0f} s)",
              file=sys.stderr)
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        fresh_home(home)
        floor = run_child(["floor"], env)
        fresh_home(home)
        app = run_child(["app", str(path), "--interact"], env)
        samples.setdefault("floor", []).append(floor["launch"])
        for key, value in app.items():
            samples.setdefault(key, []).append(value)
    return samples


def summary(values: list[float], scale: float = 1.0, digits: int = 0) -> str:
    med = statistics.median(values) * scale
    lo, hi = min(values) * scale, max(values) * scale
    return f"{med:,.{digits}f} ({lo:,.{digits}f}-{hi:,.{digits}f})"


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return ""
    return "ok" if value <= target else "OVER"


def table(results: dict[str, dict[str, list[float]]]) -> tuple[list[str], bool]:
    lines = [f"{'figure':<34} {'size':>7} {'median (range)':>26} {'floor/baseline':>24} "
             f"{'ratio':>6} {'target':>8}  "]
    ok = True

    def row(name, size, values, scale, digits, base=None, target=None, ratio_target=None):
        nonlocal ok
        med = statistics.median(values) * scale
        ratio = ""
        judged = verdict(med, target) if target is not None else ""
        if base is not None:
            r = statistics.median(values) / statistics.median(base)
            ratio = f"{r:.1f}x"
            if ratio_target is not None:
                judged = verdict(r, ratio_target)
        ok = ok and judged != "OVER"
        shown_target = (f"{ratio_target:g}x" if ratio_target is not None
                        else f"{target:g}" if target is not None else "-")
        lines.append(f"{name:<34} {size:>7} {summary(values, scale, digits):>26} "
                     f"{summary(base, scale, digits) if base else '':>24} {ratio:>6} "
                     f"{shown_target:>8}  {judged}")

    for size, s in results.items():
        big = size in ("2000", "8000")
        row("launch to table filled (ms)", size, s["launch"], 1000, 0, s["floor"],
            target=1000 if size == "2000" else None,
            ratio_target=TARGETS["launch_ratio_sample"] if size == "sample" else None)
        row("list load (ms)", size, s["list_ms"], 1, 1, s["baseline_ms"],
            ratio_target=TARGETS["list_ratio"] if big else None)
        limit = TARGETS["filter_ms_8000"] if size == "8000" else TARGETS["filter_ms_2000"]
        row("filter keystroke, narrowing (ms)", size, s["filter_narrow_ms"], 1, 1,
            target=limit if big else None)
        row("filter keystroke, widening (ms)", size, s["filter_widen_ms"], 1, 1,
            target=limit if big else None)
        row("select biggest, visible tab (ms)", size, s["select_tab_ms"], 1, 1,
            target=TARGETS["select_tab_ms"] if big else None)
        row("select biggest, all 7 tabs (ms)", size, s["select_all_ms"], 1, 1,
            target=TARGETS["select_all_ms"] if big else None)
        if "select_filled_ms" in s:
            row("  all 7 filled, 6 not shown (ms)", size, s["select_filled_ms"], 1, 1)
        limit = TARGETS["search_ms_8000"] if size == "8000" else TARGETS["search_ms_2000"]
        for label, words in (("common", "'the'"), ("common2", "'pilot'"), ("rare", "'01234'"),
                             ("letter", "'p'"), ("letter2", "'w'")):
            row(f"search {words} (ms)", size, s[f"search_{label}_ms"], 1, 1,
                target=limit if big else None)
        row("peak RSS (MB)", size, s["rss_mb"], 1, 0, s["rss_mb_floor"] if "rss_mb_floor" in s
            else None, target=TARGETS["rss_mb_2000"] if size == "2000" else None)
    if "2000" in results and "8000" in results:
        # "linear or better beyond": four times the partners, at most four times the launch
        # (each launch less its floor, which does not grow with the portfolio)
        def above_floor(s):
            return statistics.median(s["launch"]) - statistics.median(s["floor"])

        growth = above_floor(results["8000"]) / above_floor(results["2000"])
        judged = verdict(growth, 8000 / 2000)
        ok = ok and judged != "OVER"
        lines.append(f"{'launch growth, less the floor':<34} {'2000->8000':>7} "
                     f"{f'{growth:.1f}x':>26} {'':>24} {'':>6} {'4x':>8}  {judged}")
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        started, mode, rest = float(argv[1]), argv[2], argv[3:]
        if mode == "floor":
            child_floor(started)
        else:
            child_app(started, Path(rest[0]), "--interact" in rest)
        return 1  # report() ends the process; getting here means the window never filled

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small portfolio, one run")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure")
    parser.add_argument("--sizes", nargs="+", default=["sample", "2000", "8000"],
                        help="sample, or numbers of partners")
    args = parser.parse_args(argv)
    sizes, runs = (["quick"], 1) if args.quick else (args.sizes, args.runs)
    results = {}
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="planner-bench-app-") as work:
        os.environ.update(child_env(Path(work) / "builder"))  # keep backups out of the home
        for size in sizes:
            results[size] = measure_size(size, runs, Path(work))
    lines, ok = table(results)
    print("\n".join(lines))
    if args.quick:
        return 0  # a smoke test: every step ran; the figures of a tiny portfolio prove nothing
    print("every figure within its target" if ok else "SOME FIGURES ARE OVER THEIR TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
