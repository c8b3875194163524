"""Python's cyclic garbage collector, held off while many long-lived objects are made at once.

The collector runs every few hundred new container objects, and every so often walks all of
them. Reading a portfolio of 8,000 partners makes a few hundred thousand (the summaries, the
table's rows, their texts and keys), none of them garbage: the collector walked the growing
heap a dozen times over, a quarter of the whole reading. Holding it off while they are made
costs nothing (what dies meanwhile is freed by its reference count; a cycle waits for the
next collection).

Several threads may hold it at once (the window's reading of the list runs while the main
thread imports the window's modules): it stays off until the last one lets go, and is then
back as it was before the first.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_holders = 0
_was_enabled = True


def hold() -> None:
    """Hold the collector off until the matching `let_go`."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1


def let_go(*, freeze: bool = False) -> None:
    """End one `hold`; the last one lets the collector run again (if it ran before). With
    `freeze`, every object made so far is never walked again: for what lives as long as the
    process (modules, classes), not for data that a later reading replaces."""
    global _holders
    with _lock:
        if _holders == 0:
            raise RuntimeError("let_go() without a hold()")
        if freeze:
            gc.freeze()
        _holders -= 1
        if _holders == 0 and _was_enabled:
            gc.enable()


@contextlib.contextmanager
def held(*, freeze: bool = False) -> Iterator[None]:
    """`hold()` for the block, `let_go(freeze=freeze)` after it, however it ends."""
    hold()
    try:
        yield
    finally:
        let_go(freeze=freeze)
