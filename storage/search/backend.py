"""The search table of each backend (created by migration 0003): writing to it.

SQLite: ``essay_search``, a contentless FTS5 table (unicode61 over the
space-separated bigrams of ``storage.search.text``), body then title: FTS5
marks every posting outside column 0 with two more bytes, and most postings
are the body's (the index is a third smaller this way round).
PostgreSQL: ``essay_search``, a tsvector of the same tokens per essay (title
weighted A) under a GIN index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import TableClause, column, table, text
from sqlalchemy.orm import Session

from storage.search.text import index_text, tsvector_literal

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
                "INSERT INTO essay_search (search_rowid, document) VALUES (:rowid,"
                " setweight(CAST(:title AS tsvector), 'A') || CAST(:body AS tsvector))"
                " ON CONFLICT (search_rowid) DO UPDATE SET document = excluded.document"
            ),
            [
                {
                    "rowid": t.search_rowid,
                    "title": tsvector_literal(t.title),
                    "body": tsvector_literal(t.body),
                }
                for t in texts
            ],
        )


def clear(session: Session) -> None:
    """Empty the search table (left-behind SQLite rows included)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO essay_search (essay_search) VALUES ('delete-all')"))
    else:
        session.execute(text("DELETE FROM essay_search"))


def optimize(session: Session) -> None:
    """SQLite: merge the FTS5 segments into one (smaller, faster), after a bulk write."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO essay_search (essay_search) VALUES ('optimize')"))
