"""Markup nested past libxml2's limit: the essay comes out whole, hidden text stays hidden."""

from __future__ import annotations

import pytest

from crawler.text import clean_page
from crawler.text.nesting import flatten_deep_nesting

LEVELS = 100_000


def page(content: str) -> str:
    return f"<html><body><div class='content'>{content}</div><p>页脚</p></body></html>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<div><div><div>a</div>b</div></div>", "<div><div><br>a<br>b</div></div>"),
        ("<span><span><span>a</span></span></span>", "<span><span>a</span></span>"),
        ('<div><div><div class="x">a</div></div></div>', '<div><div><div class="x">a</div></div></div>'),
        ("<div><br><img src=x><div><div>a</div></div></div>", "<div><br><img src=x><div><br>a<br></div></div>"),
        ("<div><div><script>'<div><div>'</script></div></div>", "<div><div><script>'<div><div>'</script></div></div>"),
        ("<div><div><div>a</p></div></div></div>", "<div><div><br>a</p><br></div></div>"),
        ("<p>plain</p>", "<p>plain</p>"),
    ],
)  # fmt: skip
def test_bare_elements_past_the_depth_are_unwrapped(html: str, expected: str) -> None:
    assert flatten_deep_nesting(html, max_depth=2) == expected


def test_empty_nesting_inside_the_essay_costs_no_paragraph() -> None:
    html = page("<p>第一段。</p>" + "<div>" * LEVELS + "</div>" * LEVELS + "<p>第二段。</p>")
    assert clean_page(html) == ["第一段。", "第二段。"]


def test_text_at_every_level_comes_out_line_by_line() -> None:
    html = page("".join(f"<div>第{n}行。" for n in range(3000)) + "</div>" * 3000)
    assert clean_page(html) == [f"第{n}行。" for n in range(3000)]


def test_hidden_text_deep_inside_the_nesting_stays_hidden() -> None:
    hidden = '<span style="display:none">WATERMARK</span><font color="#fff">WM2</font>'
    html = page("<p>第一段。</p>" + "<div>" * LEVELS + hidden + "</div>" * LEVELS + "<p>尾。</p>")
    assert clean_page(html) == ["第一段。", "尾。"]


def test_a_hidden_block_wrapping_the_nesting_hides_all_of_it() -> None:
    html = page(
        "<p>第一段。</p><div style='display:none'>"
        + "<div>" * LEVELS
        + "WATERMARK"
        + "</div>" * LEVELS
        + "</div><p>尾。</p>"
    )
    assert clean_page(html) == ["第一段。", "尾。"]
