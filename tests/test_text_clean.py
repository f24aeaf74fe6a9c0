"""clean_page / join_pages / clean_essay: the essay block, its paragraphs, its pages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crawler.site_profile import DEFAULT_PROFILE, SiteProfile
from crawler.text import clean_essay, clean_page, join_pages

LONG_OPEN = "截止2009年10月，开发区已有入园企业355家，累计合同外资和实到外资分别为8.3亿美元和"


def page(content: str, before: str = "") -> str:
    return (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        f"</head><body>{before}<div class='article'><h1>标题</h1>"
        "<div class='info'>发布时间:2020-03-02 13:29:16 来源:范文大全</div>"
        f"<div class='content' id='content'>{content}</div>"
        "<div class='related'><ul><li>标题</li></ul></div></div>"
        "<div class='footer'>人人范文网</div></body></html>"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<p>　　第一段。</p><p>　　第二段。</p>", ["第一段。", "第二段。"]),
        (
            "　　第一段。<br>　　第二段。<br/><br/>　　第三段。",
            ["第一段。", "第二段。", "第三段。"],
        ),
        ("<p>第一行。<br>第二行。</p>", ["第一行。", "第二行。"]),
        (
            "直接写在块里。<div>块元素当段落。</div>块后的文字。",
            ["直接写在块里。", "块元素当段落。", "块后的文字。"],
        ),
        ("<div><div>嵌套的块。</div></div>", ["嵌套的块。"]),
        ("<p>加<b>粗</b>和<a href='/'>链接</a>都是行内。</p>", ["加粗和链接都是行内。"]),
        ("<p></p><p>&nbsp;</p><p>　　</p><p>正文。</p><br><br>", ["正文。"]),
        ("<p>镕喆昇堃</p>", ["镕喆昇堃"]),
    ],
)
def test_paragraph_sources(content: str, expected: list[str]) -> None:
    assert clean_page(page(content)) == expected


@pytest.mark.parametrize(
    "chrome",
    [
        "<script>var a = '广告';</script>",
        "<style>.a{color:red}</style>",
        "<noscript>广告</noscript>",
        "<iframe src='/ad'>广告</iframe>",
        "<ins>广告</ins>",
        "<div class='related'><h3>相关推荐</h3><ul><li>标题</li></ul></div>",
        "<div class='download'><p>《标题.doc》</p><a>点击下载文档</a></div>",
        "<div class='info'>发布时间:2020-03-02 来源:范文大全</div>",
        "<div class='pages'><a>1</a><a>下一页</a></div>",
        "<div class='position'>当前位置:首页</div>",
        "<div class='ad'>广告</div>",
        "<div class='ads'>广告</div>",
        "<div class='ad-banner'>广告</div>",
        "<div id='ad_300'>广告</div>",
    ],
)
def test_chrome_inside_the_content_block_is_dropped(chrome: str) -> None:
    assert clean_page(page(f"<p>正文第一段。</p>{chrome}<p>正文第二段。</p>")) == [
        "正文第一段。",
        "正文第二段。",
    ]


def test_chrome_outside_the_content_block_never_enters() -> None:
    assert clean_page(page("<p>正文。</p>")) == ["正文。"]


def test_article_block_is_preferred_over_an_earlier_one() -> None:
    sidebar = "<div class='side'><div class='content'>侧栏热门文章</div></div>"
    assert clean_page(page("<p>正文。</p>", before=sidebar)) == ["正文。"]


def test_promo_lines_are_dropped_before_joining() -> None:
    content = f"<p>{LONG_OPEN}</p><p>本文来源:人人范文网</p><p>3.9亿美元。</p>"
    assert clean_page(page(content)) == [LONG_OPEN + "3.9亿美元。"]


def test_sister_site_profile_selects_its_own_block() -> None:
    sister = SiteProfile(content="div#article-body", content_chrome=("div.tips",))
    html = "<div id='article-body'><p>正文。</p><div class='tips'>提示</div></div>"
    assert clean_page(html, sister) == ["正文。"]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n ",
        "纯文本，没有标签。",
        "<",
        "<!-- 只有注释 -->",
        "\x00\x01\x02",
        "<div class='content'>\x00\ufffd</div>",
        "<?xml version='1.0' encoding='gb2312'?><html></html>",
        "<html><body><div class='content'></div></body></html>",
        "<div class='content'><p>未闭合<b><i><u>",
        "\ud800<div class='content'>孤立代理项</div>",
        "<div class='content'>" + "<div>" * 5000 + "深层嵌套。" + "</div>" * 5000 + "</div>",
        "<div class='content'>" + "<span>" * 5000 + "深层嵌套。",
    ],
)
def test_never_raises_nor_emits_replacement_characters(html: str) -> None:
    paragraphs = clean_page(html)
    assert all(paragraph and "\ufffd" not in paragraph for paragraph in paragraphs)


def test_a_thousand_unclosed_tags_keep_the_text_after_them() -> None:
    html = "<div class='content'>前文。" + "<font>" * 1000 + "深层嵌套。<br>后文。</div>"
    assert clean_page(html) == ["前文。深层嵌套。", "后文。"]


def test_text_without_a_content_block_is_not_an_essay() -> None:
    assert clean_page("<html><body><p>系统提示：文章不存在或已被删除</p></body></html>") == []


def test_join_pages_joins_a_sentence_broken_at_the_boundary() -> None:
    pages = [["第一页第一段。", LONG_OPEN], ["3.9亿美元;就业人口达到5万人。", "第二页第二段。"]]
    assert join_pages(pages) == [
        "第一页第一段。",
        LONG_OPEN + "3.9亿美元;就业人口达到5万人。",
        "第二页第二段。",
    ]


@pytest.mark.parametrize(
    "pages",
    [
        [["第一页。"], ["第二页。"]],
        [[LONG_OPEN], ["一、第二页的标题"]],
        [["一、第一页末尾的标题"], ["第二页的正文。"]],
    ],
)
def test_join_pages_keeps_finished_paragraphs_and_headings_apart(pages: list[list[str]]) -> None:
    assert join_pages(pages) == [paragraph for page in pages for paragraph in page]


def test_join_pages_skips_empty_pages() -> None:
    assert join_pages([[LONG_OPEN], [], ["3.9亿美元。"]]) == [LONG_OPEN + "3.9亿美元。"]


def test_join_pages_of_nothing() -> None:
    assert join_pages([]) == []


def test_clean_essay_joins_pages_in_order() -> None:
    pages = [page(f"<p>第一页。</p><p>{LONG_OPEN}</p>"), page("<p>3.9亿美元。</p><p>第二页。</p>")]
    assert clean_essay(pages) == ["第一页。", LONG_OPEN + "3.9亿美元。", "第二页。"]


ESSAY = "开发区党委始终坚持把党建工作作为园区发展的核心和灵魂。"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # A URL, 出处 or 来源 in the author's own sentence is essay text.
        (
            f"<p>{ESSAY}</p><p>　　群众可以登录www.zjzwfw.gov.cn办理相关业务，实现“最多跑一次”。</p>",
            [ESSAY, "群众可以登录www.zjzwfw.gov.cn办理相关业务，实现“最多跑一次”。"],
        ),
        (
            f"<p>{ESSAY}</p><p>　　出处：《论语·学而》。子曰：学而时习之，不亦说乎？</p>",
            [ESSAY, "出处：《论语·学而》。子曰：学而时习之，不亦说乎？"],
        ),
        (
            f"<p>{ESSAY}</p><p>　　资金来源：一是财政拨款，二是社会捐助。</p>",
            [ESSAY, "资金来源：一是财政拨款，二是社会捐助。"],
        ),
        # A promo after the author's sentence on the same line: the sentence stays.
        (f"<p>　　{ESSAY}本文来源:人人范文网</p>", [ESSAY]),
        (
            f"{ESSAY}<br>本文来源:人人范文网 www.renrenfanwen.com<br>　　开发区党支部始终坚持站高一步。",
            [ESSAY, "开发区党支部始终坚持站高一步。"],
        ),
    ],
)
def test_promo_is_cut_and_the_authors_text_kept(content: str, expected: list[str]) -> None:
    assert clean_page(page(content)) == expected


@pytest.mark.parametrize(
    "promo",
    [
        "（更多精彩范文，请关注本站党建栏目）",
        "【本文来源：范文大全栏目】",
        "[推荐阅读] 党建工作总结范文5篇",
        "〖推荐阅读〗党建工作总结范文5篇",
        "相关文章：党建工作总结范文",
        "转载请保留本文链接，谢谢！",
        "本站网址：renrenfanwen.com 欢迎收藏",
    ],
)
def test_promo_line_in_any_bracket_is_dropped(promo: str) -> None:
    assert clean_page(page(f"<p>{ESSAY}</p><p>{promo}</p><p>{ESSAY}</p>")) == [ESSAY, ESSAY]


BODY = "开发区党委始终坚持把党建工作作为园区发展的核心和灵魂，坚持高起点规划和定位园区党的建设。"
# Longer than a title, with commas: only its markup says it is a heading.
LONG_HEADING = (
    "坚持以新时代中国特色社会主义思想为指导，全面加强开发区党的政治建设思想建设和组织建设"
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            f"<p>{BODY}</p><h3>强化组织引领，夯实发展根基</h3><p>{BODY}</p>",
            [BODY, "强化组织引领，夯实发展根基", BODY],
        ),
        (
            f"<p>{BODY}</p><p><strong>　　强化组织引领，夯实发展根基</strong></p><p>{BODY}</p>",
            [BODY, "强化组织引领，夯实发展根基", BODY],
        ),
        (f"<h3>{LONG_HEADING}</h3><p>{BODY}</p>", [LONG_HEADING, BODY]),
        (f"<p><b>{LONG_HEADING}</b></p><p>{BODY}</p>", [LONG_HEADING, BODY]),
        (f"{LONG_HEADING}<br><b>{LONG_HEADING}</b><br>{BODY}", [LONG_HEADING, LONG_HEADING, BODY]),
        (f"<p>　　1.1 {LONG_HEADING}</p><p>{BODY}</p>", [f"1.1 {LONG_HEADING}", BODY]),
        (
            f"<p>　　2.3.1 坚持党建引领，推动园区发展</p><p>{BODY}</p>",
            ["2.3.1 坚持党建引领，推动园区发展", BODY],
        ),
        (f"<p>　　A．{LONG_HEADING}</p><p>{BODY}</p>", [f"A．{LONG_HEADING}", BODY]),
        (
            f"<p>　　关于开发区党建、团建、工会工作的调研报告</p><p>{BODY}</p>",
            ["关于开发区党建、团建、工会工作的调研报告", BODY],
        ),
        # Neighbours: a heading ending with 。 is a sentence; bold inside a
        # paragraph does not make it a heading; a broken sentence still joins.
        (f"<h3>强化组织引领。</h3><p>{BODY}</p>", ["强化组织引领。", BODY]),
        (f"<p><b>{LONG_HEADING}</b>，和</p><p>{BODY}</p>", [f"{LONG_HEADING}，和{BODY}"]),
        (f"<p>{LONG_HEADING}</p><p>{BODY}</p>", [LONG_HEADING + BODY]),
        (f"<p>{LONG_OPEN}</p><p>3.9亿美元。</p>", [LONG_OPEN + "3.9亿美元。"]),
    ],
)
def test_headings_are_never_joined(content: str, expected: list[str]) -> None:
    assert clean_page(page(content)) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (f"<p>{BODY}\u200b</p><p>\u200b</p><p>{BODY}</p>", [BODY, BODY]),
        (f"<p>\ufeff　　{BODY}</p>", [BODY]),
        ("<p>开\u200c发\u200d区\u2060党委。</p><p>\ufeff\u2060 \u200b</p>", ["开发区党委。"]),
        (f"<p>一\u200b、指导思想</p><p>{BODY}</p>", ["一、指导思想", BODY]),
        (f"<p>{ESSAY}本文\u200b来源：人人范文网</p>", [ESSAY]),
    ],
)
def test_zero_width_characters_are_not_text(content: str, expected: list[str]) -> None:
    assert clean_page(page(content)) == expected


TWO_PARAGRAPHS = "<p>　　开发区党委始终坚持党建引领。</p><p>　　累计入园企业355家。</p>"


@pytest.mark.parametrize(
    "chrome",
    [
        # A related list without its own class, under a bare heading.
        "<h3>相关推荐</h3><ul><li><a href='/dangjian/456.html'>党建调研报告</a></li>"
        "<li><a href='/dangjian/457.html'>党建调研报告</a></li></ul>",
        "<ul class='xglist'><li><a href='/dangjian/456.html'>党建调研报告</a></li></ul>",
        # Previous and next essays.
        "<div class='prenext'><p>上一篇：<a href='/dangjian/455.html'>党建调研报告</a></p>"
        "<p>下一篇：<a href='/dangjian/458.html'>入党申请书范文</a></p></div>",
        # DedeCMS's pager, and a pager in plain text around its links.
        "<div class='dede_pages'><ul class='pagelist'><li><a>共3页: </a></li>"
        "<li class='thisclass'><a href='#'>1</a></li><li><a href='7_2.html'>2</a></li>"
        "<li><a href='7_2.html'>下一页</a></li></ul></div>",
        "<p>共3页: <a href='7.html'>上一页</a> <a href='7.html'>1</a> <span>2</span>"
        " <a href='7_3.html'>3</a> <a href='7_3.html'>下一页</a></p>",
        # The download box as bare paragraphs.
        "<p>《党建调研报告.doc》</p><p>将本文的Word文档下载到电脑，方便编辑。</p>"
        "<p>推荐度: ★★★★★</p><p><a href='/plus/download.php?aid=7'>点击下载文档</a></p>",
    ],
)
def test_navigation_and_the_download_box_inside_the_content_are_not_text(chrome: str) -> None:
    assert clean_page(page(TWO_PARAGRAPHS + chrome)) == [
        "开发区党委始终坚持党建引领。",
        "累计入园企业355家。",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # A sentence of the essay that carries links ends with its punctuation.
        (
            "<p>详见《<a href='http://www.gov.cn/zhengce/1.htm'>关于加强基层党建工作的意见</a>》。</p>",
            ["详见《关于加强基层党建工作的意见》。"],
        ),
        (
            "<p><a href='/dangjian/'>党建</a>工作要<a href='/x/'>落到实处</a>！</p>",
            ["党建工作要落到实处！"],
        ),
        # A long paragraph inside a stray link is no link list.
        (
            "<a href='/'><p>" + "开发区坚持把党建工作作为园区发展的核心，" * 4 + "</p></a>",
            ["开发区坚持把党建工作作为园区发展的核心，" * 4],
        ),
        # Text that merely mentions pages or a recommendation.
        ("<p>全书共3页，请仔细阅读。</p>", ["全书共3页，请仔细阅读。"]),
    ],
)
def test_the_essays_own_links_and_words_stay(content: str, expected: list[str]) -> None:
    assert clean_page(page(content)) == expected


# Navigation is judged by where its links go: the site's own essay, list,
# category and continuation pages, in a list (a run of such lines, a list
# item or table cell) or labelled 上一篇/下一篇/上一页/下一页.
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # Links to other hosts: a reference list, an <ol> of documents.
        (
            "<p>本文研究了基层党建工作的若干问题。</p><p>参考文献：</p>"
            "<p>[1] <a href='http://www.cnki.net/kcms/detail/123.html'>习近平谈治国理政</a></p>"
            "<p>[2] <a href='http://www.xinhuanet.com/politics/2019.htm'>关于加强党的建设的意见</a></p>"
            "<p>[3] 张三.基层党建研究[J].党建研究,2019(3):12-15.</p>",
            [
                "本文研究了基层党建工作的若干问题。",
                "参考文献：",
                "[1] 习近平谈治国理政",
                "[2] 关于加强党的建设的意见",
                "[3] 张三.基层党建研究[J].党建研究,2019(3):12-15.",
            ],
        ),
        (
            "<p>　　学习资料如下，请各支部认真组织学习。</p>"
            "<ol><li><a href='http://www.gov.cn/a.htm'>中国共产党章程</a></li>"
            "<li><a href='http://www.gov.cn/b.htm'>中国共产党纪律处分条例</a></li></ol>",
            ["学习资料如下，请各支部认真组织学习。", "中国共产党章程", "中国共产党纪律处分条例"],
        ),
        # A download of the author's, DedeCMS's keyword link, an e-mail address.
        (
            "<p>　　现将有关事项通知如下，请遵照执行。</p>"
            "<p>附件：<a href='/uploads/1.doc'>1.党建工作考核细则</a></p><p>附件：2.考核评分表</p>",
            [
                "现将有关事项通知如下，请遵照执行。",
                "附件：1.党建工作考核细则",
                "附件：2.考核评分表",
            ],
        ),
        (
            f"<p>{ESSAY}</p><p>二、加强<a href='/tags.php?/党风廉政建设/'>党风廉政建设</a></p>"
            "<p>　　全年开展廉政教育12次。</p>",
            [ESSAY, "二、加强党风廉政建设", "全年开展廉政教育12次。"],
        ),
        (
            "<p>　　欢迎来稿。</p><p>联系邮箱：<a href='mailto:dangban@sz.gov.cn'>dangban@sz.gov.cn</a></p>",
            ["欢迎来稿。", "联系邮箱：dangban@sz.gov.cn"],
        ),
        (
            f"<p><a href='/tag/dangjian.html'>一、党建工作总体情况</a></p><p>{ESSAY}</p>",
            ["一、党建工作总体情况", ESSAY],
        ),
        # An isolated line linking to one of the site's essays is the author's.
        (
            f"<p>{ESSAY}</p><p>参见<a href='/dangjian/456.html'>党建调研报告</a></p>",
            [ESSAY, "参见党建调研报告"],
        ),
        # Links to places in the essay itself (its notes) go nowhere else.
        (
            f"<p>{ESSAY}</p><ul><li><a href='#n1'>注释一</a></li><li><a href='#n2'>注释二</a></li></ul>",
            [ESSAY, "注释一", "注释二"],
        ),
    ],
)
def test_the_authors_linked_lines_stay(content: str, expected: list[str]) -> None:
    assert clean_page(page(content)) == expected


@pytest.mark.parametrize(
    "chrome",
    [
        # Related essays as bare paragraphs, relative and absolute on the site.
        "<p><a href='/dangjian/456.html'>党建调研报告</a></p>"
        "<p><a href='http://www.renrenfanwen.test/dangjian/457.html'>入党申请书</a></p>",
        # List pages and categories in table cells.
        "<table><tr><td><a href='/dangjian/list_3_2.html'>党建范文</a></td>"
        "<td><a href='/gongzuo/'>工作总结</a></td></tr></table>",
        # A labelled line alone, and a pager of relative links in <p>s.
        "<p>下一篇：<a href='../dangjian/458.html'>入党申请书范文</a></p>",
        "<p><a href='7.html'>上一页</a></p><p><a href='7_3.html'>下一页</a></p>",
    ],
)
def test_links_to_the_sites_own_pages_are_navigation(chrome: str) -> None:
    assert clean_page(page(TWO_PARAGRAPHS + chrome)) == [
        "开发区党委始终坚持党建引领。",
        "累计入园企业355家。",
    ]


# Markup that starts a unit (a list item, a table cell) and label lines
# (``会议地点：...``) are never joined onto the line above.
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "<p>　　会议安排如下。</p><ul><li>会议时间：2020年3月2日上午9时至11时30分</li>"
            "<li>会议地点：县委党校三楼第一会议室（报告厅）</li>"
            "<li>参会人员：全体机关党员干部及入党积极分子</li></ul>",
            [
                "会议安排如下。",
                "会议时间：2020年3月2日上午9时至11时30分",
                "会议地点：县委党校三楼第一会议室（报告厅）",
                "参会人员：全体机关党员干部及入党积极分子",
            ],
        ),
        (
            "<p>　　重点任务分解表：</p><table border='1'>"
            "<tr><td>任务内容</td><td>完成时限</td></tr>"
            "<tr><td>开展党史学习教育专题培训，组织党员干部集中学习不少于四次</td>"
            "<td>2020年6月底前</td></tr>"
            "<tr><td>完成时限：2020年6月底前完成全部任务并报送书面总结</td>"
            "<td>责任单位：组织部、宣传部及各乡镇党委</td></tr></table>",
            [
                "重点任务分解表：",
                "任务内容",
                "完成时限",
                "开展党史学习教育专题培训，组织党员干部集中学习不少于四次",
                "2020年6月底前",
                "完成时限：2020年6月底前完成全部任务并报送书面总结",
                "责任单位：组织部、宣传部及各乡镇党委",
            ],
        ),
        (
            "<p>申请人姓名：张三丰（身份证号码见附件）<br>工作单位：某某县人民政府办公室综合科"
            "<br>联系电话：0575-83012345（办公室）</p>",
            [
                "申请人姓名：张三丰（身份证号码见附件）",
                "工作单位：某某县人民政府办公室综合科",
                "联系电话：0575-83012345（办公室）",
            ],
        ),
        # A list item and a table cell the author's long sentences run through.
        (
            "<ul><li>开展党史学习教育专题培训，组织党员干部集中学习不少于四次并撰写心得体会</li>"
            "<li>完成全部任务并报送书面总结，由组织部统一汇总后报县委办公室备案</li></ul>",
            [
                "开展党史学习教育专题培训，组织党员干部集中学习不少于四次并撰写心得体会",
                "完成全部任务并报送书面总结，由组织部统一汇总后报县委办公室备案",
            ],
        ),
        # Neighbours: a sentence broken inside one cell, or before a longer label, joins.
        (
            f"<table><tr><td>{LONG_OPEN}<br>3.9亿美元。</td></tr></table>",
            [LONG_OPEN + "3.9亿美元。"],
        ),
        (
            f"<p>{LONG_OPEN}</p><p>开发区党建工作领导小组办公室：负责日常工作。</p>",
            [LONG_OPEN + "开发区党建工作领导小组办公室：负责日常工作。"],
        ),
    ],
)
def test_list_items_cells_and_fields_are_not_joined(content: str, expected: list[str]) -> None:
    assert clean_page(page(content)) == expected


UNFINISHED = "全年开展廉政教育12次，覆盖党员干部3000余人次，受到广泛好评"


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # A heading by its markup ends page 1, or starts page 2.
        (
            [
                f"<p>{ESSAY}</p><h3>专题一：强化组织引领，夯实发展根基</h3>",
                "<p>　　全年开展廉政教育12次，覆盖党员干部3000余人次</p><p>，受到广泛好评。</p>",
            ],
            [ESSAY, "专题一：强化组织引领，夯实发展根基", UNFINISHED + "。"],
        ),
        (
            [f"<p>{ESSAY}</p><p>{UNFINISHED}</p>", f"<p><b>{LONG_HEADING}</b></p><p>{BODY}</p>"],
            [ESSAY, UNFINISHED, LONG_HEADING, BODY],
        ),
        (
            [f"<p>{BODY}</p><h3>{LONG_HEADING}</h3>", f"<p>{LONG_HEADING}</p>"],
            [BODY, LONG_HEADING, LONG_HEADING],
        ),
        # A list item starting page 2 starts a unit too.
        (
            [f"<p>{UNFINISHED}</p>", f"<ul><li>{LONG_HEADING}</li></ul>"],
            [UNFINISHED, LONG_HEADING],
        ),
        # Neighbour: a sentence broken at the boundary still joins.
        ([f"<p>{LONG_OPEN}</p>", "<p>3.9亿美元。</p>"], [LONG_OPEN + "3.9亿美元。"]),
    ],
)
def test_clean_essay_keeps_markup_units_apart_at_page_boundaries(
    pages: list[str], expected: list[str]
) -> None:
    assert clean_essay([page(content) for content in pages]) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # Another site's URL is the author's reference.
        (
            "<p>　　各单位请于3月10日前完成网上申报。</p>"
            "<p>　　网上申报系统网址：http://www.szgs.gov.cn/sb/</p>"
            "<p>　　请登录 www.12371.cn 学习。</p>"
            "<p>　　详见：http://www.gov.cn/zhengce/2020-03/02/content_5485.htm</p>",
            [
                "各单位请于3月10日前完成网上申报。",
                "网上申报系统网址：http://www.szgs.gov.cn/sb/",
                "请登录 www.12371.cn 学习。",
                "详见：http://www.gov.cn/zhengce/2020-03/02/content_5485.htm",
            ],
        ),
        # 出处 before a work's title is a citation.
        (
            "<p>1、学而时习之，不亦说乎？有朋自远方来，不亦乐乎？</p><p>出处：《论语·学而》</p>"
            "<p>2、天行健，君子以自强不息。</p><p>出处：《周易·乾》</p>",
            [
                "1、学而时习之，不亦说乎？有朋自远方来，不亦乐乎？",
                "出处：《论语·学而》",
                "2、天行健，君子以自强不息。",
                "出处：《周易·乾》",
            ],
        ),
        # 更多..., 请... across clauses is the author's sentence.
        (
            "<p>　　生活中，我们总在追逐远方的风景。更多的时候，请关注你身边默默付出的人。</p>",
            ["生活中，我们总在追逐远方的风景。更多的时候，请关注你身边默默付出的人。"],
        ),
        # A 推荐阅读 label before book titles is the author's reading list.
        (
            "<p>　　寒假语文作业安排如下。</p><p>推荐阅读：《平凡的世界》《红岩》《钢铁是怎样炼成的》</p>"
            "<p>　　读完后每本书写一篇读后感。</p>",
            [
                "寒假语文作业安排如下。",
                "推荐阅读：《平凡的世界》《红岩》《钢铁是怎样炼成的》",
                "读完后每本书写一篇读后感。",
            ],
        ),
    ],
)
def test_the_authors_references_are_not_promo(content: str, expected: list[str]) -> None:
    assert clean_page(page(content)) == expected


# The essay after its content block (document.essay_parts): a stray </div>
# closes the block early and the rest lands after it, a block split around an
# ad leaves two blocks side by side; a browser shows all of it.
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "<p>　　第一段。</p></div><p>　　第二段，在多余的结束标签之后。</p>"
            "第三段直接写在文章容器里。<p>　　第四段。</p>",
            [
                "第一段。",
                "第二段，在多余的结束标签之后。",
                "第三段直接写在文章容器里。",
                "第四段。",
            ],
        ),
        # A script or an empty ad slot after the stray tag shows nothing: the essay goes on.
        (
            "<p>　　第一段。</p></div><script>showAd();</script><ins class='adsbygoogle'></ins>"
            "<div class='clear'></div><p>　　第二段。</p>",
            ["第一段。", "第二段。"],
        ),
        # The block split around an ad: the ad and any region between the parts
        # is passed over, the parts read in order.
        (
            "<p>　　第一部分的正文内容。</p></div><div class='ad'>广告位</div>"
            "<div class='banner'>赞助商链接</div><div class='content'><p>　　第二部分的正文内容。</p>",
            ["第一部分的正文内容。", "第二部分的正文内容。"],
        ),
        (
            "<p>　　第一部分。</p></div><div class='content'><p>　　第二部分。</p></div>"
            "<div class='ad'>广告</div><div class='content'><p>　　第三部分。</p>",
            ["第一部分。", "第二部分。", "第三部分。"],
        ),
    ],
)
def test_the_essay_after_its_content_block_is_kept(content: str, expected: list[str]) -> None:
    assert clean_page(page(content)) == expected


def article(after: str) -> str:
    return (
        "<html><body><div class='article'><h1>标题</h1>"
        "<div class='content'><p>　　正文。</p></div>"
        f"{after}</div><div class='footer'><p>页脚文字。</p></div></body></html>"
    )


# What follows the content block in the template is not the essay: the run
# after the block ends at the first region (chrome, or a container with a
# class or id, or a sectioning element) that shows text.
@pytest.mark.parametrize(
    "after",
    [
        "<div class='pages'>共3页: <a href='7_2.html'>2</a></div><p>　　分页后的文字。</p>",
        "<div class='related'><h3>相关推荐</h3><ul><li>标题</li></ul></div><p>　　相关后的文字。</p>",
        "<div class='prenext'><p>上一篇：<a href='/dangjian/455.html'>党建调研报告</a></p></div>"
        "<p>　　网友评论：写得好。</p>",
        "<ul class='xglist'><li>党建调研报告</li></ul><p>　　列表后的文字。</p>",
        "<div class='comment'><p>网友：写得真好！</p></div>",
        "<div class='clear'></div><div class='tags'>标签：党建 调研</div><p>　　标签后的文字。</p>",
        "<script>showAd();</script><div class='share'>分享到：微博 微信</div>",
        "<nav>首页 党建</nav><p>　　导航后的文字。</p>",
        "<div class='download'><p>《标题.doc》</p></div><p>　　下载框后的文字。</p>",
    ],
)
def test_the_templates_regions_after_the_content_block_are_not_the_essay(after: str) -> None:
    assert clean_page(article(after)) == ["正文。"]


def test_what_follows_a_block_placed_right_in_the_body_is_the_pages() -> None:
    html = (
        "<html><body><div class='content'><p>　　正文。</p></div>"
        "版权所有文字。<p>页脚文字。</p></body></html>"
    )
    assert clean_page(html) == ["正文。"]


def test_another_content_block_outside_the_articles_container_stays_out() -> None:
    html = article("<div class='side'><div class='content'>侧栏热门文章</div></div>")
    assert clean_page(html) == ["正文。"]


# A pager inside the content block, unlabelled and alone: a line whose text is
# page numbers, brackets, separators and pager words, its links to the pages of
# one essay (here essay 7 on its page 2), is navigation wherever it stands.
@pytest.mark.parametrize(
    "pager",
    [
        "<p align='center'><a href='7.html'>1</a> 2 <a href='7_3.html'>3</a>"
        " <a href='7_3.html'>下一页</a></p>",
        "<p><a href='7.html'>[1]</a> <a href='7_2.html'>[2]</a> <a href='7_3.html'>[3]</a></p>",
        "<p>页码：<a href='7.html'>1</a> <a href='7_2.html'>2</a> <a href='7_3.html'>3</a></p>",
        "<p><a href='7.html'>第1页</a> <a href='7_2.html'>第2页</a> <a href='7_3.html'>第3页</a></p>",
        "<div>第 <a href='/dangjian/7.html'>1</a> | 2 | <a href='/dangjian/7_3.html'>3</a> 页</div>",
        "<p><a href='http://www.renrenfanwen.com/dangjian/7.html'>«</a>"
        " <a href='http://www.renrenfanwen.com/dangjian/7.html'>1</a> 2</p>",
        "<p><a href='#'>1</a> <a href='?page=2'>2</a></p>",
    ],
)
def test_a_lone_pager_line_is_navigation(pager: str) -> None:
    assert clean_page(page(TWO_PARAGRAPHS + pager)) == [
        "开发区党委始终坚持党建引领。",
        "累计入园企业355家。",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # The author's sentence that links to one of the essay's pages.
        (
            "<p>调研数据详见<a href='7_2.html'>第2页</a>的附表，请对照阅读。</p>",
            "调研数据详见第2页的附表，请对照阅读。",
        ),
        ("<p><a href='7_2.html'>下一部分：调研结论</a></p>", "下一部分：调研结论"),
        # Numbers that link elsewhere: references, or two different essays.
        (
            "<p><a href='http://www.gov.cn/1.htm'>[1]</a> <a href='http://www.gov.cn/2.htm'>[2]</a></p>",
            "[1] [2]",
        ),
        ("<p><a href='/dangjian/456.html'>1</a> <a href='/dangjian/789.html'>2</a></p>", "1 2"),
        # Pager words without a link are text.
        ("<p>第1页 第2页</p>", "第1页 第2页"),
    ],
)
def test_lines_like_a_pager_that_are_not_one_stay(line: str, expected: str) -> None:
    assert clean_page(page(TWO_PARAGRAPHS + line)) == [
        "开发区党委始终坚持党建引领。",
        "累计入园企业355家。",
        expected,
    ]


# A sister site of the same CMS (README: "A sister site"): another domain,
# DedeCMS's default article folders /a/{slug}/{Y}/{md}/{id}.html.
SISTER = replace(
    DEFAULT_PROFILE,
    name="sister",
    site_names=("某某范文网",),
    category_path=r"^/a/(?P<slug>[A-Za-z][\w-]*)/(?:index\.html?)?$",
    list_page_path=r"^/a/(?P<slug>[A-Za-z][\w-]*)/list_(?P<typeid>\d+)_(?P<page>\d+)\.html$",
    article_path=r"^/a/(?P<slug>[A-Za-z][\w-]*)/\d{4}/\d{4}/(?P<id>\d+)\.html$",
    continuation_path=(
        r"^/a/(?P<slug>[A-Za-z][\w-]*)/\d{4}/\d{4}/(?P<id>\d+)_(?P<page>\d+)\.html$"
    ),
)
SISTER_ESSAY = "http://www.sister.example/a/dangjian/2023/0506/123.html"
SISTER_TEXT = "嵊州经济开发区创建于1992年，现已成为重要的工业基地。"


def sister_page(links_to: str) -> str:
    """The sister's essay page; its pager and 上一篇/下一篇 link ``links_to`` + path."""
    pager = (
        "<div class='dede_pages'><ul class='pagelist'><li><a>共3页: </a></li>"
        "<li class='thisclass'><a href='#'>1</a></li>"
        f"<li><a href='{links_to}123_2.html'>2</a></li><li><a href='{links_to}123_3.html'>3</a></li>"
        f"<li><a href='{links_to}123_2.html'>下一页</a></li></ul></div>"
    )
    prev_next = (
        f"<p>上一篇：<a href='{links_to}122.html'>党建工作总结</a></p>"
        f"<p>下一篇：<a href='{links_to}124.html'>党建调研报告</a></p>"
    )
    return (
        "<html><head><title>党建调研报告_党建_某某范文网</title></head><body>"
        "<div class='article'><h1>党建调研报告</h1><div class='content'>"
        f"<p>　　{SISTER_TEXT}</p>{pager}{prev_next}</div></div></body></html>"
    )


@pytest.mark.parametrize(
    "links_to",
    ["", "http://www.sister.example/a/dangjian/2023/0506/", "/a/dangjian/2023/0506/"],
    ids=["relative", "absolute_own_host", "root_relative"],
)
def test_a_sister_sites_navigation_is_told_from_the_pages_own_url(links_to: str) -> None:
    # The domain holds no name of site_names; the folders are deeper than /{slug}/.
    assert clean_essay([sister_page(links_to)], SISTER, [SISTER_ESSAY]) == [SISTER_TEXT]


def test_links_to_another_host_are_the_authors_on_a_sister_site() -> None:
    page = sister_page("http://www.other.example/a/dangjian/2023/0506/")
    # (A pager's list items are lines of their own; "共3页:" is a promo pattern.)
    assert clean_essay([page], SISTER, [SISTER_ESSAY]) == [
        SISTER_TEXT,
        "2",
        "3",
        "下一页",
        "上一篇：党建工作总结",
        "下一篇：党建调研报告",
    ]
