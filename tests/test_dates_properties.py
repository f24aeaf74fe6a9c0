"""Every supported date form, rendered from a random moment, reads back as that moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.dates import find_raw_date, parse_date, resolve_list_dates

FETCHED_AT = datetime.fromisoformat("2026-11-29T12:00:00+08:00")
BEIJING = ZoneInfo("Asia/Shanghai")
FULL_WIDTH = str.maketrans("0123456789-: ", "０１２３４５６７８９－：　")


def half_day(moment: datetime) -> str:
    """下午3点, as pages write the hour."""
    hour = moment.hour
    if hour == 0:
        return "凌晨12"
    if hour < 12:
        return f"上午{hour}"
    return "中午12" if hour == 12 else f"下午{hour - 12}"


def utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=BEIJING).astimezone(UTC)


# (render, precision); moments are naive Beijing time.
FORMATS: list[tuple[Callable[[datetime], str], str]] = [
    (lambda m: m.strftime("%Y-%m-%d %H:%M:%S"), "second"),
    (lambda m: f"{m.year}-{m.month}-{m.day} {m.hour}:{m.minute:02d}", "minute"),
    (lambda m: m.strftime("%Y-%m-%d"), "day"),
    (lambda m: m.strftime("%Y年%m月%d日"), "day"),
    (lambda m: f"{m.year}年{m.month}月{m.day}日", "day"),
    (lambda m: f"{m.year}年{m.month}月{m.day}日 {m.hour}时{m.minute}分", "minute"),
    (lambda m: f"{m.year}年{m.month}月{m.day}日{m.hour}时{m.minute}分{m.second}秒", "second"),
    (lambda m: f"{m.year}年{m.month}月{m.day}日 {half_day(m)}点{m.minute}分", "minute"),
    (lambda m: m.strftime("%Y/%m/%d %H:%M"), "minute"),
    (lambda m: f"{m.year}/{m.month}/{m.day}", "day"),
    (lambda m: m.strftime("%Y.%m.%d"), "day"),
    (lambda m: m.strftime("%Y.%m.%d %H:%M:%S"), "second"),
    (lambda m: m.strftime("%Y-%m-%d %H:%M:%S").translate(FULL_WIDTH), "second"),
    (lambda m: m.strftime("%Y-%m-%d %H:%M").translate(FULL_WIDTH), "minute"),
    (lambda m: m.strftime("%Y-%m-%dT%H:%M:%S+08:00"), "second"),
    (lambda m: utc(m).strftime("%Y-%m-%dT%H:%M:%SZ"), "second"),
    (lambda m: utc(m).strftime("%Y-%m-%d %H:%M UTC"), "minute"),
]

TRUNCATE = {
    "second": lambda m: m,
    "minute": lambda m: m.replace(second=0),
    "day": lambda m: m.replace(hour=0, minute=0, second=0),
}

LABELS = ["发布时间:", "发布时间：", "发布日期: ", "日期：", "时间:", "更新时间:"]

moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2026, 11, 29, 11, 59, 59)
).map(lambda m: m.replace(microsecond=0))


@settings(max_examples=200)
@given(moment=moments, form=st.sampled_from(FORMATS))
def test_every_format_reads_back(
    moment: datetime, form: tuple[Callable[[datetime], str], str]
) -> None:
    render, precision = form
    parsed = parse_date(render(moment), FETCHED_AT)
    expected = TRUNCATE[precision](moment).replace(tzinfo=BEIJING)
    assert (parsed.instant, parsed.precision, parsed.problem) == (expected, precision, None)


@settings(max_examples=200)
@given(
    moment=moments,
    form=st.sampled_from(FORMATS),
    label=st.sampled_from(LABELS),
)
def test_every_format_is_found_in_the_info_line(
    moment: datetime, form: tuple[Callable[[datetime], str], str], label: str
) -> None:
    raw = form[0](moment)
    assert find_raw_date(f"{label}{raw} 来源:范文大全 收藏本文") == raw


@settings(max_examples=200)
@given(hours=st.integers(min_value=0, max_value=24 * 365 * 20))
def test_hours_ago(hours: int) -> None:
    parsed = parse_date(f"{hours}小时前", FETCHED_AT)
    assert (parsed.instant, parsed.precision) == (FETCHED_AT - timedelta(hours=hours), "minute")


DATE_PIECES = [
    *"0123456789０１２３-/.: 　年月日时分秒点前天昨今刚小个周T+ZUTC",
    "发布时间：",
    "来源:",
    "下午",
    "北京时间",
    "99999999999",
]
DATE_LIKE = st.lists(st.sampled_from(DATE_PIECES), max_size=20).map("".join)


@settings(max_examples=200)
@given(text=DATE_LIKE | st.text(max_size=40))
def test_any_text_gives_a_date_or_a_reason(text: str) -> None:
    raw = find_raw_date(text)
    assert raw is None or raw in text
    parsed = parse_date(text, FETCHED_AT)
    if parsed.instant is None:
        assert parsed.problem in ("empty_date", "impossible_date", "future_date", "unparsed_date")
    else:
        assert parsed.problem is None
        assert parsed.instant <= FETCHED_AT


def twelve_hour(moment: datetime) -> str:
    """1:29, as a 12-hour clock writes 13:29 (and 12:05 for 00:05)."""
    return f"{(moment.hour - 1) % 12 + 1}:{moment.minute:02d}"


# AM/PM as pages write it: any case, with or without dots.
am_pm_styles = st.tuples(st.booleans(), st.booleans(), st.booleans())


def am_pm(moment: datetime, style: tuple[bool, bool, bool]) -> str:
    upper, dotted, _ = style
    letters = ("p" if moment.hour >= 12 else "a", "m")
    marker = ".".join(letters) + "." if dotted else "".join(letters)
    return marker.upper() if upper else marker


@settings(max_examples=200)
@given(moment=moments, style=am_pm_styles, label=st.sampled_from(LABELS))
def test_am_pm_reads_as_the_24_hour_clock(
    moment: datetime, style: tuple[bool, bool, bool], label: str
) -> None:
    day = moment.strftime("%Y-%m-%d")
    marker, before = am_pm(moment, style), style[2]
    raw = (
        f"{day} {marker} {twelve_hour(moment)}"
        if before
        else f"{day} {twelve_hour(moment)} {marker}"
    )
    assert find_raw_date(f"{label}{raw} 来源:范文大全") == raw
    parsed = parse_date(raw, FETCHED_AT)
    expected = parse_date(moment.strftime("%Y-%m-%d %H:%M"), FETCHED_AT)
    assert (parsed.instant, parsed.precision, parsed.problem) == (
        expected.instant,
        "minute",
        None,
    )
    assert parsed.instant == moment.replace(second=0, tzinfo=BEIJING)


WEEKDAYS = [
    ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期天"),
    ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    ("礼拜一", "礼拜二", "礼拜三", "礼拜四", "礼拜五", "礼拜六", "礼拜天"),
    ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
]
WRAPS = ["{}", " {} ", "（{}）", "({})", " ({}) "]


# (date, time) as pages write them, for a weekday to go between.
DATE_TIME_FORMS: list[tuple[Callable[[datetime], tuple[str, str]], str]] = [
    (lambda m: (m.strftime("%Y-%m-%d"), m.strftime("%H:%M:%S")), "second"),
    (lambda m: (f"{m.year}-{m.month}-{m.day}", f"{m.hour}:{m.minute:02d}"), "minute"),
    (lambda m: (m.strftime("%Y年%m月%d日"), m.strftime("%H:%M")), "minute"),
    (lambda m: (f"{m.year}年{m.month}月{m.day}日", f"{half_day(m)}点{m.minute}分"), "minute"),
    (lambda m: (m.strftime("%Y/%m/%d"), twelve_hour(m) + am_pm(m, (True, False, False))), "minute"),
    (lambda m: (m.strftime("%Y/%m/%d"), ""), "day"),
    (lambda m: (m.strftime("%Y年%m月%d日"), ""), "day"),
]


@settings(max_examples=200)
@given(
    moment=moments,
    form=st.sampled_from(DATE_TIME_FORMS),
    names=st.sampled_from(WEEKDAYS),
    wrap=st.sampled_from(WRAPS),
)
def test_a_weekday_between_date_and_time_is_skipped(
    moment: datetime,
    form: tuple[Callable[[datetime], tuple[str, str]], str],
    names: tuple[str, ...],
    wrap: str,
) -> None:
    render, precision = form
    day, time = render(moment)
    raw = f"{day}{wrap.format(names[moment.weekday()])}{time}".strip()
    assert find_raw_date(f"发布时间:{raw} 来源:范文大全") == raw
    parsed = parse_date(raw, FETCHED_AT)
    expected = TRUNCATE[precision](moment).replace(tzinfo=BEIJING)
    assert (parsed.instant, parsed.precision, parsed.problem) == (expected, precision, None)


ZERO_VALUES = st.sampled_from(
    [
        "0000-00-00",
        "0000-00-00 00:00:00",
        "0000-00-00 00:00",
        "0000年00月00日",
        "００００－００－００",
    ]
) | st.times().map(lambda t: f"0000-00-00 {t.hour}:{t.minute:02d}")


@settings(max_examples=200)
@given(
    moment=moments,
    form=st.sampled_from(FORMATS),
    zero=ZERO_VALUES,
    labels=st.sampled_from(
        [("发布时间", "更新时间"), ("发布日期", "时间"), ("发表时间", "日期"), ("日期", "更新时间")]
    ),
    zero_first=st.booleans(),
)
def test_a_dedecms_empty_value_yields_to_the_next_labels_date(
    moment: datetime,
    form: tuple[Callable[[datetime], str], str],
    zero: str,
    labels: tuple[str, str],
    zero_first: bool,
) -> None:
    render, precision = form
    preferred, later = labels
    fields = [f"{preferred}:{zero}", f"{later}:{render(moment)}"]
    info_line = " ".join(fields if zero_first else fields[::-1]) + " 来源:范文大全"
    raw = find_raw_date(info_line)
    assert raw == render(moment)
    parsed = parse_date(raw, FETCHED_AT)
    expected = TRUNCATE[precision](moment).replace(tzinfo=BEIJING)
    assert (parsed.instant, parsed.precision, parsed.problem) == (expected, precision, None)


OPEN_CLOSE = ["[]", "【】", "()", "（）", "［］", "〔〕"]


@settings(max_examples=200)
@given(
    moment=moments,
    with_year=st.booleans(),
    separator=st.sampled_from(["-", "/", ".", "－", "／"]),
    brackets=st.sampled_from(["", *OPEN_CLOSE]),
)
def test_list_dates_read_as_their_dashed_form(
    moment: datetime, with_year: bool, separator: str, brackets: str
) -> None:
    parts = [f"{moment.month:02d}", f"{moment.day:02d}"]
    if with_year:
        parts.insert(0, str(moment.year))
    written = separator.join(parts)
    if brackets:
        written = f"{brackets[0]}{written}{brackets[1]}"
    page = ["2020-01-01", written]
    assert resolve_list_dates(page, FETCHED_AT) == resolve_list_dates(
        ["2020-01-01", "-".join(parts)], FETCHED_AT
    )
    if brackets:
        assert find_raw_date(f"发布时间:{written} 来源:范文大全") == written


CN_DIGITS = "〇一二三四五六七八九"


def chinese_numerals(day: date, zero: str) -> str:
    """二〇二三年十二月三十一日: the year digit by digit, month and day with 十."""

    def small(number: int) -> str:
        tens, units = divmod(number, 10)
        return (
            (CN_DIGITS[tens] if tens > 1 else "")
            + ("十" if tens else "")
            + (CN_DIGITS[units] if units else "")
        )

    year = "".join(CN_DIGITS[int(digit)] for digit in str(day.year)).replace("〇", zero)
    return f"{year}年{small(day.month)}月{small(day.day)}日"


def two_digit_year(day: date, separator: str) -> str:
    """20-03-02, as DedeCMS's MyDate('y-m-d') writes 2020-03-02."""
    return separator.join(f"{part:02d}" for part in (day.year % 100, day.month, day.day))


