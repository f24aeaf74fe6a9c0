"""Decoding essay pages to text without mojibake or U+FFFD.

Scrapy already decodes as w3lib does: a BOM, then the HTTP header's charset,
then the ``<meta>`` tag, with gb2312/gbk widened to GB18030 (real pages carry
characters outside GB2312 such as 镕 喆 昇 堃). What it cannot know is that a
declaration lies; DedeCMS sites that moved to UTF-8 often kept the old
``charset=gb2312`` meta tag. The bytes settle it: text of any length that is
valid UTF-8 is practically never GBK, and a page that claims UTF-8 but is not
valid UTF-8 is tried as GB18030. When no encoding decodes every byte (a page
cut mid-character, an ad in another encoding pasted in), the page is still
UTF-8 if nearly all its non-ASCII bytes form the three- and four-byte UTF-8
sequences of Chinese text (U+0800 and up): their lead and continuation bytes
check each other, which GBK text passes only by accident, whereas GB18030
accepts almost any byte pair and would turn UTF-8 into mojibake without
complaint, even when it decodes every byte. (GBK pairs often happen to be
valid two-byte sequences, Latin, Greek or Cyrillic letters: those are no
evidence.)
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from w3lib.encoding import resolve_encoding

UTF8 = "utf-8"
GB18030 = "gb18030"
# The share of a page's non-ASCII bytes that must form UTF-8 characters of
# U+0800 and up for the page to be UTF-8 despite its invalid bytes. Text of
# GB2312's common characters (lead bytes 0xB0-0xD7) stays under 75%: such a
# character begins no sequence of that length.
UTF8_SHARE = 0.9
_NON_ASCII = bytes(range(0x80, 0x100))
_TWO_BYTE_LEADS = bytes(range(0xC2, 0xE0))
_CONTINUATION = bytes(range(0x80, 0xC0))


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
        if encoding != UTF8 and _mostly_utf8(body):
            # UTF-8 failed on a few bytes; that GB18030 takes them all proves
            # nothing, as it takes almost any byte pair.
            break
        if encoding == declared:
            return DecodedPage(text, encoding)
        if encoding == UTF8 and body.isascii():
            # ASCII is valid in every candidate: the declaration stands.
            continue
        return DecodedPage(text, encoding, f"declared {declared}, decoded as {encoding}")
    # Invalid bytes in the middle of the text: keep every character that
    # decodes and drop the bytes that do not, rather than store U+FFFD.
    if _mostly_utf8(body):
        encoding = UTF8
    elif declared != UTF8 and _known(declared):
        encoding = declared
    else:
        encoding = GB18030
    text = body.decode(encoding, errors="ignore")
    if encoding == declared or not _known(declared):
        return DecodedPage(text, encoding, "invalid bytes dropped")
    return DecodedPage(
        text, encoding, f"declared {declared}, decoded as {encoding}; invalid bytes dropped"
    )


def _mostly_utf8(body: bytes) -> bool:
    """Whether UTF8_SHARE of the non-ASCII bytes form UTF-8 characters of U+0800 and up.

    Counted on bytes, in C: the valid sequences' non-ASCII bytes, less two
    for each two-byte sequence (its lead byte is 0xC2-0xDF).
    """
    non_ascii = len(body) - len(body.translate(None, _NON_ASCII))
    if non_ascii == 0:
        return False
    # Two of the three bytes of such a character are continuation bytes
    # (0x80-0xBF), so the share asked for needs at least two thirds of it
    # among them; GBK text has about a quarter. One pass settles most pages.
    continuation = len(body) - len(body.translate(None, _CONTINUATION))
    if continuation < UTF8_SHARE * 2 / 3 * non_ascii:
        return False
    valid = body.decode(UTF8, errors="ignore").encode(UTF8)
    valid_non_ascii = len(valid) - len(valid.translate(None, _NON_ASCII))
    two_byte = len(valid) - len(valid.translate(None, _TWO_BYTE_LEADS))
    return valid_non_ascii - 2 * two_byte >= UTF8_SHARE * non_ascii


def _known(encoding: str) -> bool:
    # Not b"".decode(encoding): empty bytes decode under any name, even "".
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True
