"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.context import Casebot
from storage.migrate import current_revision, head_revision
from storage.models import Base


def test_the_database_is_at_the_head_revision(app: Casebot) -> None:
    assert current_revision(app.db) == head_revision()


def test_migrations_and_models_agree(app: Casebot) -> None:
    with app.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == [], f"models changed without a migration: {diff}"
