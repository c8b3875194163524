"""Use cases: each takes a unit of work, does one thing in one transaction, returns domain
objects. The window, the command line and the briefs call only these."""
