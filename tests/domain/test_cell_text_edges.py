"""A spreadsheet cell as text, at the edges: the yes/no of a tick box, a date-time cell at
midnight and at any other time, a stray NUL, a quoted formula after a separator, and an
ambiguous date whose echo stays bounded."""

import datetime as dt

import pytest

from planner.domain.spreadsheet_values import (
    AmbiguousDate,
    cell_text,
    neutralise_text,
    read_date,
)


def test_a_tick_box_cell_reads_yes_or_no():
    assert cell_text(True) == "yes"
    assert cell_text(False) == "no"


def test_a_date_time_cell_is_a_date_at_midnight_and_keeps_any_other_time():
    assert cell_text(dt.datetime(2026, 6, 18)) == "2026-06-18"
    assert cell_text(dt.datetime(2026, 6, 18, 9, 30)) == "2026-06-18T09:30:00"
    assert cell_text(dt.datetime(2026, 6, 18, 0, 0, 1)) == "2026-06-18T00:00:01"


def test_a_nul_inside_a_cell_is_dropped_and_nothing_else_is():
    assert cell_text("Ac\x00me\x00 ") == "Acme"
    assert cell_text("\x00") == ""


def test_a_quoted_formula_after_a_separator_reads_back_with_its_separator():
    # The export quotes each formula start after a comma, semicolon, tab or bar; reading
    # drops exactly that quote and keeps the separator before it.
    for text in ("Acme;=1+1", "a,-2", "x|@SUM(A1)", "b\t+3", "=1;=2"):
        assert cell_text(neutralise_text(text)) == text
    assert cell_text("Acme;'=1+1") == "Acme;=1+1"
    assert cell_text("a,''-2") == "a,'-2"


def test_an_ambiguous_date_echoes_at_most_forty_characters():
    exactly = "Thursday, 03/04/2026 09:30:00"  # 29 characters: shown whole
    with pytest.raises(AmbiguousDate) as refused:
        read_date(exactly)
    assert str(refused.value) == (
        f"'{exactly}' could be 3 April or 4 March; choose the order of day and month, or "
        "write it as YYYY-MM-DD")
    forty = "Thursdayyyyyyyyyyyy, 03/04/2026 09:30:00"  # 40 characters: still whole
    with pytest.raises(AmbiguousDate) as refused:
        read_date(forty)
    assert str(refused.value).startswith(f"'{forty}' could be 3 April or 4 March;")
    longer = "Thursdayyyyyyyyyyyyy, 03/04/2026 09:30:00"  # 41: cut to 39 and an ellipsis
    with pytest.raises(AmbiguousDate) as refused:
        read_date(longer)
    assert str(refused.value).startswith(f"'{longer[:39]}\u2026' could be 3 April or 4 March;")
