"""Chinese full-text search on the fixture archive (SQLite), against the reference rule."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from archive_essays import FETCHED, text
from fanwen_runner import fanwen
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, aliased

from crawler.fingerprint import content_hash
from storage.archive import store_essays
from storage.database import make_engine, session_factory
from storage.models import Article, Category
from storage.records import EssayRecord, PageRecord
from storage.schema import upgrade
from storage.search import (
    EssayFilter,
    QueryError,
    index_essays,
    left_behind_rows,
    parse_query,
    rebuild_index,
    search,
)
from storage.search.common import COMMON
from storage.search.query import snippet
from storage.search.text import SearchQuery, Term, index_text, tokens, tsvector_literal

SITE = "http://www.renrenfanwen.test"
# Every shape the parser knows, and input that is syntax elsewhere (FTS5, SQL, LIKE).
QUERIES = [
    "党建",
    "调研",
    "总结",
    "党建 调研",
    '"党建工作"',
    '"党建 工作"',
    "党建 -调研",
    '党建 -"工作总结"',
    "2020年",
    "平凡的世界",
    "AND",
    "党建 OR 调研",
    "NEAR(党建 调研)",
    "党建*",
    "^党建",
    "党建 NOT 调研",
    "党'建",
    "党建; DROP TABLE articles; --",
    "100%",
    "党_建",
    "' OR 1=1 --",
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "archive.db"
    run = fanwen("crawl", "--db", f"sqlite:///{path}")
    assert run.returncode == 0, run.stderr
    return path


@pytest.fixture
def engine(archive: Path) -> Engine:
    engine = make_engine(f"sqlite:///{archive}")
    yield engine  # type: ignore[misc]
    engine.dispose()


def reference(session: Session, query: str, essay_filter: EssayFilter | None = None) -> set[str]:
    """The URLs the rule says match: every essay checked in Python, no index."""
    parsed = parse_query(query)
    canonical = aliased(Article)
    rows = session.execute(
        select(
            Article.url,
            Article.title,
            func.coalesce(Article.body, canonical.body, ""),
            Article.duplicate_of_id,
        ).outerjoin(canonical, Article.duplicate_of_id == canonical.id)
    )
    include_duplicates = essay_filter.include_duplicates if essay_filter else False
    return {
        url
        for url, title, body, duplicate_of in rows
        if parsed.matches(title, body) and (include_duplicates or duplicate_of is None)
    }


def found(session: Session, essay_filter: EssayFilter, **options: object) -> list[str]:
    return [hit.url for hit in search(session, essay_filter, limit=1000, **options)]  # type: ignore[arg-type]


def test_index_text_is_bigrams_then_the_last_character() -> None:
    assert index_text("党建工作。") == "党建 建工 工作"
    assert index_text("２０２０年 COVID-19") == "20 02 20 0年 年c co ov vi id d1 19"
    assert index_text("。，") == ""
    assert index_text("党") == ""
    assert tsvector_literal("党建党建") == "'党建':1,3 '建党':2"


@given(st.text())
def test_index_text_is_the_tokens_joined_by_spaces(text: str) -> None:
    # Any text, lone surrogates and astral characters included: the array
    # build must give what joining the bigrams gives.
    assert index_text(text) == " ".join(tokens(text))


def test_query_terms_phrases_and_exclusions_parse_to_index_queries() -> None:
    query = parse_query('党建 "调研 报告" -总结 XY')
    assert [term.key for term in query.include] == ["党建", "调研报告", "xy"]
    assert [term.key for term in query.exclude] == ["总结"]
    assert query.fts5() == '("党建" AND "调研 研报 报告" AND "xy") NOT "总结"'
    assert query.tsquery() == "('党建') & ('调研' & '研报' & '报告') & ('xy')"


@pytest.mark.parametrize(
    ("query", "ascii"),
    [
        ("党史 －总结", "党史 -总结"),  # U+FF0D, what a Chinese input method types
        ("党史 ﹣总结", "党史 -总结"),  # U+FE63 small hyphen-minus
        ("党史 −总结", "党史 -总结"),  # U+2212 minus sign
        ("党史 ‐总结", "党史 -总结"),  # U+2010 hyphen
        ("“党史 心得” 学习", '"党史 心得" 学习'),
        ("「党史 心得」 学习", '"党史 心得" 学习'),
        ("『党史 心得』 学习", '"党史 心得" 学习'),
        ("＂党史 心得＂ 学习", '"党史 心得" 学习'),
        ("－“党史 心得” 学习", '-"党史 心得" 学习'),
    ],
)
def test_full_width_operators_are_the_ascii_operators(query: str, ascii: str) -> None:
    assert parse_query(query) == parse_query(ascii)


def test_full_width_operators_parse_to_the_whole_query() -> None:
    assert parse_query("“党史 心得” 学习 －总结") == SearchQuery(
        include=(Term("党史 心得", "党史心得"), Term("学习", "学习")),
        exclude=(Term("总结", "总结"),),
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"党建', "malformed query '\"党建': a double quote is not closed"),
        (
            "-党建",
            "nothing to search for in '-党建': give at least one term with a letter or digit",
        ),
        (
            "* ^ %",
            "nothing to search for in '* ^ %': give at least one term with a letter or digit",
        ),
        ("党建 的", "'的' is one character: search terms need two or more letters or digits"),
        # Chinese quotes make a phrase, as ASCII ones do: the phrase is one character.
        ("党建 -“的”", "'的' is one character: search terms need two or more letters or digits"),
        ("“党建", "malformed query '“党建': a double quote is not closed"),
    ],
)
def test_a_query_that_cannot_run_is_one_line(query: str, message: str) -> None:
    with pytest.raises(QueryError) as error:
        parse_query(query)
    assert str(error.value) == message


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_exactly_what_the_rule_says(engine: Engine, query: str) -> None:
    with session_factory(engine)() as session:
        assert set(found(session, EssayFilter(parse_query(query)))) == reference(session, query)


def test_a_two_character_term_finds_the_essays_that_hold_it(engine: Engine) -> None:
    with session_factory(engine)() as session:
        urls = found(session, EssayFilter(parse_query("党建")))
        titles = {hit.title for hit in search(session, EssayFilter(parse_query("党建")), limit=50)}
    assert sorted(urls) == [
        f"{SITE}/{path}.html"
        for path in (
            "dangjian/121960",
            "dangjian/122876",
            "dangjian/123105",
            "dangjian/123650",
            "dangjian/124410",
            "dangjian/124533",
            "dangjian/124870",
            "dangjian/125310",
            "diaoyanbaogao/121744",
            "fanwendaquan/121745",
        )
    ]
    # The near copy of 124410 (diaoyanbaogao/124436) holds 党建 too, but is a copy.
    assert {"党建调研报告", "党建工作述职报告", "党支部书记抓基层党建述职报告"} <= titles


def test_relevance_puts_title_matches_first(engine: Engine) -> None:
    with session_factory(engine)() as session:
        hits = search(session, EssayFilter(parse_query("党建")), limit=5)
    assert all("党建" in hit.title for hit in hits)


@pytest.mark.parametrize(
    ("keys", "match"),
    [
        (["abc公司"], "ＡＢＣ公司"),
        (["2020年"], "２０２０年"),
        (["39亿"], "３．９亿"),
        (["12"], "１２"),
    ],
)
def test_snippet_marks_a_match_written_full_width(keys: list[str], match: str) -> None:
    body = "ＡＢＣ公司２０２０年营业收入３．９亿元，同比增长１２％。"
    assert snippet(body, keys).match == match


def test_snippet_marks_the_match_in_the_body(engine: Engine) -> None:
    with session_factory(engine)() as session:
        (hit,) = search(session, EssayFilter(parse_query('"党建工作述职"')), limit=1) or [None]
        first = search(session, EssayFilter(parse_query("履行党建")), limit=1)[0]
    assert hit is not None and hit.url == f"{SITE}/dangjian/121960.html"
    assert first.snippet.match == "履行党建"
    assert first.snippet.marked().startswith("今年以来，我认真<mark>履行党建</mark>工作主体责任")


def test_copies_are_hidden_unless_asked_for(engine: Engine) -> None:
    canonical, exact_copy = f"{SITE}/fanwendaquan/122105.html", f"{SITE}/xindetihui/123188.html"
    query = parse_query("孙少平")
    with session_factory(engine)() as session:
        assert found(session, EssayFilter(query)) == [canonical]
        assert sorted(found(session, EssayFilter(query, include_duplicates=True))) == [
            canonical,
            exact_copy,
        ]


def test_category_and_period_filters_and_date_order(engine: Engine) -> None:
    query = parse_query("党建")
    with session_factory(engine)() as session:
        everything = search(session, EssayFilter(query), limit=100)
        in_2020 = search(
            session,
            EssayFilter(query, since=date(2020, 1, 1), until=date(2020, 12, 31)),
            sort="date",
            limit=100,
        )
        research = found(session, EssayFilter(query, categories=("调研报告",)))
        categories = dict(session.execute(select(Article.url, Category.name).join(Category)).all())
    expected_2020 = sorted(
        (
            hit
            for hit in everything
            if hit.published_at and hit.published_at.year == 2020 and hit.published_at.month < 12
        ),
        key=lambda hit: hit.url,
    )
    assert [hit.published_at for hit in in_2020] == sorted(
        (hit.published_at for hit in in_2020 if hit.published_at), reverse=True
    )
    assert {hit.url for hit in expected_2020} <= {hit.url for hit in in_2020}
    assert all(
        hit.published_at
        and datetime(2019, 12, 31, 16, tzinfo=UTC)
        <= hit.published_at
        < datetime(2020, 12, 31, 16, tzinfo=UTC)
        for hit in in_2020
    )
    assert research and all(categories[url] == "调研报告" for url in research)
    assert set(research) == {
        url for url in reference(session, "党建") if categories[url] == "调研报告"
    }


def test_the_index_follows_a_changed_text_and_a_rebuild_drops_old_rows(engine: Engine) -> None:
    url = f"{SITE}/dangjian/123988.html"
    with session_factory(engine).begin() as session:
        article_id = session.scalar(select(Article.id).where(Article.url == url))
        assert article_id is not None
        session.execute(
            update(Article)
            .where(Article.id == article_id)
            .values(title="乡村振兴", body="乡村振兴的新篇章。")
        )
        index_essays(session, [article_id])
        assert found(session, EssayFilter(parse_query("振兴的新篇"))) == [url]
        assert url not in found(session, EssayFilter(parse_query("冬训")))
        assert left_behind_rows(session) == 1
        index_essays(session, [article_id])  # unchanged: nothing written
        assert left_behind_rows(session) == 1
        rebuild_index(session)
        assert left_behind_rows(session) == 0
        assert found(session, EssayFilter(parse_query("振兴的新篇"))) == [url]
        session.rollback()


def test_cli_search_prints_json_lines_and_one_line_errors(archive: Path) -> None:
    db = f"sqlite:///{archive}"
    run = fanwen(
        "search",
        "党建",
        "--db",
        db,
        "--since",
        "2021",
        "--category",
        "党建",
        "--format",
        "json",
        "--sort",
        "date",
    )
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [row["title"] for row in rows] == [
        "2021年上半年党支部工作总结",
        "关于新时代加强基层党组织建设的调研报告",
        "2020年工作总结",
    ]
    assert all("<mark>" in row["snippet"] for row in rows[:1])
    bad = fanwen("search", '"党建', "--db", db)
    assert bad.returncode == 2
    assert (
        bad.stderr.splitlines()[-1]
        == "Error: malformed query '\"党建': a double quote is not closed"
    )
    assert "Traceback" not in bad.stderr
    csv_run = fanwen("search", "平凡的世界", "--db", db, "--format", "csv")
    assert csv_run.stdout.splitlines()[0] == "title,category,published_at,url,duplicate_of,snippet"


@pytest.mark.parametrize("query", ["党建", "工作 -总结", "20", '"党建工作"'])
def test_common_terms_walk_the_dates_and_find_the_same_essays(
    engine: Engine, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = parse_query(query)
    with session_factory(engine)() as session:
        by_rank = found(session, EssayFilter(parsed))
        by_date = found(session, EssayFilter(parsed), sort="date")
        research = found(session, EssayFilter(parsed, categories=("调研报告",)), sort="date")
        # Too small an archive for a walk to pay: make every term common.
        monkeypatch.setattr("storage.search.common.COMMON", 0)
        monkeypatch.setattr("storage.search.query.walk_pays", lambda *_: True)
        walked_rank = found(session, EssayFilter(parsed))
        assert found(session, EssayFilter(parsed), sort="date") == by_date
        assert (
            found(session, EssayFilter(parsed, categories=("调研报告",)), sort="date") == research
        )
        titles = dict(session.execute(select(Article.url, Article.title)).all())
    assert sorted(walked_rank) == sorted(by_rank)
    # Title matches first, then the others (each part newest first).
    in_title = [parsed.matches(titles[url]) for url in walked_rank]
    assert in_title == sorted(in_title, reverse=True)
    assert [url for url in by_date if parsed.matches(titles[url])] == [
        url for url, title in zip(walked_rank, in_title, strict=True) if title
    ]


def test_exclusions_are_one_flat_not() -> None:
    # One NOT of an OR: a NOT per exclusion nested a level each, and FTS5's
    # parser overflowed its stack past about 97 of them.
    query = parse_query("党建 调研 -总结 -心得 -述职")
    assert query.fts5() == '("党建" AND "调研") NOT ("总结" OR "心得" OR "述职")'
    assert query.fts5(column="title") == (
        '(title : ("党建" AND "调研")) NOT ("总结" OR "心得" OR "述职")'
    )
    assert parse_query("党建").fts5() == '"党建"'


def many_terms(terms: list[str], minus: str = "") -> str:
    return " ".join(minus + term for term in terms)


# Terms no essay holds (a digit after two ideographs), with real ones among them.
ABSENT = [chr(0x4E00 + i) + chr(0x4E01 + i) + str(i % 10) for i in range(500)]
EXCLUSIONS = [*ABSENT[:250], "调研", *ABSENT[250:498], "述职"]


def test_five_hundred_exclusions_find_exactly_what_the_rule_says(engine: Engine) -> None:
    query = "党建 " + many_terms(EXCLUSIONS, "-")
    assert len(parse_query(query).exclude) == 500
    with session_factory(engine)() as session:
        urls = set(found(session, EssayFilter(parse_query(query))))
        assert urls == reference(session, query)
        # The two real exclusions decide: without them, more essays match.
        assert urls < reference(session, "党建")


def test_three_hundred_required_terms_find_exactly_what_the_rule_says(engine: Engine) -> None:
    with session_factory(engine)() as session:
        # Terms the longest essay holds: its first 300 distinct bigrams.
        url, body = session.execute(
            select(Article.url, Article.body).order_by(func.length(Article.body).desc()).limit(1)
        ).one()
        terms = list(dict.fromkeys(tokens(body)))[:300]
        query = many_terms(terms) + " " + many_terms(ABSENT, "-")
        assert len(parse_query(query).include) == 300
        urls = set(found(session, EssayFilter(parse_query(query))))
        assert urls == reference(session, query)
    assert url in urls


@settings(max_examples=30)
@given(
    # Any number of exclusions up to 600, each absent from the archive or not.
    st.integers(min_value=1, max_value=600).flatmap(
        lambda count: st.lists(
            st.sampled_from([*ABSENT[:40], "调研", "述职", "总结", "工作", "2020"]),
            min_size=count,
            max_size=count,
        )
    )
)
def test_any_exclusions_find_exactly_what_the_rule_says(archive: Path, excluded: list[str]) -> None:
    query = "党建 " + many_terms(excluded, "-")
    engine = make_engine(f"sqlite:///{archive}")
    with session_factory(engine)() as session:
        assert set(found(session, EssayFilter(parse_query(query)))) == reference(session, query)
    engine.dispose()


# An archive where the common terms are common: more than COMMON essays hold
# 党建, 2020 and 党建工作 (every body but one in 20, and some titles), few
# hold 乡村振兴 (some titles, a few bodies) or 初心. Titles repeat; a date
# repeats too (days over two years) and one essay in 13 has none.
MANY = COMMON + 400
MANY_TITLES = [
    "2020年党建工作总结",
    # Holds the bigrams of 2020 (20, 02) but not 2020 itself.
    "在2021年春节团拜会上的讲话",
    "党建调研报告",
    "乡村振兴的新篇章",
    "述职报告",
    "工作计划",
    "心得体会",
]
MANY_CATEGORIES = ["党建", "调研报告", "总结"]


def many_essays() -> list[EssayRecord]:
    days = random.Random(3)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    records = []
    for number in range(MANY):
        body = text(20_000 + number, 62)
        if number % 20:
            body += "\n回顾2020年的党建工作。"
        if number % 97 == 0:
            body += "\n乡村振兴。"
        if number % 50 == 0:
            body += "\n不忘初心。"
        published = None if number % 13 == 0 else start + timedelta(days=days.randint(0, 700))
        url = f"http://x.test/many/{number:05d}.html"
        category = MANY_CATEGORIES[number % 3]
        records.append(
            EssayRecord(
                url,
                MANY_TITLES[number % 7],
                body,
                content_hash(body),
                FETCHED,
                [PageRecord(url, body, "utf-8")],
                category=category,
                category_url=f"http://x.test/{number % 3}/",
                published_at=published,
                date_source="page" if published else "none",
            )
        )
    return records


def build_many(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    with session_factory(engine).begin() as session:
        stored = store_essays(session, many_essays(), None, None)
        index_essays(session, [essay.article_id for essay in stored])
    if engine.dialect.name == "postgresql":
        # Statistics of the filled tables, as autovacuum would gather them
        # later: without them the planner's guesses take seconds a search.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('many') / 'archive.db'}"
    build_many(url)
    return url


def title_first_newest_first(session: Session, essay_filter: EssayFilter) -> list[str]:
    """The README's order for a common query (and any query on PostgreSQL):
    the matches whose title holds every term, then the others, each newest first."""
    assert essay_filter.query is not None
    query = essay_filter.query
    rows = session.execute(
        select(Article.id, Article.url, Article.title, Article.body, Article.published_at)
        .outerjoin(Category, Article.category_id == Category.id)
        .where(
            Article.duplicate_of_id.is_(None),
            *([Category.name.in_(essay_filter.categories)] if essay_filter.categories else []),
        )
    ).all()
    newest = sorted(
        (row for row in rows if query.matches(row.title, row.body)),
        key=lambda row: (
            row.published_at is not None,
            row.published_at.timestamp() if row.published_at else 0.0,
            row.id,
        ),
        reverse=True,
    )
    return [row.url for row in sorted(newest, key=lambda row: not query.matches(row.title))]


def ranked(db_url: str, essay_filter: EssayFilter, limits: list[int]) -> list[list[str]]:
    """The URLs a relevance search finds, for each limit."""
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        urls = [[hit.url for hit in search(session, essay_filter, limit=k)] for k in limits]
    engine.dispose()
    return urls


def expected_order(db_url: str, essay_filter: EssayFilter) -> list[str]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        expected = title_first_newest_first(session, essay_filter)
    engine.dispose()
    return expected


# Small enough to walk the dates, and large enough to join every match.
LIMITS = [1, 3, 20, 200, 700, 1000, 2000, 2300, 5000]
COMMON_FILTERS = [
    EssayFilter(parse_query("党建")),
    EssayFilter(parse_query("2020")),
    EssayFilter(parse_query("党建工作")),
    EssayFilter(parse_query("党建 -初心")),
    EssayFilter(parse_query("党建"), categories=("调研报告",)),
]
RARE_FILTERS = [EssayFilter(parse_query("乡村振兴")), EssayFilter(parse_query("初心"))]


@pytest.mark.parametrize("essay_filter", COMMON_FILTERS)
def test_a_common_query_is_ranked_title_matches_first_newest_first_whatever_the_limit(
    many: str, essay_filter: EssayFilter
) -> None:
    expected = expected_order(many, EssayFilter(essay_filter.query))
    if essay_filter.categories:
        expected = expected_order(many, essay_filter)
    else:
        assert len(expected) > COMMON
    for limit, urls in zip(LIMITS, ranked(many, essay_filter, LIMITS), strict=True):
        assert urls == expected[:limit], limit


@pytest.mark.parametrize("essay_filter", RARE_FILTERS)
def test_a_rare_query_is_ranked_the_same_whatever_the_limit(
    many: str, essay_filter: EssayFilter
) -> None:
    *shorter, longest = ranked(many, essay_filter, LIMITS)
    for limit, urls in zip(LIMITS, shorter, strict=False):
        assert urls == longest[:limit], limit
    assert 0 < len(longest) <= COMMON
    assert sorted(longest) == sorted(expected_order(many, essay_filter))
