"""A large export streamed into a team portfolio: all of it in one transaction, or none of it,
even when the problem is found after earlier partners were already sent to the server."""

import copy
import datetime as dt
import json

import pytest

from planner.domain.errors import PlannerError
from planner.services import portfolio_io
from planner.services.portfolio import new_portfolio, open_for_import, open_portfolio
from tests.team.dumps import server_dump

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def stream_everything(monkeypatch):
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)


@pytest.fixture
def sample_document(tmp_path):
    with new_portfolio(tmp_path / "sample.sqlite") as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
        return portfolio_io.export_document(portfolio.uow())


def test_a_streamed_export_imports_into_a_team_portfolio(team_portfolio_location, tmp_path,
                                                         sample_document, stream_everything):
    export = tmp_path / "export.json"
    export.write_text(portfolio_io.dump_document(sample_document))
    assert portfolio_io.streamed(export)
    with open_portfolio(team_portfolio_location) as team:
        result = portfolio_io.import_json(team.uow(), export)
        assert (result.added, result.replaced) == (8, 0)
        assert portfolio_io.export_document(team.uow()) == sample_document


def test_a_problem_after_the_first_batch_undoes_every_partner(postgres_server, tmp_path,
                                                              team_portfolio_location,
                                                              sample_document,
                                                              stream_everything):
    """150 partners: the first 100 reach the server as one batch before the last one turns
    out to be wrong; the transaction takes them all back."""
    first = sample_document["partners"][0]
    partners = []
    for n in range(150):
        partner = copy.deepcopy(first)
        partner["name"] = f"Partner {n:03}"
        partners.append(partner)
    partners[-1]["stage"] = "nowhere"
    export = tmp_path / "export.json"
    export.write_text(json.dumps({**sample_document, "partners": partners}))
    before = server_dump(postgres_server, team_portfolio_location.database)
    with open_portfolio(team_portfolio_location) as team:
        with pytest.raises(PlannerError, match=r"\$\.partners\[149\]\.stage"):
            portfolio_io.import_json(team.uow(), export)
    after = server_dump(postgres_server, team_portfolio_location.database)
    # Sequences are not transactional: that they moved shows the first batch reached the
    # server before the rollback took every row back.
    assert after.pop("sequences") != before.pop("sequences")
    assert after == before


def test_a_dry_run_into_a_team_portfolio_opens_it_read_only(team_portfolio_location):
    with open_for_import(team_portfolio_location, dry_run=True) as (portfolio, created):
        assert portfolio.read_only and not created
    with open_for_import(team_portfolio_location) as (portfolio, created):
        assert not portfolio.read_only and not created