SHORT_FORMS: list[Callable[[date], str]] = [
    *(partial(two_digit_year, separator=sep) for sep in ["-", "/", ".", "－", "／", "．"]),
    *(partial(chinese_numerals, zero=zero) for zero in ["〇", "零", "○"]),
]


@settings(max_examples=300)
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    days_later=st.integers(min_value=0, max_value=365 * 60),
    form=st.sampled_from(SHORT_FORMS),
    label=st.sampled_from(LABELS),
)
def test_two_digit_years_and_chinese_numerals_read_back(
    day: date, days_later: int, form: Callable[[date], str], label: str
) -> None:
    # Fetched on the day or up to 60 years later: a two-digit year is still its own.
    fetched_day = day + timedelta(days=days_later)
    fetched = datetime(fetched_day.year, fetched_day.month, fetched_day.day, 23, 59, tzinfo=BEIJING)
    raw = form(day)
    assert find_raw_date(f"{label}{raw} 来源:范文大全") == raw
    parsed = parse_date(raw, fetched)
    midnight = datetime(day.year, day.month, day.day, tzinfo=BEIJING)
    assert (parsed.instant, parsed.precision, parsed.problem) == (midnight, "day", None)
    assert resolve_list_dates([raw], fetched) == [day.isoformat()]


@settings(max_examples=200)
@given(moment=moments, separator=st.sampled_from(["-", "/", "."]))
def test_a_two_digit_year_keeps_its_time(moment: datetime, separator: str) -> None:
    raw = f"{two_digit_year(moment.date(), separator)} {moment:%H:%M:%S}"
    assert find_raw_date(f"发布时间:{raw} 来源:范文大全") == raw
    parsed = parse_date(raw, FETCHED_AT)
    assert (parsed.instant, parsed.precision, parsed.problem) == (
        moment.replace(tzinfo=BEIJING),
        "second",
        None,
    )
