"""Writing an export (JSON, PDF, calendar, contacts) so that it is whole or not there at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.storage.protected_files import refuse_to_replace

__all__ = ["open_atomically", "refuse_to_replace", "write_file_atomically",
           "write_text_atomically"]


def write_file_atomically(path: Path | str, data: bytes, *, what: str = "a file") -> None:
    """A temporary file beside `path`, synced, then one rename: a crash leaves the old file.

    Never over a portfolio, its -wal, -shm, -journal or .lock, or a file open as one (see
    planner.storage.protected_files): every command that writes a file comes through here.
    """
    with _atomic(path, "wb", what=what) as f:
        f.write(data)


@contextmanager
def open_atomically(path: Path | str, *, what: str = "a file") -> Iterator[TextIO]:
    """A text file to write bit by bit (UTF-8, Unix line ends) that appears at `path` whole,
    or not at all if the writing fails; under the same rules as `write_file_atomically`."""
    with _atomic(path, "w", what=what) as f:
        yield f


@contextmanager
def _atomic(path: Path | str, mode: str, *, what: str) -> Iterator:
    """The one atomic writer: refuse a protected target, write a synced temporary file beside
    it, check the target again, then rename it into place."""
    path = Path(path)
    refuse_to_replace(path)
    if path.is_dir():
        raise PlannerError(f"{shown(path)} is a folder; name {what} to write.")
    if not path.parent.is_dir():
        raise PlannerError(f"The folder {shown(path.parent)} does not exist.")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise PlannerError(f"Cannot write in {shown(path.parent)}: {error.strerror}.") from None
    text = {"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {}
    try:
        with os.fdopen(fd, mode, **text) as f:
            yield f
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
