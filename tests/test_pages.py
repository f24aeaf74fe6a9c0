"""Reading list and article pages through the site profile."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
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


# -- A hidden decoy heading or info line is not the page's -------------------
DECOY_PAGE = (
    "<html><head><title>党建调研报告_范文大全_人人范文网</title>"
    "<style>.seo{{display:none}} @media print{{.print-only{{display:none}}}}</style>"
    "</head><body><div class='article'>{heading}"
    "<div class='info'>发布时间:2020-03-02 13:29:16</div></div></body></html>"
)


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (
            '<h1 style="display:none">党建调研报告范文大全免费下载</h1><h1>党建调研报告</h1>',
            "党建调研报告",
        ),
        ('<h1 class="seo">党建调研报告范文大全免费下载</h1><h1>党建调研报告</h1>', "党建调研报告"),
        ("<h1 hidden>党建调研报告范文大全免费下载</h1><h1>党建调研报告</h1>", "党建调研报告"),
        (
            '<div style="display:none"><h1>党建调研报告范文大全免费下载</h1></div><h1>党建调研报告</h1>',
            "党建调研报告",
        ),
        (
            '<h1 style="position:absolute;left:-9999px">党建调研报告范文</h1><h1>党建调研报告</h1>',
            "党建调研报告",
        ),
        (
            '<h1 style="font-size:0">党建调研报告范文大全</h1><h1>党建调研报告</h1>',
            "党建调研报告",
        ),
        # A hidden heading with markup inside: the visible one, not <title>.
        (
            '<h1 style="display:none">旧标题<b>范文</b></h1><h1>党建调研报告（二）</h1>',
            "党建调研报告（二）",
        ),
        # Neighbours: the first heading shows, so it is the title.
        ("<h1>党建调研报告（一）</h1><h1 class='seo'>党建调研报告范文</h1>", "党建调研报告（一）"),
        (
            "<h1 class='print-only'>党建调研报告（一）</h1><h1>党建调研报告</h1>",
            "党建调研报告（一）",
        ),
        (
            "<h1 style='color:red'>党建调研报告（一）</h1><h1>党建调研报告</h1>",
            "党建调研报告（一）",
        ),
    ],
)
def test_the_title_is_the_first_heading_a_reader_sees(heading: str, title: str) -> None:
    selector = Selector(DECOY_PAGE.format(heading=heading))
    assert pages.essay_title(selector, PROFILE) == title


@pytest.mark.parametrize(
    "decoy",
    [
        '<div class="info" style="display:none">发布时间:2011-11-11 11:11:11</div>',
        '<div class="info seo">发布时间:2011-11-11 11:11:11</div>',
        '<div style="display:none"><div class="info">发布时间:2011-11-11 11:11:11</div></div>',
    ],
)
def test_the_info_line_is_the_first_one_a_reader_sees(decoy: str) -> None:
    selector = Selector(DECOY_PAGE.format(heading=f"<h1>党建调研报告</h1>{decoy}"))
    assert pages.info_line(selector, PROFILE) == "发布时间:2020-03-02 13:29:16"


# -- <title>: the site's parts after the essay's title go --------------------
TITLED_PAGE = (
    "<html><head><title>{title}</title></head><body>"
    "<div class='nav'><a href='/dangjian/'>党建</a> <a href='/fanwendaquan/'>范文大全</a></div>"
    "<div class='article'><div class='content'><p>正文。</p></div></div></body></html>"
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("党建调研报告_范文大全_人人范文网", "党建调研报告"),
        ("党建调研报告 - 人人范文网", "党建调研报告"),
        ("党建调研报告 - 范文大全 - 人人范文网", "党建调研报告"),
        ("党建调研报告|人人范文网", "党建调研报告"),
        ("党建调研报告 ｜ 党建 ｜ 人人范文网", "党建调研报告"),
        ("党建调研报告——人人范文网", "党建调研报告"),
        ("党建调研报告-人人范文网", "党建调研报告"),
        ("党建调研报告 – 人人范文网", "党建调研报告"),
        ("党建调研报告·人人范文网", "党建调研报告"),
        ("党建调研报告 - www.renrenfanwen.com", "党建调研报告"),
        # Neighbours: a hyphen of the title's own, and parts that name neither
        # the site nor a category the page links, stay.
        ("2020-2021学年工作总结-人人范文网", "2020-2021学年工作总结"),
        ("2020-2021学年工作总结_范文大全_人人范文网", "2020-2021学年工作总结"),
        ("中-英对照", "中-英对照"),
        ("中-英对照 - 人人范文网", "中-英对照"),
        ("《论语·学而》读后感", "《论语·学而》读后感"),
        ("述职报告 - 个人总结 - 人人范文网", "述职报告 - 个人总结"),
    ],
)
def test_the_fallback_title_loses_the_sites_parts(title: str, expected: str) -> None:
    assert pages.essay_title(Selector(TITLED_PAGE.format(title=title)), PROFILE) == expected


_TITLE_CHARS = st.sampled_from("调研报告工作总结中英对照学年述职2021-—·|《》（）")
_SEPARATORS = st.sampled_from(["_", "-", " - ", "|", " | ", "——", " — ", "｜", "–", "·"])


@given(
    title=st.text(_TITLE_CHARS, min_size=1, max_size=20).filter(lambda t: t.strip(" -—·|") == t),
    separator=_SEPARATORS,
)
def test_a_title_keeps_all_of_itself_and_nothing_of_the_site(title: str, separator: str) -> None:
    for page_title in (title, title + separator + "人人范文网"):
        selector = Selector(TITLED_PAGE.format(title=page_title))
        assert pages.essay_title(selector, PROFILE) == title


# -- A soft 404's title is the message box's, not one that contains its words --
NOTICE = (
    "<p>　　尊敬的各位业主：因供电线路检修，本小区将于3月2日8:00至18:00停电，"
    "请提前做好准备。给您带来不便，敬请谅解！</p><p>　　物业服务中心</p>"
)


@pytest.mark.parametrize(
    ("title", "soft"),
    [
        ("停电温馨提示信息_范文大全_人人范文网", False),
        ("电脑系统提示音怎么关闭_范文大全_人人范文网", False),
        ("系统提示信息安全管理制度 - 人人范文网", False),
        ("停电通知_范文大全_人人范文网", False),
        # Neighbours: the message box's own titles, over the same short text.
        ("系统提示", True),
        ("提示信息", True),
        ("DedeCMS提示信息", True),
        ("DEDECMS 提示信息！", True),
        ("系统提示 - 人人范文网", True),
        ("系统提示_范文大全_人人范文网", True),
        ("人人范文网提示信息", True),
    ],
)
def test_a_short_essay_whose_title_contains_a_message_word_is_no_soft_404(
    title: str, soft: bool
) -> None:
    html = (
        f"<html><head><title>{title}</title></head><body>"
        "<div class='nav'><a href='/fanwendaquan/'>范文大全</a></div>"
        f"<div class='article'><div class='content'>{NOTICE}</div></div></body></html>"
    )
    assert pages.is_soft_404(Selector(html), PROFILE) is soft


@pytest.mark.parametrize(
    ("head", "base"),
    [
        ("", "http://x.test/dangjian/124870.html"),
        ("<base href='/'>", "http://x.test/"),
        ("<base href='../html/'>", "http://x.test/html/"),
        ("<base href='http://www.x.test/a/'><base href='/b/'>", "http://www.x.test/a/"),
        ("<base target='_blank'>", "http://x.test/dangjian/124870.html"),
        ("<base href='  '>", "http://x.test/dangjian/124870.html"),
    ],
)
def test_links_resolve_against_the_first_base_href(head: str, base: str) -> None:
    selector = Selector(f"<html><head>{head}</head><body></body></html>")
    assert pages.document_base(selector, "http://x.test/dangjian/124870.html") == base
