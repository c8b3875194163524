"""While the window is idle after opening, each workspace tab is shown and painted once, out of
sight.

A tab's first showing polishes its widgets, works out their size hints and lays it out, and its
first paint draws its letters for the first time; the first visit to each tab paid for that
before. The window prepares the workspace while idle (see MainWindow._prepare_workspace): these
tests hold it to doing so without anything painted in sight (a tab is painted into a pixmap,
hidden), without moving the keyboard focus, and with the home view still in front.
"""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from planner.ui.main_window import PREPARE_WORKSPACE_MS
from planner.ui.workspace.record_panel import RecordPanel
from tests.ui.workspace.test_tab_painting import run_until_idle


class Painted(QObject):
    def __init__(self, within: QWidget):
        super().__init__()
        self.within = within
        self.widgets: list[str] = []

    def eventFilter(self, watched, event):  # noqa: N802
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and (watched is self.within or self.within.isAncestorOf(watched))):
            self.widgets.append((type(watched).__name__, watched.isVisible()))
        return False


def test_every_tab_is_laid_out_unseen_while_the_window_is_idle(window):
    run_until_idle()
    workspace = window.workspace  # built (the idle preparation may not have run yet)
    tabs = [workspace.widget(i) for i in range(workspace.count())]
    window.activateWindow()
    window.panel.table.setFocus()
    run_until_idle()
    focus = QApplication.focusWidget()
    painted = Painted(workspace)
    QApplication.instance().installEventFilter(painted)
    try:
        window._prepare_workspace()
        run_until_idle()
    finally:
        QApplication.instance().removeEventFilter(painted)
    assert [name for name, in_sight in painted.widgets if in_sight] == []
    # each tab painted out of sight, into a pixmap
    assert {name for name, _ in painted.widgets} >= {type(t).__name__ for t in tabs}
    assert window.right.currentWidget() is window.home
    assert QApplication.focusWidget() is focus is window.panel.table
    assert workspace.currentIndex() == 0
    for tab in tabs:
        assert not tab.testAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent), tab.name
        assert tab.size() == workspace.currentWidget().size(), tab.name
        for panel in tab.findChildren(RecordPanel):
            # laid out at its size: the header spans the list, its main column the room
            view = panel.view
            assert view.header().width() == view.viewport().width() > 100, tab.name


def test_a_partner_chosen_after_the_preparation_shows_as_before(window):
    run_until_idle()
    window._prepare_workspace()
    run_until_idle()
    model = window.panel.model
    window.select_partner(model.row_at(0).partner_id, "meetings")
    run_until_idle()
    assert window.right.currentWidget() is window.workspace
    assert window.workspace.currentWidget() is window.workspace.tab("meetings")
    assert window.workspace.tab("meetings").log_panel.records()


def test_the_preparation_fills_every_tab_with_the_first_partner_then_empties_them(window):
    """Each tab is filled once, unseen, with the first partner listed (its code run and its
    statements compiled before anyone chooses a partner), and the workspace is left with no
    partner shown."""
    run_until_idle()
    workspace = window.workspace
    first = window.panel.model.row_at(0).partner_id
    filled = []
    for tab in workspace.tabs.values():
        original = tab.refresh
        tab.refresh = lambda tab=tab, original=original: (
            filled.append((tab.name, tab.partner_id)), original())
    window._prepare_workspace()
    run_until_idle()
    assert {name for name, partner in filled if partner == first} == set(workspace.tabs)
    assert workspace.partner_id is None and not workspace.isEnabled()
    assert window.right.currentWidget() is window.home


def test_the_tabs_are_painted_a_turn_of_the_event_loop_each_and_stop_for_a_chosen_partner(
        window, qtbot):
    """One tab per turn, so a click waits for one tab's paint at most; a partner chosen in
    between keeps its tabs as chosen (the preparation does not empty them)."""
    qtbot.wait(3 * PREPARE_WORKSPACE_MS)  # the preparation the opening asked for, done
    run_until_idle()
    workspace = window.workspace
    rendered = []
    for index in range(workspace.count()):
        tab = workspace.widget(index)
        original = tab.render
        tab.render = lambda *args, tab=tab, original=original: (
            rendered.append(tab.name), original(*args))
    window._prepare_workspace()
    assert rendered == ["overview"]  # the first at once, the rest on later turns
    for _ in range(100):  # a turn or a few
        QApplication.processEvents()
        if len(rendered) >= 2:
            break
    so_far = list(rendered)
    assert 2 <= len(so_far) < workspace.count()
    assert so_far == [workspace.widget(i).name for i in range(len(so_far))]
    chosen = window.panel.model.row_at(1).partner_id
    window.select_partner(chosen)
    run_until_idle()
    assert rendered == so_far
    assert workspace.partner_id == chosen and workspace.isEnabled()
