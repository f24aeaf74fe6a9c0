"""Executemany statements on the archive's tables, for a batch's rows at once.

They go through SQLAlchemy Core on the models' tables, not through the ORM's
bulk paths: those examine every row dictionary against the mapper, which
costs more than SQLite's own work for the 3,000 band rows of a batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session

from storage.models import Base


def table_of(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)  # every model maps one table
    return table


def insert_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table_of(model)), rows)


def update_rows(
    session: Session, model: type[Base], rows: Sequence[dict[str, Any]], key: str = "id"
) -> None:
    """``UPDATE ... WHERE key = ?`` for each row; every row sets the same columns."""
    if not rows:
        return
    table = table_of(model)
    # A SET value's parameter must not be named after its column: prefix them all.
    columns = [column for column in rows[0] if column != key]
    statement = (
        update(table)
        .where(table.c[key] == bindparam(f"row_{key}"))
        .values({column: bindparam(f"row_{column}") for column in columns})
    )
    session.execute(
        statement, [{f"row_{name}": value for name, value in row.items()} for row in rows]
    )
