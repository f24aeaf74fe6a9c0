"""The one place where SQLite and PostgreSQL differ for the archive's writes.

Both dialects spell ``INSERT ... ON CONFLICT`` the same way in SQLAlchemy,
but through their own ``insert`` constructs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def upsert(session: Session, table: Any) -> Any:
    """An INSERT for ``table`` that supports ``on_conflict_do_*`` on this backend."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"the archive supports SQLite and PostgreSQL, not {name}")
