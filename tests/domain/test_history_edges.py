"""A recorded change in the domain's words, at the edges: unknown tables and columns, labels at
the length limit, values that are empty, odd or not dates, pairs stored as a bare value."""

import datetime as dt

from planner.domain.history import Change, entry_of, field_name, record_words, value_words

AT = dt.datetime(2026, 5, 3, 9, 30)


def names(table, rid):
    return f"{table} {rid}"


def change(table, kind, fields, label=""):
    return Change(1, AT, "ann", table, 7, 1, kind, label, fields)


def test_a_health_score_is_named_after_its_dimension():
    assert field_name("health_checks", "score:strategic_value") == "Strategic value score"
    assert field_name("health_checks", "score:new_thing") == "New thing score"


def test_a_table_or_column_the_domain_does_not_know_is_still_readable():
    assert field_name("future_table", "owner") == "owner"
    assert field_name("future_table", "some_column") == "some column"
    assert record_words("future_things", "Widget") == "future things 'Widget'"
    assert record_words("future_things", "2026-05-03") == "future things '2026-05-03'"
    assert record_words("future_things", "") == "future things"


def test_a_dated_record_without_a_readable_date_is_named_by_its_noun():
    assert record_words("meetings", "") == "meeting"
    assert record_words("health_checks", "soon") == "health check"


def test_a_label_is_cut_only_beyond_sixty_characters():
    assert record_words("actions", "x" * 60) == f"action '{'x' * 60}'"
    assert record_words("actions", "x" * 61) == f"action '{'x' * 59}…'"
    # the cut drops the spaces before the ellipsis, never the label's own start
    assert record_words("actions", "x" * 57 + "  " + "y" * 10) == f"action '{'x' * 57}…'"
    assert record_words("actions", " " + "x" * 70) == f"action ' {'x' * 58}…'"


def test_empty_values_read_as_nothing_whatever_the_column():
    for column in ("done", "ambassador", "due", "tags", "notes", "worth", "status"):
        assert value_words(column, "") == "", column
        assert value_words(column, []) == "", column
        assert value_words(column, None) == "", column


def test_a_flag_is_yes_only_for_the_stored_true_values():
    for stored in (True, 1, "1", "true"):
        assert value_words("done", stored) == "yes", stored
    for stored in (False, 0, "0", "false", 2, "TRUE", "yes"):
        assert value_words("done", stored) == "no", stored


def test_a_value_that_is_not_a_reference_is_not_resolved():
    assert value_words("notes", "Call Ann", names) == "Call Ann"
    assert value_words("status", "open", names) == "Open"
    assert value_words("meeting_id", 4, names) == "meetings 4"
    assert value_words("meeting_id", 4) == "4"


def test_a_date_column_reads_a_timestamp_as_its_day_and_keeps_what_is_not_a_date():
    assert value_words("done_on", "2026-05-03T09:30:00") == "3 May 2026"
    assert value_words("done_on", dt.date(2026, 5, 3)) == "3 May 2026"
    assert value_words("due", "next week") == "next week"


def test_an_entry_keeps_who_and_when_and_names_fields_for_their_table():
    entry = entry_of(change("differences", "update", {
        "management": ["", "Weekly call"]}, label="policy"))
    assert (entry.at, entry.by, entry.kind) == (AT, "ann", "update")
    assert [(f.field, f.old, f.new) for f in entry.fields] == [
        ("agreed way to manage it", "", "Weekly call")]


def test_both_sides_of_a_reference_change_are_resolved():
    entry = entry_of(change("ties", "update", {"ours_id": [3, 4]}), names)
    assert [(f.field, f.old, f.new) for f in entry.fields] == [
        ("our person", "stakeholders 3", "stakeholders 4")]


def test_a_field_stored_as_a_bare_value_is_the_new_value():
    entry = entry_of(change("actions", "create", {"text": "Send the deck"}))
    assert [(f.field, f.old, f.new) for f in entry.fields] == [("text", "", "Send the deck")]


def test_an_update_setting_a_flag_lists_it_even_when_false():
    entry = entry_of(change("actions", "update", {"done": [None, 0]}))
    assert [(f.field, f.old, f.new) for f in entry.fields] == [("done", "", "no")]
    created = entry_of(change("actions", "create", {"done": [None, 0]}))
    assert created.fields == ()


def test_columns_the_entity_does_not_declare_come_after_its_own():
    entry = entry_of(change("health_checks", "update", {
        "score:strategic_value": ["2/3", "3/3"], "comment": ["", "Better"]}))
    assert [f.field for f in entry.fields] == ["comment", "Strategic value score"]
