"""A tab is laid out before it is first painted: nothing moves once the window paints it.

Qt posts the layout of a newly shown tab (and of each parent it resizes) as events, and a
list lays out its rows on a timer: left to that, a tab was painted at the size it had, laid
out, and painted again, its lists once more when a scroll bar came and narrowed their rows.
The workspace lays the shown tab out before the event loop paints it; this test holds it to
that at a window size where the lists need scroll bars, and each list to one paint and one
measuring of its rows.
"""

from PySide6.QtCore import QEvent, QEventLoop, QObject

from planner.ui.workspace import TAB_NAMES
from planner.ui.workspace.record_panel import RecordPanel


class Paints(QObject):
    def __init__(self):
        super().__init__()
        self.count: dict[QObject, int] = {}

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count[watched] = self.count.get(watched, 0) + 1
        return False


def run_until_idle() -> None:
    loop = QEventLoop()  # not the static processEvents (see tests/ui/test_qt_binding.py)
    for _ in range(100):
        if not loop.processEvents():
            return


def shape(panel: RecordPanel) -> tuple:
    view = panel.view
    return (view.viewport().size(), view.verticalScrollBar().isVisible(),
            [view.header().sectionSize(c) for c in range(view.header().count())],
            [view.visualRect(view.model().index(r, 0)).height()
             for r in range(min(view.model().rowCount(), 20))])


def test_each_list_is_laid_out_before_the_tab_is_painted(
        workspace, partner_id):
    workspace.resize(650, 330)  # short: most lists scroll
    workspace.show_partner(partner_id)
    run_until_idle()
    paints = Paints()
    scrolled = 0
    for name in TAB_NAMES[1:]:
        workspace.show_tab(name)
        panels = [p for p in workspace.tab(name).findChildren(RecordPanel) if p.isVisible()]
        laid_out = {panel: shape(panel) for panel in panels}  # before any event is handled
        for panel in panels:
            panel.view.viewport().installEventFilter(paints)
        run_until_idle()
        for panel in panels:
            panel.view.viewport().removeEventFilter(paints)
            assert shape(panel) == laid_out[panel], (name, panel.title.text())
            # once: not again when Qt's tree view repaints a resized column on a timer of its
            # own, after the window's paint (see RecordPanel._fit_columns)
            assert paints.count.get(panel.view.viewport()) == 1, (name, panel.title.text())
            scrolled += panel.view.verticalScrollBar().isVisible()
    assert scrolled >= 3  # the case that painted a list three times


def test_a_stage_row_spans_the_width_of_the_checklist(workspace, partner_id):
    workspace.show_partner(partner_id)
    workspace.show_tab("checklist")
    run_until_idle()
    view = workspace.tab("checklist").panel.view
    model = view.model()
    header = view.header()
    assert model.rowCount() == 4
    for row in range(model.rowCount()):
        stage = model.index(row, 0)
        assert view.visualRect(stage).width() == header.length() - view.indentation()
        assert view.visualRect(stage).width() > header.sectionSize(0)


def test_rows_that_cannot_fit_are_measured_once_when_first_shown(workspace, partner_id):
    """A list going from empty to more rows than fit was measured at the full width, then
    again at the width the scroll bar its rows brought left (every wrapped text measured
    twice). The scroll bar is shown before such rows are laid out now, and each is measured
    once."""
    workspace.resize(650, 330)
    workspace.show_partner(partner_id)
    run_until_idle()
    overflowing = 0
    for name in TAB_NAMES[1:]:
        panels = workspace.tab(name).findChildren(RecordPanel)
        asked: dict = {}
        measures = []
        for panel in panels:
            delegate = panel.view.itemDelegateForColumn(panel.main_columns[0])
            original = delegate.sizeHint

            def counted(option, index, original=original, panel=panel, asked=asked):
                key = (panel, index.internalPointer(), index.column())
                asked[key] = asked.get(key, 0) + 1
                return original(option, index)

            delegate.sizeHint = counted
            measures.append((delegate, original))
        workspace.show_tab(name)
        run_until_idle()
        for delegate, original in measures:
            delegate.sizeHint = original
        for panel in panels:
            view = panel.view
            if view.model().rows_in(view.model().records()) * view.fontMetrics().height() \
                    <= view.viewport().height():
                continue  # they might fit, wrapped or not: measured again if they do not
            overflowing += 1
            twice = [key for key, times in asked.items() if key[0] is panel and times > 1]
            assert not twice, (name, panel.title.text(), len(twice))
    assert overflowing >= 3


def test_filling_a_list_lays_its_details_out_once(workspace, partner_id):
    """The details pane beside a list is laid out once per fill, for the row made current:
    filling made the first row current, then asked for its details again (each setHtml lays
    the whole text out anew)."""
    workspace.show_partner(partner_id)
    checked = 0
    for name in TAB_NAMES:
        workspace.show_tab(name)
        for panel in workspace.tab(name).findChildren(RecordPanel):
            records = panel.records()
            if panel._details is None or not records:
                continue
            shown, original = [], panel.details.setHtml
            panel.details.setHtml = lambda html, original=original, shown=shown: (
                shown.append(html), original(html))
            panel.set_records([])
            panel.set_records(records)
            assert len(shown) == 2, (name, len(shown))  # emptied, then the current row's
            assert shown[-1] == panel._details(panel.current()) != ""
            checked += 1
    assert checked >= 2
