"""Every supported date form, rendered from a random moment, reads back as that moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.dates import find_raw_date, parse_date

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
