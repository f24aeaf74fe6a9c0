"""``fanwen show`` (one record, its copies, its versions) and ``fanwen stats`` (tables, plot)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from archive_essays import NEAR, essay, exact_copy, text
from fanwen_runner import fanwen

from storage.archive import store_essays
from storage.database import make_engine, session_factory
from storage.models import Article, EssayVersion, Failure
from storage.schema import upgrade
from storage.search import index_essays

pytestmark = pytest.mark.slow

SITE = "http://www.renrenfanwen.test"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("show") / "archive.db"
    run = fanwen("crawl", "--db", f"sqlite:///{path}")
    assert run.returncode == 0, run.stderr
    return path


@pytest.fixture
def db(crawled: Path, tmp_path: Path) -> str:
    copy = tmp_path / "archive.db"
    shutil.copy(crawled, copy)
    return f"sqlite:///{copy}"


def test_show_a_copy_names_its_canonical_and_the_date_source(db: str) -> None:
    run = fanwen("show", f"{SITE}/xindetihui/123188.html", "--db", db)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[:7] == [
        f"url:           {SITE}/xindetihui/123188.html",
        "title:         《平凡的世界》读后感",
        "category:      心得体会",
        "published:     2020-08-11T16:40:27+08:00 (precision second)",
        "date source:   page",
        "raw date:      2020-08-11 16:40:27",
        "pages:         1",
    ]
    assert f"copy of:       {SITE}/fanwendaquan/122105.html (exact, similarity 1.000)" in lines
    # An exact copy shows its canonical's text.
    assert (
        lines[-1]
        == "在这本书的扉页上，我写下了一句话：“平凡的世界 不平凡的人生。”我想，这将是我今后学习和生活的座右铭。"
    )


def test_show_a_canonical_lists_its_copies_and_json_has_every_field(db: str) -> None:
    run = fanwen("show", f"{SITE}/dangjian/124410.html", "--db", db, "--format", "json")
    record = json.loads(run.stdout)
    assert [(copy["url"], copy["kind"]) for copy in record["copies"]] == [
        (f"{SITE}/diaoyanbaogao/124436.html", "near")
    ]
    assert (record["date_source"], record["date_problem"], record["canonical"]) == (
        "page",
        None,
        None,
    )


def test_show_says_where_a_date_came_from(db: str) -> None:
    undated = fanwen("show", f"{SITE}/xindetihui/122450.html", "--db", db).stdout.splitlines()
    assert undated[3:5] == ["published:     unknown", "date source:   none"]
    from_list = fanwen("show", f"{SITE}/dangjian/123402.html", "--db", db).stdout.splitlines()
    assert from_list[3:7] == [
        "published:     2020-09-28T00:00:00+08:00 (precision day)",
        "date source:   list",
        "raw date:      2020-09-28",
        "date problem:  empty_date",
    ]


def test_show_versions_prints_a_unified_diff_between_versions(db: str) -> None:
    url = f"{SITE}/dangjian/123988.html"
    engine = make_engine(db)
    with session_factory(engine).begin() as session:
        article = session.query(Article).filter_by(url=url).one()
        for number, body in ((1, "第一段。\n旧的结尾。"), (2, "第一段。\n新的结尾。")):
            session.add(
                EssayVersion(
                    article_id=article.id,
                    version=number,
                    title=article.title,
                    body=body,
                    content_hash=str(number),
                    fetched_at=datetime(2021, number, 1, tzinfo=UTC),
                )
            )
    engine.dispose()
    run = fanwen("show", url, "--db", db, "--versions")
    assert run.returncode == 0, run.stderr
    history = run.stdout.split("== version 1", 1)[1].splitlines()
    assert history[1:] == [
        "== version 2, fetched 2021-02-01T08:00:00+08:00: 党员冬训学习体会",
        "--- version 1",
        "+++ version 2",
        "@@ -1,3 +1,3 @@",
        " 党员冬训学习体会",
        " 第一段。",
        "-旧的结尾。",
        "+新的结尾。",
    ]


def test_show_an_unknown_url_is_a_one_line_error(db: str) -> None:
    run = fanwen("show", f"{SITE}/nowhere.html", "--db", db)
    assert run.returncode == 1
    assert run.stderr.strip() == f"Error: no essay at {SITE}/nowhere.html in the archive"


def test_stats_prints_the_tables_and_draws_the_plot(db: str, tmp_path: Path) -> None:
    plot = tmp_path / "months.png"
    run = fanwen("stats", "--db", db, "--plot", str(plot))
    assert run.returncode == 0, run.stderr
    for line in (
        "│ essays (canonical) │ 31         │",
        "│ duplicate rate     │ 6.1%       │",
        "│ dated essays       │ 30 (96.8%) │",
        "│ first day          │ 2019-09-16 │",
        "│ last day           │ 2021-07-15 │",
        "│ 党建     │    14 │",
        "│ http_404      │     5 │",
    ):
        assert line in run.stdout.splitlines(), line
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    import matplotlib.image

    height, width, _ = matplotlib.image.imread(plot).shape
    assert height == 450 and width >= 600


def test_the_public_views_load_into_pandas(db: str) -> None:
    engine = make_engine(db)
    essays = pd.read_sql("SELECT * FROM essays ORDER BY url", engine)
    copies = pd.read_sql("SELECT * FROM essay_copies ORDER BY copy_url", engine)
    runs = pd.read_sql("SELECT id, status, finished_at FROM crawl_runs", engine)
    per_month = pd.read_sql(
        "SELECT published_month, count(*) AS n FROM essays WHERE category = :c GROUP BY 1",
        engine,
        params={"c": "党建"},
    )
    engine.dispose()
    assert len(essays) == 31
    assert essays.set_index("url").loc[f"{SITE}/fanwendaquan/122105.html", "copies"] == 1
    assert list(copies[["copy_url", "kind", "essay_url"]].itertuples(index=False, name=None)) == [
        (f"{SITE}/diaoyanbaogao/124436.html", "near", f"{SITE}/dangjian/124410.html"),
        (f"{SITE}/xindetihui/123188.html", "exact", f"{SITE}/fanwendaquan/122105.html"),
    ]
    assert list(runs["status"]) == ["finished"]
    assert per_month["n"].sum() == 14


# Archive text that Rich markup or emoji codes would change, each mechanism once.
MARKUP_TITLES = {
    "http://x.test/d/1.html": "党建工作[/]说明",  # a closing tag with nothing open
    "http://x.test/d/2.html": "[word]党建范文[i]",  # tags Rich would drop
    "http://x.test/d/3.html": "会议:thumbs_up:纪要[@click]",  # an emoji code, an action
}
MARKUP_CATEGORY = "[/]分类"


@pytest.fixture(scope="module")
def markup_archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('markup') / 'archive.db'}"
    records = [
        essay(address, text(seed) + "\n党建", title=title)
        for seed, (address, title) in enumerate(MARKUP_TITLES.items(), start=1)
    ]
    records[1].category = MARKUP_CATEGORY
    records[1].category_url = "http://x.test/fenlei/"
    records.append(essay("http://x.test/d/9.html", exact_copy(records[0].body), title="[b]复制稿"))
    engine = make_engine(url)
    upgrade(engine)
    with session_factory(engine).begin() as session:
        stored = store_essays(session, records, None, NEAR)
        index_essays(session, [row.article_id for row in stored])
        seen = datetime(2026, 1, 2, tzinfo=UTC)
        session.add(
            Failure(
                url="http://x.test/[/]坏链接.html",
                reason="[red]http_404",
                status=404,
                first_seen=seen,
                last_seen=seen,
            )
        )
    engine.dispose()
    return url


def _rows(output: str, border: str = "│") -> list[list[str]]:
    """The cells of every table line drawn with ``border`` (│ rows, ┃ headers)."""
    return [
        [cell.strip() for cell in line.split(border)[1:-1]]
        for line in output.splitlines()
        if line.startswith(border)
    ]


def _wide(*args: str) -> str:
    """The command's output on a terminal wide enough that no cell wraps."""
    run = fanwen(*args, env={"COLUMNS": "400"})
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_search_prints_titles_categories_and_the_query_as_written(markup_archive: str) -> None:
    output = _wide("search", "[/]党建", "--db", markup_archive)
    assert output.splitlines()[0].strip() == "3 essays for [/]党建"
    rows = _rows(output)
    hits = sorted(row[:3] for row in rows if row[0])
    assert hits == sorted(
        [
            ["党建工作[/]说明", "党建", ""],
            ["[word]党建范文[i]", MARKUP_CATEGORY, ""],
            ["会议:thumbs_up:纪要[@click]", "党建", ""],
        ]
    )
    assert sorted(row for row in rows if not row[0]) == [["", "", "", url] for url in MARKUP_TITLES]


def test_stats_prints_a_category_as_written_in_rows_and_headers(markup_archive: str) -> None:
    output = _wide("stats", "--db", markup_archive)
    rows = _rows(output)
    assert [MARKUP_CATEGORY, "1"] in rows
    assert ["党建", "2"] in rows
    assert ["[red]http_404", "1"] in rows
    assert ["month", MARKUP_CATEGORY, "党建"] in _rows(output, "┃")


def test_dupes_and_failures_print_titles_urls_and_reasons_as_written(markup_archive: str) -> None:
    assert _rows(_wide("dupes", "--db", markup_archive))[:2] == [
        ["党建工作[/]说明", "党建", "canonical", "", "http://x.test/d/1.html"],
        ["└ [b]复制稿", "党建", "exact", "1.000", "http://x.test/d/9.html"],
    ]
    assert [row[:3] for row in _rows(_wide("failures", "--db", markup_archive))] == [
        ["http://x.test/[/]坏链接.html", "404", "[red]http_404"]
    ]
