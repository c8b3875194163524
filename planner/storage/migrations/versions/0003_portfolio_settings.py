"""Portfolio settings: the portfolio's own name and currency, kept in the portfolio

Revision ID: 0003
Revises: 0002

A key/value table, so later settings need no migration of their own.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portfolio_settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_portfolio_settings")),
    )


def downgrade() -> None:
    op.drop_table("portfolio_settings")
