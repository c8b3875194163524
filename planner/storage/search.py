"""Searching the whole portfolio by words: partners, people, differences, meetings, actions.

The interface is engine-neutral: `search(uow, text, limit)` hands back `SearchHit`s, best
first, whatever answers underneath. On SQLite with FTS5 the `search_index` table (written by
the triggers of migration 0002) is queried with MATCH, ranked by bm25 with names weighted
above body text, and snippets come from FTS5. On PostgreSQL the same rows carry a tsvector
(names weighted A, the rest B, accents folded where the server has unaccent) with a GIN
index: the same words as prefixes, every one required, ranked by ts_rank with the names
weighted TITLE_WEIGHT times the rest, snippets from ts_headline with the same marks. Without
FTS5 the SQLite index is searched with LIKE and a plain snippet is cut in Python; slower,
still correct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The snippet marks the words that matched with these two characters; a view turns them into
# highlighting after escaping the rest (they never occur in text people type).
MARK_START, MARK_END = "\x02", "\x03"
MAX_TERMS = 12
SNIPPET_WORDS = 12
TITLE_WEIGHT = 8.0

PARTS = ("partner", "stakeholder", "difference", "meeting", "decision", "action")


def sql(statement: str):
    """SQLAlchemy's text(), imported on the first search: the window imports this module for
    its constants, and a launch does not wait for SQLAlchemy (see planner.storage)."""
    from sqlalchemy import text

    return text(statement)


@dataclass(frozen=True)
class SearchHit:
    """One match: whose it is, which part of the relationship, the words around it.

    `rank` is higher for a better match; it only orders hits of one search.
    """

    partner_id: int
    part: str
    snippet: str
    rank: float
    partner_name: str = ""


def terms(text: str) -> list[str]:
    """The words of a query, as the index tokenises them (letters and digits)."""
    return re.findall(r"\w+", text.casefold())[:MAX_TERMS]


def index_kind(uow) -> str | None:
    """'fts5', 'tsvector', 'plain' or None when the portfolio has no search index."""
    connection = uow.session.connection()
    if connection.dialect.name == "postgresql":
        return "tsvector" if _has_plain_index(connection) else None
    if connection.dialect.name != "sqlite":
        return "plain" if _has_plain_index(connection) else None
    found = connection.execute(
        sql("SELECT sql FROM sqlite_master WHERE name = 'search_index'")
    ).scalar()
    if found is None:
        return None
    return "fts5" if "fts5" in found.lower() else "plain"


def _has_plain_index(connection) -> bool:
    from sqlalchemy import inspect

    return inspect(connection).has_table("search_index")


def search(uow, text: str, limit: int = 50) -> list[SearchHit]:
    words = terms(text)
    if not words or limit <= 0:
        return []
    kind = index_kind(uow)
    if kind == "fts5":
        return _search_fts5(uow, words, limit)
    if kind == "tsvector":
        return _search_tsvector(uow, words, limit)
    if kind == "plain":
        return _search_like(uow, words, limit)
    return []


def _search_fts5(uow, words: list[str], limit: int) -> list[SearchHit]:
    # Every word must occur; each is a prefix so that results follow typing ("amb" finds
    # "ambassador"). Quoting makes FTS5 operators in the text plain words.
    query = " ".join(f'"{w}"*' for w in words)
    # A common word or a first letter matches a large share of the portfolio, and bm25 over
    # every match cost over a second at 2,000 partners. Only the first CANDIDATES matches in
    # the index's order are ranked: a bounded cost at any size, and on a portfolio with fewer
    # matches (the sample, any rare word) exactly the full ranking.
    return _ranked(uow, query, limit, _bound(uow, query))


CANDIDATES = 2_000


def _bound(uow, query: str) -> int | None:
    """The rowid of the CANDIDATES-th match in the index's order (None: fewer matches)."""
    rowids = uow.session.execute(
        sql("SELECT rowid FROM search_index WHERE search_index MATCH :query ORDER BY rowid "
            "LIMIT :n"), {"query": query, "n": CANDIDATES + 1}).scalars().all()
    return rowids[CANDIDATES - 1] if len(rowids) > CANDIDATES else None


def _ranked(uow, query: str, limit: int, up_to: int | None = None) -> list[SearchHit]:
    """bm25 over the matches up to rowid `up_to` (all when None), best first."""
    bound = "AND s.rowid <= :up_to " if up_to is not None else ""
    rows = uow.session.execute(
        sql(
            "SELECT s.partner_id, s.part, "
            "snippet(search_index, -1, :start, :end, '\u2026', :words) AS snippet, "
            "bm25(search_index, :title_weight, 1.0) AS score, p.name "
            "FROM search_index AS s JOIN partners AS p ON p.id = s.partner_id "
            "WHERE search_index MATCH :query " + bound + "ORDER BY score LIMIT :limit"
        ),
        {"start": MARK_START, "end": MARK_END, "words": SNIPPET_WORDS,
         "title_weight": TITLE_WEIGHT, "query": query, "limit": limit, "up_to": up_to},
    )
    return [SearchHit(pid, part, _tidy(snippet), -score, name)
            for pid, part, snippet, score, name in rows]


