"""Benchmark the dedupe step per essay with 10k and 100k essays already archived.

    python bench/bench_dedupe_store.py [--sizes 10000,100000] [--measured 500]
        [--substitution 0.25] [--output bench-results/dedupe.json] [--workdir DIR]
        [--clock cpu|wall]

For each size N, a fresh SQLite archive (storage.schema.upgrade, the
crawler's engine and pragmas) is filled with N essays straight through
SQLAlchemy Core, with the rows storage.dedupe would have left: articles,
canonical_hashes and minhash_bands. About 10% of them are copies (half
exact, half near) of an earlier canonical essay. article_pages stays empty:
no dedupe query reads it.

Then new essays, 70% unique, 12% exact copies and 12% near copies of
archived essays, and 6% copies with a smaller URL (which take their
cluster over), are measured a batch at a time:

(a) fingerprint: content_hash, minhash.signature, signature_bytes and
    band_keys, what DedupePipeline does;
(b) link: storage.archive.store_essays with NearRule(minhash.jaccard,
    THRESHOLD), what StorePipeline does, one call and one transaction per
    batch of 100; an essay's link time is its batch's over 100; each
    batch's commit is timed apart.

Times are the thread's CPU time by default (``--clock wall`` for elapsed
time): on a machine shared with other work, elapsed time also counts the
neighbours. A commit waits on the disk and is always elapsed time.

A first rolled-back pass warms SQLAlchemy's statement cache. A last one,
with cursor events on, says how much of a link is SQLite's time (per
statement kind) and how SQLite plans the near-copy candidate query.

Peak memory: tracemalloc's peak over a second, rolled-back pass of other
new essays (Python allocations, numpy's included, not SQLite's page
cache), and the peak RSS over the timed pass (Linux VmHWM, reset before).

Essay bodies are 4,500 to 5,500 characters of sentences drawn with a seeded
RNG from the fixture site's article pages (cleaned by crawler.text). Those
hold only ~430 distinct sentences, so bodies drawn from them verbatim share
about a sixth of their shingles (Jaccard ~0.17), where real different
essays share ~0.03 (bench-results/minhash.json): every LSH lookup would
find far more candidates than a real archive gives. So each sentence is
drawn from VARIANTS versions of it with ``--substitution`` of its Chinese
characters swapped for other characters of the fixtures; 0.25 brings
unrelated bodies to ~0.03. ``--substitution 0`` is the verbatim worst case.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy
from sqlalchemy import Engine, event, insert
from sqlalchemy.orm import Session, sessionmaker

from crawler import minhash
from crawler.fingerprint import content_hash
from crawler.site_profile import DEFAULT_PROFILE
from crawler.text import clean_page
from storage.archive import EssayRecord, PageRecord, store_essays
from storage.database import make_engine, session_factory
from storage.dedupe import NearRule
from storage.models import Article, CanonicalHash, Category, MinhashBand
from storage.schema import upgrade

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = REPO / "fixtures" / "site"
DEFAULT_OUTPUT = Path("bench-results/dedupe.json")
CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.thread_time, "wall": time.perf_counter}
MEASURED_CODE = (
    "storage/archive.py",
    "storage/dedupe.py",
    "storage/bulk.py",
    "storage/refresh.py",
    "storage/models.py",
    "crawler/minhash.py",
)
DEFAULT_SIZES = (10_000, 100_000)
DEFAULT_MEASURED = 500
TARGET_MS_PER_10KB = 1.5
TEN_KB = 10 * 1024
SEED = 20240607

BASE_URL = "http://www.renrenfanwen.test"
CATEGORIES = {
    "dangjian": "党建",
    "diaoyanbaogao": "调研报告",
    "fanwendaquan": "范文大全",
    "xindetihui": "心得体会",
    "zongjie": "工作总结",
}
SLUGS = tuple(CATEGORIES)
# URL numbers are written with 7 digits, so that URL order is number order:
# archived essay i is ARCHIVE_NUMBER + i, new essays come after them, and
# take-over copies come before them all (the smallest URL is canonical).
ARCHIVE_NUMBER = 1_000_000
TAKEOVER_NUMBER = 500_000
# Text numbers of new unique essays, far from the archived ones (0..N-1).
NEW_TEXT_NUMBER = 1_000_000_000
MAX_MEASURED = 10_000
# Sets of new essays: warm-up, timed, memory, statements; each copies its own originals.
ESSAY_SETS = 4

ESSAY_CHARS = (4_500, 5_500)
PARAGRAPH_SENTENCES = (3, 8)
ARCHIVE_COPY_SHARE = 0.10
VARIANTS = 40
DEFAULT_SUBSTITUTION = 0.25
NEAR_EDIT_SHARE = 0.05  # of a near copy's sentences replaced by others
EDITOR_NOTE = "编者按：本文结构清晰、条理分明，对撰写同类文章有一定的借鉴意义，特推荐给读者。"
NEW_MIX = (("unique", 0.70), ("exact", 0.12), ("near", 0.12), ("takeover", 0.06))
# What store_essays should answer for each kind: a take-over copy becomes canonical.
EXPECTED_LINK = {"unique": None, "exact": "exact", "near": "near", "takeover": None}
BATCH_SIZE = 100
GENERATE_CHUNK = 5_000
BACKGROUND_PAIRS = 50
PROFILED_ESSAYS = BATCH_SIZE
# The first table a statement names: SELECT ... FROM t, INSERT INTO t, UPDATE t.
_TABLE_RE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)')
FETCHED_AT = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)

_SENTENCE_RE = re.compile(r"[^。！？；]+[。！？；]?")

Text = tuple[tuple[str, ...], ...]  # paragraphs of sentences


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def fixture_sentences(site: Path = FIXTURE_SITE) -> list[str]:
    """The distinct sentences of the fixture site's article pages, cleaned, in page order."""
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    found: dict[str, None] = {}
    for entry in manifest["pages"]:
        if entry["status"] != 200 or not DEFAULT_PROFILE.article_re.match(entry["path"]):
            continue
        for paragraph in clean_page((site / entry["file"]).read_text(encoding="utf-8")):
            for sentence in _SENTENCE_RE.findall(paragraph):
                if sentence.strip():
                    found.setdefault(sentence.strip(), None)
    return list(found)


