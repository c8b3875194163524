"""The partner workspace: one tab per part of the relationship.

The main window owns one PartnerWorkspace and calls `show_partner(partner_id)` when the
selection changes and `show_tab(name)` when a search hit opens a partner at a given part.
Tabs refresh themselves lazily: an edit to the partner (the session's `changed` signal)
marks every tab stale and reloads only the one on screen. Every tab reads from one
`PartnerRecord` the workspace loads once per partner (and again after a change): one read
transaction, nothing read twice however many tabs are visited. A refusal of an edit made here is
shown next to its field, list or dialog; `editor.capturing` is True while such an edit runs,
so the window can leave `session.failed` alone then and show only the refusals of undo and
redo, which have no field to sit next to.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QTabWidget, QWidget

from planner import collector
from planner.domain.model import PartnerRecord
from planner.services import partners
from planner.ui.session import AppSession
from planner.ui.workspace.checklist_tab import ChecklistTab
from planner.ui.workspace.differences_tab import DifferencesTab
from planner.ui.workspace.edits import Editor
from planner.ui.workspace.health_tab import HealthTab
from planner.ui.workspace.history_tab import HistoryTab
from planner.ui.workspace.meetings_tab import MeetingsTab
from planner.ui.workspace.overview_tab import OverviewTab
from planner.ui.workspace.people_tab import PeopleTab
from planner.ui.workspace.record_panel import RecordPanel
from planner.ui.workspace.relationship_map import RelationshipMap
from planner.ui.workspace.tab import WorkspaceTab
from planner.ui.workspace.tab_bar import FittingTabBar
from planner.ui.workspace.value_tab import ValueTab

TAB_NAMES = ("overview", "checklist", "people", "differences", "meetings", "value", "health",
             "history")
# A layout request climbs one parent a round (tab, stack, tab widget, splitter, window): the
# shown tab is laid out within this many rounds of them.
LAYOUT_ROUNDS = 12
TAB_CLASSES = (OverviewTab, ChecklistTab, PeopleTab, DifferencesTab, MeetingsTab, ValueTab,
               HealthTab, HistoryTab)


class PartnerWorkspace(QTabWidget):
    def __init__(self, session: AppSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.partner_id: int | None = None
        self._record: PartnerRecord | None = None
        self.editor = Editor(session)
        self.setTabBar(FittingTabBar(self))  # every tab in sight at 1024 pixels
        self.setDocumentMode(True)
        self.setAccessibleName(self.tr("Partner workspace"))
        self.tabs: dict[str, WorkspaceTab] = {}
        self._panels: dict[WorkspaceTab, list[RecordPanel]] = {}  # each tab's lists
        for cls in TAB_CLASSES:
            tab = cls(session, self.editor, self)
            tab.record = self.record
            self.tabs[cls.name] = tab
            self.addTab(tab, tab.title)
        self.currentChanged.connect(self._refresh_current)
        session.changed.connect(self._partner_changed)
        if session.read_only:
            self._read_only()
        self.show_partner(None)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        """The workspace takes the height the window gives it; its tabs wrap their text in
        that. Qt's tab widget says it depends on the width when any tab does (a wrapped
        label), and every layout above it then asked each of the eight tabs, shown or not,
        how tall it would be at that width, each time any tab laid itself out: a quarter of
        showing a big partner's tabs."""
        return False

    def _read_only(self) -> None:
        """A read-only portfolio (a reader's team portfolio, a file open elsewhere): every
        list, tick and drag reads but cannot change (the overview's form and stage move
        follow the session themselves)."""
        for panel in self.findChildren(RecordPanel):
            panel.set_writable(False)
        for view in self.findChildren(RelationshipMap):
            view.writable = False

    def record(self) -> PartnerRecord:
        """Everything about the shown partner, read in one transaction when first asked."""
        if self._record is None or self._record.partner.id != self.partner_id:
            self._record = self.session.call(partners.partner_record, self.partner_id)
        return self._record

    def show_partner(self, partner_id: int | None) -> None:
        self.partner_id = partner_id
        self._record = None
        for tab in self.tabs.values():
            tab.show_partner(partner_id)
        self.setEnabled(partner_id is not None)
        self._refresh_current()

    def show_every_tab(self) -> None:
        """Show each tab once, while the window is idle and the workspace is out of sight
        (the caller hides it again before anything is painted): the first showing of a tab
        polishes its widgets, works out their size hints and lays it out, which the first
        visit to each tab paid for before."""
        current = self.currentIndex()
        for index in range(self.count()):
            self.setCurrentIndex(index)
        self.setCurrentIndex(current)

    def paint_every_tab(self, partner_id: int | None) -> None:
        """Paint each tab once into a pixmap while the workspace is out of sight holding
        `partner_id` (see show_every_tab), a tab per turn of the event loop, then show no
        partner again. A tab's first paint draws each letter of its fonts for the first time
        (the font engine renders it, then it is kept), the relationship map's too, and fills
        the style's caches: 20 of the 454 million instructions of showing a big partner's
        seven tabs the first time (callgrind). A turn each, so a click or a key waits for one
        tab's paint at most. Stops as soon as a partner is chosen (the workspace is in sight,
        or holds another partner)."""

        def paint(index: int) -> None:
            if self.isVisible() or self.partner_id != partner_id:
                return  # a partner was chosen meanwhile: the workspace is theirs
            if index < self.count():
                tab = self.widget(index)
                tab.render(QPixmap(tab.size()))
                QTimer.singleShot(0, self, lambda: paint(index + 1))
            else:
                self.show_partner(None)

        paint(0)

    def show_tab(self, name: str) -> None:
        if name in TAB_NAMES and TAB_NAMES.index(name) < self.count():
            self.setCurrentIndex(TAB_NAMES.index(name))

    def tab(self, name: str) -> WorkspaceTab:
        return self.tabs[name]

    def _partner_changed(self, partner_id: int) -> None:
        if partner_id not in (0, self.partner_id):
            return
        self._record = None
        for tab in self.tabs.values():
            tab.stale = True
        self._refresh_current()

    def refresh_stale(self) -> None:
        """Load the tab on screen if it could not load before (the server was away)."""
        self._refresh_current()

    def _refresh_current(self, *args) -> None:
        tab = self.currentWidget()
        if not isinstance(tab, WorkspaceTab):
            return
        # a partner's record and a tab's rows are thousands of objects made at once, none of
        # them garbage: see planner.collector
        with collector.held():
            if tab.stale:
                tab.refresh()
            self._lay_out_now(tab)

    def _lay_out_now(self, tab: WorkspaceTab) -> None:
        """Lay the shown tab out before it is first painted, not on the turns of the event loop
        after it: Qt posts the layout of a newly shown tab (and of each parent it resizes) as an
        event, and a list lays out its rows on a timer, so the tab was painted at the size it
        had, laid out, and painted again, its lists often a third time when a scroll bar came
        and narrowed their rows. Laid out here, the window's one paint is the last."""
        panels = self._panels.get(tab)
        if panels is None:
            panels = self._panels[tab] = tab.findChildren(RecordPanel)
        for _ in range(LAYOUT_ROUNDS):  # an empty round costs microseconds
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            for panel in panels:
                panel.lay_out_now()
