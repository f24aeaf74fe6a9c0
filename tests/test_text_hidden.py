"""Hidden text is not text, whichever way it is hidden (SITE.md)."""

from __future__ import annotations

import pytest

from crawler.text import clean_page


def page(content: str, head: str = "") -> str:
    return (
        f"<html><head><title>t</title>{head}</head><body><div class='article'>"
        f"<div class='content'>{content}</div></div></body></html>"
    )


@pytest.mark.parametrize(
    "watermark",
    [
        '<span style="display:none">WM</span>',
        '<span style="DISPLAY : NONE ;">WM</span>',
        '<div style="display:none">WM</div>',
        '<span style="visibility:hidden">WM</span>',
        '<span style="visibility:collapse">WM</span>',
        '<span style="font-size:0">WM</span>',
        '<span style="font-size:0px">WM</span>',
        '<span style="font-size:0pt">WM</span>',
        '<span style="font-size:0em">WM</span>',
        '<span style="font-size:0.0rem">WM</span>',
        '<span style="font-size:0%">WM</span>',
        '<span style="font:0/0 a">WM</span>',
        '<span style="font: bold 0 serif">WM</span>',
        '<font style="font-size:0px;color:#fff">WM</font>',
        '<span style="color:#fff">WM</span>',
        '<span style="color:#FFFFFF">WM</span>',
        '<span style="color:white">WM</span>',
        '<span style="color:WHITE">WM</span>',
        '<span style="color:rgb(255,255,255)">WM</span>',
        '<span style="color:rgb(100%, 100%, 100%)">WM</span>',
        '<span style="color:hsl(0, 0%, 100%)">WM</span>',
        '<span style="color:#fefefe">WM</span>',
        '<span style="color:transparent">WM</span>',
        '<span style="color:rgba(0,0,0,0)">WM</span>',
        '<font color="#ffffff">WM</font>',
        '<font color="white">WM</font>',
        '<span style="opacity:0">WM</span>',
        "<span hidden>WM</span>",
        '<span hidden="hidden">WM</span>',
        "<script>document.write('WM')</script>",
        "<style>.x{}</style>",
        "<template>WM</template>",
        '<span style="display:none">W<b style="display:inline">M</b></span>',
        '<span style="color:red; display:none !important">WM</span>',
    ],
)
def test_hidden_mechanism(watermark: str) -> None:
    # A <div> holds it, as a <p> cannot hold a <div>.
    html = page(f"<div>开发区党委{watermark}在谋篇布局。</div>")
    assert clean_page(html) == ["开发区党委在谋篇布局。"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # Colour like the ancestor's inline background, in any notation.
        (
            '<div style="background-color:#f5f5f5">'
            '<p>甲<span style="color:#F5F5F5">WM</span>乙。</p></div>',
            "甲乙。",
        ),
        (
            '<p style="background:rgb(238,238,238) url(x.png)">'
            '甲<span style="color:#eee">WM</span>乙。</p>',
            "甲乙。",
        ),
        (
            '<table bgcolor="#000000"><tr><td>甲<font color="black">WM</font>乙。</td></tr></table>',
            "甲乙。",
        ),
        # The element's own background counts too.
        ('<p>甲<span style="color:#00f;background:blue">WM</span>乙。</p>', "甲乙。"),
        # A translucent white over white is still white.
        ('<p>甲<span style="color:rgba(255,255,255,0.5)">WM</span>乙。</p>', "甲乙。"),
    ],
)
def test_text_coloured_like_its_background(content: str, expected: str) -> None:
    assert clean_page(page(content)) == [expected]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('<p style="background:#333;color:#fff">白字在深色底上。</p>', "白字在深色底上。"),
        ('<p style="color:#eee">浅灰字仍然可读。</p>', "浅灰字仍然可读。"),
        ('<p style="color:#333">深灰字。</p>', "深灰字。"),
        (
            '<div style="background:#000"><p>没有声明颜色的字按可见处理。</p></div>',
            "没有声明颜色的字按可见处理。",
        ),
        ('<p style="font-size:1px">极小但不为零的字。</p>', "极小但不为零的字。"),
        ('<p style="opacity:0.5">半透明。</p>', "半透明。"),
        ('<p hidden style="display:block">作者样式覆盖属性。</p>', "作者样式覆盖属性。"),
        ('<p style="display:none;display:block">后一条声明生效。</p>', "后一条声明生效。"),
    ],
)
def test_visible_text_stays(content: str, expected: str) -> None:
    assert clean_page(page(content)) == [expected]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '<p>甲<span style="visibility:hidden">WM<b style="visibility:visible">乙</b></span>。</p>',
            "甲乙。",
        ),
        (
            '<p>甲<span style="font-size:0">WM<b style="font-size:14px">乙</b></span>。</p>',
            "甲乙。",
        ),
        (
            '<p>甲<span style="font-size:0">WM<b style="font-size:2em">WM</b></span>乙。</p>',
            "甲乙。",
        ),
        ('<p>甲<span style="color:#fff">WM<b style="color:#000">乙</b></span>。</p>', "甲乙。"),
        # The tail after a hidden element is its parent's text, shown.
        ('<p>甲<span style="display:none">WM</span>乙。</p>', "甲乙。"),
        # The tail inside a hidden parent is hidden with it.
        ('<p>甲<span style="visibility:hidden"><b>WM</b>WM</span>乙。</p>', "甲乙。"),
    ],
)
def test_children_override_what_they_can(content: str, expected: str) -> None:
    assert clean_page(page(content)) == [expected]


