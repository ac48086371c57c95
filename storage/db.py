"""Engines and units of work for SQLite (embedded default) and PostgreSQL, one code path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session


class Database:
    """The engine plus the one way code opens a transaction."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self._engine_kwargs = engine_kwargs
        self.engine = make_engine(url, **engine_kwargs)

    @cached_property
    def autocommit_engine(self) -> Engine:
        """PostgreSQL only: a pool whose every statement commits on its own, for single-statement work
        that must not hold row locks across a round trip (``storage.audit.append``). Its own pool, so
        connections never switch isolation mode on checkout."""
        if not self.is_postgresql:
            raise RuntimeError("autocommit_engine is for PostgreSQL")
        return make_engine(self.url, isolation_level="AUTOCOMMIT", **self._engine_kwargs)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error.

        ``write=True`` takes SQLite's write lock at BEGIN, so two writers (the
        bot and an admin's CLI) queue instead of one failing halfway through
        with "database is locked" after it has already read.
        """
        with self.engine.connect() as conn:
            conn.execution_options(casebot_write=write)
            with conn.begin(), Session(bind=conn, expire_on_commit=False, autoflush=True) as session:
                yield session
                session.flush()
        # Committed: what was waiting for the commit runs now (a rollback leaves it unrun).
        for callback in session.info.pop(_AFTER_COMMIT, ()):
            callback()

    def dispose(self) -> None:
        self.engine.dispose()
        if "autocommit_engine" in self.__dict__:
            self.autocommit_engine.dispose()


_AFTER_COMMIT = "casebot_after_commit"


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once ``session``'s transaction (``Database.transaction``) has committed; never
    if it rolls back. A session made some other way never runs it."""
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def make_engine(url: str, **kwargs: Any) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, **kwargs)

    engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        # Take BEGIN over from pysqlite so that BEGIN IMMEDIATE really locks up front.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA cache_size=-65536")  # 64 MiB: index upkeep during large imports
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("casebot_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
