"""Schema migrations, run from code so an operator never needs an alembic.ini."""

from __future__ import annotations

import re
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from storage.db import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(db: Database, *, revision: str = "head") -> None:
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


AUDIT_TABLES = ("audit_events", "audit_checkpoints")


def grant_bot_role(db: Database, *, role: str) -> list[str]:
    """Give the bot's PostgreSQL role what it needs and no more: the audit tables are insert-only.

    Run as the schema owner. The bot then connects as ``role``; even a bug or a
    compromised bot process cannot rewrite the audit log (the triggers refuse it
    for everyone, this refuses it at the privilege level too).
    """
    if not db.is_postgresql:
        raise ValueError("roles exist on PostgreSQL only; SQLite has no users")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ValueError("role names are lower-case letters, digits and underscores")
    statements = [f"GRANT USAGE ON SCHEMA public TO {role}"]
    with db.engine.connect() as conn:
        tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
    for table in tables:
        statements.append(f"REVOKE ALL ON {table} FROM {role}")
        if table in AUDIT_TABLES:
            statements.append(f"GRANT SELECT, INSERT ON {table} TO {role}")
        elif table == "audit_head":
            statements.append(f"GRANT SELECT, UPDATE ON {table} TO {role}")
        elif table == "incident_notes":  # the incident register only grows (migration 0008)
            statements.append(f"GRANT SELECT, INSERT ON {table} TO {role}")
        elif table == "incidents":  # ...and an incident changes only by being closed
            statements.append(f"GRANT SELECT, INSERT ON {table} TO {role}")
            statements.append(
                f"GRANT UPDATE (closed_at, closed_by, corrective_action_enc) ON {table} TO {role}"
            )
        else:
            statements.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {role}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    statements.append(f"GRANT SELECT ON alembic_version TO {role}")
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    return statements
