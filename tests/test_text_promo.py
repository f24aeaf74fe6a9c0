"""Promo: the site talking, cut off from where it starts to the end of the line."""

from __future__ import annotations

import pytest

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
