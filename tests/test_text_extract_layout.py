"""The essay as a browser lays it out: lines end at block boxes (by tag or by CSS
display) and at the newlines of preformatted text; the essay goes on past a
content block closed early or split around an ad; a pager of the essay's own
pages is navigation, never text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.text import clean_page


def page(content: str, style: str = "") -> str:
    return (
        f"<html><head><style>{style}</style></head><body><div class='article'><h1>标题</h1>"
        f"<div class='content' id='content'>{content}</div>"
        "<div class='related'><ul><li>标题</li></ul></div></div></body></html>"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "<pre>　　第一段在pre里面。\n　　第二段在pre里面。\n\n　　第三段。</pre>",
            ["第一段在pre里面。", "第二段在pre里面。", "第三段。"],
        ),
        # Inside the <pre>, in a child's text and in a tail alike.
        (
            "<pre><span>第一段。\n第二段</span>还是第二段。\n第三段。</pre>",
            ["第一段。", "第二段还是第二段。", "第三段。"],
        ),
        ("<pre><b>一、总体情况</b>\n　　全年完成任务。</pre>", ["一、总体情况", "全年完成任务。"]),
    ],
)
def test_newlines_of_preformatted_text_end_lines(content: str, expected: list[str]) -> None:
    assert clean_page(page(content)) == expected


@pytest.mark.parametrize(
    ("content", "style"),
    [
        ("<div style='white-space:pre-wrap'>　　第一段。\n　　第二段。</div>", ""),
        ("<div style='white-space: pre-line'>　　第一段。\n　　第二段。</div>", ""),
        ("<div style='white-space:pre'><span>第一段。\n</span>第二段。</div>", ""),
        ("<div style='white-space:break-spaces'>第一段。\n第二段。</div>", ""),
        ("<div class='txt'>第一段。\n第二段。</div>", ".txt{white-space:pre-wrap}"),
        ("<p>第一段。\n第二段。</p>", "#content p{white-space:pre-line}"),
    ],
)
def test_newlines_that_css_keeps_end_lines(content: str, style: str) -> None:
    assert clean_page(page(content, style)) == ["第一段。", "第二段。"]


@pytest.mark.parametrize(
    ("content", "style"),
    [
        # white-space that folds newlines, set on a <pre> or under a preformatted parent.
        ("<pre style='white-space:normal'>第一句，\n接着写。</pre>", ""),
        (
            "<div style='white-space:pre-wrap'><span class='n'>第一句，\n接着写。</span></div>",
            ".n{white-space:nowrap}",
        ),
    ],
)
def test_newlines_that_css_folds_stay_in_the_line(content: str, style: str) -> None:
    assert clean_page(page(content, style)) == ["第一句， 接着写。"]


@pytest.mark.parametrize(
    "display",
    ["block", "list-item", "flex", "grid", "table-row", "table-cell", "flow-root", "block flow"],
)
def test_an_inline_element_styled_as_a_block_ends_lines(display: str) -> None:
    content = (
        f"<span style='display:{display}'>　　第一段。</span>"
        f"<span style='display:{display}'>　　第二段。</span>"
    )
    assert clean_page(page(content)) == ["第一段。", "第二段。"]


@pytest.mark.parametrize(
    ("style", "content"),
    [
        (
            ".para{display:block}",
            "<font class='para'>第一段。</font><font class='para'>第二段。</font>",
        ),
        ("#content span{display:block}", "<span>第一段。</span><span>第二段。</span>"),
        ("a{display:block}", "<a href='http://www.gov.cn/1.htm'>第一段。</a>第二段。"),
    ],
)
def test_a_page_rule_that_makes_a_block_ends_lines(style: str, content: str) -> None:
    assert clean_page(page(content, style)) == ["第一段。", "第二段。"]


@pytest.mark.parametrize(
    ("content", "style", "expected"),
    [
        # Inline boxes stay in the line.
        (
            "<span style='display:inline-block'>第一句，</span><span style='display:inline'>接着写。</span>",
            "",
            ["第一句，接着写。"],
        ),
        ("<span style='display:inline flex'>第一句，</span>接着写。", "", ["第一句，接着写。"]),
        ("<span style='display:contents'>第一句，</span>接着写。", "", ["第一句，接着写。"]),
        # A rule for other elements, or a newline outside preformatted text.
        ("<span>第一句，</span>接着写。", ".para{display:block}", ["第一句，接着写。"]),
        ("<p>第一句，\n接着写。</p>", "", ["第一句， 接着写。"]),
        # A block tag set inline still ends its lines; the paragraph rules join
        # what is one sentence.
        (
            "<p style='display:inline'>截止2009年10月，开发区已有入园企业355家，累计合同外资和</p>"
            "<p style='display:inline'>实到外资分别为8.3亿美元。</p>",
            "",
            ["截止2009年10月，开发区已有入园企业355家，累计合同外资和实到外资分别为8.3亿美元。"],
        ),
    ],
)
def test_what_the_browser_keeps_in_one_line_stays_one(
    content: str, style: str, expected: list[str]
) -> None:
    assert clean_page(page(content, style)) == expected


def test_a_hidden_block_styled_element_still_hides() -> None:
    content = "<p>正文<span style='display:none'>人人范文网</span>继续。</p>"
    assert clean_page(page(content)) == ["正文继续。"]


SENTENCES = st.lists(
    st.text(alphabet="党建工作开发区企业发展调研报告学习心得体会", min_size=4, max_size=30).map(
        lambda text: text + "。"
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(SENTENCES, st.sampled_from(["\n", "\n\n", "\n　　", " \n "]))
def test_every_line_of_a_pre_is_a_paragraph(sentences: list[str], newline: str) -> None:
    assert clean_page(page("<pre>" + newline.join(sentences) + "</pre>")) == sentences


@settings(max_examples=60, deadline=None)
@given(
    SENTENCES,
    st.sampled_from(["span", "font", "em", "a href='#n1'"]),
    st.sampled_from(["block", "list-item", "flex", "table-row"]),
)
def test_every_element_styled_as_a_block_is_a_paragraph(
    sentences: list[str], tag: str, display: str
) -> None:
    name = tag.split()[0]
    content = "".join(f"<{tag} style='display:{display}'>{text}</{name}>" for text in sentences)
    assert clean_page(page(content)) == sentences


ESSAY = ["开发区党委始终坚持党建引领。", "累计入园企业355家。"]
HREFS = st.sampled_from(
    [
        "7{}.html",
        "/dangjian/7{}.html",
        "http://www.renrenfanwen.com/dangjian/7{}.html",
    ]
)


@st.composite
def pagers(draw: st.DrawFn) -> str:
    """A pager of essay 7: its pages' numbers, optionally bracketed, with pager words."""
    href = draw(HREFS)
    total = draw(st.integers(min_value=2, max_value=12))
    current = draw(st.integers(min_value=1, max_value=total))
    opening, closing = draw(st.sampled_from([("", ""), ("[", "]"), ("【", "】"), ("第", "页")]))
    separator = draw(st.sampled_from([" ", " | ", "&nbsp;", "、", " - ", ""]))

    def link(number: int, text: str) -> str:
        return f"<a href='{href.format('' if number == 1 else f'_{number}')}'>{text}</a>"

    items = [
        f"<span>{opening}{number}{closing}</span>"
        if number == current
        else link(number, f"{opening}{number}{closing}")
        for number in range(1, total + 1)
    ]
    if draw(st.booleans()) and current > 1:
        items.insert(0, link(current - 1, draw(st.sampled_from(["上一页", "上页", "«"]))))
    if draw(st.booleans()) and current < total:
        items.append(link(current + 1, draw(st.sampled_from(["下一页", "下页", "»", "尾页"]))))
    prefix = draw(st.sampled_from(["", "页码：", "页码: "]))
    tag = draw(st.sampled_from(["p", "div", "center", "p align='center'"]))
    return f"<{tag}>{prefix}{separator.join(items)}</{tag.split()[0]}>"


@settings(max_examples=100, deadline=None)
@given(pagers())
def test_a_pager_of_the_essays_own_pages_is_never_text(pager: str) -> None:
    content = "".join(f"<p>{text}</p>" for text in ESSAY) + pager
    assert clean_page(page(content)) == ESSAY


@settings(max_examples=60, deadline=None)
@given(
    SENTENCES,
    st.integers(min_value=0),
    st.sampled_from(
        [
            "</div>",
            "</div><script>showAd();</script>",
            "</div><div class='ad'>广告</div><div class='content'>",
            "</div><div class='banner'>赞助商</div><div class='content' id='content2'>",
        ]
    ),
)
def test_the_essay_goes_on_past_a_block_closed_early_or_split(
    sentences: list[str], at: int, cut: str
) -> None:
    paragraphs = [f"<p>　　{text}</p>" for text in sentences]
    at %= len(paragraphs) + 1
    content = "".join(paragraphs[:at]) + cut + "".join(paragraphs[at:])
    assert clean_page(page(content)) == sentences
