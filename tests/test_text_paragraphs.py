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


# A field line is a line of a form: nothing joins onto it, and a label may
# carry a bracketed qualifier.
@pytest.mark.parametrize(
    "paragraphs",
    [
        ["请各单位高度重视，按时报送材料。", "联系人：张老师，联系电话：13800138000", "特此通知。"],
        [
            "主持人：王校长",
            "参加人员：校长、副校长、各科室主任、各年级组长及全体班主任",
            "王校长首先传达了县教育局关于开学工作的会议精神，要求全体教师提高认识。",
        ],
        [
            "乙方（承租方）：李四",
            "住所地：北京市海淀区中关村大街1号某某大厦",
            "根据《中华人民共和国民法典》及有关法律法规的规定，甲乙双方经协商一致，达成如下协议：",
        ],
        [
            "甲方（盖章）：______________",
            "乙方（盖章）：______________",
            "法定代表人（签字）：__________",
            "联系电话(手机)：__________",
        ],
    ],
)
def test_join_broken_joins_nothing_onto_a_field_line(paragraphs: list[str]) -> None:
    assert texts(join_broken(map(Line, paragraphs))) == paragraphs


def test_join_broken_still_joins_a_long_paragraph_that_opens_with_a_label() -> None:
    """A label opens a paragraph (``他说：``) that a conversion breaks at the line width."""
    paragraphs = [
        "他说：“为了进一步加强和改进新形势下的党建工作，推动开发区各项事业又好又快发展，我们要",
        "进一步解放思想，坚持改革创新。”",
    ]
    assert texts(join_broken(map(Line, paragraphs))) == ["".join(paragraphs)]


# Verse: the author's comma ends a short line; a signature stands alone.
@pytest.mark.parametrize(
    "paragraphs",
    [
        ["静夜思", "李白", "床前明月光，", "疑是地上霜。", "举头望明月，", "低头思故乡。"],
        ["爆竹声声辞旧岁，", "梅花点点迎新春。"],
        [
            "我爱这土地",
            "假如我是一只鸟，",
            "我也应该用嘶哑的喉咙歌唱：",
            "这被暴风雨所打击着的土地，",
            "这永远汹涌着我们的悲愤的河流，",
            "——艾青",
        ],
    ],
)
def test_join_broken_keeps_verse_lines_apart(paragraphs: list[str]) -> None:
    assert texts(join_broken(map(Line, paragraphs))) == paragraphs


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # A short comma line before a long one: no verse, one sentence.
        (
            ["关于党建工作的几点思考", "我们要进一步解放思想，", LONG_OPEN + "。"],
            ["关于党建工作的几点思考", "我们要进一步解放思想，" + LONG_OPEN + "。"],
        ),
        # A long line cut at a comma, a short line after it.
        ([LONG_OPEN + "，", "坚持改革创新。"], [LONG_OPEN + "，坚持改革创新。"]),
        # A dash that opens a line inside a sentence is no signature.
        ([LONG_OPEN + "，", "——这是我们的目标。"], [LONG_OPEN + "，——这是我们的目标。"]),
    ],
)
def test_join_broken_still_joins_prose_cut_at_a_comma(
    paragraphs: list[str], expected: list[str]
) -> None:
    assert texts(join_broken(map(Line, paragraphs))) == expected


@pytest.mark.parametrize(
    ("paragraph", "following"),
    [
        # A word that ends in a conjunction's or preposition's character ends a
        # short line (a title, a slogan) as often as a cut does.
        ("坚持问题导向", "今年以来，我们紧紧围绕中心工作，扎实推进各项任务落实。"),
        ("寻找梦想的方向", "风雨无阻"),
        ("困难和挑战要勇敢面对", "当前，我单位在工作中还存在一些不足。"),
        # A separator line is joined to neither neighbour.
        ("------", "关于开展安全教育的通知"),
        ("——————————", "关于开展安全教育的通知"),
        (LONG_OPEN + "，", "------"),
        (LONG_OPEN + "，", "＊＊＊"),
        # The tilde ends a sentence of informal writing.
        (
            "祝你生日快乐，愿你每天都开开心心，健健康康，平平安安~",
            "愿你的每一天都充满阳光和欢笑，愿你的梦想都能一一实现~",
        ),
    ],
)
def test_short_word_tails_and_separators_do_not_continue(paragraph: str, following: str) -> None:
    assert continues(paragraph, following) is False


@pytest.mark.parametrize(
    ("paragraph", "following"),
    [
        # A long line that ends with a conjunction or preposition was cut there.
        (LONG_OPEN + "，并将成果与", "全县各乡镇共享。"),
        (LONG_OPEN + "，我们要正确对", "待发展中的问题。"),
        (LONG_OPEN + "，同比增长了12", "个百分点以上，创下了历史新高。"),
        # A unit symbol is no emoji: the sentence goes on after it.
        (LONG_OPEN + "，当天最高气温达到36℃", "以上的天数占全年的一半，创下了历史新高。"),
    ],
)
def test_long_lines_cut_after_a_word_still_continue(paragraph: str, following: str) -> None:
    assert continues(paragraph, following) is True


SEPARATOR_CHARS = "-－—―─━=＝*＊~～_·•☆★"


