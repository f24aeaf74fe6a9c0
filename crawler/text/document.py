"""Parsing a page once, and finding its essay block and the chrome inside it.

The profile's selectors are CSS; each is translated to a compiled XPath once
per process, not once per page.

The essay is its content block and what follows it in the same article
container (:func:`essay_parts`). A stray ``</div>`` in the body makes the
parser close the block early, and the rest of the essay lands after it, as
the block's later siblings; a block split around an ad leaves two content
blocks side by side. A browser shows all of it. So the essay runs from the
first content block through the last of its siblings that the same
selector matches, and on after that up to the template's next region: an
element that is chrome (the pager, the related list, the download box: the
profile's ``content_chrome``), a layout container that carries a class or
an id (``div.prenext``, ``ul.xglist``, ``div.comment``: what the template
puts there; the author's paragraphs are bare markup), or a sectioning
element of the page (``nav``, ``aside``, ``footer``...). A region that
shows no text (a script, an empty ad slot, a ``div.clear``) does not end
it. Between two content blocks such regions are passed over, not read: the
ad the block was split around. A block placed right in the page's
``<body>`` has no article container: it is read alone, as what follows it
there is the page's footer, whatever its markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from cssselect import HTMLTranslator, parse
from lxml import etree

from crawler.text.hidden import NOT_RENDERED
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
# The page itself: a block placed right in it has no article container.
PAGE_TAGS = frozenset({"body", "html"})
# Layout containers: one that carries a class or an id is a region of the
# page's template, not a paragraph of the author's.
LAYOUT_TAGS = frozenset(
    {"div", "section", "article", "ul", "ol", "dl", "table", "form", "nav", "aside", "header",
     "footer"}
)  # fmt: skip
# Elements that are the page's chrome by their tag alone.
SECTIONING_TAGS = frozenset({"nav", "aside", "header", "footer", "form"})


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
    found = _first_matches(root, css)
    return found[0] if found else None


def _first_matches(root: Any, css: str) -> list[Any]:
    """Every element matched by the earliest selector of the list that matches, in
    document order (:func:`find_first`)."""
    for xpath in _alternatives(css):
        found: list[Any] = xpath(root)
        if found:
            return found
    return []


class EssayParts(NamedTuple):
    """Where a page's essay is (the module's docstring)."""

    parts: list[Any]  # sibling elements, in order: the content block first
    chrome: set[Any]  # the chrome among and inside them, not read
    tails: bool  # whether the text that follows each part in its container is the essay's


def essay_parts(root: Any, content: str, chrome_selectors: Sequence[str]) -> EssayParts | None:
    """The essay's parts (the module's docstring); None when the page has no content block."""
    blocks = _first_matches(root, content)
    if not blocks:
        return None
    first = blocks[0]
    container = first.getparent()
    if container is None or container.tag in PAGE_TAGS:
        return EssayParts([first], find_inside(first, chrome_selectors), tails=False)
    later: Iterable[Any] = (
        sibling for sibling in first.itersiblings() if isinstance(sibling.tag, str)
    )
    more = {block for block in blocks[1:] if block.getparent() is container}
    if more:
        later = list(later)
        last_block = max(index for index, sibling in enumerate(later) if sibling in more)
    else:
        last_block = -1
    parts = [first]
    passed_over: list[Any] = []
    # The container's chrome, found only when a sibling that is no region needs
    # it: on most pages the first sibling is a region (the pager, the related list).
    container_chrome: set[Any] | None = None
    for index, sibling in enumerate(later):
        if sibling not in more:
            if _template_region(sibling):
                region = True
            else:
                if container_chrome is None:
                    container_chrome = find_inside(container, chrome_selectors)
                region = sibling in container_chrome
            if region and _shows_text(sibling):
                if index > last_block:
                    break
                passed_over.append(sibling)  # the ad between two parts of the block
        parts.append(sibling)
    if len(parts) == 1:
        chrome = find_inside(first, chrome_selectors)
    else:
        chrome = container_chrome or find_inside(container, chrome_selectors)
        chrome.difference_update(blocks)
        chrome.update(passed_over)
    return EssayParts(parts, chrome, tails=True)


def _template_region(element: Any) -> bool:
    """Whether an element is a region of the page's template by its markup: a
    sectioning element, or a layout container with a class or an id."""
    tag = element.tag
    return tag in SECTIONING_TAGS or (
        tag in LAYOUT_TAGS and bool(element.get("class") or element.get("id"))
    )


def _shows_text(element: Any) -> bool:
    """Whether an element holds text a browser renders (not a script's, a style's...)."""
    stack = [element]
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str) or node.tag in NOT_RENDERED:
            continue
        if node.text and not node.text.isspace():
            return True
        for child in node:
            if child.tail and not child.tail.isspace():
                return True
            stack.append(child)
    return False


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
