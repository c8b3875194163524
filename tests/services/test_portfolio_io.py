"""The JSON interchange: lossless round trip, atomic import, defaults, duplicate names and
errors that name their JSON path."""

import copy
import json
from pathlib import Path

import pytest

from planner.domain.errors import DuplicateName, ImportProblem, PlannerError
from planner.domain.model import Kind
from planner.domain.stages import Stage
from planner.domain.templates import full_template
from planner.resources import resource
from planner.services import portfolio_io
from planner.services.partners import list_partners, partner_record
from planner.services.portfolio import open_portfolio
from tests.services.conftest import TODAY


def sample_document():
    return json.loads(resource("sample", "portfolio.json").read_text("utf-8"))


def import_document(portfolio, document, **options):
    records = portfolio_io.document_records(document)
    return portfolio_io.import_records(portfolio.uow(), records, **options)


def exported(portfolio) -> str:
    return portfolio_io.dump_document(portfolio_io.export_document(portfolio.uow()))


def test_the_sample_round_trips_byte_for_byte(tmp_path):
    first, second, third = (tmp_path / f"{n}.sqlite" for n in ("a", "b", "c"))
    with open_portfolio(first, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
        assert portfolio_io.export_json(portfolio.uow(), tmp_path / "a.json") == 8
    with open_portfolio(second, create=True) as portfolio:
        result = portfolio_io.import_json(portfolio.uow(), tmp_path / "a.json")
        assert (result.added, result.replaced) == (8, 0)
        portfolio_io.export_json(portfolio.uow(), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    # ...and the shipped sample, dated as written, comes back with every field it gives
    # (partners in name order, omitted optional fields filled in).
    with open_portfolio(third, create=True) as portfolio:
        import_document(portfolio, sample_document())
        again = json.loads(exported(portfolio))
    sample = sample_document()
    sample["partners"].sort(key=lambda p: p["name"].casefold())
    assert holds(again, sample)


def holds(full, given) -> bool:
    """Every field of `given` is in `full` with the same value; lists match item by item."""
    if isinstance(given, dict):
        return isinstance(full, dict) and all(k in full and holds(full[k], v)
                                              for k, v in given.items())
    if isinstance(given, list):
        return (isinstance(full, list) and len(full) == len(given)
                and all(holds(f, g) for f, g in zip(full, given, strict=True)))
    return full == given and type(full) is type(given)


def test_the_export_keeps_every_part(portfolio):
    portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
    document = json.loads(exported(portfolio))
    assert document["format"] == "partner-planner" and document["version"] == 1
    parts = ("checklist", "stakeholders", "ties", "differences", "meetings", "actions", "value",
             "health")
    for part in parts:
        assert any(p[part] for p in document["partners"]), part
    assert {p["stage"] for p in document["partners"]} == {s.value for s in Stage}
    assert {p["kind"] for p in document["partners"]} == {k.value for k in Kind}
    assert any(a["meeting"] for p in document["partners"] for a in p["actions"])


def test_a_partner_with_only_name_and_stage_gets_the_defaults(portfolio):
    import_document(portfolio, {"format": "partner-planner", "version": 1,
                                "partners": [{"name": "Nova", "stage": "commitment"}]})
    (partner,) = list_partners(portfolio.uow())
    assert (partner.name, partner.stage, partner.kind) == ("Nova", Stage.COMMITMENT,
                                                           Kind.HORIZONTAL)
    assert partner.organisation == "" and partner.tags == () and partner.next_review is None
    record = partner_record(portfolio.uow(), partner.id)
    assert [(i.stage, i.text, i.trait, i.done) for i in record.checklist] == [
        (t.stage, t.text, t.trait, False) for t in full_template()]
    assert [(i.scope, i.cadence, i.choice_group) for i in record.checklist] == [
        (t.scope, t.cadence, t.group) for t in full_template()]
    assert record.stakeholders == () and record.meetings == () and record.health == ()


def test_the_new_optional_fields_travel_and_dates_are_settled(portfolio):
    partner = {
        "name": "Nova", "stage": "commitment", "decision_needed": "Sign the pilot?",
        "checklist": [
            {"stage": "courtship", "text": "Court", "trait": 1, "done": True,
             "done_on": "2025-03-01"},
            {"stage": "commitment", "text": "Board", "trait": 10, "done": False,
             "scope": "internal", "cadence": "quarterly", "not_applicable": True,
             "not_applicable_reason": "No board yet", "choice_group": "g"}],
        "differences": [{"area": "culture", "agreed_with_partner": True,
                         "last_reviewed": "2025-05-02"}],
        "meetings": [{"key": "m1", "date": "2025-01-10", "kind": "call",
                      "decision_needed": "Go or no go"}],
        "value": [{"giver": "ours", "what": "Fee", "worth": 5, "category": "contract payment"}],
    }
    import_document(portfolio, {"format": "partner-planner", "version": 1,
                                "partners": [copy.deepcopy(partner)]})
    document = json.loads(exported(portfolio))
    assert holds(document["partners"][0], partner)
    (out,) = document["partners"]
    assert (out["created_on"], out["stage_since"]) == ("2025-01-10", "2025-03-01")
    assert out["checklist"][0]["scope"] == "joint" and out["checklist"][0]["cadence"] is None


def test_an_empty_checklist_stays_empty(portfolio):
    import_document(portfolio, {"format": "partner-planner", "version": 1,
                                "partners": [{"name": "Nova", "stage": "exit",
                                              "checklist": []}]})
    (partner,) = list_partners(portfolio.uow())
    assert partner_record(portfolio.uow(), partner.id).checklist == ()


def broken_last_partner(document, field="date", value="2026-02-30"):
    document = copy.deepcopy(document)
    last = document["partners"][-1]
    last["meetings"][-1][field] = value
    return document, f"$.partners[{len(document['partners']) - 1}].meetings" \
                     f"[{len(last['meetings']) - 1}].{field}"


def test_an_error_in_the_last_partner_imports_nothing(portfolio):
    import_document(portfolio, {"format": "partner-planner", "version": 1,
                                "partners": [{"name": "Existing", "stage": "bridges"}]})
    before = exported(portfolio)
    document, where = broken_last_partner(sample_document())
    with pytest.raises(ImportProblem) as error:
        import_document(portfolio, document)
    assert error.value.where == where
    assert str(error.value).startswith(f"{where}: '2026-02-30' is not a real date")
    assert exported(portfolio) == before


def test_a_clash_with_the_portfolio_in_the_last_partner_imports_nothing(portfolio):
    document = sample_document()
    last = document["partners"][-1]["name"]
    import_document(portfolio, {"format": "partner-planner", "version": 1,
                                "partners": [{"name": last.upper(), "stage": "exit"}]})
    before = exported(portfolio)
    with pytest.raises(DuplicateName) as error:
        import_document(portfolio, document)
    assert str(error.value).startswith(f"$.partners[{len(document['partners']) - 1}].name: ")
    assert "--replace" in str(error.value)
    assert exported(portfolio) == before


def test_replace_overwrites_partners_with_the_same_name(portfolio):
    import_document(portfolio, {"format": "partner-planner", "version": 1,
                                "partners": [{"name": "Nova", "stage": "exit"},
                                             {"name": "Orion", "stage": "courtship"}]})
    result = import_document(portfolio, {"format": "partner-planner", "version": 1,
                                         "partners": [{"name": "NOVA", "stage": "bridges"},
                                                      {"name": "Vega", "stage": "bridges"}]},
                             replace=True)
    assert (result.added, result.replaced) == (1, 1)
    names = {p.name: p.stage for p in list_partners(portfolio.uow())}
    assert names == {"NOVA": Stage.BRIDGES, "Orion": Stage.COURTSHIP, "Vega": Stage.BRIDGES}


def test_duplicate_names_in_the_file_are_an_error(portfolio):
    document = {"format": "partner-planner", "version": 1,
                "partners": [{"name": "Nova", "stage": "exit"},
                             {"name": "Orion", "stage": "exit"},
                             {"name": " nova  ", "stage": "bridges"}]}
    with pytest.raises(ImportProblem, match=r"^\$\.partners\[2\]\.name: .*appears twice"):
        import_document(portfolio, document, replace=True)
    assert list_partners(portfolio.uow()) == []


@pytest.mark.parametrize("change, where", [
    (lambda d: d["partners"][1].update(stage="dating"), "$.partners[1].stage"),
    (lambda d: d["partners"][2]["checklist"][3].update(trait=16),
     "$.partners[2].checklist[3].trait"),
    (lambda d: d["partners"][0].update(next_review="2026-13-01"), "$.partners[0].next_review"),
    (lambda d: d["partners"][3]["ties"][0].update(ours="nobody"), "$.partners[3].ties[0].ours"),
    (lambda d: d["partners"][0]["health"][0]["scores"][0].update(ours=6),
     "$.partners[0].health[0].scores[0].ours"),
    (lambda d: d["partners"][4]["value"][0].update(worth=-5), "$.partners[4].value[0].worth"),
    (lambda d: d["partners"][5].pop("name"), "$.partners[5]"),
    (lambda d: d.update(version=2), "$.version"),
    (lambda d: d.update(format="something else"), "$"),
])
def test_the_first_error_names_its_json_path(portfolio, change, where):
    document = sample_document()
    change(document)
    document["partners"][-1]["stage"] = "unknown"  # a later error must not be the one named
    with pytest.raises(ImportProblem) as error:
        import_document(portfolio, document)
    assert error.value.where == where
    assert str(error.value).startswith(f"{where}: ")
    assert "\n" not in str(error.value)
    assert list_partners(portfolio.uow()) == []


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"{\"format\": ", "not valid JSON at line 1"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
])
def test_unreadable_documents(tmp_path, data, message):
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    with pytest.raises(ImportProblem, match=message):
        portfolio_io.read_document(path)


