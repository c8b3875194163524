"""Argument types shared by the commands: each turns a bad value into one clear line."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a real date; write it as YYYY-MM-DD") from None


def file_path(text: str) -> Path:
    return Path(text).expanduser()
