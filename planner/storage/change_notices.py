"""Changes to a portfolio as they are committed elsewhere: the notices a window follows.

A team portfolio announces every committed row change on PostgreSQL's `planner_changes`
channel (migration 0006's triggers: a JSON payload with the table, the row's id and its
partner's id). `NoticeListener` holds one dedicated autocommit connection that LISTENs on it
and yields each notice as a `Notice`. A dropped connection (a restarted server, a terminated
backend, a network gone away) is retried with a doubling, capped delay for as long as the
listener runs; since what was committed meanwhile is unknown, a reconnection yields a
`resumed` notice that means "reload everything".

A portfolio file has no channel. A window that opened it read-only follows the writer by
watching the file and its companions change (`file_fingerprint`): their sizes and
modification times, and the WAL index header in the -shm that SQLite bumps on every commit.
Reading them writes nothing, so a read-only window still changes no byte of the portfolio.

Both are blocking generators meant for a worker thread, stopped by a flag they check at least
every `poll` seconds; the thread that iterates is the only one that touches the connection.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from planner.storage.location import ServerLocation

CHANNEL = "planner_changes"
RECONNECT_FIRST = 0.25  # seconds before the first retry after a dropped connection
RECONNECT_MAX = 5.0  # the delay doubles up to this and stays there
CONNECT_TIMEOUT = 5
POLL = 0.1  # how often the listener looks at its stop flag (closing waits at most this)
FILE_POLL = 0.1  # how often a file follower looks at the file (three stat-sized reads)
SHM_HEADER = 48  # the WAL index header (SQLite's wal.c): moves with every commit; not the
# read marks after it, which readers (this window too) set as they start reading

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One thing that happened to the portfolio elsewhere.

    kind is "change" (a row was committed: `table`, `row`, `partner` when known; `sender` is
    the backend pid that committed it, 0 when unknown), "listening" (the first LISTEN took
    effect), "lost" (the connection dropped; retrying), or "resumed" (listening again after a
    loss: anything may have changed meanwhile).
    """

    kind: str = "change"
    table: str = ""
    row: int | None = None
    partner: int | None = None
    sender: int = 0


def parse_payload(payload: str, sender: int = 0) -> Notice:
    """A trigger's JSON payload as a Notice; anything unreadable is a change of unknown
    extent (partner None: reload everything), never an error."""
    try:
        data = json.loads(payload)
    except ValueError:
        return Notice(sender=sender)
    if not isinstance(data, dict):
        return Notice(sender=sender)
    return Notice(table=str(data.get("table") or "")[:100], row=_whole(data.get("id")),
                  partner=_whole(data.get("partner")), sender=sender)


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _sleep(seconds: float, stopped: Callable[[], bool]) -> None:
    deadline = time.monotonic() + seconds
    while not stopped() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(FILE_POLL, left))


class NoticeListener:
    """One LISTEN connection to a team portfolio. Iterate `notices(stopped)` on one thread;
    it closes its connection when `stopped()` turns true (or the generator is closed)."""

    def __init__(self, location: ServerLocation, *, channel: str = CHANNEL):
        self.location = location
        self.channel = channel
        self.backend_pid: int | None = None  # of the listening connection, once connected
        self.connections = 0  # how many times it connected (reconnections included)
        self._connection = None

    def _connect(self) -> None:
        import psycopg
        from psycopg import sql

        arguments = self.location.connect_arguments()
        arguments.setdefault("connect_timeout", CONNECT_TIMEOUT)
        arguments["application_name"] = "Partner Planner (live changes)"
        arguments.update(keepalives=1, keepalives_idle=10, keepalives_interval=5,
                         keepalives_count=3)
        connection = psycopg.connect(**arguments, autocommit=True)
        try:
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        self.backend_pid = connection.info.backend_pid
        self.connections += 1

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        self.backend_pid = None
        if connection is not None:
            try:
                connection.close()
            except Exception as error:  # noqa: BLE001 - a dead connection may not close cleanly
                log.debug("closing the listening connection: %s", error)

    def notices(self, stopped: Callable[[], bool], *, poll: float = POLL) -> Iterator[Notice]:
        import psycopg

        delay = RECONNECT_FIRST
        lost = False
        try:
            while not stopped():
                if self._connection is None:
                    try:
                        self._connect()
                    except psycopg.Error as error:
                        log.info("live changes: cannot listen (%s); retrying in %.2f s",
                                 str(error).strip()[:200], delay)
                        if not lost:
                            lost = True
                            yield Notice(kind="lost")
                        _sleep(delay, stopped)
                        delay = min(delay * 2, RECONNECT_MAX)
                        continue
                    delay = RECONNECT_FIRST
                    yield Notice(kind="resumed" if self.connections > 1 or lost
                                 else "listening")
                    lost = False
                try:
                    for notify in self._connection.notifies(timeout=poll):
                        yield parse_payload(notify.payload, notify.pid)
                        if stopped():
                            break
                except psycopg.Error as error:
                    log.info("live changes: the listening connection dropped (%s)",
                             str(error).strip()[:200])
                    self._drop()
                    lost = True
                    yield Notice(kind="lost")
        finally:
            self._drop()


def file_fingerprint(path: Path) -> tuple:
    """What changes whenever a writer commits to the portfolio file `path`, read without
    writing or locking anything: size and modification time of the file and its -wal, and
    the WAL index header in its -shm (whose change counter moves with every commit)."""
    real = Path(os.path.realpath(path))
    marks: list[object] = []
    for companion in (real, real.with_name(real.name + "-wal")):
        try:
            st = os.stat(companion)
        except OSError:
            marks.append(None)
        else:
            marks.append((st.st_size, st.st_mtime_ns, st.st_ino))
    try:
        with open(real.with_name(real.name + "-shm"), "rb") as shm:
            marks.append(shm.read(SHM_HEADER))
    except OSError:
        marks.append(None)
    return tuple(marks)


def follow_file(path: Path, stopped: Callable[[], bool], *, poll: float = FILE_POLL
                ) -> Iterator[Notice]:
    """A "change" notice (of unknown extent) each time the file's fingerprint moves."""
    seen = file_fingerprint(path)
    yield Notice(kind="listening")
    while not stopped():
        _sleep(poll, stopped)
        if stopped():
            return
        now = file_fingerprint(path)
        if now != seen:
            seen = now
            yield Notice()


def own_backends(engine) -> set[int]:
    """The backend pids of `engine`'s connections, kept up to date from now on: a notice
    whose sender is one of them is this process's own commit. (A pid is recorded when its
    connection is checked out, so one opened before this call counts from its next use.)"""
    from sqlalchemy import event

    pids: set[int] = set()

    def pid_of(dbapi_connection) -> int | None:
        info = getattr(dbapi_connection, "info", None)
        return getattr(info, "backend_pid", None)

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, _record, _proxy):
        if (pid := pid_of(dbapi_connection)) is not None:
            pids.add(pid)

    @event.listens_for(engine, "close")
    def _closed(dbapi_connection, _record):
        if (pid := pid_of(dbapi_connection)) is not None:
            pids.discard(pid)

    return pids
