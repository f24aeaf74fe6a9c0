"""`fanwen crawl -s NAME=VALUE`: a value its setting cannot take is a usage error before the crawl."""

from __future__ import annotations

from pathlib import Path

import pytest
from fanwen_runner import fanwen

from crawler.crawl_runner import SettingError, parse_setting_pairs


@pytest.mark.parametrize(
    ("pair", "problem"),
    [
        ("RETRY_TIMES=abc", "-s RETRY_TIMES=abc: RETRY_TIMES takes a number"),
        (
            "ARCHIVE_MAX_LIST_PAGES=lots",
            "-s ARCHIVE_MAX_LIST_PAGES=lots: ARCHIVE_MAX_LIST_PAGES takes a number",
        ),
        ("ARCHIVE_FULL=maybe", "-s ARCHIVE_FULL=maybe: ARCHIVE_FULL takes true or false (1 or 0)"),
        (
            "ARCHIVE_NEAR_THRESHOLD=high",
            "-s ARCHIVE_NEAR_THRESHOLD=high: ARCHIVE_NEAR_THRESHOLD takes a number",
        ),
        ("=3", "-s takes NAME=VALUE, got '=3'"),
    ],
)
def test_a_value_its_setting_cannot_take_is_refused(pair: str, problem: str) -> None:
    with pytest.raises(SettingError) as refused:
        parse_setting_pairs([pair])
    assert str(refused.value) == problem


def test_values_settings_can_take_pass() -> None:
    pairs = [
        "DOWNLOAD_DELAY=0.02",  # a whole default (0), read as a float
        "DOWNLOAD_TIMEOUT=4",
        "ARCHIVE_FULL=true",
        "ARCHIVE_GC_FREEZE=0",
        "ARCHIVE_DB_URL=sqlite:///x.db",  # no typed default: any text
        "SOME_SETTING_OF_A_PLUGIN=anything",
    ]
    assert parse_setting_pairs(pairs) == dict(pair.split("=", 1) for pair in pairs)


def test_fanwen_crawl_refuses_a_bad_value_in_one_line(tmp_path: Path) -> None:
    run = fanwen("crawl", "-s", "DOWNLOAD_TIMEOUT=abc", "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert (run.returncode, run.stderr.splitlines()[-1]) == (
        2,
        "Error: -s DOWNLOAD_TIMEOUT=abc: DOWNLOAD_TIMEOUT takes a number",
    )
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "a.db").exists()
