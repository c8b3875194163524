"""A main window on a real sample portfolio in tmp_path, with its own settings file."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.services import portfolio_io
from planner.services.portfolio import open_portfolio
from planner.ui.settings import Settings


@pytest.fixture
def sample_path(tmp_path):
    path = tmp_path / "sample.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(),
                                    portfolio_io.sample_records(dt.date.today()))
    return path


@pytest.fixture
def settings(tmp_path):
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def make_window(qtbot, settings):
    from planner.ui.main_window import MainWindow

    def make(path=None, **kwargs):
        window = MainWindow(settings)
        qtbot.addWidget(window)
        if path is not None:
            window.set_portfolio(open_portfolio(path, **kwargs))
        window.show()
        return window

    return make


@pytest.fixture
def window(make_window, sample_path):
    return make_window(sample_path)


@pytest.fixture
def messages(monkeypatch):
    """Every QMessageBox shown through the static helpers, as (kind, title, text)."""
    shown = []

    def record(kind, answer=QMessageBox.StandardButton.Ok):
        def show(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer
        return show

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(record("about")))
    return shown
