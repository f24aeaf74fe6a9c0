"""Datasette plugin: the archive's Chinese search as two SQL functions.

``fanwen_match(q)`` turns a user's query into the FTS5 expression over the
bigram index (``storage.search``), so a canned query can search with
``essay_search MATCH fanwen_match(:q)``; ``fanwen_snippet(body, q)`` marks the
first match in the text. A query that cannot be run raises a one-line error,
which Datasette shows above the form.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from storage.search import parse_query
from storage.search.query import snippet

# An empty phrase: what the form runs before anything is typed, matching nothing.
NOTHING = '""'


def fanwen_match(query: str | None) -> str:
    return parse_query(query).fts5() if query and query.strip() else NOTHING


def fanwen_snippet(body: str | None, query: str | None) -> str:
    return snippet(body or "", parse_query(query or "").keys).marked("【", "】")


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type hints
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("fanwen_match", 1, fanwen_match, deterministic=True)
    conn.create_function("fanwen_snippet", 2, fanwen_snippet, deterministic=True)
