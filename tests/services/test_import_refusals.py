"""An import's refusals word for word, where they point (the JSON path) and that the portfolio
is left as it was: a document with more objects and lists than any portfolio, one nested too
deeply, and a streamed export whose "partners" field appears twice."""

import json

import pytest

from planner.domain.errors import ImportProblem
from planner.services import partners, portfolio_io
from planner.services.import_limits import MAX_CONTAINERS


def test_a_document_of_more_objects_than_any_portfolio_is_refused_at_its_top():
    data = b"[" + b"{}," * MAX_CONTAINERS + b"{}]"
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.parse_document(data)
    assert refused.value.where == "$"
    assert str(refused.value) == ("$: the file holds more than 200,000 objects and lists, far "
                                  "more than any portfolio")


def test_a_document_nested_too_deeply_is_refused_at_its_top():
    depth = 50_000
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.parse_document(b'{"a":' * depth + b"1" + b"}" * depth)
    assert refused.value.where == "$"
    assert str(refused.value) == "$: the JSON is nested too deeply"


def test_a_streamed_export_naming_its_partners_twice_is_refused_and_adds_none(
        portfolio, acme, tmp_path, monkeypatch):
    document = portfolio_io.export_document(portfolio.uow())
    beta = [{**document["partners"][0], "name": "Beta"}]
    head = {k: v for k, v in document.items() if k != "partners"}
    export = tmp_path / "twice.json"
    export.write_text(json.dumps(head)[:-1] + f', "partners": {json.dumps(beta)}, '
                      f'"partners": {json.dumps(beta)}}}', encoding="utf-8")
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)  # every file takes the stream
    assert portfolio_io.streamed(export)
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.import_json(portfolio.uow(), export)
    assert str(refused.value) == "$: the field 'partners' appears twice in one object"
    assert partners.partner_names(portfolio.uow()) == ["Acme"]
