"""An import's refusals word for word, where they point (the JSON path) and that the portfolio
is left as it was: a document with more objects and lists than any portfolio, one nested too
deeply, a streamed export whose "partners" field appears twice, more partners than an import
takes, a byte that is not UTF-8 past the stream's first chunk, and one partner at the most
objects and lists a streamed partner may hold."""

import json

import pytest

from planner.domain.errors import ImportProblem
from planner.services import import_stream, partners, portfolio_io
from planner.services.import_limits import MAX_CONTAINERS, MAX_PARTNERS
from planner.services.import_stream import READ_CHUNK


def refusal_of(data: bytes) -> ImportProblem:
    """What parsing `data` as a whole document is refused with."""
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.parse_document(data)
    return refused.value


def test_a_document_of_more_objects_than_any_portfolio_is_refused_at_its_top():
    refused = refusal_of(b"[" + b"{}," * MAX_CONTAINERS + b"{}]")
    assert refused.where == "$"
    assert str(refused) == ("$: the file holds more than 200,000 objects and lists, far "
                                  "more than any portfolio")


def test_a_document_nested_too_deeply_is_refused_at_its_top():
    depth = 50_000
    refused = refusal_of(b'{"a":' * depth + b"1" + b"}" * depth)
    assert refused.where == "$"
    assert str(refused) == "$: the JSON is nested too deeply"


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


def test_more_partners_than_one_import_takes_is_refused_at_the_partners():
    refused = refusal_of(b'{"partners": [' + b"{}," * MAX_PARTNERS + b"{}]}")
    assert refused.where == "$.partners"
    assert str(refused) == ("$.partners: 5,001 partners is more than the 5,000 one "
                                  "import takes")


def test_a_file_that_is_not_utf8_names_the_same_byte_streamed_or_read_whole(
        portfolio, tmp_path, monkeypatch):
    bad = READ_CHUNK + 10  # in the second chunk the stream reads
    data = b'{"format": "' + b"a" * (bad - 12) + b'\xff"}'
    assert data.index(b"\xff") == bad
    export = tmp_path / "latin.json"
    export.write_bytes(data)
    with pytest.raises(ImportProblem) as whole:
        portfolio_io.parse_document(data)
    assert str(whole.value) == f"$: the file is not UTF-8 text (byte {bad})"
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)
    assert portfolio_io.streamed(export)
    with pytest.raises(ImportProblem) as streamed:
        portfolio_io.import_json(portfolio.uow(), export)
    assert str(streamed.value) == str(whole.value)


def test_a_streamed_partner_of_exactly_the_most_containers_is_taken_and_one_more_refused(
        portfolio, acme, tmp_path, monkeypatch):
    document = portfolio_io.export_document(portfolio.uow())
    beta = {**document["partners"][0], "name": "Beta"}
    containers = json.dumps(beta).count("{") + json.dumps(beta).count("[")
    export = tmp_path / "beta.json"
    export.write_text(json.dumps({**document, "partners": [beta]}), encoding="utf-8")
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)  # every file takes the stream
    monkeypatch.setattr(import_stream, "MAX_CONTAINERS", containers - 1)
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.import_json(portfolio.uow(), export)
    assert str(refused.value) == (f"$.partners[0]: one partner holds more than "
                                  f"{containers - 1:,} objects and lists, far more than any "
                                  "portfolio")
    assert partners.partner_names(portfolio.uow()) == ["Acme"]
    monkeypatch.setattr(import_stream, "MAX_CONTAINERS", containers)
    portfolio_io.import_json(portfolio.uow(), export)
    assert partners.partner_names(portfolio.uow()) == ["Acme", "Beta"]


def test_a_field_named_twice_in_a_document_read_whole_is_refused_by_its_name():
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.parse_document(b'{"format": "partner-planner", "format": "x"}')
    assert str(refused.value) == "$: the field 'format' appears twice in one object"


def test_a_document_that_is_one_text_holding_a_nul_is_refused_by_what_it_holds():
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.parse_document(b'"Acme\\u0000"')
    assert str(refused.value) == "$: the text contains a NUL character (U+0000)"