def sentence_pool(sentences: Sequence[str], substitution: float, seed: int) -> list[str]:
    """VARIANTS versions of each sentence, ``substitution`` of its Chinese characters swapped."""
    if substitution <= 0:
        return list(sentences)
    rng = random.Random(seed)
    alphabet = sorted({char for sentence in sentences for char in sentence if _is_han(char)})
    return [
        "".join(
            rng.choice(alphabet) if _is_han(char) and rng.random() < substitution else char
            for char in sentence
        )
        for sentence in sentences
        for _ in range(VARIANTS)
    ]


class EssayWriter:
    """Essay texts, each a function of its number, so a copy can rebuild its original."""

    def __init__(self, pool: Sequence[str], seed: int) -> None:
        self.pool = pool
        self.seed = seed

    def text(self, number: int) -> Text:
        rng = random.Random((self.seed << 40) + number)
        target = rng.randint(*ESSAY_CHARS)
        paragraphs: list[tuple[str, ...]] = []
        length = 0
        while length < target:
            paragraph = tuple(rng.choices(self.pool, k=rng.randint(*PARAGRAPH_SENTENCES)))
            paragraphs.append(paragraph)
            length += sum(map(len, paragraph))
        return tuple(paragraphs)

    def near_copy(self, text: Text, rng: random.Random) -> Text:
        """An editor's note added and NEAR_EDIT_SHARE of the sentences replaced."""
        edited = tuple(
            tuple(rng.choice(self.pool) if rng.random() < NEAR_EDIT_SHARE else s for s in p)
            for p in text
        )
        return ((EDITOR_NOTE,), *edited)


