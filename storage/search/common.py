"""SQLite: queries whose terms are in a large part of the archive.

Ranking every match by BM25 and joining each to its essay costs a few
microseconds a match: 0.3 s for a term in every essay of 100,000. Listing an
index's matches costs a few hundredths of that. So when the query matches
more than ``COMMON`` essays (counted from the index, stopping at COMMON + 1),
relevance means: title matches first, newest first, then the other matches,
newest first; for such a term BM25 says little anyway. That order is reached
by walking the essays newest first through the ``published_at`` index, each
probed in the index by rowid, until ``limit`` are found, or, when a walk
would pass more essays than there are matches (a large ``limit``), by
joining every match to its essay and sorting. Which way is a matter of
speed only: ``limit`` never changes the order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, bindparam, exists, func, literal_column, select, text
from sqlalchemy.orm import Session

from storage.models import Article, Category
from storage.search.backend import FTS_TABLE, fts_table
from storage.search.rows import SearchRow

if TYPE_CHECKING:
    from storage.search.query import EssayFilter, Sort

COMMON = 2000
# Up to this many matches, the walk looks each essay up in the set of matches
# (built once, a fraction of a microsecond a match); past it, probing the
# index essay by essay (tens of microseconds each) finds the first ones sooner.
MATCH_SET = 20_000


def match_count(session: Session, expression: str, cap: int) -> int:
    """How many essays the index matches, counting no further than ``cap``."""
    count = session.scalar(
        text(
            "SELECT count(*) FROM (SELECT rowid FROM essay_search"
            " WHERE essay_search MATCH :expression LIMIT :cap)"
        ),
        {"expression": expression, "cap": cap},
    )
    return count or 0


def is_common(session: Session, expression: str) -> bool:
    return match_count(session, expression, COMMON + 1) > COMMON


def walk_pays(session: Session, essay_filter: EssayFilter, expression: str, limit: int) -> bool:
    """Whether walking the dates beats joining every match, for a common query (SQLite).

    A walk reads about limit * essays / (matches * share) essays, where
    ``share`` is the part of the archive the category filter keeps (dates
    narrow the walk as much as the matches); the join reads every match.
    """
    essays = session.scalar(select(func.max(Article.id))) or 1
    share = 1.0
    if essay_filter.categories:
        kept = session.scalar(
            select(func.count())
            .select_from(Article)
            .where(
                Article.category_id.in_(
                    select(Category.id).where(Category.name.in_(essay_filter.categories))
                )
            )
        )
        share = max(kept or 0, 1) / essays
    matches = match_count(session, expression, essays + 1)
    return limit * essays / (matches * share) < matches


def common_term_ids(
    session: Session, essay_filter: EssayFilter, sort: Sort, limit: int, walk: bool
) -> list[int]:
    """The first ``limit`` essays of a common query, walked or joined (``walk_pays``)."""
    assert essay_filter.query is not None
    query = essay_filter.query
    expression = query.fts5()
    title = query.fts5(column="title")
    if not walk:
        first = title if sort == "relevance" else None
        return _all_newest(session, essay_filter, expression, limit, first)
    # Counting a plain expression reads doclists only: cheap enough to decide by.
    as_set = match_count(session, expression, MATCH_SET + 1) <= MATCH_SET
    if sort == "date":
        return _newest(session, essay_filter, expression, limit, [], as_set)
    # A column filter reads positions too: title matches are counted no further
    # than COMMON, and a common title term is probed, never gathered.
    if is_common(session, title):
        found = _newest(session, essay_filter, title, limit, [], as_set=False)
    else:
        found = _all_newest(session, essay_filter, title, limit)
    if len(found) < limit:
        found += _newest(session, essay_filter, expression, limit - len(found), found, as_set)
    return found


def _newest(
    session: Session,
    essay_filter: EssayFilter,
    expression: str,
    limit: int,
    skip: list[int],
    as_set: bool,
) -> list[int]:
    """Essays newest first, each checked against the matches: stops after ``limit``."""
    from storage.search.query import filter_clauses

    fts = fts_table()
    name: ColumnElement[Any] = literal_column(FTS_TABLE)
    matches = name.op("MATCH")(bindparam("walk", expression))
    membership: ColumnElement[bool]
    if as_set:
        # "+ 0": a set to look rows up in, never a list of rows to start from.
        membership = (SearchRow.search_rowid + 0).in_(select(fts.c.rowid).where(matches))
    else:
        membership = exists().where(matches).where(fts.c.rowid == SearchRow.search_rowid)
    statement = (
        select(Article.id)
        .join(SearchRow, SearchRow.article_id == Article.id)
        .where(membership, *filter_clauses(essay_filter, walk_dates=True))
        .order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
        .limit(limit)
    )
    if skip:
        statement = statement.where(Article.id.not_in(skip))
    return list(session.scalars(statement))


def _all_newest(
    session: Session,
    essay_filter: EssayFilter,
    expression: str,
    limit: int,
    first: str | None = None,
) -> list[int]:
    """Every match joined to its essay, newest first; those of ``first`` (an
    expression, such as the title's) before the others, if given."""
    from storage.search.query import filter_clauses

    fts = fts_table()
    name: ColumnElement[Any] = literal_column(FTS_TABLE)
    ahead: list[ColumnElement[Any]] = []
    if first is not None:
        # A set built once; not correlated: the subquery reads the index on its own.
        in_first = select(fts.c.rowid).where(name.op("MATCH")(bindparam("first", first)))
        ahead.append(fts.c.rowid.in_(in_first.correlate(None)).desc())
    statement = (
        select(Article.id)
        .select_from(fts)
        .join(SearchRow, SearchRow.search_rowid == fts.c.rowid)
        .join(Article, Article.id == SearchRow.article_id)
        .outerjoin(Category, Article.category_id == Category.id)
        .where(name.op("MATCH")(bindparam("matches", expression)), *filter_clauses(essay_filter))
        .order_by(*ahead, Article.published_at.desc().nulls_last(), Article.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))
