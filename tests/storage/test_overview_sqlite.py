"""The launch's plain-sqlite3 reading of a file's portfolio list gives exactly what the
SQLAlchemy Core reading gives: query by query (the same rows, values of the same types), and
as summaries and settings, on the sample, on a portfolio of edge cases and on random ones, for
several days. A launch reads the list without importing SQLAlchemy or Alembic; a portfolio
whose schema is behind is still backed up and migrated before it is read."""

import datetime as dt
import json
import random
import subprocess
import sys

import pytest

from planner.domain.model import (
    Action,
    Area,
    Difference,
    HealthCheck,
    HealthScore,
    Level,
    Meeting,
    MeetingKind,
    Partner,
    Rating,
    Side,
    Stakeholder,
    Tie,
    ValueExchange,
)
from planner.domain.stages import Stage
from planner.domain.value import window_start
from planner.services import backups, checklist, partners, portfolio_io, portfolio_settings
from planner.services.differences import record_difference
from planner.services.health import record_check
from planner.services.meetings import add_action, record_meeting
from planner.services.opening import overview_at_opening, start_opening
from planner.services.people import add_stakeholder, add_tie
from planner.services.portfolio import open_portfolio
from planner.services.value import record_exchange
from planner.storage import database, figures, overview_sqlite, plain_connection
from planner.storage.figures_rows import QUERY_NAMES
from tests.services.test_overview_figures import _fill as fill_with_edge_cases
from tests.storage.old_revisions import migrate

TODAY = dt.date(2026, 6, 1)
DAY = dt.timedelta(days=1)
# the days each portfolio is read on: its own day, either side of it, far before and after
DAYS = (TODAY, TODAY - DAY, TODAY + DAY, TODAY - 400 * DAY, TODAY + 800 * DAY)


def typed(rows) -> list[tuple]:
    """Rows with each value's type beside it: an enum member is not its text, nor True 1."""
    return [tuple((type(value).__name__, value) for value in row) for row in rows]


def assert_same_rows(path, day: dt.date) -> None:
    since = window_start(day)
    engine = database.make_engine(path, read_only=True)
    plain = plain_connection.connect(path, read_only=True)
    try:
        with engine.connect() as connection:
            core = figures.queries(day, since)
            assert tuple(core) == tuple(overview_sqlite.QUERIES) == QUERY_NAMES
            for name, query in core.items():
                expected = typed(connection.execute(query).all())
                assert typed(overview_sqlite.query_rows(plain, name, day, since)) == expected, \
                    name
            ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM health_checks")]
            assert typed(plain.execute(overview_sqlite._scores_sql(len(ids)), ids).fetchall()) \
                == typed(connection.execute(figures.scores_query(ids)).all())
    finally:
        plain.close()
        engine.dispose()


def assert_same_overview(path, day: dt.date) -> int:
    """The window's reading at opening, then the unit of work's, on the same open file."""
    with open_portfolio(path, check_later=True) as portfolio:
        at_opening = overview_at_opening(portfolio, day)
        settings = portfolio.take_settings_read_at_opening()
        assert settings is not None  # read with plain sqlite3, not through the engine
        through_engine = partners.portfolio_overview(portfolio.uow(), day)
        assert portfolio.storage.read_overview(day, window_start(day)) is None  # engine's now
        assert repr(at_opening) == repr(through_engine)
        assert at_opening == through_engine
        assert [s.partner.version for s in at_opening] == [
            s.partner.version for s in through_engine]
        expected = portfolio_settings.read_settings(portfolio.uow())
        assert (settings, settings.versions) == (expected, expected.versions)
        return len(at_opening)


def with_more_edges(portfolio) -> None:
    """What the overview figures' own edge cases leave out: actions due today and yesterday,
    a partner with nothing, recurring and grouped checklist items ticked, tags, settings."""
    uow = portfolio.uow
    p = partners.add_partner(uow(), Partner("Due", stage=Stage.COMMITMENT, tags=("a", "b")),
                             today=TODAY - 30 * DAY)
    for days, done in ((0, False), (1, False), (2, True), (-3, False)):
        add_action(uow(), Action(p.id, f"due {days}", due=TODAY - days * DAY, done=done,
                                 done_on=TODAY if done else None))
    add_action(uow(), Action(p.id, "undated"))
    partners.add_partner(uow(), Partner("Nothing at all", next_review=TODAY), today=TODAY)
    items = checklist.checklist(uow(), p.id)
    for item in items[::3]:
        checklist.tick_item(uow(), item.id, True, TODAY - 5 * DAY)
    portfolio_settings.update_settings(uow(), name="Edges", currency="GBP")


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "sample.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
    return path


