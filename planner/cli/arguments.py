"""Argument types shared by the commands: each turns a bad value into one clear line."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.services.portfolio import Location, ServerLocation, parse_location

# What Linux, macOS and Windows file systems take: 255 bytes per name, 4,096 in a whole path.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 4096


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{shown(text)}' is not a real date; write it as YYYY-MM-DD") from None


def file_path(text: str) -> Path:
    """A path the file system can take: a name over 255 bytes is refused here, in one line,
    instead of failing later in whatever call touches it first."""
    path = Path(text).expanduser()
    encoded = os.fsencode(path)
    if len(encoded) > MAX_PATH_BYTES:
        raise argparse.ArgumentTypeError(
            f"the path '{shown(text)}' is {len(encoded):,} bytes long, more than the "
            f"{MAX_PATH_BYTES:,} a path may have")
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > MAX_NAME_BYTES:
            raise argparse.ArgumentTypeError(
                f"the name '{shown(part)}' is {size:,} bytes long, more than the "
                f"{MAX_NAME_BYTES} a file or folder name may have")
    return path


def portfolio_location(text: str) -> Location:
    """A portfolio file's path, or a team portfolio's `postgresql://user@host:port/dbname`
    (its `?sslmode=...` and the other libpq settings passed through)."""
    try:
        location = parse_location(text)
    except PlannerError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return location if isinstance(location, ServerLocation) else file_path(text)


def where(location: Location) -> str:
    """How a command's output names a portfolio: the path as given, or "db on server"."""
    if isinstance(location, ServerLocation):
        return location.shown
    return shown(location)


def file_only(location: Location, refusal: str) -> Path:
    """The path of a command that needs a file; a team portfolio gets `refusal`, one
    sentence saying what to do instead (with {url} for the address)."""
    if isinstance(location, ServerLocation):
        raise PlannerError(refusal.format(name=location.shown, url=location.url))
    return location
