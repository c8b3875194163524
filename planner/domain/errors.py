"""Errors a person can cause and fix. Each carries one clear sentence for the user."""


class PlannerError(Exception):
    """A user-facing problem: the message is shown as is, and nothing was written."""


class NotFound(PlannerError):
    pass


class InvalidValue(PlannerError):
    pass


class DuplicateName(PlannerError):
    pass


class NotAPortfolio(PlannerError):
    pass


class NewerSchema(PlannerError):
    pass


class ImportProblem(PlannerError):
    """An interchange file that cannot be imported; `where` is the JSON path of the problem."""

    def __init__(self, message: str, where: str = "$"):
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where


class PortfolioLocked(PlannerError):
    """Another window or process has the portfolio open for writing."""

    def __init__(self, message: str, *, user: str = "", host: str = "", since: str = ""):
        super().__init__(message)
        self.user, self.host, self.since = user, host, since


class PortfolioDamaged(PlannerError):
    """The integrity check failed; `backups` lists restorable backups, newest first."""

    def __init__(self, message: str, *, backups: tuple = ()):
        super().__init__(message)
        self.backups = backups


class EditConflict(PlannerError):
    """Someone else saved or removed the record after it was loaded; nothing was saved.

    `current` is the record as it is stored now (None when it was removed), so a form can
    show their change while keeping what the user typed.
    """

    def __init__(self, message: str, *, item_id: int | None = None, current=None):
        super().__init__(message)
        self.item_id, self.current = item_id, current


class ServerUnreachable(PlannerError):
    """A team portfolio's server did not answer (down, restarted, or the network went away);
    nothing was saved, and the same call works again once the server is back."""


class PasswordRefused(PlannerError):
    """A team portfolio's server wants a password it was not given, or refused the one it
    was given (`supplied`); the app then asks for it."""

    def __init__(self, message: str, *, supplied: bool):
        super().__init__(message)
        self.supplied = supplied


class EmptyDatabase(NotAPortfolio):
    """A team portfolio's database that holds nothing yet: `planner init URL` (or the app's
    Connect dialog, for a user allowed to) makes it a portfolio."""
