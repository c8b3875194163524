"""A recorded change in the domain's words: the record, the fields, the values."""

import datetime as dt

from planner.domain.history import Change, entry_of, field_name, record_words, value_words

AT = dt.datetime(2026, 5, 3, 9, 30)


def change(table, kind, fields, label="", record_id=7):
    return Change(1, AT, "ann", table, record_id, 1, kind, label, fields)


def test_records_are_named_as_people_name_them():
    assert record_words("differences", "business model") == "difference 'Business model'"
    assert record_words("meetings", "2026-05-03") == "meeting on 3 May 2026"
    assert record_words("health_checks", "2026-12-01") == "health check on 1 December 2026"
    assert record_words("actions", "Send the deck") == "action 'Send the deck'"
    assert record_words("partners", "") == "partner"
    long = "x" * 80
    assert record_words("actions", long) == f"action '{'x' * 59}…'"


def test_fields_in_the_domains_words():
    assert field_name("differences", "management") == "agreed way to manage it"
    assert field_name("partners", "unique_result") == "result neither side could reach alone"
    assert field_name("actions", "done_on") == "done on"
    assert field_name("meetings", "attendee_ids") == "attendee"
    assert field_name("health_checks", "score:trust").endswith(" score")
    assert field_name("ties", "something_new") == "something new"


def test_values_as_a_person_reads_them():
    assert value_words("done", 1) == "yes" and value_words("done", False) == "no"
    assert value_words("due", "2026-05-03") == "3 May 2026"
    assert value_words("tags", ["cloud", "emea"]) == "cloud, emea"
    assert value_words("worth", 12500) == "12,500"
    assert value_words("status", "managed") == "Managed"
    assert value_words("notes", None) == value_words("notes", "") == ""
    assert value_words("ours_id", 3, lambda table, rid: f"{table} {rid}") == "stakeholders 3"
    assert value_words("ours_id", 3, lambda table, rid: "") == "#3"
    assert value_words("score:trust", "3/4") == "ours 3, theirs 4"
    assert value_words("score:trust", "3") == "ours 3"


def test_an_update_lists_what_moved_in_the_entitys_order():
    entry = entry_of(change("differences", "update", {
        "status": ["open", "managed"], "area": ["culture", "policy"],
        "owner": ["Dana", "Dana"]}, label="policy"))
    assert entry.summary == "Changed difference 'Policy'"
    assert [(f.field, f.old, f.new) for f in entry.fields] == [
        ("area", "Culture", "Policy"), ("status", "Open", "Managed")]  # unchanged owner left out


def test_a_creation_lists_what_it_set_and_leaves_out_empty_fields():
    entry = entry_of(change("actions", "create", {
        "text": [None, "Send the deck"], "owner": [None, ""], "done": [None, 0],
        "due": [None, "2026-06-01"]}, label="Send the deck"))
    assert entry.summary == "Added action 'Send the deck'"
    assert [(f.field, f.new) for f in entry.fields] == [("text", "Send the deck"),
                                                        ("due", "1 June 2026")]


def test_a_removal_keeps_what_the_record_held():
    entry = entry_of(change("stakeholders", "delete", {
        "name": ["Ann Lee", None], "ambassador": [1, None]}, label="Ann Lee"))
    assert entry.summary == "Removed stakeholder 'Ann Lee'"
    assert [(f.field, f.old) for f in entry.fields] == [("name", "Ann Lee"),
                                                        ("ambassador", "yes")]
