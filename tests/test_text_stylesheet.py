"""The page's own <style> rules: compounds and their descendant and child combinators."""

from __future__ import annotations

import time
from typing import Any

import pytest
from lxml import etree

from crawler.text.stylesheet import StyleSheet, parse_declarations


def test_parse_declarations_keeps_relevant_ones_in_order() -> None:
    assert parse_declarations("COLOR: #FFF; margin:0; display : none !important;font-size:0") == (
        ("color", "#fff", False),
        ("display", "none", True),
        ("font-size", "0", False),
    )


def element(tag: str, element_id: str | None, classes: set[str], ancestors: str = "") -> Any:
    """The element, inside ``ancestors`` (markup whose innermost element holds "{}")."""
    attributes = f' id="{element_id}"' if element_id else ""
    attributes += f' class="{" ".join(sorted(classes))}"' if classes else ""
    markup = f'<{tag}{attributes} data-target="1"></{tag}>'
    html = f"<html><body>{(ancestors or '{}').format(markup)}</body></html>"
    root = etree.fromstring(html, etree.HTMLParser(huge_tree=True))
    return root.xpath("//*[@data-target]")[0]


@pytest.mark.parametrize(
    ("css", "tag", "element_id", "classes", "selected"),
    [
        (".wm{display:none}", "span", None, {"wm"}, True),
        (".wm{display:none}", "span", None, {"other"}, False),
        ("#y{display:none}", "p", "y", set(), True),
        ("span.x{display:none}", "span", None, {"x", "z"}, True),
        ("span.x{display:none}", "b", None, {"x"}, False),
        ("p#y{display:none}", "p", "y", set(), True),
        ("p#y{display:none}", "div", "y", set(), False),
        ("a, .b{color:#fff}", "a", None, set(), True),
        ("a, .b{color:#fff}", "i", None, {"b"}, True),
        (".a.b{display:none}", "i", None, {"a"}, False),
        ("*{color:#fff}", "i", None, set(), True),
        (".c .d{display:none}", "i", None, {"c", "d"}, False),  # no .c ancestor
        ("div>.d{display:none}", "i", None, {"d"}, False),  # the parent is a body
        (".d:hover{display:none}", "i", None, {"d"}, False),
        ("[title]{display:none}", "i", None, set(), False),
        (".d{margin:0}", "i", None, {"d"}, False),  # nothing that hides
        ("/* .d{display:none} */", "i", None, {"d"}, False),
        ("@media screen{.d{display:none}}", "i", None, {"d"}, True),
    ],
)
def test_rule_selection(
    css: str, tag: str, element_id: str | None, classes: set[str], selected: bool
) -> None:
    sheet = StyleSheet.from_css([css])
    assert bool(sheet.rules_for(element(tag, element_id, classes))) is selected


@pytest.mark.parametrize(
    ("css", "ancestors", "selected"),
    [
        (".c .d{display:none}", '<div class="c"><p>{}</p></div>', True),
        (".c .d{display:none}", '<div class="x"><p>{}</p></div>', False),
        (".c > .d{display:none}", '<div class="c">{}</div>', True),
        (".c>.d{display:none}", '<div class="c"><p>{}</p></div>', False),
        ("div p .d{display:none}", "<div><p>{}</p></div>", True),
        ("p div .d{display:none}", "<div><p>{}</p></div>", False),  # order matters
        ("#w .c > p > .d{color:#fff}", '<div id="w"><div class="c"><p>{}</p></div></div>', True),
        (".c + .d{display:none}", '<div class="c"></div>{}', False),  # siblings: ignored
        (".c ~ .d{display:none}", '<div class="c"></div>{}', False),
        (".c [title] .d{display:none}", '<div class="c"><p title="t">{}</p></div>', False),
        (".c > {display:none}", '<div class="c">{}</div>', False),
    ],
)
def test_combinators_match_the_ancestors(css: str, ancestors: str, selected: bool) -> None:
    sheet = StyleSheet.from_css([css])
    assert bool(sheet.rules_for(element("i", None, {"d"}, ancestors))) is selected


def test_specificity_adds_up_over_the_compounds() -> None:
    sheet = StyleSheet.from_css(["#w .c > p i.d{color:#fff}"])
    (rule,) = sheet.rules_for(
        element("i", None, {"d"}, '<div id="w"><div class="c"><p>{}</p></div></div>')
    )
    assert rule.specificity == (1, 2, 2)


def test_deep_nesting_is_matched_in_linear_time() -> None:
    # 1000 ancestors, none a .z: without remembering what failed, backtracking
    # over the .a and .b candidates would try some 10**8 combinations.
    sheet = StyleSheet.from_css([".z .b .a .d{display:none}"])
    target = element("i", None, {"d"}, '<div class="a b">' * 1000 + "{}" + "</div>" * 1000)
    started = time.perf_counter()
    assert sheet.rules_for(target) == []
    assert time.perf_counter() - started < 2


def test_empty_sheet_is_false() -> None:
    assert not StyleSheet.from_css(["", "p{margin:0}", "garbage {{{"])
