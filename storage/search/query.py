"""Running a search: the index answers, the archive's columns filter and sort.

SQLite and PostgreSQL answer the same query with the same essays. SQLite's
FTS5 phrase of bigrams is the substring rule itself. PostgreSQL's candidates
are the essays holding every bigram of every term (GIN), re-checked in
Python (``SearchQuery.matches``) when a term is longer than two characters
or there are exclusions.

Relevance: on SQLite BM25 (a title match weighing ten body matches), or for
a term in more than 2,000 essays title matches first, newest first, then
the others, newest first (``common``). On PostgreSQL always the latter:
ranking by ``ts_rank`` reads every match's document (some 20 kB each, in
TOAST): 3 s for a term in every essay of 100,000.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session, aliased

from storage.models import Article, Category
from storage.search.backend import FTS_TABLE, TITLES_TABLE, fts_table
from storage.search.common import common_term_ids, is_common, walk_pays
from storage.search.rows import SearchRow
from storage.search.text import SearchQuery

# Days are the site's days (Beijing time), whatever the server's zone.
ARCHIVE_TIMEZONE = ZoneInfo("Asia/Shanghai")
Sort = Literal["relevance", "date"]
# Whether an essay's title and body are what a search wants.
TextCheck = Callable[[str, str], bool]
SNIPPET_BEFORE, SNIPPET_AFTER = 30, 70


@dataclass(frozen=True)
class EssayFilter:
    """What search and export narrow the archive down to."""

    query: SearchQuery | None = None
    categories: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    include_duplicates: bool = False


@dataclass(frozen=True)
class Snippet:
    before: str
    match: str
    after: str

    def marked(self, start: str = "<mark>", end: str = "</mark>") -> str:
        return f"{self.before}{start}{self.match}{end}{self.after}" if self.match else self.before


@dataclass(frozen=True)
class SearchHit:
    url: str
    title: str
    category: str | None
    published_at: datetime | None
    duplicate_of: str | None
    snippet: Snippet


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(), ARCHIVE_TIMEZONE)


def filter_clauses(
    essay_filter: EssayFilter, walk_dates: bool = False
) -> list[ColumnElement[bool]]:
    """Conditions on ``Article`` (and ``Category``, which the caller joins).

    ``walk_dates``: the caller walks the ``published_at`` index and joins no
    category; each condition is then a lookup in a set built once, which
    also keeps the planner on the dates.
    """
    clauses: list[ColumnElement[bool]] = []
    if not essay_filter.include_duplicates and walk_dates:
        # The copies' ids come from the duplicate_of_id index: testing a row's
        # own duplicate_of_id would read past its body, page by page.
        copies = select(Article.id).where(Article.duplicate_of_id.is_not(None))
        clauses.append(Article.id.not_in(copies))
    elif not essay_filter.include_duplicates:
        clauses.append(Article.duplicate_of_id.is_(None))
    if essay_filter.categories and walk_dates:
        # "+ 0" keeps the walk on the dates: through the category index, SQLite
        # would read the whole category and sort it.
        names = select(Category.id).where(Category.name.in_(essay_filter.categories))
        clauses.append((Article.category_id + 0).in_(names))
    elif essay_filter.categories:
        clauses.append(Category.name.in_(essay_filter.categories))
    if essay_filter.since is not None:
        clauses.append(Article.published_at >= day_start(essay_filter.since))
    if essay_filter.until is not None:
        clauses.append(Article.published_at < day_start(essay_filter.until + timedelta(days=1)))
    return clauses


def _match(session: Session, query: SearchQuery) -> tuple[ColumnElement[bool], Any]:
    """The index condition and the column joined to ``SearchRow.search_rowid``."""
    fts = fts_table()
    if session.get_bind().dialect.name == "sqlite":
        name: ColumnElement[Any] = literal_column(FTS_TABLE)
        return name.op("MATCH")(bindparam("fts_query", query.fts5())), fts.c.rowid
    return fts.c.document.op("@@")(_tsquery(query)), fts.c.search_rowid


def _tsquery(query: SearchQuery) -> ColumnElement[Any]:
    return cast(bindparam("ts_query", query.tsquery()), TSQUERY)


def matching_ids(session: Session, query: SearchQuery) -> Select[Any]:
    """Ids of the essays the index finds (on PostgreSQL, before the re-check)."""
    condition, rowid = _match(session, query)
    return (
        select(SearchRow.article_id)
        .select_from(fts_table())
        .join(SearchRow, SearchRow.search_rowid == rowid)
        .where(condition)
    )


def needs_check(session: Session, query: SearchQuery) -> bool:
    return session.get_bind().dialect.name != "sqlite" and query.needs_check


NEWEST_FIRST = (Article.published_at.desc().nulls_last(), Article.id.desc())


def search(
    session: Session, essay_filter: EssayFilter, sort: Sort = "relevance", limit: int = 20
) -> list[SearchHit]:
    """The best ``limit`` essays for the filter's query, with a snippet each."""
    query = essay_filter.query
    if query is None:
        raise ValueError("a search needs a query")
    if session.get_bind().dialect.name == "sqlite":
        ids = _sqlite_ids(session, essay_filter, query, sort, limit)
    else:
        ids = _postgresql_ids(session, essay_filter, query, sort, limit)
    return _hits(session, ids, query)


