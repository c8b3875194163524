"""What an install costs and how fast it starts: the bundle's size on disk and what is biggest
in it, the .deb's size, and the start of the installed app to its window showing the sample
portfolio beside `planner` from the virtual environment, in the same run on the same machine.

    .venv/bin/python benchmarks/bench_install.py            # after packaging/build-deb.sh
    .venv/bin/python benchmarks/bench_install.py --quick    # no bundle needed (the test suite)

A start is `COMMAND PORTFOLIO --quit-after-load` offscreen, timed from launch until the process
has shown the window, opened the portfolio and quit: a new process each time (the disk cache
stays warm; nothing here drops the system's caches). Runs alternate between the two commands
after one warm-up each, and the median is reported. The installed command is
/usr/bin/partner-planner when the .deb is installed, else the bundle in dist/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "dist" / "partner-planner"
AIM_BUNDLE_MB, AIM_DEB_MB = 150, 60
MB = 1_000_000


def tree_size(root: Path) -> int:
    return sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def biggest_parts(root: Path, count: int = 6) -> list[tuple[int, str]]:
    """The largest files and folders two levels into the bundle's _internal/."""
    internal = root / "_internal"
    parts = []
    for child in internal.iterdir():
        if child.is_dir() and child.name == "PySide6":
            parts += [(tree_size(c) if c.is_dir() else c.lstat().st_size, f"PySide6/{c.name}")
                      for c in (child / "Qt" / "lib").iterdir() if not c.is_symlink()]
            parts.append((tree_size(child / "Qt" / "plugins"), "PySide6/Qt/plugins"))
            parts.append((sum(c.lstat().st_size for c in child.glob("*.so*")),
                          "PySide6/*.so (bindings)"))
        elif child.is_dir():
            parts.append((tree_size(child), child.name))
        elif not child.is_symlink():
            parts.append((child.lstat().st_size, child.name))
    return sorted(parts, reverse=True)[:count]


def start_seconds(command: list[str], portfolio: Path, env: dict) -> float:
    began = time.perf_counter()
    result = subprocess.run([*command, str(portfolio), "--quit-after-load"], env=env,
                            capture_output=True, text=True, timeout=180)
    elapsed = time.perf_counter() - began
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} did not start cleanly ({result.returncode}): "
                         f"{result.stderr.strip()[-500:]}")
    return elapsed


def installed_command() -> list[str] | None:
    installed = shutil.which("partner-planner")
    if installed and Path(installed).resolve().parent != Path(sys.executable).parent:
        return [installed]
    if (BUNDLE / "partner-planner").exists():
        return [str(BUNDLE / "partner-planner")]
    return None


def venv_command() -> list[str]:
    script = Path(sys.executable).parent / "planner"
    return [str(script)] if script.exists() else [sys.executable, "-m", "planner"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="one start of the venv only; sizes only if a build is there")
    parser.add_argument("--runs", type=int, default=7, help="timed starts per command")
    args = parser.parse_args(argv)

    print("Install benchmark")
    if BUNDLE.is_dir():
        size = tree_size(BUNDLE)
        verdict = "ok" if size < AIM_BUNDLE_MB * MB else "OVER"
        print(f"  bundle on disk     {size / MB:7.1f} MB  (aim < {AIM_BUNDLE_MB} MB: {verdict})")
        for part_size, name in biggest_parts(BUNDLE):
            print(f"    {name:<34} {part_size / MB:6.1f} MB")
    else:
        print("  bundle on disk        absent  (bash packaging/build.sh)")
    debs = sorted((REPO / "dist").glob("partner-planner_*.deb"))
    if debs:
        size = debs[-1].stat().st_size
        verdict = "ok" if size < AIM_DEB_MB * MB else "OVER"
        print(f"  .deb               {size / MB:7.1f} MB  (aim < {AIM_DEB_MB} MB: {verdict})"
              f"  {debs[-1].name}")
    else:
        print("  .deb                  absent  (bash packaging/build-deb.sh)")

    commands = {"venv planner": venv_command()}
    installed = None if args.quick else installed_command()
    if installed:
        commands["installed app"] = installed
    runs = 1 if args.quick else max(1, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
               "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
        portfolio = home / "sample.sqlite"
        subprocess.run([*venv_command(), "sample", str(portfolio)], env=env, check=True,
                       capture_output=True, timeout=180)
        if not args.quick:
            for command in commands.values():  # warm-up: first start after a build is slower
                start_seconds(command, portfolio, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(start_seconds(command, portfolio, env))
    print(f"  start to window shown, median of {runs} (offscreen, sample portfolio):")
    for name, samples in times.items():
        print(f"    {name:<16} {statistics.median(samples):6.2f} s  "
              f"(min {min(samples):.2f}, max {max(samples):.2f})  {' '.join(commands[name])}")
    if "installed app" in times:
        ratio = statistics.median(times["installed app"]) / statistics.median(
            times["venv planner"])
        print(f"    installed / venv  {ratio:5.2f}  (aim <= 1.00: "
              f"{'ok' if ratio <= 1.0 else 'SLOWER'})")
    else:
        print("    installed app       absent  (install the .deb or build the bundle)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
