"""Reading a large import ahead of writing it: the file is read, decoded and checked on a
thread of its own while the database writes the batch before.

SQLite does its share of an import (rows, indexes, search index) with Python's lock released,
so decoding and checking the next partners in the meantime takes that time off the whole
on a machine with two cores or more. Only the reading
moves; the unit of work, its session and every write stay on the caller's thread, in one
transaction as before. At most `depth` items wait between the two, so memory stays bounded.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()
_WAIT = 0.1  # seconds between looks at whether the reader should stop


@contextlib.contextmanager
def read_ahead(items: Callable[[], Iterable[T]], depth: int = 1) -> Iterator[Iterator[T]]:
    """The items of `items()`, made on a thread of their own up to `depth` ahead of the
    caller. An exception raised while making an item is raised to the caller where that item
    would have come, with its own message; when the block ends early (the caller's own error),
    the reader stops at its next item and is gone when the block is."""
    handoff: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(entry: tuple) -> bool:
        while not stop.is_set():
            try:
                handoff.put(entry, timeout=_WAIT)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        source = None
        try:
            source = iter(items())
            for item in source:
                if not hand_over((item, None)):
                    return
            hand_over((_END, None))
        except BaseException as error:  # handed to the caller, who raises it as it is
            hand_over((None, error))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()  # a generator's file is closed on the thread that opened it

    def received() -> Iterator[T]:
        while True:
            item, error = handoff.get()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item

    reader = threading.Thread(target=read, name="planner-import-reader", daemon=True)
    reader.start()
    try:
        yield received()
    finally:
        stop.set()
        reader.join()
