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
.a + .sib { display: none }
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
        # Descendant and child combinators are matched against the ancestors.
        ('<p>甲<span class="note">WM</span>乙。</p>', "甲乙。"),
        ('<div>甲<span class="child">WM</span>乙。</div>', "甲乙。"),
        ('<p>甲<b><span class="child">显示</span></b>乙。</p>', "甲显示乙。"),  # not div > .child
        # Attributes, pseudo-classes and sibling combinators are ignored: the text stays.
        ('<p class="cp">悬停。</p>', "悬停。"),
        ('<p title="t">属性。</p>', "属性。"),
        ('<p><b class="a">甲</b><b class="sib">乙</b>。</p>', "甲乙。"),
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


@pytest.mark.parametrize(
    ("css", "content", "expected"),
    [
        (".content .wm{display:none}", '<p>甲<span class="wm">WM</span>乙。</p>', "甲乙。"),
        (".content p font{display:none}", "<p>甲<font>WM</font>乙。</p>", "甲乙。"),
        (".content p font{display:none}", "<div>甲<font>显示</font>乙。</div>", "甲显示乙。"),
        (".other .wm{display:none}", '<p>甲<span class="wm">显示</span>乙。</p>', "甲显示乙。"),
        ("p > font{display:none}", "<p>甲<b><font>显示</font></b>乙。</p>", "甲显示乙。"),
        ("p > b font{display:none}", "<p>甲<b><i><font>WM</font></i></b>乙。</p>", "甲乙。"),
        # The b's parent is an i, not the p.
        (
            ".content p > b .wm{display:none}",
            '<p>甲<i><b><span><span class="wm">显示</span></span></b></i>乙。</p>',
            "甲显示乙。",
        ),
        # Backtracking: the nearest .a has no .b parent, a farther one does.
        (
            ".b > .a .wm{display:none}",
            '<div class="b"><p class="a">甲<span class="a"><span class="wm">WM</span></span>乙。'
            "</p></div>",
            "甲乙。",
        ),
        # Specificity adds up over the compounds: (0,1,1) beats (0,1,0).
        (
            ".content span{color:#fff} .x{color:#000}",
            '<p>甲<span class="x">WM</span>乙。</p>',
            "甲乙。",
        ),
        (
            ".x{color:#000} .content span{color:#fff} .content span.x{color:#000}",
            '<p>甲<span class="x">显示</span>乙。</p>',
            "甲显示乙。",
        ),
        # An ancestor outside the content block counts.
        ("body .wm{display:none}", '<p>甲<span class="wm">WM</span>乙。</p>', "甲乙。"),
    ],
)
def test_combinator_rules(css: str, content: str, expected: str) -> None:
    assert clean_page(page(content, head=f"<style>{css}</style>")) == [expected]


GEOMETRY_HIDERS = [
    "position:absolute;left:-9999px",
    "position:absolute;top:-9999px",
    "position:fixed;left:-999px",
    "position:relative;left:-9999em",
    "display:inline-block;width:0;height:0;overflow:hidden",
    "display:block;height:0;overflow:hidden",
    "display:block;width:0px;overflow:hidden",
    "display:block;height:0;overflow:hidden auto",
    "display:block;height:0;overflow-x:hidden",  # makes overflow-y auto
    "display:block;height:0;overflow:auto",
    "float:left;width:0;overflow:hidden",
    "position:absolute;clip:rect(0 0 0 0)",
    "position:absolute;clip:rect(1px, 1px, 1px, 1px)",
    "clip-path:inset(50%)",
    "clip-path:inset(0 50% 0 50%)",
    "clip-path:circle(0)",
    "display:block;max-height:0;overflow:hidden",
    "display:inline-block;transform:scale(0)",
    "display:inline-block;transform:translateX(2px) scaleY(0)",
    "display:block;transform:scale(0, 1)",
    "display:block;text-indent:-9999px",
    "display:block;text-indent:-9999em;overflow:hidden;height:0",
]


@pytest.mark.parametrize("style", GEOMETRY_HIDERS)
def test_geometry_that_shows_nothing(style: str) -> None:
    html = page(f'<div>开发区党委<span style="{style}">WM<b>WM</b></span>在谋篇布局。</div>')
    assert clean_page(html) == ["开发区党委在谋篇布局。"]


