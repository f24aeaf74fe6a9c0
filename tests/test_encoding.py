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
    page = decode_page("建设".encode("gbk") + b"\xff", declared)
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
# Bytes that start no character in the encoding (in GBK 0x80 is the euro sign).
JUNK = {
    "utf-8": st.sampled_from([b"\xff", b"\x80", b"\xfe\xff"]),
    "gbk": st.sampled_from([b"\xff", b"\xfe\xff"]),
}


@st.composite
def text_with_junk(draw: st.DrawFn, encoding: str) -> tuple[str, bytes]:
    chars = draw(st.lists(HAN, min_size=20, max_size=300))
    spots = draw(st.sets(st.integers(0, len(chars)), min_size=1, max_size=3))
    body = b"".join(
        (draw(JUNK[encoding]) if n in spots else b"") + c.encode(encoding)
        for n, c in enumerate(chars)
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


# -- a Western single-byte header in front of a Chinese page -------------------------

GB2312_META = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
REPORT = "<p>　　嵊州经济开发区创建于1992年，现已成为重要的工业基地。</p>"
WESTERN_HEADERS = ["iso-8859-1", "latin1", "windows-1252", "us-ascii"]


@pytest.mark.parametrize("header", WESTERN_HEADERS)
def test_gbk_page_behind_a_latin1_header_follows_its_meta(header: str) -> None:
    # Characters outside GB2312 only: no share of GB2312-range pairs to go by.
    html = f"<html><head>{GB2312_META}</head><body><p>{BEYOND_GB2312}</p></body></html>"
    page = decode_page(html.encode("gb18030"), header)
    assert page == DecodedPage(html, "gb18030", "declared cp1252, decoded as gb18030")


def test_big5_page_behind_a_latin1_header_follows_its_meta() -> None:
    html = '<html><head><meta charset="big5"></head><body><p>繁體中文的調研報告</p></body></html>'
    page = decode_page(html.encode("big5"), "iso-8859-1")
    assert page == DecodedPage(html, "big5hkscs", "declared cp1252, decoded as big5hkscs")


def test_gbk_page_without_meta_behind_a_latin1_header_is_gb18030() -> None:
    page = decode_page(REPORT.encode("gbk"), "iso-8859-1")
    assert page == DecodedPage(REPORT, "gb18030", "declared cp1252, decoded as gb18030")


def test_cut_gbk_page_behind_a_latin1_header_is_gb18030() -> None:
    body = REPORT.encode("gbk") + "报告".encode("gbk")[:3]
    page = decode_page(body, "iso-8859-1")
    assert page == DecodedPage(
        REPORT + "报",
        "gb18030",
        "declared cp1252, decoded as gb18030; invalid bytes dropped",
    )


def test_utf8_page_behind_a_latin1_header_is_utf8() -> None:
    html = f"<html><head>{GB2312_META}</head><body>{REPORT}</body></html>"
    page = decode_page(html.encode(), "iso-8859-1")
    assert page == DecodedPage(html, "utf-8", "declared cp1252, decoded as utf-8")


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Un café au lait, s'il vous plaît. Crème brûlée à Zürich.</p></body></html>",
        "<p>«\xa0Bonjour\xa0» dit-il, «\xa0à demain\xa0»</p>",
        # Two accented letters side by side ("çõ", "çã") make GB2312-range pairs, never runs.
        "<p>Informações sobre as eleições: a população e a situação.</p>",
        # A meta that says gb2312 on a page whose bytes are not GBK.
        f"<html><head>{GB2312_META}</head><body><p>Un café, s'il vous plaît.</p></body></html>",
    ],
)
def test_latin1_page_behind_a_latin1_header_stays_latin1(html: str) -> None:
    page = decode_page(html.encode("latin-1"), "iso-8859-1")
    assert page == DecodedPage(html, "cp1252", None)


def test_gbk_page_behind_a_non_western_single_byte_header_keeps_it() -> None:
    # Only the Western defaults are a weak claim; another codec was named on purpose.
    body = REPORT.encode("gbk")
    page = decode_page(body, "koi8-r")
    assert page == DecodedPage(body.decode("koi8-r"), "koi8-r", None)


CHINESE_TEXT = st.text(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
    | st.sampled_from("，。、：；！？“”（）《》　—…·")
    | st.sampled_from("abcXYZ0123456789 .-%"),
    min_size=1,
)


@given(CHINESE_TEXT, st.sampled_from(WESTERN_HEADERS))
def test_any_gbk_page_behind_a_latin1_header_decodes_to_itself(text: str, header: str) -> None:
    html = f"<html><head>{GB2312_META}</head><body><p>{text}</p></body></html>"
    body = html.encode("gbk")
    if _valid_utf8(body):
        return  # valid UTF-8 wins over any declaration
    assert decode_page(body, header).text == html


# Both bytes in 0xA1-0xFE, where GB2312 puts its characters (HAN's may be GBK's).
GB2312_HAN = st.sampled_from([c for c in COMMON_HAN if c.encode("gbk")[1] >= 0xA1])


@given(st.lists(GB2312_HAN | st.sampled_from("，。、“”"), min_size=8, max_size=300))
def test_gbk_text_without_meta_behind_a_latin1_header_decodes_to_itself(chars: list[str]) -> None:
    text = "".join(chars)
    body = text.encode("gbk")
    if _valid_utf8(body):
        return
    assert decode_page(body, "iso-8859-1") == DecodedPage(
        text, "gb18030", "declared cp1252, decoded as gb18030"
    )


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# -- the euro sign, 0x80 in CP936 -------------------------------------------------------

EURO_BUDGET = "<p>本次采购预算为5000€，由财务处统一结算。</p>"


def _cp936(text: str) -> bytes:
    # Python's gbk codec has no euro sign; CP936 puts it at the single byte 0x80.
    return b"\x80".join(part.encode("gbk") for part in text.split("€"))


@pytest.mark.parametrize("declared", ["gb2312", "gbk", "gb18030"])
def test_gbk_0x80_is_the_euro_sign(declared: str) -> None:
    page = decode_page(_cp936(EURO_BUDGET), declared)
    assert page == DecodedPage(EURO_BUDGET, "gb18030", None)


def test_gbk_page_with_a_euro_sign_declared_utf8_is_gb18030() -> None:
    page = decode_page(_cp936(EURO_BUDGET), "utf-8")
    assert page == DecodedPage(EURO_BUDGET, "gb18030", "declared utf-8, decoded as gb18030")


def test_gbk_euro_sign_is_kept_where_other_invalid_bytes_are_dropped() -> None:
    body = _cp936(EURO_BUDGET).replace("采购".encode("gbk"), "采购".encode("gbk") + b"\xff")
    page = decode_page(body, "gb2312")
    assert page == DecodedPage(EURO_BUDGET, "gb18030", "invalid bytes dropped")


def test_gbk_0x80_as_a_second_byte_stays_part_of_its_character() -> None:
    # 謤 is 0xD6 0x80: only a 0x80 where a character begins is the euro sign.
    page = decode_page("謤".encode("gbk") + b"\x80", "gbk")
    assert page == DecodedPage("謤€", "gb18030", None)


@given(st.lists(HAN | st.just("€"), min_size=20, max_size=300), st.sampled_from(["gb2312", ""]))
def test_gbk_text_with_euro_signs_decodes_to_itself(chars: list[str], declared: str) -> None:
    text = "".join(chars)
    body = _cp936(text)
    if _valid_utf8(body):
        return  # valid UTF-8 wins over any declaration
    assert decode_page(body, declared).text == text