@given(
    separator=st.text(SEPARATOR_CHARS, min_size=3, max_size=30),
    text=st.sampled_from([LONG_OPEN, LONG_OPEN + "，", LONG_OPEN + "和", "关于开展安全教育的通知"]),
)
def test_a_separator_line_is_joined_to_neither_neighbour(separator: str, text: str) -> None:
    """Property: a line of 3 or more separator characters is a line of its own."""
    assert continues(text, separator) is False
    assert continues(separator, text) is False


@pytest.mark.parametrize(
    "paragraph",
    [
        "今天是我的生日，收到了好多祝福，谢谢大家！😊",
        "周末和闺蜜一起去看了电影，又去吃了心心念念的火锅，真的是超级开心的一天呀😊",
        "同学们在这次运动会上顽强拼搏，取得了优异的成绩，为大家点赞！👍🏻",
        "马克思指出：“人的本质在其现实性上，是一切社会关系的总和。”①",
        "马克思指出：“人的本质在其现实性上，是一切社会关系的总和。”1",
        "马克思指出：“人的本质在其现实性上，是一切社会关系的总和。”¹²",
        "马克思指出：“人的本质在其现实性上，是一切社会关系的总和。”［3］",
        "两条直角边的平方和等于斜边的平方，这个结论对任意直角三角形都成立．",
    ],
)
def test_a_sentence_closed_before_a_mark_does_not_continue(paragraph: str) -> None:
    assert continues(paragraph, "这一论断深刻揭示了人的社会属性，为我们提供了根本遵循。") is False


@given(
    sentence=st.sampled_from([LONG_OPEN + "。", LONG_OPEN + "！”", LONG_OPEN + "？"]),
    mark=st.sampled_from(["😊", "🎂", "👍🏻", "❤️", "①", "⑳", "⑴", "¹", "²³", "[1]", "［12］", "7"]),
)
def test_marks_after_a_closed_sentence_do_not_reopen_it(sentence: str, mark: str) -> None:
    """Property: an emoji or a footnote mark after 。！？” leaves the sentence closed."""
    assert continues(sentence + mark, LONG_OPEN + "。") is False


@pytest.mark.parametrize(
    "paragraph",
    [
        "A.Because he wanted to help his mother with the housework",
        "H．Because he was ill",
        "[1] 王某某. 新时代基层党建工作创新研究[J]. 中国行政管理, 2019(3): 12-15",
        "［2］李某某. 基层治理现代化的路径选择[M]. 北京: 人民出版社, 2018",
        "1.1国内外关于基层党组织建设研究现状",
        "2．3研究方法",
    ],
)
def test_list_markers_are_headings(paragraph: str) -> None:
    assert is_heading(paragraph) is True


@pytest.mark.parametrize(
    "paragraph",
    [
        "A.M. 九点准时出发",
        "E.g. 例如",
        "0.5个百分点的增长",
        "3.9亿美元",
        "1.5万元的奖金",
        "2020.10月",
    ],
)
def test_abbreviations_and_decimals_are_not_headings(paragraph: str) -> None:
    assert is_heading(paragraph) is False


def test_join_broken_keeps_options_and_references_apart() -> None:
    paragraphs = [
        "2. Why did Tom go home early yesterday afternoon?",
        "A.Because he wanted to help his mother with the housework",
        "B.Because he was ill and had to see a doctor at once",
        "参考文献：",
        "[1] 王某某. 新时代基层党建工作创新研究[J]. 中国行政管理, 2019(3): 12-15",
        "[2] 李某某. 基层治理现代化的路径选择[M]. 北京: 人民出版社, 2018: 45-60",
        "1.1国内外关于基层党组织建设研究现状及发展趋势的综合分析与评述",
        "近年来，国内学者对基层党组织建设进行了大量研究。",
    ]
    assert texts(join_broken(map(Line, paragraphs))) == paragraphs


def test_join_broken_ends_a_sentence_at_the_full_width_period() -> None:
    paragraphs = [
        "在直角三角形中，两条直角边的平方和等于斜边的平方，这个结论对任意直角三角形都成立．",
        "这就是著名的勾股定理，我国古代称之为商高定理，西方称之为毕达哥拉斯定理．",
        "1．勾股定理的证明",
    ]
    assert texts(join_broken(map(Line, paragraphs))) == paragraphs


def test_join_broken_joins_a_short_opening_word_cut_at_a_comma_among_short_lines() -> None:
    """Neighbour of verse: a comma line shorter than a 五言 line opens a sentence."""
    paragraphs = ["会议由王校长主持。", "首先，", "王校长传达了会议精神。"]
    assert texts(join_broken(map(Line, paragraphs))) == [
        "会议由王校长主持。",
        "首先，王校长传达了会议精神。",
    ]


@pytest.mark.parametrize(
    ("line", "normalized"),
    [
        # The joiner inside an emoji sequence is part of the picture a browser shows.
        ("家人👨\u200d👩\u200d👧团聚", "家人👨\u200d👩\u200d👧团聚"),
        ("👩\u200d⚕️医生", "👩\u200d⚕️医生"),
        ("👍🏽\u200d", "👍🏽"),
        # Between letters it is a hidden mark, as the other zero-width characters are.
        ("人\u200d人范\u200b文\u200d网", "人人范文网"),
        ("\u200d 党建 \u200d", "党建"),
    ],
)
def test_the_zero_width_joiner_stays_only_inside_an_emoji_sequence(
    line: str, normalized: str
) -> None:
    assert normalize_space(line) == normalized