@pytest.mark.parametrize("text, where", [
    ('{"format": "partner-planner", "version": 1, "partners": [{"name": "A\\ud800", '
     '"stage": "exit"}]}', "$.partners[0].name"),
    ('{"format": "partner-planner", "version": 1, "partners": [{"name": "A", "stage": "exit", '
     '"tags": ["ok", "\\udc00x"]}]}', "$.partners[0].tags[1]"),
])
def test_an_unpaired_surrogate_escape_is_named(tmp_path, portfolio, text, where):
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportProblem, match="broken character") as error:
        portfolio_io.import_json(portfolio.uow(), path)
    assert error.value.where == where
    assert list_partners(portfolio.uow()) == []


def test_a_paired_surrogate_escape_is_an_ordinary_character(tmp_path, portfolio):
    path = tmp_path / "emoji.json"
    path.write_text('{"format": "partner-planner", "version": 1, "partners": '
                    '[{"name": "Smile \\ud83d\\ude00", "stage": "exit"}]}', encoding="utf-8")
    portfolio_io.import_json(portfolio.uow(), path)
    assert [p.name for p in list_partners(portfolio.uow())] == ["Smile \U0001F600"]


def test_export_refuses_a_missing_folder(portfolio, tmp_path):
    from planner.domain.errors import PlannerError

    with pytest.raises(PlannerError, match="does not exist"):
        portfolio_io.export_json(portfolio.uow(), tmp_path / "nowhere" / "out.json")
    assert not (tmp_path / "nowhere").exists()


