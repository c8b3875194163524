"""Tags in one cell: the README's quoting rule ("a tag in double quotes keeps its commas")
read character by character, and written so that every tag reads back exactly."""

import pytest

from planner.domain.spreadsheet_values import read_tags, write_tags


def test_a_quoted_tag_keeps_its_separators_and_the_next_tag_follows():
    assert read_tags('"R&D, EMEA", cloud') == ("R&D, EMEA", "cloud")
    assert read_tags('cloud; "a|b\nc"| retail') == ("cloud", "a|b\nc", "retail")


def test_a_doubled_quote_inside_quotes_is_one_quote():
    assert read_tags('"say ""hi"", now", x') == ('say "hi", now', "x")
    assert read_tags('"""quoted"""') == ('"quoted"',)
    assert read_tags('"a"""') == ('a"',)


def test_a_quote_after_text_is_part_of_the_tag_not_a_quoted_start():
    assert read_tags('5" screens, cloud') == ('5" screens', "cloud")
    assert read_tags('ab"c, d"') == ('ab"c', 'd"')


def test_spaces_before_the_opening_quote_still_open_it():
    assert read_tags('  "a, b", c') == ("a, b", "c")


def test_text_after_the_closing_quote_joins_the_tag():
    assert read_tags('"a, b" c, d') == ("a, b c", "d")


def test_every_separator_splits_and_nothing_else_does():
    assert read_tags("XL, Xbox;Max|Ux\nXY") == ("XL", "Xbox", "Max", "Ux", "XY")
    assert read_tags("co-sell EMEA") == ("co-sell EMEA",)


def test_the_last_tag_counts_and_repeats_and_blanks_go():
    assert read_tags("alpha, beta") == ("alpha", "beta")
    assert read_tags("alpha, , beta, alpha,") == ("alpha", "beta")
    assert read_tags("") == ()
    assert read_tags(None) == ()


@pytest.mark.parametrize("tags,cell", [
    (("cloud", "ai"), "cloud, ai"),
    (("R&D, EMEA",), '"R&D, EMEA"'),
    (('5" screens',), '"5"" screens"'),
    (("a;b", "c|d", "e\nf"), '"a;b", "c|d", "e\nf"'),
    ((), ""),
])
def test_write_quotes_exactly_the_tags_that_need_it(tags, cell):
    assert write_tags(tags) == cell
    assert read_tags(cell) == tags
