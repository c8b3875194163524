"""Partner Planner: a portfolio of strategic alliances in one file."""

__version__ = "0.1.0"
