"""Indexes that hold every column the portfolio list reads from the two biggest tables

Revision ID: 0008
Revises: 0007

The portfolio list (storage/figures.py) counts every partner's checklist progress and finds
every partner's last meeting and last face-to-face one. With an index on the partner alone,
SQLite read each of the 100 items (or 50 meetings) of each partner from the table itself,
texts and notes included, one lookup at a time: the biggest part of opening a portfolio of
thousands of partners. These indexes start with the partner, so they also serve everything
the old partner-only indexes served (a partner's own items and meetings, the cascades), and
those are dropped. The same on both engines.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

CHECKLIST = ("partner_id", "stage", "done", "not_applicable", "cadence", "choice_group",
             "done_on")
MEETINGS = ("partner_id", "date", "kind", "place")


def upgrade() -> None:
    op.create_index("ix_checklist_items_progress", "checklist_items", list(CHECKLIST))
    op.drop_index("ix_checklist_items_partner_id", table_name="checklist_items")
    op.create_index("ix_meetings_partner_date", "meetings", list(MEETINGS))
    op.drop_index("ix_meetings_partner_id", table_name="meetings")


def downgrade() -> None:
    op.create_index("ix_meetings_partner_id", "meetings", ["partner_id"])
    op.drop_index("ix_meetings_partner_date", table_name="meetings")
    op.create_index("ix_checklist_items_partner_id", "checklist_items", ["partner_id"])
    op.drop_index("ix_checklist_items_progress", table_name="checklist_items")
