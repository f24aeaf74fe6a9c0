"""Create and upgrade the archive's schema with Alembic, on first use."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(connection: Connection, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` in the caller's transaction."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


# Any constant both sides agree on: "fanwen" in ASCII.
MIGRATION_LOCK = 0x66616E77656E

# Revisions after which the essays already archived must be (re)indexed for
# search. The index is written at the head, not inside the migration: the
# indexer writes today's search tables, which later migrations change.
REINDEX_AFTER = frozenset({"0003"})


def applied_between(start: str | None, head: str | None) -> set[str]:
    """The revisions an upgrade from ``start`` to ``head`` applies."""
    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.iterate_revisions(head, start)}


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema; a no-op when it is there.

    Several workers may start on one empty PostgreSQL database at once: the
    first takes an advisory lock and migrates, the others wait for it and
    then find the schema current. (SQLite serializes writers by itself.)
    """
    head = head_revision()
    if current_revision(engine) == head:
        return
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        start = MigrationContext.configure(connection).get_current_revision()
        if start == head:
            return
        migrate(connection)
        if start is not None and REINDEX_AFTER & applied_between(start, head):
            # Imported here: only an archive being upgraded needs the indexer.
            from storage.search import rebuild_index

            rebuild_index(Session(bind=connection))
