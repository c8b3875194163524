"""What a partner name may hold (README: names in any script are kept as typed; names that
hide or reorder text are refused), and the one form names are compared in: each rule of
`name_problem` with its sentence, and zero-width joiners at every position."""

import pytest

from planner.domain.names import name_key, name_problem


def test_names_are_compared_composed_folded_and_with_single_spaces():
    assert name_key("  Cafe\u0301   Co  ") == "caf\u00e9 co"
    assert name_key("STRASSE") == name_key("stra\u00dfe")
    assert name_key("A\tB\nC") == "a b c"


@pytest.mark.parametrize("name", [
    "Acme", "Zo\u00eb & Co.", "\u05d0\u05d1\u05d2",
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    "e\u0301\u200dx",  # a joiner after a combining mark
    "\U0001f468\u200d\U0001f469", "a\u200cb",
])
def test_names_in_any_script_pass(name):
    assert name_problem(name) is None


@pytest.mark.parametrize("name,problem", [
    ("Ac\u202eme", "holds a bidirectional control character (U+202E) that reorders what is "
                   "shown"),
    ("\u2066Acme", "holds a bidirectional control character (U+2066) that reorders what is "
                   "shown"),
    ("Ac\u200bme", "holds a zero-width space (U+200B), which cannot be seen"),
    ("Acme\u00ad", "holds a soft hyphen (U+00AD), which cannot be seen"),
    ("Ac\x07me", "holds a control character (U+0007)"),
    ("Ac\ud800me", "holds a control character (U+D800)"),
    ("Ac\ue000me", "holds a character that cannot be shown (U+E000)"),
    ("Ac\u0378me", "holds a character that cannot be shown (U+0378)"),
    ("Ac\u2061me", "holds a character that cannot be shown (U+2061)"),
    ("   ", "has no visible character"),
    ("\t", "has no visible character"),
    ("\u0301", "has no visible character"),
])
def test_each_rule_refuses_with_its_sentence(name, problem):
    assert name_problem(name) == problem


@pytest.mark.parametrize("name", [
    "\u200da",    # at the start
    "a\u200d",    # at the end
    " \u200db",   # after a space
    "a\u200d b",  # before a space
    "a\u200d\u0301",  # before a mark
])
def test_a_joiner_must_stand_between_two_letters(name):
    code = "200D"
    assert name_problem(name) == f"holds a zero-width joiner (U+{code}) that is not between " \
                                 "letters"


def test_a_joiner_between_letters_does_not_end_the_scan():
    assert name_problem("a\u200db\u202e") == ("holds a bidirectional control character "
                                              "(U+202E) that reorders what is shown")
    assert name_problem("a\u200db ") is None
    assert name_problem("ab\u200dc") is None
