"""Partner name keys in one normalised form: NFC as well as case folded

Revision ID: 0004
Revises: 0003

Before, "Café" typed as one character and as "e" plus a combining accent had different keys,
so the same partner could be added twice and a lookup by the other form found nothing. Each
key is recomputed with `planner.domain.names.name_key`. Partners whose names collide under the
new form (the duplicates this fixes) keep their old keys, so opening the file never fails; the
user sees both and can merge them.
"""

from collections import Counter

import sqlalchemy as sa
from alembic import op

from planner.domain.names import name_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name, name_key FROM partners")).all()
    counts = Counter(name_key(name) for _id, name, _key in rows)
    for partner_id, name, old in rows:
        key = name_key(name)
        if key != old and counts[key] == 1:
            bind.execute(sa.text("UPDATE partners SET name_key = :key WHERE id = :id"),
                         {"key": key, "id": partner_id})


def downgrade() -> None:
    bind = op.get_bind()
    for partner_id, name in bind.execute(sa.text("SELECT id, name FROM partners")).all():
        bind.execute(sa.text("UPDATE partners SET name_key = :key WHERE id = :id"),
                     {"key": " ".join(name.split()).casefold(), "id": partner_id})
