"""The search service: one transaction, hits for the sample's people, differences and notes."""

import datetime as dt

import pytest

from planner.services import portfolio_io
from planner.services import search as search_service
from planner.services.portfolio import open_portfolio

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    with open_portfolio(path, create=True) as p:
        portfolio_io.import_records(p.uow(), portfolio_io.sample_records(TODAY))
        yield p


def test_finds_each_kind_of_part_in_the_sample(sample):
    records = portfolio_io.sample_records(TODAY)
    person = records[0].stakeholders[0]
    found = search_service.search(sample.uow(), person.name)
    assert found[0].part == "stakeholder"
    assert found[0].partner_name == records[0].partner.name
    record = next(r for r in records if r.differences and r.meetings and r.actions)
    for part, text in (("difference", record.differences[0].ours),
                       ("meeting", record.meetings[-1].notes),
                       ("action", record.actions[0].text)):
        found = search_service.search(sample.uow(), text, limit=500)
        assert (record.partner.name, part) in {(h.partner_name, h.part) for h in found}


def test_an_empty_query_finds_nothing_and_needs_no_index(sample):
    assert search_service.search(sample.uow(), "") == []
    assert search_service.search(sample.uow(), "?!") == []


def test_search_runs_in_its_own_unit_of_work(sample):
    uow = sample.uow()
    search_service.search(uow, "partner")
    assert uow.session is None  # closed again: the service opened and closed it
