"""The report's SQL: GROUP BY over one month of the audit log, on SQLite and PostgreSQL alike.

A month can hold a million audit rows, so nothing here loads rows into Python: every figure is a
count the database computes, and Python only sees one row per group. The detail column is canonical
JSON text; each dialect reads a field of it with its own JSON function.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from storage.models import UTCDateTime

_NAME = re.compile(r"[a-z_]{1,32}")
_WINDOW = "occurred_at >= :start AND occurred_at < :end"


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _checked(name: str) -> str:
    """Field names are written into the SQL (JSON paths cannot be bound): only plain ones from this code."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a detail field name: {name!r}")
    return name


def _field(session: Session, name: str) -> str:
    """The text of one top-level detail field (booleans come back as 1/0 on SQLite, true/false on PG)."""
    name = _checked(name)
    if _postgres(session):
        return f"(detail::json ->> '{name}')"
    return f"json_extract(detail, '$.{name}')"


def _elements(session: Session, name: str) -> str:
    """A table-valued expression of a list field's elements, each in column ``value``."""
    name = _checked(name)
    if _postgres(session):
        return f"json_array_elements_text(detail::json -> '{name}') AS j(value)"
    return f"json_each(audit_events.detail, '$.{name}') AS j"


def _day(session: Session) -> str:
    if _postgres(session):
        return "CAST(EXTRACT(DAY FROM occurred_at AT TIME ZONE 'UTC') AS INTEGER)"
    return "CAST(substr(occurred_at, 9, 2) AS INTEGER)"


def _run(session: Session, sql: str, *, start: datetime, end: datetime, **params: Any) -> list[Any]:
    statement = text(sql).bindparams(
        bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime())
    )
    return list(session.execute(statement, {"start": start, "end": end, **params}))


def _actions(actions: Sequence[str]) -> tuple[str, dict[str, str]]:
    names = {f"a{i}": action for i, action in enumerate(actions)}
    return "action IN (" + ", ".join(f":{k}" for k in names) + ")", names


def _grouped(
    session: Session,
    *,
    key: str,
    actions: Sequence[str],
    start: datetime,
    end: datetime,
    also: str = "",
    counted: str = "COUNT(*)",
    tail: str = "",
    **params: Any,
) -> list[Any]:
    """``SELECT key, counted FROM audit_events[also] WHERE action IN actions AND in the window GROUP BY
    key`` and ``tail``: the one shape every figure here takes."""
    where, names = _actions(actions)
    sql = (
        f"SELECT {key} AS k, {counted} AS n FROM audit_events{also} "  # noqa: S608 - _checked names
        f"WHERE {where} AND {_WINDOW} GROUP BY k {tail}"
    )
    return _run(session, sql, start=start, end=end, **names, **params)


def count(session: Session, *, actions: Sequence[str], start: datetime, end: datetime) -> int:
    return sum(by_day(session, actions=actions, start=start, end=end).values())


def by_field(
    session: Session, *, actions: Sequence[str], name: str, start: datetime, end: datetime
) -> dict[str, int]:
    """Rows of ``actions`` counted by one detail field's value (None when the row has none)."""
    rows = _grouped(session, key=_field(session, name), actions=actions, start=start, end=end)
    return {_text(v): int(n) for v, n in rows}


def by_element(
    session: Session, *, actions: Sequence[str], name: str, start: datetime, end: datetime
) -> dict[str, int]:
    """Rows counted once per distinct element of a list field (a message holding a name and an SSN
    counts once under each)."""
    rows = _grouped(
        session,
        key="j.value",
        also=", " + _elements(session, name),
        counted="COUNT(DISTINCT seq)",
        actions=actions,
        start=start,
        end=end,
    )
    return {_text(v): int(n) for v, n in rows}


def by_day(session: Session, *, actions: Sequence[str], start: datetime, end: datetime) -> dict[int, int]:
    rows = _grouped(session, key=_day(session), actions=actions, start=start, end=end)
    return {int(d): int(n) for d, n in rows}


def by_client(
    session: Session, *, actions: Sequence[str], start: datetime, end: datetime, limit: int
) -> list[tuple[str, int]]:
    rows = _grouped(
        session,
        key="client_id",
        actions=[*actions],
        start=start,
        end=end,
        tail="HAVING client_id IS NOT NULL ORDER BY n DESC, k LIMIT :limit",
        limit=limit,
    )
    return [(str(c), int(n)) for c, n in rows]


def field_rows(
    session: Session, *, actions: Sequence[str], names: Sequence[str], start: datetime, end: datetime
) -> list[tuple[Any, ...]]:
    """(occurred_at, actor, action, fields...) of a rare action (offboarding: a few a month)."""
    where, params = _actions(actions)
    fields = ", ".join(_field(session, n) for n in names)
    statement = (
        text(
            f"SELECT occurred_at, actor, action, {fields} FROM audit_events WHERE {where} AND {_WINDOW} "  # noqa: S608 - _checked names
            "ORDER BY seq"
        )
        .bindparams(bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime()))
        .columns()
    )
    rows = session.execute(statement, {"start": start, "end": end, **params})
    return [(_when(r[0]), *r[1:]) for r in rows]


def last_before(session: Session, *, action: str, before: datetime) -> datetime | None:
    statement = text(
        "SELECT MAX(occurred_at) FROM audit_events WHERE action = :a AND occurred_at < :before"
    ).bindparams(bindparam("before", type_=UTCDateTime()))
    value = session.execute(statement, {"a": action, "before": before}).scalar()
    return None if value is None else _when(value)


def _when(value: Any) -> datetime:
    return UTCDateTime().process_result_value(
        datetime.fromisoformat(value) if isinstance(value, str) else value, None
    )  # type: ignore[return-value]


def _text(value: Any) -> str:
    if value is None:
        return "none"
    if value is True or (value == 1 and not isinstance(value, str)):
        return "true"
    if value is False or (value == 0 and not isinstance(value, str)):
        return "false"
    return str(value)


def count_all(session: Session, *, start: datetime, end: datetime) -> int:
    return int(
        _run(session, f"SELECT COUNT(*) FROM audit_events WHERE {_WINDOW}", start=start, end=end)[0][0]  # noqa: S608 - _checked names
    )


def any_with(session: Session, *, action: str, fields: dict[str, str]) -> bool:
    """Whether some row of ``action`` (at any time) has these detail fields: a durable 'done' mark."""
    where = " AND ".join(f"{_field(session, name)} = :f_{name}" for name in fields)
    statement = text(f"SELECT 1 FROM audit_events WHERE action = :a AND {where} LIMIT 1")  # noqa: S608 - _checked names
    params = {"a": action, **{f"f_{k}": v for k, v in fields.items()}}
    return session.execute(statement, params).first() is not None
