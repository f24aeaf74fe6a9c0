"""Datasette plugin: the archive's Chinese search, for canned queries and SQL.

The magic parameter ``:_searchmatch_q`` is the FTS5 expression over the bigram
index (``storage.search``) of the request's field ``q``, so the canned query
searches with ``essay_search MATCH :_searchmatch_q``; a query that cannot be
run stops there, and Datasette shows its one-line reason above the form (and
as the JSON ``error``). ``fanwen_snippet(body, q)`` marks the first match in
the text. ``fanwen_match(q)`` is the same expression as an SQL function, for
queries of one's own: there a query that cannot be run shows only SQLite's
"user-defined function raised exception".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Request

from storage.search import QueryError, parse_query
from storage.search.query import snippet

# An empty phrase: what the form runs before anything is typed, matching nothing.
NOTHING = '""'


def fanwen_match(query: str | None) -> str:
    return parse_query(query).fts5() if query and query.strip() else NOTHING


def fanwen_snippet(body: str | None, query: str | None) -> str:
    return snippet(body or "", parse_query(query or "").keys).marked("【", "】")


def search_match(field: str, request: Request) -> str:
    """``:_searchmatch_FIELD``: the FTS5 expression of the request's query in FIELD.

    Datasette binds a magic parameter in Python before SQLite runs the
    statement, and shows a DatabaseError's message as the query's error;
    SQLite would replace the reason an SQL function raises with its own.
    """
    try:
        return fanwen_match(request.args.get(field))
    except QueryError as exc:
        raise sqlite3.OperationalError(str(exc)) from exc


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type hints
def register_magic_parameters(datasette: Any) -> list[tuple[str, Callable[[str, Request], str]]]:
    return [("searchmatch", search_match)]


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type hints
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("fanwen_match", 1, fanwen_match, deterministic=True)
    conn.create_function("fanwen_snippet", 2, fanwen_snippet, deterministic=True)
