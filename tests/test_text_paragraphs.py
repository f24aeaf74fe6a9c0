"""Paragraph rules: spacing, headings, and joining sentences broken across paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crawler.text import join_pages
from crawler.text.paragraphs import (
    Line,
    continues,
    is_heading,
    join_broken,
    join_two,
    normalize_space,
)


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


# An English sentence long enough that neither half is a short standalone line.
EN_OPEN = "On the first day of the winter holiday my whole family got up very early"


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["It was a cold winter morning,", "and we decided to stay at home and read books."],
            "It was a cold winter morning, and we decided to stay at home and read books.",
        ),
        (
            [EN_OPEN + ",", "because we were going to visit Grandma."],
            EN_OPEN + ", because we were going to visit Grandma.",
        ),
        ([EN_OPEN + " in", "2020 to see the sunrise."], EN_OPEN + " in 2020 to see the sunrise."),
        (
            [EN_OPEN + " in 2020,", "when I was ten years old."],
            EN_OPEN + " in 2020, when I was ten years old.",
        ),
        (
            [EN_OPEN + " and sang", '"Happy New Year" together.'],
            EN_OPEN + ' and sang "Happy New Year" together.',
        ),
        ([EN_OPEN + " and", "(as usual) went running."], EN_OPEN + " and (as usual) went running."),
    ],
)
def test_join_broken_puts_the_space_english_puts_after_a_word_or_comma(
    paragraphs: list[str], expected: str
) -> None:
    assert texts(join_broken(map(Line, paragraphs))) == [expected]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # A hyphen at the break: the word goes on, no space.
        (
            [EN_OPEN + ", and it was a well-", "known custom in our town."],
            EN_OPEN + ", and it was a well-known custom in our town.",
        ),
        # Chinese joins without a space, an ASCII comma or a number in it included.
        (["我们要进一步解放思想，", "坚持改革创新。"], "我们要进一步解放思想，坚持改革创新。"),
        ([LONG_OPEN + "，从业人员1,", "234人。"], LONG_OPEN + "，从业人员1,234人。"),
        ([LONG_OPEN + "，同比增长12", "%。"], LONG_OPEN + "，同比增长12%。"),
        ([LONG_OPEN + "，主要使用", "ERP系统管理。"], LONG_OPEN + "，主要使用ERP系统管理。"),
        # Latin after Chinese, Latin on: a space between the two Latin words, as before.
        (
            [LONG_OPEN + "，主要使用ERP", "and CRM系统管理。"],
            LONG_OPEN + "，主要使用ERP and CRM系统管理。",
        ),
    ],
)
def test_join_broken_spacing_neighbours_keep_their_join(
    paragraphs: list[str], expected: str
) -> None:
    assert texts(join_broken(map(Line, paragraphs))) == [expected]


def test_join_pages_puts_the_english_space_at_a_page_boundary() -> None:
    assert join_pages(
        [["Our school will hold an English speech contest,"], ["which will be held next Friday."]]
    ) == ["Our school will hold an English speech contest, which will be held next Friday."]


ENGLISH_WORDS = st.lists(
    st.text(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=8
    ),
    min_size=2,
    max_size=12,
)


@given(
    words=ENGLISH_WORDS,
    marks=st.lists(st.sampled_from(["", "", ",", ";", ":", ")", '"']), min_size=12, max_size=12),
    cut=st.integers(min_value=1),
)
def test_join_two_restores_an_english_sentence_cut_at_any_space(
    words: list[str], marks: list[str], cut: int
) -> None:
    """Property: an English sentence cut at any space joins back with that space."""
    tokens = [word + mark for word, mark in zip(words, marks, strict=False)]
    at = cut % (len(tokens) - 1) + 1
    left, right = " ".join(tokens[:at]), " ".join(tokens[at:])
    assert join_two(left, right) == f"{left} {right}"


@given(
    text=st.text(
        "我们要进一步解放思想坚持改革创新，、。（）《》“”1234567890ABCxyz,.",
        min_size=2,
        max_size=40,
    ),
    cut=st.integers(min_value=1),
)
def test_join_two_adds_nothing_to_a_chinese_line_cut_anywhere(text: str, cut: int) -> None:
    """Property: a line that is Chinese at the cut joins back as it was."""
    at = cut % (len(text) - 1) + 1
    left, right = text[:at], text[at:]
    assume(any("\u4e00" <= char <= "\u9fff" for char in left[-1] + right[0]))
    assert join_two(left, right) == text


def test_join_broken_keeps_an_english_letters_salutation_and_close_apart() -> None:
    paragraphs = [
        "Dear Tom,",
        "I'm glad to hear from you. I'm writing to tell you about our school trip.",
        "Looking forward to your reply,",
        "Best wishes,",
        "Yours,",
        "Li Hua",
    ]
    assert texts(join_broken(map(Line, paragraphs))) == paragraphs


def test_join_broken_keeps_a_chinese_letters_salutation_and_close_apart() -> None:
    paragraphs = [
        "亲爱的妈妈，",
        "您好！最近工作忙吗？",
        "祝您身体健康！",
        "此致，",
        "敬礼！",
        "您的女儿，",
        "小红",
    ]
    assert texts(join_broken(map(Line, paragraphs))) == paragraphs


@pytest.mark.parametrize(
    ("paragraph", "following"),
    [
        ("Dear Mr. and Mrs. Smith,", "Thank you for your kind invitation."),
        ("Hello everyone,", "my name is Li Hua and I come from Class 3."),
        ("To the Editor,", "I am writing to complain about the noise."),
        ("To whom it may concern,", "I am writing to apply for the job."),
        ("尊敬的各位领导、各位来宾，", "大家上午好！"),
        ("Yours sincerely,", "Li Hua"),
        ("With best wishes,", "Li Hua"),
        ("Your friend,", "Li Hua"),
        # A close never carries on the line above, whatever that ends with.
        ("I am looking forward to hearing from you soon,", "Best wishes,"),
        # An address line of a speech or a prose poem is what a browser shows on
        # its own line; kept so (decision: the same address form as a salutation).
        ("我亲爱的祖国，", "你是那样美丽。"),
        ("亲爱的祖国，", "你是那样美丽。"),
    ],
)
def test_a_letters_salutation_or_close_does_not_continue(paragraph: str, following: str) -> None:
    assert continues(paragraph, following) is False


@pytest.mark.parametrize(
    ("paragraph", "following"),
    [
        # The adjective, not a salutation: an addressee is a name or title of a
        # few words, and this runs on into a clause -- a sentence cut at a comma,
        # joined as any other ("Dear as it was to him, he sold it.").
        ("Dear as it was to him,", "he sold it."),
        # "To" before no name or title opens a phrase, not a letter.
        ("To be honest,", "I don't like the plan at all."),
        ("At best,", "it is a draw."),
        # 你的… opens a sentence unless a bare name follows it as a signature.
        ("你的笑容，", "让我至今难忘。"),
        ("Your idea,", "however, is not practical."),
        # A short comma line that is no letter form still joins (the seed's kind).
        ("我们要进一步解放思想，", "坚持改革创新。"),
    ],
)
def test_a_sentence_that_only_looks_like_a_letter_line_continues(
    paragraph: str, following: str
) -> None:
    assert continues(paragraph, following) is True
