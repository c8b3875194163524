"""Following what others change in an open portfolio, so a window never shows yesterday.

`change_feed(portfolio)` says what there is to follow: on a team portfolio, every row
committed by anyone else (PostgreSQL notices; this process's own commits are left out, since
the window that made an edit refreshes itself); on a portfolio file opened read-only, the
writer's commits (the file watched, not written). A file opened for writing has nobody else
to follow (one writer per file), so it has no feed.

The feed's `notices(stopped)` blocks: a window runs it on a worker thread and hands each
`Notice` over to its GUI thread. What a notice asks of the window is `refresh_scope`: one
partner, or everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from planner.services.portfolio import Portfolio
from planner.storage.change_notices import (
    CHANNEL,
    Notice,
    NoticeListener,
    follow_file,
    own_backends,
)

__all__ = ["CHANNEL", "ChangeFeed", "Notice", "change_feed", "refresh_scope"]

EVERYTHING = 0  # the session's `changed(0)`: reload every view


class ChangeFeed:
    """The changes made elsewhere to one open portfolio, as a blocking iterator."""

    def __init__(self, portfolio: Portfolio):
        self.portfolio = portfolio
        self.is_team = portfolio.is_team
        self._listener: NoticeListener | None = None
        self._own: set[int] = set()
        if self.is_team:
            self._listener = NoticeListener(portfolio.location)
            self._own = own_backends(portfolio.storage.engine)

    @property
    def backend_pid(self) -> int | None:
        """The listening connection's server process (a team portfolio, once listening)."""
        return self._listener.backend_pid if self._listener is not None else None

    def notices(self, stopped: Callable[[], bool]) -> Iterator[Notice]:
        """Until `stopped()`: each change made elsewhere, and the feed's own state
        ("listening", "lost", "resumed"). Closes what it opened when it ends."""
        if self._listener is None:
            yield from follow_file(self.portfolio.path, stopped)
            return
        for notice in self._listener.notices(stopped):
            if notice.kind == "change" and notice.sender in self._own:
                continue  # this process's own commit: its window refreshed already
            yield notice


def change_feed(portfolio: Portfolio) -> ChangeFeed | None:
    """What a window showing `portfolio` should follow; None when nobody else can change it
    (a portfolio file this process holds open for writing)."""
    if portfolio.is_team or portfolio.read_only:
        return ChangeFeed(portfolio)
    return None


def refresh_scope(notice: Notice) -> int | None:
    """What a notice asks the window to reload: a partner's id, EVERYTHING (0), or None for
    nothing (the feed only said it is listening, or lost its connection)."""
    if notice.kind == "change":
        return notice.partner if notice.partner else EVERYTHING
    if notice.kind in ("resumed", "listening"):
        # "listening": what was committed between the window's first load and the LISTEN
        # is unknown; "resumed": what was committed while the connection was down is.
        return EVERYTHING
    return None
