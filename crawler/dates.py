"""Publication dates: from the info line, from list pages, from article URLs.

SITE.md ("Dates"): the info line says ``发布时间:2020-03-02 13:29:16``,
``发布时间：2020年03月02日``, ``时间:2020-3-2 9:05``, ``更新时间:...``, in
Beijing time; ``0000-00-00 00:00:00`` means no date. The archive keeps the
raw string, a timezone-aware instant and its precision (second, minute, day).

Pages also write AM/PM (``1:29 PM``, ``PM 01:29``), put a weekday between
date and time (``2020年03月02日 星期一 13:29``), wrap the date in brackets
(``[2020-03-02]``) and separate a month-day with ``/`` or ``.`` (``03/01``):
all of them read as the plain 24-hour, dashed date. DedeCMS's
``MyDate('y-m-d')`` writes a two-digit year (``20-03-02``), which takes the
century that puts it latest but not after the fetch's year; a year may follow
the month-day (``02/03/2020``, month first as ``03/01`` is); and Chinese
numerals (``二〇二三年五月六日``, ``十二月三十一日``) read as digits.

Parsing is two steps: :func:`normalize_date_text` rewrites the Chinese and
full-width forms (``２０２０年3月2日 下午1时5分``, ``昨天 13:29``, ``5小时前``)
into one plain form (``2020-3-2 13:05``, ``1 days ago 13:29``,
``5 hours ago``); :func:`parse_date` reads that form with dateutil.
Fallbacks (list date, URL date) are the caller's: :func:`resolve_list_dates`
and :func:`date_from_url` are the pure parts of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import lru_cache
from urllib.parse import urlsplit

from dateutil import tz as dateutil_tz
from dateutil.parser import isoparse
from dateutil.relativedelta import relativedelta

from crawler.site_profile import DEFAULT_PROFILE, SITE_TIMEZONE, SiteProfile

SECOND, MINUTE, DAY = "second", "minute", "day"
EMPTY_DATE = "empty_date"  # DedeCMS's 0000-00-00 (whatever time follows), or a blank
IMPOSSIBLE_DATE = "impossible_date"  # 2020-02-30, 25:61
FUTURE_DATE = "future_date"  # after the page was fetched
UNPARSED_DATE = "unparsed_date"  # a value after the label that is no date form

# DedeCMS prints a zero timestamp as 1970-01-01 (08:00 in Beijing).
_ZERO_TIMESTAMP_DAY = date(1970, 1, 1)


@dataclass(frozen=True)
class ParsedDate:
    raw: str | None  # the date text as found (after the label), unmodified
    instant: datetime | None  # tz-aware
    precision: str | None  # "second" | "minute" | "day"
    problem: str | None  # why instant is None although raw is not


# -- Finding the date in the info line -----------------------------------
_D = "[0-9０-９]"
_S = "[ \t\u3000\u00a0]*"
_COLON = "[:：]"
_SEP = "[-/.－／．]"
_YMD = f"{_D}{{4}}{_SEP}{_D}{{1,2}}{_SEP}{_D}{{1,2}}"
# Two-digit parts that can be a month and a day, as DedeCMS's MyDate('y-m-d')
# prints them (zero-padded): a run of small numbers that cannot ("1-2-3", a
# score "3-2", "12-25-08") is left to the month-day form, as before.
_MONTH2 = "(?:[0０][1-9１-９]|[1１][0-2０-２])"
_DAY2 = "(?:[0０][1-9１-９]|[12１２][0-9０-９]|[3３][01０１])"
# "20-03-02": a two-digit year, one separator throughout; not the start of a
# longer number or of a further separated part (a version, an IP address).
_SHORT_YMD = (
    f"(?<![0-9０-９]){_D}{{2}}(?P<short_sep>{_SEP}){_MONTH2}(?P=short_sep){_DAY2}"
    f"(?![0-9０-９]|{_SEP}{_D})"
)
# "02/03/2020": the year written after the month-day. Month first, as a
# month-day ("03/01", "03.01") reads everywhere else here, and as Chinese
# writes 月 before 日; a first part over 12 is an impossible date, not swapped.
_MDY = (
    f"(?<![0-9０-９]){_D}{{1,2}}(?P<mdy_sep>{_SEP}){_D}{{1,2}}(?P=mdy_sep){_D}{{4}}(?![0-9０-９])"
)
# Chinese numerals ("二〇二三年五月六日", "十二月三十一日"); ○ is the common
# stand-in for 〇.
_CN_DIGIT = "[〇○零一二两三四五六七八九]"
_CN_YEAR = f"(?:{_D}{{4}}|{_CN_DIGIT}{{4}})"
_CN_SMALL = f"(?:{_D}{{1,2}}|[一二两三]?十{_CN_DIGIT}?|{_CN_DIGIT}{{1,2}})"
_CN_YMD = f"{_CN_YEAR}{_S}年{_S}{_CN_SMALL}{_S}月{_S}{_CN_SMALL}{_S}[日号]?"
_CN_MD = f"{_CN_SMALL}{_S}月{_S}{_CN_SMALL}{_S}[日号]?"
_UNIT = "秒钟?|分钟?|个?小时|天|日|周|星期|个?月|年"
# "1.5小时前" is an age, not the month-day 1.5.
_MD = f"{_D}{{1,2}}{_SEP}{_D}{{1,2}}(?!{_S}(?:{_UNIT}){_S}前)"
_HALF_DAY = "上午|早上|凌晨|中午|下午|晚上|傍晚"
# AM/PM, any case, dotted or not, full-width or not; a word of its own, so not
# the "am" of "Amy".
_LETTER = "A-Za-zＡ-Ｚａ-ｚ"
_AM_PM = f"(?<![{_LETTER}])([AaPpＡａＰｐ][.．]?[MmＭｍ][.．]?)(?![{_LETTER}])"
# AM/PM stands before the time like 上午/下午, or after a clock time ("1:29 PM").
_TIME = (
    f"(?:(?:{_HALF_DAY}|{_AM_PM}){_S})?{_D}{{1,2}}"
    f"(?:{_COLON}{_D}{{1,2}}(?:{_COLON}{_D}{{1,2}}(?:[.．]{_D}+)?)?(?:{_S}{_AM_PM})?"
    f"|{_S}[时点點]{_S}(?:半|{_D}{{1,2}}{_S}分(?:{_S}{_D}{{1,2}}{_S}秒)?)?)"
)
# A weekday between date and time says nothing the date does not: it is skipped.
_WEEKDAY = (
    "[(（]?(?:(?:星期|礼拜|周)[一二三四五六日天]"
    "|(?<![A-Za-z])(?i:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?(?![A-Za-z]))[)）]?"
)
_ZONE = (
    f"(?:Z|[-+＋－]{_D}{{2}}(?:{_COLON}?{_D}{{2}})?"
    f"|(?:UTC|GMT)(?:{_S}[-+＋－]{_S}{_D}{{1,2}}(?:{_COLON}?{_D}{{2}})?)?"
    f"|[(（]?北京时间[)）]?)"
)
_RELATIVE = f"刚刚|刚才|{_D}+{_S}(?:{_UNIT}){_S}前|(?:大前天|前天|昨天|今天)(?:{_S}{_TIME})?"
_DATE_TAIL = f"(?:{_S}{_WEEKDAY})?(?:(?:T|{_S}){_TIME})?(?:{_S}{_ZONE})?"
# Longest forms first: a two-digit year or a year after the month-day is
# tried before the month-day it starts with.
_ABSOLUTE = f"(?:{_YMD}|{_CN_YMD}|{_SHORT_YMD}|{_MDY}|{_CN_MD}|{_MD}){_DATE_TAIL}"
# Brackets around a date ("[2020-03-02]", "【03-01】") are kept in the raw text;
# a closing one only when an opening one came first, which may lack its own.
_RAW_DATE_RE = re.compile(
    f"(?P<open>[\\[［【〔(（]{_S})?(?:北京时间{_S})?(?:{_RELATIVE}|{_ABSOLUTE})"
    f"(?(open)(?:{_S}[\\]］】〕)）])?)"
)
# A date with a year and no label ("2020-03-02 来源:..."), the last resort.
_BARE_DATE_RE = re.compile(f"(?<![0-9０-９])(?:{_YMD}|{_CN_YMD}){_DATE_TAIL}")
# Whatever follows a label when it is no date form: "发布时间:不详".
_VALUE_RE = re.compile(r"[^\s:：]+")


@lru_cache(maxsize=16)
def _label_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so that 时间 is never found inside 更新时间.
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(f"(?P<label>{names}){_S}{_COLON}?{_S}")


def find_raw_date(info_line: str, profile: SiteProfile = DEFAULT_PROFILE) -> str | None:
    """The date text of the info line, after the most preferred label that has one.

    ``profile.date_labels`` is the order of preference (发布时间 before
    更新时间, which counts when it is the only one). A label whose value says
    "no date" is passed over while another label has one: DedeCMS's empty
    value (``0000-00-00``) first, then something that is no date form
    (``不详``). Either is given when no label has more, so that parse_date can
    say why it is no date.
    """
    if not info_line or not profile.date_labels:
        return None
    found = list(_label_re(profile.date_labels).finditer(info_line))
    by_preference = sorted(found, key=lambda m: profile.date_labels.index(m.group("label")))
    dates = [
        date_match.group().strip()
        for match in by_preference
        if (date_match := _RAW_DATE_RE.match(info_line, match.end()))
    ]
    if dates:
        return next((raw for raw in dates if not _is_empty_value(raw)), dates[0])
    for match in by_preference:
        value = _VALUE_RE.match(info_line, match.end())
        # "发布时间: 来源:范文大全": the next field's label, not a value.
        if value and info_line[value.end() : value.end() + 1] not in (":", "："):
            return value.group()
    bare = _BARE_DATE_RE.search(info_line)
    return bare.group().strip() if bare else None


# -- Normalizing the Chinese forms ---------------------------------------
# Full-width forms become ASCII; brackets only wrap a date or a part of it
# ("[2020-03-02]", "（星期一）", "(UTC+8)"), so they become spaces.
_TO_PLAIN = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    | {"\u3000": " ", "\u00a0": " "}
    | dict.fromkeys("[]()【】〔〕［］（）", " ")
)
_SPACES_RE = re.compile(r"\s+")
_RELATIVE_UNITS = {
    "秒": "seconds",
    "秒钟": "seconds",
    "分": "minutes",
    "分钟": "minutes",
    "小时": "hours",
    "个小时": "hours",
    "天": "days",
    "日": "days",
    "周": "weeks",
    "星期": "weeks",
    "月": "months",
    "个月": "months",
    "年": "years",
}
_AGO_RE = re.compile(r"(\d+) ?(秒钟?|分钟?|个?小时|天|日|周|星期|个?月|年) ?前")
_DAYS_BACK = {"今天": 0, "昨天": 1, "前天": 2, "大前天": 3}
_DAY_WORD_RE = re.compile(r"(大前天|前天|昨天|今天) ?")
_BEIJING_RE = re.compile("北京时间")
_UTC_RE = re.compile(r"(?:UTC|GMT) ?(?:([-+]) ?(\d{1,2})(?::?(\d{2}))?)?", re.IGNORECASE)
_WEEKDAY_RE = re.compile(_WEEKDAY)
_CN_NUMBER = rf"\d+|(?:{_CN_DIGIT}|十)+"
_CN_DATE_RE = re.compile(f"(?:({_CN_NUMBER}) ?年 ?)?({_CN_NUMBER}) ?月 ?({_CN_NUMBER}) ?[日号]?")
_CN_DIGITS = str.maketrans("〇○零一二两三四五六七八九", "0001223456789")
_CN_TENS_RE = re.compile(f"([一二两三]?)十({_CN_DIGIT}?)")
# "02/03/2020" -> "2020-02-03"; the separator is the same throughout.
_MONTH_DAY_YEAR_RE = re.compile(r"(?<![\d:./-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)")
# "20/03/02", "20.03.02" -> "20-03-02": the century is the fetch's to decide.
_SHORT_YEAR_DATE_RE = re.compile(
    r"(?<![\d:./-])(\d{2})([-/.])(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![\d:]|[-/.]\d)"
)
# 2020/3/2, 2020.3.2, 3/2, 3.2; never the fraction of a time ("13:29:16.250").
_SEPARATED_DATE_RE = re.compile(
    r"(?<![\d:.])(?:(\d{4}) ?[./] ?)?(\d{1,2}) ?[./] ?(\d{1,2})(?![\d.])"
)
# "1:29 PM" -> "PM 1:29", so that every AM/PM stands before its hour.
_AM_PM_AFTER_RE = re.compile(rf"(\d{{1,2}}(?::\d{{1,2}}){{1,2}}(?:\.\d+)?) ?{_AM_PM}")
_AM_PM_RE = re.compile(rf"{_AM_PM} ?")
_HALF_DAY_RE = re.compile(rf"({_HALF_DAY}) ?(\d{{1,2}})")
_CN_TIME_RE = re.compile(r"(\d{1,2}) ?[时点點] ?(?:(半)|(\d{1,2}) ?分(?: ?(\d{1,2}) ?秒)?)?")


def _cn_number(text: str) -> str:
    """二〇二三 -> 2023, 十二 -> 12, 三十一 -> 31: the digits of a date's part."""
    tens = _CN_TENS_RE.fullmatch(text)
    if tens:
        return str(
            int(tens.group(1).translate(_CN_DIGITS) or 1) * 10
            + int(tens.group(2).translate(_CN_DIGITS) or 0)
        )
    # Digit by digit, as years are written; a stray 十 stays and the date is unparsed.
    return text.translate(_CN_DIGITS)


