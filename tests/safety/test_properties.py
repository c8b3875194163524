"""Property-based: arbitrary text at every text field and arbitrary values at the importer.

No crash (only a PlannerError with one sentence), nothing lost (what is stored is what was
typed, trimmed), and the round trip export -> import -> export is exact. Ordinary text is kept
exactly on both engines (a file, and a team portfolio on the test server); arbitrary text is
tried on both through the same services.
"""

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck as Health
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.errors import PlannerError
from planner.domain.model import (
    Action,
    Area,
    Difference,
    HealthCheck,
    HealthScore,
    Meeting,
    Partner,
    Side,
    Stakeholder,
    ValueExchange,
)
from planner.services import (
    differences,
    health,
    meetings,
    partners,
    people,
    portfolio_io,
    value,
)
from tests.safety.conftest import Fresh
from tests.safety.hostile_documents import VALID

# Every code point, lone surrogates included (a paste can carry them), and plenty of NULs,
# controls, combining marks and wide characters.
CHARS = st.one_of(st.characters(exclude_categories=()), st.sampled_from(
    ["\x00", "\x07", "\x1b", "\n", "\t", "\u202e", "\u0301", "\U0001f600", " ", "\ud800"]))
TEXT = st.text(CHARS, max_size=120)
# What people ordinarily type: words of letters, digits, punctuation and symbols from any
# script, one space apart. The "kept or refused" properties below would pass if every text
# were refused; each has a twin that proves ordinary text is always kept, exactly.
# (At most 43 characters: within the shortest limit, a phone number's 50.)
WORD = st.text(st.characters(categories=("L", "N", "P", "Sc", "Sm", "So")), min_size=1,
               max_size=10)
ORDINARY = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[Health.function_scoped_fixture, Health.too_slow])
ORDINARY_PROPERTY = settings(PROPERTY, max_examples=15)


def cleaned(text: str) -> str:
    return text.replace("\x00", "").strip()


def one_sentence(error: PlannerError) -> None:
    message = str(error)
    assert message and "\n" not in message and len(message) <= 400, message


def round_trip_is_exact(template: Path, document: dict) -> None:
    with Fresh(template) as again:
        portfolio_io.import_records(again.uow(), portfolio_io.document_records(document))
        assert portfolio_io.export_document(again.uow()) == document


PARTNER_TEXT = ("organisation", "definition", "unique_result", "owner", "review_place", "notes")


@PROPERTY
@given(name=TEXT, fields=st.fixed_dictionaries({f: TEXT for f in PARTNER_TEXT}),
       tags=st.lists(TEXT, max_size=3))
def test_any_text_in_a_partner_is_kept_or_refused_in_one_sentence(empty_template, name,
                                                                   fields, tags):
    with Fresh(empty_template) as portfolio:
        try:
            stored = partners.add_partner(portfolio.uow(),
                                          Partner(name=name, tags=tuple(tags), **fields))
        except PlannerError as error:
            one_sentence(error)
            return
        got = partners.get_partner(portfolio.uow(), stored.id)
        assert got.name == " ".join(cleaned(name).split())
        for field in PARTNER_TEXT:
            assert getattr(got, field) == cleaned(fields[field]), field
        assert set(got.tags) == {cleaned(t) for t in tags} - {""}
        document = portfolio_io.export_document(portfolio.uow())
    round_trip_is_exact(empty_template, document)


@pytest.fixture(params=["file", "team"])
def one_portfolio(request, empty_template):
    """One portfolio for all examples of a test, on each engine: each example adds its partner
    and removes it again (a fresh file or database per example costs seconds)."""
    if request.param == "team":
        from planner.services.portfolio import open_portfolio

        with open_portfolio(request.getfixturevalue("team_portfolio_location")) as portfolio:
            yield portfolio
        return
    with Fresh(empty_template) as portfolio:
        yield portfolio


@PROPERTY
@given(name=TEXT, fields=st.fixed_dictionaries({f: TEXT for f in PARTNER_TEXT}),
       tags=st.lists(TEXT, max_size=3))
def test_any_text_in_a_partner_is_kept_or_refused_on_either_engine(one_portfolio, name, fields,
                                                                   tags):
    """NULs, lone surrogates, controls, astral characters: what one engine keeps the other
    keeps, and what is refused is one sentence (a server refuses what SQLite stores)."""
    try:
        stored = partners.add_partner(one_portfolio.uow(),
                                      Partner(name=name, tags=tuple(tags), **fields))
    except PlannerError as error:
        one_sentence(error)
        return
    try:
        got = partners.get_partner(one_portfolio.uow(), stored.id)
        assert got.name == " ".join(cleaned(name).split())
        for field in PARTNER_TEXT:
            assert getattr(got, field) == cleaned(fields[field]), field
        assert set(got.tags) == {cleaned(t) for t in tags} - {""}
    finally:
        remove_every_partner(one_portfolio)