@pytest.mark.parametrize(
    "style",
    [
        "position:absolute;left:-10px",
        "position:static;left:-9999px",  # offsets move positioned boxes only
        "left:-9999px",
        "position:absolute;left:-50%",
        "width:0;height:0;overflow:hidden",  # an inline box takes no size
        "display:block;width:0",  # the text overflows, and shows
        "display:block;height:0;overflow-x:clip",  # clip leaves overflow-y visible
        "display:block;max-height:0",
        "display:block;max-height:0;overflow:visible",
        "clip:rect(0 0 0 0)",  # clip needs absolute positioning
        "position:absolute;clip:rect(0 10px 10px 0)",
        "position:absolute;clip:auto",
        "clip-path:inset(10%)",
        "clip-path:circle(50%)",
        "display:inline-block;transform:scale(1)",
        "transform:scale(0)",  # an inline box is not transformed
        "display:block;transform:rotate(0)",
        "display:block;text-indent:-2em",  # a hanging indent
        "text-indent:-9999px",  # inline: no indent
    ],
)
def test_geometry_that_still_shows(style: str) -> None:
    html = page(f'<div>开发区党委<span style="{style}">显示</span>在谋篇布局。</div>')
    # A span styled display:block is a line of its own, as a browser shows it (extract.py).
    if "display:block" in style:
        assert clean_page(html) == ["开发区党委", "显示", "在谋篇布局。"]
    else:
        assert clean_page(html) == ["开发区党委显示在谋篇布局。"]


def test_geometry_from_the_page_stylesheet() -> None:
    css = "<style>.off{position:absolute;left:-9999px} .content .box{height:0;overflow:hidden}</style>"
    content = '<p>甲<span class="off">WM</span>乙<div class="box">WM</div>丙。</p>'
    assert clean_page(page(content, head=css)) == ["甲乙", "丙。"]


ESSAY = "<p>　　今年以来，我们坚持以党建引领发展。</p><p>　　全年开展廉政教育12次。</p>"
ESSAY_TEXT = ["今年以来，我们坚持以党建引领发展。", "全年开展廉政教育12次。"]


@pytest.mark.parametrize(
    "css",
    [
        "@media print{body{display:none}}",
        "@media print{.content{display:none}}",
        "@media screen and (max-width:320px){.article{display:none}}",
        "@media only screen and (max-device-width:480px){.content p{display:none}}",
        "@media (max-width:600px){.content{visibility:hidden}}",
        "@media not screen{body{display:none}}",
        "@media (orientation:portrait){.content p{font-size:0}}",
        "@media print, speech{.content{display:none}}",
        "@media (prefers-color-scheme:dark){.content p{color:#fff}}",
        "@supports (display:grid){.content{display:none}}",
        "@media screen{@media print{body{display:none}}}",
    ],
)
def test_rules_that_do_not_hold_on_a_desktop_screen(css: str) -> None:
    assert clean_page(page(ESSAY, head=f"<style>{css}</style>")) == ESSAY_TEXT


@pytest.mark.parametrize(
    "css",
    [
        "@media screen{.wm{display:none}}",
        "@media (min-width:768px){.wm{display:none}}",
        "@media all and (orientation:landscape){.wm{display:none}}",
        "@media not print{.wm{display:none}}",
        "@media print, screen and (min-width:60em){.wm{display:none}}",
    ],
)
def test_rules_that_hold_on_a_desktop_screen(css: str) -> None:
    content = '<p>甲<span class="wm">WM</span>乙。</p>'
    assert clean_page(page(content, head=f"<style>{css}</style>")) == ["甲乙。"]


@pytest.mark.parametrize(
    ("media", "expected"),
    [
        ("print", ["甲WM乙。"]),
        ("screen and (max-width:480px)", ["甲WM乙。"]),
        ("screen", ["甲乙。"]),
        ("all", ["甲乙。"]),
        ("", ["甲乙。"]),
    ],
)
def test_style_element_media_attribute(media: str, expected: list[str]) -> None:
    head = f'<style media="{media}">.wm{{display:none}}</style>'
    assert clean_page(page('<p>甲<span class="wm">WM</span>乙。</p>', head=head)) == expected


