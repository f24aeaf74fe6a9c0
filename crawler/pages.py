"""Reading the site's pages: what kind of page a URL is, and what a page links to.

Functions here take a parsel Selector and the site profile and return plain
values; the spider turns those into requests and items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from crawler.site_profile import ESSAY_PAGE_LINKS, PageKind, SiteProfile
from crawler.text.document import find_first, style_blocks
from crawler.text.extract import visible_lines
from crawler.text.stylesheet import page_stylesheet

_SPACES = re.compile(r"[\s\u3000\xa0]+")
# Compiled once: lxml compiles an XPath string at every call.
# The text under an element, less scripts and style sheets.
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style)]", smart_strings=False
)
_STRING_VALUE = etree.XPath("normalize-space()")
_ESSAY_PAGE_LINKS = etree.XPath(ESSAY_PAGE_LINKS, smart_strings=False)
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


def visible_text(element: Selector) -> str:
    """The text of an element as a reader sees it: hidden watermarks out, spaces folded.

    A title or info line can carry the same hidden text as the body
    (``党建<span style="display:none">人人范文网</span>调研报告``), so it goes
    through the body's rules (crawler.text); one with no child element has
    nothing to hide and is read as it is.
    """
    node = element.root
    if not isinstance(node, etree._Element):
        return fold_spaces(str(node))
    if len(node) == 0:
        return fold_spaces(node.text or "")
    sheet = page_stylesheet(tuple(style_blocks(node.getroottree().getroot())))
    return fold_spaces(" ".join(visible_lines(node, (), sheet)))


def essay_title(selector: Selector, profile: SiteProfile) -> str | None:
    heading = selector.css(profile.article_title)
    if heading:
        title = visible_text(heading[0])
        if title:
            return title
    page_title = selector.css(profile.page_title).get()
    if page_title:
        title = fold_spaces(page_title.split(profile.page_title_separator, 1)[0])
        if title:
            return title
    return None


def info_line(selector: Selector, profile: SiteProfile) -> str | None:
    info = selector.css(profile.article_info)
    if not info:
        return None
    return visible_text(info[0]) or None


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
    title = selector.css("title::text").get() or ""
    boxed = any(marker in title for marker in profile.soft_404_titles)
    scope = content if content is not None else selector.root
    text = fold_spaces(" ".join(_VISIBLE_TEXT(scope)))
    if content is not None and len(text) > MESSAGE_MAX_CHARS:
        return False
    return boxed or any(marker in text for marker in profile.soft_404_markers)


def continuation_urls(selector: Selector, essay_url: str, profile: SiteProfile) -> list[str]:
    """The essay's pages 2..n, in page order, from the page's links to them."""
    first = profile.article_re.match(url_path(essay_url) or "")
    if not first:
        return []
    numbered: dict[int, str] = {}
    for href in _ESSAY_PAGE_LINKS(selector.root, essay_id=first["id"]):
        url = absolute_url(essay_url, href)
        if url is None:
            continue
        match = profile.continuation_re.match(url_path(url) or "")
        if match and match["id"] == first["id"] and match["slug"] == first["slug"]:
            numbered.setdefault(int(match["page"]), url)
    return [numbered[number] for number in sorted(numbered) if number >= 2]
