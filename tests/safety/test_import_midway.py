"""An import that the database refuses halfway leaves the portfolio byte for byte as it was.

The atomicity tests in test_hostile_import.py refuse a document before anything is written.
Here the document is valid and the failure comes from SQLite itself, after some partners (and,
with --replace, the deletions of the partners being replaced) were already written inside the
transaction: a trigger in the portfolio raises on the Nth partner, or on the last row of the
last partner. Committing partner by partner, or committing the deletions first, shows up as a
changed file.

File-only: the failure is planted as an SQLite trigger in the file; on a server the
same all-or-nothing is tests/storage/test_unit_of_work.py (a trigger planted midway) and
tests/team/test_team_import.py.
"""

import copy
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from planner.cli import main
from planner.services import backups, portfolio_io
from planner.services.portfolio import open_portfolio


def exported(path):
    with open_portfolio(path, read_only=True) as portfolio:
        return portfolio_io.export_document(portfolio.uow())


def fingerprint(path):
    """The file's bytes and every companion beside it (a -wal left behind is a change)."""
    beside = sorted(p.name for p in Path(path).parent.iterdir()
                    if p.name.startswith(Path(path).name) and p.name != f"{path.name}.lock")
    return hashlib.sha256(Path(path).read_bytes()).hexdigest(), beside


def add_trigger(path, table, when):
    """A failure planted in the storage itself: SQLite aborts the statement that inserts it."""
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"CREATE TRIGGER fail_midway BEFORE INSERT ON {table} WHEN {when} "
                           "BEGIN SELECT RAISE(ABORT, 'the disk refused the write'); END")
        connection.commit()
    finally:
        connection.close()


def renamed(document, prefix):
    document = copy.deepcopy(document)
    for n, partner in enumerate(document["partners"], start=1):
        partner["name"] = f"{prefix} {n}"
    return document


def fails_on(document, index, where):
    """(table, condition) that fails on the partner at `index` of the document."""
    name = document["partners"][index]["name"].replace("'", "''")
    return {
        "its partner row": ("partners", f"NEW.name = '{name}'"),
        "its last checklist row": (
            "checklist_items",
            f"(SELECT name FROM partners WHERE id = NEW.partner_id) = '{name}' AND NEW.text = "
            + "'" + document["partners"][index]["checklist"][-1]["text"].replace("'", "''")
            + "'"),
    }[where]


def run_import(path, document, tmp_path, *extra):
    source = tmp_path / "import.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    return main(["import", str(path), str(source), *extra])


@pytest.mark.parametrize("where", ["its partner row", "its last checklist row"])
def test_a_failure_on_a_later_new_partner_leaves_the_file_as_it_was(sample_path, tmp_path,
                                                                    capsys, where):
    document = renamed(exported(sample_path), "New partner")
    assert len(document["partners"]) == 8
    table, when = fails_on(document, 5 if where == "its partner row" else 7, where)
    add_trigger(sample_path, table, when)
    before = fingerprint(sample_path)
    names_before = [p["name"] for p in exported(sample_path)["partners"]]

    assert run_import(sample_path, document, tmp_path) == 1
    err = capsys.readouterr().err
    assert err.startswith("planner: error: ") and err.count("\n") == 1, err
    assert "the disk refused the write" in err and "Traceback" not in err
    assert fingerprint(sample_path) == before
    assert [p["name"] for p in exported(sample_path)["partners"]] == names_before


@pytest.mark.parametrize("where", ["its partner row", "its last checklist row"])
def test_a_failure_during_replace_keeps_the_partners_it_was_replacing(sample_path, tmp_path,
                                                                      capsys, where):
    original = exported(sample_path)
    # Every partner of the portfolio comes again (to be replaced), then two new ones.
    document = copy.deepcopy(original)
    document["partners"] += renamed(original, "Extra")["partners"][:2]
    for partner in document["partners"][:8]:
        partner["notes"] = "replaced"
    table, when = fails_on(document, 6 if where == "its partner row" else 9, where)
    add_trigger(sample_path, table, when)
    before = fingerprint(sample_path)

    assert run_import(sample_path, document, tmp_path, "--replace") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the disk refused the write" in err, err
    assert fingerprint(sample_path) == before
    assert exported(sample_path) == original
    # The backup taken before the replacing import is there, and the file never needed it.
    assert "import" in [b.reason for b in backups.list_backups(sample_path)]


def test_without_the_planted_failure_the_same_imports_go_through(sample_path, tmp_path):
    """The control: the documents above are good, so only the planted failure stops them."""
    original = exported(sample_path)
    document = copy.deepcopy(original)
    document["partners"] += renamed(original, "Extra")["partners"][:2]
    assert run_import(sample_path, renamed(original, "New partner"), tmp_path) == 0
    assert run_import(sample_path, document, tmp_path, "--replace") == 0
    assert len(exported(sample_path)["partners"]) == 8 + 8 + 2
