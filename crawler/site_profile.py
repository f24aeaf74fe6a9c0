"""The site profile: everything that depends on the essay site's markup.

The spider, the cleaner and the date parser read selectors, URL patterns and
boilerplate phrases from a :class:`SiteProfile` and from nowhere else, so a
sister site of the same CMS (DedeCMS) is a TOML file away::

    # sister.toml -- any field of SiteProfile; lists replace the default
    name = "sister"
    site_names = ["某某范文网"]
    content = "div#article-body"

and ``-s ARCHIVE_SITE_PROFILE=sister.toml`` (or ``fanwen crawl --profile``).

The defaults model 人人范文网 as this project knows it (see the README's
"Site model" section): category pages ``/{slug}/``, list pages
``/{slug}/list_{typeid}_{n}.html``, articles ``/{slug}/{id}.html`` continued on
``/{slug}/{id}_{k}.html``, old ``/html/{id}.html`` URLs that 301 to the article.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any

# -- URL patterns (matched against the URL path) --------------------------
# DedeCMS also links a category as /{slug}/index.html.
CATEGORY_PATH = r"^/(?P<slug>[A-Za-z][\w-]*)/(?:index\.html?)?$"
LIST_PAGE_PATH = r"^/(?P<slug>[A-Za-z][\w-]*)/list_(?P<typeid>\d+)_(?P<page>\d+)\.html$"
ARTICLE_PATH = r"^/(?P<slug>[A-Za-z][\w-]*)/(?P<id>\d+)\.html$"
CONTINUATION_PATH = r"^/(?P<slug>[A-Za-z][\w-]*)/(?P<id>\d+)_(?P<page>\d+)\.html$"
# Old article URLs answer 301 to the article's current (canonical) URL.
OLD_ARTICLE_PATH = r"^/html/(?P<id>\d+)\.html$"
# Paths that are never requested: robots.txt forbids them, and they are
# downloads and member pages, not essays.
NEVER_FOLLOW_PATHS = (r"^/plus/", r"^/member/")
# The mobile mirror (the 手机版 link) is the same essay on another host.
NEVER_FOLLOW_HOSTS = (r"^m\.", r"^wap\.")

# -- Navigation selectors -------------------------------------------------
NAV_LINKS = "div.nav a::attr(href)"
LIST_ENTRIES = "ul.list > li"
LIST_ENTRY_LINK = "a::attr(href)"
LIST_ENTRY_TITLE = "a::attr(title)"
# All the text under it: DedeCMS colours a recent date (<font color=red>)
# and some lists label it (发布时间：...).
LIST_ENTRY_DATE = ".date ::text"
# The pager: links to other list pages, and "共 <strong>37</strong>页". Any
# link of the page: the list-page URL pattern and the category decide,
# wherever the pager is (DedeCMS's div.dede_pages ul.pagelist, div.pages).
PAGER_LINKS = "a::attr(href)"
PAGER_TOTAL = ".pageinfo strong::text"

# -- Article selectors ----------------------------------------------------
ARTICLE_TITLE = "div.article h1"
PAGE_TITLE = "title::text"
# <title> is "essay_category_site": the first part is the essay's title.
PAGE_TITLE_SEPARATOR = "_"
ARTICLE_INFO = "div.article div.info"
BREADCRUMB_LINKS = "div.position a"
CONTENT = "div.article div.content, div#content, div.content"
# Links to an essay's other pages: any link whose href holds the essay's id,
# wherever the site puts its pager (DedeCMS's own div.dede_pages ul.pagelist,
# a div or p of class "pages", inside or after the article); the
# continuation path pattern then decides. XPath, with the id as $essay_id.
ESSAY_PAGE_LINKS = "//a[contains(@href, $essay_id)]/@href"
# Other essays (most with the very same title): followed after the lists.
RELATED_LINKS = "div.related a::attr(href)"
# Inside the content block, but not the essay.
CONTENT_CHROME = (
    "script",
    "style",
    "noscript",
    "iframe",
    "ins",
    "div.related",
    "div.download",
    "div.info",
    "div.pages",
    "div.position",
    "div.ad",
    "div.ads",
    "[class^='ad-']",
    "[class^='ad_']",
    "[id^='ad-']",
    "[id^='ad_']",
)

# -- Soft 404s: HTTP 200 pages that are DedeCMS's message box -------------
# Its titles (the page's <title>) and its messages (anywhere in its text).
SOFT_404_TITLES = ("系统提示", "提示信息")
SOFT_404_MARKERS = ("文章不存在", "文档不存在", "已被删除", "页面不存在")

# -- Boilerplate inside the body ------------------------------------------
# The site's names: a sentence naming it is the site talking. Its domain's
# name too, so "renrenfanwen.com" in any form names it, and a link's host
# that bears it is the site's own (crawler/text/extract.py).
SITE_NAMES = ("人人范文网", "renrenfanwen")
# How a promo opens. Each is matched at the start of a line or of a sentence
# in it, after any opening bracket, and "$" is the end of the line; what
# matches is cut off to the line's end (crawler/text/promo.py). A phrase
# that is the site's own opens a promo whatever follows; a label only when
# no sentence of the author's follows, up to the line's end. A URL the
# author labels or writes into a sentence is a reference (网址：www.gov.cn/...,
# 请登录 www.12371.cn 学习。); the site's own is caught by its name.
_NO_SENTENCE = r"[^，,。！？；;]{0,30}[。！？]?$"
# A host name, not an e-mail address's part: "dangban@sz.gov.cn" is no URL.
_DOMAIN = (
    r"(?<![@A-Za-z0-9.-])(?:https?://)?(?:[A-Za-z0-9-]+\.)+"
    r"(?:com|cn|net|org|cc|info|top)(?![A-Za-z0-9.-])"
)
# A clause: no punctuation that ends or divides one.
_CLAUSE = r"[^，,。！？；;!?]"
_INVITATION = r"请(?:访问|关注|登录|点击|查看|收藏)"
# A label before a work's title (出处：《论语·学而》) cites the author's source.
_NOT_A_TITLE = r"(?!\s*《)"
# A link-list label before nothing but titles (推荐阅读：《平凡的世界》《红岩》)
# is the author's reading list; before an essay's title that opens with one
# (【推荐阅读】《觉醒年代》观后感5篇) it is the site's related list.
_NOT_TITLES_ONLY = r"(?!\s*(?:《[^《》]*》[\s、，,；;和及]*)+[。！]?$)"
PROMO_PATTERNS = (
    r"本文(?:来源|出处)\s*[:：]",
    r"本站(?:网址|域名)",
    r"转载请",
    # The site invites the reader to more: in one clause ("更多范文请访问..."),
    # or past a comma to the site's channel ("更多精彩内容，请关注本站...").
    # "更多的时候，请关注你身边的人。" is the author's.
    r"更多" + _CLAUSE + r"{0,40}?" + _INVITATION,
    r"更多" + _CLAUSE + r"{0,20}[，,]\s*" + _INVITATION + _CLAUSE + r"{0,6}?"
    r"(?:本站|本网|我们的|公众号|栏目|频道|网站)",
    # A list of links: the label stands in brackets, before a colon, or alone.
    r"(?:推荐阅读|相关阅读|延伸阅读|相关推荐|热门推荐|相关文章)\s*(?:[】\]〗〕」』）):：]|$)"
    + _NOT_TITLES_ONLY,
    # The pager's count ("共3页:") and the download box, in the content block
    # without their own markup: 《标题.doc》, 将本文的Word文档下载到电脑, 推荐度.
    r"共\s*\d+\s*页" + _NO_SENTENCE,
    r"《[^《》]{1,80}\.(?:docx?|pdf|txt)》" + _NO_SENTENCE,
    r"将本文的?\s*Word\s*文档下载",
    r"推荐度\s*[:：]" + _NO_SENTENCE,
    r"点击下载(?:本文)?文档" + _NO_SENTENCE,
    r"(?:来源|出处|转载自?)\s*[:：]" + _NOT_A_TITLE + _NO_SENTENCE,
    # A URL and nothing else, no label, no word of the author's around it.
    _DOMAIN + r"(?:/\S*)?$",
)

# -- Dates ----------------------------------------------------------------
# Labels of the info line, most specific first: 发布时间 beats 更新时间.
DATE_LABELS = ("发布时间", "发布日期", "发表时间", "发表日期", "日期", "时间", "更新时间")
SITE_TIMEZONE = "Asia/Shanghai"


class PageKind(Enum):
    HOME = "home"
    CATEGORY = "category"
    LIST = "list"
    ARTICLE = "article"
    CONTINUATION = "continuation"
    OLD_ARTICLE = "old_article"
    OTHER = "other"


@dataclass(frozen=True)
class SiteProfile:
    """Selectors, URL patterns and phrases of one site of the CMS family."""

    name: str = "renrenfanwen"
    category_path: str = CATEGORY_PATH
    list_page_path: str = LIST_PAGE_PATH
    article_path: str = ARTICLE_PATH
    continuation_path: str = CONTINUATION_PATH
    old_article_path: str = OLD_ARTICLE_PATH
    never_follow_paths: tuple[str, ...] = NEVER_FOLLOW_PATHS
    never_follow_hosts: tuple[str, ...] = NEVER_FOLLOW_HOSTS
    nav_links: str = NAV_LINKS
    list_entries: str = LIST_ENTRIES
    list_entry_link: str = LIST_ENTRY_LINK
    list_entry_title: str = LIST_ENTRY_TITLE
    list_entry_date: str = LIST_ENTRY_DATE
    pager_links: str = PAGER_LINKS
    pager_total: str = PAGER_TOTAL
    article_title: str = ARTICLE_TITLE
    page_title: str = PAGE_TITLE
    page_title_separator: str = PAGE_TITLE_SEPARATOR
    article_info: str = ARTICLE_INFO
    breadcrumb_links: str = BREADCRUMB_LINKS
    content: str = CONTENT
    related_links: str = RELATED_LINKS
    content_chrome: tuple[str, ...] = CONTENT_CHROME
    soft_404_titles: tuple[str, ...] = SOFT_404_TITLES
    soft_404_markers: tuple[str, ...] = SOFT_404_MARKERS
    site_names: tuple[str, ...] = SITE_NAMES
    promo_patterns: tuple[str, ...] = PROMO_PATTERNS
    date_labels: tuple[str, ...] = DATE_LABELS
    timezone: str = SITE_TIMEZONE

    @cached_property
    def category_re(self) -> re.Pattern[str]:
        return re.compile(self.category_path)

    @cached_property
    def list_page_re(self) -> re.Pattern[str]:
        return re.compile(self.list_page_path)

    @cached_property
    def article_re(self) -> re.Pattern[str]:
        return re.compile(self.article_path)

    @cached_property
    def continuation_re(self) -> re.Pattern[str]:
        return re.compile(self.continuation_path)

    @cached_property
    def old_article_re(self) -> re.Pattern[str]:
        return re.compile(self.old_article_path)

    @cached_property
    def never_follow_path_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.never_follow_paths)

    @cached_property
    def never_follow_host_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.never_follow_hosts)

    def path_kind(self, path: str) -> PageKind:
        """What page of the site a URL path is, by the profile's patterns."""
        path = path or "/"
        if path == "/":
            return PageKind.HOME
        # Before the article pattern: /html/{id}.html looks like a category's article.
        kinds = (
            (self.old_article_re, PageKind.OLD_ARTICLE),
            (self.category_re, PageKind.CATEGORY),
            (self.list_page_re, PageKind.LIST),
            (self.article_re, PageKind.ARTICLE),
            (self.continuation_re, PageKind.CONTINUATION),
        )
        return next((kind for pattern, kind in kinds if pattern.match(path)), PageKind.OTHER)

    @cached_property
    def promo_res(self) -> tuple[re.Pattern[str], ...]:
        names = [re.escape(n) for n in self.site_names]
        # A line that names the site is the site talking, not the author.
        named = (re.compile("|".join(names)),) if names else ()
        return tuple(re.compile(p) for p in self.promo_patterns) + named


DEFAULT_PROFILE = SiteProfile()


class ProfileError(ValueError):
    """A site profile file that cannot be used."""


def load_profile(path: str | Path | None) -> SiteProfile:
    """The default profile, overridden field by field by a TOML file."""
    if not path:
        return DEFAULT_PROFILE
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"cannot read site profile {path}: {exc}") from exc
    known = {f.name: f for f in fields(SiteProfile)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ProfileError(f"site profile {path}: unknown field(s) {', '.join(unknown)}")
    values: dict[str, Any] = {
        key: tuple(value) if isinstance(value, list) else value for key, value in data.items()
    }
    profile = replace(DEFAULT_PROFILE, **values)
    try:
        _ = (
            profile.category_re,
            profile.list_page_re,
            profile.article_re,
            profile.continuation_re,
            profile.promo_res,
        )
    except re.error as exc:
        raise ProfileError(f"site profile {path}: bad pattern: {exc}") from exc
    return profile
