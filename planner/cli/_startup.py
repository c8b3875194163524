"""Holds Python's cyclic garbage collector off while the command line's modules import.

Importing SQLAlchemy, the models and the services creates some hundred thousand objects
that live as long as the process; the collector, triggered every few hundred new objects,
walked them again and again (about a tenth of a launch). This module is imported first by
`planner.cli`, which calls `imports_done()` once its imports are in: the objects made so far
are frozen (never scanned again; they are never garbage) and collection resumes.
"""

import gc

_was_enabled = gc.isenabled()
gc.disable()


def imports_done() -> None:
    gc.freeze()
    if _was_enabled:
        gc.enable()
