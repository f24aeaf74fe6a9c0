"""Promo: the site talking, cut off from where it starts to the end of the line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.site_profile import DEFAULT_PROFILE, SiteProfile
from crawler.text.promo import promo_rules, strip_promo

RULES = promo_rules(DEFAULT_PROFILE.promo_patterns, DEFAULT_PROFILE.site_names)
ESSAY = "开发区党委始终坚持把党建工作作为园区发展的核心和灵魂。"


@pytest.mark.parametrize(
    "line",
    [
        "本文来源:人人范文网",
        "本文来源：网络",
        "来源: 范文大全",
        "来源：范文大全。",
        "出处：网络整理",
        "本文出处：网络整理",
        "转载自：某某网站",
        "更多党建调研报告范文请访问www.example.com",
        "更多精彩内容，请关注我们的公众号",
        "【推荐阅读】党建调研报告范文三篇",
        "【相关阅读】年度工作总结",
        "推荐阅读：基层党建工作总结",
        "人人范文网为您精心整理，欢迎下载。",
        # B: any opening bracket, and the phrase families opening the line.
        "（更多精彩范文，请关注本站党建栏目）",
        "(更多范文请访问本站)",
        "【本文来源：范文大全栏目】",
        "[推荐阅读] 党建工作总结范文5篇",
        "〖推荐阅读〗党建工作总结范文5篇",
        "【推荐阅读】《觉醒年代》观后感800字精选5篇",
        "〔相关阅读〕党建工作总结范文",
        "「热门推荐」党建工作总结范文",
        "相关文章：党建工作总结范文",
        "转载请保留本文链接，谢谢！",
        "本站网址：renrenfanwen.com 欢迎收藏",
        "本站网址：www.fanwen.cn 欢迎收藏",
        "【本站域名】www.fanwen.cn",
        "renrenfanwen.com",
        "http://www.example.com/dangjian/",
        "m.renrenfanwen.com/dangjian/",
    ],
)
def test_promo_line_is_dropped_whole(line: str) -> None:
    assert strip_promo(line, RULES) == ""


@pytest.mark.parametrize(
    "line",
    [
        "嵊州经济开发区创建于1992年。",
        "资料的来源主要是统计年鉴和企业报表。",
        "更多的企业开始关注人才培养。",
        "推荐阅读经典著作是学习的好方法。",
        "本文从三个方面进行论述。",
        # A: a URL, 来源 or 出处 inside the author's own sentence.
        "群众可以登录www.zjzwfw.gov.cn办理相关业务，实现“最多跑一次”。",
        "出处：《论语·学而》。子曰：学而时习之，不亦说乎？",
        "资金来源：一是财政拨款，二是社会捐助。",
        "来源：一是财政拨款，二是社会捐助。",
        "联系邮箱：dangban@sz.gov.cn，欢迎广大群众监督。",
        "邮箱：dangban@sz.gov.cn",
        "更多的党员干部请到基层一线去，请到群众最需要的地方去。",
        "他说：“更多的工作还在后面。”",
        "1.5亿元的投资已经到位。",
        # A URL the author labels or writes into a sentence is a reference.
        "下载地址 www.example.cn",
        "网上申报系统网址：http://www.szgs.gov.cn/sb/",
        "请登录 www.12371.cn 学习。",
        "详见：http://www.gov.cn/zhengce/2020-03/02/content_5485.htm",
        # 来源 or 出处 before a work's title is a citation.
        "出处：《论语·学而》",
        "来源：《人民日报》2020年3月2日",
        # 更多..., 请... across clauses, and a reading list of titles.
        "更多的时候，请关注你身边默默付出的人。",
        "推荐阅读：《平凡的世界》《红岩》《钢铁是怎样炼成的》",
        "【推荐阅读】《平凡的世界》",
        "延伸阅读：《红岩》、《青春之歌》和《林海雪原》。",
    ],
)
def test_author_text_is_kept_whole(line: str) -> None:
    assert strip_promo(line, RULES) == line


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (ESSAY + "本文来源:人人范文网", ESSAY),
        (ESSAY + " 本文来源：网络", ESSAY),
        (ESSAY + "（更多精彩范文，请关注本站党建栏目）", ESSAY),
        (ESSAY + "转载请保留本文链接，谢谢！", ESSAY),
        (ESSAY + "【推荐阅读】党建工作总结范文5篇", ESSAY),
        (ESSAY + "来源：范文大全", ESSAY),
        (ESSAY + "www.renrenfanwen.com", ESSAY),
        ("他说：“要坚持。”本文来源：网络", "他说：“要坚持。”"),
        # A sentence naming the site goes, with the rest of the line after it.
        (ESSAY + "人人范文网为您整理。欢迎下载。", ESSAY),
        # Not at a sentence start: part of the author's sentence.
        ("开发区党委的资金来源：财政拨款。", "开发区党委的资金来源：财政拨款。"),
        (ESSAY + "更多的时候，请关注身边的人。", ESSAY + "更多的时候，请关注身边的人。"),
        (ESSAY + "更多范文请访问本站", ESSAY),
        (
            ESSAY + "出处：《论语·学而》。子曰：学而时习之。",
            ESSAY + "出处：《论语·学而》。子曰：学而时习之。",
        ),
    ],
)
def test_promo_tail_is_cut_after_the_authors_sentence(line: str, kept: str) -> None:
    assert strip_promo(line, RULES) == kept


def test_a_sister_site_names_itself() -> None:
    sister = SiteProfile(site_names=("某某范文网",))
    rules = promo_rules(sister.promo_patterns, sister.site_names)
    lines = ["正文。", "某某范文网整理", "人人范文网整理", "正文。某某范文网整理"]
    assert [strip_promo(line, rules) for line in lines] == [
        "正文。",
        "",
        "人人范文网整理",
        "正文。",
    ]


# The site's boilerplate by family: WeChat calls, download calls, copyright
# and infringement notices, credits to whoever posted the essay.
WECHAT_CALLS = [
    "微信扫一扫，关注公众号获取更多范文。",
    "关注公众号“范文大全”，回复关键词获取word版。",
    "扫描下方二维码，关注我们的公众号，免费领取更多范文！",
    "长按识别二维码关注公众号，回复“党建”获取全文。",
    "搜索微信公众号“范文大全”，获取更多精彩内容。",
    "扫码关注公众号，回复123领取完整版",
]
DOWNLOAD_CALLS = [
    "下载word版：点击这里",
    "以上内容仅供参考，如需下载Word文档请点击下方按钮。",
    "如需下载完整版，请点击这里。",
    "下载本文完整版请点击下方链接",
    "Word版下载：点击这里",
    "点击下载word版",
]
NOTICES = [
    "声明：本站内容来源于网络，如有侵权请联系删除。",
    "版权声明：本文为原创，转载请注明出处。",
    "文章来源于网络，版权归原作者所有",
    "免责声明：本站部分内容来自互联网，仅供学习参考。",
    "如有侵权，请联系我们删除。",
    "本站所有文章均来源于网络，版权归原作者所有。",
    "内容来自网络，如有侵权请告知删除",
    "版权归原作者所有，如有侵权请联系删除。",
    "图片来源于网络",
]
CREDITS = [
    "本文由范文大全网友投稿整理发布。",
    "本文系网友投稿，仅供参考。",
    "本文由小编整理发布，欢迎阅读。",
    "本文为本站会员上传分享。",
]


@pytest.mark.parametrize("line", WECHAT_CALLS + DOWNLOAD_CALLS + NOTICES + CREDITS)
def test_site_boilerplate_families_are_dropped_whole(line: str) -> None:
    assert strip_promo(line, RULES) == ""


@pytest.mark.parametrize("line", WECHAT_CALLS + DOWNLOAD_CALLS + NOTICES + CREDITS)
def test_site_boilerplate_after_the_authors_sentence_is_cut(line: str) -> None:
    assert strip_promo(ESSAY + line, RULES) == ESSAY


@pytest.mark.parametrize(
    "line",
    [
        # An essay about running a WeChat account, or one that tells readers
        # to scan a code, says so in sentences of its own.
        "关注公众号运营的规律，获取用户信任是关键。",
        "扫码关注公众号即可领取资料，是常见的引流手段。",
        "微信公众号的运营要坚持内容为王。",
        "扫描二维码即可完成支付。",
        "关注公众号、转发朋友圈是活动的参与方式。",
        "我们开通了微信公众号，群众可以扫码关注，获取政策解读。",
        # Downloads the author describes.
        "下载文档后，点击“启用编辑”即可修改。",
        "如需下载申请表，请登录市政府网站。",
        "点击下载按钮后，文件会保存到电脑。",
        # An essay about copyright, a statement template, a station.
        "版权归作者所有是著作权法的基本原则。",
        "尊重版权，是每个网民的责任。",
        "版权声明：本书著作权归作者所有，未经许可不得转载。",
        "声明：本人自愿放弃该房屋的继承权。",
        "声明：本文件由甲乙双方共同签署。",
        "如有侵权行为，将依法追究法律责任。",
        "本站客流主要来自周边县市。",
        "文章来源于生活，又高于生活。",
        "资料来源于网络调查和实地走访。",
        # The essay speaking of itself.
        "本文由三部分组成。",
        "本文是笔者在调研基础上整理而成的。",
        "本文由党委办公室起草，经党委会审议通过。",
        "网友投稿是报纸的重要稿源。",
    ],
)
def test_the_authors_sentence_with_the_same_words_is_kept(line: str) -> None:
    assert strip_promo(line, RULES) == line


_WORDS = st.sampled_from(["开发区", "党委", "坚持", "发展", "群众", "基层", "工作", "调研", "，"])


@given(
    words=st.lists(_WORDS, min_size=1, max_size=12),
    promo=st.sampled_from(WECHAT_CALLS + DOWNLOAD_CALLS + NOTICES + CREDITS),
    space=st.sampled_from(["", " ", "\u3000"]),
)
def test_a_promo_family_line_never_takes_the_authors_sentence(
    words: list[str], promo: str, space: str
) -> None:
    sentence = "党委" + "".join(words).rstrip("，") + "。"
    assert strip_promo(sentence + space + promo, RULES) == sentence


# The author's references: a reading list or a source with the works' authors
# or dynasties, a lesson plan's assignment, a label heading the lines below.
@pytest.mark.parametrize(
    "line",
    [
        "推荐阅读：路遥《平凡的世界》、罗广斌《红岩》。",
        "推荐阅读：（俄）尼古拉·奥斯特洛夫斯基《钢铁是怎样炼成的》",
        "（出处：唐·李白《静夜思》）",
        "出处：[清]曹雪芹《红楼梦》第三回",
        "来源：人民日报《评论员文章》",
        "延伸阅读：课后阅读鲁迅的《朝花夕拾》，并写一篇读后感。",
        "延伸阅读：课后搜集有关长城的资料，了解它的历史。",
        "延伸阅读：",
        "推荐阅读：",
    ],
)
def test_the_authors_references_are_kept_whole(line: str) -> None:
    assert strip_promo(line, RULES) == line


# The site's related lists: its essay titles, a title that opens with a work's
# or holds a comma, a bracketed or navigation label alone.
@pytest.mark.parametrize(
    "line",
    [
        "【推荐阅读】读《红岩》有感",
        "【推荐阅读】《觉醒年代》观后感",
        "【推荐阅读】不忘初心，牢记使命心得体会",
        "推荐阅读：2021年党建工作总结范文",
        "【推荐阅读】",
        "推荐阅读",
        "相关文章：",
        "相关推荐：",
        "来源：网络整理",
    ],
)
def test_the_sites_related_lists_are_still_dropped(line: str) -> None:
    assert strip_promo(line, RULES) == ""


# A declaration is the site's when it speaks of the site or of where the text
# comes from and whose it is; the author vouching for the text is the author's.
# 本网站 is the word of the templates the site publishes, not the site's own.
@pytest.mark.parametrize(
    "line",
    [
        "声明：本人保证本文所述内容真实有效，如有虚假，愿承担一切责任。",
        "本网站所载的文章、图片等内容，部分转载自其他媒体，转载的目的在于传递更多信息。",
        "本网站转载的作品，版权归原作者所有。",
        "免责声明：本网站对所载内容的准确性不作任何保证。",
    ],
)
def test_a_declaration_of_the_author_or_a_template_is_kept(line: str) -> None:
    assert strip_promo(line, RULES) == line


@pytest.mark.parametrize(
    "line",
    [
        "声明：本文仅代表作者观点，不代表本站立场。",
        "声明：本文转载自网络，如有侵权请联系删除。",
        "本网整理，转载请注明。",
        "本平台内容均来自网络，版权归原作者所有。",
        "本文由本平台整理发布。",
    ],
)
def test_a_declaration_of_the_site_is_dropped(line: str) -> None:
    assert strip_promo(line, RULES) == ""


# 更多...请访问/关注/登录... is the site's when it sends the reader to the site
# or a URL, the notice's when to its issuer's website.
NOTICE_POINTERS = [
    "更多详情请登录学校官网查看。",
    "更多招聘信息请关注市人社局官方网站。",
    "更多招聘信息，请关注市人社局官方网站。",
    "更多信息请关注学校微信公众号。",
    "更多新闻请关注央视新闻频道。",
    "更多详情请登录www.moe.gov.cn查看。",
    "更多详情请访问http://www.jyt.henan.gov.cn/tzgg/",
]
SITE_POINTERS = [
    "更多范文请访问：",
    "更多精彩范文请收藏",
    "更多范文请点击这里",
    "更多内容请查看下一页",
    "更多精彩内容，请关注我们！",
    "更多精彩内容请关注公众号",
    "更多范文请访问 https://www.fanwen.cn/",
]


@pytest.mark.parametrize("line", NOTICE_POINTERS)
def test_a_notice_pointing_to_its_issuer_is_kept(line: str) -> None:
    assert strip_promo(line, RULES) == line
    assert strip_promo("报名截止时间为2020年3月10日。" + line, RULES) == (
        "报名截止时间为2020年3月10日。" + line
    )


@pytest.mark.parametrize("line", SITE_POINTERS)
def test_an_invitation_to_the_site_is_dropped(line: str) -> None:
    assert strip_promo(line, RULES) == ""
    assert strip_promo(ESSAY + line, RULES) == ESSAY


_AUTHORS = st.sampled_from(["", "路遥", "鲁迅的", "唐·李白", "[清]曹雪芹", "（美）海伦·凯勒"])
_WORKS = st.sampled_from(["《平凡的世界》", "《红岩》", "《静夜思》", "《论语·学而》"])


@given(
    label=st.sampled_from(["推荐阅读：", "延伸阅读：", "相关阅读：", "【推荐阅读】", "出处："]),
    works=st.lists(st.tuples(_AUTHORS, _WORKS), min_size=1, max_size=4),
    separator=st.sampled_from(["", "、", "，", " ", "和"]),
    end=st.sampled_from(["", "。"]),
)
def test_a_list_of_cited_works_is_the_authors(
    label: str, works: list[tuple[str, str]], separator: str, end: str
) -> None:
    line = label + separator.join(author + work for author, work in works) + end
    assert strip_promo(line, RULES) == line


@given(
    topic=st.sampled_from(["详情", "招聘信息", "报名信息", "政策解读"]),
    verb=st.sampled_from(["访问", "关注", "登录", "查看"]),
    issuer=st.sampled_from(["学校官网", "市人社局官方网站", "县政府门户网站", "学院微信公众号"]),
)
def test_a_pointer_to_an_institution_is_the_authors(topic: str, verb: str, issuer: str) -> None:
    line = f"{ESSAY}更多{topic}请{verb}{issuer}。"
    assert strip_promo(line, RULES) == line