def _sqlite_ids(
    session: Session, essay_filter: EssayFilter, query: SearchQuery, sort: Sort, limit: int
) -> list[int]:
    expression = query.fts5()
    if is_common(session, expression):
        walk = walk_pays(session, essay_filter, expression, limit)
        return common_term_ids(session, essay_filter, sort, limit, walk)
    condition, rowid = _match(session, query)
    # bm25 is lower for better matches; a title match (column 1) weighs ten body matches.
    bm25 = func.bm25(literal_column(FTS_TABLE), 1.0, 10.0)
    statement = (
        select(Article.id)
        .select_from(fts_table())
        .join(SearchRow, SearchRow.search_rowid == rowid)
        .join(Article, Article.id == SearchRow.article_id)
        .outerjoin(Category, Article.category_id == Category.id)
        .where(condition, *filter_clauses(essay_filter))
        .order_by(*([bm25, Article.url] if sort == "relevance" else NEWEST_FIRST))
        .limit(limit)
    )
    return list(session.scalars(statement))


# Walking the essays newest first (migration 0006's index) reads the document
# of each one passed (some 20 kB from TOAST, about 60 us); gathering the GIN
# index's matches costs about 7 us a match (its essay and title rows, no
# document). A walk passes about window * essays / matches essays, so it pays
# when matches ** 2 > DOCUMENT_READ * window * essays: above about 4,000
# matches for 20 essays out of 100,000.
DOCUMENT_READ = 9
# psycopg prepares a statement run five times, and PostgreSQL may then plan
# it once for any query: blind to the term, such a plan walked every essay's
# title for a rare one (80 ms against 0.5). Each search is planned for its terms,
# in one process: parallel workers cost more to start than a LIMIT query takes.
NO_SEQUENTIAL_SCAN = {
    "enable_seqscan": "off",
    "plan_cache_mode": "force_custom_plan",
    "max_parallel_workers_per_gather": "0",
}
# Sorting off: the only way left to the order is the walk.
WALK = {**NO_SEQUENTIAL_SCAN, "enable_sort": "off", "enable_incremental_sort": "off"}


def _postgresql_ids(
    session: Session, essay_filter: EssayFilter, query: SearchQuery, sort: Sort, limit: int
) -> list[int]:
    """Newest first; for relevance, the title matches before the others.

    Title matches come from the small ``essay_search_titles``, each part
    from a LIMIT query newest first. The planner prices ``@@`` on a
    document as free and underestimates a term's matches (as if its bigrams
    were independent), so it tested a whole category's essays one by one
    (290 ms for 12,000): how to reach the matches is decided here, from how
    many there are, and sequential scans are off.
    """
    fts, titles = fts_table(), TITLES_TABLE
    in_document = fts.c.document.op("@@")(_tsquery(query))
    in_title = titles.c.title.op("@@")(_tsquery(query))
    window = limit * CHECK_WINDOW if query.needs_check else limit
    essays = session.scalar(select(func.max(Article.id))) or 0
    walk_from = math.isqrt(DOCUMENT_READ * window * essays)
    with _planner_settings(session, NO_SEQUENTIAL_SCAN):
        walk = _match_count(session, in_document, walk_from + 1) > walk_from
    walked = (
        select(Article.id)
        .select_from(fts)
        .join(Article, Article.id == fts.c.search_rowid)
        .where(in_document)
    )
    # OFFSET 0: planned on its own, a bitmap of the GIN index's matches.
    gathered = select(Article.id).where(
        Article.id.in_(select(fts.c.search_rowid).where(in_document).offset(0))
    )
    # A document holds its title's tokens: a title match needs no document.
    in_titles = (
        select(Article.id)
        .select_from(titles)
        .join(Article, Article.id == titles.c.search_rowid)
        .where(in_title)
    )
    parts: list[tuple[list[Select[Any]], TextCheck]] = [([walked, gathered], query.matches)]
    if sort == "relevance":
        others = [walked, gathered]
        # A title holding a longer term's bigrams need not hold the term: its
        # essay is one of the others unless the check finds the term there.
        if not query.has_phrases:
            others = [
                way.join(titles, titles.c.search_rowid == Article.id).where(~in_title)
                for way in others
            ]
        parts = [([in_titles], query.title_match), (others, _not_title_match(query))]
    found: list[int] = []
    for ways, wanted in parts:
        if len(found) >= limit:
            break
        statements = [
            (
                way.outerjoin(Category, Article.category_id == Category.id)
                .where(*filter_clauses(essay_filter))
                .order_by(*NEWEST_FIRST),
                WALK if way is ways[0] and len(ways) > 1 else NO_SEQUENTIAL_SCAN,
            )
            for way in (ways if walk else ways[-1:])
        ]
        if query.needs_check:
            found += _checked_ids(session, statements, wanted, limit - len(found))
        else:
            statement, settings = statements[0]
            with _planner_settings(session, settings):
                found += session.scalars(statement.limit(limit - len(found)))
    return found


