"""Storage: SQLAlchemy models, the unit of work and migrations. The only place SQL lives."""

from planner.storage.portfolio_file import PortfolioFile
from planner.storage.unit_of_work import UnitOfWork

__all__ = ["PortfolioFile", "UnitOfWork"]
