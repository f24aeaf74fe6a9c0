"""The synthetic site's model: its name, domain and categories, the essay record,
and the words essays are made of (the fixture essays' sentences and titles, headings,
units, genres, promo lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawler.site_profile import DEFAULT_PROFILE
from crawler.text.clean import clean_page
from crawler.text.paragraphs import is_heading

FIXTURE_PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "site" / "pages"
SITE_NAME = "人人范文网"
DOMAIN = "renrenfanwen.test"
# (slug, name, typeid): list page n >= 2 is /{slug}/list_{typeid}_{n}.html.
CATEGORIES = (
    ("dangjian", "党建", 3),
    ("diaoyanbaogao", "调研报告", 5),
    ("fanwendaquan", "范文大全", 7),
    ("xindetihui", "心得体会", 9),
    ("gongzuozongjie", "工作总结", 11),
    ("jianghuagao", "讲话稿", 13),
    ("shuzhibaogao", "述职报告", 15),
    ("gongzuojihua", "工作计划", 17),
)
HEADINGS = (
    "基本情况",
    "主要做法和成效",
    "存在的主要问题",
    "原因分析",
    "下一步工作打算",
    "工作措施",
    "几点体会",
    "对策建议",
    "主要成绩",
    "努力方向",
    "整改措施",
    "工作目标",
    "加强学习，提高政治素质",
    "真抓实干，推动工作落实",
    "严守纪律，保持清正廉洁",
)
NUMERALS = "一二三四五六七八九十"
UNITS = (
    "社区",
    "村",
    "乡镇",
    "街道",
    "机关",
    "学校",
    "医院",
    "银行",
    "公司",
    "县委",
    "团委",
    "党支部",
    "财务科",
    "办公室",
    "人事部",
    "销售部",
    "派出所",
    "税务局",
    "幼儿园",
    "车间",
)
GENRES = (
    "工作总结",
    "工作计划",
    "述职报告",
    "调研报告",
    "心得体会",
    "讲话稿",
    "个人总结",
    "自查报告",
    "实施方案",
    "思想汇报",
    "发言材料",
    "学习体会",
    "年终总结",
    "工作要点",
)
PROMOS = ("本文来源:{site} www.{domain}", "更多{category}范文请访问{site}", "【推荐阅读】{title}")
_SENTENCE = re.compile(r"[^。！？]+[。！？]")


@dataclass
class Essay:
    essay_id: int
    slug: str
    title: str
    published: datetime
    paragraphs: list[str]
    pages: int = 1
    copy_of: int | None = None
    copy_kind: str | None = None


def sentence_pool(pages: Path = FIXTURE_PAGES) -> list[str]:
    """The fixture essays' sentences, cleaned, as the benchmark's vocabulary."""
    sentences: set[str] = set()
    for path in sorted(pages.glob("*/[0-9]*.html")):
        for paragraph in clean_page(path.read_text(encoding="utf-8")):
            for sentence in _SENTENCE.findall(paragraph):
                sentence = sentence.strip()
                if 10 <= len(sentence) <= 150 and _usable(sentence):
                    sentences.add(sentence)
    return sorted(sentences)


def _usable(sentence: str) -> bool:
    try:
        sentence.encode("gbk")
    except UnicodeEncodeError:
        return False
    promo = any(pattern.search(sentence) for pattern in DEFAULT_PROFILE.promo_res)
    return not promo and not is_heading(sentence)


def title_of(path: Path) -> str:
    match = re.search(r"<h1>([^<]*)</h1>", path.read_text(encoding="utf-8"))
    return match.group(1) if match and _usable(match.group(1) + "。") else ""
