"""Near-copy signatures: shingles, MinHash, LSH bands, and the labelled pairs."""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.fingerprint import content_hash, hash_text
from crawler.minhash import (
    BANDS,
    NUM_PERM,
    ROWS,
    SHINGLE_SIZE,
    THRESHOLD,
    band_keys,
    estimated_jaccard,
    fingerprints,
    jaccard,
    shingles,
    signature,
    signature_bytes,
    signature_from_bytes,
)

REPO = Path(__file__).resolve().parent.parent
PAIRS = REPO / "tests" / "dedupe_pairs" / "pairs.jsonl"
GENERATOR = REPO / "bench" / "make_dedupe_pairs.py"
COPY_LABELS = {"exact", "near"}
SEED_BODY = (
    "嵊州经济开发区创建于1992年。1994年7月被批准为省级经济开发区，"
    "2006年5月，经国家发改委核审，开发面积17.31平方公里。"
)
# Common characters, so that random texts share shingles.
HAN = st.sampled_from("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可")
PUNCTUATION = st.sampled_from("，。、；：！？“”（） \u3000\u00a0\n,.;:!?")


@cache
def labelled_pairs() -> list[dict[str, Any]]:
    with PAIRS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@cache
def predicted_copies() -> tuple[bool, ...]:
    """A pair is a copy when its signatures share a band and its Jaccard passes."""
    return tuple(
        bool(set(band_keys(signature(p["a"]))) & set(band_keys(signature(p["b"]))))
        and jaccard(p["a"], p["b"]) >= THRESHOLD
        for p in labelled_pairs()
    )


def reference_jaccard(text_a: str, text_b: str) -> float:
    """Jaccard over shingles as strings: the definition, without hashing."""

    def grams(text: str) -> set[str]:
        normalized = hash_text(text)
        if len(normalized) < SHINGLE_SIZE:
            return {normalized} if normalized else set()
        return {normalized[i : i + SHINGLE_SIZE] for i in range(len(normalized) - SHINGLE_SIZE + 1)}

    a, b = grams(text_a), grams(text_b)
    return len(a & b) / len(a | b) if a | b else 1.0


def collision_probability(similarity: float) -> float:
    return 1 - (1 - similarity**ROWS) ** BANDS


def collides(text_a: str, text_b: str) -> bool:
    keys_a, keys_b = band_keys(signature(text_a)), band_keys(signature(text_b))
    return any(a == b for a, b in zip(keys_a, keys_b, strict=True))


def test_bands_times_rows_is_the_signature_length() -> None:
    assert BANDS * ROWS == NUM_PERM


def test_bands_catch_pairs_at_the_threshold_with_probability_0_99() -> None:
    assert collision_probability(THRESHOLD) >= 0.99


def test_bands_rarely_catch_pairs_at_half() -> None:
    assert collision_probability(0.5) <= 0.15


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("。，！  \n", 0),
        ("你", 1),
        ("你好", 1),
        ("你好吗", 1),
        ("你好吗你好吗", 3),
        ("好好好好好好", 1),
        ("党建调研报告", 4),
    ],
)
def test_shingles_are_the_distinct_windows_of_the_normalized_text(text: str, count: int) -> None:
    assert shingles(text).size == count


def test_shingles_ignore_whitespace_and_punctuation() -> None:
    assert shingles("党建，调研\u3000报告。").tolist() == shingles("党建调研报告").tolist()


def test_shingles_are_sorted_uint64() -> None:
    hashes = shingles(SEED_BODY)
    assert (str(hashes.dtype), hashes.tolist()) == ("uint64", sorted(hashes.tolist()))


def test_shingles_of_other_sizes_count_their_windows() -> None:
    assert [shingles("党建调研报告", size).size for size in (1, 4, 5, 6, 7)] == [6, 3, 2, 1, 1]


def test_shingle_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        shingles("党建调研报告", 0)


@pytest.mark.parametrize(
    ("text_a", "text_b", "expected"),
    [
        (SEED_BODY, SEED_BODY, 1.0),
        (SEED_BODY, SEED_BODY.replace("，", ",").replace("。", ". "), 1.0),
        ("ＡＢＣ１２３", "abc123", 1.0),
        ("甲乙丙丁", "甲乙丙戊", 1 / 3),
        ("甲乙丙丁", "戊己庚辛", 0.0),
        ("你好", "你好！", 1.0),
        ("你好", "您好", 0.0),
        ("你好", "你好吗", 0.0),
        ("", "", 1.0),
        ("", "。。。", 1.0),
        ("", "你好", 0.0),
    ],
)
def test_jaccard(text_a: str, text_b: str, expected: float) -> None:
    assert jaccard(text_a, text_b) == pytest.approx(expected)