def _set(path, value):
    def change(document):
        node = document
        for part in path[:-1]:
            node = node[part]
        if value is _DELETE:
            del node[path[-1]]
        else:
            node[path[-1]] = value
    return change


_DELETE = object()
MUTATIONS = {
    "valid": _set(("version",), 1),
    "version true": _set(("version",), True),
    "version 1.0": _set(("version",), 1.0),
    "extra top-level field": _set(("extra",), 1),
    "partners not a list": _set(("partners",), {}),
    "blank name": _set(("partners", 0, "name"), "   "),
    "long name": _set(("partners", 0, "name"), "x" * 201),
    "no stage": _set(("partners", 0, "stage"), _DELETE),
    "kind diagonal": _set(("partners", 0, "kind"), "diagonal"),
    "tags not strings": _set(("partners", 0, "tags"), [1]),
    "date with time": _set(("partners", 0, "next_review"), "2026-01-01T09:00"),
    "trait true": _set(("partners", 0, "checklist", 0, "trait"), True),
    "trait 1.0": _set(("partners", 0, "checklist", 0, "trait"), 1.0),
    "done 0": _set(("partners", 0, "checklist", 0, "done"), 0),
    "worth 1.5": _set(("partners", 0, "value", 0, "worth"), 1.5),
    "worth true": _set(("partners", 0, "value", 0, "worth"), True),
    "score null": _set(("partners", 0, "health", 0, "scores", 0, "ours"), None),
    "extra field in a tie": _set(("partners", 0, "ties", 0, "colour"), "red"),
    "blank key": _set(("partners", 0, "stakeholders", 0, "key"), " "),
    "ambassador yes": _set(("partners", 0, "stakeholders", 0, "ambassador"), "yes"),
    # Python's re takes these for spaces, ECMAScript's (the quick check's engine) does not
    "name only U+001C": _set(("partners", 0, "name"), "\x1c"),
    "key only U+0085 and a space": _set(("partners", 0, "stakeholders", 0, "key"), "\x85 "),
    "tag only U+001F": _set(("partners", 0, "tags"), ["\x1f"]),
    # Python's re reads these as a date, the quick check does not (jsonschema decides)
    "date with a final line break": _set(("partners", 0, "next_review"), "2026-01-01\n"),
    "date in Arabic-Indic digits": _set(("partners", 0, "next_review"),
                                         "\u0662\u0660\u0662\u0666-01-01"),
    "name with a broken character": _set(("partners", 0, "name"), "A\ud800"),
    "worth beyond 64 bits": _set(("partners", 0, "value", 0, "worth"), 2**70),
}


