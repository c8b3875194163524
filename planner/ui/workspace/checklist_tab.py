"""Checklist: the four stages as groups with their progress; tick, add, edit, remove items."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtWidgets import QLabel, QVBoxLayout

from planner.domain.checklist import (
    Progress,
    due_again,
    is_done,
    progress_by_stage,
    stage_progress,
)
from planner.domain.model import Cadence, ChecklistItem, Scope
from planner.domain.stages import STAGE_ORDER, TRAITS, Stage
from planner.services import checklist
from planner.ui.session import today
from planner.ui.workspace.edits import Part, quoted
from planner.ui.workspace.fields import CheckField, ChoiceField, TextField
from planner.ui.workspace.labels import choices, label, short_date, tr
from planner.ui.workspace.record_panel import RecordPanel
from planner.ui.workspace.records import Column, Layout
from planner.ui.workspace.tab import WorkspaceTab

ITEM = Part(tr("checklist item"), checklist.add_item, checklist.update_item,
            checklist.remove_item, checklist.restore_item, lambda i: i.text)


@dataclass(frozen=True)
class StageGroup:
    """A stage heading in the tree, with its items beneath."""

    stage: Stage
    progress: Progress
    items: tuple[ChecklistItem, ...]
    current: bool

    @property
    def id(self) -> str:
        return self.stage.value


def trait_tooltip(item) -> str:
    if not isinstance(item, ChecklistItem) or item.trait is None:
        return ""
    t = TRAITS[item.trait]
    return tr("Trait {n}, {title}: {sentence}").format(n=t.number, title=t.title,
                                                       sentence=t.sentence)


def group_heading(group: StageGroup) -> str:
    here = tr("  (current stage)") if group.current else ""
    return tr("{stage}  {progress} done: {purpose}{here}").format(
        stage=label(group.stage), progress=group.progress, purpose=group.stage.purpose,
        here=here)


def item_text(item) -> str:
    """The item in full, and its note (if any) on a line of its own beneath it."""
    return item.text + (f"\n\u2014 {item.note}" if item.note.strip() else "")


def layout() -> Layout:
    return Layout(
        columns=[
            Column(tr("Item"), item_text, tooltip=lambda i: i.text,
                   checked=lambda i: is_done(i, today()), main=True),
            Column(tr("Trait"), lambda i: str(i.trait or ""), tooltip=trait_tooltip),
            Column(tr("With"), lambda i: tr("us") if i.scope is Scope.INTERNAL
                   else tr("both"), tooltip=lambda i: label(i.scope)),
            Column(tr("Done on"), lambda i: short_date(i.done_on)),
            Column(tr("Recurs"), recurrence),
            Column(tr("Note"), item_note, tooltip=item_note, hidden=True),
        ],
        children=lambda obj: obj.items if isinstance(obj, StageGroup) else (),
        spans=lambda obj: isinstance(obj, StageGroup),
        summary=Column("", group_heading, strong=lambda g: True,
                       tooltip=lambda g: g.stage.purpose),
    )


def recurrence(item: ChecklistItem) -> str:
    """How often, and beneath it when it is due again: two short lines keep the column
    narrow, so the item itself (the main column) keeps the width and is not wrapped to a
    word a line at 1024 pixels."""
    if item.cadence is None:
        return ""
    again = due_again(item)
    if again is None:
        return label(item.cadence)
    return tr("{cadence}\ndue {date}").format(cadence=label(item.cadence),
                                              date=short_date(again))


def item_note(item: ChecklistItem) -> str:
    if item.not_applicable:
        return tr("Not applicable: {reason}").format(reason=item.not_applicable_reason)
    return item.note


def trait_choices() -> list[tuple[int | None, str]]:
    return [(None, tr("none"))] + [(n, f"{n}. {t.title}") for n, t in TRAITS.items()]


def fields():
    return [
        TextField("text", tr("&Item"), lines=2, required=True),
        ChoiceField("stage", tr("&Stage"), choices(Stage)),
        ChoiceField("trait", tr("&Trait"), trait_choices(),
                    help=tr("The trait of a successful alliance this item comes from.")),
        ChoiceField("scope", tr("Done &with"), choices(Scope)),
        ChoiceField("cadence", tr("Re&curs"), [(None, tr("Once"))] + choices(Cadence),
                    help=tr("A recurring item counts as done for its period, then falls due "
                            "again.")),
        CheckField("not_applicable", tr("Not applicable"),
                   tr("Does not &apply to this partner")),
        TextField("not_applicable_reason", tr("&Why not"), lines=1),
        TextField("note", tr("&Note"), lines=3),
    ]


class ChecklistTab(WorkspaceTab):
    name = "checklist"

    def __init__(self, session, editor, parent=None):
        super().__init__(session, editor, parent)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.panel = RecordPanel(tr("Checklist"), layout(), noun=tr("item"), sortable=False,
                                 tree=True, editable=lambda o: isinstance(o, ChecklistItem),
                                 parent=self)
        self.wire(self.panel, ITEM, fields, self._blank_item)
        self.panel.toggled.connect(self.tick)
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addWidget(self.panel, 1)

    @property
    def title(self) -> str:
        return tr("Checklist")

    def _blank_item(self) -> ChecklistItem:
        """A new item goes to the stage selected in the tree (or the first)."""
        current = self.panel.current()
        stage = current.stage if current is not None else Stage.COURTSHIP
        return ChecklistItem(self.partner_id, stage, "")

    def load(self) -> None:
        record = self.record()
        items = checklist.in_order(record.checklist)
        stage = record.partner.stage
        progress = progress_by_stage(items, today())
        groups = [StageGroup(s, progress[s], tuple(i for i in items if i.stage is s),
                             s is stage) for s in STAGE_ORDER]
        self.panel.set_records(groups)
        reached = stage_progress(items, stage, today())
        self.summary.setText(tr("{done} of {total} items done up to {stage}. Hover a trait "
                                "number to read the trait; press Space to tick the selected "
                                "item.").format(done=reached.done, total=reached.total,
                                                stage=label(stage)))

    def clear(self) -> None:
        self.panel.set_records([])
        self.summary.clear()

    def tick(self, item, done: bool) -> None:
        if not isinstance(item, ChecklistItem):
            return
        text = (tr("Tick '{item}'") if done else tr("Untick '{item}'")).format(
            item=quoted(item.text))
        today = self.session.today()
        uow = self.session.uow
        # Each direction saves over the version the other one stored: a tick, undo or redo
        # made after someone else changed the item is refused, never written over them.
        seen = {"stored": item}

        def tick():
            seen["stored"] = checklist.tick_item(uow(), item.id, done, today,
                                                 seen["stored"].version)

        def untick():
            loaded = seen["stored"]
            seen["stored"] = checklist.update_item(
                uow(), replace(item, version=loaded.version), loaded=loaded)

        refusal = self.editor.run(text, tick, lambda _: untick(), self.partner_id)
        self.panel.message.say(refusal)