@given(st.text(HAN | PUNCTUATION, max_size=40), st.text(HAN | PUNCTUATION, max_size=40))
def test_jaccard_is_the_jaccard_of_the_shingle_strings(text_a: str, text_b: str) -> None:
    assert jaccard(text_a, text_b) == pytest.approx(reference_jaccard(text_a, text_b))


@given(st.text())
def test_any_text_is_signed_and_banded_without_error(text: str) -> None:
    keys = band_keys(signature(text))
    assert (len(keys), jaccard(text, text)) == (BANDS, 1.0)


@given(st.text(), st.booleans())
def test_fingerprints_are_the_hash_signature_and_bands_of_the_body(text: str, near: bool) -> None:
    sig = signature(text)
    expected = (signature_bytes(sig), band_keys(sig)) if near else (None, [])
    assert fingerprints(text, near) == (content_hash(text), *expected)


def test_lone_surrogates_are_dropped_like_punctuation() -> None:
    assert jaccard("\ud800党建调研\udfff报告", "党建调研报告") == 1.0


def test_signature_is_num_perm_uint32_slots() -> None:
    sig = signature(SEED_BODY)
    assert (sig.shape, str(sig.dtype)) == ((NUM_PERM,), "uint32")


def test_signature_of_an_empty_body_is_all_max() -> None:
    assert signature("。 \n").tolist() == [0xFFFFFFFF] * NUM_PERM


def test_signature_of_a_short_body_is_its_one_shingle_everywhere() -> None:
    assert len(set(signature("你好").tolist())) == 1


def test_signature_is_pinned() -> None:
    """Signatures and band keys are stored: a change here obsoletes them all."""
    sig = signature(SEED_BODY)
    assert (sig[:8].tolist(), band_keys(sig)[:3]) == (
        [
            730025279,
            3808912435,
            731855421,
            2480451880,
            2701814980,
            730025279,
            3874326631,
            730025279,
        ],
        [124656383870376425, 417811216488489895, 4700969102459887946],
    )


@given(st.text(HAN, min_size=1, max_size=300))
def test_signature_is_deterministic(text: str) -> None:
    rebuilt = "".join(list(text))
    assert signature(text).tolist() == signature(rebuilt).tolist()


@given(st.text(HAN, min_size=1, max_size=300), st.lists(st.tuples(st.floats(0, 1), PUNCTUATION)))
def test_signature_ignores_punctuation_and_whitespace(
    text: str, marks: list[tuple[float, str]]
) -> None:
    punctuated = list(text)
    for place, mark in marks:
        punctuated.insert(int(place * len(punctuated)), mark)
    assert signature("".join(punctuated)).tolist() == signature(text).tolist()


def test_signature_bytes_round_trip() -> None:
    sig = signature(SEED_BODY)
    stored = signature_bytes(sig)
    assert (len(stored), signature_from_bytes(stored).tolist()) == (NUM_PERM * 4, sig.tolist())


def test_signature_from_bytes_rejects_a_wrong_length() -> None:
    with pytest.raises(ValueError, match="bytes"):
        signature_from_bytes(b"\x00" * (NUM_PERM * 4 - 1))


def test_signature_bytes_rejects_a_foreign_signature() -> None:
    with pytest.raises(ValueError, match="uint32"):
        signature_bytes(np.zeros(NUM_PERM, dtype=np.uint64))


@given(st.text())
def test_band_keys_fit_a_signed_bigint(text: str) -> None:
    assert all(0 <= key < 2**63 for key in band_keys(signature(text)))


def test_band_keys_differ_between_bands_with_equal_rows() -> None:
    assert len(set(band_keys(signature("")))) == BANDS


def test_estimated_jaccard_of_a_signature_with_itself_is_one() -> None:
    sig = signature(SEED_BODY)
    assert estimated_jaccard(sig, sig) == 1.0


def test_estimated_jaccard_rejects_signatures_of_another_length() -> None:
    with pytest.raises(ValueError, match="uint32"):
        estimated_jaccard(signature(SEED_BODY), signature(SEED_BODY)[:-1])


