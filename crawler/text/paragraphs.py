"""Paragraph rules: spacing, headings, and sentences broken across paragraphs.

SITE.md: paragraphs are stripped at both ends and inner whitespace runs fold
to one space; a paragraph that ends without closing punctuation and is
followed by one that continues the sentence is one paragraph (a document
conversion broke ``8.3亿美元和`` / ``3.9亿美元``); headings end without
punctuation too and are never joined to their neighbours.

"Continues the sentence" is decided by :func:`continues`, in this order:

1. a paragraph that ends with closing punctuation (the full-width ``．`` of
   math texts and the tilde of informal writing among it), or with a URL
   (after which authors leave the full stop off), is finished; so is one
   whose closing punctuation an emoji or a footnote mark follows
   (``谢谢大家！😊``, ``总和。”①``, ``<sup>1</sup>``), and one that ends with
   an emoji (``开心的一天呀😊``): see :func:`ends_sentence`;
2. a heading (``一、``, ``（一）``, ``(1)``, ``1.``, ``1、``, ``1.1``, ``2.3.1``,
   ``1.1国内外`` but not ``3.9亿``, ``A．``, ``A.Because`` but not ``U.S.``,
   ``(A)``, ``[1]``, ``①``, ``第一，``, ``第三章``..., or a line the markup
   sets as one: see :class:`Line`) is never joined, neither to what follows
   nor onto what precedes it: its marker says a new unit starts, and its end
   is its own;
3. a field, ``label：value`` with a label of at most FIELD_LABEL_LENGTH
   characters and maybe a bracketed qualifier (``会议地点：县委党校``,
   ``甲方（盖章）：``), is a line of a form or a list, never the rest of the
   sentence above, and a field line up to TITLE_LENGTH has nothing joined
   onto it either (a longer line that opens with a label, ``他说：“...``, is
   a paragraph a conversion breaks as any other);
4. a separator line, only separator characters (``------``, ``——————``,
   ``＊＊＊``), is joined to neither neighbour, and a signature line under a
   poem or a quotation (``——艾青``) to none above it;
5. a letter's salutation or complimentary close stands alone though the
   letter form ends it with a comma (``Dear Tom,``, ``亲爱的妈妈，``,
   ``Best wishes,``, ``Yours,``, ``此致，``; see :func:`letter_line`), and
   so does a close that says who the writer is to the reader (``您的女儿，``,
   ``Your friend,``) when the next line is the bare name; the name after a
   close is a short standalone line (8.) of its own;
6. a line of verse ends at the author's comma (``床前明月光，`` /
   ``疑是地上霜。``): a short line cut at ``，`` before a short line, the two
   as long as each other or, the comma line a 五言 line at least, the line
   before them short too (a stanza); see VERSE_LINE_LENGTH;
7. a paragraph that starts with punctuation no sentence starts with
   (``，``, ``。``, ``）``...), or follows one that ends with something no
   sentence ends with (``，``, ``、``, ``——``, ``“``, or past a short line's
   length a conjunction or preposition such as ``和``, ``与``, ``对``, which
   also end words a title ends with: ``坚持问题导向``), is a continuation;
8. a short standalone line, on either side, is not joined: a title, a
   salutation, a signature or a date (``党建调研报告``, ``张三``,
   ``2020年3月2日``) has no closing punctuation either, and joining it to the
   body would make one sentence of two units; see :func:`standalone_line`
   (a ``，`` or ``、`` in it proves nothing: titles list things with them,
   ``关于党建、团建工作的报告``, ``强化组织引领，夯实发展根基``);
9. anything else is a continuation.

Two halves are joined as their script writes them (:func:`join_two`): no
space in Chinese, and in English the space English puts between words and
after ``, ; : . ! ?`` and closing quotes and brackets (``morning,`` +
``and we`` is ``morning, and we``); a hyphen at a break (``well-`` +
``known``) joins without one.

A line that starts a list item or a table cell (``<li>``, ``<td>``: see
:class:`Line`) is not joined onto the line before it either: the markup says
a new unit starts there, whatever the text.

Zero-width characters (U+200B-U+200D, U+2060, U+FEFF) are not text: they
go with the whitespace, and a paragraph of nothing else goes with them --
but for the zero-width joiner inside an emoji sequence (``👨‍👩‍👧``), where
it is part of the one picture a browser shows.
Only the characters these rules name are touched: no NFKC, which would turn
the essay's full-width punctuation into ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

# Punctuation that finishes a sentence (or a clause that stands on its own),
# and the closing quotes and brackets, a title's 》 among them. The
# full-width period ends sentences in math and science typesetting
# (``都成立．``); the tilde ends one in informal writing (``平平安安~``).
CLOSING = frozenset("。．！？；：…⋯｡”’」』.!?;:\"'）)】]》〉~～")
# A URL at the end: authors leave the full stop off after one, lest it be
# read as part of the address, so the URL finishes its paragraph (its "/" is
# no opening either).
_URL_END_RE = re.compile(r"(?:https?://|www\.)[!-~]*$")
# What no sentence ends with, so the line was cut after it: punctuation...
OPENING_PUNCTUATION = frozenset("，、,—－-/（(【[《〈“‘「『")
# ... and the conjunctions and prepositions that need a following word
# (``...8.3亿美元和``). These also end words (方向, 导向, 面对, 祥和, 以及),
# so they count only past SHORT_LINE_LENGTH: a short line is a title or a
# slogan line (``坚持问题导向``) as often. Not 的 or 了, which end titles
# (``生命是美丽的``, ``春天来了``).
OPENING_WORDS = frozenset("和与及或把被对从向将但且并")
# Punctuation no sentence starts with: the line was cut before it.
CONTINUING_HEAD = frozenset("，、。！？；：,.!?;:）)】]》〉”’」』")
# Punctuation that shows a line is a sentence rather than a title. Not the
# comma or the enumeration comma: titles and headings carry those too.
SENTENCE_MARKS = frozenset("。！？；：;:!?…⋯")

_NUMERAL = "一二三四五六七八九十百千零〇两"
# What follows a decimal number at a line's start (the seed's ``3.9亿美元``):
# magnitudes, units and measure words that rarely open a section title.
_DECIMAL_UNITS = "亿万千百元角倍米克斤吨升个次年月天日岁度级秒寸尺亩成折"
HEADING_RE = re.compile(
    rf"[{_NUMERAL}]+\s*[、.．]"  # 一、 二.
    rf"|[（(]\s*(?:[{_NUMERAL}]+|\d{{1,3}})\s*[）)]"  # （一） (一) （1） (1)
    r"|\d{1,3}\s*(?:[、)）]|[.．](?!\d))"  # 1、 1) 1. 1． -- but not 1.5亿
    # 2.3.1: three levels cannot be a decimal; 1.1 is one only before a
    # space or a separator, as 1.5亿 is a number.
    r"|\d{1,3}(?:[.．]\d{1,3}){2,}(?![.．]?\d)"
    r"|\d{1,3}[.．]\d{1,3}(?:\s|[、.．](?!\d))"
    # 1.1国内外研究现状: a number right before CJK text, unless a unit says
    # it is a decimal (3.9亿, 1.5倍, 0.5个).
    rf"|\d{{1,3}}[.．]\d{{1,3}}(?=[\u4e00-\u9fff])(?![{_DECIMAL_UNITS}])"
    # A． A. A、 (A) （b）: not A股, U.S. or e.g.
    r"|[A-Za-z][.．、](?![A-Za-z.．])"
    # An option, A-H before its word (A.Because): not an abbreviation, single
    # letters each with a dot (A.M., E.g.).
    r"|[A-H][.．](?![.．]|[A-Za-z][.．])"
    r"|[\[［]\d{1,3}[\]］]"  # [1] ［2］: a reference list's item
    r"|[（(][A-Za-z][）)]"
    r"|[①-⒛❶-❿➀-➓]"  # ① ⑴ ⒈ ❶
    r"|[Ⅰ-Ⅻ]+\s*[、.．]"  # Ⅱ、
    rf"|第\s*(?:[{_NUMERAL}]+|\d+)\s*"  # 第一，第三章 第2节 -- not 第一次
    r"(?:[章节条款项部篇点讲课回幕卷编集期单元]|[、，,:：.．\s]|$)"
)

# A standalone line: this short whatever it holds, or up to TITLE_LENGTH
# with no sentence punctuation at all. A conversion break leaves a long
# first half (the seed's is 200 characters) and punctuation in it.
SHORT_LINE_LENGTH = 12
TITLE_LENGTH = 30
# A field: a label this long at most, then a colon (``联系电话：``). Longer,
# the colon is inside a sentence; no punctuation or space in the label.
FIELD_LABEL_LENGTH = 8
# The label may carry a bracketed qualifier (``甲方（盖章）：``, ``联系电话(手机)：``).
_LABEL_PART = rf"[^\s，、。！？；：,.!?;:（）()《》“”]{{1,{FIELD_LABEL_LENGTH}}}"
FIELD_RE = re.compile(rf"{_LABEL_PART}(?:[（(]{_LABEL_PART}[）)])?[：:]")
# Where a field's colon can stand: after a label and its qualifier.
FIELD_HEAD_LENGTH = 2 * FIELD_LABEL_LENGTH + 3

# A line made only of separator characters, this many at least (``------``,
# ``——————``, ``＊＊＊``, ``☆☆☆``): a rule between two units, joined to neither.
SEPARATOR_LENGTH = 3
_SEPARATOR_CHARS = "-－‐‑–—―─━═=＝*＊~～_＿·・•※☆★◆◇○●"
_SEPARATOR_RE = re.compile(rf"[{_SEPARATOR_CHARS}\s]{{{SEPARATOR_LENGTH},}}")
# A signature under a poem or a quotation: a dash, then the author or the
# source (``——艾青``, ``—— 摘自《人民日报》``): no sentence in it.
SIGNATURE_LENGTH = 16
_SIGNATURE_RE = re.compile(rf"(?:——?|--|－－?)\s*[^，,。！？；：!?;:]{{1,{SIGNATURE_LENGTH}}}")

# Verse: a poem's, a couplet's or a prose poem's line ends at the author's
# comma (``床前明月光，`` / ``疑是地上霜。``), a conversion's at the line width
# (a first half near it: 30 to 45 characters of a page's body). A line this
# short cut at ``，`` before a line as short is verse when the lines are as
# long as each other (a couplet, 五言 and 七言 verse: 8 characters with the
# comma) or the line before it is short too (a stanza, ``假如我是一只鸟，``)
# and the line holds a 五言 line at least: a shorter one is as often the word
# that opens a sentence (``首先，``, ``与此同时，``, ``第四段，``).
VERSE_LINE_LENGTH = 20
VERSE_MIN_LENGTH = 6

# A letter's salutation and complimentary close: the letter form ends them
# with a comma, which elsewhere says the sentence goes on. Only a line this
# short that ends with a comma is looked at (the check runs on every pair).
LETTER_LINE_LENGTH = 30
# A word of an English salutation's addressee (``Mr.``, ``O'Brien``, ``&``).
_EN_WORD = r"[\w.'&-]+"
_LETTER_LINE_RE = re.compile(
    # Salutation: the greeting word, then the addressee in a few words -- a
    # name or a title. The same address heads a line of a speech or a
    # prose poem (``我亲爱的祖国，``), which a browser shows on its own too. A
    # sentence that opens with the adjective runs longer
    # (``Dear as it was to him,``) and is joined as any line cut at a comma.
    rf"(?:我?(?:亲爱|尊敬|敬爱)的[^，,。！？；：!?;:]{{1,12}}"
    rf"|(?:My )?Dear(?:est)?(?: {_EN_WORD}){{1,4}}"
    rf"|(?:Hi|Hello|Hey)(?: {_EN_WORD}){{0,4}}"
    # ``To`` only before a name or title (``To the Editor,``): not ``To be honest,``.
    rf"|To (?:the )?[A-Z]{_EN_WORD}(?: {_EN_WORD}){{0,3}}|To whom it may concern"
    # Complimentary close, capitalized as the letter form writes it.
    r"|此致|(?:Yours|Sincerely|Faithfully|Respectfully)(?: [A-Za-z]+)?|Truly yours"
    r"|(?:With (?:[Bb]est |[Kk]ind |[Ww]arm )?|(?:Best|Kind|Warm|Warmest) )"
    r"(?:[Ww]ishes|[Rr]egards|[Ll]ove)"
    r"|Regards|Love|Best|All the best|Cheers"
    r")[，,]"
)
# A close that says who the writer is to the reader (``您的女儿，``,
# ``Your friend,``): the same words open sentences (``你的笑容，``), so it is a
# close only when the name follows on a line of its own.
_SIGNED_AS_RE = re.compile(r"(?:[您你]的[^，,。！？；：!?;:]{1,8}|Your(?: [A-Za-z]+){1,3})[，,]")
# The name under a close: short, no punctuation (``小红``, ``Li Hua``).
_NAME_LINE_RE = re.compile(rf"[^，、。！？；：…,.!?;:]{{1,{SHORT_LINE_LENGTH}}}")

# English puts a space after these before the next word (``morning, and``),
# and before these openings (``called "Spring"``).
_SPACED_AFTER = ",;:.!?)]\"'"
_LATIN_OPENING = "(\"'"

# Characters that are not text: zero-width spaces and joiners, the word
# joiner, the BOM (a zero-width no-break space inside a text), and U+FFFD.
# A regex, not str.translate: fourteen times faster on CJK text.
_NOT_TEXT_RE = re.compile("[\u200b\u200c\u2060\ufeff\ufffd]")
_JOINER = "\u200d"
_JOINER_RE = re.compile(_JOINER)


class Line(NamedTuple):
    """A line of the essay block, and what its markup says of it.

    ``heading`` is the markup's word (an ``<h3>``, a paragraph bold from end
    to end): such a line is a heading whatever its text, as
    ``强化组织引领，夯实发展根基`` is. ``item``: the line starts a list item
    or a table cell (``<li>``, ``<dt>``, ``<dd>``, ``<td>``, ``<th>``), a unit
    of its own. A paragraph joined from several lines keeps its first line's
    marks: only a line that is neither can be joined onto it.
    """

    text: str
    heading: bool = False
    item: bool = False


def normalize_space(line: str) -> str:
    """Whitespace runs folded to one space, none at either end; zero-width characters
    and U+FFFD dropped."""
    # str.split() splits on exactly what \s matches (ASCII, U+3000, NBSP and the
    # other Unicode spaces), and in C: four times faster than a regex here.
    # The zero-width characters are not \s, so they go first.
    line = _NOT_TEXT_RE.sub("", line)
    if _JOINER in line:
        line = _JOINER_RE.sub(lambda joiner: _kept_joiner(joiner.string, joiner.start()), line)
    return " ".join(line.split())


def _kept_joiner(line: str, at: int) -> str:
    """The joiner at ``at`` if it joins two pictures of an emoji sequence, else nothing."""
    inside = 0 < at < len(line) - 1 and _symbol(line[at - 1]) and _symbol(line[at + 1])
    return _JOINER if inside else ""


def is_heading(paragraph: str) -> bool:
    return HEADING_RE.match(paragraph) is not None


# What follows a closed sentence without reopening it: footnote marks --
# circled and parenthesized numbers, superscript digits, a number in
# brackets, or a bare number right after the closing mark (``<sup>1</sup>``;
# not after ``.``, as ``3.1`` is a decimal). Searched for in the last
# FOOTNOTE_WINDOW characters only: a regex anchored at the end still tries
# every position of the line.
_FOOTNOTE_END_RE = re.compile(
    r"(?:[①-⒛⁰¹²³⁴-⁹]{1,3}|[\[［〔]\d{1,3}[\]］〕]|(?<=[。！？”’」』])\d{1,3})$"
)
FOOTNOTE_WINDOW = 8
# Characters inside an emoji sequence besides the symbols themselves:
# variation selectors, the zero-width joiner, the keycap.
_EMOJI_PARTS = "\ufe0e\ufe0f\u200d\u20e3"


def _symbol(char: str) -> bool:
    return char in _EMOJI_PARTS or unicodedata.category(char) in ("So", "Sk")


def _emoji(char: str) -> bool:
    return char >= "\U0001f000" or "\u2600" <= char <= "\u27bf"


def ends_sentence(paragraph: str) -> bool:
    """Closing punctuation at the end, past any emoji, symbols or footnote marks
    (``谢谢大家！😊``, ``总和。”①``); an emoji ends a sentence of informal writing
    by itself (``开心的一天呀😊``)."""
    last = paragraph[-1:]
    if last in CLOSING:
        return True
    # The common case, a word at the end, is decided by the last character.
    if not last or "\u4e00" <= last <= "\u9fff" or (last.isascii() and last.isalpha()):
        return False
    end = len(paragraph)
    while end and _symbol(paragraph[end - 1]):
        end -= 1
    if any(_emoji(char) for char in paragraph[end:]):
        return True
    tail = paragraph[max(0, end - FOOTNOTE_WINDOW) : end]
    footnote = _FOOTNOTE_END_RE.search(tail)
    return (tail[: footnote.start()] if footnote else tail)[-1:] in CLOSING


def ends_with_url(paragraph: str) -> bool:
    return _URL_END_RE.search(paragraph) is not None


def standalone_line(paragraph: str) -> bool:
    """A title, salutation, signature or date line: short, and not a finished sentence."""
    if ends_sentence(paragraph):
        return False
    if len(paragraph) <= SHORT_LINE_LENGTH:
        return True
    return len(paragraph) <= TITLE_LENGTH and SENTENCE_MARKS.isdisjoint(paragraph)


def is_field(paragraph: str) -> bool:
    # Most lines have no colon where a label's would be: the regex would try
    # every label length there, with and without a qualifier.
    head = paragraph[:FIELD_HEAD_LENGTH]
    return ("：" in head or ":" in head) and FIELD_RE.match(paragraph) is not None


def field_line(paragraph: str) -> bool:
    """A field as a line of a form (``联系人：张老师，联系电话：13800138000``):
    up to TITLE_LENGTH. Longer, a label opens a paragraph (``他说：“...``,
    ``会议要求：...``), which a conversion breaks as any other."""
    return len(paragraph) <= TITLE_LENGTH and is_field(paragraph)


def separator_line(paragraph: str) -> bool:
    return paragraph[0] in _SEPARATOR_CHARS and _SEPARATOR_RE.fullmatch(paragraph) is not None


def signature_line(paragraph: str) -> bool:
    return paragraph[0] in "—－-" and _SIGNATURE_RE.fullmatch(paragraph) is not None


def opens_to_next(paragraph: str) -> bool:
    """Ends with what no sentence ends with: punctuation, or past a short line's
    length a conjunction or preposition."""
    last = paragraph[-1]
    if last in OPENING_PUNCTUATION:
        return True
    return last in OPENING_WORDS and len(paragraph) > SHORT_LINE_LENGTH


def verse_line(paragraph: str, following: str, before: str) -> bool:
    """A line of verse ended by the author's comma: see VERSE_LINE_LENGTH."""
    if paragraph[-1] != "，" or len(paragraph) > VERSE_LINE_LENGTH:
        return False
    if len(following) > VERSE_LINE_LENGTH:
        return False
    if len(following) == len(paragraph):
        return True
    return len(paragraph) >= VERSE_MIN_LENGTH and 0 < len(before) <= VERSE_LINE_LENGTH


