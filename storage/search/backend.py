"""The search table of each backend (created by migration 0003): writing to it.

SQLite: ``essay_search``, a contentless FTS5 table (unicode61 over the
space-separated bigrams of ``storage.search.text``), body then title: FTS5
marks every posting outside column 0 with two more bytes, and most postings
are the body's (the index is a third smaller this way round).
PostgreSQL: ``essay_search``, per essay a tsvector of the title's and the
body's tokens without positions (``document``, what a query matches), and
``essay_search_titles``, one of the title's (what relevance reads), each
under a GIN index (migrations 0003 to 0005). A crawl's batches go into the
indexed tables row by row; a rebuild drops the GIN indexes, COPYs every row
into the bare tables and builds the indexes once (``bulk_load``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import TableClause, column, table, text
from sqlalchemy.orm import Session

from storage.search.text import document_literal, index_text, tsvector_literal

if TYPE_CHECKING:
    import psycopg

FTS_TABLE = "essay_search"

# The search table for queries: ``rowid`` (SQLite) or ``search_rowid`` + ``document``.
# One object, so that every statement names the same FROM.
SEARCH_TABLE: TableClause = table(
    FTS_TABLE, column("rowid"), column("search_rowid"), column("document")
)
# PostgreSQL: the titles' tokens.
TITLES_TABLE: TableClause = table("essay_search_titles", column("search_rowid"), column("title"))


def fts_table() -> TableClause:
    return SEARCH_TABLE


@dataclass(frozen=True)
class IndexedText:
    search_rowid: int
    title: str
    body: str


def next_rowid(session: Session) -> int:
    """SQLite: the first FTS rowid never used (left-behind rows included)."""
    last = session.scalar(text("SELECT rowid FROM essay_search ORDER BY rowid DESC LIMIT 1"))
    return (last or 0) + 1


def _document(indexed: IndexedText) -> str:
    return document_literal(indexed.title, indexed.body)


def _title(indexed: IndexedText) -> str:
    return tsvector_literal(indexed.title)


class TsvectorTable(NamedTuple):
    """PostgreSQL: a search table, its tsvector column, its GIN index, what goes in."""

    name: str
    tokens: str
    gin_index: str
    literal: Callable[[IndexedText], str]


TSVECTOR_TABLES = (
    TsvectorTable("essay_search", "document", "ix_essay_search_document", _document),
    TsvectorTable("essay_search_titles", "title", "ix_essay_search_titles_title", _title),
)
UPSERTS = tuple(
    (
        f"INSERT INTO {t.name} (search_rowid, {t.tokens})"
        " VALUES (:rowid, CAST(:tokens AS tsvector))"
        f" ON CONFLICT (search_rowid) DO UPDATE SET {t.tokens} = excluded.{t.tokens}",
        t.literal,
    )
    for t in TSVECTOR_TABLES
)


def write(session: Session, texts: Sequence[IndexedText]) -> None:
    """Index these texts (on PostgreSQL, in place of the article's old row)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        if texts:
            session.execute(
                text(
                    "INSERT INTO essay_search (rowid, title, body) VALUES (:rowid, :title, :body)"
                ),
                [
                    {
                        "rowid": t.search_rowid,
                        "title": index_text(t.title),
                        "body": index_text(t.body),
                    }
                    for t in texts
                ],
            )
        return
    if not texts:
        return
    for statement, literal in UPSERTS:
        session.execute(
            text(statement),
            [{"rowid": t.search_rowid, "tokens": literal(t)} for t in texts],
        )


# Memory for building the GIN index in one pass: below it, the build spills
# its posting lists to disk and merges them (work_mem's default is 64 MB).
BUILD_MEMORY = "1GB"


@contextmanager
def bulk_load(session: Session) -> Iterator[list[TsvectorTable]]:
    """PostgreSQL: empty the search tables for a rebuild, then build their GIN indexes once.

    Inserting into a GIN-indexed table updates the index posting by posting
    (tens of bigrams per kilobyte of text); building it over a filled table
    sorts them all once. Everything runs in the caller's transaction: if the
    rebuild fails, the rollback restores the old tables and indexes. They
    are locked (ACCESS EXCLUSIVE) until then: searches and crawls wait.
    Yields the search tables to fill: migration 0003 rebuilds an existing
    archive's index before 0005 adds the titles (and fills them).
    """
    tables = [
        search_table
        for search_table in TSVECTOR_TABLES
        if session.scalar(text("SELECT to_regclass(:name)"), {"name": search_table.name})
    ]
    for search_table in tables:
        session.execute(text(f"DROP INDEX {search_table.gin_index}"))
        session.execute(text(f"TRUNCATE {search_table.name}"))
    session.execute(text("TRUNCATE essay_search_rows"))
    yield tables
    session.execute(text(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'"))
    for search_table in tables:
        name, tokens = search_table.name, search_table.tokens
        session.execute(
            text(f"CREATE INDEX {search_table.gin_index} ON {name} USING GIN ({tokens})")
        )
        # The planner's statistics of an emptied table are stale; autovacuum
        # would refresh them only later.
        session.execute(text(f"ANALYZE {search_table.name}"))
    session.execute(text("ANALYZE essay_search_rows"))


def copy_texts(
    session: Session, tables: Sequence[TsvectorTable], texts: Sequence[IndexedText]
) -> None:
    """PostgreSQL, inside ``bulk_load``: COPY these texts into its search tables."""
    for search_table in tables:
        copy_rows(
            session,
            f"{search_table.name} (search_rowid, {search_table.tokens})",
            ((t.search_rowid, search_table.literal(t)) for t in texts),
        )


def copy_rows(session: Session, target: str, rows: Iterable[Sequence[Any]]) -> None:
    """PostgreSQL: COPY rows into ``target`` (a table and its columns), in the transaction."""
    driver = cast("psycopg.Connection[Any]", session.connection().connection.driver_connection)
    with driver.cursor() as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def clear(session: Session) -> None:
    """SQLite: empty the search table (left-behind rows included)."""
    session.execute(text("INSERT INTO essay_search (essay_search) VALUES ('delete-all')"))


def optimize(session: Session) -> None:
    """SQLite: merge the FTS5 segments into one (smaller, faster), after a bulk write."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO essay_search (essay_search) VALUES ('optimize')"))
