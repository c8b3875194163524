"""Which spreadsheet column holds which partner field: header synonyms and the user's mapping.

Alliance managers name their columns every way there is ("Partner", "Company", "Account
manager", "Next QBR"). A header is matched after folding case, punctuation and spaces, so
"Next review (date)" and "next_review" both find the next review. A mapping is one field (or
None: not imported) per column, by position, so blank or repeated headers still work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.domain.quoting import shown

# The partner fields a spreadsheet can fill, in the order they are offered.
FIELDS: tuple[str, ...] = (
    "name", "organisation", "stage", "kind", "owner", "next_review", "review_place",
    "definition", "unique_result", "tags", "notes",
)

FIELD_LABELS = {
    "name": "Partner name",
    "organisation": "Organisation",
    "stage": "Stage",
    "kind": "Kind (horizontal or vertical)",
    "owner": "Owner",
    "next_review": "Next review",
    "review_place": "Review place",
    "definition": "Shared definition",
    "unique_result": "Result neither side could reach alone",
    "tags": "Tags",
    "notes": "Notes",
}

# Fields that may take several columns: their cells are joined (tags) or stacked (notes).
MULTI_COLUMN_FIELDS = frozenset({"tags", "notes"})

# Written as header_key() returns them. Within a field, earlier synonyms win when a sheet has
# several matching columns ("Partner" over "Company").
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("partner", "partner name", "name", "company", "company name", "alliance",
             "alliance name", "account", "account name"),
    "organisation": ("organisation", "organization", "org", "legal name", "legal entity",
                     "organisation name", "organization name"),
    "stage": ("stage", "status", "phase", "lifecycle stage", "alliance stage",
              "partnership stage"),
    "kind": ("kind", "type", "alliance type", "partnership type", "partner type"),
    "owner": ("owner", "manager", "alliance manager", "partner manager", "account manager",
              "relationship owner", "responsible"),
    "next_review": ("next review", "next meeting", "next review date", "next meeting date",
                    "review date", "next qbr", "next partner review"),
    "review_place": ("review place", "meeting place", "place", "location", "venue"),
    "definition": ("definition", "shared definition", "purpose", "what the alliance is"),
    "unique_result": ("unique result", "result neither side could reach alone",
                      "shared result", "goal", "joint goal"),
    "tags": ("tags", "tag", "labels", "label", "categories", "category"),
    "notes": ("notes", "note", "description", "comments", "comment", "remarks"),
}

# What a user may write on the right of --map "Header=field" to leave a column out.
IGNORE_WORDS = frozenset({"ignore", "skip", "none", "-", ""})


def header_key(text: object) -> str:
    """A header folded for matching: lower case, letters and digits, single spaces."""
    if text is None:
        return ""
    folded = str(text).replace("\ufeff", "").casefold().replace("_", " ").replace("-", " ")
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


_FIELD_BY_KEY = {key: field for field, keys in SYNONYMS.items() for key in keys}


def field_for_header(header: object) -> str | None:
    return _FIELD_BY_KEY.get(header_key(header))


def field_named(text: str) -> str | None:
    """The field a user names in a mapping ("next review", "Organization", "name"), or None."""
    key = header_key(text)
    for field in FIELDS:
        if key == header_key(field) or key == header_key(FIELD_LABELS[field]):
            return field
    return _FIELD_BY_KEY.get(key)


def guess_mapping(headers: tuple[str, ...]) -> tuple[str | None, ...]:
    """One field per column from the synonyms; a field goes to its best-named column only."""
    mapping: list[str | None] = [None] * len(headers)
    taken: set[str] = set()
    candidates = []
    for column, header in enumerate(headers):
        field = field_for_header(header)
        if field is not None:
            rank = SYNONYMS[field].index(header_key(header))
            candidates.append((rank, column, field))
    for _rank, column, field in sorted(candidates):
        if field in taken and field not in MULTI_COLUMN_FIELDS:
            continue
        mapping[column] = field
        taken.add(field)
    return tuple(mapping)


@dataclass(frozen=True)
class MappingProblem:
    """A problem with the columns as a whole (not with one row): nothing can be imported."""

    text: str


def apply_overrides(headers: tuple[str, ...], mapping: tuple[str | None, ...],
                    overrides: dict[str, str]) -> tuple[tuple[str | None, ...],
                                                        list[MappingProblem]]:
    """The mapping with the user's "Header=field" choices applied, and what was wrong with them.

    The user's choice wins over a guess for the same field; two of the user's own choices
    giving one field (other than tags and notes) to two columns contradict each other and are
    refused, never settled by dropping one."""
    result = list(mapping)
    problems: list[MappingProblem] = []
    columns_by_key: dict[str, list[int]] = {}
    for column, header in enumerate(headers):
        columns_by_key.setdefault(header_key(header), []).append(column)
    chosen: dict[str, str] = {}  # field -> the header the user gave it
    for header, target in overrides.items():
        columns = columns_by_key.get(header_key(header))
        if not columns:
            shown_headers = [f"'{shown(h, limit=30)}'" for h in headers if str(h).strip()]
            listed = ", ".join(shown_headers[:12]) or "none"
            if len(shown_headers) > 12:
                listed += f" and {len(shown_headers) - 12:,} more"
            problems.append(MappingProblem(
                f"--map names the column '{shown(header, limit=40)}', which is not in the file "
                f"(its columns are {listed})."))
            continue
        if target.strip().casefold() in IGNORE_WORDS:
            field = None
        else:
            field = field_named(target)
            if field is None:
                problems.append(MappingProblem(
                    f"--map '{shown(header, limit=40)}={shown(target, limit=40)}': "
                    f"'{shown(target, limit=40)}' is not a partner field; use one of "
                    f"{', '.join(FIELDS)} (or 'ignore')."))
                continue
        if field is not None and field not in MULTI_COLUMN_FIELDS:
            if field in chosen and header_key(chosen[field]) != header_key(header):
                problems.append(MappingProblem(
                    f"--map gives {field} to both '{shown(chosen[field], limit=40)}' and "
                    f"'{shown(header, limit=40)}'; keep one (map the other to 'ignore')."))
                continue
            chosen[field] = header
            result = [None if f == field else f for f in result]
        for column in columns:
            result[column] = field
    return tuple(result), problems


def mapping_problems(headers: tuple[str, ...],
                     mapping: tuple[str | None, ...]) -> list[MappingProblem]:
    """What stops a mapping from importing anything: no name column, a field taken twice."""
    problems = []
    if "name" not in mapping:
        problems.append(MappingProblem(
            "No column holds the partner name; name one with --map \"Header=name\" (headers "
            "such as Partner, Company or Name are found on their own)."))
    for field in FIELDS:
        if field in MULTI_COLUMN_FIELDS:
            continue
        columns = [headers[i] for i, f in enumerate(mapping) if f == field]
        if len(columns) > 1:
            named = " and ".join(f"'{shown(c, limit=40)}'" for c in columns[:3])
            problems.append(MappingProblem(
                f"Columns {named} both map to {field}; keep one (map the other to 'ignore')."))
    return problems


def is_header_row(cells: tuple[object, ...], overrides: dict[str, str] | None = None) -> bool:
    """Whether a row looks like the header: a cell names a known field or a mapped column."""
    mapped = {header_key(h) for h in (overrides or {})}
    return any(field_for_header(c) is not None or (header_key(c) and header_key(c) in mapped)
               for c in cells)