def letter_line(paragraph: str) -> bool:
    """A letter's salutation or complimentary close that ends with a comma
    (``Dear Tom,``, ``亲爱的妈妈，``, ``Best wishes,``, ``Yours,``)."""
    if paragraph[-1:] not in "，," or len(paragraph) > LETTER_LINE_LENGTH:
        return False
    return _LETTER_LINE_RE.fullmatch(paragraph) is not None


def signs_off(paragraph: str, following: str) -> bool:
    """A close naming who the writer is to the reader, then the name (``您的女儿，`` / ``小红``)."""
    if paragraph[-1:] not in "，," or len(paragraph) > LETTER_LINE_LENGTH:
        return False
    return (
        _SIGNED_AS_RE.fullmatch(paragraph) is not None
        and _NAME_LINE_RE.fullmatch(following) is not None
    )


def continues(paragraph: str, following: str, before: str = "") -> bool:
    """Whether ``following`` carries on the sentence that ``paragraph`` leaves open;
    ``before`` is the paragraph above ``paragraph``, if any."""
    if not paragraph or not following or ends_sentence(paragraph) or ends_with_url(paragraph):
        return False
    if is_heading(paragraph) or is_heading(following):
        return False
    if field_line(paragraph) or is_field(following):
        return False
    if separator_line(paragraph) or separator_line(following) or signature_line(following):
        return False
    if letter_line(paragraph) or letter_line(following) or signs_off(paragraph, following):
        return False
    if verse_line(paragraph, following, before):
        return False
    if following[0] in CONTINUING_HEAD or opens_to_next(paragraph):
        return True
    return not (standalone_line(paragraph) or standalone_line(following))