def body(text: Text) -> str:
    return "\n".join("".join(paragraph) for paragraph in text)


def reindented(text: Text) -> str:
    """An exact copy's body: the same text with a full-width indent, the same content hash."""
    return "\n".join("\u3000\u3000" + "".join(paragraph) for paragraph in text)


def essay_url(slug: str, number: int) -> str:
    return f"{BASE_URL}/{slug}/{number:07d}.html"


def slug_of(number: int) -> str:
    return SLUGS[number % len(SLUGS)]


@dataclass(frozen=True)
class Fingerprint:
    content_hash: str
    minhash: bytes
    band_keys: list[int]


def fingerprint(text: str) -> Fingerprint:
    """What DedupePipeline computes for an essay body."""
    signature = minhash.signature(text)
    return Fingerprint(
        content_hash(text), minhash.signature_bytes(signature), minhash.band_keys(signature)
    )


# -- The archive -------------------------------------------------------------
@dataclass
class Archive:
    # Numbers of the essays generated as originals: canonical, their text is
    # writer.text(number) and their URL's category slug_of(number), so a copy
    # can rebuild them and sort after them.
    originals: list[int] = field(default_factory=list)
    canonical: int = 0
    copies: Counter[str] = field(default_factory=Counter)
    band_rows: int = 0
    texts_seconds: float = 0.0
    insert_seconds: float = 0.0


def _article_row(
    number: int, slug: str, text: str | None, essay_fingerprint: Fingerprint
) -> dict[str, Any]:
    return {
        "id": number + 1,
        "url": essay_url(slug, ARCHIVE_NUMBER + number),
        "title": f"{CATEGORIES[slug]}范文{number}",
        "category_id": SLUGS.index(slug) + 1,
        "body": text,
        "content_hash": essay_fingerprint.content_hash,
        "minhash": essay_fingerprint.minhash,
        "duplicate_of_id": None,
        "duplicate_kind": None,
        "similarity": None,
        "first_fetched_at": FETCHED_AT,
        "last_fetched_at": FETCHED_AT,
    }


def archived_row(
    number: int, copy_of: int | None, writer: EssayWriter, plan: random.Random
) -> tuple[dict[str, Any], list[int]]:
    """Archived essay ``number``'s articles row, and its band keys if it is canonical.

    A copy keeps its original's category (and so URL order is number order);
    a near copy too far from its original to be linked is canonical itself.
    """
    if copy_of is None:
        text = body(writer.text(number))
        essay_fingerprint = fingerprint(text)
        return _article_row(number, slug_of(number), text, essay_fingerprint), (
            essay_fingerprint.band_keys
        )
    original = writer.text(copy_of)
    exact = plan.random() < 0.5
    text = reindented(original) if exact else body(writer.near_copy(original, plan))
    essay_fingerprint = fingerprint(text)
    similarity = 1.0 if exact else minhash.jaccard(body(original), text)
    if similarity < minhash.THRESHOLD:
        return _article_row(number, slug_of(number), text, essay_fingerprint), (
            essay_fingerprint.band_keys
        )
    row = _article_row(number, slug_of(copy_of), None if exact else text, essay_fingerprint)
    row.update(
        duplicate_of_id=copy_of + 1,
        duplicate_kind="exact" if exact else "near",
        similarity=similarity,
    )
    return row, []


