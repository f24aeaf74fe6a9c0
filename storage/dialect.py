"""The places where SQLite and PostgreSQL differ for the archive's writes.

Both dialects spell ``INSERT ... ON CONFLICT`` the same way in SQLAlchemy,
but through their own ``insert`` constructs. A long list of values to match
goes in as one parameter (a JSON array on SQLite, an array on PostgreSQL)
rather than one bound parameter per value, which SQLAlchemy would rename and
render one by one on every execution. And only PostgreSQL lets two writers
interleave their transactions: SQLite holds one write lock for the whole
database.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Collection
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, any_, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

# The advisory lock every archive writer takes: one number for this archive's
# writes, chosen so that no other application's lock is likely to share it.
WRITER_LOCK = zlib.crc32(b"fanwen-archive writers")


def upsert(session: Session, table: Any) -> Any:
    """An INSERT for ``table`` that supports ``on_conflict_do_*`` on this backend."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"the archive supports SQLite and PostgreSQL, not {name}")


def in_integers(
    session: Session, column: InstrumentedAttribute[int], values: Collection[int]
) -> ColumnElement[bool]:
    """``column IN values`` for many 64-bit integers, as one parameter; index probes still."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=postgresql.ARRAY(BigInteger)))
    listed = func.json_each(json.dumps(list(values))).table_valued("value")
    return column.in_(select(listed.c.value))


def serialize_writers(session: Session) -> None:
    """Hold the archive's writer lock until this transaction ends.

    Linking a copy reads the dedupe index, then writes it: two writers doing
    that at once could each miss the other's near copy and both become
    canonical. On PostgreSQL a transaction-level advisory lock makes batches
    take turns (a batch of 100 essays holds it for tens of milliseconds);
    SQLite's database write lock already does. One lock rather than a lock
    per band key: a batch would hold 32 keys x 100 essays, half of
    PostgreSQL's default lock table, and must take them all in one sorted
    order to avoid deadlocks anyway.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(WRITER_LOCK)))
