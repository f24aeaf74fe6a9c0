"""Decoding pages: GB18030 for the GBK family, the bytes over a lying declaration."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.encoding import DecodedPage, decode_page

BEYOND_GB2312 = "朱镕基 陶喆 昇 堃"


@pytest.mark.parametrize("declared", ["gb2312", "gbk", "gb18030"])
def test_gbk_family_decodes_as_gb18030(declared: str) -> None:
    page = decode_page(BEYOND_GB2312.encode("gb18030"), declared)
    assert (page.text, page.encoding, page.problem) == (BEYOND_GB2312, "gb18030", None)


def test_utf8_page_behind_a_stale_gb2312_declaration_is_utf8() -> None:
    page = decode_page(BEYOND_GB2312.encode("utf-8"), "gb2312")
    assert (page.text, page.encoding) == (BEYOND_GB2312, "utf-8")
    assert page.problem == "declared gb18030, decoded as utf-8"


def test_gbk_page_declared_utf8_is_gb18030() -> None:
    page = decode_page(BEYOND_GB2312.encode("gb18030"), "utf-8")
    assert (page.text, page.encoding) == (BEYOND_GB2312, "gb18030")


def test_ascii_keeps_its_declaration() -> None:
    page = decode_page(b"<p>2020</p>", "gb2312")
    assert (page.text, page.encoding, page.problem) == ("<p>2020</p>", "gb18030", None)


def test_invalid_bytes_are_dropped_not_replaced() -> None:
    body = "开发区".encode("gbk") + b"\xff\xff" + "建设".encode("gbk")
    page = decode_page(body, "gbk")
    assert page.text == "开发区建设"
    assert page.problem == "invalid bytes dropped"


@pytest.mark.parametrize("declared", ["", "no-such-codec"])
def test_invalid_bytes_under_an_unknown_declaration_decode_as_gb18030(declared: str) -> None:
    page = decode_page("建设".encode("gbk") + b"\x80", declared)
    assert (page.text, page.problem) == ("建设", "invalid bytes dropped")


def test_utf8_page_with_a_few_invalid_bytes_stays_utf8() -> None:
    # A UTF-8 page behind a gb2312 meta, with a GBK-encoded ad pasted in and
    # cut off mid-character at the end: GB18030 would accept nearly every
    # byte pair and give mojibake; UTF-8 loses only the bytes that are not UTF-8.
    body = (
        "<p>党建调研报告，嵊州经济开发区创建于1992年。</p>".encode()
        + "广告".encode("gbk")
        + "<p>累计合同外资8.3亿美元。</p>".encode()
        + "堃".encode()[:2]
    )
    page = decode_page(body, "gb2312")
    assert page == DecodedPage(
        "<p>党建调研报告，嵊州经济开发区创建于1992年。</p><p>累计合同外资8.3亿美元。</p>",
        "utf-8",
        "declared gb18030, decoded as utf-8; invalid bytes dropped",
    )


def test_gbk_page_with_an_invalid_byte_declared_utf8_is_gb18030() -> None:
    body = "开发区".encode("gbk") + b"\xff" + "建设".encode("gbk")
    page = decode_page(body, "utf-8")
    assert page == DecodedPage(
        "开发区建设", "gb18030", "declared utf-8, decoded as gb18030; invalid bytes dropped"
    )


# GB2312's common characters (first level, lead bytes 0xB0-0xD7), listed
# once: filtering the whole CJK block would discard four draws in five.
COMMON_HAN = [
    chr(code)
    for code in range(0x4E00, 0x9FA6)
    if 0xB0 <= chr(code).encode("gbk", errors="replace")[0] <= 0xD7
]
HAN = st.sampled_from(COMMON_HAN)
# Bytes that start no character in either encoding.
JUNK = st.sampled_from([b"\xff", b"\x80", b"\xfe\xff"])


@st.composite
def text_with_junk(draw: st.DrawFn, encoding: str) -> tuple[str, bytes]:
    chars = draw(st.lists(HAN, min_size=20, max_size=300))
    spots = draw(st.sets(st.integers(0, len(chars)), min_size=1, max_size=3))
    body = b"".join(
        (draw(JUNK) if n in spots else b"") + c.encode(encoding) for n, c in enumerate(chars)
    )
    return "".join(chars), body


@given(text_with_junk("utf-8"), st.sampled_from(["gb2312", "utf-8", ""]))
def test_utf8_text_with_junk_bytes_loses_only_the_junk(
    case: tuple[str, bytes], declared: str
) -> None:
    text, body = case
    page = decode_page(body, declared)
    assert (page.text, page.encoding) == (text, "utf-8")


@given(text_with_junk("gbk"), st.sampled_from(["gb2312", "utf-8", ""]))
def test_gbk_text_with_junk_bytes_loses_only_the_junk(
    case: tuple[str, bytes], declared: str
) -> None:
    text, body = case
    page = decode_page(body, declared)
    assert (page.text, page.encoding) == (text, "gb18030")


def test_utf8_with_a_junk_byte_that_gb18030_happens_to_accept_stays_utf8() -> None:
    # Found by the property above: GB18030 decodes these bytes without an error.
    text = "丁一" * 11 + "丁" + "丁一"
    body = ("丁一" * 11 + "丁").encode() + b"\x80" + "丁一".encode()
    assert body.decode("gb18030") != text
    page = decode_page(body, "gb2312")
    assert (page.text, page.encoding) == (text, "utf-8")
