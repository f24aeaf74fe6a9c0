"""Decoding essay pages to text without mojibake or U+FFFD.

Scrapy already decodes as w3lib does: a BOM, then the HTTP header's charset,
then the ``<meta>`` tag, with gb2312/gbk widened to GB18030 (real pages carry
characters outside GB2312 such as 镕 喆 昇 堃). What it cannot know is that a
declaration lies; DedeCMS sites that moved to UTF-8 often kept the old
``charset=gb2312`` meta tag. The bytes settle it: text of any length that is
valid UTF-8 is practically never GBK, and a page that claims UTF-8 but is not
valid UTF-8 is tried as GB18030.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from w3lib.encoding import resolve_encoding

UTF8 = "utf-8"
GB18030 = "gb18030"


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    # Why the declared encoding was overruled, or bytes dropped; None if neither.
    problem: str | None = None


def decode_page(body: bytes, declared: str) -> DecodedPage:
    """The page's text, trusting the bytes over a declaration they contradict."""
    declared = resolve_encoding(declared) or declared
    candidates = [declared]
    if declared != UTF8:
        candidates.insert(0, UTF8)  # valid UTF-8 beats a GBK-family declaration
    if GB18030 not in candidates:
        candidates.append(GB18030)
    for encoding in candidates:
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding == declared:
            return DecodedPage(text, encoding)
        if encoding == UTF8 and body.isascii():
            # ASCII is valid in every candidate: the declaration stands.
            continue
        return DecodedPage(text, encoding, f"declared {declared}, decoded as {encoding}")
    # Invalid bytes in the middle of the text: keep every character that
    # decodes and drop the bytes that do not, rather than store U+FFFD.
    text = body.decode(declared if _known(declared) else GB18030, errors="ignore")
    return DecodedPage(text, declared, "invalid bytes dropped")


def _known(encoding: str) -> bool:
    # Not b"".decode(encoding): empty bytes decode under any name, even "".
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True
