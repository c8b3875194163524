"""Search everything: one box, every part of every partner, ranked, with the matching words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.storage.search import MARK_END, MARK_START, PARTS, SearchHit
from planner.storage.search import search as _search_index

if TYPE_CHECKING:
    from planner.storage import UnitOfWork

__all__ = ["MARK_END", "MARK_START", "PARTS", "SearchHit", "search"]

DEFAULT_LIMIT = 50


def search(uow: UnitOfWork, text: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """Hits for every word of `text` (each word may be the start of a longer one), best first."""
    with uow:
        return _search_index(uow, text, limit)
