"""Parsing a page once, and finding its essay block and the chrome inside it.

The profile's selectors are CSS; each is translated to a compiled XPath once
per process, not once per page.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cssselect import HTMLTranslator, parse
from lxml import etree

from crawler.text.media import media_holds
from crawler.text.nesting import flatten_deep_nesting

# Pages reach us decoded (PageSnapshot.html is text) but still carry their
# <meta charset=gb2312>: the parser is told the bytes it gets are UTF-8, so
# the meta tag cannot make it decode them a second time. huge_tree lifts
# libxml2's nesting limit from 256 to 2048: converted pages pile up unclosed
# <font> tags, and past the limit libxml2 drops the rest of the page.
# Deeper pages are flattened and parsed again (nesting.py).
_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
)
_PARSER_MAX_DEPTH = 2048
_STYLE_ELEMENTS = etree.XPath("//style")
_TRANSLATOR = HTMLTranslator()


def parse_page(html: str) -> Any | None:
    """The page's root element, or None when there is no document at all."""
    if not html or html.isspace():
        return None
    root = _parse(html)
    # Fewer tags than the limit cannot nest past it: most pages stop here.
    if html.count("<") > _PARSER_MAX_DEPTH and _stopped_at_depth_limit():
        root = _parse(flatten_deep_nesting(html))
    return root


def _parse(html: str) -> Any | None:
    # A lone surrogate cannot be encoded, and is not text anyway.
    data = html.encode("utf-8", "ignore")
    try:
        return etree.fromstring(data, _PARSER)
    except (etree.LxmlError, ValueError):
        return None


def _stopped_at_depth_limit() -> bool:
    """Whether the last parse ended at libxml2's nesting limit (a fatal error, so the last)."""
    error = _PARSER.error_log.last_error
    return error is not None and error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT


@lru_cache(maxsize=64)
def _alternatives(css: str) -> tuple[Any, ...]:
    """One compiled XPath per selector of a selector list, in the list's order."""
    return tuple(
        etree.XPath(_TRANSLATOR.selector_to_xpath(selector, prefix="descendant-or-self::"))
        for selector in parse(css)
    )


@lru_cache(maxsize=64)
def _descendants_matching(selectors: tuple[str, ...]) -> Any | None:
    """One compiled XPath for the descendants that match any of the selectors."""
    parts = [
        _TRANSLATOR.selector_to_xpath(selector, prefix="descendant::")
        for css in selectors
        for selector in parse(css)
    ]
    return etree.XPath(" | ".join(parts)) if parts else None


def find_first(root: Any, css: str) -> Any | None:
    """The first element matched by the earliest selector of the list that matches.

    ``div.article div.content, div#content, div.content`` is an order of
    preference, not a union: the article's own block wins over any other.
    """
    for xpath in _alternatives(css):
        found = xpath(root)
        if found:
            return found[0]
    return None


def find_inside(element: Any, selectors: Sequence[str]) -> set[Any]:
    """The elements under ``element`` that any of the selectors matches."""
    xpath = _descendants_matching(tuple(selectors))
    return set(xpath(element)) if xpath is not None else set()


def style_blocks(root: Any) -> list[str]:
    """The text of every <style> block of the page, head and body alike.

    A block whose ``media`` attribute does not hold on a desktop screen
    (``<style media="print">``) is left out, as a browser leaves it out.
    """
    return [
        style.text
        for style in _STYLE_ELEMENTS(root)
        if style.text and media_holds(style.get("media", ""))
    ]
