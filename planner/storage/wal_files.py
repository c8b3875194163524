"""Whether the `-wal` file beside a portfolio belongs to it, and keeping a stranger aside.

SQLite replays any `-wal` it finds beside a database, whatever wrote it: the WAL format has
no field naming its database. A WAL left by a killed writer, beside a file that has since been
replaced (`cp backup.sqlite portfolio.sqlite`), or copied in from another database, would be
merged page by page into the portfolio and damage it. So before SQLite sees a WAL that no live
writer holds, it is judged here, from the file formats (https://sqlite.org/fileformat2.html):

- the lock file beside the portfolio, left by the writer that was killed, must name this
  very file (device and inode) and this generation of the WAL (its salts, which SQLite draws
  anew each time it starts the WAL over; the writer records them after every commit, so
  only the one transaction in flight, never reported saved, can be in a WAL it did not
  record);
- the portfolio must be in WAL mode (header bytes 18-19 are 2) and not empty;
- the WAL header must be SQLite's (magic, version 3007000, its own checksum) with the
  portfolio's page size;
- frames count only while their salts match the header, up to the last commit frame; a WAL
  with none adds nothing and is harmless;
- its frames must fit the portfolio as it is now: pages the killed writer's checkpoint had
  copied (nBackfill in its `-shm`) must hold exactly what those frames hold; without such a
  checkpoint the portfolio must not have changed since the WAL was last written, or some of
  its pages must already hold a frame's bytes (a checkpoint interrupted by the kill);
- replayed on a private copy, the result must pass the full check of `planner check` and
  still be a portfolio.

A WAL that passes is the crash leftover of this very file: a writer replays it as SQLite
always does, a reader reads it on a private copy. Any other is never replayed: a writer keeps
it aside under a new name (never deleted), a reader ignores it and leaves it where it is.
"""

from __future__ import annotations

import datetime as dt
import mmap
import os
import shutil
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