def ends_latin_word(paragraph: str) -> bool:
    """Whether ``paragraph`` ends an English word, past any punctuation English
    follows with a space: a Latin letter, or a number not written inside
    Chinese (``in 1992,``; not ``达8.3`` or ``资产1,``)."""
    word = paragraph.rstrip(_SPACED_AFTER)
    last = word[-1:]
    if not (last.isascii() and last.isalnum()):
        return False
    if last.isalpha():
        return True
    return word.rstrip("0123456789.,")[-1:].isascii()


def starts_latin_word(paragraph: str) -> bool:
    first = paragraph[:1]
    return first.isascii() and (first.isalnum() or first in _LATIN_OPENING)


def join_two(paragraph: str, following: str) -> str:
    """The two halves of a broken sentence as one, with the space English puts
    between them (``morning,`` + ``and``); none in Chinese, none after a hyphen."""
    if ends_latin_word(paragraph) and starts_latin_word(following):
        return f"{paragraph} {following}"
    return paragraph + following


def joins(paragraph: Line, following: Line, before: Line | None = None) -> bool:
    """Whether ``following`` is joined onto ``paragraph`` (which ``before`` precedes):
    by the text's rules (:func:`continues`), unless the markup starts a new unit at either."""
    if paragraph.heading or following.heading or following.item:
        return False
    return continues(paragraph.text, following.text, before.text if before else "")


def join_two_lines(paragraph: Line, following: Line) -> Line:
    """:func:`join_two`, keeping the first line's marks."""
    return paragraph._replace(text=join_two(paragraph.text, following.text))


def join_broken(lines: Iterable[Line]) -> list[Line]:
    """Paragraphs with every sentence broken across two lines made whole."""
    joined: list[Line] = []
    for line in lines:
        if joined and joins(joined[-1], line, joined[-2] if len(joined) > 1 else None):
            joined[-1] = join_two_lines(joined[-1], line)
        else:
            joined.append(line)
    return joined