@st.composite
def edited_essays(draw: st.DrawFn) -> tuple[str, str]:
    """A labelled essay and a copy with up to eight spans replaced."""
    essay = draw(st.sampled_from(sorted({p["a"] for p in labelled_pairs()})))
    edited = essay
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(edited)))
        length = draw(st.integers(0, 120))
        insert = draw(st.text(HAN, max_size=120))
        edited = edited[:start] + insert + edited[start + length :]
    return essay, edited


@settings(derandomize=True, deadline=None)
@given(edited_essays())
def test_estimated_jaccard_is_close_to_jaccard(pair: tuple[str, str]) -> None:
    # The estimate's standard deviation is at most 0.5 / sqrt(NUM_PERM) = 0.031.
    essay, edited = pair
    estimate = estimated_jaccard(signature(essay), signature(edited))
    assert abs(estimate - jaccard(essay, edited)) <= 0.15


def _random_pairs(count: int, replaced: float, seed: int) -> list[tuple[str, str]]:
    """Texts of 2,000 random Han characters, and copies with a share replaced."""
    rng = np.random.default_rng(seed)
    alphabet = np.array([chr(c) for c in range(0x4E00, 0x4E00 + 3000)])
    pairs = []
    for _ in range(count):
        text = rng.choice(alphabet, 2000)
        copy = text.copy()
        for start in rng.choice(2000 - 50, int(2000 * replaced / 50), replace=False):
            copy[start : start + 50] = rng.choice(alphabet, 50)
        pairs.append(("".join(text), "".join(copy)))
    return pairs


def test_bands_catch_pairs_just_above_the_threshold() -> None:
    pairs = [p for p in _random_pairs(150, 0.1, seed=1) if jaccard(*p) >= THRESHOLD]
    assert len(pairs) >= 100
    assert sum(collides(*p) for p in pairs) / len(pairs) >= 0.98


def test_bands_rarely_catch_pairs_near_half() -> None:
    pairs = [p for p in _random_pairs(150, 0.4, seed=2) if abs(jaccard(*p) - 0.5) <= 0.05]
    assert len(pairs) >= 100
    assert sum(collides(*p) for p in pairs) / len(pairs) <= 0.25


def test_labelled_set_has_120_pairs_over_12_essays() -> None:
    pairs = labelled_pairs()
    essays = {p["essay_a"] for p in pairs} | {p["essay_b"] for p in pairs}
    assert len(pairs) >= 120
    assert len(essays) >= 12


def test_labelled_set_has_every_label() -> None:
    labels = {p["label"] for p in labelled_pairs()}
    assert labels == {"exact", "near", "same_title_different", "unrelated"}


def test_labelled_near_pairs_are_at_the_threshold() -> None:
    assert min(p["jaccard"] for p in labelled_pairs() if p["label"] == "near") >= THRESHOLD


def test_labelled_same_title_pairs_share_a_title_and_nothing_else() -> None:
    pairs = [p for p in labelled_pairs() if p["label"] == "same_title_different"]
    assert all(p["title_a"] == p["title_b"] and p["essay_a"] != p["essay_b"] for p in pairs)


def test_labelled_jaccard_is_the_real_jaccard() -> None:
    stale = [
        i
        for i, p in enumerate(labelled_pairs())
        if p["jaccard"] != round(jaccard(p["a"], p["b"]), 6)
    ]
    assert stale == []


def test_labelled_set_is_what_the_generator_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("make_dedupe_pairs", GENERATOR)
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up while they are built.
    monkeypatch.setitem(sys.modules, "make_dedupe_pairs", generator)
    spec.loader.exec_module(generator)
    pairs, _ = generator.build_pairs(generator.load_essays())
    assert pairs == labelled_pairs()


def test_labelled_copies_are_found_with_precision_0_98() -> None:
    labels = [p["label"] in COPY_LABELS for p in labelled_pairs()]
    hits = [label for label, predicted in zip(labels, predicted_copies(), strict=True) if predicted]
    assert sum(hits) / len(hits) >= 0.98


def test_labelled_copies_are_found_with_recall_0_95() -> None:
    labels = [p["label"] in COPY_LABELS for p in labelled_pairs()]
    found = [
        predicted for label, predicted in zip(labels, predicted_copies(), strict=True) if label
    ]
    assert sum(found) / len(found) >= 0.95


def test_labelled_same_title_different_essays_are_never_copies() -> None:
    predicted = [
        p["essay_a"]
        for p, copy in zip(labelled_pairs(), predicted_copies(), strict=True)
        if copy and p["label"] == "same_title_different"
    ]
    assert predicted == []
