"""The dedupe benchmark's new essays: unique ones and copies of archived ones
(NEW_MIX), and each as StorePipeline hands it to store_essays."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from dedupe_essays import (
    ARCHIVE_NUMBER,
    BASE_URL,
    CATEGORIES,
    FETCHED_AT,
    TAKEOVER_NUMBER,
    EssayWriter,
    Fingerprint,
    body,
    essay_url,
    reindented,
    slug_of,
)

from storage.archive import EssayRecord, PageRecord

# Text numbers of new unique essays, far from the archived ones (0..N-1).
NEW_TEXT_NUMBER = 1_000_000_000
MAX_MEASURED = 10_000
# Sets of new essays: warm-up, timed, memory, statements; each copies its own originals.
ESSAY_SETS = 4
NEW_MIX = (("unique", 0.70), ("exact", 0.12), ("near", 0.12), ("takeover", 0.06))
# What store_essays should answer for each kind: a take-over copy becomes canonical.
EXPECTED_LINK = {"unique": None, "exact": "exact", "near": "near", "takeover": None}


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
