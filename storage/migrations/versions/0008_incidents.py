"""incidents: the incident register and its notes, which can only grow (issue 8)

Breaches must be documented, so nothing here can be deleted. Triggers refuse
DELETE (and TRUNCATE on PostgreSQL) on both tables, any UPDATE of a note, and
any UPDATE of an incident other than closing it once: ``closed_at``,
``closed_by`` and ``corrective_action_enc`` go from NULL to set, together,
and every other column stays as it was.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Columns written when an incident is opened; they never change afterwards.
OPENING_COLUMNS = (
    "id",
    "uid",
    "category",
    "reported_by",
    "agency_id",
    "summary_codes",
    "client_ids",
    "description_enc",
    "opened_at",
)
TABLES = ("incidents", "incident_notes")

PG_REFUSE = """
CREATE OR REPLACE FUNCTION casebot_refuse_incident_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'casebot incident register keeps everything: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""

# JSON has no equality operator in PostgreSQL: compare its text.
_PG_SAME = " AND ".join(
    f"NEW.{c}::text IS NOT DISTINCT FROM OLD.{c}::text"
    if c in ("summary_codes", "client_ids")
    else f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}"
    for c in OPENING_COLUMNS
)
PG_CLOSE_ONCE = f"""
CREATE OR REPLACE FUNCTION casebot_incident_close_once() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.closed_at IS NULL AND NEW.closed_at IS NOT NULL AND NEW.closed_by IS NOT NULL
     AND NEW.corrective_action_enc IS NOT NULL AND {_PG_SAME} THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'casebot incidents change only by being closed, once: UPDATE on % refused', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""

_SQLITE_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in OPENING_COLUMNS)


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("reported_by", sa.String(length=64), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("summary_codes", sa.JSON(), nullable=False),
        sa.Column("client_ids", sa.JSON(), nullable=False),
        sa.Column("description_enc", sa.LargeBinary(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("corrective_action_enc", sa.LargeBinary(), nullable=True),
        sa.CheckConstraint(
            "(closed_at IS NULL AND closed_by IS NULL AND corrective_action_enc IS NULL) OR "
            "(closed_at IS NOT NULL AND closed_by IS NOT NULL AND corrective_action_enc IS NOT NULL)",
            name=op.f("ck_incidents_closed_together"),
        ),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_incidents_agency_id_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
        sa.UniqueConstraint("uid", name=op.f("uq_incidents_uid")),
    )
    op.create_table(
        "incident_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("text_enc", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_incident_notes_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_notes")),
        sa.UniqueConstraint("uid", name=op.f("uq_incident_notes_uid")),
    )
    op.create_index(op.f("ix_incident_notes_incident_id"), "incident_notes", ["incident_id"], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":  # no TRUNCATE in SQLite; DELETE without WHERE fires the row trigger
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'casebot incident register keeps everything: DELETE refused'); END"
            )
        op.execute(
            "CREATE TRIGGER incident_notes_no_update BEFORE UPDATE ON incident_notes "
            "BEGIN SELECT RAISE(ABORT, 'casebot incident notes are append-only: UPDATE refused'); END"
        )
        op.execute(
            "CREATE TRIGGER incidents_close_once BEFORE UPDATE ON incidents "
            f"WHEN OLD.closed_at IS NOT NULL OR NEW.closed_at IS NULL OR NEW.closed_by IS NULL "
            f"OR NEW.corrective_action_enc IS NULL OR {_SQLITE_CHANGED} "
            "BEGIN SELECT RAISE(ABORT, 'casebot incidents change only by being closed, once: UPDATE refused'); "
            "END"
        )
        return
    if dialect != "postgresql":
        return
    op.execute(PG_REFUSE)
    op.execute(PG_CLOSE_ONCE)
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION casebot_refuse_incident_change()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION casebot_refuse_incident_change()"
        )
    op.execute(
        "CREATE TRIGGER incident_notes_no_update BEFORE UPDATE ON incident_notes "
        "FOR EACH ROW EXECUTE FUNCTION casebot_refuse_incident_change()"
    )
    op.execute(
        "CREATE TRIGGER incidents_close_once BEFORE UPDATE ON incidents "
        "FOR EACH ROW EXECUTE FUNCTION casebot_incident_close_once()"
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("incidents_no_delete", "incident_notes_no_delete", "incident_notes_no_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TRIGGER IF EXISTS incidents_close_once")
    if dialect == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP TRIGGER IF EXISTS incident_notes_no_update ON incident_notes")
        op.execute("DROP TRIGGER IF EXISTS incidents_close_once ON incidents")
        op.execute("DROP FUNCTION IF EXISTS casebot_incident_close_once()")
        op.execute("DROP FUNCTION IF EXISTS casebot_refuse_incident_change()")
    op.drop_index(op.f("ix_incident_notes_incident_id"), table_name="incident_notes")
    op.drop_table("incident_notes")
    op.drop_table("incidents")
