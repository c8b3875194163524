"""Writing an export (JSON, PDF, calendar, contacts) so that it is whole or not there at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.storage.protected_files import refuse_to_replace

__all__ = ["refuse_to_replace", "write_file_atomically", "write_text_atomically"]


def write_file_atomically(path: Path | str, data: bytes, *, what: str = "a file") -> None:
    """A temporary file beside `path`, synced, then one rename: a crash leaves the old file.

    Never over a portfolio, its -wal, -shm, -journal or .lock, or a file open as one (see
    planner.storage.protected_files): every command that writes a file comes through here.
    """
    path = Path(path)
    refuse_to_replace(path)
    if path.is_dir():
        raise PlannerError(f"{shown(path)} is a folder; name {what} to write.")
    if not path.parent.is_dir():
        raise PlannerError(f"The folder {path.parent} does not exist.")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise PlannerError(f"Cannot write in {path.parent}: {error.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        refuse_to_replace(path)  # again: the target may have changed while we wrote
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if not isinstance(error, OSError):
            raise
        raise PlannerError(f"Cannot write {shown(path)}: {error.strerror}.") from None


def write_text_atomically(path: Path | str, text: str) -> None:
    """UTF-8 text with Unix line ends, written whole or not at all."""
    write_file_atomically(path, text.encode("utf-8"))
