"""A team portfolio's columns hold whatever a portfolio file holds

Revision ID: 0007
Revises: 0006

SQLite neither enforces a VARCHAR's length nor bounds an INTEGER below 64 bits; PostgreSQL
does both, so a team portfolio refused what every file keeps (the error was the server's, not
a sentence):
- a partner's name key: a name of 200 characters folds to a longer key ("Straße" to
  "strasse"; case folding at most triples a character), so the key holds three times the name;
- a stakeholder's email: the interchange format takes addresses of up to 254 characters
  (RFC 5321's limit), and an import of one longer than 200 failed;
- a value exchange's worth: up to 10**15 in the format and the editor, past a 32-bit integer.
A file is left as it is: its columns already hold all of it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WIDENED = (
    ("partners", "name_key", sa.String(200), sa.String(600)),
    ("stakeholders", "email", sa.String(200), sa.String(254)),
    ("value_exchanges", "worth", sa.Integer(), sa.BigInteger()),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, before, after in WIDENED:
        op.alter_column(table, column, type_=after, existing_type=before,
                        existing_nullable=False)


def downgrade() -> None:
    # A value that does not fit the narrower column makes the server refuse the downgrade,
    # which then changes nothing: nothing is cut short to fit.
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, before, after in WIDENED:
        op.alter_column(table, column, type_=before, existing_type=after,
                        existing_nullable=False)