@pytest.fixture
def edges(tmp_path):
    path = tmp_path / "edges.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        fill_with_edge_cases(portfolio)
        with_more_edges(portfolio)
    return path


def random_portfolio(path, seed: int) -> None:
    """Partners with a random share of everything the list reads (or none of it)."""
    rng = random.Random(seed)

    def some(n):
        return rng.randrange(n + 1) if rng.random() < 0.7 else 0

    def a_day():
        return TODAY + rng.randrange(-500, 60) * DAY

    with open_portfolio(path, create=True) as portfolio:
        uow = portfolio.uow
        for i in range(12):
            p = partners.add_partner(uow(), Partner(f"P{seed}-{i}", stage=rng.choice(list(Stage)),
                                                    next_review=rng.choice((None, a_day()))),
                                     today=a_day())
            people = [add_stakeholder(uow(), Stakeholder(
                p.id, f"S{k}", rng.choice(list(Side)), rng.choice(list(Level)),
                ambassador=rng.random() < 0.3)) for k in range(some(5))]
            ours = [s for s in people if s.side is Side.OURS]
            theirs = [s for s in people if s.side is Side.THEIRS]
            for o in ours:
                for t in theirs:
                    if rng.random() < 0.6:
                        add_tie(uow(), Tie(p.id, o.id, t.id))
            for _ in range(some(6)):
                record_meeting(uow(), Meeting(p.id, a_day(), rng.choice(list(MeetingKind)),
                                              rng.choice(("Leeds", "Zoom", ""))))
            for _ in range(some(5)):
                record_difference(uow(), Difference(
                    p.id, rng.choice(list(Area)), "We", "They", rng.choice(list(Rating)),
                    rng.choice(list(Rating)), rng.choice(("", "Weekly call"))))
            for _ in range(some(5)):
                due = rng.choice((None, a_day(), TODAY, TODAY - DAY))
                add_action(uow(), Action(p.id, "Act", due=due, done=rng.random() < 0.3))
            for _ in range(some(4)):
                record_exchange(uow(), ValueExchange(p.id, rng.choice(list(Side)), "Work",
                                                     rng.randrange(1, 9000), a_day()))
            for _ in range(some(3)):
                record_check(uow(), HealthCheck(p.id, a_day(), tuple(
                    HealthScore(d, rng.randrange(1, 6), rng.choice((None, rng.randrange(1, 6))))
                    for d in ("trust", "governance", "communication"))))
            for item in checklist.checklist(uow(), p.id):
                if rng.random() < 0.3:
                    checklist.tick_item(uow(), item.id, True, a_day())


def test_the_sample_reads_the_same_either_way(sample):
    for day in DAYS:
        assert_same_rows(sample, day)
    assert assert_same_overview(sample, TODAY) == 8


def test_edge_cases_read_the_same_either_way(edges):
    for day in DAYS:
        assert_same_rows(edges, day)
    assert assert_same_overview(edges, TODAY) == 14
    assert assert_same_overview(edges, TODAY - DAY) == 14


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_portfolios_read_the_same_either_way(tmp_path, seed):
    path = tmp_path / f"random-{seed}.sqlite"
    random_portfolio(path, seed)
    for day in DAYS:
        assert_same_rows(path, day)
    assert assert_same_overview(path, TODAY) == 12


LAUNCH = """
import json, sys
from pathlib import Path
from planner.services.opening import start_opening
portfolio, summaries = start_opening(Path(sys.argv[1])).result()
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic"))
print(json.dumps([len(summaries), loaded]))
portfolio.close()
"""


def test_a_launch_lists_the_portfolio_without_sqlalchemy_or_alembic(sample):
    found = subprocess.run([sys.executable, "-c", LAUNCH, str(sample)], capture_output=True,
                           text=True, check=True)
    count, loaded = json.loads(found.stdout)
    assert (count, loaded) == (8, [])


def test_a_portfolio_behind_the_schema_is_backed_up_and_migrated_before_it_is_read(sample):
    with open_portfolio(sample) as portfolio:
        at_head = partners.portfolio_overview(portfolio.uow(), dt.date.today())
    migrate(sample, "0007", down=True)
    assert database.peek_revision(sample) != database.head_revision()
    before = [b.reason for b in backups.list_backups(sample)]
    portfolio, summaries = start_opening(sample).result()
    try:
        assert database.peek_revision(sample) == database.head_revision()
        assert portfolio.checked  # a due migration is never left unchecked
        assert [b.reason for b in backups.list_backups(sample)].count("migration") == 1
        assert before.count("migration") == 0
        assert summaries == at_head
    finally:
        portfolio.close()
