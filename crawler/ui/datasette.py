"""``fanwen serve``: the SQLite archive in Datasette, read-only, with its metadata.

The database is opened immutable (``datasette -i``): SQLite reads it as a
file that cannot change, so no statement can write to it. The metadata
names the public views, their facets, and canned queries; the plugin in
``plugins/`` gives the search query and SQL the Chinese search.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

PLUGINS = Path(__file__).with_name("plugins")

SEARCH_SQL = """
select e.title, e.category, e.published_day, e.url, e.copies,
       fanwen_snippet(e.body, :q) as snippet
from essay_search
join essay_search_rows as r on r.search_rowid = essay_search.rowid
join essays as e on e.id = r.article_id
where essay_search match :_searchmatch_q
order by bm25(essay_search, 1.0, 10.0)
limit 100
"""

ESSAYS_PER_MONTH_SQL = """
select published_month, category, count(*) as essays
from essays
where published_month is not null
group by published_month, category
order by published_month, category
"""

LARGEST_CLUSTERS_SQL = """
select essay_url, essay_title, essay_category, count(*) as copies,
       group_concat(copy_url, ' ') as copy_urls
from essay_copies
group by essay_id, essay_url, essay_title, essay_category
order by copies desc, essay_url
limit 50
"""

LATEST_FAILURES_SQL = """
select url, status, reason, attempts, last_seen, detail
from failures
where resolved_at is null
order by last_seen desc
limit 100
"""

# Internals an analyst has no use for: raw pages, dedupe and search bookkeeping.
HIDDEN_TABLES = (
    "alembic_version",
    "article_pages",
    "canonical_hashes",
    "minhash_bands",
    "essay_search_rows",
)


def metadata(database: str) -> dict[str, Any]:
    return {
        "title": "fanwen archive",
        "description": "Chinese essays archived by fanwen-archive. Start with the essays view,"
        " or search with the search_essays query (two-character terms work).",
        "databases": {
            database: {
                "tables": {
                    "essays": {
                        "description": "One row per canonical essay (copies excluded),"
                        " with its number of copies. Days and months are Beijing time.",
                        "facets": ["category", "published_month", "date_source"],
                        "sort_desc": "published_at",
                        "label_column": "title",
                    },
                    "essay_copies": {
                        "description": "Every copy with its canonical essay.",
                        "facets": ["kind", "copy_category"],
                    },
                    "crawl_runs": {"sort_desc": "started_at"},
                    "failures": {"facets": ["reason"], "sort_desc": "last_seen"},
                    **{name: {"hidden": True} for name in HIDDEN_TABLES},
                },
                "queries": {
                    "search_essays": {
                        "title": "Search essays",
                        "description": 'Terms separated by spaces all must occur; "a phrase";'
                        " -term excludes. Punctuation and case do not matter.",
                        "sql": SEARCH_SQL.strip(),
                    },
                    "essays_per_month": {
                        "title": "Essays per month by category",
                        "sql": ESSAYS_PER_MONTH_SQL.strip(),
                    },
                    "largest_duplicate_clusters": {
                        "title": "Largest duplicate clusters",
                        "sql": LARGEST_CLUSTERS_SQL.strip(),
                    },
                    "latest_failures": {
                        "title": "Latest unresolved failures",
                        "sql": LATEST_FAILURES_SQL.strip(),
                    },
                },
            }
        },
    }


def datasette_command(archive: Path, metadata_file: Path, host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        str(archive),
        "--metadata",
        str(metadata_file),
        "--plugins-dir",
        str(PLUGINS),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "5000",
    ]
