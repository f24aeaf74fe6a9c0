"""Reading list and article pages through the site profile."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawler import pages
from crawler.site_profile import DEFAULT_PROFILE as PROFILE
from crawler.site_profile import PageKind

BASE = "http://www.renrenfanwen.test/"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://www.renrenfanwen.test/", PageKind.HOME),
        ("http://www.renrenfanwen.test/dangjian/", PageKind.CATEGORY),
        ("http://www.renrenfanwen.test/dangjian/index.html", PageKind.CATEGORY),
        ("http://www.renrenfanwen.test/dangjian/other.html", PageKind.OTHER),
        ("http://www.renrenfanwen.test/dangjian/list_3_2.html", PageKind.LIST),
        ("http://www.renrenfanwen.test/dangjian/123456.html", PageKind.ARTICLE),
        ("http://www.renrenfanwen.test/dangjian/123456_2.html", PageKind.CONTINUATION),
        ("http://www.renrenfanwen.test/html/123456.html", PageKind.OLD_ARTICLE),
        ("http://www.renrenfanwen.test/plus/download.php?aid=1", PageKind.OTHER),
    ],
)
def test_page_kind(url: str, kind: PageKind) -> None:
    assert pages.page_kind(url, PROFILE) is kind


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("http://www.renrenfanwen.test/dangjian/1.html", True),
        ("http://www.renrenfanwen.test/plus/download.php?aid=1", False),
        ("http://www.renrenfanwen.test/member/login.php", False),
        ("http://m.renrenfanwen.test/dangjian/1.html", False),
        ("http://ads.example.com/x.html", False),
        ("javascript:addfav()", False),
    ],
)
def test_followable(url: str, allowed: bool) -> None:
    assert pages.followable(url, "www.renrenfanwen.test", PROFILE) is allowed


def test_mobile_mirror_is_never_followed_even_on_the_allowed_host() -> None:
    assert not pages.followable(
        "http://m.renrenfanwen.test/a/1.html", "m.renrenfanwen.test", PROFILE
    )


LIST_PAGE = """<html><body>
<div class="position">当前位置:<a href="/">首页</a> &gt; <a href="/dangjian/">党建</a></div>
<ul class="list">
  <li><a href="/dangjian/2.html" title="党建调研报告">党建调研报告</a><span class="date">2020-03-02</span></li>
  <li><a href="3.html" title="述职报告"> 述职报告 </a><span class="date">03-01</span></li>
  <li><span>no link</span></li>
