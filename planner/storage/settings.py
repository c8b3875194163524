"""The portfolio's own settings (its name, how long the history is kept, ...): plain strings by
key, each with the version it was saved at, so two people's saves of one setting never
overwrite each other unseen."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from planner.domain.errors import EditConflict
from planner.storage.models import PortfolioSettingRow
from planner.storage.write_rights import refuse_if_not_allowed, refuse_if_read_only


class SettingsRepository:
    """The portfolio's own settings, as plain strings by key; absent keys read as None."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, key: str) -> str | None:
        row = self.session.get(PortfolioSettingRow, key)
        return None if row is None else row.value

    def all(self) -> dict[str, str]:
        rows = self.session.scalars(select(PortfolioSettingRow)).all()
        return {row.key: row.value for row in rows}

    def versions(self) -> dict[str, int]:
        """The version each stored setting is at (a setting never stored has none)."""
        table = PortfolioSettingRow.__table__
        return dict(self.session.execute(select(table.c.key, table.c.version)).all())

    def stamp(self, key: str) -> tuple[str, Any] | None:
        """Who changed the setting last, and when (UTC); None when it is not stored."""
        row = self.session.get(PortfolioSettingRow, key)
        return None if row is None else (row.changed_by, row.changed_at)

    def put(self, key: str, value: str, version: int | None = None) -> None:
        """Store a setting. Given the version it was loaded at (0: it was not stored then),
        a setting someone else has changed since is refused (EditConflict), never
        overwritten: checked here against what they committed before, and by the UPDATE's
        `WHERE version = ...` (or the key, for two first saves) against what they commit in
        between."""
        refuse_if_read_only(self.session)
        row = self.session.get(PortfolioSettingRow, key)
        if version is not None and (row.version if row is not None else 0) != version:
            refuse_if_not_allowed(self.session, PortfolioSettingRow.__tablename__, "UPDATE")
            raise self.conflict(key)
        if row is None:
            self.session.add(PortfolioSettingRow(key=key, value=value))
        elif row.value != value:
            row.value = value
        try:
            self.session.flush()
        except (StaleDataError, IntegrityError):
            raise self.conflict(key) from None

    @staticmethod
    def conflict(key: str) -> EditConflict:
        return EditConflict(f"Someone else changed the portfolio's {key.replace('_', ' ')} "
                            "in the meantime; your change was not saved.")