def _am_pm_half_day(match: re.Match[str]) -> str:
    """AM -> 上午, PM -> 下午: the same fold into the hour (12 AM is 0, 12 PM is 12)."""
    return "上午" if match.group(1)[0] in "Aa" else "下午"


def _half_day_hour(match: re.Match[str]) -> str:
    """下午3 -> 15, 中午1 -> 13, 凌晨12 -> 0."""
    half, hour = match.group(1), int(match.group(2))
    if hour < (11 if half == "中午" else 12) and half in ("中午", "下午", "晚上", "傍晚"):
        hour += 12
    elif half in ("上午", "早上", "凌晨") and hour == 12:
        hour = 0
    return str(hour)


def _cn_time(match: re.Match[str]) -> str:
    hour, half, minute, second = match.groups()
    text = f"{hour}:{'30' if half else minute or '00'}"
    return f"{text}:{second}" if second else text


def _utc_offset(match: re.Match[str]) -> str:
    sign, hours, minutes = match.groups()
    if not sign:
        return " +00:00"
    return f" {sign}{int(hours):02d}:{minutes or '00'}"


def normalize_date_text(text: str) -> str:
    """A date as written on Chinese pages, in one plain form dateutil can read.

    Full-width digits, colons and spaces become ASCII and brackets spaces;
    ``2020年3月2日``, ``2020/3/2`` and ``2020.3.2`` become ``2020-3-2`` (and
    ``3/2`` ``3-2``); a weekday is dropped; ``9时5分`` becomes ``9:5``, with
    上午/下午 and AM/PM folded into the hour; ``UTC+8`` and ``北京时间``
    become offsets; ``刚刚``, ``5小时前`` and ``昨天 13:29`` become ``now``,
    ``5 hours ago`` and ``1 days ago 13:29``. Anything else is left as it is.
    """
    text = _SPACES_RE.sub(" ", text.translate(_TO_PLAIN)).strip()
    if text in ("刚刚", "刚才"):
        return "now"
    ago = _AGO_RE.fullmatch(text)
    if ago:
        return f"{ago.group(1)} {_RELATIVE_UNITS[ago.group(2)]} ago"
    day_word = _DAY_WORD_RE.match(text)
    if day_word:
        text = f"{_DAYS_BACK[day_word.group(1)]} days ago {text[day_word.end() :]}"
    beijing = _BEIJING_RE.search(text)
    if beijing:
        text = f"{text[: beijing.start()]} {text[beijing.end() :]} +08:00"
    text = _UTC_RE.sub(_utc_offset, text)
    text = _WEEKDAY_RE.sub(" ", text)
    text = _CN_DATE_RE.sub(lambda m: "-".join(_cn_number(g) for g in m.groups() if g) + " ", text)
    text = _MONTH_DAY_YEAR_RE.sub(r"\4-\1-\3", text)
    text = _SHORT_YEAR_DATE_RE.sub(r"\1-\3-\4", text)
    text = _SEPARATED_DATE_RE.sub(lambda m: "-".join(g for g in m.groups() if g), text)
    text = _AM_PM_AFTER_RE.sub(r"\2 \1", text)
    text = _AM_PM_RE.sub(_am_pm_half_day, text)
    text = _HALF_DAY_RE.sub(_half_day_hour, text)
    text = _CN_TIME_RE.sub(_cn_time, text)
    return _SPACES_RE.sub(" ", text).strip()


