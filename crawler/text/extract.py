"""The visible lines of an essay block, in one pass over its elements.

A line ends wherever the browser would start a new one: at ``<br>`` and at
the edges of block elements (``<p>``, ``<div>``, ``<li>``, ...). Text placed
directly in the block is a line like any other. Lines come out raw: spacing
and empty lines are the paragraph rules' business (paragraphs.py).

A line whose every visible character is inside ``<h1>``-``<h6>``, ``<b>`` or
``<strong>`` is marked as a heading: the markup says so, even where the text
has no heading marker. A line that starts an ``<li>``, ``<dt>``, ``<dd>``,
``<td>`` or ``<th>`` is marked as starting an item (paragraphs.Line).

Navigation is not the essay, wherever the site puts it and whatever its
class: the related list, ``上一篇：<a>...</a>``, a pager. It is told by where
its links go, which the author's links do not: a line is navigation when

- it is a link line: mostly link text (``<a href>``), short, no sentence
  ending in it (the essay's own sentences that carry a link end with their
  punctuation);
- every link in it goes to one of the site's own pages that navigation
  leads to: an essay, a continuation page, a list or a category page (the
  profile's URL patterns on the href's path; a relative href, or a host
  that bears the site's name). A reference to another host, a download,
  ``mailto:``, DedeCMS's ``tags.php`` keyword link, an anchor in the essay
  (``#note1``) are the author's;
- and it is part of a list (next to another such line, or a list item or
  table cell by its markup) or labelled as navigation (``上一篇``,
  ``下一页``, the pager's ``共3页``). An isolated linked line, such as
  ``参见<a href="/dangjian/456.html">...</a>``, is the author's.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.site_profile import PageKind, SiteProfile
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
# Tags whose first line starts a unit of a list or a table (paragraphs.Line.item).
ITEM_TAGS = frozenset({"li", "dt", "dd", "td", "th"})
# How navigation labels itself: the neighbouring essays, the pager's links
# and its page count.
NAVIGATION_LABEL_RE = re.compile(
    r"[\[【]?(?:上一篇|下一篇|上一页|下一页|首页|末页|尾页|共\s*\d+\s*页)"
)
# The page's URL is not known here: a relative href is read as if from an
# essay's directory (/{slug}/{id}.html), where DedeCMS puts its pages.
_ESSAY_DIRECTORY = "/essays/"
_WEB_SCHEMES = frozenset({"", "http", "https"})
# The pages navigation leads to.
NAVIGATION_TARGETS = frozenset(
    {
        PageKind.ARTICLE,
        PageKind.CONTINUATION,
        PageKind.OLD_ARTICLE,
        PageKind.LIST,
        PageKind.CATEGORY,
    }
)


class _ReadLine(NamedTuple):
    """A line as read, with what the navigation rule asks of it."""

    line: Line
    links: tuple[str, ...]  # the hrefs of its link text
    link_line: bool  # mostly link text, short, no sentence ending in it


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
    """The pieces of the line being read, whether all its text is heading text,
    and where its links go."""

    def __init__(self) -> None:
        self.lines: list[_ReadLine] = []
        # Whether the next line starts an item: set at an item's start, kept
        # until a line takes it or the item ends without one.
        self.item = False
        self._pieces: list[str] = []
        self._in_heading = False  # some of the line's pieces are heading text
        self._outside: list[str] = []  # the pieces that are not
        self._linked: list[str] = []  # the pieces that are link text
        self._links: list[str] = []  # their hrefs

    def add(self, text: str, in_heading: bool, href: str | None) -> None:
        self._pieces.append(text)
        if in_heading:
            self._in_heading = True
        else:
            self._outside.append(text)
        if href is not None:
            self._linked.append(text)
            self._links.append(href)

    def end_line(self) -> None:
        if self._pieces:
            text = "".join(self._pieces)
            # Spacing around the heading text does not make it a sentence.
            heading = self._in_heading and not normalize_space("".join(self._outside))
            # Nor does spacing before the item's first line take its mark.
            item = self.item and bool(normalize_space(text))
            self.lines.append(
                _ReadLine(Line(text, heading, item), tuple(self._links), self._link_line(text))
            )
            self.item = self.item and not item
            self._pieces.clear()
            self._outside.clear()
            self._linked.clear()
            self._links.clear()
            self._in_heading = False

    def _link_line(self, text: str) -> bool:
        if not self._linked:
            return False
        visible = normalize_space(text).replace(" ", "")
        linked = normalize_space("".join(self._linked)).replace(" ", "")
        return (
            len(visible) <= NAVIGATION_MAX_CHARS
            and len(linked) >= LINK_SHARE * len(visible)
            and SENTENCE_ENDS.isdisjoint(visible)
        )


def _site_names_host(host: str, site: SiteProfile) -> bool:
    """Whether a host is the site's own: it bears the site's name (SITE_NAMES
    holds the name in its domain), as www.renrenfanwen.com and m.renrenfanwen.com do."""
    return any(name.lower() in host for name in site.site_names if name)


def leads_to_site_page(href: str, site: SiteProfile) -> bool:
    """Whether a link goes to one of the site's pages that navigation leads to:
    an essay (old URL too), a continuation, a list or a category page."""
    try:
        parts = urlsplit(href.strip())
        host = parts.hostname
    except ValueError:  # a malformed href ("http://[::1") leads nowhere
        return False
    if parts.scheme.lower() not in _WEB_SCHEMES:  # mailto:, javascript:
        return False
    if host is not None:
        if not _site_names_host(host, site):
            return False
        path = parts.path
    elif not parts.path:
        # "#" and "?page=2" are this very page, one of the essay's pages;
        # "#note1" is a place in the essay.
        return not parts.fragment
    else:
        path = urljoin(_ESSAY_DIRECTORY, parts.path)
    return site.path_kind(path) in NAVIGATION_TARGETS


def _navigation_lines(lines: Sequence[_ReadLine], site: SiteProfile) -> list[bool]:
    """Which of the lines are navigation (the module's docstring)."""
    to_site = [
        read.link_line and all(leads_to_site_page(href, site) for href in read.links)
        for read in lines
    ]
    navigation = []
    for index, read in enumerate(lines):
        in_run = (index > 0 and to_site[index - 1]) or (
            index + 1 < len(lines) and to_site[index + 1]
        )
        labelled = NAVIGATION_LABEL_RE.match(normalize_space(read.line.text)) is not None
        navigation.append(to_site[index] and (in_run or read.line.item or labelled))
    return navigation


def visible_lines(block: Any, chrome: Collection[Any], sheet: StyleSheet) -> list[str]:
    """The text lines of ``block`` a reader sees, skipping ``chrome`` and hidden text."""
    return [line.text for line in marked_lines(block, chrome, sheet)]


def marked_lines(
    block: Any, chrome: Collection[Any], sheet: StyleSheet, site: SiteProfile | None = None
) -> list[Line]:
    """:func:`visible_lines`, each marked with what its markup says (paragraphs.Line);
    without ``site``'s navigation when given.

    A line with no visible character is left out then: a reader sees no line
    there, and it would break a run of navigation lines in two.
    """
    read = _read_lines(block, chrome, sheet)
    if site is None:
        return [line.line for line in read]
    shown = [line for line in read if normalize_space(line.line.text)]
    navigation = _navigation_lines(shown, site)
    return [line.line for line, dropped in zip(shown, navigation, strict=True) if not dropped]


def _read_lines(block: Any, chrome: Collection[Any], sheet: StyleSheet) -> list[_ReadLine]:
    """The lines of ``block``, each with its marks and its links."""
    above = _state_above(block, sheet)
    if above is None:
        return []
    line = _LineBuilder()
    # The state of each open element; None for a skipped one (hidden or chrome).
    states: list[RenderState | None] = []
    # Whether each open element sets heading text, and how many of them are open.
    heading_marks: list[bool] = []
    headings_open = 0
    # The same for links (<a href>), with the hrefs of the open ones.
    link_marks: list[bool] = []
    hrefs: list[str] = []
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
            href = element.get("href") if state is not None and tag == "a" else None
            link_marks.append(bool(href))
            if href:
                hrefs.append(href)
            if state is None:
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                line.end_line()
            if tag in ITEM_TAGS:
                line.item = True
            if element.text and state.shows_text:
                line.add(element.text, headings_open > 0, hrefs[-1] if hrefs else None)
        else:
            state = states.pop()
            headings_open -= heading_marks.pop()
            if link_marks.pop():
                hrefs.pop()
            if element is block:
                break
            if state is not None and tag in BLOCK_TAGS:
                line.end_line()
            if state is not None and tag in ITEM_TAGS:
                line.item = False  # an item without text marks no line after it
            # The tail is the parent's text, shown or hidden as the parent's is.
            parent = states[-1] if states else above
            if element.tail and parent is not None and parent.shows_text:
                line.add(element.tail, headings_open > 0, hrefs[-1] if hrefs else None)
    line.end_line()
    return line.lines
