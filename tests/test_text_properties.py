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
    "</style>"
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
