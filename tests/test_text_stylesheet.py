"""The page's own <style> rules: compounds and their descendant and child combinators."""

from __future__ import annotations

import time
from typing import Any

import pytest
from lxml import etree

from crawler.text.media import media_holds
from crawler.text.stylesheet import MAYBE_BACKGROUND, StyleSheet, parse_declarations


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


@pytest.mark.parametrize(
    ("query", "holds"),
    [
        ("", True),
        ("all", True),
        ("screen", True),
        ("SCREEN", True),
        ("only screen", True),
        ("print", False),
        ("speech", False),
        ("tv", False),
        ("not print", True),
        ("not screen", False),
        ("print, screen", True),
        ("print, speech", False),
        ("screen and (max-width:320px)", False),
        ("screen and (max-width: 1280px)", True),
        ("(min-width:768px)", True),
        ("(max-width:600px)", False),
        ("(min-width: 80em)", True),  # 1280px
        ("(min-width: 81em)", False),
        ("(max-width:50rem)", False),
        ("(width:1280px)", True),
        ("(min-height:900px)", False),
        ("(max-height:800px)", True),
        ("only screen and (max-device-width:480px)", False),
        ("(orientation:landscape)", True),
        ("(orientation: portrait)", False),
        ("screen and (min-width:768px) and (max-width:1024px)", False),
        ("screen and (min-width:768px) and (max-width:1440px)", True),
        ("not screen and (max-width:320px)", True),
        ("not all and (orientation:portrait)", True),
        ("(max-width:600px), print", False),
        ("(max-width:600px), (min-width:1000px)", True),
        # Conditions it cannot evaluate: the query does not hold, negated or not.
        ("(prefers-color-scheme:dark)", False),
        ("not (prefers-color-scheme:dark)", False),
        ("screen and (min-resolution:2dppx)", False),
        ("(min-width:50vw)", False),
        ("(width >= 600px)", False),
        ("(max-width:600px) or (min-width:700px)", False),
        ("foo", False),
        ("not foo", False),
        ("(min-width:100px) and screen", False),  # a type comes first
        ("screen,", True),
    ],
)
def test_media_query_on_a_desktop_screen(query: str, holds: bool) -> None:
    assert media_holds(query) is holds


@pytest.mark.parametrize(
    ("css", "selected"),
    [
        ("@media print{.d{display:none}}", False),
        ("@media speech{.d{display:none}}", False),
        ("@media screen and (max-width:320px){.d{display:none}}", False),
        ("@media (max-width:600px){.d{display:none}}", False),
        ("@media(min-width:768px){.d{display:none}}", True),
        ("@media all{.d{display:none}}", True),
        ("@media print{.x{color:red}} .d{display:none}", True),  # after the block
        ("@media screen{@media print{.d{display:none}}}", False),
        ("@media screen{@media (min-width:768px){.d{display:none}}}", True),
        ("@supports (display:grid){.d{display:none}}", False),
        ("@media screen{@supports (display:grid){.d{display:none}}}", False),
        ("@font-face{font-family:x;src:url(x.woff)} .d{display:none}", True),
        ("@keyframes k{from{opacity:0}to{opacity:1}} .d{opacity:0}", True),
        ("@import url(x.css) print; .d{display:none}", True),
        # CSS nesting is not modelled: the nested rule does not apply to every .d.
        (".c{color:red; .d{display:none}}", False),
        # An unclosed block runs to the end of the sheet.
        ("@media print{.d{display:none}", False),
    ],
)
def test_at_rules(css: str, selected: bool) -> None:
    sheet = StyleSheet.from_css([css])
    assert bool(sheet.rules_for(element("i", None, {"d"}))) is selected


@pytest.mark.parametrize(
    ("css", "declarations"),
    [
        # A pseudo-class that can hold on a page at rest: the background may be there.
        (".d:first-child{background:#c00;color:#fff}", ((MAYBE_BACKGROUND, "#c00", False),)),
        ("i:nth-child(2n + 1){background-color:#eee}", ((MAYBE_BACKGROUND, "#eee", False),)),
        (":first-child{background:url(x.png)}", ((MAYBE_BACKGROUND, "url(x.png)", False),)),
        (
            ".d:not(.x){background-image:linear-gradient(#c00,#900)}",
            ((MAYBE_BACKGROUND, "linear-gradient(#c00,#900)", False),),
        ),
        # What it hides stays ignored, and so do states a reader at rest never sees.
        (".d:first-child{display:none}", ()),
        (".d:hover{background:#c00}", ()),
        ("i:first-child:hover{background:#c00}", ()),
        (".d::before{background:#c00}", ()),
    ],
)
def test_pseudo_class_backgrounds(css: str, declarations: tuple[object, ...]) -> None:
    sheet = StyleSheet.from_css([css])
    rules = sheet.rules_for(element("i", None, {"d"}))
    assert tuple(d for rule in rules for d in rule.declarations) == declarations


def test_deeply_nested_media_blocks_are_skipped_not_recursed() -> None:
    css = "@media screen{" * 5000 + ".d{display:none}" + "}" * 5000
    assert StyleSheet.from_css([css]).rules_for(element("i", None, {"d"})) == []
