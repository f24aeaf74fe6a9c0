"""The cleaner on arbitrary HTML: it never raises, never emits U+FFFD, never shows hidden text."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.text import clean_page

TAGS = [
    "p",
    "div",
    "span",
    "font",
    "b",
    "a",
    "br",
    "table",
    "td",
    "li",
    "script",
    "style",
    "center",
    "h2",
]
ATTRIBUTES = [
    "",
    ' class="content"',
    ' id="content"',
    ' style="color:#fff"',
    ' style="display:none"',
    ' style="font-size:0"',
    " hidden",
    ' class="wm"',
    ' style="background:#000;color:#fff"',
    ' color="white"',
    ' style="font:',
]
FRAGMENTS = [
    "<",
    ">",
    "</div>",
    "<p",
    "&nbsp;",
    "&#0;",
    "&#xD800;",
    "&#65533;",
    "&#x110000;",
    "<!--",
    "-->",
    "<![CDATA[",
    "<?xml version='1.0'?>",
    "\x00",
    "\ufffd",
    "\u3000",
]


def element(tag: str, attributes: str, children: list[str]) -> str:
    return f"<{tag}{attributes}>{''.join(children)}</{tag}>"


html_trees = st.recursive(
    st.text(max_size=20) | st.sampled_from(FRAGMENTS),
    lambda children: st.builds(
        element,
        st.sampled_from(TAGS),
        st.sampled_from(ATTRIBUTES),
        st.lists(children, max_size=5),
    ),
    max_leaves=30,
)


@settings(max_examples=200)
@given(body=html_trees, wrap=st.booleans())
def test_arbitrary_html_is_cleaned_without_errors(body: str, wrap: bool) -> None:
    html = f"<html><body><div class='content'>{body}</div></body></html>" if wrap else body
    paragraphs = clean_page(html)
    for paragraph in paragraphs:
        assert paragraph
        assert "\ufffd" not in paragraph
        assert paragraph == paragraph.strip(" \u3000\u00a0")


@settings(max_examples=200)
@given(text=st.text(max_size=200))
def test_arbitrary_text_is_cleaned_without_errors(text: str) -> None:
    assert all("\ufffd" not in paragraph for paragraph in clean_page(text))


# Visible text is Chinese, the marker Latin: no joining of visible text can
# spell the marker, so finding it means hidden text leaked.
VISIBLE = st.text(alphabet="开发区党委在谋篇布局园区产业规划，。、　 ", min_size=1, max_size=30)
MARKERS = st.text(alphabet=string.ascii_letters + string.digits, min_size=6, max_size=12).map(
    lambda s: f"WM{s}"
)
HEAD_RULES = (
    "<style>.wm{display:none} span.tm{font-size:0} #wid{visibility:hidden} .w1,.w2{color:#fff}"
    " .content .dm{display:none} .content div > font{font-size:0}"
    " .off{position:absolute;left:-9999px}</style>"
)
HIDERS = [
    '<span style="display:none">{}</span>',
    '<div style="display: none">{}</div>',
    '<span style="visibility:hidden">{}</span>',
    '<span style="font-size:0">{}</span>',
    '<span style="font-size:0pt">{}</span>',
    '<font style="font-size:0px;color:#fff">{}</font>',
    '<span style="color:#ffffff">{}</span>',
    '<span style="color:rgb(255,255,255)">{}</span>',
    '<font color="white">{}</font>',
    "<span hidden>{}</span>",
    '<span class="x wm">{}</span>',
    '<span class="tm">{}</span>',
    '<em id="wid">{}</em>',
    '<b class="w2">{}</b>',
    '<span style="background-color:#eee"><i style="color:#EEEEEE">{}</i></span>',
    '<span style="display:none"><b>{}</b></span>',
    '<span style="font-size:0"><b style="font-size:1.5em">{}</b></span>',
    "<script>var s = '{}';</script>",
    '<span class="dm">{}</span>',
    "<font>{}</font>",
    '<i class="off">{}</i>',
]


@settings(max_examples=200)
@given(
    before=st.lists(VISIBLE, max_size=4),
    after=st.lists(VISIBLE, max_size=4),
    inline_left=VISIBLE,
    inline_right=VISIBLE,
    hider=st.sampled_from(HIDERS),
    marker=MARKERS,
)
def test_hidden_text_never_comes_out(
    before: list[str],
    after: list[str],
    inline_left: str,
    inline_right: str,
    hider: str,
    marker: str,
) -> None:
    paragraphs = "".join(f"<p>{text}</p>" for text in before)
    paragraphs += f"<div>{inline_left}{hider.format(marker)}{inline_right}</div>"
    paragraphs += "".join(f"<p>{text}<br>{text}</p>" for text in after)
    html = (
        f"<html><head>{HEAD_RULES}</head><body><div class='article'>"
        f"<div class='content'>{paragraphs}</div></div></body></html>"
    )
    assert "WM" not in "".join(clean_page(html))


def page(content: str) -> str:
    return (
        "<html><head></head><body><div class='article'>"
        f"<div class='content'>{content}</div></div></body></html>"
    )


# Every box geometry.py hides, on an inline element (whose own box it makes
# block-level where a rule needs one) and on a block.
GEOMETRY_HIDERS = [
    '<span style="position:absolute;left:-9999px">{}</span>',
    '<span style="position:fixed;top:-1000px">{}</span>',
    '<span style="position:relative;left:-999em">{}</span>',
    '<span style="display:inline-block;width:0;height:0;overflow:hidden">{}</span>',
    '<div style="height:0;overflow:hidden">{}</div>',
    '<div style="width:0;overflow:auto">{}</div>',
    '<div style="max-height:0;overflow-x:hidden">{}</div>',
    '<span style="position:absolute;clip:rect(0 0 0 0)">{}</span>',
    '<span style="position:absolute;clip:rect(1px,1px,1px,1px)">{}</span>',
    '<span style="clip-path:inset(50%)">{}</span>',
    '<span style="clip-path:circle(0)">{}</span>',
    '<span style="display:inline-block;transform:scale(0)">{}</span>',
    '<div style="transform:scaleX(0)">{}</div>',
    '<div style="text-indent:-9999px">{}</div>',
    '<span style="float:left;width:0;overflow:hidden">{}</span>',
]


@settings(max_examples=300)
@given(
    before=st.lists(VISIBLE, max_size=3),
    inline_left=VISIBLE,
    inline_right=VISIBLE,
    after=st.lists(VISIBLE, max_size=3),
    hider=st.sampled_from(GEOMETRY_HIDERS),
    hidden=st.text(alphabet="开发区党委，。、　 " + string.ascii_letters, min_size=1, max_size=30),
)
def test_geometry_hides_exactly_what_it_wraps(
    before: list[str],
    inline_left: str,
    inline_right: str,
    after: list[str],
    hider: str,
    hidden: str,
) -> None:
    def content(middle: str) -> str:
        paragraphs = "".join(f"<p>{text}</p>" for text in before)
        paragraphs += f"<div>{inline_left}{middle}{inline_right}</div>"
        return paragraphs + "".join(f"<p>{text}</p>" for text in after)

    assert clean_page(page(content(hider.format(hidden)))) == clean_page(page(content("")))


ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


@settings(max_examples=300)
@given(
    paragraphs=st.lists(
        st.text(alphabet="开发区党委一二、，。：1.A（）　 " + string.ascii_letters, max_size=40),
        max_size=6,
    ),
    data=st.data(),
)
def test_zero_width_characters_change_nothing(paragraphs: list[str], data: st.DataObject) -> None:
    def with_zero_width(text: str) -> str:
        # Up to two zero-width characters before each character and at the end.
        marks = data.draw(
            st.lists(
                st.text(alphabet=ZERO_WIDTH, max_size=2),
                min_size=len(text) + 1,
                max_size=len(text) + 1,
            )
        )
        return "".join(mark + char for mark, char in zip(marks, text, strict=False)) + marks[-1]

    plain = "".join(f"<p>{text}</p>" for text in paragraphs)
    marked = "".join(f"<p>{with_zero_width(text)}</p>" for text in paragraphs)
    assert clean_page(page(marked)) == clean_page(page(plain))


# Rules a desktop screen does not apply, and queries that never hold on it.
SCREEN_RULES = [
    "body{display:none}",
    ".content{display:none}",
    ".article{visibility:hidden}",
    ".content p{font-size:0}",
    "p{color:#fff}",
    ".wm{display:block}",
    "span{display:none}",
    ".content{background:#000}",
]
NOT_ON_SCREEN = [
    "print",
    "speech",
    "not screen",
    "not all",
    "screen and (max-width:320px)",
    "only screen and (max-device-width:480px)",
    "(orientation:portrait)",
    "(min-width:1281px)",
    "print, (max-width:40em)",
    "(prefers-reduced-motion:reduce)",
]


@settings(max_examples=200)
@given(
    paragraphs=st.lists(VISIBLE, min_size=1, max_size=4),
    watermark=st.booleans(),
    rules=st.lists(st.sampled_from(SCREEN_RULES), min_size=1, max_size=3),
    query=st.sampled_from(NOT_ON_SCREEN),
    as_attribute=st.booleans(),
)
def test_rules_for_other_media_change_nothing(
    paragraphs: list[str], watermark: bool, rules: list[str], query: str, as_attribute: bool
) -> None:
    content = "".join(f"<p>{text}</p>" for text in paragraphs)
    if watermark:
        content += '<div>甲<span class="wm">WM</span>乙。</div>'

    def html(head: str) -> str:
        return (
            f"<html><head><style>.wm{{display:none}}</style>{head}</head><body>"
            f"<div class='article'><div class='content'>{content}</div></div></body></html>"
        )

    css = "".join(rules)
    head = (
        f'<style media="{query}">{css}</style>'
        if as_attribute
        else f"<style>@media {query}{{{css}}}</style>"
    )
    assert clean_page(html(head)) == clean_page(html(""))
