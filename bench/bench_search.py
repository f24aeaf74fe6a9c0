"""Benchmark Chinese full-text search on a generated archive of N essays.

    python bench/bench_search.py [--essays 100000] [--queries 40]
        [--workdir DIR] [--output bench-results/search.json] [--db postgresql://...]

``--db`` measures on that (empty) PostgreSQL database instead of a SQLite file
(the index: ``essay_search``, ``essay_search_titles`` and ``essay_search_rows``
with their TOAST and indexes, each part in ``index_parts``).

A fresh SQLite archive (storage.schema.upgrade, the crawler's engine and
pragmas) is filled through SQLAlchemy Core with N essays of 800 to 6,000
characters (median about 2,500) in 8 categories over 2018-2023; 5% are
exact copies (body NULL, as the archive stores them). Bodies are sentences
of the fixture site, each drawn from 8 variants of it with a quarter of its
Chinese characters swapped for other fixture characters, so that unrelated
essays do not share most of their bigrams. Then ``index_essays`` indexes
everything (``rebuild_index``: on SQLite index_essays over every essay,
then FTS5's optimize; on PostgreSQL a COPY into the bare tables, then the
GIN indexes; timed), and the index size is read from SQLite's dbstat:
the FTS5 shadow tables plus ``essay_search_rows``, against the UTF-8 size
of the indexed text (title and body of every essay, copies with their
canonical's body).

Query terms are 2-, 3- and 4-character runs of Chinese characters cut
from random essays (so common terms come up as often as they occur).
Each is searched through ``storage.search.search`` (limit 20, snippets
included) in five shapes: the term alone; with a category; with a
one-year period; sorted by date; with duplicates included. A first pass
warms the cache; the second is timed. Latency: p50, p95 and max per shape
and term length.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import insert, select, text

from storage.database import make_engine, session_factory
from storage.models import Article, Category
from storage.schema import upgrade
from storage.search import EssayFilter, parse_query, rebuild_index, search

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from bench_common import is_han, sentence_variants  # noqa: E402  (a sibling script)

CATEGORIES = (
    "党建",
    "调研报告",
    "范文大全",
    "心得体会",
    "工作总结",
    "讲话稿",
    "述职报告",
    "工作计划",
)
VARIANTS, SUBSTITUTION = 8, 0.25
COPY_SHARE = 0.05
CHUNK = 2000
SHAPES = ("term", "category", "period", "sort_date", "duplicates")
TERM_LENGTHS = (2, 3, 4)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("site_generator", BENCH / "site_generator.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["site_generator"] = module
    spec.loader.exec_module(module)
    return module


def essay_body(pool: list[str], rng: random.Random) -> str:
    target = min(6000, max(800, int(rng.lognormvariate(7.8, 0.5))))
    paragraphs, length = [], 0
    while length < target:
        paragraph = "".join(rng.choices(pool, k=rng.randint(3, 8)))
        paragraphs.append(paragraph)
        length += len(paragraph)
    return "\n".join(paragraphs)


def build_archive(db_url: str, essays: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    pool = sentence_variants(_generator().sentence_pool(), rng, SUBSTITUTION, VARIANTS)
    engine = make_engine(db_url)
    upgrade(engine)
    sessions = session_factory(engine)
    started = time.perf_counter()
    fetched = datetime(2024, 6, 1, tzinfo=UTC)
    first_day = datetime(2018, 1, 1, tzinfo=UTC)
    with sessions.begin() as session:
        session.execute(insert(Category), [{"name": name} for name in CATEGORIES])
        category_ids = list(session.scalars(select(Category.id).order_by(Category.id)))
        bodies: dict[int, str] = {}
        for start in range(1, essays + 1, CHUNK):
            rows = []
            for number in range(start, min(essays, start + CHUNK - 1) + 1):
                copy_of = None
                if number > 100 and rng.random() < COPY_SHARE:
                    copy_of = rng.randrange(1, number)
                    while copy_of not in bodies:
                        copy_of = rng.randrange(1, number)
                body = None if copy_of else essay_body(pool, rng)
                if body is not None:
                    bodies[number] = body
                title_source = bodies[copy_of] if copy_of else body or ""
                rows.append(
                    {
                        "id": number,
                        "url": f"http://www.renrenfanwen.test/e/{number:07d}.html",
                        "title": title_source[: rng.randint(8, 20)].split("\n")[0],
                        "category_id": rng.choice(category_ids),
                        "body": body,
                        "published_at": first_day + timedelta(minutes=rng.randrange(6 * 525600)),
                        "date_precision": "second",
                        "date_source": "page",
                        "content_hash": hashlib.sha256(
                            (bodies[copy_of] if copy_of else body or "").encode()
                        ).hexdigest(),
                        "duplicate_of_id": copy_of,
                        "duplicate_kind": "exact" if copy_of else None,
                        "pages": 1,
                        "first_fetched_at": fetched,
                        "last_fetched_at": fetched,
                    }
                )
            session.execute(insert(Article), rows)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    with sessions.begin() as session:
        rebuild_index(session)
    indexed = time.perf_counter() - started
    with engine.connect() as connection:
        sizes = INDEX_SIZE_SQL[engine.dialect.name]
        index_bytes = connection.execute(text(sizes["index"])).scalar_one()
        text_bytes = connection.execute(text(sizes["text"])).scalar_one()
        parts: dict[str, int] = (
            dict(connection.execute(text(sizes["parts"])).all()) if "parts" in sizes else {}
        )
    engine.dispose()
    return {
        "essays": essays,
        "generate_seconds": round(generated, 1),
        "index_seconds": round(indexed, 1),
        "index_ms_per_essay": round(indexed * 1000 / essays, 3),
        "text_bytes": text_bytes,
        "index_bytes": index_bytes,
        "index_to_text": round(index_bytes / text_bytes, 3),
        "index_parts": parts,
    }


# The search index's bytes (its tables and their indexes) and the indexed text's UTF-8 bytes.
INDEX_SIZE_SQL = {
    "sqlite": {
        "index": "SELECT sum(pgsize) FROM dbstat"
        " WHERE name LIKE 'essay_search%' OR name LIKE 'sqlite_autoindex_essay_search%'",
        "text": "SELECT sum(length(CAST(a.title AS BLOB))"
        " + length(CAST(coalesce(a.body, c.body, '') AS BLOB)))"
        " FROM articles a LEFT JOIN articles c ON c.id = a.duplicate_of_id",
    },
    "postgresql": {
        "index": "SELECT pg_total_relation_size('essay_search')"
        " + pg_total_relation_size('essay_search_titles')"
        " + pg_total_relation_size('essay_search_rows')",
        # Each table's rows, its TOAST, its indexes.
        "parts": "SELECT part, bytes FROM (VALUES"
        " ('document rows', pg_relation_size('essay_search')),"
        " ('document TOAST', pg_total_relation_size('essay_search')"
        " - pg_relation_size('essay_search') - pg_indexes_size('essay_search')),"
        " ('document GIN', pg_relation_size('ix_essay_search_document')),"
        " ('document primary key', pg_relation_size('essay_search_pkey')),"
        " ('titles with GIN', pg_total_relation_size('essay_search_titles')),"
        " ('essay_search_rows', pg_total_relation_size('essay_search_rows'))) AS p (part, bytes)",
        "text": "SELECT sum(octet_length(a.title) + octet_length(coalesce(a.body, c.body, '')))"
        " FROM articles a LEFT JOIN articles c ON c.id = a.duplicate_of_id",
    },
}


def sample_terms(db_url: str, per_length: int, seed: int) -> dict[int, list[str]]:
    rng = random.Random(seed + 1)
    engine = make_engine(db_url)
    terms: dict[int, list[str]] = {length: [] for length in TERM_LENGTHS}
    with session_factory(engine)() as session:
        top = session.scalar(select(Article.id).order_by(Article.id.desc()).limit(1)) or 0
        while any(len(found) < per_length for found in terms.values()):
            body = session.scalar(select(Article.body).where(Article.id == rng.randint(1, top)))
            if not body:
                continue
            for length, found in terms.items():
                offset = rng.randrange(max(1, len(body) - length))
                term = body[offset : offset + length]
                if len(found) < per_length and len(term) == length and all(map(is_han, term)):
                    found.append(term)
    engine.dispose()
    return terms


def _filter(shape: str, term: str, rng: random.Random) -> tuple[EssayFilter, str]:
    query = parse_query(term)
    if shape == "category":
        return EssayFilter(query, categories=(rng.choice(CATEGORIES),)), "relevance"
    if shape == "period":
        year = rng.randint(2018, 2023)
        return EssayFilter(query, since=date(year, 1, 1), until=date(year, 12, 31)), "relevance"
    if shape == "sort_date":
        return EssayFilter(query), "date"
    if shape == "duplicates":
        return EssayFilter(query, include_duplicates=True), "relevance"
    return EssayFilter(query), "relevance"


def measure(db_url: str, terms: dict[int, list[str]], seed: int) -> list[dict[str, Any]]:
    engine = make_engine(db_url)
    results = []
    with session_factory(engine)() as session:
        for length, found in terms.items():
            for shape in SHAPES:
                timings, hits = [], []
                for round_ in range(2):  # the first round warms the page cache
                    rng = random.Random(seed)
                    for term in found:
                        essay_filter, sort = _filter(shape, term, rng)
                        started = time.perf_counter()
                        found_hits = search(session, essay_filter, sort=sort, limit=20)  # type: ignore[arg-type]
                        if round_:
                            timings.append((time.perf_counter() - started) * 1000)
                            hits.append(len(found_hits))
                timings.sort()
                results.append(
                    {
                        "term_chars": length,
                        "shape": shape,
                        "queries": len(timings),
                        "p50_ms": round(statistics.median(timings), 2),
                        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 2),
                        "max_ms": round(timings[-1], 2),
                        "mean_hits": round(statistics.mean(hits), 1),
                    }
                )
                print(json.dumps(results[-1]), flush=True)
    engine.dispose()
    return results


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--essays", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40, help="terms per length")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep the archive here (default: a temp dir)")
    parser.add_argument("--output", type=Path, default=Path("bench-results/search.json"))
    parser.add_argument(
        "--reuse", action="store_true", help="measure the archive --workdir already holds"
    )
    parser.add_argument("--db", help="an empty PostgreSQL database to measure instead of SQLite")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch:
        folder = args.workdir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        archive = folder / f"search-{args.essays}.db"
        build_file = archive.with_suffix(".build.json")
        db_url = args.db or f"sqlite:///{archive}"
        if args.reuse and build_file.is_file():
            build = json.loads(build_file.read_text(encoding="utf-8"))
        else:
            for suffix in ("", "-wal", "-shm"):
                if not args.db:
                    Path(f"{archive}{suffix}").unlink(missing_ok=True)
            build = build_archive(db_url, args.essays, args.seed)
            build_file.write_text(json.dumps(build), encoding="utf-8")
        print(json.dumps(build), flush=True)
        terms = sample_terms(db_url, args.queries, args.seed)
        report = {
            "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
            "build": build,
            "latency": measure(db_url, terms, args.seed),
        }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
