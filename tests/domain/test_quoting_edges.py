"""Input shown inside a message (README: one printable line, bounded): each escape by its
width, names cut at their limit, and paths cut in the middle so the file's name stays."""

import os
from pathlib import Path

import pytest

from planner.domain.quoting import (
    ELLIPSIS,
    MAX_SHOWN,
    MAX_SHOWN_PATH,
    PATH_HEAD,
    escaped,
    one_line,
    shown,
)


@pytest.mark.parametrize("char,shown_as", [
    ("a", "a"), (" ", " "), ("\u00e9", "\u00e9"), ("\u05d0", "\u05d0"),
    ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"),
    ("\x00", "\\x00"), ("\x1b", "\\x1b"), ("\x7f", "\\x7f"), ("\xad", "\\xad"),
    ("\u200b", "\\u200b"), ("\u202e", "\\u202e"), ("\ufeff", "\\ufeff"), ("\ud800", "\\ud800"),
    ("\U000e0001", "\\U000e0001"), ("\U0010ffff", "\\U0010ffff"),
])
def test_each_character_prints_as_itself_or_as_its_escape(char, shown_as):
    assert escaped(char) == shown_as


def test_text_is_cut_at_its_limit_with_an_ellipsis_counted_in():
    assert shown("a" * MAX_SHOWN) == "a" * MAX_SHOWN
    assert shown("a" * (MAX_SHOWN + 1)) == "a" * (MAX_SHOWN - 1) + ELLIPSIS
    assert shown("abcdef", limit=6) == "abcdef"
    assert shown("abcdefg", limit=6) == "abcde" + ELLIPSIS
    # An escape is never cut in half: it goes whole.
    assert shown("abcd\n", limit=5) == "abcd" + ELLIPSIS
    assert shown("ab\ncd", limit=5) == "ab\\n" + ELLIPSIS
    assert shown("abc\ndef", limit=5) == "abc" + ELLIPSIS
    assert shown(12345) == "12345"


def test_a_path_is_shown_whole_up_to_its_own_bound():
    path = Path("/" + "d" * (MAX_SHOWN_PATH - 1))
    assert shown(path) == str(path)
    assert shown(path, limit=MAX_SHOWN_PATH + 20) == str(path)
    assert shown(Path("/tmp/a\nb.sqlite")) == "/tmp/a\\nb.sqlite"


def test_a_long_path_keeps_its_head_and_its_file_name():
    name = "portfolio.sqlite"
    path = Path("/" + "x" * 300) / name
    text = shown(path)
    assert len(text) == MAX_SHOWN_PATH
    assert text.startswith("/" + "x" * (PATH_HEAD - 1) + ELLIPSIS)
    assert text.endswith("x/" + name)
    assert text == str(path)[:PATH_HEAD] + ELLIPSIS + str(path)[-(MAX_SHOWN_PATH - PATH_HEAD - 1):]


def test_a_long_path_of_escapes_is_cut_between_escapes():
    path = Path("/" + "\u200b" * 100)
    text = shown(path)
    head, tail = text.split(ELLIPSIS)
    assert head == "/" + "\\u200b" * 9  # 55 characters: a tenth escape would pass 60
    assert tail == "\\u200b" * 29  # 174: a thirtieth would pass 179
    assert "\u200b" not in text


def test_an_undecodable_byte_path_is_shown_escaped():
    class BytesPath(os.PathLike):
        def __fspath__(self):
            return b"/tmp/caf\xe9.sqlite"

    assert shown(BytesPath()) == "/tmp/caf\\xe9.sqlite"
    assert shown(Path(os.fsdecode(b"/tmp/caf\xc3\xa9.sqlite"))) == "/tmp/caf\u00e9.sqlite"


def test_a_whole_message_is_one_line_of_at_most_four_hundred():
    assert one_line("first\nsecond") == "first\\nsecond"
    long = "x" * 500
    assert one_line(long) == "x" * 399 + ELLIPSIS
    assert one_line(long, limit=10) == "x" * 9 + ELLIPSIS
