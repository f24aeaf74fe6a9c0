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
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy

from crawler import minhash
from storage.database import make_engine, session_factory
from storage.schema import upgrade

# The benchmark's parts are modules beside it, also when it is loaded by path (the tests).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedupe_archive import ARCHIVE_COPY_SHARE, fill_archive
from dedupe_essays import (
    DEFAULT_SUBSTITUTION,
    ESSAY_CHARS,
    REPO,
    VARIANTS,
    EssayWriter,
    fixture_sentences,
    sentence_pool,
)
from dedupe_new_essays import NEW_MIX, NewEssay, new_essays
from dedupe_passes import BATCH_SIZE, StatementLog, run_pass
from dedupe_report import TARGET_MS_PER_10KB, print_report, ratios

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
TEN_KB = 10 * 1024
SEED = 20240607
BACKGROUND_PAIRS = 50
PROFILED_ESSAYS = BATCH_SIZE


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
    print_report(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"\n-> {args.output}")
    return report


if __name__ == "__main__":
    main()
