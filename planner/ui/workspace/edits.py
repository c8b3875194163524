"""Undoable edits, shaped once: add, change, remove a record through its services.

Every tab edits through an `Editor`, which wraps `AppSession.edit`: `do` calls a service (one
transaction) and `undo` calls its inverse. An added record that is undone is removed, and a
redo restores it with the same id through the area's `restore_*` service, so later commands
on the stack still find it. The editor hands back the service's refusal sentence, so the tab
can show it next to the field or list it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from planner.ui.session import AppSession
from planner.ui.workspace.labels import tr


@dataclass(frozen=True)
class Part:
    """The services of one kind of record, and what the undo menu calls it."""

    noun: str
    add: Callable
    update: Callable  # (uow, record, *, loaded) -> the record stored
    remove: Callable  # (uow, id, version) -> what restore needs
    restore: Callable
    name: Callable[[Any], str]


def quoted(text: str, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Editor:
    def __init__(self, session: AppSession):
        self.session = session
        self.capturing = False  # while True, refusals belong to the caller, not the banner

    def run(self, text: str, do: Callable[[], Any], undo: Callable[[Any], Any],
            partner_id: int) -> str | None:
        """Do an undoable edit; the refusal sentence, or None when it was saved."""
        refusals: list[str] = []

        def refused(message: str) -> None:
            refusals.append(message)

        self.session.failed.connect(refused)
        self.capturing = self.session.capturing = True
        try:
            saved = self.session.edit(text, do, undo, partner_id)
        finally:
            self.capturing = self.session.capturing = False
            self.session.failed.disconnect(refused)
        if saved:
            return None
        return refusals[-1] if refusals else tr("The change could not be saved.")

    def add(self, part: Part, obj, partner_id: int) -> str | None:
        uow = self.session.uow
        removed: dict[str, Any] = {}

        def do():
            if "record" in removed:  # a redo: bring it back with the same id
                return part.restore(uow(), removed.pop("record"))
            return part.add(uow(), obj)

        def undo(stored):
            # only as it was added: a record someone else changed since is not removed
            removed["record"] = part.remove(uow(), stored.id, stored.version)

        text = tr("Add {noun} '{name}'").format(noun=part.noun, name=quoted(part.name(obj)))
        return self.run(text, do, undo, partner_id)

    def update(self, part: Part, before, after, partner_id: int,
               text: str | None = None) -> str | None:
        """Save `after` over `before`, the record as the user loaded it. Each direction
        saves over the version the other one stored, so an undo or redo made after someone
        else changed the record is refused, with their change named, never applied."""
        uow = self.session.uow
        text = text or tr("Edit {noun} '{name}'").format(noun=part.noun,
                                                         name=quoted(part.name(before)))
        seen = {"stored": before}  # the record as this edit last saw it stored

        def save(values):
            loaded = seen["stored"]
            seen["stored"] = part.update(uow(), replace(values, version=loaded.version),
                                         loaded=loaded)
            return seen["stored"]

        return self.run(text, lambda: save(after), lambda _: save(before), partner_id)

    def remove(self, part: Part, obj, partner_id: int) -> str | None:
        uow = self.session.uow
        text = tr("Remove {noun} '{name}'").format(noun=part.noun, name=quoted(part.name(obj)))
        return self.run(text, lambda: part.remove(uow(), obj.id, obj.version),
                        lambda removed: part.restore(uow(), removed), partner_id)
