"""Reading the site's pages: what kind of page a URL is, and what a page links to.

Functions here take a parsel Selector and the site profile and return plain
values; the spider turns those into requests and items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from cssselect import HTMLTranslator
from lxml import etree
from parsel import Selector

from crawler.site_profile import ESSAY_PAGE_LINKS, PageKind, SiteProfile
from crawler.text.document import find_first, style_blocks
from crawler.text.extract import visible_lines
from crawler.text.stylesheet import StyleSheet, page_stylesheet

_SPACES = re.compile(r"[\s\u3000\xa0]+")
# Compiled once: lxml compiles an XPath string at every call.
# The text under an element, less scripts and style sheets.
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style)]", smart_strings=False
)
_STRING_VALUE = etree.XPath("normalize-space()")
_ESSAY_PAGE_LINKS = etree.XPath(ESSAY_PAGE_LINKS, smart_strings=False)
_TRANSLATOR = HTMLTranslator()
_LINKS = etree.XPath("//a[@href]")
_LINKS_CONTAINING = etree.XPath("//a[@href][contains(., $name)]")
# Relative links are read as if from an essay's directory, where DedeCMS puts its pages.
_ANY_PAGE = "http://site/essays/1.html"
# A content block of at most this many characters can be a message box's
# ("对不起，您访问的文章不存在或已被删除！返回首页"); no essay is that short.
MESSAGE_MAX_CHARS = 100


def absolute_url(base_url: str, href: str) -> str | None:
    """``href`` resolved against the page's URL; None for one no URL parser reads.

    A page may link to anything (``http://[oops/``); one broken link must not
    cost the page its other links.
    """
    try:
        url = urljoin(base_url, href.strip())
        urlsplit(url)
    except ValueError:
        return None
    return url


def document_base(selector: Selector, page_url: str) -> str:
    """The URL the page's relative links resolve against: its ``<base href>``, else its own.

    A browser resolves every relative link against the first ``<base href>``
    (itself relative to the page); a template that sets one and links
    ``dangjian/1.html`` from ``/dangjian/`` means ``/dangjian/1.html`` only
    if the base is ``/``.
    """
    href = selector.xpath("//base[@href][1]/@href").get()
    if not href or not href.strip():
        return page_url
    return absolute_url(page_url, href) or page_url


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return None


def url_path(url: str) -> str | None:
    """The URL's path; None for a URL that cannot be split (an unclosed IPv6 bracket)."""
    try:
        return urlsplit(url).path
    except ValueError:
        return None


def page_kind(url: str, profile: SiteProfile) -> PageKind:
    path = url_path(url)
    return PageKind.OTHER if path is None else profile.path_kind(path)


def followable(url: str, allowed_host: str, profile: SiteProfile) -> bool:
    """Whether the crawler may request ``url`` at all."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or parts.netloc != allowed_host:
        return False
    if any(pattern.search(parts.hostname or "") for pattern in profile.never_follow_host_res):
        return False
    return not any(pattern.search(parts.path) for pattern in profile.never_follow_path_res)


def fold_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def links(selector: Selector, query: str, base_url: str) -> list[str]:
    """Absolute URLs of the hrefs ``query`` selects, in page order, without repeats."""
    seen: dict[str, None] = {}
    for href in selector.css(query).getall():
        href = href.strip()
        if href and not href.startswith(("javascript:", "mailto:", "#")):
            url = absolute_url(base_url, href)
            if url is not None:
                seen.setdefault(url.split("#", 1)[0], None)
    return list(seen)


@dataclass(frozen=True)
class ListEntry:
    url: str
    title: str | None
    raw_date: str | None


def list_entries(selector: Selector, base_url: str, profile: SiteProfile) -> list[ListEntry]:
    """The list's entries: each one's essay link, title and date text.

    An entry may link its category first (``[<a>党建</a>] <a>essay</a>``):
    its essay is its first link to an article, or its first link if none is.
    """
    entries = []
    for entry in selector.css(profile.list_entries):
        urls = [
            url
            for href in entry.css(profile.list_entry_link).getall()
            if (url := absolute_url(base_url, href)) is not None
        ]
        if not urls:
            continue
        url = next(
            (u for u in urls if page_kind(u, profile) in (PageKind.ARTICLE, PageKind.OLD_ARTICLE)),
            urls[0],
        )
        title = entry.css(profile.list_entry_title).get()
        raw_date = " ".join(entry.css(profile.list_entry_date).getall())
        entries.append(
            ListEntry(
                url=url,
                title=fold_spaces(title) if title else None,
                raw_date=fold_spaces(raw_date) if raw_date else None,
            )
        )
    return entries


def pager_total(selector: Selector, profile: SiteProfile) -> int | None:
    """The pager's own page count ("共 37 页"), the cap on list pages to walk."""
    text = selector.css(profile.pager_total).get()
    if text and text.strip().isdigit():
        return int(text.strip())
    return None


def list_page_number(url: str, profile: SiteProfile) -> int:
    match = profile.list_page_re.match(url_path(url) or "")
    return int(match["page"]) if match else 1


def category_slug(url: str, profile: SiteProfile) -> str | None:
    path = url_path(url) or ""
    for pattern in (
        profile.category_re,
        profile.list_page_re,
        profile.article_re,
        profile.continuation_re,
    ):
        match = pattern.match(path)
        if match:
            return match["slug"]
    return None


def breadcrumb_category(
    selector: Selector, base_url: str, profile: SiteProfile
) -> tuple[str | None, str | None]:
    """The last category link of the breadcrumb on the page's own site: (name, URL).

    A link to another host (the mobile mirror's 手机版 beside the trail) is
    no category of this site, whatever its path.
    """
    found: tuple[str | None, str | None] = (None, None)
    host = _host(base_url)
    for link in selector.css(profile.breadcrumb_links):
        href = link.attrib.get("href")
        url = absolute_url(base_url, href) if href else None
        if url is None or _host(url) != host:
            continue
        if page_kind(url, profile) in (PageKind.CATEGORY, PageKind.LIST):
            name = fold_spaces("".join(link.css("::text").getall()))
            if name:
                found = (name, url)
    return found


def _shown_text(element: Any, sheet: StyleSheet) -> str:
    """The text of an element as a reader sees it: hidden watermarks out, spaces folded.

    A title or info line can carry the same hidden text as the body
    (``党建<span style="display:none">人人范文网</span>调研报告``), and can be
    hidden whole, by its own style or an ancestor's (a decoy ``<h1>`` for
    search engines): it goes through the body's rules (crawler.text), which
    read the element's own and its ancestors' styles as well as its children's.
    """
    return fold_spaces(" ".join(visible_lines(element, (), sheet)))


@lru_cache(maxsize=32)
def _matches(css: str) -> Any:
    """The compiled XPath of a profile's CSS selector list, all its matches in page order.

    parsel translates a selector at every call; these run on every page.
    """
    return etree.XPath(_TRANSLATOR.css_to_xpath(css), smart_strings=False)


def _first_shown(selector: Selector, css: str) -> str | None:
    """The text of the first element ``css`` matches that a reader sees.

    A page may put a hidden decoy (a keyword-stuffed ``<h1>``, an info line
    with another date) before the one it shows.
    """
    root = selector.root
    if not isinstance(root, etree._Element):
        return None
    sheet: StyleSheet | None = None
    for element in _matches(css)(root):
        if sheet is None:
            sheet = page_stylesheet(tuple(style_blocks(root.getroottree().getroot())))
        text = _shown_text(element, sheet)
        if text:
            return text
    return None


def essay_title(selector: Selector, profile: SiteProfile) -> str | None:
    title = _first_shown(selector, profile.article_title)
    if title:
        return title
    return page_title(selector, profile) or None


def page_title(selector: Selector, profile: SiteProfile) -> str:
    """The page's <title> less the site's parts after it: its name, a category's.

    A trailing part after a separator (``_``, `` - ``, ``|``, ``——`` ...: the
    profile's) goes when it names the site (a site name in it) or one of the
    categories the page links to; a title with no such part stays whole,
    hyphens and all (``2020-2021学年工作总结``). On a page that links no
    category, DedeCMS's template ("essay_category_site", the profile's own
    separator) says what the part before the site's name is.
    """
    title = fold_spaces(selector.css(profile.page_title).get() or "")
    site_separator = ""  # the separator before the site's name, just cut
    while (parts := profile.page_title_tail_re.fullmatch(title)) is not None:
        tail, separator = parts["tail"].strip(), parts["separator"]
        if any(name.casefold() in tail.casefold() for name in profile.site_names if name):
            site_separator = separator
        elif _links_category(selector, profile, tail) or (
            site_separator == separator == profile.page_title_separator
            and not _links_category(selector, profile)
        ):
            site_separator = ""
        else:
            break
        title = parts["head"]
    return title


def _links_category(selector: Selector, profile: SiteProfile, name: str | None = None) -> bool:
    """Whether the page links to a category or list page (one named ``name``, if given)."""
    root = selector.root
    if name is None:
        links = _LINKS(root)
    else:
        try:  # in C: a page's links are many, the ones with the name few
            links = _LINKS_CONTAINING(root, name=name)
        except ValueError:  # a control character, which no XPath string holds
            links = [link for link in _LINKS(root) if name in "".join(link.itertext())]
    for link in links:
        if name is not None and fold_spaces("".join(link.itertext())) != name:
            continue
        path = url_path(absolute_url(_ANY_PAGE, link.get("href")) or "")
        if path and profile.path_kind(path) in (PageKind.CATEGORY, PageKind.LIST):
            return True
    return False


def info_line(selector: Selector, profile: SiteProfile) -> str | None:
    return _first_shown(selector, profile.article_info)


def has_content(selector: Selector, profile: SiteProfile) -> bool:
    return bool(selector.css(profile.content))


def is_soft_404(selector: Selector, profile: SiteProfile) -> bool:
    """An HTTP 200 page that is the CMS's message box, not an essay.

    The message comes bare (DedeCMS's own message page, no content block) or
    inside the site's article template, its content block holding the
    message alone. A message phrase ("文章不存在...") counts anywhere on a
    page without a content block, and in a content block too short to be an
    essay; so does a message box's title ("系统提示") as the page's title. An
    essay that quotes either has a body of its own around it.
    """
    content = find_first(selector.root, profile.content)
    # An essay's block is thousands of characters: its string value (in C,
    # scripts included) settles it before its visible text is read.
    if content is not None and len(_STRING_VALUE(content)) > 4 * MESSAGE_MAX_CHARS:
        return False
    scope = content if content is not None else selector.root
    text = fold_spaces(" ".join(_VISIBLE_TEXT(scope)))
    if content is not None and len(text) > MESSAGE_MAX_CHARS:
        return False
    return any(marker in text for marker in profile.soft_404_markers) or _message_box_title(
        selector, profile
    )


def _message_box_title(selector: Selector, profile: SiteProfile) -> bool:
    """Whether the page's title is a message box's: one of the profile's
    ``soft_404_titles`` whole, the site's name before or after it at most.

    Spaces, case and a closing "!" aside. An essay's title that contains the
    words ("停电温馨提示信息") is no message box's.
    """
    boxes = ["".join(box.split()).casefold() for box in profile.soft_404_titles]
    raw = "".join((selector.css(profile.page_title).get() or "").split()).casefold()
    if not any(box in raw for box in boxes):  # most pages stop here
        return False
    title = "".join(page_title(selector, profile).split()).rstrip("!！").casefold()
    names = ("", *(name.casefold() for name in profile.site_names))
    return any(title == name + box for box in boxes for name in names)


def continuation_urls(
    selector: Selector, essay_url: str, profile: SiteProfile, base_url: str | None = None
) -> list[str]:
    """The essay's pages 2..n, in page order, from the page's links to them.

    ``base_url``: what the page's links resolve against (:func:`document_base`),
    when it is not the essay's URL.
    """
    first = profile.article_re.match(url_path(essay_url) or "")
    if not first:
        return []
    numbered: dict[int, str] = {}
    for href in _ESSAY_PAGE_LINKS(selector.root, essay_id=first["id"]):
        url = absolute_url(base_url or essay_url, href)
        if url is None:
            continue
        match = profile.continuation_re.match(url_path(url) or "")
        if match and match["id"] == first["id"] and match["slug"] == first["slug"]:
            numbered.setdefault(int(match["page"]), url)
    return [numbered[number] for number in sorted(numbered) if number >= 2]
