"""Fuzzing every function that reads what a site sends: bytes, HTML, URLs, dates.

Properties, whatever the input: nothing raises; text decoded from valid
GB18030 bytes holds no U+FFFD; the cleaner never returns hidden text, also
in markup nested past the parser's depth limit.

The suite runs the ``fuzz`` profile (a few thousand examples in all, seconds);
``make fuzz`` runs ``fuzz-long`` (FANWEN_FUZZ_PROFILE=fuzz-long, 50x as many).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parsel import Selector

from crawler import pages
from crawler.dates import date_from_url, find_raw_date, parse_date, resolve_list_dates
from crawler.encoding import decode_page
from crawler.site_profile import DEFAULT_PROFILE
from crawler.text import clean_page
from crawler.text.nesting import flatten_deep_nesting

PROFILE_ENV = "FANWEN_FUZZ_PROFILE"
settings.register_profile(
    "fuzz", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fuzz-long", settings.get_profile("fuzz"), max_examples=20_000)
FUZZ = settings.get_profile(os.environ.get(PROFILE_ENV, "fuzz"))

FETCHED_AT = datetime(2024, 6, 1, 4, 0, tzinfo=UTC)
BASE_URL = "http://www.renrenfanwen.test/dangjian/121330.html"
DECLARED = ["gb2312", "gbk", "gb18030", "utf-8", "latin-1", "big5", "", "no-such-codec", "utf-16"]

# -- arbitrary HTML -------------------------------------------------------------------

TAGS = ["p", "div", "span", "font", "a", "br", "table", "tr", "td", "li", "ul", "h1", "title",
        "script", "style", "center", "b", "img", "strong", "i", "body", "html", "head"]  # fmt: skip
ATTRIBUTES = [
    "",
    ' class="content"',
    ' id="content"',
    ' class="article"',
    ' class="info"',
    ' class="pageinfo"',
    ' class="list"',
    ' href="/dangjian/121330_2.html"',
    ' href="http://[oops/x"',
    ' href="javascript:void(0)"',
    ' href="//other.test/a"',
    ' href=" /dangjian/list_3_7.html "',
    ' style="display:none"',
    ' style="color:#fff;background:#000"',
    ' style="font:0/0 a"',
    " hidden",
    ' color="white"',
    ' style="',
    " =",
]
FRAGMENTS = ["<", ">", "</div>", "<p", "&nbsp;", "&#0;", "&#xD800;", "&#65533;", "&#x110000;",
             "<!--", "-->", "<![CDATA[", "<?xml version='1.0'?>", "\x00", "\u3000", "发布时间：",
             "2019-09-16 18:22", "共 3 页", "下一页", "<meta charset=gb2312>"]  # fmt: skip


def element(tag: str, attributes: str, children: list[str]) -> str:
    return f"<{tag}{attributes}>{''.join(children)}</{tag}>"


html_trees = st.recursive(
    st.text(max_size=20) | st.sampled_from(FRAGMENTS),
    lambda children: st.builds(
        element, st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES), st.lists(children, max_size=5)
    ),
    max_leaves=40,
)
html_documents = html_trees | st.text(max_size=300)


@FUZZ
@given(html=html_documents)
def test_page_parser_reads_any_html(html: str) -> None:
    selector = Selector(text=html)
    profile = DEFAULT_PROFILE
    for url in pages.links(selector, "a::attr(href)", BASE_URL):
        assert url.startswith("http")
        assert pages.page_kind(url, profile) in pages.PageKind
    assert all(entry.url for entry in pages.list_entries(selector, BASE_URL, profile))
    total = pages.pager_total(selector, profile)
    assert total is None or total >= 0
    pages.breadcrumb_category(selector, BASE_URL, profile)
    title = pages.essay_title(selector, profile)
    assert title is None or title == title.strip()
    line = pages.info_line(selector, profile)
    if line is not None:
        find_raw_date(line, profile)
    pages.is_soft_404(selector, profile)
    pages.continuation_urls(selector, BASE_URL, profile)


@FUZZ
@given(
    url=st.text(max_size=60)
    | st.builds("http://{}/{}".format, st.text(max_size=10), st.text(max_size=30))
)
def test_url_rules_read_any_url(url: str) -> None:  # fmt: skip
    profile = DEFAULT_PROFILE
    assert pages.page_kind(url, profile) in pages.PageKind
    pages.followable(url, "www.renrenfanwen.test", profile)
    assert pages.list_page_number(url, profile) >= 0
    pages.category_slug(url, profile)
    date_from_url(url)


@FUZZ
@given(html=html_documents)
def test_cleaner_returns_clean_paragraphs_from_any_html(html: str) -> None:
    for paragraph in clean_page(html):
        assert paragraph
        assert "\ufffd" not in paragraph
        assert paragraph == " ".join(paragraph.split())


# -- arbitrary bytes ---------------------------------------------------------------------

gb18030_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


@FUZZ
@given(body=st.binary(max_size=2000), declared=st.sampled_from(DECLARED))
def test_any_bytes_decode_and_clean(body: bytes, declared: str) -> None:
    page = decode_page(body, declared)
    assert isinstance(page.text, str)
    for paragraph in clean_page(page.text):
        assert "\ufffd" not in paragraph


@FUZZ
@given(text=gb18030_text, declared=st.sampled_from(["gb2312", "gbk", "gb18030", "utf-8", ""]))
def test_valid_gb18030_never_decodes_to_replacement_characters(text: str, declared: str) -> None:
    body = text.encode("gb18030")
    page = decode_page(body, declared)
    assert ("\ufffd" in page.text) == ("\ufffd" in text)
    assert page.problem != "invalid bytes dropped"
    if declared != "utf-8" and not _utf8(body):
        assert page.text == text


@FUZZ
@given(
    text=gb18030_text,
    damage=st.lists(
        st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=3)), max_size=4
    ),
)
def test_damaged_gbk_text_loses_bytes_not_characters_to_fffd(
    text: str, damage: list[tuple[int, bytes]]
) -> None:  # fmt: skip
    body = bytearray(text.encode("gb18030"))
    for position, garbage in damage:
        body[position % (len(body) + 1) : position % (len(body) + 1)] = garbage
    page = decode_page(bytes(body), "gbk")
    assert "\ufffd" not in page.text or "\ufffd" in text or b"\xef\xbf\xbd" in body


def _utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# -- dates ----------------------------------------------------------------------------------

date_texts = st.text(max_size=40) | st.lists(
    st.sampled_from(["2019", "-", "年", "09", "月", "16", "日", " ", "18", ":", "22", "上午", "下午",
                     "昨天", "前天", "3天前", "刚刚", "发布时间：", "０９", "T", "Z", "+08:00", "00"]),
    max_size=12,
).map("".join)  # fmt: skip


@FUZZ
@given(text=date_texts, zone=st.sampled_from(["Asia/Shanghai", "UTC", "America/New_York"]))
def test_dates_read_any_text(text: str, zone: str) -> None:
    raw = find_raw_date(text) or text
    parsed = parse_date(raw, FETCHED_AT, zone)
    if parsed.instant is not None:
        assert parsed.instant <= FETCHED_AT


@FUZZ
@given(raw_dates=st.lists(st.none() | date_texts, max_size=8))
def test_list_dates_resolve_from_any_texts(raw_dates: list[str | None]) -> None:
    assert len(resolve_list_dates(raw_dates, FETCHED_AT)) == len(raw_dates)


# -- hidden text ------------------------------------------------------------------------------

# Visible text is Chinese, the marker Latin: no join of visible text spells it.
VISIBLE = st.text(alphabet="开发区党委在谋篇布局园区产业规划，。、　 ", min_size=1, max_size=20)
MARKER = "WMark"
# Hiders that may hold blocks, and hiders for text inside a line. Markup that
# a browser would show is not generated: a <div> inside a <p> or a <span>
# leaves it, style and all, so its text shows on screen too.
BLOCK_HIDERS = [
    '<div style="display:none">{}</div>',
    '<div style="visibility:hidden">{}</div>',
    '<div style="font:0/0 a">{}</div>',
    '<div style="opacity:0">{}</div>',
    "<div hidden>{}</div>",
    '<div class="wm">{}</div>',
    "<noscript>{}</noscript>",
]
INLINE_HIDERS = [
    '<span style="display:none">{}</span>',
    '<span style="font-size:0">{}</span>',
    '<font color="#ffffff">{}</font>',
    '<span style="color:rgba(255,255,255,1)">{}</span>',
    '<span style="visibility:hidden">{}</span>',
    '<span class="wm">{}</span>',
]
# Wrappers that change nothing a hider relies on: no background, no colour over white.
INLINE_WRAPPERS = ["<b>{}</b>", "<span>{}</span>", "<i>{}</i>", "<font>{}</font>",
                   '<span style="font-weight:bold">{}</span>', '<em class="x">{}</em>']  # fmt: skip
BLOCK_WRAPPERS = ["<div>{}</div>", '<div class="x">{}</div>', '<div align="center">{}</div>',
                  "<center>{}</center>", "<blockquote>{}</blockquote>",
                  "<table><tr><td>{}</td></tr></table>", "<ul><li>{}</li></ul>"]  # fmt: skip
HEAD = "<style>.wm{display:none}</style>"


def wrap(inner: str, wrappers: list[str]) -> str:
    for wrapper in wrappers:
        inner = wrapper.format(inner)
    return inner


inline_wrappers = st.lists(st.sampled_from(INLINE_WRAPPERS), max_size=3)
block_wrappers = st.lists(st.sampled_from(BLOCK_WRAPPERS), max_size=5)
inline_hidden = st.builds(
    lambda hider, inside: hider.format(wrap(MARKER, inside)),
    st.sampled_from(INLINE_HIDERS),
    inline_wrappers,
)
block_hidden = st.builds(
    lambda hider, inside, outside: wrap(hider.format(inside), outside),
    st.sampled_from(BLOCK_HIDERS),
    (inline_hidden | inline_wrappers.map(lambda inside: wrap(MARKER, inside))).map(
        lambda inner: f"<p>{inner}</p>"
    ),
    block_wrappers,
)
# Visible paragraphs, each wrapped, some with hidden text inside the line.
paragraphs = st.builds(
    lambda left, hidden, right, outside: wrap(f"<p>{left}{hidden}{right}</p>", outside),
    VISIBLE,
    st.just("") | inline_hidden,
    st.just("") | VISIBLE,
    block_wrappers,
)
essay_bodies = st.lists(paragraphs | block_hidden, min_size=1, max_size=8).map("".join)


def page(body: str) -> str:
    return f"<html><head>{HEAD}</head><body><div class='content'>{body}</div></body></html>"


def visible_characters(html: str) -> str:
    """The visible alphabet's characters of a body, in order: what must come out."""
    return "".join(char for char in html if char in "开发区党委在谋篇布局园区产业规划，。、")


