"""Near-copy fingerprints of an essay's body: MinHash signatures and LSH bands.

A re-post with an editor's note added, a paragraph dropped or a few sentences
changed is a near copy (SITE.md, "Duplicates"). Two bodies are compared as sets
of character shingles: every run of SHINGLE_SIZE consecutive characters of the
body normalized as for the exact-copy hash (`fingerprint.hash_text`: no
whitespace, punctuation or symbols, NFKC, casefolded), so that re-spacing or
re-punctuating a body changes nothing. Chinese has no spaces, so shingles are
characters, not words. A title is never compared: only bodies are.

Signatures use one-permutation hashing (Li, Owen and Zhang 2012) with optimal
densification (Shrivastava 2017): each shingle is hashed once to 64 bits, the
hash range is cut into NUM_PERM equal bins, and slot i holds the smallest hash
in bin i. Two bodies agree on a slot with probability equal to their Jaccard
similarity, as with NUM_PERM independent permutations, but the cost is one
sort of the shingle hashes instead of NUM_PERM passes over them
(bench/bench_minhash.py measures both). A bin left empty by a short body
borrows the slot of the first filled bin in a fixed pseudo-random order of its
own, the same order for every body, which keeps the collision probability
equal to the Jaccard similarity.

Signatures and band keys are stored: changing SHINGLE_SIZE, NUM_PERM, the
hashes or their seeds means recomputing every stored signature.
tests/test_minhash.py pins the values of one body.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import xxhash
from numpy.typing import NDArray

from crawler.fingerprint import digest, hash_text

# Measured on tests/dedupe_pairs (bench/bench_minhash.py, "shingle sizes"):
# 3 keeps the most near copies above THRESHOLD and separates them best from
# different essays, which stay under 0.14.
SHINGLE_SIZE = 3
NUM_PERM = 256
# 1 - (1 - J**ROWS) ** BANDS: 0.997 at J = 0.8, 0.12 at J = 0.5.
BANDS = 32
ROWS = 8
# The Jaccard similarity from which a body is a near copy; BANDS and ROWS are
# tuned for it.
THRESHOLD = 0.8

_EMPTY_SLOT = np.uint32(0xFFFFFFFF)
_SLOT_MASK = np.uint64(0xFFFFFFFF)
# A code point has 21 bits: up to three pack into one 64-bit integer exactly.
_CODE_POINT_BITS = 21
# Odd 64-bit constants: the polynomial that combines the code points of
# longer shingles (the golden ratio's fraction), and the seed of the orders in
# which empty bins look for a filled one.
_POLYNOMIAL = np.uint64(0x9E3779B97F4A7C15)
_PROBE_SEED = np.uint64(0x5851F42D4C957F2D)
_BIN_STARTS = np.array([(i << 64) // NUM_PERM for i in range(NUM_PERM)], dtype=np.uint64)


def _mix(values: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """MurmurHash3's 64-bit finalizer: a bijection that spreads every input bit."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


def shingles(text: str, size: int = SHINGLE_SIZE) -> NDArray[np.uint64]:
    """Sorted 64-bit hashes of the distinct shingles of the normalized text.

    A normalized text shorter than `size` is one shingle, itself, so short
    bodies match only bodies equal to them; an empty one has no shingles.
    """
    return normalized_shingles(hash_text(text), size)


def normalized_shingles(normalized: str, size: int = SHINGLE_SIZE) -> NDArray[np.uint64]:
    """``shingles`` of a text ``hash_text`` has already normalized."""
    if size < 1:
        raise ValueError(f"shingle size must be positive, not {size}")
    # surrogatepass: a lone surrogate must not raise (hash_text drops them).
    code_points = np.frombuffer(
        normalized.encode("utf-32-le", "surrogatepass"), dtype="<u4"
    ).astype(np.uint64)
    if code_points.size == 0:
        return np.empty(0, dtype=np.uint64)
    width = min(size, code_points.size)
    count = code_points.size - width + 1
    if width * _CODE_POINT_BITS <= 64:
        # Exact: distinct shingles, distinct keys. hash_text leaves no U+0000,
        # so keys of different widths differ too.
        multiplier = np.uint64(1 << _CODE_POINT_BITS)
        keys = np.zeros(count, dtype=np.uint64)
    else:
        multiplier = _POLYNOMIAL
        keys = np.full(count, width, dtype=np.uint64)
    for offset in range(width):
        keys = keys * multiplier + code_points[offset : offset + count]
    hashes = _mix(keys)
    hashes.sort()
    # Five times faster than np.unique on numpy 2.4.
    distinct = np.empty(hashes.size, dtype=bool)
    distinct[0] = True
    np.not_equal(hashes[1:], hashes[:-1], out=distinct[1:])
    return hashes[distinct]


