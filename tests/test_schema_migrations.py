"""The Alembic migrations build exactly the schema the models declare."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage.database import make_engine
from storage.models import Base
from storage.schema import current_revision, head_revision, upgrade
from storage.search.rows import SearchRow

# The FTS5 table and the shadow tables SQLite keeps for it: no model can declare them.
FTS_TABLES = {
    "essay_search",
    *(f"essay_search_{part}" for part in ("data", "idx", "docsize", "config")),
}


def not_fts(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    return not (type_ == "table" and name in FTS_TABLES)


def test_migrations_match_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'archive.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": False, "include_object": not_fts}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert SearchRow.__table__.name in Base.metadata.tables
    assert differences == []


def test_upgrade_is_idempotent(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'archive.db'}")
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()
