"""Where the shipped data files live: `planner_resources` when installed, ./resources in a checkout.

Everything the app reads from resources/ (checklist templates, health dimensions, the sample
portfolio, the JSON Schema, fonts, icons) goes through here, so a bundle finds it too.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path


@cache
def resource_root() -> Traversable:
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / "schema" / "partner-planner.schema.json").is_file():
        return checkout
    return importlib.resources.files("planner_resources")


def resource(*parts: str) -> Traversable:
    node = resource_root()
    for part in parts:
        node = node / part
    return node


def resource_path(*parts: str) -> Path:
    """A real filesystem path, for libraries that need one (fonts for ReportLab, icons)."""
    return Path(str(resource(*parts)))
