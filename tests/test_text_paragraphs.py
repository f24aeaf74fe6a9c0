"""Paragraph rules: spacing, headings, and joining sentences broken across paragraphs."""

from __future__ import annotations

import pytest

from crawler.text.paragraphs import Line, continues, is_heading, join_broken, normalize_space


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("　　嵊州经济开发区创建于1992年。", "嵊州经济开发区创建于1992年。"),
        ("\u00a0\u00a0\u00a0会议召开。\u00a0", "会议召开。"),
        ("  \t会议\n召开。\r\n", "会议 召开。"),
        ("全体\u3000\u3000党员\u00a0 \u3000参加。", "全体 党员 参加。"),
        ("Word   文档", "Word 文档"),
        ("\u3000\u00a0 \u3000", ""),
        ("乱码\ufffd字符", "乱码字符"),
        ("全角标点，保持不变（１２３）。", "全角标点，保持不变（１２３）。"),
        # Zero-width characters are not text.
        ("\u200b", ""),
        ("\ufeff　　会议召开。", "会议召开。"),
        ("会\u200b议\u200c召\u200d开\u2060。\ufeff", "会议召开。"),
        ("会议\u200b \u200b召开。", "会议 召开。"),
    ],
)
def test_normalize_space(line: str, expected: str) -> None:
    assert normalize_space(line) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "一、一流园区要靠一流党建",
        "十二、其他事项",
        "（一）建立了党组织和党员孵化成长机制",
        "(二)事业关心--激励人",
        "（3）年终总评",
        "1. 学习内容",
        "2、学习形式",
        "3．学习要求",
        "10) 附则",
        "第一，领导带头",
        "第三章 组织保障",
        "第二条 本办法自印发之日起施行",
        "第五节 考核办法",
        "第一部分 基本情况",
        "第2节 工作安排",
        "①按季度考核",
        "Ⅱ、存在的问题",
        "1.1 坚持以新时代中国特色社会主义思想为指导",
        "1.1、指导思想",
        "2.3.1 坚持党建引领，推动园区发展",
        "2.3.1坚持党建引领",
        "A．加强组织领导，健全工作机制",
        "A. 加强组织领导",
        "B、健全工作机制",
        "(A)加强组织领导",
        "（b）健全工作机制",
    ],
)
def test_headings(paragraph: str) -> None:
    assert is_heading(paragraph) is True


@pytest.mark.parametrize(
    "paragraph",
    [
        "3.9亿美元;就业人口达到5万人。",
        "1.5亿元的投资已经到位",
        "2020年3月2日",
        "第一次来到开发区的时候",
        "第一个五年计划",
        "十分重要的一项工作",
        "一流园区要靠一流党建",
        "嵊州经济开发区创建于1992年。",
        "1.5亿美元的投资已经到位",
        "2.5倍于去年同期",
        "A股市场持续走强。",
        "U.S. 经济持续增长",
        "e.g. 例如",
        "AB两类企业",
    ],
)
def test_not_headings(paragraph: str) -> None:
    assert is_heading(paragraph) is False


LONG_OPEN = "截止2009年10月，开发区已有入园企业355家，累计合同外资和实到外资分别为8.3亿美元"


@pytest.mark.parametrize(
    ("paragraph", "following"),
    [
        (LONG_OPEN + "和", "3.9亿美元;就业人口达到5万人。"),  # the seed's break
        (LONG_OPEN, "，就业人口达到5万人。"),  # the next line starts with a comma
        ("我们要进一步解放思想，", "坚持改革创新。"),  # ends with a comma
        ("累计合同外资分别为8.3亿美元和", "3.9亿美元。"),  # short, but ends with 和
        (LONG_OPEN, "以及就业人口达到了5万人，占全市的百分之十二。"),
        # A colon after more than a label's length is in the sentence.
        (LONG_OPEN, "以及开发区党建工作领导小组办公室：负责日常工作。"),
    ],
)
def test_continues(paragraph: str, following: str) -> None:
    assert continues(paragraph, following) is True


