"""Chinese full-text search over the archive, on SQLite (FTS5) and PostgreSQL (GIN).

``text`` turns text into bigram tokens and a user's query into index queries;
``index`` keeps the index current (``index_essays``); ``query`` runs searches.
"""

from storage.search.index import index_essays, left_behind_rows, rebuild_index
from storage.search.query import EssayFilter, SearchHit, Snippet, search
from storage.search.text import QueryError, SearchQuery, parse_query

__all__ = [
    "EssayFilter",
    "QueryError",
    "SearchHit",
    "SearchQuery",
    "Snippet",
    "index_essays",
    "left_behind_rows",
    "parse_query",
    "rebuild_index",
    "search",
]
