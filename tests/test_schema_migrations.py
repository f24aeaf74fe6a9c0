"""The Alembic migrations build exactly the schema the models declare."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from storage.database import make_engine, session_factory
from storage.models import Base
from storage.schema import current_revision, head_revision, migrate, upgrade
from storage.search import EssayFilter, parse_query, search
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


def test_essays_archived_before_search_existed_are_indexed_by_the_upgrade(db_url: str) -> None:
    """An archive at 0002 (no search tables) holding essays: after upgrade() they are found."""
    engine = make_engine(db_url)
    with engine.begin() as connection:
        migrate(connection, "0002")
        for number, body in ((1, "乡村振兴的调研报告"), (2, "党建引领基层治理")):
            connection.execute(
                text(
                    "INSERT INTO articles (id, url, title, body, content_hash, pages,"
                    " first_fetched_at, last_fetched_at) VALUES (:id, :url, :title, :body,"
                    " :hash, 1, '2026-11-29', '2026-11-29')"
                ),
                {
                    "id": number,
                    "url": f"http://x.test/{number}.html",
                    "title": f"第{number}篇",
                    "body": body,
                    "hash": f"h{number}",
                },
            )
    upgrade(engine)
    with session_factory(engine)() as session:
        found = {
            term: [hit.url for hit in search(session, EssayFilter(parse_query(term)))]
            for term in ("振兴", "党建", "治理")
        }
    engine.dispose()
    assert found == {
        "振兴": ["http://x.test/1.html"],
        "党建": ["http://x.test/2.html"],
        "治理": ["http://x.test/2.html"],
    }
