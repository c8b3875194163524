"""Reading an import ahead on its own thread: every item in order, the reader's error raised
where its item would have come, and no thread left behind however the reading ends."""

import threading

import pytest

from planner.domain.errors import ImportProblem
from planner.services.read_ahead import read_ahead


def _readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "planner-import-reader"]


def test_every_item_comes_in_order_and_the_reader_is_gone():
    with read_ahead(lambda: iter(range(1000)), depth=2) as items:
        assert list(items) == list(range(1000))
    assert _readers() == []


def test_the_readers_error_comes_after_the_items_before_it():
    def items():
        yield 1
        yield 2
        raise ImportProblem("the JSON is nested too deeply", "$.partners[2]")

    seen = []
    with pytest.raises(ImportProblem, match=r"^\$\.partners\[2\]: the JSON is nested"), \
            read_ahead(items) as received:
        seen.extend(received)
    assert seen == [1, 2]
    assert _readers() == []


def test_a_caller_that_stops_early_stops_the_reader_and_closes_its_source():
    closed = threading.Event()

    def endless():
        try:
            n = 0
            while True:
                yield n
                n += 1
        finally:
            closed.set()

    with pytest.raises(RuntimeError, match="the database refused"), \
            read_ahead(endless) as received:
        for n in received:
            if n == 3:
                raise RuntimeError("the database refused")
    assert closed.is_set()
    assert _readers() == []
