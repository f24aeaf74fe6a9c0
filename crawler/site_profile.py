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
# DedeCMS's article template titles a page "essay_category_site"
# ({title}_{typename}_{webname}); the fallback title when there is no heading.
PAGE_TITLE_SEPARATOR = "_"
# Sister templates join the parts with other separators ("essay - site",
# "essay|site", "essay——site"), with or without spaces: a run of these
# characters before a trailing part that names the site or a category
# separates it (crawler/pages.py).
PAGE_TITLE_SEPARATORS = "_-—–|｜·"
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
# Its titles and its messages (anywhere in its text). A title is the message
# box's when it is one of these whole, once the site's name is off it (and
# spaces, case and a closing "!"): DedeCMS's ShowMsg titles its page
# "DedeCMS提示信息", its templates "系统提示_{site}". An essay titled
# "停电温馨提示信息" only contains the words.
SOFT_404_TITLES = ("系统提示", "提示信息", "系统提示信息", "DedeCMS提示信息")
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
# The site speaking of itself: 本站, 本网 (本网讯, 本网整理), 本平台. Not
# 本网络, nor 本网站: the site's own boilerplate says 本站 or names itself
# (site_names), while 本网站 is how the templates it publishes (网站免责声明,
# 隐私政策, 用户协议) speak of whatever site adopts them, and how a notice
# speaks of its issuer's website.
_THE_SITE = r"(?:本站|本网(?![络站])|本平台)"
# Where "更多...请访问/关注/登录..." sends the reader when the site says it:
# to the site (本站, 我们, its WeChat account), a URL, its own links and
# pages (这里, 下方, 下一页, 全文), or to nothing named (the link follows).
# A notice sends its reader to its issuer (请登录学校官网, 请关注市人社局官方
# 网站), or to its URL: a host under gov.cn or edu.cn, which only government
# and schools are given, is never the site. The site's name is caught as a name.
_INSTITUTION_HOST = r"(?:https?://)?(?:[A-Za-z0-9-]+\.)+(?:gov|edu)\.cn(?![A-Za-z0-9.-])"
_TO_THE_SITE = (
    r"\s*(?:(?!"
    + _INSTITUTION_HOST
    + ")"
    + _DOMAIN
    + "|"
    + _THE_SITE
    + r"|我们的?(?:网站|公众号|微信|栏目|频道)|我们(?=\s*(?:[，,。；;！!]|$))"
    + r"|(?:微信)?(?:公众号|微信号|服务号)"
    + r"|(?:这里|此处|下方|下面|上方|链接|下一页|(?:阅读)?(?:全文|原文))"
    + r"|[:：]?\s*$)"
)
# Who or when wrote a cited work, before its title: an author (路遥, 鲁迅的),
# a dynasty or country mark (唐·李白, [清]曹雪芹, （美）海伦·凯勒), the
# author's own words leading to it (课后阅读鲁迅的). No digit: the site's
# essay titles count (2021年, 800字, 5篇).
_CITED_BY = r"[\u4e00-\u9fff·・•（）()〔〕\[\] ]{0,16}?"
# A label before a work's title (出处：《论语·学而》, 出处：唐·李白《静夜思》)
# cites the author's source.
_NOT_A_TITLE = r"(?!\s*" + _CITED_BY + "《)"
# A link-list label before the author's references is the author's reading
# list: works cited, each a title with its author or dynasty if any
# (推荐阅读：路遥《平凡的世界》、罗广斌《红岩》), or a sentence of the
# author's own, with a clause of its own and closed (延伸阅读：课后阅读鲁迅的
# 《朝花夕拾》，并写一篇读后感。). Before an essay's title, even one that
# opens with a work's (【推荐阅读】《觉醒年代》观后感5篇) or holds a comma
# (不忘初心，牢记使命心得体会), it is the site's related list.
_NOT_THE_AUTHORS_REFERENCES = (
    r"(?!\s*(?:(?:" + _CITED_BY + r"《[^《》]*》[\s、，,；;和及]*)+[。！]?$"
    r"|.*[，,；;].*[。！？][”’」』）)]*$))"
)
# What the site offers: its essays as documents (a Word file, the full text).
_MATERIAL = r"(?:更多)?(?:范文|资料|文档|(?i:word|docx?)|模板|全文|完整版|原文|电子版|精彩|干货)"
_DOCUMENT = r"(?:(?i:word|docx?|pdf)|文档|全文|完整版|原文|电子版|本文)"
# Where the site points the reader to click: its own button or link.
_CLICK_HERE = (
    r"(?:点击|点|按)?(?:这里|此处|下方|下面|上方|右侧|左侧|底部)(?:的)?(?:按钮|链接)?"
    r"|点击(?:按钮|链接|下载)"
)
# A clause that ends the call: nothing of the author's follows it in its sentence.
_CALL_ENDS = r"[^，,。！？!?；;]{0,15}(?:[。！!]|$)"
# A word that ends a clause, or the end of the line.
_CLAUSE_ENDS = r"(?=\s*(?:[，,。；;！!]|$))"
PROMO_PATTERNS = (
    r"本文(?:来源|出处)\s*[:：]",
    r"本站(?:网址|域名)",
    r"转载请",
    # The site invites the reader to more of it, in one clause or past a
    # comma ("更多范文请访问本站", "更多精彩内容，请关注我们的公众号"): where
    # it sends the reader tells. "更多的时候，请关注你身边的人。" and a
    # notice's "更多详情请登录学校官网查看。" are the author's.
    r"更多" + _CLAUSE + r"{0,40}?(?:[，,]\s*)?" + _INVITATION + _TO_THE_SITE,
    # A list of links: the label stands in brackets, before a colon, or alone.
    # A reading label that a colon ends heads the lines below it: a lesson
    # plan's 延伸阅读：, a reading plan's 推荐阅读：; the site's related-list
    # labels (相关文章, 相关推荐, 热门推荐) name links to its pages.
    r"(?:(?:推荐阅读|相关阅读|延伸阅读)\s*(?:[】\]〗〕」』）)]|[:：](?!\s*$)|$)"
    r"|(?:相关推荐|热门推荐|相关文章)\s*(?:[】\]〗〕」』）):：]|$))" + _NOT_THE_AUTHORS_REFERENCES,
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
    # A call to scan, follow or search the site's WeChat account (or reply
    # to it) for its material, the call closing its sentence: "关注公众号运营
    # 的规律，获取用户信任" and "扫码关注即可领取资料，是常见的引流手段" are
    # the author's.
    r"(?:微信)?(?:扫一扫|扫码|扫描(?:下方|上方|左侧|右侧|下面|上面)?二维码|长按(?:识别)?二维码"
    r"|(?:搜索|关注|添加)(?:我们的?|本站的?|官方)?(?:微信)?(?:公众号|微信号|服务号))"
    r"[^。！？!?]{0,30}?"
    r"(?:(?:获取|领取|下载|查看|阅读|免费)[^。！？!?，,]{0,6}?"
    + _MATERIAL
    + r"|回复\s*(?:关键[词字]|数字|编号|[“「『\x22]|\d|[A-Za-z]))"
    + _CALL_ENDS,
    # A call to download the essay as a document, pointing at the site's
    # button or labelling its link; after a "for reference only" lead-in.
    r"(?:以上[^，,。！？]{0,10}仅供(?:参考|学习|借鉴)[，,]\s*)?"
    r"(?:如需|如要|如果需要|需要|想要|欢迎)?(?:免费)?下载[^，,。！？]{0,10}?"
    + _DOCUMENT
    + r"(?:版|格式|文档)?(?:\s*[:：]|[^。！？]{0,12}?(?:"
    + _CLICK_HERE
    + r"))",
    r"点击(?:这里|此处|下方按钮)?下载[^，,。！？]{0,10}?" + _DOCUMENT + _NO_SENTENCE,
    r"(?i:word|docx?|pdf)\s*(?:版|文档|格式)?\s*(?:免费)?下载\s*[:：]",
    # A copyright or infringement notice: the site on where its texts come
    # from and whose they are. A notice an essay is about ("声明：本人自愿...",
    # "版权归作者所有是著作权法的原则") speaks of no website, and of 本文 only
    # to vouch for it ("声明：本人保证本文所述内容真实"), not of its rights
    # or origin ("本文为原创", "本文转载自...").
    r"(?:版权|免责|特别|郑重)?声明\s*[:：]\s*"
    r"(?=[^。！？]{0,30}?(?:"
    + _THE_SITE
    + r"|网友|来源于网络|来自网络|互联网|本文(?!件)[^，,。！？]{0,6}?"
    r"(?:原创|版权|转载|来源|来自|摘自|整理|仅代表)))",
    _THE_SITE + r"[^。！？]{0,20}?"
    r"(?:(?:来源于|来自|转载自?|摘自)(?:网络|互联网|网上)|转载|版权|侵权)",
    r"(?:文章|内容|本文|资料|图片|图文|素材|作品)(?:均|皆|部分|多|大多|大部分)?"
    r"(?:来源|来自|转载|收集|整理|摘编)(?:于|自)?(?:网络|互联网|网上)"
    r"(?=\s*(?:[，,。；;！!]|$|版权|如有|仅供))",
    r"版权(?:归|属于?)原?作者(?:所有)?" + _CLAUSE_ENDS,
    r"如有侵权[^。！？]{0,10}?(?:联系|告知|通知)[^。！？]{0,10}?删除",
    # A credit to whoever posted it on the site: "本文由某某网友投稿整理发布".
    # "本文由三部分组成", "本文是笔者调研后整理的" are the author's.
    r"(?:本文|此文|该文|文章|本篇(?:文章)?)(?:由|系|为|是)[^，,。！？]{0,20}?"
    r"(?:网友|用户|会员|小编|编辑部|" + _THE_SITE + r")[^，,。！？]{0,10}?"
    r"(?:投稿|整理|发布|上传|收集|提供|分享|推荐|转载)",
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
    page_title_separators: str = PAGE_TITLE_SEPARATORS
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

    @cached_property
    def page_title_tail_re(self) -> re.Pattern[str]:
        """<title>'s last part and what is before it, split at the last run of separators."""
        chars = re.escape(self.page_title_separators + self.page_title_separator)
        return re.compile(rf"(?P<head>.+?)\s*(?P<separator>[{chars}]+)\s*(?P<tail>[^{chars}]+)")

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


# The named groups each URL pattern must have: the category's slug, the
# essay's id, the page's number (a pattern without one cannot say which
# category or essay a URL belongs to).
URL_PATTERN_GROUPS = {
    "category_path": ("slug",),
    "list_page_path": ("slug", "page"),
    "article_path": ("slug", "id"),
    "continuation_path": ("slug", "id", "page"),
    "old_article_path": ("id",),
}


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
            profile.page_title_tail_re,
            profile.promo_res,
        )
    except re.error as exc:
        raise ProfileError(f"site profile {path}: bad pattern: {exc}") from exc
    for name, groups in URL_PATTERN_GROUPS.items():
        missing = [g for g in groups if g not in re.compile(getattr(profile, name)).groupindex]
        if missing:
            needed = ", ".join(f"(?P<{group}>...)" for group in missing)
            raise ProfileError(f"site profile {path}: {name} needs the named group(s) {needed}")
    return profile