# -- Parsing the plain form ----------------------------------------------
_TIME_PART = r"(?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2})(?P<fraction>\.\d+)?)?"
# A two-digit year only where a month and a day follow (see _SHORT_YMD).
_ABSOLUTE_RE = re.compile(
    rf"(?:(?P<year>\d{{4}}|\d{{2}}(?=-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)))-)?"
    rf"(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})"
    rf"(?:[T ]{_TIME_PART})? ?(?P<zone>Z|[-+]\d{{2}}(?::?\d{{2}})?)?"
)
_NOW_RE = re.compile(r"now|(?P<count>\d+) (?P<unit>seconds|minutes|hours) ago")
_DAYS_AGO_RE = re.compile(
    rf"(?P<count>\d+) (?P<unit>days|weeks|months|years) ago(?: {_TIME_PART})?"
)


@lru_cache(maxsize=16)
def _zone(name: str) -> tzinfo:
    zone = dateutil_tz.gettz(name)
    if zone is None:
        raise ValueError(f"unknown time zone {name!r}")
    return zone


def _precision(match: re.Match[str]) -> str:
    if match.group("second") is not None:
        return SECOND
    return MINUTE if match.group("hour") is not None else DAY


def _iso_time(match: re.Match[str]) -> str:
    if match.group("hour") is None:
        return ""
    text = f"T{int(match.group('hour')):02d}:{int(match.group('minute')):02d}"
    if match.group("second") is not None:
        text += f":{int(match.group('second')):02d}{(match.group('fraction') or '')[:7]}"
    return text


