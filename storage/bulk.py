"""Bulk inserts that skip SQLAlchemy's per-value bind processing.

Importing a statewide by-name list writes hundreds of thousands of rows; the
generic executemany path spends more time converting parameters in Python
than the database spends writing them. The column types used by the bulk
tables are few (bytes, str, int, bool, aware datetime, JSON dict), so they are
converted here once, into exactly what each driver stores, and handed to the
DBAPI cursor in one executemany.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.orm import Session


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
        # The text form SQLAlchemy's SQLite DATETIME type writes and reads back.
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    return value


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT every row (all rows carry the same keys) in one DBAPI executemany."""
    if not rows:
        return
    columns = list(rows[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, JSON)}
    connection = session.connection()
    dialect = connection.dialect.name
    names = ", ".join(f'"{c}"' for c in columns)
    if dialect == "sqlite":
        sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" for _ in columns)})'  # noqa: S608 - names from the model
        params = [
            tuple(json.dumps(r[c]) if c in json_columns else _sqlite_value(r[c]) for c in columns)
            for r in rows
        ]
    elif dialect == "postgresql":
        from psycopg.types.json import Json

        sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("%s" for _ in columns)})'  # noqa: S608
        params = [tuple(Json(r[c]) if c in json_columns else r[c] for c in columns) for r in rows]
    else:  # any other database: the generic (slower) path
        session.execute(table.insert(), list(rows))
        return
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.executemany(sql, params)
    finally:
        cursor.close()


@contextmanager
def page_cache(session: Session, *, mib: int) -> Iterator[None]:
    """SQLite only: this connection's page cache is ``mib`` MiB for the block, then what it was.

    A long bulk write fills whatever cache it is given, and the cache is part of the writer's
    memory; a million-row import holds its peak under 300 MB with 32 MiB (the connections'
    default is 64). PostgreSQL keeps its buffers in the server: nothing to do.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
    connection.exec_driver_sql(f"PRAGMA cache_size=-{int(mib) * 1024}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={before}")