@FUZZ
@given(body=essay_bodies)
def test_hidden_text_never_comes_out(body: str) -> None:
    cleaned = "".join(clean_page(page(body)))
    assert MARKER not in cleaned
    assert visible_characters(cleaned) == visible_characters(body)


@FUZZ
@given(body=essay_bodies, max_depth=st.integers(1, 6))
def test_flattened_markup_keeps_hidden_text_hidden(body: str, max_depth: int) -> None:
    cleaned = "".join(clean_page(flatten_deep_nesting(page(body), max_depth)))
    assert MARKER not in cleaned
    assert visible_characters(cleaned) == visible_characters(body)


@settings(FUZZ, max_examples=max(1, FUZZ.max_examples // 10))
@given(body=essay_bodies, levels=st.integers(2100, 4000), tag=st.sampled_from(["div", "span"]))
def test_hidden_text_deep_past_the_parser_limit_stays_hidden(
    body: str, levels: int, tag: str
) -> None:
    nested = f"<{tag}>" * levels + body + f"</{tag}>" * levels
    cleaned = "".join(clean_page(page(f"<p>开头。</p>{nested}<p>结尾。</p>")))
    assert MARKER not in cleaned
    assert visible_characters(cleaned) == visible_characters(f"开头。{body}结尾。")