def fill_archive(engine: Engine, size: int, writer: EssayWriter, seed: int) -> Archive:
    """``size`` essays, linked as storage.dedupe links them, in big Core transactions."""
    archive = Archive()
    plan = random.Random(seed)
    with engine.begin() as connection:
        connection.execute(
            insert(Category),
            [
                {"id": index + 1, "name": name, "url": f"{BASE_URL}/{slug}/"}
                for index, (slug, name) in enumerate(CATEGORIES.items())
            ],
        )
    for start in range(0, size, GENERATE_CHUNK):
        began = time.perf_counter()
        articles: list[dict[str, Any]] = []
        hashes: list[dict[str, Any]] = []
        bands: list[dict[str, Any]] = []
        for number in range(start, min(start + GENERATE_CHUNK, size)):
            copy_of = None
            if archive.originals and plan.random() < ARCHIVE_COPY_SHARE:
                copy_of = plan.choice(archive.originals)
            row, band_keys = archived_row(number, copy_of, writer, plan)
            articles.append(row)
            if row["duplicate_kind"] != "exact":  # an exact copy's hash is its canonical's
                hashes.append({"content_hash": row["content_hash"], "article_id": row["id"]})
            if copy_of is None:
                archive.originals.append(number)
            if row["duplicate_kind"] is None:
                archive.canonical += 1
                bands.extend(
                    {"band": band, "key": key, "article_id": row["id"]}
                    for band, key in enumerate(band_keys)
                )
            else:
                archive.copies[row["duplicate_kind"]] += 1
        filled = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(insert(Article), articles)
            connection.execute(insert(CanonicalHash), hashes)
            if bands:
                connection.execute(insert(MinhashBand), bands)
        archive.band_rows += len(bands)
        archive.texts_seconds += filled - began
        archive.insert_seconds += time.perf_counter() - filled
    return archive


# -- New essays --------------------------------------------------------------
@dataclass(frozen=True)
class NewEssay:
    kind: str  # a key of EXPECTED_LINK
    url: str
    slug: str
    text: str
    original: str | None = None  # the body a copy was made from


def new_essays(
    size: int,
    count: int,
    set_number: int,
    writer: EssayWriter,
    originals: Sequence[int],
    seed: int,
) -> list[NewEssay]:
    """``count`` essays of NEW_MIX's kinds, shuffled; each set copies originals of its own."""
    if count > MAX_MEASURED:
        raise ValueError(f"at most {MAX_MEASURED} new essays per set, not {count}")
    rng = random.Random((seed << 8) + set_number)
    counts = {kind: round(share * count) for kind, share in NEW_MIX[1:]}
    counts = {"unique": count - sum(counts.values()), **counts}
    kinds = [kind for kind, n in counts.items() for _ in range(n)]
    rng.shuffle(kinds)
    candidates = originals[set_number::ESSAY_SETS]
    copies = count - counts["unique"]
    if copies > len(candidates):
        raise ValueError(f"{copies} copies wanted, only {len(candidates)} originals to copy")
    copied = iter(rng.sample(candidates, copies))
    essays = []
    for index, kind in enumerate(kinds):
        offset = MAX_MEASURED * set_number + index
        number = ARCHIVE_NUMBER + size + offset
        original_body = None
        if kind == "unique":
            slug, text = slug_of(index), body(writer.text(NEW_TEXT_NUMBER + offset))
        else:
            original_number = next(copied)
            original = writer.text(original_number)
            near = kind == "near" or (kind == "takeover" and index % 2 == 1)
            text = body(writer.near_copy(original, rng)) if near else reindented(original)
            slug, original_body = slug_of(original_number), body(original)
            if kind == "takeover":
                number = TAKEOVER_NUMBER + offset
        essays.append(NewEssay(kind, essay_url(slug, number), slug, text, original_body))
    return essays


PAGE_TEMPLATE = (
    '<html><head><meta charset="gb2312"><title>{title}_{category}_人人范文网</title></head>'
    '<body><div class="article"><h1>{title}</h1><div class="content" id="content">'
    "{paragraphs}</div></div></body></html>"
)


