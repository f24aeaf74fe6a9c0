"""Benchmark crawler.minhash: signature time, and the shingle size it uses.

    python bench/bench_minhash.py [OUT.json]   (default bench-results/minhash.json)

1. Signature time per essay body of 1,000, 5,000 and 10,000 characters (cut
   from the labelled set's essays), median of many runs, each from the raw
   body, normalization included, for:
   - crawler.minhash.signature: one-permutation hashing over shingle hashes
     computed by numpy from code points;
   - numpy k-permutation MinHash: the same shingle hashes, NUM_PERM affine
     permutations (datasketch's scheme, vectorized); what one-permutation
     hashing saves;
   - datasketch MinHash, same NUM_PERM, over the same shingles as UTF-8
     strings: its default SHA-1 hash, and xxh32.
2. Shingle sizes 3 to 5: the Jaccard similarity of near copies (every edit
   of bench/make_dedupe_pairs.py, both sizes, five seeds, before its floor)
   and of the labelled set's different essays; "separation" is the gap of
   the means over the pooled standard deviation.
3. The LSH collision probability 1 - (1 - J**rows) ** bands of some shapes.

datasketch is needed here only, not by the crawler.
"""

from __future__ import annotations

import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import datasketch  # type: ignore[import-untyped]
import numpy as np
import xxhash
from datasketch import MinHash
from numpy.typing import NDArray

from crawler.fingerprint import hash_text
from crawler.minhash import BANDS, NUM_PERM, ROWS, SHINGLE_SIZE, THRESHOLD, shingles, signature

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_dedupe_pairs
from bench_common import text_table

DEFAULT_OUT = Path("bench-results/minhash.json")
LENGTHS = (1_000, 5_000, 10_000)
# Runs per implementation and length; the implementations take turns, so
# that other load on the machine slows them alike.
RUNS = 120
SHAPES = ((16, 8), (32, 4), (16, 6), (20, 7), (32, 8), (40, 8), (32, 9))

_rng = np.random.default_rng(1)
# Odd multipliers: h -> a * h + b modulo 2**32 (uint32 wraparound) is a permutation.
_A = _rng.integers(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_B = _rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint32)


def k_permutation_signature(text: str) -> NDArray[np.uint32]:
    hashes = (shingles(text) >> np.uint64(32)).astype(np.uint32)[:, None]
    signature: NDArray[np.uint32] = (hashes * _A + _B).min(axis=0)
    return signature


def _datasketch(hashfunc: Callable[[bytes], int] | None) -> Callable[[str], Any]:
    def sign(text: str) -> Any:
        normalized = hash_text(text)
        grams = {
            normalized[i : i + SHINGLE_SIZE] for i in range(len(normalized) - SHINGLE_SIZE + 1)
        }
        minhash = (
            MinHash(num_perm=NUM_PERM)
            if hashfunc is None
            else MinHash(num_perm=NUM_PERM, hashfunc=hashfunc)
        )
        minhash.update_batch([gram.encode("utf-8") for gram in grams])
        return minhash.hashvalues

    return sign


IMPLEMENTATIONS: dict[str, Callable[[str], Any]] = {
    "crawler.minhash (one permutation)": signature,
    "numpy k-permutation": k_permutation_signature,
    "datasketch sha1": _datasketch(None),
    "datasketch xxh32": _datasketch(xxhash.xxh32_intdigest),
}


