"""Importing a large export as a stream: one partner at a time, in bounded memory.

A file up to MAX_IMPORT_BYTES is read whole and checked as one document (portfolio_io); a
larger one, such as the export of thousands of partners, is read here a chunk at a time and
decoded partner by partner (Python's C decoder, with the same duplicate-key and constant
hooks). The limits hold per partner instead of per file: no partner may span more than
MAX_PARTNER_BYTES of the file or hold more than MAX_CONTAINERS objects and lists, nesting stays
within MAX_DEPTH, and the reader stops as soon as a limit is passed, so a hostile file of any
size is refused having read at most one partner's worth of it. Each partner is checked against
the same schema and rules as in a whole document, with the same messages and JSON paths.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from planner.domain.errors import ImportProblem
from planner.domain.model import PartnerRecord
from planner.services.import_limits import (
    MAX_CONTAINERS,
    NOT_TEXT,
    check_shape,
    json_path,
    no_constant,
    not_text,
    unique_keys,
)
from planner.services.read_ahead import read_ahead
from planner.storage import UnitOfWork

if TYPE_CHECKING:
    from planner.services import portfolio_io

MAX_PARTNER_BYTES = 4 * 1024 * 1024  # the largest generated partner (500 meetings) is 0.4 MB
MAX_STREAMED_PARTNERS = 100_000
READ_CHUNK = 1024 * 1024
_DECODER = json.JSONDecoder(object_pairs_hook=unique_keys, parse_constant=no_constant)
_SPACE = re.compile(r"[ \t\n\r]*")
# The only way a NUL or a lone surrogate gets into decoded text: JSON refuses them raw (a
# control character; UTF-8 cannot encode a surrogate), so text without such an escape (or
# anything that looks like one) holds neither.
_ESCAPED_NOT_TEXT = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


class _Text:
    """The file's text, read a chunk at a time; JSON values are decoded from it one by one
    by Python's own (C) decoder, with the same hooks as a whole document."""

    def __init__(self, f: BinaryIO, size: int):
        self._f, self.size = f, size
        self._utf8 = codecs.getincrementaldecoder("utf-8-sig")()
        self.buffer, self.at, self.eof, self.read_bytes = "", 0, False, 0
        self.plain = True  # the last value's text holds no escaped NUL or surrogate

    def _more(self) -> bool:
        if self.eof:
            return False
        data = self._f.read(READ_CHUNK)
        try:
            text = self._utf8.decode(data, final=not data)
        except UnicodeDecodeError as error:
            byte = self.read_bytes + error.start
            raise ImportProblem(f"the file is not UTF-8 text (byte {byte})", "$") from None
        self.read_bytes += len(data)
        self.eof = not data
        self.buffer, self.at = self.buffer[self.at:] + text, 0
        return True

    def peek(self) -> str:
        while True:
            self.at = _SPACE.match(self.buffer, self.at).end()
            if self.at < len(self.buffer) or not self._more():
                return self.buffer[self.at:self.at + 1]

    def expect(self, chars: str, where: tuple) -> str:
        found = self.peek()
        if not found or found not in chars:
            what = repr(found) if found else "the end of the file"
            raise ImportProblem(f"not valid JSON: expected {' or '.join(map(repr, chars))}, "
                                f"found {what}", json_path(where))
        self.at += 1
        return found

    def value(self, where: tuple) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.at)
            except json.JSONDecodeError as error:
                if len(self.buffer) - self.at > MAX_PARTNER_BYTES:
                    raise self._too_big(where) from None
                if self._more():
                    continue
                raise ImportProblem(f"not valid JSON: {error.msg}", json_path(where)) from None
            except RecursionError:
                raise ImportProblem("the JSON is nested too deeply", json_path(where)) from None
            except ValueError as error:  # e.g. an integer of more than 4300 digits
                raise ImportProblem(f"not valid JSON: {str(error)[:120]}",
                                    json_path(where)) from None
            if end == len(self.buffer) and not isinstance(value, (dict, list, str)) \
                    and self._more():
                continue  # a number or word cut by the chunk's end: read on
            if end - self.at > MAX_PARTNER_BYTES:
                raise self._too_big(where)
            span = self.buffer[self.at:end]
            if span.count("{") + span.count("[") > MAX_CONTAINERS:
                raise ImportProblem(f"one partner holds more than {MAX_CONTAINERS:,} objects "
                                    "and lists, far more than any portfolio", json_path(where))
            self.plain = _ESCAPED_NOT_TEXT.search(span) is None
            self.at = end
            return value

    def _too_big(self, where: tuple) -> ImportProblem:
        return ImportProblem(f"the file is {self.size / 2**20:,.0f} MB and one partner in it "
                             f"spans more than the {MAX_PARTNER_BYTES // 2**20} MB a partner "
                             "can", json_path(where))


def check_partner_shape(index: int, partner: Any, plain: bool = False) -> None:
    """Bounded nesting and no NUL or broken character in one partner (see check_shape)."""
    where = ("partners", index)
    if isinstance(partner, (dict, list)):
        check_shape(partner, where)
    elif isinstance(partner, str) and NOT_TEXT.search(partner):
        raise ImportProblem(f"the text {not_text(partner)}", json_path(where))