def essay_record(essay: NewEssay, essay_fingerprint: Fingerprint) -> EssayRecord:
    """The essay as StorePipeline hands it to store_essays, its one page included."""
    category = CATEGORIES[essay.slug]
    title = f"{category}范文"
    page = PAGE_TEMPLATE.format(
        title=title,
        category=category,
        paragraphs="".join(f"<p>{line}</p>" for line in essay.text.split("\n")),
    )
    return EssayRecord(
        url=essay.url,
        title=title,
        body=essay.text,
        content_hash=essay_fingerprint.content_hash,
        fetched_at=FETCHED_AT,
        pages=[PageRecord(essay.url, page, "gbk")],
        category=category,
        category_url=f"{BASE_URL}/{essay.slug}/",
        minhash=essay_fingerprint.minhash,
        band_keys=essay_fingerprint.band_keys,
    )


# -- Measuring ---------------------------------------------------------------
class CountingSimilarity:
    """minhash.jaccard, counting its calls and their time: the near-copy checks."""

    def __init__(self) -> None:
        self.calls = 0
        self.seconds = 0.0

    def __call__(self, text_a: str, text_b: str) -> float:
        start = time.perf_counter()
        try:
            return minhash.jaccard(text_a, text_b)
        finally:
            self.calls += 1
            self.seconds += time.perf_counter() - start


@dataclass
class Pass:
    fingerprint_ms: list[float] = field(default_factory=list)
    link_ms: list[float] = field(default_factory=list)
    commit_ms: list[float] = field(default_factory=list)
    body_bytes: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    as_expected: int = 0
    # "near -> None (Jaccard 0.79)": a copy's real similarity to its original says why.
    unexpected: Counter[str] = field(default_factory=Counter)
    similarity: CountingSimilarity = field(default_factory=CountingSimilarity)


def _unexpected(essay: NewEssay, link: str | None) -> str:
    if essay.original is None:
        return f"{essay.kind} -> {link}"
    return f"{essay.kind} -> {link} (Jaccard {minhash.jaccard(essay.original, essay.text):.3f})"


def run_pass(
    sessions: sessionmaker[Session],
    essays: Sequence[NewEssay],
    commit: bool,
    clock: Callable[[], float] = time.thread_time,
) -> Pass:
    """Fingerprint each essay, then store each BATCH_SIZE in one store_essays call and transaction.

    The store is timed per batch (what StorePipeline does): each essay's
    link time is its batch's time over its batch's size.
    """
    result = Pass()
    near = NearRule(result.similarity, minhash.THRESHOLD, minhash.stored_band_keys)
    for start in range(0, len(essays), BATCH_SIZE):
        batch = essays[start : start + BATCH_SIZE]
        records = []
        for essay in batch:
            began = clock()
            essay_fingerprint = fingerprint(essay.text)
            result.fingerprint_ms.append((clock() - began) * 1e3)
            records.append(essay_record(essay, essay_fingerprint))
            result.body_bytes.append(len(essay.text.encode("utf-8")))
            result.kinds.append(essay.kind)
        with sessions() as session:
            session.begin()
            linking = clock()
            stored = store_essays(session, records, None, near)
            result.link_ms.extend([(clock() - linking) * 1e3 / len(batch)] * len(batch))
            # A commit waits on the disk: always wall time.
            ending = time.perf_counter()
            if commit:
                session.commit()
            else:
                session.rollback()
            result.commit_ms.append((time.perf_counter() - ending) * 1e3)
        for essay, outcome in zip(batch, stored, strict=True):
            if outcome.duplicate_kind == EXPECTED_LINK[essay.kind]:
                result.as_expected += 1
            else:
                result.unexpected[_unexpected(essay, outcome.duplicate_kind)] += 1
    return result


