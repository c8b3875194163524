"""Where Partner Planner keeps its own files: the default portfolio and the backups."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "PartnerPlanner"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def identity_locks_dir() -> Path:
    """Locks named after a portfolio file's device and inode (see storage.locking), so that
    every name of one file (hard links, symlinks) shares one writer."""
    return data_dir() / "locks"
