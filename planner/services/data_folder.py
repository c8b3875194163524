"""Where Partner Planner keeps its own files: the default portfolio and the backups."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "PartnerPlanner"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