def _delta(unit: str, count: int) -> relativedelta:
    if unit == "seconds":
        return relativedelta(seconds=count)
    if unit == "minutes":
        return relativedelta(minutes=count)
    if unit == "hours":
        return relativedelta(hours=count)
    if unit == "days":
        return relativedelta(days=count)
    if unit == "weeks":
        return relativedelta(weeks=count)
    if unit == "months":
        return relativedelta(months=count)
    return relativedelta(years=count)


def _relative(text: str, fetched: datetime) -> tuple[datetime, str] | None:
    """The instant and precision of ``now``, ``5 hours ago``, ``1 days ago 13:29``."""
    recent = _NOW_RE.fullmatch(text)
    if recent:
        if recent.group("unit") is None:
            return fetched.replace(second=0, microsecond=0), MINUTE
        instant = fetched - _delta(recent.group("unit"), int(recent.group("count")))
        if recent.group("unit") == "seconds":
            return instant.replace(microsecond=0), SECOND
        return instant.replace(second=0, microsecond=0), MINUTE
    days = _DAYS_AGO_RE.fullmatch(text)
    if days is None:
        return None
    day = fetched.date() - _delta(days.group("unit"), int(days.group("count")))
    local = isoparse(f"{day.isoformat()}{_iso_time(days)}").replace(tzinfo=fetched.tzinfo)
    return local, _precision(days)


