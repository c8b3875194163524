"""What every workspace tab shares: the partner it shows, lazy refreshes, the editor."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from planner.domain.errors import EditConflict, NotFound, ServerUnreachable
from planner.domain.model import PartnerRecord
from planner.services import partners
from planner.ui.session import AppSession
from planner.ui.workspace.edits import Editor, Part
from planner.ui.workspace.fields import Field
from planner.ui.workspace.labels import tr
from planner.ui.workspace.record_dialog import RecordDialog
from planner.ui.workspace.record_panel import RecordPanel

Values = dict[str, Any]


class WorkspaceTab(QWidget):
    """A part of the relationship. Subclasses implement `load()` and `clear()`.

    The workspace marks a tab stale when its partner changes and refreshes it when it is
    shown, so selecting a partner reads only what the visible tab needs.
    """

    name = ""  # the key used by PartnerWorkspace.show_tab

    def __init__(self, session: AppSession, editor: Editor, parent=None):
        super().__init__(parent)
        self.session = session
        self.editor = editor
        self.partner_id: int | None = None
        self.stale = True
        self.loaded_id: int | None = None  # whose data the tab shows
        # The shown partner's whole record; the workspace sets this to its shared loader.
        self.record: Callable[[], PartnerRecord] = self._own_record

    def _own_record(self) -> PartnerRecord:
        return self.session.call(partners.partner_record, self.partner_id)

    @property
    def title(self) -> str:
        raise NotImplementedError

    def show_partner(self, partner_id: int | None) -> None:
        self.partner_id = partner_id
        self.stale = True

    def refresh(self) -> None:
        self.stale = False
        if self.partner_id is None:
            self.clear()
            return
        try:
            self.load()
            self.loaded_id = self.partner_id
        except NotFound:  # removed (or its removal redone) while we were showing it
            self.partner_id = None
            self.clear()
        except ServerUnreachable:
            # The banner says so. What is shown (and typed) stays when it is this partner's;
            # another partner's is cleared, never shown under this one's name.
            self.stale = True
            if self.loaded_id != self.partner_id:
                self.loaded_id = None
                self.clear()

    def load(self) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def call(self, service, *args, **kwargs):
        return self.session.call(service, *args, **kwargs)

    def add(self, part, obj) -> str | None:
        return self.editor.add(part, obj, self.partner_id)

    def update(self, part, before, after, text: str | None = None) -> str | None:
        return self.editor.update(part, before, after, self.partner_id, text)

    def remove(self, part, obj) -> str | None:
        return self.editor.remove(part, obj, self.partner_id)

    # the shared list pattern ---------------------------------------------------------------
    def wire(self, panel: RecordPanel, part: Part, fields: Callable[[], Sequence[Field]],
             blank: Callable[[], Any], **mapping) -> None:
        """Add, Edit and Remove on `panel` become dialogs and undoable service calls."""
        panel.add_requested.connect(lambda: self.add_by_dialog(part, fields(), blank(),
                                                               **mapping))
        panel.edit_requested.connect(lambda obj: self.edit_by_dialog(part, fields(), obj,
                                                                     **mapping))
        panel.remove_requested.connect(lambda obj: panel.message.say(self.remove(part, obj)))

    def add_by_dialog(self, part: Part, fields: Sequence[Field], new, **mapping) -> RecordDialog:
        to_values, from_values = _mapping(**mapping)
        return self.open_dialog(tr("Add {noun}").format(noun=part.noun), fields,
                                to_values(new),
                                lambda values: self.add(part, from_values(new, values)))

    def edit_by_dialog(self, part: Part, fields: Sequence[Field], obj,
                       **mapping) -> RecordDialog:
        """Edit `obj` as loaded. When someone else saved it meanwhile, the save is refused
        with their change named, the workspace behind reloads, and the dialog stays open
        with what the user typed; fields the user left alone take the other person's
        values, and OK then saves over the version now shown."""
        to_values, from_values = _mapping(**mapping)
        state = {"loaded": obj}

        def submit(values: Values) -> str | None:
            loaded = state["loaded"]
            refusal = self.update(part, loaded, from_values(loaded, values))
            conflict = self.session.last_refusal
            if refusal and isinstance(conflict, EditConflict) and conflict.current is not None:
                state["loaded"] = conflict.current
                dialog.take_their_changes(to_values(conflict.current))
            return refusal

        dialog = self.open_dialog(tr("Edit {noun}").format(noun=part.noun), fields,
                                  to_values(obj), submit)
        return dialog

    def open_dialog(self, title: str, fields: Sequence[Field], values: Values,
                    submit: Callable[[Values], str | None]) -> RecordDialog:
        self.dialog = RecordDialog(title, fields, submit, values=values, parent=self)
        self.dialog.open()
        return self.dialog


def _mapping(to_values: Callable[[Any], Values] | None = None,
             from_values: Callable[[Any, Values], Any] | None = None):
    """Field keys are the record's attribute names, so by default a record's values fill the
    dialog and the dialog's values replace them; a tab passes its own mapping where the form
    differs from the record."""
    return (
        to_values or (lambda obj: {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}),
        from_values or (lambda obj, values: dataclasses.replace(
            obj, **{k: v for k, v in values.items() if hasattr(obj, k)})),
    )
