"""Starting the desktop app."""

from __future__ import annotations

from pathlib import Path


def run_app(path: Path | None, *, read_only: bool = False) -> int:
    print("The desktop window is not built yet; use the commands in 'planner --help'.")
    return 0
