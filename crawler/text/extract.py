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

A pager is navigation wherever it stands, alone and unlabelled too: a line
whose links all lead to the pages of one essay (its article page and its
continuation pages, one id; or this very page, ``#``) and whose whole text,
links included, is page numbers, brackets, separators and pager words
(``1 2 3 下一页``, ``[1] [2] [3]``, ``页码：1 2 3``, ``第1页 第2页``). The
author's sentence that links to one of the essay's pages has words of its own.

Where the browser breaks lines is read from the markup and the page's CSS
(hidden.declarations, the same cascade that hides text): an element is a
block by its tag or by a ``display`` that makes it one (``block``,
``list-item``, ``flex``, ``grid``, ``table`` and its parts), and inside
``<pre>`` or an element whose ``white-space`` keeps newlines (``pre``,
``pre-wrap``, ``pre-line``, ``break-spaces``) every newline ends a line.
A block tag styled ``display:inline`` still ends its lines: two lines that
a browser would show as one are joined again by the paragraph rules, while
one line that should be two could never be split.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.site_profile import PageKind, SiteProfile
from crawler.text.document import EssayParts
from crawler.text.hidden import PAGE, RenderState, declarations, descend
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
# A pager's text: page numbers, brackets, separators and pager words, nothing else.
PAGER_TEXT_RE = re.compile(
    r"(?:\d+|上一?页|下一?页|首页|尾页|末页|页码|[第共页]"
    r"|[\s\[\]【】()（）<>〈〉«»‹›|｜/／:：,，、.．·…_\-—])+"
)
# CSS display values that make an element a block (its box starts a line),
# and the white-space values that keep the newlines of the text.
BLOCK_DISPLAYS = frozenset({"block", "list-item", "flex", "grid", "flow-root", "table"})
NEWLINE_WHITE_SPACE = frozenset({"pre", "pre-wrap", "pre-line", "break-spaces"})
# Tags whose text keeps its newlines by default (the browser's own stylesheet).
PREFORMATTED_TAGS = frozenset({"pre", "xmp", "listing", "plaintext"})
# When the page's URL is not given, a relative href is read as if from an
# essay's directory (/{slug}/{id}.html), where DedeCMS puts its pages.
_ESSAY_DIRECTORY = "/essays/"
# What a link to this very page ("#", "?page=2") leads to.
_THIS_PAGE = ""
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


def _context_above(block: Any, sheet: StyleSheet) -> tuple[RenderState, bool] | None:
    """The render state the block inherits from its ancestors (their backgrounds...),
    and whether their white-space keeps newlines; None when an ancestor hides it."""
    state = PAGE
    preformatted = False
    for ancestor in reversed(list(block.iterancestors())):
        inner = descend(state, ancestor, sheet)
        if inner is None:
            return None
        state = inner
        preformatted = _layout(ancestor, sheet, preformatted)[1]
    return state, preformatted


def _layout(element: Any, sheet: StyleSheet, preformatted: bool) -> tuple[bool, bool]:
    """Whether a shown element's box starts a line (a block), and whether its text
    keeps its newlines (``preformatted``: the parent's, which white-space inherits)."""
    block_level = element.tag in BLOCK_TAGS
    preformatted = preformatted or element.tag in PREFORMATTED_TAGS
    styles = declarations(element, sheet)
    if styles is not None:
        for prop, value in styles:
            if prop == "display" and not block_level:
                block_level = _block_display(value)
            elif prop == "white-space":
                preformatted = value in NEWLINE_WHITE_SPACE
    return block_level, preformatted


def _block_display(value: str) -> bool:
    """Whether a display value makes a block box (``block``, ``flow-root list-item``,
    ``table-row``...), not an inline one (``inline``, ``inline-block``, ``inline flex``)."""
    keywords = value.split()
    return "inline" not in keywords and any(
        keyword in BLOCK_DISPLAYS or keyword.startswith("table-") for keyword in keywords
    )


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

    def add_text(self, text: str, preformatted: bool, in_heading: bool, href: str | None) -> None:
        """:meth:`add` text as the browser lays it out: a kept newline ends a line."""
        if not preformatted or "\n" not in text:
            self.add(text, in_heading, href)
            return
        first, *rest = text.split("\n")
        self.add(first, in_heading, href)
        for piece in rest:
            self.end_line()
            self.add(piece, in_heading, href)

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


def _site_path(href: str, site: SiteProfile, page_url: str | None = None) -> str | None:
    """The path of the site's page a link goes to, ``_THIS_PAGE`` for this very
    page; None for a link anywhere else.

    ``page_url``, when known: relative links resolve against it, and its host
    is the site's own whatever its name (a sister site's domain need not
    hold a name of ``site_names``)."""
    try:
        parts = urlsplit(href.strip())
        host = parts.hostname
    except ValueError:  # a malformed href ("http://[::1") leads nowhere
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES:  # mailto:, javascript:
        return None
    page = urlsplit(page_url) if page_url else None
    if host is not None:
        own = _site_names_host(host, site) or (page is not None and host == page.hostname)
        return parts.path if own else None
    if not parts.path:
        # "#" and "?page=2" are this very page, one of the essay's pages;
        # "#note1" is a place in the essay.
        return None if parts.fragment else _THIS_PAGE
    return urljoin(page.path if page is not None else _ESSAY_DIRECTORY, parts.path)


def leads_to_site_page(href: str, site: SiteProfile, page_url: str | None = None) -> bool:
    """Whether a link goes to one of the site's pages that navigation leads to:
    an essay (old URL too), a continuation, a list or a category page."""
    path = _site_path(href, site, page_url)
    return path is not None and (path == _THIS_PAGE or site.path_kind(path) in NAVIGATION_TARGETS)


def _essay_page_id(href: str, site: SiteProfile, page_url: str | None) -> str | None:
    """The id of the essay whose page (article or continuation) a link goes to,
    ``_THIS_PAGE`` for this very page; None for any other link."""
    path = _site_path(href, site, page_url)
    if path is None or path == _THIS_PAGE:
        return path
    for pattern in (site.article_re, site.continuation_re):
        match = pattern.match(path)
        if match is not None:
            return match.groupdict().get("id")
    return None


def _pager_line(read: _ReadLine, site: SiteProfile, page_url: str | None) -> bool:
    """Whether a line is a pager: pager text only, its links to the pages of one essay."""
    if not read.links or PAGER_TEXT_RE.fullmatch(read.line.text) is None:
        return False
    essays = {_essay_page_id(href, site, page_url) for href in read.links}
    return None not in essays and len(essays - {_THIS_PAGE}) <= 1


def _navigation_lines(
    lines: Sequence[_ReadLine], site: SiteProfile, page_url: str | None
) -> list[bool]:
    """Which of the lines are navigation (the module's docstring)."""
    to_site = [
        read.link_line and all(leads_to_site_page(href, site, page_url) for href in read.links)
        for read in lines
    ]
    navigation = []
    for index, read in enumerate(lines):
        in_run = (index > 0 and to_site[index - 1]) or (
            index + 1 < len(lines) and to_site[index + 1]
        )
        labelled = NAVIGATION_LABEL_RE.match(normalize_space(read.line.text)) is not None
        navigation.append(
            (to_site[index] and (in_run or read.line.item or labelled))
            or _pager_line(read, site, page_url)
        )
    return navigation


def visible_lines(block: Any, chrome: Collection[Any], sheet: StyleSheet) -> list[str]:
    """The text lines of ``block`` a reader sees, skipping ``chrome`` and hidden text."""
    return [read.line.text for read in _read_lines((block,), chrome, sheet, tails=False)]


def marked_lines(
    essay: EssayParts, sheet: StyleSheet, site: SiteProfile, page_url: str | None = None
) -> list[Line]:
    """The lines of an essay's parts (document.essay_parts), each marked with what
    its markup says (paragraphs.Line), without its chrome, hidden text and
    ``site``'s navigation (told by where links go from ``page_url``, if known).

    A line with no visible character is left out: a reader sees no line
    there, and it would break a run of navigation lines in two.
    """
    read = _read_lines(essay.parts, essay.chrome, sheet, essay.tails)
    shown = [line for line in read if normalize_space(line.line.text)]
    navigation = _navigation_lines(shown, site, page_url)
    return [line.line for line, dropped in zip(shown, navigation, strict=True) if not dropped]


def _read_lines(
    parts: Sequence[Any], chrome: Collection[Any], sheet: StyleSheet, tails: bool
) -> list[_ReadLine]:
    """The lines of ``parts`` (siblings), each with its marks and its links; with
    the text that follows each part in their parent when ``tails``."""
    above = _context_above(parts[0], sheet)
    if above is None:
        return []
    parent_state, parent_preformatted = above
    line = _LineBuilder()
    for part in parts:
        _read_part(part, parent_state, parent_preformatted, chrome, sheet, line)
        if tails and part.tail and parent_state.shows_text:
            line.add_text(part.tail, parent_preformatted, False, None)
    line.end_line()
    return line.lines


def _read_part(
    part: Any,
    above: RenderState,
    above_preformatted: bool,
    chrome: Collection[Any],
    sheet: StyleSheet,
    line: _LineBuilder,
) -> None:
    """Add the lines of one element to ``line``, in one walk over its elements."""
    # The state of each open element; None for a skipped one (hidden or chrome).
    states: list[RenderState | None] = []
    # Whether each open element's box is a block, and whether its text keeps newlines.
    blocks: list[bool] = []
    preformatted: list[bool] = []
    # Whether each open element sets heading text, and how many of them are open.
    heading_marks: list[bool] = []
    headings_open = 0
    # The same for links (<a href>), with the hrefs of the open ones.
    link_marks: list[bool] = []
    hrefs: list[str] = []
    walker = etree.iterwalk(part, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            parent = states[-1] if states else above
            parent_preformatted = preformatted[-1] if preformatted else above_preformatted
            state: RenderState | None = None
            block_level = False
            if not isinstance(tag, str):  # a comment or processing instruction
                pass
            elif element in chrome:
                # Chrome was on screen: a block of it still separates lines.
                if tag in BLOCK_TAGS:
                    line.end_line()
            elif parent is not None:
                state = descend(parent, element, sheet)
            states.append(state)
            if state is not None:
                block_level, parent_preformatted = _layout(element, sheet, parent_preformatted)
            blocks.append(block_level)
            preformatted.append(parent_preformatted)
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
            if block_level:
                line.end_line()
            if tag in ITEM_TAGS:
                line.item = True
            if element.text and state.shows_text:
                line.add_text(
                    element.text,
                    parent_preformatted,
                    headings_open > 0,
                    hrefs[-1] if hrefs else None,
                )
        else:
            state = states.pop()
            preformatted.pop()
            headings_open -= heading_marks.pop()
            if link_marks.pop():
                hrefs.pop()
            if blocks.pop():
                line.end_line()
            if state is not None and tag in ITEM_TAGS:
                line.item = False  # an item without text marks no line after it
            if element is part:
                break
            # The tail is the parent's text, shown or hidden as the parent's is.
            parent = states[-1] if states else above
            if element.tail and parent is not None and parent.shows_text:
                line.add_text(
                    element.tail,
                    preformatted[-1] if preformatted else above_preformatted,
                    headings_open > 0,
                    hrefs[-1] if hrefs else None,
                )
