"""The Qt binding must not take references from None (PySide6 6.12.0 on Python 3.11 did).

There, every call of a Qt function that returns nothing (the static
QCoreApplication.processEvents() the app and pytest-qt call, setObjectName, ...) took one
reference from None, and the process later aborted with "none_dealloc". pyproject.toml
excludes that release; this test fails if a binding with the leak comes back.
"""

import sys

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QTimer

CALLS = 1_000


def calls(qapp):
    thing = QObject()
    timer = QTimer()
    return {
        "static processEvents": lambda: QCoreApplication.processEvents(),
        "processEvents on the instance": lambda: qapp.processEvents(),
        "sendPostedEvents": lambda: QCoreApplication.sendPostedEvents(),
        "setObjectName": lambda: thing.setObjectName("x"),
        "QTimer.stop": timer.stop,
    }


@pytest.mark.parametrize("name", [
    "static processEvents", "processEvents on the instance", "sendPostedEvents",
    "setObjectName", "QTimer.stop"])
def test_qt_calls_leave_none_alone(qapp, name):
    call = calls(qapp)[name]
    call()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        call()
    lost = before - sys.getrefcount(None)
    assert lost < CALLS // 10, f"{CALLS:,} calls of {name} took {lost:,} references from None"