def stream_partners(path: Path, check_head: Callable[[dict, bool], None],
                    check_partner: Callable[[int, Any, bool], None] = check_partner_shape
                    ) -> Iterator[tuple[int, dict]]:
    """(index, partner) for each partner of the export at `path`, each checked by
    `check_partner(index, partner, plain)` (`plain`: its text holds no escape that could be a
    NUL or a broken character) before it is handed on; the fields before "partners" go to
    `check_head(fields, partners_follow)` first."""
    with open(path, "rb") as f:
        text = _Text(f, Path(path).stat().st_size)
        if text.peek() != "{":
            raise ImportProblem("this is not a Partner Planner export (\"format\" must be "
                                "\"partner-planner\")", "$")
        text.expect("{", ())
        head: dict[str, Any] = {}
        seen_partners = False
        while text.peek() != "}":
            if head or seen_partners:
                text.expect(",", ())
            if text.peek() != '"':
                text.expect('"', ())
            key = text.value(())
            if key in head or (key == "partners" and seen_partners):
                raise ImportProblem(f"the field {key[:50]!r} appears twice in one object", "$")
            if NOT_TEXT.search(key):
                raise ImportProblem(f"a field name {not_text(key)}", "$")
            text.expect(":", (key,))
            if key != "partners" or text.peek() != "[":
                head[key] = text.value((key,))
                if isinstance(head[key], (dict, list)):
                    check_shape(head[key], (key,))
                continue
            seen_partners = True
            check_head(head, True)
            yield from _partners(text, check_partner)
        text.expect("}", ())
        if text.peek():
            raise ImportProblem("not valid JSON: more follows the end of the document", "$")
        if not seen_partners:
            check_head(head, False)


def _partners(text: _Text, check_partner) -> Iterator[tuple[int, dict]]:
    text.expect("[", ("partners",))
    index = 0
    while text.peek() != "]":
        if index:
            text.expect(",", ("partners", index))
        if index >= MAX_STREAMED_PARTNERS:
            raise ImportProblem(f"more than {MAX_STREAMED_PARTNERS:,} partners is more than one "
                                "import takes", "$.partners")
        where = ("partners", index)
        partner = text.value(where)
        check_partner(index, partner, text.plain)
        yield index, partner
        index += 1
    text.expect("]", ("partners",))


BATCH_ROWS = 40_000  # about 130 partners of the generated portfolio, tens of MB as records


def records_in_batches(path: Path, check_head, check_partner, to_record,
                       batch: int = 100, rows: int = BATCH_ROWS
                       ) -> Iterator[list[PartnerRecord]]:
    """The partners of a streamed export as records, `batch` at a time or fewer when they
    hold more than `rows` rows between them (memory stays bounded however large each
    partner is); every partner is checked (`check_partner(index, data, plain)`, see
    stream_partners) before it becomes a record, and a name may appear only once."""
    names: dict[str, int] = {}
    chunk: list[PartnerRecord] = []
    held = 0
    for index, data in stream_partners(path, check_head, check_partner):
        record = to_record(data, f"$.partners[{index}]")
        key = record.partner.name.casefold()
        if key in names:
            raise ImportProblem(f"the partner {record.partner.name!r} appears twice "
                                f"(also at $.partners[{names[key]}])", f"$.partners[{index}].name")
        names[key] = index
        chunk.append(record)
        held += sum(len(part) for part in data.values() if isinstance(part, list))
        if len(chunk) == batch or held >= rows:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def import_streamed(uow: UnitOfWork, path: Path, *, replace: bool,
                     before_commit: Callable[[], Any] | None) -> portfolio_io.ImportResult:
    """All partners of a large export or none, read as a stream (see the module's doc)."""
    from planner.services.portfolio_io import (
        ImportResult,
        insert_partners,
        json_to_record,
        passes_schema,
        validate_document,
    )

    head: dict[str, Any] = {}

    def check_head(fields: dict, partners_follow: bool) -> None:
        head.clear()
        head.update(fields)
        validate_document({**fields, "partners": []} if partners_follow else fields)

    def check_partner(index: int, data: Any, plain: bool) -> None:
        document = {**head, "partners": [data]}
        # A partner the schema takes has known keys and bounded nesting, so with no escaped
        # NUL or surrogate in its text the shape check has nothing to find: one walk over
        # it, not two. Otherwise the shape comes first, as it always did, then the schema.
        if plain and passes_schema(document):
            return
        check_partner_shape(index, data)
        try:
            validate_document(document)
        except ImportProblem as problem:
            prefix = "$.partners[0]"
            if not problem.where.startswith(prefix):
                raise
            message = str(problem)[len(problem.where) + 2:]
            raise ImportProblem(message, f"$.partners[{index}]"
                                + problem.where[len(prefix):]) from None

    added = replaced = 0
    with uow, read_ahead(lambda: records_in_batches(
            path, check_head, check_partner, json_to_record)) as batches:
        for batch in batches:
            result = insert_partners(uow, batch, replace=replace, offset=added + replaced)
            added, replaced = added + result.added, replaced + result.replaced
        if before_commit is not None:
            before_commit()
        uow.commit()
    return ImportResult(added, replaced)
