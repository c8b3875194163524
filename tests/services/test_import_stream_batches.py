"""A streamed import hands its partners on in batches bounded by count and by the rows they
hold between them (memory stays bounded however large each partner is), and names the partner
nested too deeply to read (services/import_stream)."""

import json

import pytest

from planner.domain.errors import ImportProblem
from planner.domain.model import Partner, PartnerRecord
from planner.services.import_stream import check_partner_shape, records_in_batches


def export(tmp_path, partners: list) -> object:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"format": "partner-planner", "partners": partners}),
                    encoding="utf-8")
    return path


def batches(path, *, batch: int = 100, rows: int = 1000) -> list[list[str]]:
    def to_record(data: dict, where: str) -> PartnerRecord:
        return PartnerRecord(Partner(data["name"]))

    return [[r.partner.name for r in chunk] for chunk in records_in_batches(
        path, lambda head, follow: None, check_partner_shape, to_record,
        batch=batch, rows=rows)]


# Rows held: A 2 (tags and meetings), B 1, C 0, D 3.
PARTNERS = [{"name": "A", "tags": ["x"], "meetings": [{}], "notes": "not a list"},
            {"name": "B", "tags": ["y"]}, {"name": "C"}, {"name": "D", "actions": [1, 2, 3]}]


@pytest.mark.parametrize(("rows", "expected"), [
    (3, [["A", "B"], ["C", "D"]]),  # A and B hold exactly 3 rows: a batch of their own
    (4, [["A", "B", "C", "D"]]),  # 2 + 1 + 0 + 3 reaches 4 only at the last
    (2, [["A"], ["B", "C", "D"]]),
    (1000, [["A", "B", "C", "D"]]),
])
def test_a_batch_ends_at_the_partner_whose_rows_reach_the_bound(tmp_path, rows, expected):
    assert batches(export(tmp_path, PARTNERS), rows=rows) == expected


def test_a_batch_ends_at_its_count_whatever_the_rows(tmp_path):
    assert batches(export(tmp_path, PARTNERS), batch=3) == [["A", "B", "C"], ["D"]]
    assert batches(export(tmp_path, PARTNERS), batch=1) == [["A"], ["B"], ["C"], ["D"]]


def test_a_streamed_partner_nested_too_deeply_is_refused_at_that_partner(tmp_path):
    path = tmp_path / "deep.json"
    depth = 50_000
    path.write_text('{"format": "partner-planner", "partners": [{"name": "A"}, '
                    + '{"name": "B", "notes": ' + "[" * depth + "]" * depth + "}]}",
                    encoding="utf-8")
    with pytest.raises(ImportProblem) as refused:
        batches(path)
    assert str(refused.value) == "$.partners[1]: the JSON is nested too deeply"
    assert refused.value.where == "$.partners[1]"
