"""Dates of the info line (SITE.md, "Dates"), list pages and article URLs."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.dates import (
    ParsedDate,
    date_from_url,
    find_raw_date,
    normalize_date_text,
    parse_date,
    resolve_list_dates,
)
from crawler.items import EssayItem
from crawler.pipelines.dates import NormalizeDatePipeline
from crawler.site_profile import DEFAULT_PROFILE, SiteProfile

FETCHED_AT = datetime.fromisoformat("2026-11-29T12:00:00+08:00")


def iso(parsed: ParsedDate) -> tuple[str | None, str | None]:
    return (parsed.instant.isoformat() if parsed.instant else None), parsed.precision


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-03-02 13:29:16", "2020-03-02 13:29:16"),
        ("2020年03月02日", "2020-03-02"),
        ("2020年3月2日 9时5分", "2020-3-2 9:5"),
        ("2020年3月2日9时5分30秒", "2020-3-2 9:5:30"),
        ("2020年3月2日 下午3点半", "2020-3-2 15:30"),
        ("2020年3月2日 中午12点", "2020-3-2 12:00"),
        ("2020年3月2日 凌晨12点", "2020-3-2 0:00"),
        ("2020/03/02 13:29", "2020-03-02 13:29"),
        ("2020.03.02", "2020-03-02"),
        ("２０２０－０３－０２　１３：２９", "2020-03-02 13:29"),
        ("3月2日", "3-2"),
        ("2020-03-02 05:29 UTC", "2020-03-02 05:29 +00:00"),
        ("2020-03-02 13:29 GMT+8", "2020-03-02 13:29 +08:00"),
        ("北京时间 2020-03-02 13:29", "2020-03-02 13:29 +08:00"),
        ("刚刚", "now"),
        ("30秒前", "30 seconds ago"),
        ("10分钟前", "10 minutes ago"),
        ("5小时前", "5 hours ago"),
        ("3天前", "3 days ago"),
        ("2周前", "2 weeks ago"),
        ("1个月前", "1 months ago"),
        ("2年前", "2 years ago"),
        ("昨天 13:29", "1 days ago 13:29"),
        ("前天", "2 days ago"),
        ("今天 9时5分", "0 days ago 9:5"),
        ("不详", "不详"),
    ],
)
def test_normalize_date_text(raw: str, expected: str) -> None:
    assert normalize_date_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "instant", "precision"),
    [
        ("2020-03-02 13:29:16", "2020-03-02T13:29:16+08:00", "second"),
        ("2020-03-02 13:29", "2020-03-02T13:29:00+08:00", "minute"),
        ("2020-03-02", "2020-03-02T00:00:00+08:00", "day"),
        ("2020年03月02日", "2020-03-02T00:00:00+08:00", "day"),
        ("2020-3-2 9:05", "2020-03-02T09:05:00+08:00", "minute"),
        ("2020/03/02 13:29", "2020-03-02T13:29:00+08:00", "minute"),
        ("2020/3/2", "2020-03-02T00:00:00+08:00", "day"),
        ("2020.03.02", "2020-03-02T00:00:00+08:00", "day"),
        ("2020.03.02 13:29:16", "2020-03-02T13:29:16+08:00", "second"),
        ("2020年3月2日 9时5分", "2020-03-02T09:05:00+08:00", "minute"),
        ("2020年3月2日 9时", "2020-03-02T09:00:00+08:00", "minute"),
        ("2020年3月2日 9时5分6秒", "2020-03-02T09:05:06+08:00", "second"),
        ("2020年3月2日 下午1点05分", "2020-03-02T13:05:00+08:00", "minute"),
        ("２０２０－０３－０２　１３：２９：１６", "2020-03-02T13:29:16+08:00", "second"),
        ("２０２０年０３月０２日", "2020-03-02T00:00:00+08:00", "day"),
        ("2020-03-02T13:29:16", "2020-03-02T13:29:16+08:00", "second"),
        ("2020-03-02T13:29:16.250", "2020-03-02T13:29:16.250000+08:00", "second"),
        ("2020-03-02T05:29:16Z", "2020-03-02T13:29:16+08:00", "second"),
        ("2020-03-02 13:29:16+09:00", "2020-03-02T12:29:16+08:00", "second"),
        ("2020-03-02 13:29:16 +0800", "2020-03-02T13:29:16+08:00", "second"),
        ("2020-03-02 05:29 UTC", "2020-03-02T13:29:00+08:00", "minute"),
        ("2020-03-02 13:29 (UTC+8)", "2020-03-02T13:29:00+08:00", "minute"),
        ("北京时间2020年3月2日 13:29", "2020-03-02T13:29:00+08:00", "minute"),
        # A year-less date is the latest one not after the fetch.
        ("03-02 13:29", "2026-03-02T13:29:00+08:00", "minute"),
        ("12-25", "2025-12-25T00:00:00+08:00", "day"),
    ],
)
def test_absolute_dates(raw: str, instant: str, precision: str) -> None:
    assert iso(parse_date(raw, FETCHED_AT)) == (instant, precision)


@pytest.mark.parametrize(
    ("raw", "instant", "precision"),
    [
        ("刚刚", "2026-11-29T12:00:00+08:00", "minute"),
        ("30秒前", "2026-11-29T11:59:30+08:00", "second"),
        ("10分钟前", "2026-11-29T11:50:00+08:00", "minute"),
        ("5小时前", "2026-11-29T07:00:00+08:00", "minute"),
        ("5 小时前", "2026-11-29T07:00:00+08:00", "minute"),
        ("今天 09:05", "2026-11-29T09:05:00+08:00", "minute"),
        ("昨天 13:29", "2026-11-28T13:29:00+08:00", "minute"),
        ("昨天13:29:16", "2026-11-28T13:29:16+08:00", "second"),
        ("昨天", "2026-11-28T00:00:00+08:00", "day"),
        ("前天", "2026-11-27T00:00:00+08:00", "day"),
        ("前天 8:00", "2026-11-27T08:00:00+08:00", "minute"),
        ("3天前", "2026-11-26T00:00:00+08:00", "day"),
        ("2周前", "2026-11-15T00:00:00+08:00", "day"),
        ("1个月前", "2026-10-29T00:00:00+08:00", "day"),
        ("１年前", "2025-11-29T00:00:00+08:00", "day"),
    ],
)
def test_relative_dates_count_back_from_the_fetch(raw: str, instant: str, precision: str) -> None:
    assert iso(parse_date(raw, FETCHED_AT)) == (instant, precision)


def test_relative_days_are_beijing_days() -> None:
    # 2026-11-28 20:00 UTC is already the 29th in Beijing.
    fetched = datetime.fromisoformat("2026-11-28T20:00:00+00:00")
    assert iso(parse_date("昨天", fetched)) == ("2026-11-28T00:00:00+08:00", "day")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("0000-00-00 00:00:00", "empty_date"),
        ("0000-00-00", "empty_date"),
        ("1970-01-01 08:00:00", "empty_date"),
        ("   ", "empty_date"),
        ("2020-02-30", "impossible_date"),
        ("2021-02-29 10:00", "impossible_date"),
        ("2020-13-01", "impossible_date"),
        ("2020-03-02 25:00", "impossible_date"),
        ("2020-03-02 13:61", "impossible_date"),
        ("99999999年前", "impossible_date"),
        ("2027-01-01", "future_date"),
        ("2026-11-29 12:00:01", "future_date"),
        ("今天 23:00", "future_date"),
        ("不详", "unparsed_date"),
        ("March 2, 2020", "unparsed_date"),
        ("13:29", "unparsed_date"),
    ],
)
def test_not_dates(raw: str, problem: str) -> None:
    assert parse_date(raw, FETCHED_AT) == ParsedDate(raw, None, None, problem)


def test_the_fetch_instant_itself_is_not_future() -> None:
    assert iso(parse_date("2026-11-29 12:00:00", FETCHED_AT)) == (
        "2026-11-29T12:00:00+08:00",
        "second",
    )


def test_raw_is_kept_unmodified() -> None:
    assert parse_date("２０２０年３月２日", FETCHED_AT).raw == "２０２０年３月２日"


def test_another_time_zone() -> None:
    parsed = parse_date("2020-03-02 13:29", FETCHED_AT, tz="Asia/Tokyo")
    assert parsed.instant == datetime.fromisoformat("2020-03-02T13:29:00+09:00")


def test_naive_fetch_time_is_site_time() -> None:
    assert iso(parse_date("昨天", datetime(2026, 11, 29, 1, 0))) == (
        "2026-11-28T00:00:00+08:00",
        "day",
    )


@pytest.mark.parametrize(
    ("info_line", "raw"),
    [
        (
            "发布时间:2020-03-02 13:29:16 来源:范文大全 收藏本文 下载本文 手机版",
            "2020-03-02 13:29:16",
        ),
        ("发布时间：2020年03月02日　来源：范文大全", "2020年03月02日"),
        ("时间:2020-3-2 9:05 来源:范文大全", "2020-3-2 9:05"),
        ("发布时间 : 2020-03-02来源:范文大全", "2020-03-02"),
        ("发布时间：２０２０－０３－０２　１３：２９　来源", "２０２０－０３－０２　１３：２９"),
        ("发布日期:2020/03/02 13:29 来源:范文大全", "2020/03/02 13:29"),
        ("日期:2020.03.02 作者:佚名", "2020.03.02"),
        ("发布时间:2020年3月2日 9时5分 阅读:1234", "2020年3月2日 9时5分"),
        ("发布时间:昨天 13:29 来源:范文大全", "昨天 13:29"),
        ("时间:5小时前", "5小时前"),
        ("发布时间:刚刚", "刚刚"),
        ("发布时间:2020-03-02 13:29:16 +08:00 来源", "2020-03-02 13:29:16 +08:00"),
        ("发布时间:0000-00-00 00:00:00 来源:范文大全", "0000-00-00 00:00:00"),
        # 发布时间 is preferred wherever it stands.
        ("更新时间:2021-05-08 08:00 发布时间:2021-05-01 10:00", "2021-05-01 10:00"),
        ("发布时间:2021-05-01 更新时间:2021-05-08", "2021-05-01"),
        # 更新时间 counts when it is the only one, and 时间 is not found inside it.
        ("更新时间:2021-05-06 08:00:00 来源:范文大全", "2021-05-06 08:00:00"),
        ("时间:2020-01-01 更新时间:2021-05-06", "2020-01-01"),
        # A label whose value is no date: the value, unless another label has a date.
        ("发布时间:不详 来源:范文大全", "不详"),
        ("发布时间:不详 更新时间:2021-05-06", "2021-05-06"),
        # No label at all: a full date standing alone.
        ("2020-03-02 13:29 来源:范文大全", "2020-03-02 13:29"),
    ],
)
def test_find_raw_date(info_line: str, raw: str) -> None:
    assert find_raw_date(info_line) == raw


@pytest.mark.parametrize(
    "info_line",
    [
        "",
        "来源:范文大全 作者:佚名",
        "发布时间: 来源:范文大全",
        "阅读:1234 评论:5",
        "收藏本文 下载本文",
    ],
)
def test_no_raw_date(info_line: str) -> None:
    assert find_raw_date(info_line) is None


def test_profile_labels_decide() -> None:
    sister = SiteProfile(date_labels=("上线时间",))
    assert find_raw_date("上线时间:2020-03-02 发布时间:2019-01-01", sister) == "2020-03-02"


@pytest.mark.parametrize(
    ("raw_dates", "expected"),
    [
        (["2020-03-02", "03-01", "02-28"], ["2020-03-02", "2020-03-01", "2020-02-28"]),
        # The nearest full date above wins over one further up.
        (["2019-12-31", "2020-03-02", "03-01"], ["2019-12-31", "2020-03-02", "2020-03-01"]),
        # None above: the nearest below.
        (
            ["03-05", "03-04", "2020-03-02", "2019-01-01"],
            ["2020-03-05", "2020-03-04", "2020-03-02", "2019-01-01"],
        ),
        # None at all: the fetch's year, or the one before if that is in the future.
        (["11-29", "12-25"], ["2026-11-29", "2025-12-25"]),
        ([None, "", "不详", "0000-00-00", "2020-03-02"], [None, None, None, None, "2020-03-02"]),
        (["2020/3/2", "3月1日", "2020年2月28日"], ["2020-03-02", "2020-03-01", "2020-02-28"]),
        (["2020-03-02 13:29", "03-01 09:00"], ["2020-03-02", "2020-03-01"]),
        # An impossible date resolves to None and lends no year.
        (["2019-02-30", "03-01", "2020-01-01"], [None, "2020-03-01", "2020-01-01"]),
        # Newest first: under 2021-01-01, 02-29 is of 2020, a leap year.
        (["2021-01-01", "02-29"], ["2021-01-01", "2020-02-29"]),
        (["2022-01-01", "02-29"], ["2022-01-01", None]),
        # The year turns where the order would break, above and below.
        (
            ["2021-01-03", "01-02", "12-31", "12-30"],
            ["2021-01-03", "2021-01-02", "2020-12-31", "2020-12-30"],
        ),
        (["01-05", "12-31", "2020-12-30"], ["2021-01-05", "2020-12-31", "2020-12-30"]),
        # The date text may carry a label or brackets.
        (["发布时间：2021-01-03", "[01-02]"], ["2021-01-03", "2021-01-02"]),
        ([], []),
    ],
)
def test_resolve_list_dates(raw_dates: list[str | None], expected: list[str | None]) -> None:
    assert resolve_list_dates(raw_dates, FETCHED_AT) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.example.com/dangjian/2020/0302/123456.html", "2020-03-02"),
        ("http://www.example.com/a/2020/03/02/123456.html", "2020-03-02"),
        ("http://www.example.com/a/2020/3/2/123456.html", "2020-03-02"),
        ("http://www.example.com/html/20200302/123456.html", "2020-03-02"),
        ("http://www.example.com/a/2020-03-02/123456.html", "2020-03-02"),
        ("http://www.example.com/a/news-2020-03-02-1.html", "2020-03-02"),
        ("/dangjian/2020/0302/123456.html", "2020-03-02"),
        ("http://www.example.com/dangjian/123456.html", None),
        ("http://www.example.com/dangjian/20200302.html", None),
        ("http://www.example.com/dangjian/2020/0230/1.html", None),
        ("http://www.example.com/dangjian/1.html?d=2020-03-02", None),
        ("http://2020-03-02.example.com/dangjian/1.html", None),
        ("", None),
        ("//月G半日T：/2020/0302/1.html", None),
    ],
)
def test_date_from_url(url: str, expected: str | None) -> None:
    assert date_from_url(url) == expected


# -- Whole values: the found raw text, its instant (with offset), precision, problem.
def whole(parsed: ParsedDate) -> tuple[str | None, str | None, str | None, str | None]:
    instant = parsed.instant.isoformat() if parsed.instant else None
    return parsed.raw, instant, parsed.precision, parsed.problem


def read_info_line(info_line: str) -> tuple[str | None, str | None, str | None, str | None]:
    raw = find_raw_date(info_line)
    assert raw is not None
    return whole(parse_date(raw, FETCHED_AT))


@pytest.mark.parametrize(
    ("info_line", "expected"),
    [
        (
            "发布时间:0000-00-00 00:00:00 更新时间:2021-07-09 10:20:30 来源:党建",
            ("2021-07-09 10:20:30", "2021-07-09T10:20:30+08:00", "second", None),
        ),
        (
            "发布时间:0000-00-00 更新时间:2021-07-09 10:20",
            ("2021-07-09 10:20", "2021-07-09T10:20:00+08:00", "minute", None),
        ),
        (
            "发布时间:0000-00-00 13:29 更新时间:2021-07-09",
            ("2021-07-09", "2021-07-09T00:00:00+08:00", "day", None),
        ),
        (
            "更新时间:2021-07-09 10:20:30 发布时间:００００－００－００",
            ("2021-07-09 10:20:30", "2021-07-09T10:20:30+08:00", "second", None),
        ),
        (
            "发布时间:0000年00月00日 时间:2020-03-02 13:29",
            ("2020-03-02 13:29", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        # DedeCMS's zero timestamp, printed in Beijing time.
        (
            "发布时间:1970-01-01 08:00:00 更新时间:2021-07-09 10:20:30",
            ("2021-07-09 10:20:30", "2021-07-09T10:20:30+08:00", "second", None),
        ),
    ],
)
def test_dedecms_empty_value_is_no_date_for_its_label(
    info_line: str, expected: tuple[str, str, str, None]
) -> None:
    assert read_info_line(info_line) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("0000-00-00 13:29", "empty_date"),
        ("0000-00-00 13:29:16", "empty_date"),
        ("0000年00月00日 9时5分", "empty_date"),
    ],
)
def test_dedecms_empty_date_with_any_time_is_empty(raw: str, problem: str) -> None:
    assert whole(parse_date(raw, FETCHED_AT)) == (raw, None, None, problem)


def test_empty_value_under_every_label_stays_empty() -> None:
    assert read_info_line("发布时间:0000-00-00 13:29 更新时间:0000-00-00 00:00:00") == (
        "0000-00-00 13:29",
        None,
        None,
        "empty_date",
    )


def test_pipeline_dates_the_essay_from_the_label_after_an_empty_one() -> None:
    item = EssayItem(
        url="http://www.renrenfanwen.test/dangjian/123456.html",
        fetched_at=FETCHED_AT,
        pages=[],
        info_line="发布时间:0000-00-00 00:00:00 更新时间:2021-07-09 10:20:30 来源:党建",
        list_date="2021-07-01",
    )
    NormalizeDatePipeline(DEFAULT_PROFILE).process_item(item)
    published = item.published_at.isoformat() if item.published_at else None
    assert (
        item.raw_date,
        published,
        item.date_precision,
        item.date_source,
        item.date_problem,
    ) == ("2021-07-09 10:20:30", "2021-07-09T10:20:30+08:00", "second", "page", None)


@pytest.mark.parametrize(
    ("info_line", "expected"),
    [
        (
            "发布时间:2021-06-20 1:29 PM 来源:党建",
            ("2021-06-20 1:29 PM", "2021-06-20T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-02 PM 01:29",
            ("2020-03-02 PM 01:29", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-02 12:05 AM",
            ("2020-03-02 12:05 AM", "2020-03-02T00:05:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-02 12:05 PM",
            ("2020-03-02 12:05 PM", "2020-03-02T12:05:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-02 1:29 pm 来源:党建",
            ("2020-03-02 1:29 pm", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-02 1:29:16 p.m. 来源:党建",
            ("2020-03-02 1:29:16 p.m.", "2020-03-02T13:29:16+08:00", "second", None),
        ),
        (
            "发布时间:2020-03-02 9:05AM来源:党建",
            ("2020-03-02 9:05AM", "2020-03-02T09:05:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-02 a.m. 11:05",
            ("2020-03-02 a.m. 11:05", "2020-03-02T11:05:00+08:00", "minute", None),
        ),
        (
            "发布时间：２０２０－０３－０２　１：２９　ＰＭ",
            ("２０２０－０３－０２　１：２９　ＰＭ", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:昨天 1:29 PM",
            ("昨天 1:29 PM", "2026-11-28T13:29:00+08:00", "minute", None),
        ),
    ],
)
def test_am_pm_before_or_after_the_time(
    info_line: str, expected: tuple[str, str, str, None]
) -> None:
    assert read_info_line(info_line) == expected


@pytest.mark.parametrize(
    ("info_line", "expected"),
    [
        (
            "发布时间：2020年03月02日 星期一 13:29",
            ("2020年03月02日 星期一 13:29", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间：2020年03月02日（星期一）13:29 来源:党建",
            ("2020年03月02日（星期一）13:29", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-02 周一 13:29:16",
            ("2020-03-02 周一 13:29:16", "2020-03-02T13:29:16+08:00", "second", None),
        ),
        (
            "发布时间:2020-03-08 礼拜天 下午1点",
            ("2020-03-08 礼拜天 下午1点", "2020-03-08T13:00:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-08 星期日 1:29 PM",
            ("2020-03-08 星期日 1:29 PM", "2020-03-08T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-02 Mon 13:29",
            ("2020-03-02 Mon 13:29", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-04 (Wednesday) 13:29",
            ("2020-03-04 (Wednesday) 13:29", "2020-03-04T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:2020-03-05 thurs. 13:29",
            ("2020-03-05 thurs. 13:29", "2020-03-05T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间：2020年03月02日 星期一 来源:党建",
            ("2020年03月02日 星期一", "2020-03-02T00:00:00+08:00", "day", None),
        ),
    ],
)
def test_weekday_between_date_and_time_is_skipped(
    info_line: str, expected: tuple[str, str, str | None, None]
) -> None:
    assert read_info_line(info_line) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-06-20 1:29 PM", "2021-06-20 13:29"),
        ("2020-03-02 PM 01:29", "2020-03-02 13:29"),
        ("2020-03-02 12:05 AM", "2020-03-02 0:05"),
        ("2020-03-02 1:29:16.5 p.m.", "2020-03-02 13:29:16.5"),
        ("2020年03月02日 星期一 13:29", "2020-03-02 13:29"),
        ("2020-03-02 (Mon.) 13:29", "2020-03-02 13:29"),
        ("03/02 13:29", "03-02 13:29"),
        ("03.02", "03-02"),
        ("[2020-03-02]", "2020-03-02"),
        ("【03-01】", "03-01"),
        ("（2020-03-02）", "2020-03-02"),
    ],
)
def test_normalize_am_pm_weekdays_month_days_and_brackets(raw: str, expected: str) -> None:
    assert normalize_date_text(raw) == expected


@pytest.mark.parametrize(
    ("info_line", "expected"),
    [
        (
            "发布时间：03/02 13:29",
            ("03/02 13:29", "2026-03-02T13:29:00+08:00", "minute", None),
        ),
        ("发布时间：03.02 来源:党建", ("03.02", "2026-03-02T00:00:00+08:00", "day", None)),
        ("发布时间:12/25", ("12/25", "2025-12-25T00:00:00+08:00", "day", None)),
        # An age with a decimal point is no month-day.
        ("时间:1.5小时前 来源:党建", ("1.5小时前", None, None, "unparsed_date")),
        ("发布时间：[2020-03-02]", ("[2020-03-02]", "2020-03-02T00:00:00+08:00", "day", None)),
        ("发布时间：[03-01]", ("[03-01]", "2026-03-01T00:00:00+08:00", "day", None)),
        (
            "发布时间:【2020-03-02 13:29】来源:党建",
            ("【2020-03-02 13:29】", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        ("发布时间:(2020-03-02)", ("(2020-03-02)", "2020-03-02T00:00:00+08:00", "day", None)),
        (
            "发布时间:（2020年3月2日）来源",
            ("（2020年3月2日）", "2020-03-02T00:00:00+08:00", "day", None),
        ),
        # A bracket left open still wraps the date; one never opened is no part of it.
        ("发布时间:(2020-03-02 来源", ("(2020-03-02", "2020-03-02T00:00:00+08:00", "day", None)),
        ("发布时间:2020-03-02) 来源", ("2020-03-02", "2020-03-02T00:00:00+08:00", "day", None)),
    ],
)
def test_month_day_separators_and_brackets_in_the_info_line(
    info_line: str, expected: tuple[str, str, str, None]
) -> None:
    assert read_info_line(info_line) == expected


@pytest.mark.parametrize(
    ("raw_dates", "expected"),
    [
        (
            ["[2020-03-02]", "[03-01]", "2020/03/02", "03/01", "2020.03.02", "03.01"],
            [
                "2020-03-02",
                "2020-03-01",
                "2020-03-02",
                "2020-03-01",
                "2020-03-02",
                "2020-03-01",
            ],
        ),
        (
            ["【2019-12-31】", "(12.30)", "（12/29）", "［12-28］"],
            ["2019-12-31", "2019-12-30", "2019-12-29", "2019-12-28"],
        ),
        # No full date on the page: the fetch's year, or the one before.
        (["03/01", "12.25"], ["2026-03-01", "2025-12-25"]),
        (["[0000-00-00]", "02/30", "[2020-03-02]"], [None, None, "2020-03-02"]),
    ],
)
def test_list_month_day_separators_and_brackets(
    raw_dates: list[str | None], expected: list[str | None]
) -> None:
    assert resolve_list_dates(raw_dates, FETCHED_AT) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("[2020-03-02 13:29]", ("[2020-03-02 13:29]", "2020-03-02T13:29:00+08:00", "minute", None)),
        ("03/02", ("03/02", "2026-03-02T00:00:00+08:00", "day", None)),
        (
            "2020-03-02 13:29:16.250",
            ("2020-03-02 13:29:16.250", "2020-03-02T13:29:16.250000+08:00", "second", None),
        ),
    ],
)
def test_parse_bracketed_and_slashed_dates(raw: str, expected: tuple[str, str, str, None]) -> None:
    assert whole(parse_date(raw, FETCHED_AT)) == expected


# -- Two-digit years (DedeCMS's MyDate('y-m-d')), a year after the month-day, Chinese numerals.
@pytest.mark.parametrize(
    ("info_line", "expected"),
    [
        (
            "发布时间:20-03-02 13:29 来源:党建",
            ("20-03-02 13:29", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        ("发布时间:20-03-02", ("20-03-02", "2020-03-02T00:00:00+08:00", "day", None)),
        (
            "发布时间:20/03/02 13:29:16",
            ("20/03/02 13:29:16", "2020-03-02T13:29:16+08:00", "second", None),
        ),
        ("日期:20.03.02 作者:佚名", ("20.03.02", "2020-03-02T00:00:00+08:00", "day", None)),
        (
            "发布时间：２０－０３－０２　１３：２９　来源",
            ("２０－０３－０２　１３：２９", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:[20-03-02 13:29]",
            ("[20-03-02 13:29]", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:20-03-02 星期一 1:29 PM",
            ("20-03-02 星期一 1:29 PM", "2020-03-02T13:29:00+08:00", "minute", None),
        ),
        # The century: the latest year ending in those digits not after the fetch's year.
        ("发布时间:99-12-31", ("99-12-31", "1999-12-31T00:00:00+08:00", "day", None)),
        ("发布时间:27-01-01", ("27-01-01", "1927-01-01T00:00:00+08:00", "day", None)),
        ("发布时间:26-11-30", ("26-11-30", None, None, "future_date")),
        ("发布时间:20-02-30", ("20-02-30", None, None, "impossible_date")),
        # MyDate('y-m-d H:i', 0): DedeCMS's zero timestamp with a two-digit year.
        ("发布时间:70-01-01 08:00", ("70-01-01 08:00", None, None, "empty_date")),
        (
            "发布时间:70-01-01 08:00 更新时间:21-07-09 10:20",
            ("21-07-09 10:20", "2021-07-09T10:20:00+08:00", "minute", None),
        ),
        # A year after the month-day is kept; the month comes first, as in 03/01.
        ("发布时间:02/03/2020", ("02/03/2020", "2020-02-03T00:00:00+08:00", "day", None)),
        (
            "发布时间:02/03/2020 13:29 来源:党建",
            ("02/03/2020 13:29", "2020-02-03T13:29:00+08:00", "minute", None),
        ),
        ("发布时间:02-03-2020", ("02-03-2020", "2020-02-03T00:00:00+08:00", "day", None)),
        ("发布时间:2.3.2020", ("2.3.2020", "2020-02-03T00:00:00+08:00", "day", None)),
        ("发布时间:25/12/2020", ("25/12/2020", None, None, "impossible_date")),
        # Chinese numerals, with 〇, 零 or ○ for zero.
        (
            "发布时间:二〇二三年五月六日 来源:党建",
            ("二〇二三年五月六日", "2023-05-06T00:00:00+08:00", "day", None),
        ),
        (
            "发布时间：二〇二三年十二月三十一日",
            ("二〇二三年十二月三十一日", "2023-12-31T00:00:00+08:00", "day", None),
        ),
        (
            "发布时间:二零二三年十月二十日 13:29",
            ("二零二三年十月二十日 13:29", "2023-10-20T13:29:00+08:00", "minute", None),
        ),
        (
            "发布时间:二○二○年三月二日 星期一",
            ("二○二○年三月二日 星期一", "2020-03-02T00:00:00+08:00", "day", None),
        ),
        ("发布时间:十二月三十一日", ("十二月三十一日", "2025-12-31T00:00:00+08:00", "day", None)),
        ("发布时间:〇〇〇〇年〇〇月〇〇日", ("〇〇〇〇年〇〇月〇〇日", None, None, "empty_date")),
        # No label: a Chinese-numeral date has its year, like 2020年3月2日.
        (
            "二〇二三年五月六日 来源:党建",
            ("二〇二三年五月六日", "2023-05-06T00:00:00+08:00", "day", None),
        ),
    ],
)
def test_two_digit_years_trailing_years_and_chinese_numerals(
    info_line: str, expected: tuple[str, str | None, str | None, str | None]
) -> None:
    assert read_info_line(info_line) == expected


@pytest.mark.parametrize(
    ("info_line", "expected"),
    [
        # Scores, versions and short runs of numbers read as before: no two-digit year.
        ("发布时间:1-2-3", ("1-2", "2026-01-02T00:00:00+08:00", "day", None)),
        ("时间:3-2 来源:党建", ("3-2", "2026-03-02T00:00:00+08:00", "day", None)),
        ("发布时间:10.03.02.1", ("10.03", "2026-10-03T00:00:00+08:00", "day", None)),
        (
            "发布时间:2020-03-02 13:29:16",
            ("2020-03-02 13:29:16", "2020-03-02T13:29:16+08:00", "second", None),
        ),
        ("发布时间:03-02 13:29", ("03-02 13:29", "2026-03-02T13:29:00+08:00", "minute", None)),
        ("发布时间:2020年3月2日", ("2020年3月2日", "2020-03-02T00:00:00+08:00", "day", None)),
    ],
)
def test_short_number_runs_are_no_two_digit_year(
    info_line: str, expected: tuple[str, str, str, None]
) -> None:
    assert read_info_line(info_line) == expected


@pytest.mark.parametrize(
    "info_line",
    [
        # Without a label only a four-digit or written-out year is a date on its own.
        "20-03-02 13:29 来源:范文大全",
        "版本 1.20.03.02 来源:范文大全",
        "时间:13:29:16",
    ],
)
def test_no_unlabelled_two_digit_year(info_line: str) -> None:
    assert find_raw_date(info_line) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20/03/02 13:29", "20-03-02 13:29"),
        ("20.03.02", "20-03-02"),
        ("02/03/2020 13:29", "2020-02-03 13:29"),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("二零二二年两月十日", "2022-2-10"),
        ("10.03.02.1", "10.03.02.1"),
        ("1-2-3", "1-2-3"),
    ],
)
def test_normalize_two_digit_years_trailing_years_and_chinese_numerals(
    raw: str, expected: str
) -> None:
    assert normalize_date_text(raw) == expected


@pytest.mark.parametrize(
    ("raw_dates", "expected"),
    [
        (["20-03-02", "20-03-01", "02-28"], ["2020-03-02", "2020-03-01", "2020-02-28"]),
        (["03-05", "99/12/31"], ["2000-03-05", "1999-12-31"]),
        (["二〇二〇年三月二日", "三月一日"], ["2020-03-02", "2020-03-01"]),
        (["02/03/2020", "02/01"], ["2020-02-03", "2020-02-01"]),
        # DedeCMS's empty value with a two-digit year is no date and lends no year.
        (["00-00-00", "03-01", "2020-01-01"], [None, "2020-03-01", "2020-01-01"]),
    ],
)
def test_list_two_digit_years_trailing_years_and_chinese_numerals(
    raw_dates: list[str | None], expected: list[str | None]
) -> None:
    assert resolve_list_dates(raw_dates, FETCHED_AT) == expected


def test_pipeline_dates_a_two_digit_year_from_the_page() -> None:
    item = EssayItem(
        url="http://www.renrenfanwen.test/dangjian/123456.html",
        fetched_at=FETCHED_AT,
        pages=[],
        info_line="发布时间:20-03-02 13:29 来源:党建",
        list_date="2020-03-01",
    )
    NormalizeDatePipeline(DEFAULT_PROFILE).process_item(item)
    published = item.published_at.isoformat() if item.published_at else None
    assert (
        item.raw_date,
        published,
        item.date_precision,
        item.date_source,
        item.date_problem,
    ) == ("20-03-02 13:29", "2020-03-02T13:29:00+08:00", "minute", "page", None)
