"""Hostile and broken import files: each is (name, bytes, a fragment of the expected message).

Shared by the importer tests; kept as data so the count of hostile inputs is easy to report.
"""

from __future__ import annotations

import json

HEAD = {"format": "partner-planner", "version": 1}


def doc(*partners, **top) -> bytes:
    return json.dumps({**HEAD, **top, "partners": list(partners)}).encode("utf-8")


def partner(**fields) -> dict:
    return {"name": "Acme", "stage": "courtship", **fields}


VALID = doc(partner(stakeholders=[{"key": "s1", "name": "Ann", "side": "ours"},
                                  {"key": "s2", "name": "Bo", "side": "theirs"}],
                    meetings=[{"key": "m1", "date": "2026-03-02", "attendees": ["s1"]}]))

MB = 1024 * 1024

CASES: list[tuple[str, bytes, str]] = [
    # empty, malformed, truncated
    ("empty", b"", "the file is empty"),
    ("only whitespace", b" \n\t\r\n ", "the file is empty"),
    ("malformed", b'{"format": "partner-planner", "version": 1, "partners": [}', "not valid JSON"),
    ("truncated", VALID[: len(VALID) // 2], "not valid JSON"),
    ("truncated to one byte", b"{", "not valid JSON"),
    ("trailing garbage", VALID + b" {}", "not valid JSON"),
    ("single quotes", b"{'format': 'partner-planner'}", "not valid JSON"),
    ("comments", b'// export\n{"format": "partner-planner"}', "not valid JSON"),
    # wrong format or version
    ("a bare list", b"[]", "not a Partner Planner export"),
    ("a bare string", b'"partner-planner"', "not a Partner Planner export"),
    ("null", b"null", "not a Partner Planner export"),
    ("another format", json.dumps({"format": "crm", "version": 1, "partners": []}).encode(),
     "not a Partner Planner export"),
    ("no format", json.dumps({"version": 1, "partners": []}).encode(),
     "not a Partner Planner export"),
    ("newer version", json.dumps({**HEAD, "version": 2, "partners": []}).encode(),
     "newer than this app reads"),
    ("version as text", json.dumps({**HEAD, "version": "1", "partners": []}).encode(),
     "$.version"),
    ("version zero", json.dumps({**HEAD, "version": 0, "partners": []}).encode(), "$.version"),
    ("no partners", json.dumps(HEAD).encode(), "'partners' is a required property"),
    ("a PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n", "not"),
    ("an SQLite file", b"SQLite format 3\x00" + bytes(200), "not"),
    ("a zip", b"PK\x03\x04" + bytes(100), "not"),
    # encodings
    ("invalid UTF-8", VALID.replace(b"Acme", b"Ac\xffme"), "not UTF-8 text"),
    ("overlong UTF-8", VALID.replace(b"Acme", b"Ac\xc0\xafme"), "not UTF-8 text"),
    ("UTF-16", VALID.decode().encode("utf-16"), "not UTF-8 text"),
    ("lone surrogate escape", VALID.replace(b"Acme", b"Ac\\ud800me"), "$.partners[0].name"),
    # nesting
    ("deeply nested lists", b"[" * 100_000 + b"]" * 100_000, "nested"),
    ("deeply nested objects", b'{"a":' * 5_000 + b"1" + b"}" * 5_000, "nested"),
    ("nested in an unknown field", doc(partner(notes="x"), extra=json.loads(
        '{"a":' * 40 + "1" + "}" * 40)), "nested more than"),
    ("millions of tiny objects", b"[" + b"{}," * 300_000 + b"{}]", "more than 200,000"),
    # wrong types
    ("partners as an object", json.dumps({**HEAD, "partners": {}}).encode(), "$.partners"),
    ("name as a number", doc(partner(name=5)), "$.partners[0].name"),
    ("name as null", doc(partner(name=None)), "$.partners[0].name"),
    ("stage unknown", doc(partner(stage="dating")), "$.partners[0].stage"),
    ("tags as text", doc(partner(tags="a,b")), "$.partners[0].tags"),
    ("worth as text", doc(partner(value=[{"giver": "ours", "what": "x", "worth": "12"}])),
     "$.partners[0].value[0].worth"),
    ("worth negative", doc(partner(value=[{"giver": "ours", "what": "x", "worth": -1}])),
     "$.partners[0].value[0].worth"),
    ("worth enormous", doc(partner(value=[{"giver": "ours", "what": "x", "worth": 10**30}])),
     "$.partners[0].value[0].worth"),
    ("a 5000-digit number", b'{"format": "partner-planner", "version": 1, "n": '
     + b"9" * 5000 + b"}", "not valid JSON"),
    ("NaN", b'{"format": "partner-planner", "version": NaN, "partners": []}', "NaN"),
    ("Infinity", b'{"format": "partner-planner", "version": Infinity, "partners": []}',
     "Infinity"),
    ("done as text", doc(partner(checklist=[{"stage": "courtship", "text": "x", "trait": 1,
                                             "done": "yes"}])), "$.partners[0].checklist[0]"),
    ("score out of range", doc(partner(health=[{"date": "2026-01-01", "scores": [
        {"dimension": "trust", "ours": 6}]}])), "$.partners[0].health[0].scores[0].ours"),
    ("trait 16", doc(partner(checklist=[{"stage": "exit", "text": "x", "trait": 16,
                                         "done": False}])), "$.partners[0].checklist[0].trait"),
    ("partner as a list", json.dumps({**HEAD, "partners": [["Acme"]]}).encode(),
     "$.partners[0]"),
    # unknown fields
    ("unknown top-level field", doc(partner(), owner="me"), "Additional properties"),
    ("unknown partner field", doc(partner(colour="red")), "$.partners[0]"),
    ("unknown stakeholder field", doc(partner(stakeholders=[
        {"key": "s1", "name": "Ann", "salary": 1}])), "$.partners[0].stakeholders[0]"),
    # duplicates
    ("duplicate partner names", doc(partner(), partner(name=" ACME ")), "appears twice"),
    ("duplicate field in an object", b'{"format": "partner-planner", "version": 1, '
     b'"partners": [{"name": "A", "name": "B", "stage": "exit"}]}', "appears twice"),
    ("duplicate stakeholder key", doc(partner(stakeholders=[
        {"key": "s1", "name": "Ann"}, {"key": "s1", "name": "Bo"}])), "used twice"),
    ("duplicate meeting key", doc(partner(meetings=[
        {"key": "m1", "date": "2026-01-01"}, {"key": "m1", "date": "2026-01-02"}])),
     "used twice"),
    ("tie to a missing person", doc(partner(stakeholders=[{"key": "s1", "name": "A",
                                                            "side": "ours"}],
                                            ties=[{"ours": "s1", "theirs": "s9"}])),
     "no stakeholder has the key"),
    ("action of a missing meeting", doc(partner(actions=[{"text": "x", "meeting": "m7"}])),
     "no meeting has the key"),
    # impossible dates
    ("30 February", doc(partner(next_review="2026-02-30")), "not a real date"),
    ("month 13", doc(partner(meetings=[{"key": "m1", "date": "2026-13-01"}])),
     "not a real date"),
    ("year zero", doc(partner(next_review="0000-01-01")), "not a real date"),
    ("date with time", doc(partner(next_review="2026-01-01T10:00")), "$.partners[0].next_review"),
    ("date as a number", doc(partner(next_review=20260101)), "$.partners[0].next_review"),
    ("Arabic-Indic digits date", doc(partner(next_review="\u0662\u0660\u0662\u0666-01-01")),
     "$.partners[0].next_review"),
    # control characters and blank names
    ("NUL in a name", doc(partner(name="Ac\x00me")), "NUL character"),
    ("NUL in notes", doc(partner(notes="a\x00b")), "$.partners[0].notes"),
    ("NUL in a field name", b'{"format": "partner-planner", "version": 1, "partners": [], '
     b'"x\\u0000": 1}', "NUL"),
    ("name of spaces", doc(partner(name="   ")), "$.partners[0].name"),
    ("name of control whitespace", doc(partner(name="\t\n\r\x0b\x0c")), "$.partners[0].name"),
    # 1 MB strings
    ("1 MB name", doc(partner(name="A" * MB)), "$.partners[0].name"),
    ("1 MB notes", doc(partner(notes="x" * MB)), "$.partners[0].notes"),
    ("1 MB of emoji in a stakeholder name", doc(partner(stakeholders=[
        {"key": "s1", "name": "\U0001f600" * (MB // 4)}])), "$.partners[0].stakeholders[0].name"),
    ("1 MB field name", doc(partner(), **{"k" * MB: 1}), "Additional properties"),
    ("too many partners", doc(*[{"name": f"p{i}", "stage": "exit"} for i in range(5001)]),
     "more than the 5,000"),
]
