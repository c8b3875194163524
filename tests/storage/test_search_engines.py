"""Search behind one function on both engines: FTS5 on a file, a tsvector with a GIN index on
PostgreSQL; the same queries find the same hits in the sample portfolio on both."""

import datetime as dt

import pytest

from planner.services import portfolio_io
from planner.services.portfolio import open_portfolio
from planner.storage.search import MARK_END, MARK_START, index_kind, search, tsquery

TODAY = dt.date(2026, 6, 1)

# common words, rare words, one- and two-letter prefixes, accented words typed with and
# without their accents, and what users type with quotes and operators in it
QUERIES = ("a", "in", "e", "p", "w", "am", "pilot", "ambassador", "quarterly review",
           "data", "chloé", "chloe", "Fernández", "fernandez", "lucía", "sørensen",
           '"joint plan"', "co-sell", "pilot OR review", "-pilot", "data*", "NEAR(a b)",
           "café", "zz", "l'équipe")
# Ranked by bm25 on SQLite and by length-normalised ts_rank on PostgreSQL: the same hits,
# and for these the same first hit (on others, such as "the" or "tomas", the functions
# disagree on which of two good matches comes first).
SAME_FIRST = ("a", "in", "e", "p", "w", "am", "pilot", "ambassador", "quarterly review",
              "chloé", "Fernández", "lucía", "co-sell", "-pilot", "data*")


def _hits(location, queries):
    with open_portfolio(location, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
        found = {}
        for query in queries:
            uow = portfolio.uow()
            with uow:
                kind = index_kind(uow)
                found[query] = search(uow, query, limit=1000)
        return kind, found


def test_the_same_queries_find_the_same_hits_on_both_engines(tmp_path,
                                                             team_portfolio_location):
    file_kind, on_file = _hits(tmp_path / "sample.sqlite", QUERIES)
    team_kind, on_team = _hits(team_portfolio_location, QUERIES)
    assert (file_kind, team_kind) == ("fts5", "tsvector")
    for query in QUERIES:
        a, b = on_file[query], on_team[query]
        assert sorted((h.partner_id, h.part) for h in a) == sorted(
            (h.partner_id, h.part) for h in b), query
        if query in SAME_FIRST:
            assert (a[0].partner_id, a[0].part) == (b[0].partner_id, b[0].part), query
        for hit in b:
            assert hit.partner_name and hit.rank > 0
    assert len(on_team["a"]) > 100  # a first letter matches much of the sample
    assert on_team["chloe"] and on_team["pilot OR review"] == []


def test_a_team_portfolio_search_marks_the_matching_words(team_portfolio_location):
    _, found = _hits(team_portfolio_location, ("amb", "fernandez"))
    assert any(f"{MARK_START}ambassador" in h.snippet.casefold() for h in found["amb"])
    assert any(f"{MARK_START}Fernández{MARK_END}" in h.snippet for h in found["fernandez"])


@pytest.mark.parametrize(("words", "expected"), [
    (["amb"], "(amb:*)"),
    (["joint", "plan"], "(joint:*) & (plan:*)"),
    (["foo_bar"], "(foo <-> bar:*)"),
    (["_"], ""),
])
def test_the_tsquery_is_built_from_words_only(words, expected):
    assert tsquery(words) == expected
