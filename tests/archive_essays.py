"""Essays for archive tests: fingerprinted as the dedupe pipeline does, copies by construction."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from crawler import minhash
from crawler.fingerprint import content_hash
from storage.archive import EssayRecord, PageRecord
from storage.dedupe import NearRule

FETCHED = datetime(2026, 11, 29, 4, 0, tzinfo=UTC)
NEAR = NearRule(minhash.jaccard, minhash.THRESHOLD, minhash.stored_band_keys)


def text(seed: int, length: int = 600) -> str:
    """A body of random CJK characters: two seeds share (almost) no 3-character shingle."""
    chars = random.Random(seed)
    sentences = [
        "".join(chr(chars.randint(0x4E00, 0x9FA5)) for _ in range(30)) + "。"
        for _ in range(length // 31)
    ]
    return "\n".join(sentences)


def near_copy(body: str, note: str = "编者按：本文结构清晰，条理分明，值得一读。") -> str:
    """The body with a note added: Jaccard about 0.95 to it."""
    return f"{body}\n{note}"


def exact_copy(body: str) -> str:
    """The body re-spaced: the same text, and so the same content hash.

    Not re-punctuated: a copy whose characters differ is a near copy that
    keeps its own body (storage.dedupe.same_text).
    """
    return body.replace("\n", "\n\u3000\u3000")


def essay(
    url: str,
    body: str,
    title: str = "党建调研报告",
    fetched_at: datetime = FETCHED,
    **fields: object,
) -> EssayRecord:
    signature = minhash.signature(body)
    record = EssayRecord(
        url=url,
        title=title,
        body=body,
        content_hash=content_hash(body),
        fetched_at=fetched_at,
        pages=[PageRecord(url, f"<html><p>{body}</p></html>", "gb18030")],
        category="党建",
        category_url="http://x.test/dangjian/",
        minhash=minhash.signature_bytes(signature),
        band_keys=minhash.band_keys(signature),
    )
    for name, value in fields.items():
        setattr(record, name, value)
    return record