def signature(text: str) -> NDArray[np.uint32]:
    """NUM_PERM slots; all 0xFFFFFFFF for a body with no shingles.

    A slot keeps the low 32 bits of its bin's smallest hash: two different
    shingles agree on them with probability 2**-32.
    """
    return _signature(shingles(text))


def _signature(hashes: NDArray[np.uint64]) -> NDArray[np.uint32]:
    if hashes.size == 0:
        return np.full(NUM_PERM, _EMPTY_SLOT, dtype=np.uint32)
    firsts = np.searchsorted(hashes, _BIN_STARTS)
    filled = firsts < np.append(firsts[1:], hashes.size)
    slots = hashes[np.minimum(firsts, hashes.size - 1)]
    if not filled.all():
        slots[~filled] = slots[_donor_bins(filled)]
    return (slots & _SLOT_MASK).astype(np.uint32)


def _donor_bins(filled: NDArray[np.bool_]) -> NDArray[np.intp]:
    """For each empty bin, the first filled bin in that bin's probe order."""
    orders = _probe_orders()[~filled]
    first = filled[orders].argmax(axis=1)
    donors: NDArray[np.intp] = orders[np.arange(orders.shape[0]), first]
    return donors


@cache
def _probe_orders() -> NDArray[np.intp]:
    """Row i: every bin, in the fixed pseudo-random order that bin i probes."""
    bins = np.arange(NUM_PERM * NUM_PERM, dtype=np.uint64)
    # Distinct inputs, distinct priorities (_mix is a bijection): no ties.
    return np.argsort(_mix(bins + _PROBE_SEED).reshape(NUM_PERM, NUM_PERM), axis=1)


def signature_bytes(sig: NDArray[np.uint32]) -> bytes:
    """NUM_PERM little-endian 32-bit slots."""
    _check_signature(sig)
    return sig.astype("<u4").tobytes()


def signature_from_bytes(b: bytes) -> NDArray[np.uint32]:
    if len(b) != NUM_PERM * 4:
        raise ValueError(f"a signature is {NUM_PERM * 4} bytes, not {len(b)}")
    return np.frombuffer(b, dtype="<u4").astype(np.uint32)


def band_keys(sig: NDArray[np.uint32]) -> list[int]:
    """BANDS keys in [0, 2**63), key i for band i: a PostgreSQL BIGINT each.

    Two signatures are candidates when they share a key in the same band.
    The band's number seeds its hash, so equal rows in different bands
    still make different keys.
    """
    _check_signature(sig)
    rows = sig.astype("<u4").reshape(BANDS, ROWS)
    return [xxhash.xxh3_64_intdigest(rows[band].tobytes(), seed=band) >> 1 for band in range(BANDS)]


def stored_band_keys(signature: bytes) -> list[int]:
    """The band keys of a stored signature (``signature_bytes``)."""
    return band_keys(signature_from_bytes(signature))


def estimated_jaccard(a: NDArray[np.uint32], b: NDArray[np.uint32]) -> float:
    """The share of slots two signatures agree on."""
    _check_signature(a)
    _check_signature(b)
    return float(np.count_nonzero(a == b)) / NUM_PERM


def jaccard(text_a: str, text_b: str) -> float:
    """The Jaccard similarity of the two bodies' shingle sets.

    Two bodies with no shingles (both empty once normalized) are equal: 1.0.
    Shingles are compared by their 64-bit hashes, which are exact for
    shingles of up to three characters.
    """
    shingles_a = shingles(text_a)
    shingles_b = shingles(text_b)
    if shingles_a.size == 0 and shingles_b.size == 0:
        return 1.0
    if shingles_a.size == 0 or shingles_b.size == 0:
        return 0.0
    positions = np.minimum(np.searchsorted(shingles_b, shingles_a), shingles_b.size - 1)
    common = int(np.count_nonzero(shingles_b[positions] == shingles_a))
    return common / (shingles_a.size + shingles_b.size - common)


def _check_signature(sig: NDArray[np.uint32]) -> None:
    if sig.shape != (NUM_PERM,) or sig.dtype != np.uint32:
        raise ValueError(f"a signature is {NUM_PERM} uint32 slots, not {sig.shape} of {sig.dtype}")


Fingerprints = tuple[str, bytes | None, list[int]]


def fingerprints(body: str, near: bool) -> Fingerprints:
    """What the store links copies by: the content hash and, with ``near``, the
    MinHash signature and its LSH band keys."""
    normalized = hash_text(body)  # once for both: it is a third of their cost
    if not near:
        return digest(normalized), None, []
    signature_ = _signature(normalized_shingles(normalized))
    return digest(normalized), signature_bytes(signature_), band_keys(signature_)