class StatementLog:
    """SQL time per statement kind ("SELECT minhash_bands"), from the engine's cursor events.

    Attached for one extra, rolled-back pass only: what store_essays asks the
    database, whatever its code is, and how long SQLite takes to answer; the
    rest of the link time is Python (the ORM, zlib, the Jaccard checks).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.count: Counter[str] = Counter()
        self.candidate_query: tuple[str, Any] | None = None
        self._began = 0.0

    def __enter__(self) -> StatementLog:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc_info: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def _before(self, *args: Any) -> None:
        self._began = time.perf_counter()

    def _after(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        elapsed = time.perf_counter() - self._began
        table = _TABLE_RE.search(statement)
        kind = f"{statement.split(None, 1)[0]} {table.group(1) if table else '?'}"
        self.seconds[kind] += elapsed
        self.count[kind] += 1
        if kind == "SELECT minhash_bands" and self.candidate_query is None:
            self.candidate_query = (statement, parameters)

    def candidate_plan(self) -> list[str]:
        """SQLite's plan for the first near-copy candidate query seen."""
        if self.candidate_query is None:
            return []
        statement, parameters = self.candidate_query
        with self.engine.connect() as connection:
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return [str(row[-1]) for row in rows]

    def per_essay(self, essays: int) -> dict[str, Any]:
        return {
            "sql_ms": round(sum(self.seconds.values()) * 1e3 / essays, 4),
            "statements": round(sum(self.count.values()) / essays, 2),
            "by_statement_ms": {
                kind: round(seconds * 1e3 / essays, 4)
                for kind, seconds in sorted(self.seconds.items(), key=lambda item: -item[1])
            },
        }


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux: clear_refs 5); False where it cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _rss_mb(name: str) -> float:
    """VmRSS or VmHWM from /proc/self/status; else the process's ru_maxrss (kB on Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{name}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _spread(values: Sequence[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 4),
        "p95": round(float(np.percentile(values, 95)), 4),
    }


def _background_jaccard(essays: Sequence[NewEssay]) -> dict[str, Any]:
    """Jaccard similarity of pairs of unrelated new bodies: what LSH must keep apart."""
    unique = [essay.text for essay in essays if essay.kind == "unique"]
    pairs = list(zip(unique[0::2], unique[1::2], strict=False))[:BACKGROUND_PAIRS]
    values = [minhash.jaccard(a, b) for a, b in pairs]
    return {
        "pairs": len(values),
        "mean": round(statistics.fmean(values), 4) if values else None,
        "max": round(max(values), 4) if values else None,
    }


def measure_size(
    size: int,
    measured: int,
    writer: EssayWriter,
    workdir: Path,
    seed: int,
    clock: Callable[[], float],
) -> dict[str, Any]:
    path = workdir / f"archive-{size}.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    began = time.perf_counter()
    archive = fill_archive(engine, size, writer, seed)
    generate_seconds = time.perf_counter() - began
    sessions = session_factory(engine)
    # SQLAlchemy compiles and caches each statement on first use: not a per-essay cost.
    warm_up = new_essays(size, min(measured, 20), 0, writer, archive.originals, seed)
    run_pass(sessions, warm_up, commit=False)
    essays = new_essays(size, measured, 1, writer, archive.originals, seed)
    rss_before = _rss_mb("VmRSS")
    reset = _reset_peak_rss()
    timed = run_pass(sessions, essays, commit=True, clock=clock)
    rss_peak = _rss_mb("VmHWM") if reset else None
    # Memory is held per batch (one session): two batches show its peak.
    others = new_essays(size, min(measured, 2 * BATCH_SIZE), 2, writer, archive.originals, seed)
    tracemalloc.start()
    run_pass(sessions, others, commit=False)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    profiled = new_essays(size, min(measured, PROFILED_ESSAYS), 3, writer, archive.originals, seed)
    with StatementLog(engine) as statements:
        profiled_pass = run_pass(sessions, profiled, commit=False)
    plan = statements.candidate_plan()
    engine.dispose()
    db_bytes = sum(file.stat().st_size for file in workdir.glob(f"{path.name}*"))
    count = len(timed.link_ms)
    dedupe_per_10kb = [
        (printing + linking) * TEN_KB / size_bytes
        for printing, linking, size_bytes in zip(
            timed.fingerprint_ms, timed.link_ms, timed.body_bytes, strict=True
        )
    ]
    return {
        "archived": size,
        "archive": {
            "canonical": archive.canonical,
            "exact_copies": archive.copies["exact"],
            "near_copies": archive.copies["near"],
            "band_rows": archive.band_rows,
            "db_mb": round(db_bytes / 2**20, 1),
            "generate_seconds": {
                "texts_and_fingerprints": round(archive.texts_seconds, 1),
                "inserts": round(archive.insert_seconds, 1),
                "total": round(generate_seconds, 1),
            },
        },
        "measured": count,
        "mix": dict(Counter(timed.kinds)),
        "body_bytes_median": statistics.median(timed.body_bytes),
        "background_jaccard": _background_jaccard(essays),
        "fingerprint_ms": _spread(timed.fingerprint_ms),
        "link_ms": {
            **_spread(timed.link_ms),
            "mean_with_commit": round((sum(timed.link_ms) + sum(timed.commit_ms)) / count, 4),
        },
        "commit_ms_per_batch": {
            "median": round(statistics.median(timed.commit_ms), 3),
            "max": round(max(timed.commit_ms), 3),
        },
        "similarity_checks": {
            "per_essay": round(timed.similarity.calls / count, 3),
            "ms_per_essay": round(timed.similarity.seconds * 1e3 / count, 4),
        },
        "dedupe_ms_per_10kb": _spread(dedupe_per_10kb),
        "links_as_expected": timed.as_expected,
        "unexpected_links": dict(timed.unexpected),
        "memory": {
            "tracemalloc_peak_mb": round(traced_peak / 2**20, 1),
            "rss_before_mb": rss_before,
            "rss_peak_mb": rss_peak,
        },
        "statements": {
            "essays": len(profiled),
            "link_ms_mean": round(statistics.fmean(profiled_pass.link_ms), 4),
            **statements.per_essay(len(profiled)),
        },
        "candidate_query_plan": plan,
    }


# -- Report ------------------------------------------------------------------
def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [list(map(str, header)), *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ratios(results: Sequence[dict[str, Any]]) -> dict[str, float] | None:
    """Largest archive's cost over the smallest's: 1.0 is flat."""
    if len(results) < 2:
        return None
    small, large = results[0], results[-1]
    return {
        f"{part}_{stat}": round(large[part][stat] / small[part][stat], 2)
        for part in ("fingerprint_ms", "link_ms")
        for stat in ("median", "p95")
    }


def _print_report(report: dict[str, Any]) -> None:
    rows = [
        [
            result["archived"],
            result["archive"]["generate_seconds"]["total"],
            result["fingerprint_ms"]["median"],
            result["fingerprint_ms"]["p95"],
            result["link_ms"]["median"],
            result["link_ms"]["p95"],
            result["link_ms"]["mean_with_commit"],
            result["dedupe_ms_per_10kb"]["median"],
            result["dedupe_ms_per_10kb"]["p95"],
            result["similarity_checks"]["per_essay"],
            f"{result['links_as_expected']}/{result['measured']}",
            result["memory"]["tracemalloc_peak_mb"],
            result["memory"]["rss_peak_mb"],
        ]
        for result in report["sizes"]
    ]
    header = [
        "archived",
        "gen s",
        "fp med",
        "fp p95",
        "link med",
        "link p95",
        "link+commit mean",
        "dedupe/10KB med",
        "p95",
        "jaccards",
        "as expected",
        "py peak MB",
        "RSS peak MB",
    ]
    print(
        f"ms per essay: fingerprint (fp), store_essays (link, a batch of {BATCH_SIZE}'s time"
        " over its essays); dedupe = fp + link"
    )
    print(_table(header, rows))
    for result in report["sizes"]:
        archive, seconds = result["archive"], result["archive"]["generate_seconds"]
        print(
            f"\n{result['archived']} archived ({archive['canonical']} canonical, "
            f"{archive['exact_copies']} exact and {archive['near_copies']} near copies, "
            f"{archive['band_rows']} band rows, {archive['db_mb']} MB): generated in "
            f"{seconds['total']} s ({seconds['texts_and_fingerprints']} s texts and "
            f"fingerprints, {seconds['inserts']} s inserts)"
        )
        print(f"  background Jaccard of unrelated bodies: {result['background_jaccard']}")
        print(f"  commit per batch of {BATCH_SIZE}: {result['commit_ms_per_batch']} ms")
        if result["unexpected_links"]:
            print(f"  unexpected links: {result['unexpected_links']}")
        statements = result["statements"]
        top = list(statements["by_statement_ms"].items())[:4]
        print(
            f"  SQL per essay: {statements['sql_ms']} ms in {statements['statements']} "
            f"statements of a {statements['link_ms_mean']} ms link; most: {top}"
        )
        print(f"  candidate query plan: {'; '.join(result['candidate_query_plan'])}")
    if report["ratio_largest_to_smallest"]:
        print(f"\nratio largest/smallest archive: {report['ratio_largest_to_smallest']}")
    largest = report["sizes"][-1]
    verdict = "met" if report["target_met"] else "NOT met"
    print(
        f"target < {TARGET_MS_PER_10KB} ms per 10 KB at {largest['archived']} archived: "
        f"{largest['dedupe_ms_per_10kb']['median']} median -> {verdict}"
    )


def _sizes(text: str) -> list[int]:
    return sorted(int(part) for part in text.split(",") if part.strip())


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=_sizes, default=list(DEFAULT_SIZES), help="archived essays, comma-separated"
    )
    parser.add_argument("--measured", type=int, default=DEFAULT_MEASURED, help="new essays")
    parser.add_argument("--substitution", type=float, default=DEFAULT_SUBSTITUTION)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--workdir", type=Path, help="keep the archives here (default: a tmp dir)")
    parser.add_argument(
        "--clock",
        choices=tuple(CLOCKS),
        default="cpu",
        help="cpu: this thread's CPU time (default; on a shared machine wall time also "
        "measures the neighbours); wall: elapsed time",
    )
    args = parser.parse_args(argv)
    # The code measured, as it was when the run began: it may change between runs.
    code = {
        name: hashlib.sha1((REPO / name).read_bytes()).hexdigest()[:12] for name in MEASURED_CODE
    }
    pool = sentence_pool(fixture_sentences(), args.substitution, args.seed)
    writer = EssayWriter(pool, args.seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-dedupe-") as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            results.append(
                measure_size(size, args.measured, writer, workdir, args.seed, CLOCKS[args.clock])
            )
            if args.workdir is None:
                for file in workdir.glob(f"archive-{size}.db*"):
                    file.unlink()
    report = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "sqlite": sys.modules["sqlite3"].sqlite_version,
            "sqlalchemy": sqlalchemy.__version__,
            "numpy": np.__version__,
        },
        "code_sha1": code,
        "settings": {
            "essay_chars": ESSAY_CHARS,
            "archive_copy_share": ARCHIVE_COPY_SHARE,
            "new_mix": dict(NEW_MIX),
            "substitution": args.substitution,
            "clock": args.clock,
            "variants": VARIANTS if args.substitution > 0 else 1,
            "batch_size": BATCH_SIZE,
            "threshold": minhash.THRESHOLD,
            "bands": minhash.BANDS,
            "rows": minhash.ROWS,
            "seed": args.seed,
        },
        "target_ms_per_10kb": TARGET_MS_PER_10KB,
        "sizes": results,
        "ratio_largest_to_smallest": ratios(results),
        "target_met": results[-1]["dedupe_ms_per_10kb"]["median"] < TARGET_MS_PER_10KB,
    }
    _print_report(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"\n-> {args.output}")
    return report


if __name__ == "__main__":
    main()
