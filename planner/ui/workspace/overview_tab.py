"""Overview: who the partner is and why we are together; every field saves as it is edited."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.domain.checklist import StageMove
from planner.domain.errors import EditConflict, ServerUnreachable
from planner.domain.model import Kind, Partner, Side
from planner.domain.people import ambassadors
from planner.domain.stages import STAGE_ORDER, Stage
from planner.services import partners
from planner.ui.look import read_only_look, spacing
from planner.ui.workspace.edits import Part, quoted
from planner.ui.workspace.fields import (
    ChoiceField,
    DateField,
    Field,
    FieldForm,
    LineField,
    TagsField,
    TextField,
)
from planner.ui.workspace.labels import choices, label, tr
from planner.ui.workspace.record_panel import MessageLine
from planner.ui.workspace.stage_track import StageTrack
from planner.ui.workspace.tab import WorkspaceTab

PARTNER = Part(tr("partner"), partners.add_partner, partners.update_partner,
               partners.remove_partner, partners.restore_partner, lambda p: p.name)


def fields() -> list[Field]:
    return [
        LineField("name", tr("&Name"), required=True),
        LineField("organisation", tr("&Organisation")),
        ChoiceField("kind", tr("&Kind"), choices(Kind)),
        TagsField("tags", tr("T&ags")),
        TextField("definition", tr("Shared &definition"),
                  help=tr("What this alliance is, in words both sides would sign.")),
        TextField("unique_result", tr("&Result neither side\ncould reach alone")),
        LineField("owner", tr("O&wner"), help=tr("Who on our side owns this alliance.")),
        DateField("next_review", tr("Ne&xt review")),
        LineField("review_place", tr("Review &place")),
        TextField("decision_needed", tr("Decision the review\nmust take"), lines=2),
        TextField("notes", tr("No&tes"), lines=4),
    ]


class OverviewTab(WorkspaceTab):
    name = "overview"

    def __init__(self, session, editor, parent=None):
        super().__init__(session, editor, parent)
        self.partner: Partner | None = None
        self.form = FieldForm(fields())
        for field in self.form.fields.values():
            field.edited.connect(lambda f=field: self.save_field(f))

        # The stage: where the partner is on the track, and the one action that moves it.
        self.track = StageTrack(self)
        self.stage_label = QLabel(self)  # the current stage's purpose, in words
        self.stage_label.setWordWrap(True)
        self.move_button = QPushButton(tr("&Move to\u2026"), self)
        self.move_button.setAutoDefault(False)
        self.move_button.setAccessibleName(tr("Move to another stage"))
        self.move_menu = QMenu(self.move_button)
        self.move_button.setMenu(self.move_menu)
        self.move_message = MessageLine(self)
        purpose_row = QHBoxLayout()
        purpose_row.setContentsMargins(0, 0, 0, 0)
        purpose_row.addWidget(self.stage_label, 1)
        purpose_row.addWidget(self.move_button, 0, Qt.AlignmentFlag.AlignTop)
        stage_box = QWidget(self)
        stage_column = QVBoxLayout(stage_box)
        stage_column.setContentsMargins(0, 0, 0, 0)
        stage_column.setSpacing(spacing(self) // 2)
        stage_column.addWidget(self.track)
        stage_column.addLayout(purpose_row)
        stage_column.addWidget(self.move_message)
        caption = QLabel(tr("&Stage"), self)
        caption.setBuddy(self.move_button)
        self.form.form.insertRow(3, caption, stage_box)

        self.ambassadors = QLabel(self)
        self.ambassadors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ambassadors.setAccessibleName(tr("Ambassadors"))
        self.form.form.insertRow(8, tr("Ambassadors"), self.ambassadors)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(scroll)
        self._set_tab_order()

    @property
    def title(self) -> str:
        return tr("Overview")

    def _set_tab_order(self) -> None:
        """Tab follows the form top to bottom, the stage control where it is shown."""
        f = self.form.fields
        chain = [f["name"].line, f["organisation"].line, f["kind"].combo,
                 self.move_button, f["tags"].line, f["definition"].text,
                 f["unique_result"].text, f["owner"].line, f["next_review"].has_date,
                 f["next_review"].date, f["review_place"].line, f["decision_needed"].text,
                 f["notes"].text]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # showing -----------------------------------------------------------------------------
    def load(self) -> None:
        record = self.record()
        # the same partner reloaded (after someone's change): what is being typed stays
        same = self.partner is not None and self.partner.id == record.partner.id
        self.partner = record.partner
        stakeholders = list(record.stakeholders)
        self.form.setEnabled(not self.session.read_only)
        read_only_look(self.form, self.session.read_only)  # readable, not greyed out
        kept = self.form.set_values(dataclasses.asdict(self.partner)
                                    | {"tags": self.partner.tags}, keep_typing=same)
        self.form.clear_messages(keep=kept)  # an unsaved change keeps its reason beside it
        review = self.partner.next_review
        if review is not None and review < self.session.today():
            # Overdue is said in words next to the date, in the alert colour, as everywhere.
            self.form.say("next_review", tr("Overdue since {date}: hold the review or set a "
                                            "new date.").format(date=review.isoformat()))
        stage = self.partner.stage
        self.track.set_stage(stage)
        self.stage_label.setText(stage.purpose)
        self._fill_move_menu(stage)
        self.move_button.setEnabled(not self.session.read_only)
        self.move_message.say(None)
        named = ambassadors(stakeholders)
        if named:
            self.ambassadors.setText("\n".join(
                f"{tr('Ours') if s.side is Side.OURS else tr('Theirs')}: {s.name}"
                + (f", {s.role}" if s.role else "") for s in named))
        else:
            self.ambassadors.setText(tr("None named yet: mark one on the People tab."))

    def clear(self) -> None:
        self.partner = None
        self.form.set_values({key: None for key in self.form.fields})
        self.stage_label.clear()
        self.track.set_stage(None)
        self.move_menu.clear()
        self.ambassadors.clear()
        self.form.setEnabled(False)

    # saving a field -----------------------------------------------------------------------
    def save_field(self, field: Field) -> None:
        """Saves one field as soon as it is edited; a refusal stays next to the field."""
        if self.partner is None:
            return
        value = field.value()
        if value == getattr(self.partner, field.key):
            self.form.say(field.key, None)
            return
        if field.key in self.form.missing():
            return
        before = self.partner
        after = dataclasses.replace(before, **{field.key: value})
        text = tr("Change {field} of '{partner}'").format(
            field=field.plain_label.lower(), partner=quoted(before.name))
        refusal = self.update(PARTNER, before, after, text)
        if refusal and isinstance(self.session.last_refusal, EditConflict):
            # The form reloaded with the other person's change; what this person typed
            # stays in its field, not saved, to be saved over theirs or dropped.
            field.set_value(value)
        self.form.say(field.key, refusal, refused=True)

    # moving stage -------------------------------------------------------------------------
    def _fill_move_menu(self, current: Stage) -> None:
        """Every other stage, in order, each named with what it is for."""
        self.move_menu.clear()
        for stage in STAGE_ORDER:
            if stage is current:
                continue
            direction = tr("back to") if stage.order < current.order else tr("on to")
            action = self.move_menu.addAction(f"{direction} {label(stage)}: {stage.purpose}")
            action.triggered.connect(lambda _checked=False, s=stage: self.move_to(s))

    def move_to(self, target: Stage) -> None:
        if self.partner is None:
            return
        current = self.partner.stage
        if target is current:
            self.move_message.say(tr("The partner is already in this stage."))
            return
        try:
            move = self.call(partners.plan_move, self.partner_id, target)
        except ServerUnreachable as error:
            self.move_message.say(str(error))
            return
        if move.needs_confirmation and not self.confirm_move(move):
            return
        partner_id, uow = self.partner_id, self.session.uow
        text = tr("Move '{partner}' to {stage}").format(partner=quoted(self.partner.name),
                                                        stage=label(target))
        # Each direction moves the partner as the other one left it: a move, undo or redo
        # made after someone else changed the partner is refused, not applied over them.
        seen = {"version": self.partner.version}

        def move(stage):
            moved = partners.move_to_stage(uow(), partner_id, stage, confirmed=True,
                                           version=seen["version"])
            seen["version"] = moved.version

        refusal = self.editor.run(text, lambda: move(target), lambda _: move(current),
                                  partner_id)
        self.move_message.say(refusal)

    def confirm_move(self, move: StageMove) -> bool:
        """Ask before leaving earlier stages' items unticked (tests replace this)."""
        shown = move.unticked[:12]
        lines = "\n".join(f"• {label(i.stage)}: {i.text}" for i in shown)
        more = len(move.unticked) - len(shown)
        if more:
            lines += "\n" + tr("…and {n} more").format(n=more)
        box = QMessageBox(QMessageBox.Icon.Question, tr("Move to {stage}?").format(
            stage=label(move.target)), tr("{n} items of earlier stages are not ticked yet:")
            .format(n=len(move.unticked)), QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(lines)
        move_anyway = box.addButton(tr("Move anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is move_anyway
