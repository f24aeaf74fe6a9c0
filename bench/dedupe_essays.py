"""The dedupe benchmark's essays: their texts, URLs and fingerprints.

Texts are paragraphs of sentences drawn with a seeded RNG from the fixture
site's article pages, each sentence in one of VARIANTS versions with some of
its Chinese characters swapped (bench_dedupe_store.py says why); an essay's
text is a function of its number, so a copy can rebuild its original.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench_common import sentence_variants

from crawler import minhash
from crawler.fingerprint import content_hash
from crawler.site_profile import DEFAULT_PROFILE
from crawler.text import clean_page

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = REPO / "fixtures" / "site"

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

ESSAY_CHARS = (4_500, 5_500)
PARAGRAPH_SENTENCES = (3, 8)
VARIANTS = 40
DEFAULT_SUBSTITUTION = 0.25
NEAR_EDIT_SHARE = 0.05  # of a near copy's sentences replaced by others
EDITOR_NOTE = "编者按：本文结构清晰、条理分明，对撰写同类文章有一定的借鉴意义，特推荐给读者。"
FETCHED_AT = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)

_SENTENCE_RE = re.compile(r"[^。！？；]+[。！？；]?")

Text = tuple[tuple[str, ...], ...]  # paragraphs of sentences


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
    return sentence_variants(sentences, random.Random(seed), substitution, VARIANTS)


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