WAL_MAGICS = (0x377F0682, 0x377F0683)
WAL_VERSION = 3007000
WAL_HEADER = 32
FRAME_HEADER = 24
SHM_NBACKFILL = 96


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def shm_path(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


@dataclass(frozen=True)
class Verdict:
    kind: str  # "none" (no WAL or nothing in it), "belongs", "foreign"
    reason: str = ""


NONE = Verdict("none")


def salts(path: Path) -> str | None:
    """The salts of the WAL beside `path` (which generation it is), or None without one."""
    try:
        with open(wal_path(path), "rb") as f:
            header = f.read(WAL_HEADER)
    except OSError:
        return None
    if len(header) < WAL_HEADER or struct.unpack(">I", header[:4])[0] not in WAL_MAGICS:
        return None
    return header[16:24].hex()


def _checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def _db_page_size(header: bytes) -> int:
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def committed_frames(wal: bytes, page_size: int) -> list[tuple[int, int]] | None:
    """(page number, offset of its bytes) of every frame SQLite would replay, in order; None
    when the header is not a WAL's or its page size is not `page_size`."""
    if len(wal) < WAL_HEADER:
        return None
    magic, version, size, _seq = struct.unpack(">4I", wal[:16])
    if magic not in WAL_MAGICS or version != WAL_VERSION or size != page_size:
        return None
    if _checksum(wal[:24], magic & 1 == 1) != struct.unpack(">2I", wal[24:32]):
        return None
    salts = wal[16:24]
    frames, committed = [], 0
    offset = WAL_HEADER
    while offset + FRAME_HEADER + page_size <= len(wal):
        page, commit = struct.unpack(">2I", wal[offset:offset + 8])
        if wal[offset + 8:offset + 16] != salts or page == 0:
            break
        frames.append((page, offset + FRAME_HEADER))
        if commit:
            committed = len(frames)
        offset += FRAME_HEADER + page_size
    return frames[:committed]


def _backfilled(shm: Path, wal: bytes) -> int:
    """How many frames the writer's last checkpoint copied into the database (0 if unknown)."""
    try:
        data = shm.read_bytes()[:SHM_NBACKFILL + 4]
    except OSError:
        return 0
    if len(data) < SHM_NBACKFILL + 4 or data[:48] != data[48:96] or data[12] != 1:
        return 0
    if data[32:40] != wal[16:24]:  # the index describes another generation of the WAL
        return 0
    return struct.unpack("=I", data[SHM_NBACKFILL:SHM_NBACKFILL + 4])[0]


def _fits(db: bytes, wal: bytes, frames: list[tuple[int, int]], page_size: int,
          backfilled: int, db_newer: bool) -> bool:
    versions: dict[int, list[tuple[int, int]]] = {}
    for index, (page, offset) in enumerate(frames, start=1):
        versions.setdefault(page, []).append((index, offset))

    def page_of_db(page: int) -> bytes:
        return db[(page - 1) * page_size:page * page_size]

    if backfilled:
        for page, found in versions.items():
            copied = [i for i, _o in found if i <= backfilled]
            if not copied:
                continue
            candidates = [o for i, o in found if i >= copied[-1]]
            if not any(page_of_db(page) == wal[o:o + page_size] for o in candidates):
                return False
        return True
    if not db_newer:
        return True
    return any(page_of_db(page) == wal[o:o + page_size]
               for page, found in versions.items() for _i, o in found)


def judge(path: Path, verify: Callable[[Path], list[str]], recorded: dict) -> Verdict:
    """Whether the WAL beside `path` (which no live writer holds) belongs to it.

    `recorded` is what the lock file left beside it says (see locking.PortfolioLock.note_wal).
    `verify(copy)` opens a private copy of the portfolio with the WAL beside it (so SQLite
    replays it there) and returns the problems the full check finds.
    """
    path = Path(os.path.realpath(path))  # SQLite resolves symlinks to name its WAL
    wal_file = wal_path(path)
    try:
        st = os.lstat(wal_file)
    except FileNotFoundError:
        return NONE
    if not os.path.isfile(wal_file) or os.path.islink(wal_file):
        return Verdict("foreign", "it is not a regular file")
    if st.st_size == 0:
        return NONE
    try:
        db_stat = os.stat(path)
        with open(path, "rb") as f, open(wal_file, "rb") as w:
            if db_stat.st_size < 100:
                return Verdict("foreign", "the portfolio beside it is empty")
            db = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            wal = mmap.mmap(w.fileno(), 0, access=mmap.ACCESS_READ)
            try:
                return _judge_contents(path, db, wal, db_stat, st, verify, recorded)
            finally:
                db.close()
                wal.close()
    except OSError as error:
        return Verdict("foreign", f"it cannot be read: {error.strerror}")


def _judge_contents(path: Path, db, wal, db_stat: os.stat_result, wal_stat: os.stat_result,
                    verify: Callable[[Path], list[str]], recorded: dict) -> Verdict:
    header = db[:100]
    if header[18:20] != b"\x02\x02":
        return Verdict("foreign", "the portfolio is not in WAL mode")
    page_size = _db_page_size(header)
    frames = committed_frames(wal, page_size)
    if frames is None:
        return Verdict("foreign", "it is not a write-ahead log of this file's page size")
    if not frames:
        return NONE  # SQLite would replay nothing from it
    if recorded.get("file") != [db_stat.st_dev, db_stat.st_ino] or \
            recorded.get("wal") != wal[16:24].hex():
        return Verdict("foreign", "the last writer of this file did not record it")
    db_newer = db_stat.st_mtime_ns > wal_stat.st_mtime_ns
    if not _fits(db, wal, frames, page_size, _backfilled(shm_path(path), wal), db_newer):
        return Verdict("foreign", "its pages do not match the portfolio as it is now")
    problems = replay_check(path, verify)
    if problems:
        return Verdict("foreign", f"replaying it would damage the portfolio: {problems[0]}")
    return Verdict("belongs")


def private_copy(path: Path) -> Path:
    """The portfolio and its WAL copied into a new owner-only folder; returns the copy's path
    (remove its folder with `remove_private_copy`)."""
    folder = Path(tempfile.mkdtemp(prefix="planner-replay-"))
    copy = folder / path.name
    try:
        shutil.copyfile(path, copy)
        if wal_path(path).exists():
            shutil.copyfile(wal_path(path), wal_path(copy))
    except OSError:
        remove_private_copy(copy)
        raise
    return copy


def remove_private_copy(copy: Path) -> None:
    shutil.rmtree(Path(copy).parent, ignore_errors=True)


def replay_check(path: Path, verify: Callable[[Path], list[str]]) -> list[str]:
    copy = private_copy(path)
    try:
        return verify(copy)
    finally:
        remove_private_copy(copy)


def keep_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Rename the WAL (and its index) beside `path` to `<name>-wal.kept-aside-<UTC time>`,
    never over an existing file; returns the new name of the WAL."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    wal = wal_path(path)
    for n in range(1, 1000):
        suffix = f".kept-aside-{stamp}" + (f"-{n}" if n > 1 else "")
        aside = wal.with_name(wal.name + suffix)
        shm_aside = shm_path(path).with_name(shm_path(path).name + suffix)
        if os.path.lexists(aside) or os.path.lexists(shm_aside):
            continue
        os.rename(wal, aside)
        if os.path.lexists(shm_path(path)):
            os.rename(shm_path(path), shm_aside)
        return aside
    raise OSError("no free name to keep the WAL aside")