def _full_year(written: str, fetched_year: int) -> int:
    """The year a date writes, its century supplied for a two-digit one (DedeCMS's
    ``MyDate('y-m-d')``): the latest year ending in those digits that is not after
    the fetch's year, so 20 is 2020 and, fetched in 2026, 27 is 1927 and 26 is 2026
    (a 2026 date after the fetch stays a future date, as when written in full)."""
    year = int(written)
    if len(written) != 2:
        return year
    return fetched_year - (fetched_year - year) % 100


def _absolute(match: re.Match[str], fetched: datetime) -> tuple[datetime, str]:
    """The instant and precision of ``2020-3-2 9:05``; a year-less date is the latest
    one not after the fetch."""
    month, day = int(match.group("month")), int(match.group("day"))
    written = match.group("year")
    year = _full_year(written, fetched.year) if written else fetched.year
    zone = match.group("zone") or ""
    instant = isoparse(f"{year:04d}-{month:02d}-{day:02d}{_iso_time(match)}{zone}")
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=fetched.tzinfo)
    if match.group("year") is None and instant > fetched:
        instant = instant - relativedelta(years=1)
    return instant.astimezone(fetched.tzinfo), _precision(match)


def _is_zero(match: re.Match[str]) -> bool:
    """DedeCMS's empty value: a 0000-00-00 date, whatever time follows it."""
    return not any(int(match.group(part) or 0) for part in ("year", "month", "day"))