@pytest.mark.parametrize(
    "style",
    [
        "background-image:linear-gradient(#c00,#900);color:#fff",
        "background:url(/images/titbg.png) no-repeat;color:#fff",
        "background:url(/images/white.png) no-repeat;color:white",
        "background:-webkit-linear-gradient(top,#fff,#c00);color:#fff",
        "background:radial-gradient(#fff,#00f);color:white",
        "background-image:url(t.png);background-color:transparent;color:#fff",
        # With a colour declared beside the image, the text is read on that colour.
        "background:url(/i/t.png) #c00;color:#fff",
    ],
)
def test_text_on_a_background_image_shows(style: str) -> None:
    content = f'<h3 style="{style}">一、总体情况</h3><p>　　今年以来成效明显。</p>'
    assert clean_page(page(content)) == ["一、总体情况", "今年以来成效明显。"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # Inside a box painted with an image, the colour under the text is unknown...
        (
            '<div style="background:url(bg.jpg)"><p>甲<span style="color:#fff">白</span>乙。</p></div>',
            "甲白乙。",
        ),
        (
            '<div style="background:url(bg.jpg)"><p>甲<span style="color:rgba(255,255,255,.5)">'
            "白</span>乙。</p></div>",
            "甲白乙。",
        ),
        # ... until a plain colour is painted over it, or a translucent one is.
        (
            '<div style="background:url(bg.jpg)"><p style="background:#fff">'
            '甲<span style="color:#fff">WM</span>乙。</p></div>',
            "甲乙。",
        ),
        (
            '<div style="background:url(bg.jpg)"><p style="background:rgba(255,255,255,.5)">'
            '甲<span style="color:#fff">白</span>乙。</p></div>',
            "甲白乙。",
        ),
        # A colour declared with the image is the colour the text is meant to be read on.
        (
            '<p>甲<span style="background:#fff url(/i/t.png);color:#fff">WM</span>乙。</p>',
            "甲乙。",
        ),
        (
            '<p>甲<span style="background-color:#fff;background-image:url(t.png);color:#fff">'
            "WM</span>乙。</p>",
            "甲乙。",
        ),
        # No image: plain colours decide, as before.
        ('<p>甲<span style="background-image:none;color:#fff">WM</span>乙。</p>', "甲乙。"),
        ('<p>甲<span style="background:none;color:#fff">WM</span>乙。</p>', "甲乙。"),
        ('<p>甲<span style="background:#fff;color:#fff">WM</span>乙。</p>', "甲乙。"),
        ('<p>甲<span style="background:#c00;color:#c00">WM</span>乙。</p>', "甲乙。"),
        ('<p>甲<span style="background:#c00;color:#fff">红底白字</span>乙。</p>', "甲红底白字乙。"),
    ],
)
def test_background_images_and_plain_colours(content: str, expected: str) -> None:
    assert clean_page(page(content)) == [expected]


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        # The heading may be the first child the rule paints red: white text on it shows.
        (".t{color:#fff} .content h3:first-child{background:#c00}", ["一、总体情况", "正文。"]),
        (".t{color:#fff} h3:nth-child(odd){background:url(bar.png)}", ["一、总体情况", "正文。"]),
        # A background like the one already there changes nothing.
        (".t{color:#fff} .content h3:first-child{background:#fff}", ["正文。"]),
        # Hover is not how the page reads: ignored, as before.
        (".t{color:#fff} .content h3:hover{background:#c00}", ["正文。"]),
        # Only a background: a pseudo-class rule still hides nothing.
        (".content h3:first-child{display:none}", ["一、总体情况", "正文。"]),
    ],
)
def test_backgrounds_from_pseudo_class_rules(css: str, expected: list[str]) -> None:
    content = '<h3 class="t">一、总体情况</h3><p>正文。</p>'
    assert clean_page(page(content, head=f"<style>{css}</style>")) == expected


@pytest.mark.parametrize(
    "content",
    [
        # Colour attributes are read by HTML's legacy rules: no "#" needed.
        '<p>甲<font color="ffffff">WM</font>乙。</p>',
        '<p>甲<font color="FFFFFF">WM</font>乙。</p>',
        '<p>甲<font color=" #fff ">WM</font>乙。</p>',
        '<table bgcolor="eeeeee"><tr><td>甲<font color="#eeeeee">WM</font>乙。</td></tr></table>',
        '<table><tr bgcolor="333333"><td>甲<font color="333333">WM</font>乙。</td></tr></table>',
        '<table><tr><td bgcolor="c00000">甲<font color="chucknorris">WM</font>乙。</td></tr></table>',
    ],
)
def test_legacy_colour_attributes_hide(content: str) -> None:
    assert clean_page(page(content)) == ["甲乙。"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('<p>甲<font color="333333">深灰字</font>乙。</p>', "甲深灰字乙。"),
        # "fff" without "#" is #0f0f0f, nearly black: visible on white.
        ('<p>甲<font color="fff">近黑字</font>乙。</p>', "甲近黑字乙。"),
        # "transparent" is no legacy colour: the attribute is ignored.
        ('<p>甲<font color="transparent">照常显示</font>乙。</p>', "甲照常显示乙。"),
        # A CSS colour in the style attribute outranks the attribute.
        ('<p>甲<font color="ffffff" style="color:#333">样式优先</font>乙。</p>', "甲样式优先乙。"),
        # bgcolor paints only where HTML renders it: a <div>'s is ignored.
        ('<div bgcolor="#000000"><p>甲<font color="black">黑字</font>乙。</p></div>', "甲黑字乙。"),
    ],
)
def test_legacy_colour_attributes_that_show(content: str, expected: str) -> None:
    assert clean_page(page(content)) == [expected]
