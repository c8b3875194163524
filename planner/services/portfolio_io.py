"""The JSON interchange format (version 1): export, validated atomic import, the sample.

The format is documented in README.md and described by resources/schema/
partner-planner.schema.json. Inside a partner, stakeholders and meetings carry short keys
("s1", "m1") that ties, attendees and actions refer to; database ids never leave the file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from planner.domain.errors import DuplicateName, ImportProblem, PlannerError
from planner.domain.model import (
    Action,
    Area,
    Cadence,
    ChecklistItem,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    Kind,
    Level,
    Meeting,
    MeetingKind,
    Partner,
    PartnerRecord,
    Rating,
    Scope,
    Side,
    Stakeholder,
    Strength,
    Tie,
    ValueCategory,
    ValueExchange,
)
from planner.domain.names import name_key, name_problem
from planner.domain.partner_dates import settle_partner_dates
from planner.domain.quoting import shown
from planner.domain.sample_dates import shift_dates, week_shift
from planner.domain.stages import Stage
from planner.domain.templates import health_dimensions, unknown_dimension
from planner.resources import resource
from planner.services.files import open_atomically
from planner.services.import_limits import (
    MAX_CONTAINERS,
    MAX_IMPORT_BYTES,
    NOT_TEXT,
    check_shape,
    json_path,
    no_constant,
    not_text,
    too_big,
    unique_keys,
)
from planner.services.partners import template_checklist
from planner.storage import UnitOfWork

FORMAT = "partner-planner"
VERSION = 1
SAMPLE_ANCHOR = dt.date(2026, 6, 1)  # the sample's dates are written as if this were today


@cache
def schema() -> dict:
    return json.loads(resource("schema", "partner-planner.schema.json").read_text("utf-8"))


# export -----------------------------------------------------------------------------------

def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def record_to_json(record: PartnerRecord) -> dict[str, Any]:
    p = record.partner
    people_keys = {s.id: f"s{i}" for i, s in enumerate(record.stakeholders, 1)}
    meeting_keys = {m.id: f"m{i}" for i, m in enumerate(record.meetings, 1)}
    return {
        "name": p.name,
        "stage": p.stage.value,
        "organisation": p.organisation,
        "kind": p.kind.value,
        "definition": p.definition,
        "unique_result": p.unique_result,
        "owner": p.owner,
        "next_review": _date(p.next_review),
        "review_place": p.review_place,
        "tags": list(p.tags),
        "notes": p.notes,
        "decision_needed": p.decision_needed,
        "created_on": _date(p.created_on),
        "stage_since": _date(p.stage_since),
        "checklist": [
            {"stage": i.stage.value, "text": i.text, "trait": i.trait, "done": i.done,
             "done_on": _date(i.done_on), "note": i.note, "scope": i.scope.value,
             "cadence": i.cadence.value if i.cadence else None,
             "not_applicable": i.not_applicable,
             "not_applicable_reason": i.not_applicable_reason, "choice_group": i.choice_group}
            for i in record.checklist
        ],
        "stakeholders": [
            {"key": people_keys[s.id], "name": s.name, "side": s.side.value,
             "level": s.level.value, "role": s.role, "ambassador": s.ambassador,
             "email": s.email, "phone": s.phone}
            for s in record.stakeholders
        ],
        "ties": [
            {"ours": people_keys[t.ours_id], "theirs": people_keys[t.theirs_id],
             "strength": t.strength.value}
            for t in record.ties
        ],
        "differences": [
            {"area": d.area.value, "ours": d.ours, "theirs": d.theirs,
             "likelihood": d.likelihood.value, "impact": d.impact.value,
             "management": d.management, "owner": d.owner, "status": d.status.value,
             "question": d.question, "agreed_with_partner": d.agreed_with_partner,
             "last_reviewed": _date(d.last_reviewed)}
            for d in record.differences
        ],
        "meetings": [
            {"key": meeting_keys[m.id], "date": _date(m.date), "kind": m.kind.value,
             "place": m.place, "attendees": [people_keys[a] for a in m.attendee_ids],
             "notes": m.notes, "decisions": m.decisions, "moment_of_truth": m.moment_of_truth,
             "decision_needed": m.decision_needed}
            for m in record.meetings
        ],
        "actions": [
            {"text": a.text, "owner": a.owner, "side": a.side.value, "due": _date(a.due),
             "done": a.done, "done_on": _date(a.done_on),
             "meeting": meeting_keys.get(a.meeting_id)}
            for a in record.actions
        ],
        "value": [
            {"giver": v.giver.value, "what": v.what, "worth": v.worth, "date": _date(v.date),
             "category": v.category.value}
            for v in record.value
        ],
        "health": [
            {"date": _date(h.date), "comment": h.comment,
             "scores": [{"dimension": s.dimension, "ours": s.ours, "theirs": s.theirs}
                        for s in h.scores]}
            for h in record.health
        ],
    }


def export_document(uow: UnitOfWork, partner_ids=None) -> dict[str, Any]:
    with uow:
        records = uow.load_records(partner_ids)
    records.sort(key=lambda r: r.partner.name.casefold())
    return {"format": FORMAT, "version": VERSION,
            "partners": [record_to_json(r) for r in records]}


def dump_document(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_json(uow: UnitOfWork, path: Path) -> int:
    """Write the whole portfolio to `path`; returns how many partners were written.

    The same text as `dump_document(export_document(uow))`, written EXPORT_BATCH partners at a
    time in one read transaction, so memory stays bounded at any size."""
    with uow:
        partners = sorted(uow.partners.for_partners(), key=lambda p: p.name.casefold())
        with open_atomically(path) as out:
            head = dump_document({"format": FORMAT, "version": VERSION, "partners": []})
            if not partners:
                out.write(head)
                return 0
            out.write(head[:head.rindex("[]")] + "[\n")
            for start in range(0, len(partners), EXPORT_BATCH):
                ids = [p.id for p in partners[start:start + EXPORT_BATCH]]
                by_id = {r.partner.id: r for r in uow.load_records(ids)}
                for n, pid in enumerate(ids, start):
                    text = json.dumps(record_to_json(by_id[pid]), ensure_ascii=False, indent=2)
                    out.write((",\n" if n else "") + "\n".join(
                        "    " + line for line in text.split("\n")))
            out.write("\n  ]\n}\n")
    return len(partners)


EXPORT_BATCH = 200


# import -----------------------------------------------------------------------------------

def read_document(path: Path) -> Any:
    path = Path(path)
    if not path.exists():
        raise PlannerError(f"There is no file at {shown(path)}.")
    if path.is_dir():
        raise PlannerError(f"{shown(path)} is a folder, not a JSON file.")
    if not path.is_file():
        raise PlannerError(f"{shown(path)} is not a regular file.")
    try:
        # Refuse a huge file before reading it whole; read at most one byte past the limit
        # in case it grows while we read.
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportProblem(too_big(size), "$")
        with open(path, "rb") as f:
            data = f.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        raise PlannerError(f"Cannot read {shown(path)}: {error.strerror}.") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportProblem(too_big(len(data)), "$")
    return parse_document(data)


def parse_document(data: bytes) -> Any:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportProblem(too_big(len(data)), "$")
    if not data.strip():
        raise ImportProblem("the file is empty", "$")
    # Counted on the bytes before parsing: millions of tiny objects would fill memory.
    if data.count(b"{") + data.count(b"[") > MAX_CONTAINERS:
        raise ImportProblem(f"the file holds more than {MAX_CONTAINERS:,} objects and lists, "
                            "far more than any portfolio", "$")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(f"the file is not UTF-8 text (byte {error.start})", "$") from None
    try:
        document = json.loads(text, object_pairs_hook=unique_keys, parse_constant=no_constant)
    except json.JSONDecodeError as error:
        raise ImportProblem(
            f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}", "$"
        ) from None
    except RecursionError:
        raise ImportProblem("the JSON is nested too deeply", "$") from None
    except ValueError as error:  # e.g. an integer of more than 4300 digits
        raise ImportProblem(f"not valid JSON: {str(error)[:120]}", "$") from None
    if isinstance(document, (dict, list)):
        check_shape(document)
    elif isinstance(document, str) and NOT_TEXT.search(document):
        raise ImportProblem(f"the text {not_text(document)}", "$")
    return document


def validate_document(document: Any) -> None:
    """Check the document against the JSON Schema; raises with the first problem's JSON path."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportProblem("this is not a Partner Planner export (\"format\" must be "
                            f"\"{FORMAT}\")", "$")
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        shown_version = version if version < 1_000_000 else "beyond a million"
        raise ImportProblem(f"format version {shown_version} is newer than this app reads "
                            f"({VERSION}); update Partner Planner", "$.version")
    if _fast_validator()(document):
        return
    import jsonschema  # only to name the first problem of a document the quick check refused

    validator = jsonschema.Draft202012Validator(schema())
    errors = list(validator.iter_errors(document))
    if errors:
        def order(error):
            return tuple((0, p, "") if isinstance(p, int) else (1, 0, str(p))
                         for p in error.absolute_path)
        first = min(errors, key=order)
        raise ImportProblem(_schema_message(first), json_path(first.absolute_path))