def _is_empty_value(raw: str) -> bool:
    """Whether a date text is DedeCMS's empty value, which looks like a date but is none:
    0000-00-00, or its zero timestamp's day (1970-01-01, see parse_date)."""
    match = _ABSOLUTE_RE.fullmatch(normalize_date_text(raw))
    if match is None:
        return False
    if _is_zero(match):
        return True
    year = match.group("year")
    # The zero timestamp's year as the date writes it: 1970, or 70 for MyDate('y-m-d').
    zero_year = str(_ZERO_TIMESTAMP_DAY.year)[-len(year) :] if year else None
    written = (year, int(match.group("month")), int(match.group("day")))
    return written == (zero_year, _ZERO_TIMESTAMP_DAY.month, _ZERO_TIMESTAMP_DAY.day)


def parse_date(raw: str, fetched_at: datetime, tz: str = SITE_TIMEZONE) -> ParsedDate:
    """The instant a date text stands for, read in ``tz`` unless it names its own offset.

    Relative dates (``昨天 13:29``, ``3天前``, ``5小时前``, ``刚刚``) count back
    from ``fetched_at``. A date that is none (``0000-00-00``), impossible
    (``2020-02-30``), after ``fetched_at`` or unreadable has no instant, and
    ``problem`` says which.
    """
    zone = _zone(tz)
    fetched = (fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=zone)).astimezone(
        zone
    )
    text = normalize_date_text(raw)
    if not text:
        return ParsedDate(raw, None, None, EMPTY_DATE)
    absolute = _ABSOLUTE_RE.fullmatch(text)
    if absolute is not None and _is_zero(absolute):
        return ParsedDate(raw, None, None, EMPTY_DATE)
    try:
        found = _absolute(absolute, fetched) if absolute else _relative(text, fetched)
    except (ValueError, OverflowError):
        return ParsedDate(raw, None, None, IMPOSSIBLE_DATE)
    if found is None:
        return ParsedDate(raw, None, None, UNPARSED_DATE)
    instant, precision = found
    if instant.astimezone(zone).date() == _ZERO_TIMESTAMP_DAY:
        return ParsedDate(raw, None, None, EMPTY_DATE)
    if instant > fetched:
        return ParsedDate(raw, None, None, FUTURE_DATE)
    return ParsedDate(raw, instant, precision, None)