def remove_every_partner(portfolio) -> None:
    for partner in partners.list_partners(portfolio.uow()):
        partners.remove_partner(portfolio.uow(), partner.id)


def exported_again(portfolio, partner_id: int) -> dict:
    """The partner exported, read back by the importer and turned into JSON again."""
    [partner] = portfolio_io.export_document(portfolio.uow(), [partner_id])["partners"]
    document = {"format": "partner-planner", "version": 1, "partners": [partner]}
    [record] = portfolio_io.document_records(json.loads(json.dumps(document)))
    return portfolio_io.record_to_json(record)


@ORDINARY_PROPERTY
@given(name=ORDINARY, fields=st.fixed_dictionaries({f: ORDINARY for f in PARTNER_TEXT}),
       tags=st.lists(ORDINARY, max_size=3, unique=True))
def test_ordinary_text_in_a_partner_is_always_kept_exactly(one_portfolio, name, fields, tags):
    stored = partners.add_partner(one_portfolio.uow(),
                                  Partner(name=name, tags=tuple(tags), **fields))
    try:
        got = partners.get_partner(one_portfolio.uow(), stored.id)
        assert got.name == name
        assert {f: getattr(got, f) for f in PARTNER_TEXT} == fields
        assert sorted(got.tags) == sorted(tags)
        again = exported_again(one_portfolio, stored.id)
        assert again["name"] == name and sorted(again["tags"]) == sorted(tags)
        assert {f: again[f] for f in PARTNER_TEXT} == fields
    finally:
        remove_every_partner(one_portfolio)


def children(pid: int, text: list[str], ours: int, theirs: int, meeting: int):
    """Every other text field, each with its service."""
    t = iter(text)
    return [
        (people.add_stakeholder, Stakeholder(pid, next(t), Side.OURS, role=next(t),
                                             email=next(t), phone=next(t))),
        (differences.record_difference, Difference(pid, Area.CULTURE, next(t), next(t),
                                                   management=next(t), owner=next(t),
                                                   question=next(t))),
        (meetings.record_meeting, Meeting(pid, dt.date(2026, 3, 2), place=next(t),
                                          attendee_ids=(ours, theirs), notes=next(t),
                                          decisions=next(t))),
        (meetings.add_action, Action(pid, next(t), owner=next(t), meeting_id=meeting)),
        (value.record_exchange, ValueExchange(pid, Side.THEIRS, next(t), 10)),
        (health.record_check, HealthCheck(pid, dt.date(2026, 3, 2),
                                          (HealthScore("trust", 4, 3),), next(t))),
    ]


TEXT_FIELDS = {"role", "email", "phone", "ours", "theirs", "management", "owner", "question",
               "place", "notes", "decisions", "text", "what", "comment", "name"}


@PROPERTY
@given(text=st.lists(TEXT, min_size=21, max_size=21))
def test_any_text_in_people_differences_meetings_actions_value_health(empty_template, text):
    with Fresh(empty_template) as portfolio:
        uow = portfolio.uow
        pid = partners.add_partner(uow(), Partner(name="Acme")).id
        ours = people.add_stakeholder(uow(), Stakeholder(pid, "Ann", Side.OURS)).id
        theirs = people.add_stakeholder(uow(), Stakeholder(pid, "Bo", Side.THEIRS)).id
        meeting = meetings.record_meeting(uow(), Meeting(pid, dt.date(2026, 1, 5))).id
        for service, obj in children(pid, text, ours, theirs, meeting):
            try:
                stored = service(uow(), obj)
            except PlannerError as error:
                one_sentence(error)
                continue
            for field in dataclasses.fields(obj):
                if field.name in TEXT_FIELDS and isinstance(getattr(obj, field.name), str):
                    typed = cleaned(getattr(obj, field.name))
                    kept = getattr(stored, field.name)
                    assert kept in (typed, " ".join(typed.split())), (service, field.name)
        document = portfolio_io.export_document(uow())
        record = partners.partner_record(uow(), pid)
    stored_texts = json.dumps(document)
    for person in record.stakeholders:
        assert json.dumps(person.name)[1:-1] in stored_texts
    round_trip_is_exact(empty_template, document)


@ORDINARY_PROPERTY
@given(text=st.lists(ORDINARY, min_size=21, max_size=21),
       email=st.emails(domains=st.just("example.org")))
