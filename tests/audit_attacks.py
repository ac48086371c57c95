"""What someone with the database (and the master key) can do to the audit log, for the tamper tests.

They act on a raw connection with the append-only triggers out of the way, as
a database superuser could, and with casebot's own signing key, as anyone
holding the master key could.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from bot.context import Casebot
from bot.oversight import audit_service
from storage import audit


@contextmanager
def attacker(app: Casebot) -> Iterator[Connection]:
    """A raw connection with the append-only triggers out of the way."""
    with app.db.engine.connect() as conn:
        if app.db.is_postgresql:
            conn.execute(text("SET session_replication_role = replica"))
        else:
            for table in ("audit_events", "audit_checkpoints"):
                for op in ("update", "delete"):
                    conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{op}"))
        yield conn
        conn.commit()


def rewrite_consistently(app: Casebot, *, seq: int, client_id: str = "9999") -> None:
    """Edit row ``seq``, recompute every row and chain hash and the audit head, and drop the database's
    checkpoints: the chain is whole again and nothing in the database disagrees with it."""
    with attacker(app) as conn:
        conn.execute(
            text("UPDATE audit_events SET client_id = :c WHERE seq = :s"), {"c": client_id, "s": seq}
        )
        rows = conn.execute(
            text("SELECT seq, occurred_at, actor, action, client_id, detail FROM audit_events ORDER BY seq")
        ).all()
        prev = audit.GENESIS
        for n, at, actor, action, cid, detail in rows:
            when = at if isinstance(at, datetime) else datetime.fromisoformat(at).replace(tzinfo=UTC)
            h = audit.hash_row(
                audit.row_payload(occurred_at=when, actor=actor, action=action, client_id=cid, detail=detail)
            )
            prev = audit.chain(prev, h)
            conn.execute(
                text("UPDATE audit_events SET row_hash = :h, chain_hash = :c WHERE seq = :s"),
                {"h": h, "c": prev, "s": n},
            )
        conn.execute(text("UPDATE audit_head SET chain_hash = :c WHERE id = 1"), {"c": prev})
        conn.execute(text("DELETE FROM audit_checkpoints"))


def rewrite_and_cover_up(app: Casebot, *, seq: int) -> None:
    """The whole cover-up: rewrite the log, delete the folder of copies, and sign fresh checkpoints (and
    copies) over the rewritten rows with casebot's own key."""
    rewrite_consistently(app, seq=seq)
    shutil.rmtree(app.settings.audit_mirror_dir, ignore_errors=True)
    audit_service.checkpoint_now(app)
