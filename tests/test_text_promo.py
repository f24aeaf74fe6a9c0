"""Promo lines are dropped by the site profile's patterns."""

from __future__ import annotations

import pytest

from crawler.site_profile import DEFAULT_PROFILE, SiteProfile
from crawler.text.promo import drop_promo, is_promo


@pytest.mark.parametrize(
    "line",
    [
        "本文来源:人人范文网",
        "本文来源：网络",
        "来源: 范文大全",
        "出处：网络整理",
        "转载自：某某网站",
        "更多党建调研报告范文请访问www.example.com",
        "更多精彩内容，请关注我们的公众号",
        "【推荐阅读】党建调研报告范文三篇",
        "【相关阅读】年度工作总结",
        "推荐阅读：基层党建工作总结",
        "人人范文网为您精心整理，欢迎下载。",
        "http://www.example.com/dangjian/",
        "下载地址 www.example.cn",
    ],
)
def test_promo(line: str) -> None:
    assert is_promo(line, DEFAULT_PROFILE.promo_res) is True


@pytest.mark.parametrize(
    "line",
    [
        "嵊州经济开发区创建于1992年。",
        "资料的来源主要是统计年鉴和企业报表。",
        "更多的企业开始关注人才培养。",
        "推荐阅读经典著作是学习的好方法。",
        "本文从三个方面进行论述。",
    ],
)
def test_not_promo(line: str) -> None:
    assert is_promo(line, DEFAULT_PROFILE.promo_res) is False


def test_a_sister_site_names_itself() -> None:
    sister = SiteProfile(site_names=("某某范文网",))
    assert drop_promo(["正文。", "某某范文网整理", "人人范文网整理"], sister.promo_res) == [
        "正文。",
        "人人范文网整理",
    ]
