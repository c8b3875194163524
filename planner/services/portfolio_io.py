"""The JSON interchange format (version 1): export, validated atomic import, the sample.

The format is documented in README.md and described by resources/schema/
partner-planner.schema.json. One partner's conversion, both ways, is json_records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from planner import collector
from planner.domain.errors import DuplicateName, ImportProblem, PlannerError
from planner.domain.model import PartnerRecord
from planner.domain.names import name_key
from planner.domain.quoting import shown
from planner.domain.sample_dates import shift_dates, week_shift
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
from planner.services.json_records import json_to_record, record_to_json
from planner.storage import UnitOfWork

FORMAT = "partner-planner"
VERSION = 1
SAMPLE_ANCHOR = dt.date(2026, 6, 1)  # the sample's dates are written as if this were today


@cache
def schema() -> dict:
    return json.loads(resource("schema", "partner-planner.schema.json").read_text("utf-8"))


# export -----------------------------------------------------------------------------------

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
    with collector.held(), uow:
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
                    text = indented_json(record_to_json(by_id[pid]))
                    # JSON text holds no raw line break, so every line gets the partners'
                    # own indent in one replace
                    out.write((",\n    " if n else "    ") + text.replace("\n", "\n    "))
            out.write("\n  ]\n}\n")
    return len(partners)


EXPORT_BATCH = 200


def indented_json(value: Any) -> str:
    """The same text as `json.dumps(value, ensure_ascii=False, indent=2)`, about fifty times
    faster: the standard library's C encoder does not indent, so its pure-Python indenting
    encoder took two thirds of a large export's time. orjson writes the same bytes for
    everything an export holds (text, whole numbers, true/false/null, lists and objects with
    text keys; checked by tests/services/test_export_text.py); whatever it refuses (a whole
    number beyond 64 bits, a broken character) is written by the standard library as before."""
    import orjson  # only when exporting: not a cost of every launch

    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value, ensure_ascii=False, indent=2)


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


def passes_schema(document: Any) -> bool:
    """Whether the document is valid against the schema (the quick check of
    validate_document, without the message that names a problem)."""
    return _fast_validator()(document)


@cache
def _fast_validator():
    """A quick yes/no against the same schema, by jsonschema-rs (compiled Rust).

    jsonschema walks a 600,000-row portfolio in over a minute, and fastjsonschema's generated
    Python in five seconds, a third of a large import; this takes a third of a second.
    jsonschema still has the last word (and names the first error) whenever the quick check
    says no, so the quick check may be stricter than jsonschema but never more lenient:
    its patterns are written so that they match exactly what Python's `re` matches (see
    _quick_patterns), and whatever it cannot take (a broken character) is a no.
    """
    import jsonschema_rs

    check = jsonschema_rs.validator_for(_quick_patterns(schema())).is_valid

    def valid(document: Any) -> bool:
        try:
            return check(document)
        except ValueError:  # e.g. a lone surrogate, which Rust's text cannot hold
            return False

    return valid


@cache
def _python_space() -> str:
    r"""Every character Python's `re` takes for \s (str.isspace()'s: U+001C..U+001F and U+0085
    among them, which ECMAScript's \s, the Rust engine's, does not include)."""
    return "".join(filter(str.isspace, map(chr, range(sys.maxunicode + 1))))


# Each of the schema's patterns as the quick check must read it: what jsonschema's Python
# `re` matches, or less (then the quick check says no and jsonschema decides).
_QUICK_PATTERNS = {
    r"\S": lambda: f"[^{_python_space()}]",
    # ASCII digits only (Python's \d takes any decimal digit), and $ at the very end (Python's
    # $ also before a final line break)
    r"^\d{4}-\d{2}-\d{2}$": lambda: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}


def _quick_patterns(value: Any) -> Any:
    """The schema with each "pattern" as the quick check's engine must read it to match what
    Python's `re` matches (or less); a pattern not known here is an error, not a guess."""
    if isinstance(value, list):
        return [_quick_patterns(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _quick_patterns(v) for k, v in value.items()}
    if isinstance(value.get("pattern"), str):
        out["pattern"] = _QUICK_PATTERNS[value["pattern"]]()
    return out


def _schema_message(error) -> str:
    message = error.message
    if len(message) > 160:
        message = message[:157] + "..."
    return message


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
    found = uow.partners.by_names(r.partner.name for r in records)
    for i, record in enumerate(records, offset):
        existing = found.get(name_key(record.partner.name))
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
    with collector.held():
        if streamed(path):
            from planner.services.import_stream import import_streamed

            return import_streamed(uow, Path(path), replace=replace,
                                   before_commit=before_commit)
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