def test_a_file_over_the_whole_read_limit_is_refused_at_its_top_before_reading(
        tmp_path, monkeypatch):
    export = tmp_path / "big.json"
    export.write_text('{"format": "partner-planner"}', encoding="utf-8")
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 10)
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.read_document(export)
    assert refused.value.where == "$"


@pytest.mark.parametrize(("text", "said"), [
    ('[1]', '$: this is not a Partner Planner export ("format" must be "partner-planner")'),
    ('{"format" "partner-planner"}',
     "$.format: not valid JSON: expected ':', found '\"'"),
    ("HEAD, \"partners\": [{\"name\": \"A\\u0000\"}]}",
     "$.partners[0].name: the text contains a NUL character (U+0000)"),
])
def test_a_streamed_file_is_refused_where_its_problem_is(portfolio, tmp_path, monkeypatch,
                                                         text, said):
    head = {k: v for k, v in portfolio_io.export_document(portfolio.uow()).items()
            if k != "partners"}
    export = tmp_path / "streamed.json"
    export.write_text(text.replace("HEAD", json.dumps(head)[:-1]), encoding="utf-8")
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)  # every file takes the stream
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.import_json(portfolio.uow(), export)
    assert str(refused.value) == said


def test_a_schema_problem_is_named_in_jsonschemas_words_at_its_place(portfolio, acme):
    document = portfolio_io.export_document(portfolio.uow())
    document["partners"][0]["stage"] = "romance"
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.validate_document(document)
    assert refused.value.where == "$.partners[0].stage"
    assert str(refused.value).startswith("$.partners[0].stage: 'romance' is not one of [")


def test_a_long_schema_problem_is_cut_to_160_characters(portfolio, acme):
    """jsonschema quotes the value it refused: a stage of 200 letters makes a sentence too
    long for one line, cut to 157 characters and "..."."""
    document = portfolio_io.export_document(portfolio.uow())
    document["partners"][0]["stage"] = "r" * 200
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.validate_document(document)
    assert refused.value.where == "$.partners[0].stage"
    assert str(refused.value) == "$.partners[0].stage: '" + "r" * 156 + "..."


@pytest.mark.parametrize(("data", "said"), [
    (b'"A\\u0000B"', "$: the text contains a NUL character (U+0000)"),
    (b'"A\\ud800"', "$: the text holds a broken character (an unpaired \\u surrogate escape, "
                    "U+D800)"),
])
def test_a_document_that_is_only_a_text_says_what_is_wrong_with_it(data, said):
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.parse_document(data)
    assert str(refused.value) == said


def test_a_streamed_number_too_long_to_read_is_refused_at_its_partner(portfolio, tmp_path,
                                                                      monkeypatch):
    head = {k: v for k, v in portfolio_io.export_document(portfolio.uow()).items()
            if k != "partners"}
    export = tmp_path / "streamed.json"
    export.write_text(json.dumps(head)[:-1] + ', "partners": [{"name": "A", "x": '
                      + "1" * 5000 + "}]}", encoding="utf-8")
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)  # every file takes the stream
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.import_json(portfolio.uow(), export)
    assert str(refused.value).startswith("$.partners[0]: not valid JSON: Exceeds the limit "
                                         "(4300 digits) for integer string conversion")
    assert partners.partner_names(portfolio.uow()) == []


def test_a_streamed_partner_is_judged_before_the_file_past_it_is_read(portfolio, tmp_path,
                                                                      monkeypatch):
    """The stream reads no further than the partner it hands on: the first partner's problem
    is named, not a broken byte far past it."""
    head = {k: v for k, v in portfolio_io.export_document(portfolio.uow()).items()
            if k != "partners"}
    filler = ", ".join(json.dumps({"name": f"Partner {n}"}) for n in range(READ_CHUNK // 20))
    export = tmp_path / "streamed.json"
    export.write_bytes(json.dumps(head)[:-1].encode() + b', "partners": [{"name": "Acme", '
                       b'"stage": "nowhere"}, ' + filler.encode() + b', {"name": "\xff"}]}')
    monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)  # every file takes the stream
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.import_json(portfolio.uow(), export)
    assert refused.value.where == "$.partners[0].stage"
    assert partners.partner_names(portfolio.uow()) == []