@pytest.mark.parametrize(
    ("paragraph", "following"),
    [
        ("开发区已有入园企业355家。", "累计完成投资176亿元。"),  # a finished sentence
        ("他说：", "“我们一定完成任务。”"),
        ("材料见附件（一）", "请各单位认真执行。"),
        ("一、一流园区要靠一流党建", "党是领导和推动各项事业发展的核心力量。"),  # heading first
        (LONG_OPEN, "一、一流园区要靠一流党建"),  # heading after
        (LONG_OPEN, "（一）建立了党组织和党员孵化成长机制"),
        (LONG_OPEN, "1. 学习内容"),
        (LONG_OPEN, "第三章 组织保障"),
        ("1、在日常运作中建立工作机制", "由机关党支部为园区内各类组织提供服务。"),
        ("关于加强基层党组织建设的调研报告", "为深入了解情况，我们开展了调研。"),  # title
        ("尊敬的各位领导", "大家好！"),  # salutation
        (LONG_OPEN, "嵊州经济开发区党委"),  # signature
        ("嵊州经济开发区党委", "2020年3月2日"),  # date line
        # A 、 or ， proves no sentence: titles and headings carry them.
        ("关于开发区党建、团建、工会工作的调研报告", "开发区党委始终坚持党建引领。"),
        ("强化组织引领，夯实发展根基", "开发区党委始终坚持党建引领。"),
        (LONG_OPEN, "强化组织引领，夯实发展根基"),
        (LONG_OPEN, "1.1 坚持以新时代中国特色社会主义思想为指导全面加强党建工作"),
        (LONG_OPEN, "A．加强组织领导，健全工作机制，全面推进党建工作"),
        ("", "正文。"),
        # A label line is a field of a form or a list, not the sentence above.
        ("工作单位：某某县人民政府办公室综合科", "联系电话：0575-83012345（办公室）"),
        ("会议时间：2020年3月2日上午9时至11时30分", "会议地点：县委党校三楼第一会议室"),
        (LONG_OPEN, "责任单位：组织部、宣传部及各乡镇党委"),
    ],
)
def test_does_not_continue(paragraph: str, following: str) -> None:
    assert continues(paragraph, following) is False


def test_join_broken_joins_the_seed_break() -> None:
    paragraphs = [LONG_OPEN + "和", "3.9亿美元;就业人口达到5万人。", "一、一流园区要靠一流党建"]
    assert texts(join_broken(map(Line, paragraphs))) == [
        LONG_OPEN + "和3.9亿美元;就业人口达到5万人。",
        "一、一流园区要靠一流党建",
    ]


def test_join_broken_joins_a_chain() -> None:
    paragraphs = [
        "为了进一步加强和改进新形势下的党建工作，推动开发区各项事业又好又快发展，我们要",
        "进一步解放思想，坚持改革创新，积极探索园区党建工作的新思路、新方法和",
        "新途径，不断提高党建工作的科学化水平。",
    ]
    assert texts(join_broken(map(Line, paragraphs))) == ["".join(paragraphs)]


def test_join_broken_keeps_headings_apart() -> None:
    paragraphs = ["一、指导思想", "坚持以人为本，全面推进各项工作", "（一）加强学习", "组织学习"]
    assert texts(join_broken(map(Line, paragraphs))) == paragraphs


def test_join_broken_puts_a_space_between_latin_words() -> None:
    paragraphs = ["The development zone was founded in 1992, and it has grown into a", "major hub."]
    assert texts(join_broken(map(Line, paragraphs))) == [
        "The development zone was founded in 1992, and it has grown into a major hub."
    ]


# Long, with commas: only its markup can say it is a heading.
HEADING = "坚持以新时代中国特色社会主义思想为指导，全面加强开发区党的政治建设思想建设和组织建设"


def test_join_broken_never_joins_a_heading_set_by_its_markup() -> None:
    lines = [
        Line(LONG_OPEN),
        Line(HEADING, heading=True),
        Line("开发区党委始终坚持把党建工作作为园区发展的核心和灵魂"),
        Line("，坚持高起点规划。"),
    ]
    assert texts(join_broken(lines)) == [
        LONG_OPEN,
        HEADING,
        "开发区党委始终坚持把党建工作作为园区发展的核心和灵魂，坚持高起点规划。",
    ]


def test_join_broken_never_joins_onto_a_list_item_or_table_cell() -> None:
    lines = [Line(LONG_OPEN + "和"), Line("3.9亿美元", item=True), Line("，就业人口达到5万人。")]
    assert join_broken(lines) == [
        Line(LONG_OPEN + "和"),
        Line("3.9亿美元，就业人口达到5万人。", item=True),
    ]


def test_join_broken_keeps_the_first_lines_marks() -> None:
    lines = [Line(HEADING, heading=True), Line(LONG_OPEN, item=True), Line("，就业人口达到5万人。")]
    assert join_broken(lines) == [
        Line(HEADING, heading=True),
        Line(LONG_OPEN + "，就业人口达到5万人。", item=True),
    ]
