"""Alembic runs migrations on the connection Partner Planner hands it, in its transaction."""

from alembic import context

from planner.storage.models import Base, is_modelled

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise SystemExit("Partner Planner migrations run from the app: open the portfolio instead.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    include_name=is_modelled,
)
with context.begin_transaction():
    context.run_migrations()
