"""The dedupe benchmark's archive: N essays written into a fresh database.

Straight through SQLAlchemy Core, with the rows storage.dedupe would have
left: articles, canonical_hashes and minhash_bands. About ARCHIVE_COPY_SHARE
of them are copies (half exact, half near) of an earlier canonical essay.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dedupe_essays import (
    ARCHIVE_NUMBER,
    BASE_URL,
    CATEGORIES,
    FETCHED_AT,
    SLUGS,
    EssayWriter,
    Fingerprint,
    body,
    essay_url,
    fingerprint,
    reindented,
    slug_of,
)
from sqlalchemy import Engine, insert

from crawler import minhash
from storage.models import Article, CanonicalHash, Category, MinhashBand

ARCHIVE_COPY_SHARE = 0.10
GENERATE_CHUNK = 5_000


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
