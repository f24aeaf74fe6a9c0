"""Decoding pages: GB18030 for the GBK family, the bytes over a lying declaration."""

from __future__ import annotations

import pytest

from crawler.encoding import decode_page

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