# PostgreSQL ----------------------------------------------------------------------------------
SEARCH_CONFIG = "planner_search"  # made by migration 0002: 'simple', accents folded
# ts_rank's weights for the labels D, C, B (body text) and A (names): names count
# TITLE_WEIGHT times as much, as bm25's column weights do on SQLite; normalisation 2 divides
# by the document's length, so a short name that matches comes before a long text that
# mentions the word in passing, as bm25 ranks them. The two functions are not the same: on
# a long list of matches for a common word the order below the first hits may differ.
_RANK_WEIGHTS = "{0, 0, %s, 1}" % (1 / TITLE_WEIGHT)
_HEADLINE = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, "
             f"MinWords={SNIPPET_WORDS // 2}, ShortWord=0, MaxFragments=1, "
             "FragmentDelimiter=\u2026")


def tsquery(words: list[str]) -> str:
    """The tsquery of a search, in to_tsquery's syntax: every word required and a prefix,
    so results follow typing; a word the index splits ("foo_bar") is a phrase, as FTS5 reads
    a quoted string. Only letters and digits reach the query: whatever a user types, quotes
    and operators included, is words."""
    phrases = []
    for word in words:
        parts = [p for p in re.split(r"[\W_]+", word) if p]
        if parts:
            phrases.append("(" + " <-> ".join(parts[:-1] + [f"{parts[-1]}:*"]) + ")")
    return " & ".join(phrases)


def _search_tsvector(uow, words: list[str], limit: int) -> list[SearchHit]:
    query = tsquery(words)
    if not query:
        return []
    # As with FTS5, only the first CANDIDATES matches in the index's order are ranked: a
    # bounded cost for a common word or a first letter, the full ranking for fewer matches.
    rows = uow.session.execute(
        sql(
            "WITH q AS (SELECT to_tsquery(CAST(:config AS regconfig), :query) AS q), "
            "candidates AS (SELECT s.rowid FROM search_index AS s, q "
            "  WHERE s.document @@ q.q ORDER BY s.rowid LIMIT :candidates), "
            "best AS (SELECT s.rowid, s.partner_id, s.part, s.title, s.body, "
            "  ts_rank(CAST(:weights AS real[]), s.document, q.q, 2) AS score "
            "  FROM search_index AS s JOIN candidates AS c ON c.rowid = s.rowid, q "
            "  ORDER BY score DESC, s.rowid LIMIT :limit) "
            "SELECT b.partner_id, b.part, ts_headline(CAST(:config AS regconfig), "
            "  concat_ws(' ', b.title, b.body), q.q, :headline) AS snippet, b.score, p.name "
            "FROM best AS b JOIN partners AS p ON p.id = b.partner_id, q "
            "ORDER BY b.score DESC, b.rowid"
        ),
        {"config": SEARCH_CONFIG, "query": query, "candidates": CANDIDATES, "limit": limit,
         "weights": _RANK_WEIGHTS, "headline": _HEADLINE},
    )
    return [SearchHit(pid, part, _tidy(snippet), float(score), name)
            for pid, part, snippet, score, name in rows]


def _search_like(uow, words: list[str], limit: int) -> list[SearchHit]:
    conditions, params = [], {"limit": limit * 4}
    for i, word in enumerate(words):
        params[f"w{i}"] = f"%{_escape_like(word)}%"
        conditions.append(f"(lower(s.title) LIKE :w{i} ESCAPE '\\' "
                          f"OR lower(s.body) LIKE :w{i} ESCAPE '\\')")
    rows = uow.session.execute(
        sql("SELECT s.partner_id, s.part, s.title, s.body, p.name FROM search_index AS s "
            "JOIN partners AS p ON p.id = s.partner_id WHERE " + " AND ".join(conditions)
            + " LIMIT :limit"),
        params,
    )
    hits = []
    for pid, part, title, body, name in rows:
        score = sum(TITLE_WEIGHT * (title or "").casefold().count(w)
                    + (body or "").casefold().count(w) for w in words)
        hits.append(SearchHit(pid, part, _cut_snippet(f"{title or ''} {body or ''}", words),
                              float(score), name))
    hits.sort(key=lambda h: -h.rank)
    return hits[:limit]


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _tidy(snippet: str) -> str:
    return " ".join(snippet.split())


def _cut_snippet(text: str, words: list[str]) -> str:
    """About SNIPPET_WORDS words around the first match, with the matches marked."""
    tokens = text.split()
    folded = [t.casefold() for t in tokens]
    first = next((i for i, t in enumerate(folded) if any(w in t for w in words)), 0)
    start = max(0, first - SNIPPET_WORDS // 3)
    chosen = tokens[start:start + SNIPPET_WORDS]
    marked = [f"{MARK_START}{t}{MARK_END}" if any(w in t.casefold() for w in words) else t
              for t in chosen]
    prefix = "\u2026 " if start > 0 else ""
    suffix = " \u2026" if start + SNIPPET_WORDS < len(tokens) else ""
    return prefix + " ".join(marked) + suffix
