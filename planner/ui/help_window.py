"""Help: a short guide to the app (F1) and the list of keyboard shortcuts.

The shortcuts are read from the window's own actions, so the list can never drift from what
the keys really do.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from planner.ui.look import spacing


def tr(text: str) -> str:
    return QCoreApplication.translate("Help", text)


GUIDE = """
<h2>Partner Planner in five minutes</h2>
<p>A <b>portfolio</b> is one file holding all your strategic alliances. The list on the
left shows every <b>partner</b>; the home view on the right shows what needs you today.</p>
<h3>What needs you</h3>
<p>A partner <b>needs you now</b> (a filled mark, in the alert colour) when a review is
overdue, its health is falling or a high-risk difference has no agreed way to manage it.
Partners to <b>keep an eye on</b> (an eye) have overdue actions or no recent meeting. The
second line of each row says why; the home view lists them all, most urgent first.</p>
<h3>A partner's workspace</h3>
<ul>
<li><b>Overview</b>: who they are, why you are together, and the <b>stage</b> (courtship,
commitment, bridges, exit). <i>Move to…</i> changes it.</li>
<li><b>Checklist</b>: what each stage asks of you, item by item. Space ticks an item.</li>
<li><b>People</b>: stakeholders on both sides, the ties between them and the
<b>ambassadors</b> who watch over the relationship. Drag from one person to someone on the
other side of the map to add a tie.</li>
<li><b>Differences</b>: how we work and how they work, the risk, and the agreed way to
manage it.</li>
<li><b>Meetings</b>: the log, the moments of truth, and the actions agreed.</li>
<li><b>Value</b> and <b>Health</b>: what each side gives, and how both sides score the
alliance over time.</li>
</ul>
<h3>Before a meeting</h3>
<p>Brief &gt; <i>Preview Meeting Brief</i> shows the one-page brief for the selected partner;
print it or save it as PDF. The portfolio brief covers every partner.</p>
<h3>Safety</h3>
<p>Every edit is saved at once and can be undone. A backup is taken when a portfolio is
opened (File &gt; Backups); File &gt; Check File verifies the file.</p>
<h3>Working with others</h3>
<p>On a team portfolio, what colleagues change appears in your window as they save it; a
window that opened a file read-only follows whoever writes it. View &gt; <i>Refresh</i>
(F5) reloads everything at once.</p>
"""


class HelpDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.column = QVBoxLayout(self)
        self.column.setSpacing(spacing(self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

    def finish(self, body: QWidget) -> None:
        self.column.addWidget(body, 1)
        self.column.addWidget(self.buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 46 * em, 40 * self.fontMetrics().lineSpacing()
        if screen is not None:
            width, height = min(width, screen.width() * 9 // 10), min(
                height, screen.height() * 8 // 10)
        self.resize(width, height)


def show_guide(parent: QWidget) -> HelpDialog:
    dialog = HelpDialog(tr("Partner Planner Guide"), parent)
    text = QTextBrowser(dialog)
    text.setOpenExternalLinks(False)
    text.setHtml(tr(GUIDE))
    text.setAccessibleName(tr("Guide"))
    dialog.finish(text)
    dialog.show()
    return dialog


FIRST_SPECIAL_KEY = Qt.Key.Key_Help  # from here on: Help, media and "office" keys


def typeable(sequence: QKeySequence) -> bool:
    """A sequence made of keys every keyboard has (not the Undo or Save keys of some)."""
    return all(sequence[i].key().value < FIRST_SPECIAL_KEY.value
               or sequence[i].key().value > 0x01FFFFFF for i in range(sequence.count()))


def shortcut_rows(parent: QWidget) -> list[tuple[str, str]]:
    """(command, keys) for every action of the window that has a shortcut."""
    rows = []
    for action in parent.actions.all():
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
                if typeable(k)]
        if keys:
            rows.append((action.text().replace("&", "").rstrip("\u2026."), ", ".join(keys)))
    rows += [(tr("Move into the workspace"), tr("Enter")),
             (tr("Back to the portfolio home"), tr("Esc")),
             (tr("Tick the selected checklist item"), tr("Space"))]
    return rows


def show_shortcuts(parent: QWidget) -> HelpDialog:
    dialog = HelpDialog(tr("Keyboard Shortcuts"), parent)
    rows = shortcut_rows(parent)
    table = QTableWidget(len(rows), 2, dialog)
    table.setHorizontalHeaderLabels([tr("Command"), tr("Keys")])
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    for row, (command, keys) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(command))
        table.setItem(row, 1, QTableWidgetItem(keys))
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.setAccessibleName(html.escape(tr("Keyboard shortcuts")))
    dialog.finish(table)
    dialog.show()
    return dialog