@cache
def _fast_validator():
    """A quick yes/no against the same schema, compiled to Python by fastjsonschema.

    jsonschema walks a 600,000-row portfolio in over a minute; it still has the last word
    (and names the first error) whenever the quick check says no. The schema keeps to
    keywords that draft 7 reads the same way, so it compiles as draft 7.
    """
    import fastjsonschema

    check = fastjsonschema.compile(
        {**schema(), "$schema": "http://json-schema.org/draft-07/schema#"})

    def valid(document: Any) -> bool:
        try:
            check(document)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return valid


def _schema_message(error) -> str:
    message = error.message
    if len(message) > 160:
        message = message[:157] + "..."
    return message


def _parse_date(value: str | None, where: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ImportProblem(f"'{shown(value)}' is not a real date (use YYYY-MM-DD)", where) \
            from None


def json_to_record(data: dict, where: str) -> PartnerRecord:
    """One partner of the document as a record; ids inside it are provisional (1, 2, ...)."""
    name = " ".join(data["name"].split())
    if not name:
        raise ImportProblem("a partner needs a name", f"{where}.name")
    if (problem := name_problem(name)) is not None:
        raise ImportProblem(f"the name '{shown(name)}' {problem}", f"{where}.name")
    partner = Partner(
        name=name,
        stage=Stage(data["stage"]),
        organisation=data.get("organisation", ""),
        kind=Kind(data.get("kind", "horizontal")),
        definition=data.get("definition", ""),
        unique_result=data.get("unique_result", ""),
        owner=data.get("owner", ""),
        next_review=_parse_date(data.get("next_review"), f"{where}.next_review"),
        review_place=data.get("review_place", ""),
        tags=tuple(dict.fromkeys(t.strip() for t in data.get("tags", []) if t.strip())),
        notes=data.get("notes", ""),
        decision_needed=data.get("decision_needed", ""),
        created_on=_parse_date(data.get("created_on"), f"{where}.created_on"),
        stage_since=_parse_date(data.get("stage_since"), f"{where}.stage_since"),
    )
    if "checklist" in data:
        positions: dict[Stage, int] = {}
        checklist = []
        for i, item in enumerate(data["checklist"]):
            stage = Stage(item["stage"])
            position = positions.get(stage, 0)
            positions[stage] = position + 1
            done = item["done"]
            # Parsed even when not done: an impossible date is refused, never dropped unseen.
            done_on = _parse_date(item.get("done_on"), f"{where}.checklist[{i}].done_on")
            checklist.append(ChecklistItem(
                None, stage, item["text"].strip(), item["trait"], done,
                done_on if done else None,
                item.get("note", ""), position, i + 1, Scope(item.get("scope", "joint")),
                Cadence(item["cadence"]) if item.get("cadence") else None,
                item.get("not_applicable", False), item.get("not_applicable_reason", ""),
                item.get("choice_group", "")))
            if not checklist[-1].text:
                raise ImportProblem("a checklist item needs text", f"{where}.checklist[{i}].text")
        checklist = tuple(checklist)
    else:
        checklist = template_checklist(None)

    people: dict[str, Stakeholder] = {}
    for i, s in enumerate(data.get("stakeholders", [])):
        at = f"{where}.stakeholders[{i}]"
        if s["key"] in people:
            raise ImportProblem(f"the key '{shown(s['key'])}' is used twice", f"{at}.key")
        if not s["name"].strip():
            raise ImportProblem("a stakeholder needs a name", f"{at}.name")
        people[s["key"]] = Stakeholder(
            None, s["name"].strip(), Side(s.get("side", "theirs")),
            Level(s.get("level", "management")), s.get("role", ""), s.get("ambassador", False),
            s.get("email", ""), s.get("phone", ""), id=i + 1)

    def person(key: str, at: str, side: Side | None = None) -> Stakeholder:
        if key not in people:
            raise ImportProblem(f"no stakeholder has the key '{shown(key)}'", at)
        if side is not None and people[key].side is not side:
            raise ImportProblem(f"stakeholder '{shown(key)}' is not on {side.value} side", at)
        return people[key]

    ties, pairs = [], set()
    for i, t in enumerate(data.get("ties", [])):
        at = f"{where}.ties[{i}]"
        ours = person(t["ours"], f"{at}.ours", Side.OURS)
        theirs = person(t["theirs"], f"{at}.theirs", Side.THEIRS)
        if (ours.id, theirs.id) in pairs:
            raise ImportProblem("the same two people are tied twice", at)
        pairs.add((ours.id, theirs.id))
        ties.append(Tie(None, ours.id, theirs.id, Strength(t.get("strength", "working")),
                        id=i + 1))

    differences = tuple(
        Difference(None, Area(d["area"]), d.get("ours", ""), d.get("theirs", ""),
                   Rating(d.get("likelihood", "medium")), Rating(d.get("impact", "medium")),
                   d.get("management", ""), d.get("owner", ""),
                   DifferenceStatus(d.get("status", "open")), d.get("question", ""), id=i + 1,
                   agreed_with_partner=d.get("agreed_with_partner", False),
                   last_reviewed=_parse_date(d.get("last_reviewed"),
                                             f"{where}.differences[{i}].last_reviewed"))
        for i, d in enumerate(data.get("differences", []))
    )

    meetings: dict[str, Meeting] = {}
    for i, m in enumerate(data.get("meetings", [])):
        at = f"{where}.meetings[{i}]"
        if m["key"] in meetings:
            raise ImportProblem(f"the key '{shown(m['key'])}' is used twice", f"{at}.key")
        attendees = tuple(dict.fromkeys(
            person(k, f"{at}.attendees[{j}]").id for j, k in enumerate(m.get("attendees", []))))
        meetings[m["key"]] = Meeting(
            None, _parse_date(m["date"], f"{at}.date"), MeetingKind(m.get("kind", "review")),
            m.get("place", ""), attendees, m.get("notes", ""), m.get("decisions", ""),
            m.get("moment_of_truth", False), id=i + 1,
            decision_needed=m.get("decision_needed", ""))

    actions = []
    for i, a in enumerate(data.get("actions", [])):
        at = f"{where}.actions[{i}]"
        meeting = a.get("meeting")
        if meeting is not None and meeting not in meetings:
            raise ImportProblem(f"no meeting has the key '{shown(meeting)}'", f"{at}.meeting")
        if not a["text"].strip():
            raise ImportProblem("an action needs text", f"{at}.text")
        done = a.get("done", False)
        done_on = _parse_date(a.get("done_on"), f"{at}.done_on")  # checked even when not done
        actions.append(Action(
            None, a["text"].strip(), a.get("owner", ""), Side(a.get("side", "ours")),
            _parse_date(a.get("due"), f"{at}.due"), done,
            done_on if done else None,
            meetings[meeting].id if meeting is not None else None, id=i + 1))

    value = tuple(
        ValueExchange(None, Side(v["giver"]), v["what"], v.get("worth", 0),
                      _parse_date(v.get("date"), f"{where}.value[{i}].date"), id=i + 1,
                      category=ValueCategory(v.get("category", "contribution")))
        for i, v in enumerate(data.get("value", []))
    )
    health = []
    known_dimensions = {d.key for d in health_dimensions()}
    for i, h in enumerate(data.get("health", [])):
        at = f"{where}.health[{i}]"
        dims = [s["dimension"] for s in h.get("scores", [])]
        if len(set(dims)) != len(dims):
            raise ImportProblem("a dimension is scored twice", f"{at}.scores")
        for j, dim in enumerate(dims):
            if dim not in known_dimensions:
                raise ImportProblem(unknown_dimension(dim), f"{at}.scores[{j}].dimension")
        health.append(HealthCheck(
            None, _parse_date(h["date"], f"{at}.date"),
            tuple(HealthScore(s["dimension"], s["ours"], s.get("theirs"))
                  for s in h.get("scores", [])),
            h.get("comment", ""), id=i + 1))
    return settle_partner_dates(PartnerRecord(
        partner, checklist, tuple(people.values()), tuple(ties), differences,
        tuple(meetings.values()), tuple(actions), value, tuple(health)))


def document_records(document: Any) -> list[PartnerRecord]:
    """Validate a whole document and turn it into records; the first problem is raised."""
    # The first error is the first in the file: a schema error in a later partner must not
    # hide a bad date or key in an earlier one, so partners before it are read first.
    try:
        validate_document(document)
        schema_problem, valid = None, len(document["partners"])
    except ImportProblem as problem:
        index = _partner_index(problem.where)
        if index is None:
            raise
        schema_problem, valid = problem, index
    records, names = [], {}
    for i, data in enumerate(document["partners"][:valid]):
        record = json_to_record(data, f"$.partners[{i}]")
        key = name_key(record.partner.name)
        if key in names:
            raise ImportProblem(f"the partner '{shown(record.partner.name)}' appears twice "
                                f"(also at $.partners[{names[key]}])", f"$.partners[{i}].name")
        names[key] = i
        records.append(record)
    if schema_problem is not None:
        raise schema_problem
    return records


def _partner_index(where: str) -> int | None:
    """The index of the partner a JSON path points into, or None when it points above them."""
    prefix = "$.partners["
    if not where.startswith(prefix):
        return None
    return int(where[len(prefix):where.index("]")])


@dataclasses.dataclass(frozen=True)
class ImportResult:
    added: int
    replaced: int


def import_records(uow: UnitOfWork, records: list[PartnerRecord], *,
                   replace: bool = False) -> ImportResult:
    """All partners or none: a name already in the portfolio is an error unless `replace`."""
    with uow:
        result = insert_partners(uow, records, replace=replace)
        uow.commit()
    return result


def insert_partners(uow: UnitOfWork, records: list[PartnerRecord], *, replace: bool,
            offset: int = 0) -> ImportResult:
    replaced = 0
    for i, record in enumerate(records, offset):
        existing = uow.partners.by_name(record.partner.name)
        if existing is None:
            continue
        if not replace:
            raise DuplicateName(
                f"$.partners[{i}].name: a partner named '{existing.name}' is already in "
                "the portfolio (use --replace to overwrite it)")
        uow.partners.remove(existing.id)
        replaced += 1
    uow.insert_records(records)
    return ImportResult(len(records) - replaced, replaced)


def import_json(uow: UnitOfWork, path: Path, *, replace: bool = False,
                before_commit: Callable[[], Any] | None = None) -> ImportResult:
    """Import an export: a small file as one document, a large one as a stream (both all or
    nothing). `before_commit` runs once every partner has been read and checked."""
    if streamed(path):
        from planner.services.import_stream import import_streamed

        return import_streamed(uow, Path(path), replace=replace, before_commit=before_commit)
    records = document_records(read_document(path))
    if before_commit is not None:
        before_commit()
    return import_records(uow, records, replace=replace)


def streamed(path: Path | str) -> bool:
    """Whether `path` is read as a stream (a regular file larger than MAX_IMPORT_BYTES)."""
    path = Path(path)
    try:
        return path.is_file() and path.stat().st_size > MAX_IMPORT_BYTES
    except OSError:
        return False


# the sample -------------------------------------------------------------------------------

def sample_records(today: dt.date) -> list[PartnerRecord]:
    document = json.loads(resource("sample", "portfolio.json").read_text("utf-8"))
    return document_records(shift_dates(document, week_shift(SAMPLE_ANCHOR, today)))
