"""What no output may replace: a portfolio, its companions, or a file SQLite has open.

Every command that writes a file (exports, briefs, calendars, contacts, CSV, backups, copies)
asks `refuse_to_replace(target)` before it moves its finished file into place. A portfolio is
recognised by its header (our application_id), not by its name; its `-wal`, `-shm`,
`-journal` and `.lock` companions by the name of the portfolio beside them; and any file this
process has open as a portfolio (or a companion of one) by its device and inode, so neither a
hard link nor a symlink nor another spelling of the path gets past.
"""

from __future__ import annotations

import itertools
import os
import stat
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.storage.database import APPLICATION_ID, SQLITE_MAGIC

WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")

# Portfolios this process has open: their paths, so that their companions can be found too.
_open_paths: dict[int, Path] = {}
_tokens = itertools.count(1)


def register_open(path: Path) -> int:
    """Note that `path` is open as a portfolio here; returns a token for `unregister_open`."""
    token = next(_tokens)
    _open_paths[token] = Path(path)
    return token


def unregister_open(token: int) -> None:
    _open_paths.pop(token, None)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _open_identities() -> set[tuple[int, int]]:
    found = set()
    for path in list(_open_paths.values()):
        for candidate in [path, *(path.with_name(path.name + s) for s in COMPANION_SUFFIXES)]:
            identity = _identity(candidate)
            if identity is not None:
                found.add(identity)
    return found


def _header(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, 100)
    except OSError:
        return b""
    finally:
        os.close(fd)


def is_portfolio_file(path: Path) -> bool:
    """Whether `path` is an SQLite file carrying our application_id (a portfolio or backup)."""
    header = _header(path)
    return (len(header) == 100 and header.startswith(SQLITE_MAGIC)
            and int.from_bytes(header[68:72], "big") == APPLICATION_ID)


def _companion_of(path: Path) -> Path | None:
    """The portfolio whose companion `path` is by its name, if that portfolio exists or is
    open here."""
    open_paths = {os.path.abspath(p) for p in _open_paths.values()}
    for suffix in COMPANION_SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            owner = path.with_name(path.name[: -len(suffix)])
            if os.path.abspath(owner) in open_paths or is_portfolio_file(owner):
                return owner
            identity = _identity(owner)
            if identity is not None and identity in _open_identities():
                return owner
    return None


def refuse_to_replace(target: Path | str) -> None:
    """Raise PlannerError (one sentence) when writing `target` could harm a portfolio."""
    target = Path(target)
    name = target.name
    identity = _identity(target)
    if identity is not None and identity in _open_identities():
        raise PlannerError(f"{name} is an open portfolio or one of its working files; "
                           "name another file to write to.")
    if is_portfolio_file(target):
        raise PlannerError(f"{name} is a Partner Planner portfolio; name another file to "
                           "write to (an output never replaces a portfolio).")
    header = _header(target)
    if header[:4] in WAL_MAGICS:
        raise PlannerError(f"{name} is an SQLite write-ahead log; name another file to "
                           "write to.")
    owner = _companion_of(target)
    if owner is None and target.is_symlink():
        owner = _companion_of(Path(os.path.realpath(target)))
    if owner is not None:
        raise PlannerError(f"{name} belongs to the portfolio {owner.name} (its working or lock "
                           "file); name another file to write to.")
