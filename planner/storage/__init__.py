"""Storage: SQLAlchemy models, the unit of work and migrations. The only place SQL lives.

`PortfolioFile` and `UnitOfWork` are imported on first use, not with the package: a launch
opens its file and reads its list with plain sqlite3 (overview_sqlite.py) while SQLAlchemy,
the models and Alembic are not needed yet.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.storage.portfolio_file import PortfolioFile
    from planner.storage.unit_of_work import UnitOfWork

__all__ = ["PortfolioFile", "UnitOfWork"]

_HOMES = {"PortfolioFile": "planner.storage.portfolio_file",
          "UnitOfWork": "planner.storage.unit_of_work"}


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