def _match_count(session: Session, condition: ColumnElement[bool], cap: int) -> int:
    """How many search rows meet ``condition``, counting no further than ``cap``."""
    matches = select(fts_table().c.search_rowid).where(condition).limit(cap).subquery()
    return session.scalar(select(func.count()).select_from(matches)) or 0


@contextmanager
def _planner_settings(session: Session, settings: dict[str, str]) -> Iterator[None]:
    """Planner settings for the statements inside, put back afterwards.

    Local to the transaction: after an error, the rollback puts them back.
    """
    before = {
        name: session.scalar(text("SELECT current_setting(:name)"), {"name": name})
        for name in settings
    }
    for name, value in settings.items():
        _set(session, name, value)
    yield
    for name, value in before.items():
        _set(session, name, value)


def _set(session: Session, name: str, value: str | None) -> None:
    session.execute(text("SELECT set_config(:name, :value, true)"), {"name": name, "value": value})


# Candidates read at first by a re-checked search, per essay asked for; each
# further read takes twice as many.
CHECK_WINDOW = 2


def _not_title_match(query: SearchQuery) -> TextCheck:
    def other_match(title: str, body: str) -> bool:
        return query.matches(title, body) and not query.title_match(title, body)

    return other_match


def _checked_ids(
    session: Session,
    statements: list[tuple[Select[Any], dict[str, str]]],
    wanted: TextCheck,
    limit: int,
) -> list[int]:
    """The first ``limit`` candidates whose title and body pass ``wanted``
    (``SearchQuery.matches``, or a part of its matches).

    ``statements``: ways to the same candidates in the same order, each
    with its planner settings: the first reads the first window, the last
    every further one. A walk of the dates pays a document read for every
    candidate, and a term whose bigrams are common can have few true
    matches: past its first window the candidates come from the GIN bitmap.
    Each window is a LIMIT query, planned for its first rows.
    """
    canonical = aliased(Article)
    found: list[int] = []
    offset, window = 0, limit * CHECK_WINDOW
    while True:
        statement, settings = statements[0] if offset == 0 else statements[-1]
        texts = statement.add_columns(
            Article.title, func.coalesce(Article.body, canonical.body, "")
        ).outerjoin(canonical, Article.duplicate_of_id == canonical.id)
        with _planner_settings(session, settings):
            rows = session.execute(texts.offset(offset).limit(window)).all()
        for article_id, title, body in rows:
            if wanted(title, body):
                found.append(article_id)
                if len(found) == limit:
                    return found
        if len(rows) < window:
            return found
        offset, window = offset + window, window * CHECK_WINDOW


def _hits(session: Session, ids: list[int], query: SearchQuery) -> list[SearchHit]:
    if not ids:
        return []
    canonical = aliased(Article)
    rows = session.execute(
        select(
            Article.id,
            Article.url,
            Article.title,
            Category.name,
            Article.published_at,
            canonical.url,
            func.coalesce(Article.body, canonical.body, ""),
        )
        .outerjoin(Category, Article.category_id == Category.id)
        .outerjoin(canonical, Article.duplicate_of_id == canonical.id)
        .where(Article.id.in_(ids))
    )
    by_id = {
        row[0]: SearchHit(row[1], row[2], row[3], row[4], row[5], snippet(row[6], query.keys))
        for row in rows
    }
    return [by_id[article_id] for article_id in ids]


# Full-width forms U+FF01-U+FF5E are their ASCII characters moved by this.
FULL_WIDTH_OFFSET = 0xFEE0


def snippet(body: str, keys: list[str]) -> Snippet:
    """Some text around the body's first match of any key, the match apart.

    Keys are normalized (punctuation dropped, case-folded), so the match is
    looked for with anything but letters and digits allowed between its
    characters, case-blind; a match only in the title shows the body's start.
    """
    found: re.Match[str] | None = None
    for key in keys:
        pattern = r"[\W_]*".join(_written_forms(char) for char in key)
        match = re.search(pattern, body, re.IGNORECASE)
        if match and (found is None or match.start() < found.start()):
            found = match
    if found is None:
        return Snippet(_one_line(body[: SNIPPET_BEFORE + SNIPPET_AFTER]), "", "")
    start = max(0, found.start() - SNIPPET_BEFORE)
    before = ("…" if start else "") + body[start : found.start()]
    after = body[found.end() : found.end() + SNIPPET_AFTER]
    if found.end() + SNIPPET_AFTER < len(body):
        after += "…"
    return Snippet(_one_line(before), _one_line(found.group()), _one_line(after))


def _written_forms(char: str) -> str:
    """A pattern for a key's character as the body may write it: an ASCII letter,
    digit or sign also full-width (``ＡＢＣ２０２０``), which NFKC folded for the key."""
    if "!" <= char <= "~":
        return f"[{re.escape(char)}{re.escape(chr(ord(char) + FULL_WIDTH_OFFSET))}]"
    return re.escape(char)


def _one_line(text: str) -> str:
    return " ".join(text.split())