def essay_text(length: int) -> str:
    """`length` characters of essay bodies, one after another."""
    bodies = "\n".join(essay.body for essay in make_dedupe_pairs.load_essays())
    return (bodies * (length // len(bodies) + 1))[:length]


def median_ms(text: str) -> dict[str, float]:
    """Median milliseconds of each implementation on `text`."""
    times: dict[str, list[int]] = {name: [] for name in IMPLEMENTATIONS}
    for sign in IMPLEMENTATIONS.values():
        sign(text)
    for _ in range(RUNS):
        for name, sign in IMPLEMENTATIONS.items():
            start = time.perf_counter_ns()
            sign(text)
            times[name].append(time.perf_counter_ns() - start)
    return {name: round(statistics.median(t) / 1e6, 4) for name, t in times.items()}


def measure_signatures() -> dict[str, dict[str, float]]:
    return {str(length): median_ms(essay_text(length)) for length in LENGTHS}


def _jaccard(a: str, b: str, size: int) -> float:
    shingles_a, shingles_b = shingles(a, size), shingles(b, size)
    common = np.intersect1d(shingles_a, shingles_b, assume_unique=True).size
    return common / (shingles_a.size + shingles_b.size - common)


def near_copies(essays: Sequence[make_dedupe_pairs.Essay]) -> list[tuple[str, str]]:
    """Every near edit of every essay at both sizes, five times over."""
    pairs = []
    for seed in range(5):
        rng = random.Random(seed)
        for essay in essays:
            for large in (False, True):
                for edit in make_dedupe_pairs.near_edits(essay.paragraphs, rng, large):
                    if edit is not None:
                        pairs.append((essay.body, "\n".join(edit.paragraphs)))
    return pairs


def measure_shingle_sizes() -> dict[str, dict[str, float]]:
    essays = make_dedupe_pairs.load_essays()
    near = near_copies(essays)
    labelled, _ = make_dedupe_pairs.build_pairs(essays)
    different = [
        (p["a"], p["b"]) for p in labelled if p["label"] in ("same_title_different", "unrelated")
    ]
    results = {}
    for size in (3, 4, 5):
        near_j = np.array([_jaccard(a, b, size) for a, b in near])
        other_j = np.array([_jaccard(a, b, size) for a, b in different])
        spread = np.sqrt(near_j.var() + other_j.var())
        results[str(size)] = {
            "near_pairs": len(near),
            "near_at_threshold": round(float(np.mean(near_j >= THRESHOLD)), 4),
            "near_min": round(float(near_j.min()), 4),
            "near_p5": round(float(np.percentile(near_j, 5)), 4),
            "near_mean": round(float(near_j.mean()), 4),
            "different_pairs": len(different),
            "different_max": round(float(other_j.max()), 4),
            "different_mean": round(float(other_j.mean()), 4),
            "separation": round(float((near_j.mean() - other_j.mean()) / spread), 2),
        }
    return results


def collision_probability(jaccard: float, bands: int, rows: int) -> float:
    return 1 - (1 - jaccard**rows) ** bands


def band_shapes() -> list[dict[str, float]]:
    return [
        {
            "bands": bands,
            "rows": rows,
            "num_perm": bands * rows,
            "p_at_0.8": round(collision_probability(0.8, bands, rows), 4),
            "p_at_0.5": round(collision_probability(0.5, bands, rows), 4),
        }
        for bands, rows in SHAPES
    ]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    signatures = measure_signatures()
    sizes = measure_shingle_sizes()
    shapes = band_shapes()
    print(f"signature time, ms per body (median), NUM_PERM={NUM_PERM}, shingles of {SHINGLE_SIZE}")
    names = list(IMPLEMENTATIONS)
    print(text_table(["characters", *names], [[n, *signatures[n].values()] for n in signatures]))
    print(f"\nshingle sizes: near copies (Jaccard >= {THRESHOLD} wanted), different essays")
    columns = list(next(iter(sizes.values())))
    print(text_table(["size", *columns], [[s, *v.values()] for s, v in sizes.items()]))
    print(f"\nLSH shapes (chosen: {BANDS} x {ROWS})")
    print(text_table(list(shapes[0]), [list(s.values()) for s in shapes]))
    report = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor(),
            "numpy": np.__version__,
            "xxhash": xxhash.VERSION,
            "datasketch": datasketch.__version__,
        },
        "settings": {
            "shingle_size": SHINGLE_SIZE,
            "num_perm": NUM_PERM,
            "bands": BANDS,
            "rows": ROWS,
        },
        "signature_ms": signatures,
        "shingle_sizes": sizes,
        "band_shapes": shapes,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\n-> {out}")


if __name__ == "__main__":
    main()
