"""The page's own <style> rules: simple selectors only, relevant declarations only."""

from __future__ import annotations

import pytest

from crawler.text.stylesheet import StyleSheet, parse_declarations


def test_parse_declarations_keeps_relevant_ones_in_order() -> None:
    assert parse_declarations("COLOR: #FFF; margin:0; display : none !important;font-size:0") == (
        ("color", "#fff", False),
        ("display", "none", True),
        ("font-size", "0", False),
    )


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
        (".c .d{display:none}", "i", None, {"c", "d"}, False),
        ("div>.d{display:none}", "i", None, {"d"}, False),
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
    assert bool(sheet.rules_for(tag, element_id, frozenset(classes))) is selected


def test_empty_sheet_is_false() -> None:
    assert not StyleSheet.from_css(["", "p{margin:0}", "garbage {{{"])
