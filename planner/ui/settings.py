"""The app's settings, in one place: typed options over QSettings with defaults.

Nothing else in the app creates a QSettings. Each option is declared once below with its type
and default; `Settings.upgrade()` moves settings written by an older version to the current
layout (SETTINGS_VERSION), so a renamed key never silently loses what the user had.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

from planner.domain.errors import PlannerError
from planner.services.portfolio import APP_NAME, Location, ServerLocation, parse_location

SETTINGS_VERSION = 2
MAX_RECENT = 8


@dataclass(frozen=True)
class Option:
    key: str
    kind: type
    default: Any


WINDOW_GEOMETRY = Option("window/geometry", QByteArray, QByteArray())
WINDOW_STATE = Option("window/state", QByteArray, QByteArray())
SPLITTER_STATE = Option("window/splitter", QByteArray, QByteArray())
TABLE_HEADER = Option("portfolio/columns", QByteArray, QByteArray())
STAGE_FILTER = Option("portfolio/stage_filter", str, "")
RECENT_FILES = Option("files/recent", list, [])
LAST_DIRECTORY = Option("files/last_directory", str, "")


def settings_path() -> Path:
    # Resolved on every use (not cached by Qt) so a test's private XDG dirs are honoured.
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.ini"


class Settings:
    def __init__(self, path: Path | None = None):
        self.path = path or settings_path()
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)
        self.upgrade()

    def get(self, option: Option) -> Any:
        value = self._store.value(option.key, option.default)
        if option.kind is list:
            if value is None or value == "":
                return []
            return [str(v) for v in (value if isinstance(value, list) else [value])]
        if option.kind is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray()
        if option.kind is str:
            return str(value) if value is not None else option.default
        return option.kind(value)

    def set(self, option: Option, value: Any) -> None:
        self._store.setValue(option.key, value)

    def sync(self) -> None:
        self._store.sync()

    def upgrade(self) -> None:
        version = int(self._store.value("version", 0) or 0)
        if version < 1:
            pass  # version 1 is the first layout: nothing older to move
        if version < 2:
            # Version 2 fits the portfolio table to its pane (new resize modes and hidden
            # columns): a header saved by version 1 would bring back the horizontal scroll.
            self._store.remove("portfolio/header")
        if version != SETTINGS_VERSION:
            self._store.setValue("version", SETTINGS_VERSION)

    # recent files and connections ---------------------------------------------------------
    # One list, newest first: a file's path, or a team portfolio's URL (never its password).
    def recent_locations(self) -> list[Location]:
        found: list[Location] = []
        for text in self.get(RECENT_FILES):
            try:
                found.append(parse_location(text))
            except PlannerError:
                continue  # an address this version cannot read: left out, not a crash
        return found

    def recent_files(self) -> list[Path]:
        return [p for p in self.recent_locations() if isinstance(p, Path)]

    def add_recent_location(self, location: Location) -> None:
        entry = _entry(location)
        entries = [_entry(p) for p in self.recent_locations()]
        self.set(RECENT_FILES, [entry, *(e for e in entries if e != entry)][:MAX_RECENT])

    def add_recent_file(self, path: Path) -> None:
        self.add_recent_location(Path(path))

    def remove_recent_location(self, location: Location) -> None:
        entry = _entry(location)
        self.set(RECENT_FILES, [e for e in map(_entry, self.recent_locations()) if e != entry])

    def remove_recent_file(self, path: Path) -> None:
        self.remove_recent_location(Path(path))

    def clear_recent_files(self) -> None:
        self.set(RECENT_FILES, [])

    def last_directory(self) -> str:
        return self.get(LAST_DIRECTORY) or str(Path.home())

    def remember_directory(self, path: Path) -> None:
        self.set(LAST_DIRECTORY, str(Path(path).parent))


def _entry(location: Location) -> str:
    """How a recent location is stored: a resolved path, or a URL without the password."""
    if isinstance(location, ServerLocation):
        return location.url
    return str(Path(location).resolve())
