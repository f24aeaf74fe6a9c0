"""The visible lines of an essay block, in one pass over its elements.

A line ends wherever the browser would start a new one: at ``<br>`` and at
the edges of block elements (``<p>``, ``<div>``, ``<li>``, ...). Text placed
directly in the block is a line like any other. Lines come out raw: spacing
and empty lines are the paragraph rules' business (paragraphs.py).

A line whose every visible character is inside ``<h1>``-``<h6>``, ``<b>`` or
``<strong>`` is marked as a heading: the markup says so, even where the text
has no heading marker.

A line made of links is navigation, not the essay, wherever the site puts it
and whatever its class: the related list, ``上一篇：<a>...</a>``, a pager.
It is mostly link text (``<a href>``), short, and no sentence ends in it;
the essay's own sentences that carry a link end with their punctuation.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from lxml import etree

from crawler.text.hidden import PAGE, RenderState, descend
from crawler.text.paragraphs import Line, normalize_space
from crawler.text.stylesheet import StyleSheet
from crawler.text.tags import BLOCK_TAGS

# A line all of whose text is set in these is a heading, whatever it says
# (paragraphs.Line): ``<h3>``, or a paragraph bold from end to end. A bold
# passage of several lines makes each a heading too; that only keeps its
# lines apart, and no text is lost.
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "b", "strong"})
# Navigation: at least this share of a line's characters is link text, the
# line is at most NAVIGATION_MAX_CHARS long, and none of SENTENCE_ENDS is in it.
LINK_SHARE = 0.5
NAVIGATION_MAX_CHARS = 60
SENTENCE_ENDS = frozenset("。！？!?")


def _state_above(block: Any, sheet: StyleSheet) -> RenderState | None:
    """The render state the block inherits from its ancestors (their backgrounds...)."""
    state = PAGE
    for ancestor in reversed(list(block.iterancestors())):
        inner = descend(state, ancestor, sheet)
        if inner is None:
            return None
        state = inner
    return state


class _LineBuilder:
    """The pieces of the line being read, and whether all its text is heading text."""

    def __init__(self, link_lists: bool) -> None:
        self.lines: list[Line] = []
        self.link_lists = link_lists
        self._pieces: list[str] = []
        self._in_heading = False  # some of the line's pieces are heading text
        self._outside: list[str] = []  # the pieces that are not
        self._linked: list[str] = []  # the pieces that are link text

    def add(self, text: str, in_heading: bool, in_link: bool) -> None:
        self._pieces.append(text)
        if in_heading:
            self._in_heading = True
        else:
            self._outside.append(text)
        if in_link:
            self._linked.append(text)

    def end_line(self) -> None:
        if self._pieces:
            text = "".join(self._pieces)
            if self.link_lists or not self._navigation(text):
                # Spacing around the heading text does not make it a sentence.
                heading = self._in_heading and not normalize_space("".join(self._outside))
                self.lines.append(Line(text, heading))
            self._pieces.clear()
            self._outside.clear()
            self._linked.clear()
            self._in_heading = False

    def _navigation(self, text: str) -> bool:
        if not self._linked:
            return False
        visible = normalize_space(text).replace(" ", "")
        linked = normalize_space("".join(self._linked)).replace(" ", "")
        return (
            len(visible) <= NAVIGATION_MAX_CHARS
            and len(linked) >= LINK_SHARE * len(visible)
            and SENTENCE_ENDS.isdisjoint(visible)
        )


def visible_lines(block: Any, chrome: Collection[Any], sheet: StyleSheet) -> list[str]:
    """The text lines of ``block`` a reader sees, skipping ``chrome`` and hidden text."""
    return [line.text for line in marked_lines(block, chrome, sheet)]


def marked_lines(
    block: Any, chrome: Collection[Any], sheet: StyleSheet, link_lists: bool = True
) -> list[Line]:
    """:func:`visible_lines`, each marked with whether its markup sets it as a heading;
    without the lines that are navigation unless ``link_lists``."""
    above = _state_above(block, sheet)
    if above is None:
        return []
    line = _LineBuilder(link_lists)
    # The state of each open element; None for a skipped one (hidden or chrome).
    states: list[RenderState | None] = []
    # Whether each open element sets heading text, and how many of them are open.
    heading_marks: list[bool] = []
    headings_open = 0
    # The same for links (<a href>).
    link_marks: list[bool] = []
    links_open = 0
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
                if tag in BLOCK_TAGS:
                    line.end_line()
            elif parent is not None:
                state = descend(parent, element, sheet)
            states.append(state)
            marks = state is not None and tag in HEADING_TAGS
            heading_marks.append(marks)
            headings_open += marks
            link = state is not None and tag == "a" and bool(element.get("href"))
            link_marks.append(link)
            links_open += link
            if state is None:
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                line.end_line()
            if element.text and state.shows_text:
                line.add(element.text, headings_open > 0, links_open > 0)
        else:
            state = states.pop()
            headings_open -= heading_marks.pop()
            links_open -= link_marks.pop()
            if element is block:
                break
            if state is not None and tag in BLOCK_TAGS:
                line.end_line()
            # The tail is the parent's text, shown or hidden as the parent's is.
            parent = states[-1] if states else above
            if element.tail and parent is not None and parent.shows_text:
                line.add(element.tail, headings_open > 0, links_open > 0)
    line.end_line()
    return line.lines