</ul>
<div class="pages"><a href="/dangjian/">首页</a><a href="/dangjian/list_3_2.html">2</a>
<a href="/dangjian/list_3_9.html">末页</a>
<span class="pageinfo">共 <strong>9</strong>页<strong>170</strong>条</span></div>
</body></html>"""


def test_list_entries() -> None:
    entries = pages.list_entries(Selector(LIST_PAGE), BASE + "dangjian/", PROFILE)
    assert entries == [
        pages.ListEntry(BASE + "dangjian/2.html", "党建调研报告", "2020-03-02"),
        pages.ListEntry(BASE + "dangjian/3.html", "述职报告", "03-01"),
    ]


def test_list_entry_essay_link_date_markup_and_label() -> None:
    selector = Selector(
        "<html><body><ul class='list'>"
        "<li>[<a href='/dangjian/'>党建</a>] <a href='/dangjian/105.html' title='述职报告'>"
        "述职报告</a><span class='date'><font color='red'>01-02</font></span></li>"
        "<li><a href='/dangjian/104.html'>心得体会</a>"
        "<span class='date'>发布时间：2021-01-01</span></li></ul></body></html>"
    )
    assert pages.list_entries(selector, BASE + "dangjian/", PROFILE) == [
        pages.ListEntry(BASE + "dangjian/105.html", "述职报告", "01-02"),
        pages.ListEntry(BASE + "dangjian/104.html", None, "发布时间：2021-01-01"),
    ]


def test_pager_total_and_breadcrumb() -> None:
    selector = Selector(LIST_PAGE)
    assert pages.pager_total(selector, PROFILE) == 9
    assert pages.breadcrumb_category(selector, BASE, PROFILE) == ("党建", BASE + "dangjian/")


BROKEN_LINKS = """<html><body>
<div class="position"><a href="http://[oops/">坏</a><a href="/dangjian/">党建</a></div>
<ul class="list"><li><a href="http://[oops/1.html">坏</a></li>
<li><a href="/dangjian/2.html">好</a></li></ul>
<a href="http://[oops/x.html">坏</a><a href="/dangjian/3.html">好</a>
</body></html>"""


def test_a_link_no_url_parser_reads_costs_no_other_link() -> None:
    selector = Selector(BROKEN_LINKS)
    assert pages.links(selector, "a::attr(href)", BASE) == [
        BASE + "dangjian/",
        BASE + "dangjian/2.html",
        BASE + "dangjian/3.html",
    ]
    assert pages.list_entries(selector, BASE, PROFILE) == [
        pages.ListEntry(BASE + "dangjian/2.html", None, None)
    ]
    assert pages.breadcrumb_category(selector, BASE, PROFILE) == ("党建", BASE + "dangjian/")


@pytest.mark.parametrize("url", ["http://[oops/dangjian/1.html", "http://[::1"])
def test_url_rules_refuse_a_url_no_parser_reads(url: str) -> None:
    assert pages.page_kind(url, PROFILE) is PageKind.OTHER
    assert not pages.followable(url, "[oops", PROFILE)
    assert pages.category_slug(url, PROFILE) is None


ARTICLE = """<html><head><title>党建调研报告_范文大全_人人范文网</title></head><body>
<div class="position">当前位置:<a href="/">首页</a> &gt; <a href="/fanwendaquan/">范文大全</a> &gt; 正文</div>
<div class="article"><h1>党建 调研报告</h1>
<div class="info">发布时间:2020-03-02 13:29:16 来源:范文大全 <a href="javascript:addfav()">收藏本文</a></div>
<div class="content" id="content"><p>正文。</p></div>
<div class="pages">共3页: <a href="/fanwendaquan/7.html">1</a><span class="current">2</span>
<a href="/fanwendaquan/7_3.html">3</a><a href="/fanwendaquan/7_2.html">下一页</a>
<a href="/fanwendaquan/8_2.html">other essay</a></div>
</div></body></html>"""


def test_article_fields() -> None:
    selector = Selector(ARTICLE)
    url = BASE + "fanwendaquan/7.html"
    assert pages.essay_title(selector, PROFILE) == "党建 调研报告"
    assert (
        pages.info_line(selector, PROFILE) == "发布时间:2020-03-02 13:29:16 来源:范文大全 收藏本文"
    )
    assert pages.breadcrumb_category(selector, url, PROFILE) == ("范文大全", BASE + "fanwendaquan/")
    assert pages.continuation_urls(selector, url, PROFILE) == [
        BASE + "fanwendaquan/7_2.html",
        BASE + "fanwendaquan/7_3.html",
    ]


@pytest.mark.parametrize(
    "pager",
    [
        # DedeCMS's own pager markup, inside the article.
        "<div class='article'><div class='content'><p>正文。</p></div>"
        "<div class='dede_pages'><ul class='pagelist'><li><a>共3页: </a></li>"
        "<li class='thisclass'><a href='#'>1</a></li><li><a href='7_2.html'>2</a></li>"
        "<li><a href='7_3.html'>3</a></li><li><a href='7_2.html'>下一页</a></li></ul></div></div>",
        # A pager after the article, and one in a <p>.
        "<div class='article'><div class='content'><p>正文。</p></div></div>"
        "<div class='pages'>共3页: <a href='/fanwendaquan/7_2.html'>2</a>"
        " <a href='/fanwendaquan/7_3.html'>3</a></div>",
        "<div class='article'><div class='content'><p>正文。</p></div>"
        "<p class='pages' align='center'>共3页: <a href='7_3.html'>3</a>"
        " <a href='http://www.renrenfanwen.test/fanwendaquan/7_2.html'>2</a></p></div>",
        # Inside the content block, with links to other essays' pages around it.
        "<div class='article'><div class='content'><p>正文。</p>"
        "<div class='pagelist'><a href='7_2.html'>2</a> <a href='7_3.html'>3</a></div>"
        "<a href='/fanwendaquan/17_2.html'>another essay</a>"
        "<a href='/dangjian/7_4.html'>another category's essay 7</a></div></div>",
    ],
)
def test_continuation_pages_are_found_wherever_the_pager_is(pager: str) -> None:
    selector = Selector(f"<html><body>{pager}</body></html>")
    url = BASE + "fanwendaquan/7.html"
    assert pages.continuation_urls(selector, url, PROFILE) == [
        BASE + "fanwendaquan/7_2.html",
        BASE + "fanwendaquan/7_3.html",
    ]


@pytest.mark.parametrize(
    ("trail", "category"),
    [
        (
            "<a href='/'>首页</a> &gt; <a href='/fanwendaquan/'>范文大全</a> &gt; "
            "<a href='/dangjian/index.html'>党建</a> &gt; 正文",
            ("党建", BASE + "dangjian/index.html"),
        ),
        (
            "<a href='/'>首页</a> &gt; <a href='/dangjian/'>党建</a> &gt; 正文 "
            "<a href='http://m.renrenfanwen.test/dangjian/'>手机版</a>"
            "<a href='http://www.other-site.test/fanwendaquan/'>友情链接</a>",
            ("党建", BASE + "dangjian/"),
        ),
    ],
)
def test_breadcrumb_category_is_the_last_category_of_this_site(
    trail: str, category: tuple[str, str]
) -> None:
    selector = Selector(f"<html><body><div class='position'>当前位置:{trail}</div></body></html>")
    url = BASE + "dangjian/7.html"
    assert pages.breadcrumb_category(selector, url, PROFILE) == category


def test_title_falls_back_to_the_page_title() -> None:
    selector = Selector(
        "<html><head><title>述职报告_党建_人人范文网</title></head><body></body></html>"
    )
    assert pages.essay_title(selector, PROFILE) == "述职报告"


@pytest.mark.parametrize(
    "heading",
    [
        '党建<span style="display:none">人人范文网</span>调研报告',
        '党建<font color="#ffffff">renrenfanwen</font>调研报告',
        '党建<i class="wm">人人范文网</i>调研报告',
    ],
)
def test_hidden_text_in_the_heading_is_not_the_title(heading: str) -> None:
    selector = Selector(
        "<html><head><style>.wm{font-size:0}</style></head><body>"
        f"<div class='article'><h1>{heading}</h1></div></body></html>"
    )
    assert pages.essay_title(selector, PROFILE) == "党建调研报告"


def test_a_hidden_date_in_the_info_line_is_not_read() -> None:
    selector = Selector(
        "<html><body><div class='article'><div class='info'>"
        '<span style="display:none">发布时间:2008-08-08 08:08:08</span>'
        "发布时间:2020-03-02 13:29:16 来源:<a href='/dangjian/'>党建</a>"
        " <a href='javascript:addfav()'>收藏本文</a></div></div></body></html>"
    )
    assert pages.info_line(selector, PROFILE) == "发布时间:2020-03-02 13:29:16 来源:党建 收藏本文"


def test_no_title_anywhere() -> None:
    assert pages.essay_title(Selector("<html><head><title></title></head></html>"), PROFILE) is None


@pytest.mark.parametrize(
    ("html", "soft"),
    [
        (
            "<html><head><title>系统提示</title></head><body>文章不存在或已被删除</body></html>",
            True,
        ),
        ("<html><body><div class='msg'>文章不存在或已被删除</div></body></html>", True),
        (
            "<html><body><div class='content'>他说：“系统提示我重新登录。”</div></body></html>",
            False,
        ),
        ("<html><body><p>nothing</p></body></html>", False),
        # The message inside the site's article template.
        (
            "<html><head><title>系统提示_人人范文网</title></head><body>"
            "<div class='article'><h1>系统提示</h1><div class='content'>"
            "<p>对不起，您访问的文章不存在或已被删除！</p><a href='/'>返回首页</a>"
            "</div></div></body></html>",
            True,
        ),
        (
            "<html><head><title>党建调研报告_人人范文网</title></head><body>"
            "<div class='content'><p>该文档不存在！</p></div></body></html>",
            True,
        ),
        # DedeCMS's own message page.
        (
            "<html><head><title>DedeCMS 提示信息</title></head><body><div class='msgbox'>"
            "<b>DedeCMS 提示信息！</b><br>文档不存在！<a href='/'>如果你的浏览器没反应，"
            "请点击这里...</a></div></body></html>",
            True,
        ),
        # Essays that quote a marker have a body of their own.
        (
            "<html><head><title>系统提示音设计方案_人人范文网</title></head><body>"
            "<div class='content'><p>" + "系统提示音应当简短清晰，便于用户识别。" * 8 + "</p>"
            "</div></body></html>",
            False,
        ),
        (
            "<html><head><title>网络信息管理办法_人人范文网</title></head><body>"
            "<div class='content'><p>"
            + "对违规发布的信息，经核实后予以删除，删除后页面显示文章不存在或已被删除。" * 4
            + "</p></div></body></html>",
            False,
        ),
    ],
)
def test_soft_404(html: str, soft: bool) -> None:
    assert pages.is_soft_404(Selector(html), PROFILE) is soft
