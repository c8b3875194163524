"""A real sample portfolio in a temporary SQLite file, and helpers to read a brief back."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from planner.services import portfolio_io
from planner.services.portfolio import open_portfolio

ANCHOR = portfolio_io.SAMPLE_ANCHOR


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(ANCHOR))
    return path


@pytest.fixture
def sample(sample_file):
    with open_portfolio(sample_file, read_only=True) as portfolio:
        yield portfolio


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """Extracted text with line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


@pytest.fixture
def today():
    return dt.date(2026, 6, 1)


def huge_record(name: str = "Colossus Holdings", *, meetings=500, differences=200,
                stakeholders=100, today=dt.date(2026, 6, 1)):
    """A partner far beyond typical: hundreds of meetings, differences and people."""
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
        PartnerRecord,
        Rating,
        Side,
        Stakeholder,
        Strength,
        Tie,
        ValueExchange,
    )
    from planner.domain.stages import Stage
    from planner.services.partners import template_checklist

    long = "An unusually long text that keeps going " * 12
    partner = Partner(name, Stage.BRIDGES, organisation=f"{name} International Group",
                      definition=long, unique_result=long, owner="Dana Scully",
                      next_review=today, review_place="Head office, " + long[:80])
    people = tuple(
        Stakeholder(None, f"Person {i:03d} {'Ours' if i % 2 else 'Theirs'}",
                    Side.OURS if i % 2 else Side.THEIRS,
                    (Level.EXECUTIVE, Level.MANAGEMENT, Level.OPERATIONAL)[i % 3],
                    role="Vice President of Extremely Long Job Titles " * 2,
                    ambassador=i < 4, id=i + 1)
        for i in range(stakeholders))
    ours = [p for p in people if p.side is Side.OURS]
    theirs = [p for p in people if p.side is Side.THEIRS]
    ties = tuple(Tie(None, o.id, t.id, Strength.STRONG if (i + j) % 3 == 0 else Strength.WEAK,
                     id=i * 1000 + j + 1)
                 for i, o in enumerate(ours[:20]) for j, t in enumerate(theirs[:8]))
    areas = list(Area)
    diffs = tuple(Difference(None, areas[i % len(areas)], ours=long, theirs=long,
                             likelihood=Rating.HIGH if i % 2 else Rating.MEDIUM,
                             impact=Rating.HIGH, question=f"Question {i}: " + long,
                             id=i + 1)
                  for i in range(differences))
    meets = tuple(Meeting(None, today - dt.timedelta(days=3 * i + 1),
                          MeetingKind.REVIEW if i % 5 == 0 else MeetingKind.CALL,
                          attendee_ids=tuple(p.id for p in people[:30]), notes=long,
                          decisions=long, moment_of_truth=i % 7 == 0, id=i + 1)
                  for i in range(meetings))
    actions = tuple(Action(None, f"Action {i}: " + long, owner="Fox Mulder",
                           side=Side.OURS if i % 2 else Side.THEIRS,
                           due=today - dt.timedelta(days=i - 50), id=i + 1)
                    for i in range(150))
    value = tuple(ValueExchange(None, Side.OURS if i % 3 else Side.THEIRS, long, 1000 + i,
                                today - dt.timedelta(days=i), id=i + 1) for i in range(100))
    checks = tuple(HealthCheck(None, today - dt.timedelta(days=90 * i),
                               tuple(HealthScore(k, 1 + (i + n) % 5, 1 + (i * n) % 5)
                                     for n, k in enumerate(("trust", "governance", "value"))),
                               id=i + 1) for i in range(20))
    return PartnerRecord(partner, template_checklist(None), people, ties, diffs, meets,
                         actions, value, checks)