# -- Fallbacks -----------------------------------------------------------
def _list_date(raw: str | None, fetched_year: int) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a list entry's date, or None when it is none.

    The date is looked for in the entry's date text, which may carry a label
    (``发布时间：2021-01-03``) as the info line does; a two-digit year is
    read against the fetch's year, as on the info line.
    """
    found = _RAW_DATE_RE.search(raw) if raw else None
    if found is None:
        return None
    match = _ABSOLUTE_RE.fullmatch(normalize_date_text(found.group()))
    if match is None or _is_zero(match):
        return None
    year = match.group("year")
    return (
        _full_year(year, fetched_year) if year else None,
        int(match.group("month")),
        int(match.group("day")),
    )


def _valid_day(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    try:
        return isoparse(f"{year:04d}-{month:02d}-{day:02d}").date().isoformat()
    except ValueError:
        return None


def resolve_list_dates(raw_dates: Sequence[str | None], fetched_at: datetime) -> list[str | None]:
    """A list page's dates in page order, each as ``YYYY-MM-DD`` or None.

    A month-day date (``03-02``) takes the year of the nearest full date above
    it on the page; with none above, of the nearest below; with none at all,
    the fetch's year (Beijing time) (SITE.md, "Category list page"). Lists
    run newest first, so the year turns where the order would break: a
    month-day later in the year than the full date above it is of the year
    before (``12-31`` under ``2021-01-03`` is 2020-12-31), one earlier than the
    full date below it of the year after, and one after the fetch's day of
    the year before the fetch's.
    """
    fetched_day = (
        (fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=_zone(SITE_TIMEZONE)))
        .astimezone(_zone(SITE_TIMEZONE))
        .date()
    )
    parsed = [_list_date(raw, fetched_day.year) for raw in raw_dates]
    # Only a real date lends its year: 2020-02-30 says nothing about its neighbours.
    full = {
        index: (entry[0], entry[1], entry[2])
        for index, entry in enumerate(parsed)
        if entry and entry[0] is not None and _valid_day(*entry)
    }
    resolved: list[str | None] = []
    for index, entry in enumerate(parsed):
        if entry is None:
            resolved.append(None)
            continue
        year, month, day = entry
        if year is None:
            above = [i for i in full if i < index]
            below = [i for i in full if i > index]
            if above:
                newer_year, *newer_day = full[above[-1]]
                year = newer_year - ([month, day] > newer_day)
            elif below:
                older_year, *older_day = full[below[0]]
                year = older_year + ([month, day] < older_day)
            else:
                year = fetched_day.year - ((month, day) > (fetched_day.month, fetched_day.day))
        resolved.append(_valid_day(year, month, day))
    return resolved


_URL_DATE_RES = (
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})(?=[/_.-]|$)"),  # /2020/0302/123.html
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?=/)"),  # /2020/03/02/123.html
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?=/)"),  # /20200302/123.html
    re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)"),  # /2020-03-02/...
)


def date_from_url(url: str) -> str | None:
    """The date an article URL's path carries (``/2020/0302/...``), as ``YYYY-MM-DD``."""
    try:
        path = urlsplit(url).path
    except ValueError:  # a netloc that is no host name ("//月：1")
        return None
    for pattern in _URL_DATE_RES:
        for match in pattern.finditer(path):
            day = _valid_day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if day is not None:
                return day
    return None
