"""A JSON import or export holds Python's cycle collector off while it makes and drops its
millions of objects (see planner.collector), on every thread that works for it, and lets it go
however it ends; what it leaves to the collector does not grow with the portfolio's size."""

import datetime as dt
import gc

import pytest

from planner import collector
from planner.domain.errors import ImportProblem
from planner.services import portfolio_io
from planner.services.portfolio import open_portfolio
from tests.services.test_portfolio_io import sample_document

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def collector_running():
    enabled = gc.isenabled()
    gc.enable()
    yield
    assert collector._holders == 0
    (gc.enable if enabled else gc.disable)()


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "export.json"
    with open_portfolio(tmp_path / "source.sqlite", create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
        portfolio_io.export_json(portfolio.uow(), path)
    return path


def noting(monkeypatch, module, name, seen):
    original = getattr(module, name)

    def noted(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, noted)


@pytest.mark.parametrize("streaming", [False, True], ids=["whole", "streamed"])
def test_an_import_runs_with_the_collector_held(export, tmp_path, monkeypatch, streaming):
    if streaming:  # the partners are then read on a thread of their own
        monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)
    seen = []
    noting(monkeypatch, portfolio_io, "json_to_record", seen)
    with open_portfolio(tmp_path / "copy.sqlite", create=True) as portfolio:
        assert portfolio_io.import_json(portfolio.uow(), export).added == 8
    assert seen == [False] * 8
    assert gc.isenabled()


def test_an_export_runs_with_the_collector_held(export, tmp_path, monkeypatch):
    seen = []
    noting(monkeypatch, portfolio_io, "record_to_json", seen)
    with open_portfolio(tmp_path / "source.sqlite") as portfolio:
        assert portfolio_io.export_json(portfolio.uow(), tmp_path / "again.json") == 8
    assert seen == [False] * 8
    assert gc.isenabled()
    assert (tmp_path / "again.json").read_bytes() == export.read_bytes()


def test_a_refused_import_lets_the_collector_go(tmp_path, monkeypatch):
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "partner-planner", "version": 1, "partners": [{]}')
    with open_portfolio(tmp_path / "copy.sqlite", create=True) as portfolio, \
            pytest.raises(ImportProblem):
        portfolio_io.import_json(portfolio.uow(), broken)
    assert gc.isenabled()


def left_in_cycles(tmp_path, copies: int) -> int:
    """What the collector finds after importing and exporting `copies` copies of the
    sample's partners (each under a name of its own) with it held."""
    import json

    document = sample_document()
    partners = document["partners"]
    document["partners"] = [{**p, "name": f"{p['name']} {n}"}
                            for n in range(copies) for p in partners]
    source = tmp_path / f"{copies}.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    with open_portfolio(tmp_path / f"{copies}.sqlite", create=True) as portfolio:
        gc.collect()
        with collector.held():
            portfolio_io.import_json(portfolio.uow(), source)
            portfolio_io.export_json(portfolio.uow(), tmp_path / f"{copies}-out.json")
            return gc.collect()


def test_what_is_left_in_cycles_does_not_grow_with_the_portfolio(tmp_path, monkeypatch):
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)
    left_in_cycles(tmp_path, 1)  # modules and caches loaded once
    small, large = left_in_cycles(tmp_path, 2), left_in_cycles(tmp_path, 20)
    assert large < small + 200, (small, large)
