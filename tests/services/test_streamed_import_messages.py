"""A large export, imported as a stream in batches, is refused with the same words and at the
same place as the whole document would be: a schema problem in a later partner, and a name
already in the portfolio in a later batch (its place counted from the file's first partner,
not the batch's)."""

import json

import pytest

from planner.domain.errors import PlannerError
from planner.services import partners, portfolio_io


def head(portfolio) -> dict:
    return {k: v for k, v in portfolio_io.export_document(portfolio.uow()).items()
            if k != "partners"}


def refusals(portfolio, path, monkeypatch) -> tuple[str, str]:
    """(the whole document's refusal, the stream's), the portfolio checked unchanged."""
    before = partners.partner_names(portfolio.uow())
    said = []
    for limit in (16 * 2**20, 0):  # read whole, then as a stream
        monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", limit)
        assert portfolio_io.streamed(path) is (limit == 0)
        with pytest.raises(PlannerError) as refused:
            portfolio_io.import_json(portfolio.uow(), path)
        said.append(str(refused.value))
        assert partners.partner_names(portfolio.uow()) == before
    return said[0], said[1]


def test_a_later_partners_schema_problem_reads_the_same_streamed(portfolio, tmp_path,
                                                                 monkeypatch):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({**head(portfolio), "partners": [
        {"name": "Acme", "stage": "courtship"}, {"name": "Bolt", "stage": "exit"},
        {"name": "Cobalt", "stage": "romance"}]}), encoding="utf-8")
    whole, streamed = refusals(portfolio, path, monkeypatch)
    assert streamed == whole
    assert streamed.startswith("$.partners[2].stage: 'romance' is not one of [")


def test_a_name_taken_in_a_later_batch_is_named_at_its_place_in_the_file(portfolio, acme,
                                                                         tmp_path, monkeypatch):
    many = [{"name": f"Partner {n:03}", "stage": "courtship", "checklist": []}
            for n in range(100)]  # one batch of the stream
    path = tmp_path / "export.json"
    path.write_text(json.dumps({**head(portfolio), "partners": [
        *many, {"name": "Bolt", "stage": "exit", "checklist": []},
        {"name": "acme", "stage": "exit", "checklist": []}]}), encoding="utf-8")
    whole, streamed = refusals(portfolio, path, monkeypatch)
    assert streamed == whole == ("$.partners[101].name: a partner named 'Acme' is already in "
                                 "the portfolio (use --replace to overwrite it)")



def test_a_partner_named_twice_in_the_file_is_refused_at_its_second_place(portfolio, tmp_path,
                                                                          monkeypatch):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({**head(portfolio), "partners": [
        {"name": "Acme", "stage": "courtship"}, {"name": "Bolt", "stage": "exit"},
        {"name": "ACME ", "stage": "exit"}]}), encoding="utf-8")
    whole, streamed = refusals(portfolio, path, monkeypatch)
    assert streamed == whole == ("$.partners[2].name: the partner 'ACME' appears twice (also at "
                                 "$.partners[0])")