@pytest.mark.parametrize("mutation", MUTATIONS, ids=list(MUTATIONS))
def test_the_quick_schema_check_never_accepts_what_jsonschema_refuses(mutation):
    import jsonschema

    document = sample_document()
    MUTATIONS[mutation](document)
    authoritative = jsonschema.Draft202012Validator(portfolio_io.schema()).is_valid(document)
    quick = portfolio_io._fast_validator()(document)
    assert quick <= authoritative  # quick "yes" implies jsonschema's "yes"
    if mutation == "valid":
        assert quick and authoritative


def test_the_quick_check_reads_each_pattern_as_python_does_for_every_character():
    """Not more lenient than Python's re (what jsonschema uses) on any character, so that no
    spelling of "only spaces" or of a digit gets past it. One validation of an array of
    texts each; its errors name the texts the quick check refused (or, negated, took)."""
    import re
    import sys

    import jsonschema_rs

    def quick(pattern: str, texts: list[str], *, took: bool) -> set[int]:
        item = {"type": "string", "pattern": portfolio_io._QUICK_PATTERNS[pattern]()}
        check = jsonschema_rs.validator_for(
            {"type": "array", "items": {"not": item} if took else item})
        return {error.instance_path[0] for error in check.iter_errors(texts)}

    every = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    assert set(portfolio_io._QUICK_PATTERNS) == {r"\S", r"^\d{4}-\d{2}-\d{2}$"}
    python_refused = {i for i, c in enumerate(every) if not re.search(r"\S", c)}
    assert python_refused <= quick(r"\S", every, took=False)
    assert len(python_refused) == len(portfolio_io._python_space()) > 25  # not vacuous
    date = r"^\d{4}-\d{2}-\d{2}$"
    dates = [f"{c * 4}-{c * 2}-{c * 2}" for c in every]
    dates += [text + "\n" for text in dates[:128]]
    taken = quick(date, dates, took=True)
    assert all(re.search(date, dates[i]) for i in taken)
    assert len(taken) == 10  # the ASCII digits


def test_a_document_that_is_not_a_regular_file_is_refused_in_one_sentence():
    with pytest.raises(PlannerError) as refused:
        portfolio_io.read_document(Path("/dev/null"))
    assert str(refused.value) == "/dev/null is not a regular file."


@pytest.mark.parametrize("key", ["\U0001D489" * 60, "\x00" * 60, "é" * 60, "\ud800" * 60])
def test_a_hostile_field_name_is_named_in_a_short_path(key):
    """Cut after 40 characters or 80 of its escaped text: 40 astral characters escaped to
    480 made a refusal longer than one line holds (Hypothesis found it)."""
    from planner.services.import_limits import json_path

    path = json_path(("partners", 0, key))
    assert path.startswith('$.partners[0]["') and path.endswith('"...]')
    assert len(path) <= len('$.partners[0][""...]') + 80


@pytest.mark.parametrize("streamed", [False, True], ids=["read whole", "streamed"])
def test_replace_from_a_file_replaces_whether_read_whole_or_streamed(portfolio, tmp_path,
                                                                      monkeypatch, streamed):
    import_document(portfolio, {"format": "partner-planner", "version": 1,
                                "partners": [{"name": "Nova", "stage": "exit"}]})
    export = tmp_path / "nova.json"
    export.write_text(json.dumps({"format": "partner-planner", "version": 1,
                                  "partners": [{"name": "NOVA", "stage": "bridges"}]}),
                      encoding="utf-8")
    if streamed:
        monkeypatch.setattr(portfolio_io, "MAX_IMPORT_BYTES", 0)
    assert portfolio_io.streamed(export) is streamed
    with pytest.raises(DuplicateName):
        portfolio_io.import_json(portfolio.uow(), export)
    result = portfolio_io.import_json(portfolio.uow(), export, replace=True)
    assert (result.added, result.replaced) == (0, 1)
    assert {p.name: p.stage for p in list_partners(portfolio.uow())} == {"NOVA": Stage.BRIDGES}


def test_a_tie_to_an_unknown_key_names_that_key(portfolio):
    document = sample_document()
    document["partners"][3]["ties"][0]["ours"] = "nobody-here"
    with pytest.raises(ImportProblem) as refused:
        import_document(portfolio, document)
    assert str(refused.value) == ("$.partners[3].ties[0].ours: no stakeholder has the key "
                                  "'nobody-here'")
    assert list_partners(portfolio.uow()) == []
