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

A header naming a single-byte Western codec (ISO-8859-1, windows-1252,
ASCII: a common server default) is a weak claim for a page of this Chinese
site family: such a codec decodes nearly any byte, so without this GB18030
would never be tried. Behind such a header the page is read as the CJK encoding its
``<meta>`` declares when its bytes decode as that, and as GB18030 when its
non-ASCII bytes mostly lie in runs of two or more double-byte characters of
GB2312's range (0xA1-0xFE, four bytes and up), which Western text does not:
its accented letters stand alone, or two together (Portuguese "ção"), between
ASCII letters.

The GBK family decodes the single byte 0x80 as the euro sign, as Windows'
CP936 and the WHATWG gbk/gb18030 decoders do; Python's gb18030 codec has no
mapping for it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, resolve_encoding

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
# Codec names (as codecs.lookup spells them) of the single-byte Western
# codecs a server may name by default; w3lib maps ISO-8859-1 and ASCII to
# windows-1252, as WHATWG does.
WESTERN_SINGLE_BYTE = frozenset({"cp1252", "iso8859-1", "iso8859-15", "ascii"})
# Codec names of the multi-byte CJK encodings a <meta> may declare.
CJK = frozenset(
    {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950"}
    | {"cp932", "shift_jis", "euc_jp", "cp949", "euc_kr"}
)
# The share of a page's non-ASCII bytes that must lie in runs of GB2312-range
# bytes (0xA1-0xFE), counted four at a time (two characters), for a page
# behind a Western header to be GB18030. The site's pages score over 0.94
# (a date's lone 年 or 日, a run's odd end are lost), Western text 0.
DOUBLE_BYTE_SHARE = 0.75
# Each byte to "H" if in GB2312's range, else to a space.
_GB2312_RANGE_MARKS = bytes(0x48 if 0xA1 <= byte <= 0xFE else 0x20 for byte in range(256))
EURO = "\u20ac"
# Error handlers for the GBK family: 0x80 is the euro sign; any other invalid
# byte fails (to try the next candidate) or is dropped.
_GBK_EURO = "fanwen-gbk-euro"
_GBK_EURO_OR_DROP = "fanwen-gbk-euro-or-drop"


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    # Why the declared encoding was overruled, or bytes dropped; None if neither.
    problem: str | None = None


def decode_page(body: bytes, declared: str) -> DecodedPage:
    """The page's text, trusting the bytes over a declaration they contradict."""
    # `stated` is what the problem reports; `declared` is what the bytes are
    # held to, which for a weak Western header may be a CJK reading instead.
    stated = declared = resolve_encoding(declared) or declared
    if _codec(declared) in WESTERN_SINGLE_BYTE and not body.isascii():
        declared = _cjk_reading(body) or declared
    candidates = [declared]
    if declared != UTF8:
        candidates.insert(0, UTF8)  # valid UTF-8 beats a GBK-family declaration
    if GB18030 not in candidates:
        candidates.append(GB18030)
    for encoding in candidates:
        try:
            text = _decode(body, encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding != UTF8 and _mostly_utf8(body):
            # UTF-8 failed on a few bytes; that GB18030 takes them all proves
            # nothing, as it takes almost any byte pair.
            break
        if encoding == declared == stated:
            return DecodedPage(text, encoding)
        if encoding == UTF8 and body.isascii():
            # ASCII is valid in every candidate: the declaration stands.
            continue
        return DecodedPage(text, encoding, f"declared {stated}, decoded as {encoding}")
    # Invalid bytes in the middle of the text: keep every character that
    # decodes and drop the bytes that do not, rather than store U+FFFD.
    if _mostly_utf8(body):
        encoding = UTF8
    elif declared != UTF8 and _known(declared):
        encoding = declared
    else:
        encoding = GB18030
    text = _decode(body, encoding, drop_invalid=True)
    if encoding == stated or not _known(stated):
        return DecodedPage(text, encoding, "invalid bytes dropped")
    return DecodedPage(
        text, encoding, f"declared {stated}, decoded as {encoding}; invalid bytes dropped"
    )


def _cjk_reading(body: bytes) -> str | None:
    """The CJK encoding a page behind a Western single-byte header is in, or None.

    The CJK encoding its <meta> declares if the bytes decode as that;
    otherwise, if its non-ASCII bytes are Chinese double-byte text, that
    encoding or GB18030. Other Western pages keep their header.
    """
    meta = html_body_declared_encoding(body)
    cjk_meta = meta if meta is not None and _codec(meta) in CJK else None
    if cjk_meta is not None:
        try:
            _decode(body, cjk_meta)
        except UnicodeDecodeError:
            pass
        else:
            return cjk_meta
    if _mostly_double_byte(body):
        return cjk_meta or GB18030
    return None


def _mostly_double_byte(body: bytes) -> bool:
    """Whether DOUBLE_BYTE_SHARE of the non-ASCII bytes lie in runs of GB2312-range bytes.

    Counted in C, four bytes at a time: a run of n bytes counts n // 4 * 4,
    nearly all of a Chinese sentence and nothing of Western text.
    """
    non_ascii = len(body) - len(body.translate(None, _NON_ASCII))
    in_runs = 4 * body.translate(_GB2312_RANGE_MARKS).count(b"HHHH")
    return in_runs >= DOUBLE_BYTE_SHARE * non_ascii


def _decode(body: bytes, encoding: str, *, drop_invalid: bool = False) -> str:
    # w3lib widens every GBK-family label to GB18030.
    if encoding == GB18030:
        return body.decode(encoding, _GBK_EURO_OR_DROP if drop_invalid else _GBK_EURO)
    return body.decode(encoding, "ignore" if drop_invalid else "strict")


def _euro_or_fail(error: UnicodeError) -> tuple[str, int]:
    if isinstance(error, UnicodeDecodeError) and error.object[error.start] == 0x80:
        return EURO, error.start + 1
    raise error


def _euro_or_drop(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    if error.object[error.start] == 0x80:
        return EURO, error.start + 1
    return "", error.end


codecs.register_error(_GBK_EURO, _euro_or_fail)
codecs.register_error(_GBK_EURO_OR_DROP, _euro_or_drop)


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
    return _codec(encoding) is not None


def _codec(encoding: str) -> str | None:
    """The codec's own name for an encoding label, None if there is no such codec."""
    # Not b"".decode(encoding): empty bytes decode under any name, even "".
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None