def test_ordinary_text_in_people_differences_meetings_actions_value_health_is_kept_exactly(
        one_portfolio, text, email):
    text[2] = email  # the third text is the stakeholder's email: an address is expected
    uow = one_portfolio.uow
    pid = partners.add_partner(uow(), Partner(name="Acme")).id
    try:
        ours = people.add_stakeholder(uow(), Stakeholder(pid, "Ann", Side.OURS)).id
        theirs = people.add_stakeholder(uow(), Stakeholder(pid, "Bo", Side.THEIRS)).id
        meeting = meetings.record_meeting(uow(), Meeting(pid, dt.date(2026, 1, 5))).id
        typed = []
        for service, obj in children(pid, text, ours, theirs, meeting):
            stored = service(uow(), obj)  # never refused
            for field in dataclasses.fields(obj):
                if field.name in TEXT_FIELDS and isinstance(getattr(obj, field.name), str):
                    typed.append(getattr(obj, field.name))
                    assert getattr(stored, field.name) == typed[-1], field.name
        assert len(typed) >= 15
        exported = json.dumps(exported_again(one_portfolio, pid))
        assert all(json.dumps(t)[1:-1] in exported for t in typed)
    finally:
        remove_every_partner(one_portfolio)


JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), TEXT,
                        st.floats(allow_nan=False, allow_infinity=False))
JSON = st.recursive(JSON_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)), max_leaves=20)


def importer_outcome(data: bytes):
    try:
        return portfolio_io.document_records(portfolio_io.parse_document(data))
    except PlannerError as error:
        one_sentence(error)
        return None


@settings(max_examples=300, deadline=None)
@given(value=JSON)
def test_the_importer_survives_any_json_value(value):
    importer_outcome(json.dumps(value).encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_the_importer_survives_any_bytes(data):
    importer_outcome(data)


def paths(node, at=()):
    yield at
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, (*at, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, (*at, i))


VALID_DOCUMENT = json.loads(VALID)
VALID_DOCUMENT["partners"][0].update(
    tags=["a"], next_review="2026-05-01",
    checklist=[{"stage": "courtship", "text": "x", "trait": 1, "done": True,
                "done_on": "2026-01-01"}],
    ties=[{"ours": "s1", "theirs": "s2"}],
    differences=[{"area": "culture", "question": "why?"}],
    actions=[{"text": "do", "meeting": "m1", "due": "2026-02-01"}],
    value=[{"giver": "ours", "what": "intro", "worth": 5, "date": None}],
    health=[{"date": "2026-01-01", "scores": [{"dimension": "trust", "ours": 3}]}])
PLACES = [p for p in paths(VALID_DOCUMENT) if p]


@settings(max_examples=400, deadline=None)
@given(where=st.sampled_from(PLACES), replacement=JSON)
def test_the_importer_survives_any_value_at_any_place_of_a_real_document(
        empty_template, where, replacement):
    document = json.loads(json.dumps(VALID_DOCUMENT))
    node = document
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = replacement
    data = json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")
    records = importer_outcome(data)
    if records is None:
        return
    with Fresh(empty_template) as portfolio:
        try:
            portfolio_io.import_records(portfolio.uow(), records)
        except PlannerError as error:
            one_sentence(error)
            return
        exported = portfolio_io.export_document(portfolio.uow())
    round_trip_is_exact(empty_template, exported)


def at(document, where):
    node = document
    for step in where:
        node = node[step]
    return node


# Free-text places of the document (not codes such as stage, dates or keys).
FREE_TEXT = {"name", "organisation", "definition", "unique_result", "owner", "review_place",
             "notes", "text", "note", "role", "email", "phone", "ours", "theirs", "management",
             "question", "place", "decisions", "what", "comment"}
TEXT_PLACES = [p for p in PLACES if p[-1] in FREE_TEXT and "ties" not in p
               and isinstance(at(VALID_DOCUMENT, p), str)]


@ORDINARY_PROPERTY
@given(where=st.sampled_from(TEXT_PLACES), text=ORDINARY)
def test_ordinary_text_at_any_text_place_of_a_real_document_imports_exactly(
        one_portfolio, where, text):
    document = json.loads(json.dumps(VALID_DOCUMENT))
    at(document, where[:-1])[where[-1]] = text
    records = portfolio_io.document_records(
        portfolio_io.parse_document(json.dumps(document).encode()))  # never refused
    try:
        portfolio_io.import_records(one_portfolio.uow(), records)
        exported = portfolio_io.export_document(one_portfolio.uow())
        assert at(exported, where) == text
        assert exported == portfolio_io.export_document(one_portfolio.uow()) and \
            len(exported["partners"]) == 1
    finally:
        remove_every_partner(one_portfolio)