STYLE = """<style type="text/css">
<!--
.wm { display: none }
span.tm { font-size: 0 }
#x1 { visibility: hidden; }
p#x2 { display:none }
a.x, .yy { color: #fff }
.a.b { display: none }
@media screen { .scr { display: none } }
@import url(print.css); .imp { display: none }
.content .note { display: none }
.cp:hover { display: none }
div > .child { display: none }
[title] { display: none }
.imp2 { display: none !important }
.weak { display: none }
-->
</style>"""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('<p>甲<span class="wm">WM</span>乙。</p>', "甲乙。"),
        ('<p>甲<span class="tm">WM</span>乙。</p>', "甲乙。"),
        ('<p>甲<b class="tm">显示</b>乙。</p>', "甲显示乙。"),  # span.tm only
        ('<p>甲<span id="x1">WM</span>乙。</p>', "甲乙。"),
        ('<p>甲<span id="x2">显示</span>乙。</p>', "甲显示乙。"),  # p#x2 only
        ('<p>甲<a class="x" href="/">WM</a>乙。</p>', "甲乙。"),
        ('<p>甲<b class="other yy">WM</b>乙。</p>', "甲乙。"),
        ('<p>甲<b class="b a">WM</b>乙。</p>', "甲乙。"),
        ('<p>甲<b class="a">显示</b>乙。</p>', "甲显示乙。"),
        ('<p>甲<b class="scr">WM</b>乙。</p>', "甲乙。"),
        ('<p>甲<b class="imp">WM</b>乙。</p>', "甲乙。"),
        ('<p>甲<b class="imp2" style="display:inline">WM</b>乙。</p>', "甲乙。"),
        ('<p>甲<b class="weak" style="display:inline">显示</b>乙。</p>', "甲显示乙。"),
        # Complex selectors are ignored: the text stays.
        ('<p class="note">备注。</p>', "备注。"),
        ('<p class="cp">悬停。</p>', "悬停。"),
        ('<div><p class="child">子元素。</p></div>', "子元素。"),
        ('<p title="t">属性。</p>', "属性。"),
    ],
)
def test_page_stylesheet_rules(content: str, expected: str) -> None:
    assert clean_page(page(content, head=STYLE)) == [expected]


def test_style_block_inside_the_content_applies() -> None:
    content = '<style>.wm{display:none}</style><p>甲<span class="wm">WM</span>乙。</p>'
    assert clean_page(page(content)) == ["甲乙。"]


def test_ancestor_outside_the_content_block_counts() -> None:
    html = (
        "<html><body style='background:#ffffe0'><div class='article' style='background:#000'>"
        "<div class='content'><p>甲<span style='color:black'>WM</span>乙。</p></div>"
        "</div></body></html>"
    )
    assert clean_page(html) == ["甲乙。"]


def test_hidden_content_block_has_no_text() -> None:
    html = (
        "<html><body><div style='display:none'>"
        "<div class='content'><p>WM</p></div></div></body></html>"
    )
    assert clean_page(html) == []
