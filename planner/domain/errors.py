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
