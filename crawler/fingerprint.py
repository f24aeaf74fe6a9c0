"""Content fingerprints of an essay's cleaned body, for duplicate detection.

Exact copies: two bodies are the same essay when they are equal after
dropping whitespace, punctuation and symbols (any Unicode character that is
not a letter or digit: ASCII and full-width punctuation alike) and folding
compatibility forms (NFKC: full-width digits and Latin letters become ASCII)
and case. Re-posts that only re-space or re-punctuate hash alike; the stored
body itself is never normalized this way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")


def hash_text(body: str) -> str:
    """The normalized text the content hash is taken over."""
    return unicodedata.normalize("NFKC", _NOT_WORD.sub("", body)).casefold()


def content_hash(body: str) -> str:
    return digest(hash_text(body))


def digest(normalized: str) -> str:
    """The content hash of a text ``hash_text`` has already normalized."""
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()
