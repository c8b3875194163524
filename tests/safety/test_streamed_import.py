"""Large exports are imported as a stream, partner by partner, with per-partner limits.

Files up to MAX_IMPORT_BYTES take the whole-document path (tests/safety/test_hostile_import.py);
here the threshold is lowered so the same documents take the streaming path.
"""

import datetime as dt
import os

import pytest

from planner.domain.errors import PlannerError
from planner.services import import_stream, portfolio_io
from planner.services.portfolio import open_portfolio
from tests.safety.hostile_documents import CASES, MB
from tests.safety.test_hostile_import import peak_memory_of_import, state


@pytest.fixture
def stream_everything(monkeypatch):
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "portfolio.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(
            dt.date(2026, 6, 1)))
    return path


def test_a_streamed_export_imports_exactly_like_a_whole_one(target, tmp_path, monkeypatch):
    export = tmp_path / "export.json"
    with open_portfolio(target, read_only=True) as portfolio:
        portfolio_io.export_json(portfolio.uow(), export)
        original = portfolio_io.export_document(portfolio.uow())
    copies = {}
    for streaming in (False, True):
        monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0 if streaming else 16 * MB)
        assert portfolio_io.streamed(export) is streaming
        copy = tmp_path / f"copy-{streaming}.sqlite"
        with open_portfolio(copy, create=True) as portfolio:
            result = portfolio_io.import_json(portfolio.uow(), export)
            copies[streaming] = portfolio_io.export_document(portfolio.uow())
        assert (result.added, result.replaced) == (8, 0)
    assert copies[True] == copies[False] == original


# Over 5,000 partners is refused only as a whole document: a streamed export may hold up to
# MAX_STREAMED_PARTNERS (the 8,000-partner export imports), each partner within its limits.
STREAMED_CASES = [c for c in CASES if c[0] != "too many partners"]


@pytest.mark.parametrize("name,data,expected", STREAMED_CASES,
                         ids=[c[0] for c in STREAMED_CASES])
def test_every_hostile_document_is_refused_when_streamed_too(name, data, expected, target,
                                                             tmp_path, stream_everything):
    hostile = tmp_path / "hostile.json"
    hostile.write_bytes(data)
    before = state(target)
    with open_portfolio(target) as portfolio, pytest.raises(PlannerError) as caught:
        portfolio_io.import_json(portfolio.uow(), hostile)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 500, message[:300]
    assert state(target) == before


def test_a_1_gb_hostile_file_is_refused_having_read_one_partner_at_most(target, tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:  # sparse: an export's head, then a gigabyte of NUL bytes
        f.write(b'{"format": "partner-planner", "version": 1, "partners": [{"name": "')
        f.truncate(1024 * MB)
    small = tmp_path / "small.json"
    small.write_bytes(b"{}")
    before = state(target)
    baseline, _, _ = peak_memory_of_import(target, small)
    peak, code, err = peak_memory_of_import(target, huge)
    assert code == 1 and "the file is 1,024 MB" in err and err.count("\n") == 1, err
    assert "$.partners[0]" in err
    limit = import_stream.MAX_PARTNER_BYTES // MB
    assert peak - baseline < (6 * limit + 20) * 1024, f"{(peak - baseline) // 1024} MB"
    assert state(target) == before
    assert os.path.getsize(huge) == 1024 * MB


@pytest.mark.parametrize("batch", [1, 3, 200])
def test_the_export_is_written_in_batches_as_the_same_text(target, tmp_path, monkeypatch,
                                                           batch):
    monkeypatch.setattr(portfolio_io, "EXPORT_BATCH", batch)
    out = tmp_path / "export.json"
    with open_portfolio(target, read_only=True) as portfolio:
        assert portfolio_io.export_json(portfolio.uow(), out) == 8
        whole = portfolio_io.dump_document(portfolio_io.export_document(portfolio.uow()))
    assert out.read_text("utf-8") == whole


def test_an_empty_portfolio_exports_as_before(tmp_path):
    out = tmp_path / "export.json"
    with open_portfolio(tmp_path / "empty.sqlite", create=True) as portfolio:
        assert portfolio_io.export_json(portfolio.uow(), out) == 0
        whole = portfolio_io.dump_document(portfolio_io.export_document(portfolio.uow()))
    assert out.read_text("utf-8") == whole
