"""Holds Python's cyclic garbage collector off while the command line's modules import.

Importing SQLAlchemy, the models and the services creates some hundred thousand objects
that live as long as the process; the collector, triggered every few hundred new objects,
walked them again and again (about a tenth of a launch). This module is imported first by
`planner.cli`, which calls `imports_done()` once its own few imports are in; each command's
modules, and the app's, are then imported inside `importing()`. Either way the objects made
so far are frozen (never scanned again; they are never garbage) and collection resumes.
The holding itself is `planner.collector`'s, which the reading of a portfolio shares.
"""

from planner import collector

collector.hold()


def imports_done() -> None:
    collector.let_go(freeze=True)


def importing():
    """Import what a command needs inside this block: without the collector, then frozen."""
    return collector.held(freeze=True)
