"""The visible lines of an essay block, in one pass over its elements.

A line ends wherever the browser would start a new one: at ``<br>`` and at
the edges of block elements (``<p>``, ``<div>``, ``<li>``, ...). Text placed
directly in the block is a line like any other. Lines come out raw: spacing
and empty lines are the paragraph rules' business (paragraphs.py).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from lxml import etree

from crawler.text.hidden import PAGE, RenderState, descend
from crawler.text.stylesheet import StyleSheet

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "main",
        "center",
        "pre",
        "address",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "details",
        "summary",
    }
)


def _state_above(block: Any, sheet: StyleSheet) -> RenderState | None:
    """The render state the block inherits from its ancestors (their backgrounds...)."""
    state = PAGE
    for ancestor in reversed(list(block.iterancestors())):
        inner = descend(state, ancestor, sheet)
        if inner is None:
            return None
        state = inner
    return state


def visible_lines(block: Any, chrome: Collection[Any], sheet: StyleSheet) -> list[str]:
    """The text lines of ``block`` a reader sees, skipping ``chrome`` and hidden text."""
    above = _state_above(block, sheet)
    if above is None:
        return []
    lines: list[str] = []
    pieces: list[str] = []
    # The state of each open element; None for a skipped one (hidden or chrome).
    states: list[RenderState | None] = []
    walker = etree.iterwalk(block, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            parent = states[-1] if states else above
            state: RenderState | None = None
            if not isinstance(tag, str):  # a comment or processing instruction
                pass
            elif element in chrome:
                # Chrome was on screen: a block of it still separates lines.
                if tag in BLOCK_TAGS and pieces:
                    lines.append("".join(pieces))
                    pieces.clear()
            elif parent is not None:
                state = descend(parent, element, sheet)
            states.append(state)
            if state is None:
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS and pieces:
                lines.append("".join(pieces))
                pieces.clear()
            if element.text and state.shows_text:
                pieces.append(element.text)
        else:
            state = states.pop()
            if element is block:
                break
            if state is not None and tag in BLOCK_TAGS and pieces:
                lines.append("".join(pieces))
                pieces.clear()
            # The tail is the parent's text, shown or hidden as the parent's is.
            parent = states[-1] if states else above
            if element.tail and parent is not None and parent.shows_text:
                pieces.append(element.tail)
    if pieces:
        lines.append("".join(pieces))
    return lines
