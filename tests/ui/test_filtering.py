"""Typing in the filter box (or choosing a stage) narrows the table and never chooses a
partner: the one chosen stays chosen while listed and is let go when filtered out; nobody
else is opened because the current row went away. The filter's answers follow the rows when
they change (a refresh, a sort) and are the same as asking each row afresh."""

from PySide6.QtCore import QItemSelectionModel, Qt

from planner.ui.portfolio_model import Column, PartnerIdRole


def listed_ids(panel) -> list[int]:
    return [panel.proxy.index(r, 0).data(PartnerIdRole) for r in range(panel.proxy.rowCount())]


def chosen_announced(panel) -> list:
    announced = []
    panel.partner_selected.connect(announced.append)
    return announced


def test_a_current_row_filtered_out_chooses_nobody(window):
    panel = window.panel
    panel.table.setFocus()
    last = panel.proxy.index(panel.proxy.rowCount() - 1, 0)
    panel.table.selectionModel().setCurrentIndex(last, QItemSelectionModel.SelectionFlag.NoUpdate)
    hidden = panel.model.row_at(panel.model.row_of(last.data(PartnerIdRole))).summary.partner
    others = [panel.model.row_at(r).summary.partner for r in range(panel.model.rowCount())]
    word = next(p.name for p in others if p.name.casefold() not in hidden.name.casefold())
    announced = chosen_announced(panel)
    panel.filter.setText(word)
    assert hidden.id not in listed_ids(panel)
    assert panel.selected_partner() is None
    assert announced == []
    assert window.right.currentWidget() is window.home  # no partner opened


def test_the_chosen_partner_stays_chosen_while_listed_and_is_let_go_when_not(window):
    panel = window.panel
    first = panel.model.row_at(0).summary.partner
    window.select_partner(first.id)
    announced = chosen_announced(panel)
    panel.filter.setText(first.name)
    assert panel.selected_partner() == first.id and announced == []
    panel.filter.setText(first.name + " no such partner")
    assert panel.proxy.rowCount() == 0
    assert panel.selected_partner() is None
    assert announced == [None]  # once, however many gaps the remaining rows had
    panel.filter.setText("")
    panel.set_stage_filter(first.stage.value)
    assert first.id in listed_ids(panel) and panel.selected_partner() is None


def test_the_answers_follow_the_rows_and_match_each_row_asked_afresh(window):
    panel = window.panel
    model = panel.model
    panel.filter.setText("a")
    before = listed_ids(panel)
    panel.table.sortByColumn(Column.HEALTH, Qt.SortOrder.DescendingOrder)
    assert sorted(listed_ids(panel)) == sorted(before)  # the same rows, in the new order
    window.refresh()
    assert sorted(listed_ids(panel)) == sorted(before)
    for stage in ("", "courtship", "bridges"):
        panel.set_stage_filter(stage)
        for text in ("", "a", "a e", "zzz"):
            panel.filter.setText(text)
            words = text.casefold().split()
            expected = [model.row_at(r).partner_id for r in range(model.rowCount())
                        if (not stage or model.row_at(r).summary.partner.stage.value == stage)
                        and all(w in model.row_at(r).haystack for w in words)]
            assert listed_ids(panel) == expected, (stage, text)
