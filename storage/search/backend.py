"""The search table of each backend (created by migration 0003): writing to it.

SQLite: ``essay_search``, a contentless FTS5 table (unicode61 over the
space-separated bigrams of ``storage.search.text``), body then title: FTS5
marks every posting outside column 0 with two more bytes, and most postings
are the body's (the index is a third smaller this way round).
PostgreSQL: ``essay_search``, a tsvector of the same tokens per essay (the
title's with positions, weighted A; the body's without) under a GIN index.
A crawl's batches go into the indexed table row by row; a rebuild drops the
GIN index, COPYs every row into the bare table and builds the index once
(``bulk_load``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import TableClause, column, table, text
from sqlalchemy.orm import Session

from storage.search.text import document_literal, index_text

if TYPE_CHECKING:
    import psycopg

FTS_TABLE = "essay_search"

# The search table for queries: ``rowid`` (SQLite) or ``search_rowid`` + ``document``.
# One object, so that every statement names the same FROM.
SEARCH_TABLE: TableClause = table(
    FTS_TABLE, column("rowid"), column("search_rowid"), column("document")
)


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
    if texts:
        session.execute(
            text(
                "INSERT INTO essay_search (search_rowid, document)"
                " VALUES (:rowid, CAST(:document AS tsvector))"
                " ON CONFLICT (search_rowid) DO UPDATE SET document = excluded.document"
            ),
            [
                {"rowid": t.search_rowid, "document": document_literal(t.title, t.body)}
                for t in texts
            ],
        )


# PostgreSQL: the GIN index over the documents (created by migration 0003).
GIN_INDEX = "ix_essay_search_document"
# Memory for building the GIN index in one pass: below it, the build spills
# its posting lists to disk and merges them (work_mem's default is 64 MB).
BUILD_MEMORY = "1GB"


@contextmanager
def bulk_load(session: Session) -> Iterator[None]:
    """PostgreSQL: empty the search tables for a rebuild, then index them once.

    Inserting into a GIN-indexed table updates the index posting by posting
    (tens of bigrams per kilobyte of text); building it over a filled table
    sorts them all once. Everything runs in the caller's transaction: if the
    rebuild fails, the rollback restores the old table and index. The table
    is locked (ACCESS EXCLUSIVE) until then: searches and crawls wait for it.
    """
    session.execute(text(f"DROP INDEX {GIN_INDEX}"))
    session.execute(text("TRUNCATE essay_search, essay_search_rows"))
    yield
    session.execute(text(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'"))
    session.execute(text(f"CREATE INDEX {GIN_INDEX} ON essay_search USING GIN (document)"))
    # The planner's statistics of the emptied tables are stale; autovacuum
    # would refresh them only later.
    session.execute(text("ANALYZE essay_search, essay_search_rows"))


def copy_texts(session: Session, texts: Iterable[IndexedText]) -> None:
    """PostgreSQL, inside ``bulk_load``: COPY these texts into the search table."""
    copy_rows(
        session,
        "essay_search (search_rowid, document)",
        ((t.search_rowid, document_literal(t.title, t.body)) for t in texts),
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
