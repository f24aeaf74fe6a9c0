"""Bad input to the real ``fanwen`` command: a one-line usage error, exit code 2, no traceback.

Each case once crashed with a traceback (exit 1) or, for an ftp:// start URL,
hung on an open socket.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fanwen_runner import Run, fanwen
from local_http import http_get, served_archive
from sqlalchemy import Engine, make_url

pytestmark = pytest.mark.slow

START = "http://127.0.0.1:9/"  # never fetched: every case fails before the crawl


def assert_usage_error(run: Run, message: str) -> None:
    assert (run.returncode, run.stderr.splitlines()[-1]) == (2, message)
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("command", "option", "message"),
    [
        ("search", ("--until", "9999"), "'9999' is out of range"),
        ("search", ("--until", "9999-12-31"), "'9999-12-31' is out of range"),
        ("search", ("--until", "9999-12"), "'9999-12' is out of range"),
        ("search", ("--since", "0001"), "'0001' is out of range"),
        ("search", ("--since", "0001-01-01"), "'0001-01-01' is out of range"),
        ("export", ("--until", "9999"), "'9999' is out of range"),
        ("export", ("--since", "0001"), "'0001' is out of range"),
    ],
)
def test_a_period_past_the_representable_days_is_a_usage_error(
    bundled_archive: str, command: str, option: tuple[str, str], message: str
) -> None:
    query = ("党建",) if command == "search" else ("--query", "党建")
    run = fanwen(command, "--db", bundled_archive, *option, *query)
    assert_usage_error(
        run,
        f"Error: Invalid value for '{option[0]}': {message}: "
        "dates run from 0001-01-02 to 9999-12-30",
    )


@pytest.mark.parametrize(
    ("option", "inside", "outside"),
    [("--since", "0001-01-02", "0001-01-01"), ("--until", "9999-12-30", "9999-12-31")],
)
def test_the_range_ends_exactly_at_the_days_the_message_names(
    bundled_archive: str, option: str, inside: str, outside: str
) -> None:
    assert fanwen("export", "--db", bundled_archive, option, inside).returncode == 0
    assert fanwen("export", "--db", bundled_archive, option, outside).returncode == 2


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "{tmp}/plain.db",
            "Error: not a database URL: <invalid database URL> (a file is sqlite:///PATH)",
        ),
        ("nosuch://x", "Error: no database driver for 'nosuch': nosuch://x"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ("crawl", "--start-url", START),
        ("export", "--format", "jsonl"),
        ("search", "党建"),
        ("dedupe", "--rebuild"),
        ("runs",),
    ],
)
def test_a_bad_database_url_is_a_usage_error_for_every_command(
    tmp_path: Path, command: tuple[str, ...], url: str, message: str
) -> None:
    run = fanwen(*command, "--db", url.format(tmp=tmp_path))
    assert_usage_error(run, message)
    assert list(tmp_path.iterdir()) == []


def test_a_bad_database_url_from_the_environment_is_a_usage_error() -> None:
    run = fanwen("crawl", "--start-url", START, env={"ARCHIVE_DB_URL": "nosuch://x"})
    assert_usage_error(run, "Error: no database driver for 'nosuch': nosuch://x")


@pytest.mark.parametrize(
    "url",
    [
        "notaurl",
        "ftp://127.0.0.1:19434/",
        "http://",
        "http://:80/",
        "/home/",
        "file:///etc",
        "http://[oops/",
        "http://127.0.0.1:99999/",
    ],
)
def test_a_start_url_that_is_not_http_with_a_host_is_a_usage_error(
    tmp_path: Path, url: str
) -> None:
    archive = tmp_path / "archive.db"
    run = fanwen("crawl", "--start-url", url, "--db", f"sqlite:///{archive}")
    assert_usage_error(run, f"Error: not an http(s) URL: {url!r}")
    # Refused before anything started: no archive, so no crawl_runs row either.
    assert not archive.exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [("党建 －工作", "党建 -工作"), ("“党建 工作”", '"党建 工作"')],
)
def test_full_width_operators_search_as_the_ascii_ones(
    bundled_archive: str, query: str, expected: str
) -> None:
    def titles(text: str) -> list[str]:
        run = fanwen("search", text, "--db", bundled_archive, "--format", "json", "--limit", "100")
        assert run.returncode == 0, run.stderr
        return run.stdout.splitlines()

    assert titles(query) == titles(expected)
    assert titles(query) != titles("党建 工作")


@pytest.mark.parametrize(
    ("command", "option", "name"),
    [
        (("export",), "-o", "x.jsonl"),
        (("export", "--format", "csv"), "-o", "x.csv"),
        (("export", "--format", "parquet"), "-o", "x.parquet"),
        (("stats",), "--plot", "p.png"),
    ],
)
@pytest.mark.parametrize("folder", ["missing", "a-file"])
def test_an_output_file_in_a_folder_that_cannot_hold_it_is_a_usage_error_before_any_work(
    bundled_archive: str,
    tmp_path: Path,
    command: tuple[str, ...],
    option: str,
    name: str,
    folder: str,
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    path = tmp_path / folder / name
    run = fanwen(*command, "--db", bundled_archive, option, str(path))
    label = "'-o' / '--output'" if option == "-o" else "'--plot'"
    problem = "does not exist" if folder == "missing" else "is not a folder"
    assert_usage_error(
        run,
        f"Error: Invalid value for {label}: cannot write {str(path)!r}: "
        f"{tmp_path / folder} {problem}",
    )
    assert run.stdout == ""  # stats printed its tables before the plot failed


def test_the_warc_may_go_into_new_folders_but_not_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    refused = tmp_path / "a-file" / "sub" / "crawl.warc.gz"
    run = fanwen("crawl", "--db", f"sqlite:///{tmp_path / 'refused.db'}", "--warc", str(refused))
    assert_usage_error(
        run,
        f"Error: Invalid value for '--warc': cannot write {str(refused)!r}: "
        f"{tmp_path / 'a-file'} is not a folder",
    )
    assert not (tmp_path / "refused.db").exists()
    # The recorder creates missing folders: still allowed.
    recorded = tmp_path / "new" / "sub" / "crawl.warc.gz"
    run = fanwen("crawl", "--db", f"sqlite:///{tmp_path / 'a.db'}", "--warc", str(recorded))
    assert run.returncode == 0, run.stderr
    assert recorded.stat().st_size > 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_an_output_file_in_a_folder_without_write_permission_is_a_usage_error(
    bundled_archive: str, tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    path = locked / "x.jsonl"
    run = fanwen("export", "--db", bundled_archive, "-o", str(path))
    assert_usage_error(
        run,
        f"Error: Invalid value for '-o' / '--output': cannot write {str(path)!r}: "
        f"no permission to write in {locked}",
    )


def test_output_files_that_can_be_written_still_are(bundled_archive: str, tmp_path: Path) -> None:
    export = tmp_path / "x.jsonl"
    run = fanwen("export", "--db", bundled_archive, "-o", str(export))
    records = len(export.read_text("utf-8").splitlines())
    assert (run.returncode, run.stderr) == (0, f"exported {records} records\n")
    assert records > 0
    relative = fanwen(
        "export", "--db", bundled_archive, "-o", "x.csv", "--format", "csv", cwd=tmp_path
    )
    assert relative.returncode == 0, relative.stderr
    assert (tmp_path / "x.csv").read_text("utf-8").startswith("url,title,")
    assert fanwen("export", "--db", bundled_archive, "-o", "-").stdout == export.read_text("utf-8")


@pytest.mark.parametrize("name", ["p.txt", "p"])
def test_a_plot_named_for_a_format_matplotlib_does_not_draw_is_a_usage_error(
    bundled_archive: str, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    run = fanwen("stats", "--db", bundled_archive, "--plot", str(path))
    assert_usage_error(
        run, f"Error: Invalid value for '--plot': {str(path)!r} is not a .png, .svg or .pdf file"
    )
    assert run.stdout == ""


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".PNG"])
def test_a_plot_of_each_format_named_is_drawn(
    bundled_archive: str, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"p{suffix}"
    run = fanwen("stats", "--db", bundled_archive, "--plot", str(path))
    assert run.returncode == 0, run.stderr
    assert path.stat().st_size > 0


LISTINGS = [("search", "党建"), ("dupes",), ("runs",), ("failures",)]


@pytest.mark.parametrize("command", LISTINGS)
@pytest.mark.parametrize("limit", ["1000001", "99999999999999999999"])
def test_a_limit_past_the_documented_maximum_is_a_usage_error(
    bundled_archive: str, command: tuple[str, ...], limit: str
) -> None:
    run = fanwen(*command, "--db", bundled_archive, "--limit", limit)
    assert_usage_error(
        run, f"Error: Invalid value for '--limit': {limit} is not in the range 1<=x<=1000000."
    )


@pytest.mark.parametrize("command", LISTINGS)
def test_the_maximum_limit_runs_and_the_help_shows_it(
    bundled_archive: str, command: tuple[str, ...]
) -> None:
    run = fanwen(*command, "--db", bundled_archive, "--limit", "1000000", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert "1<=x<=1000000]" in fanwen(command[0], "--help").stdout


def test_the_maximum_limit_runs_on_both_backends(engine: Engine, db_url: str) -> None:
    for command in LISTINGS:
        run = fanwen(*command, "--db", db_url, "--limit", "1000000")
        assert run.returncode == 0, run.stderr


def test_a_run_id_past_the_integer_column_is_a_usage_error(bundled_archive: str) -> None:
    run = fanwen("failures", "--db", bundled_archive, "--run", "2147483648")
    assert_usage_error(
        run, "Error: Invalid value for '--run': 2147483648 is not in the range 1<=x<=2147483647."
    )
    largest = fanwen("failures", "--db", bundled_archive, "--run", "2147483647", "--format", "json")
    assert (largest.returncode, largest.stdout) == (0, "")


@pytest.mark.parametrize(
    ("command", "option", "value", "message"),
    [
        (("dedupe", "--rebuild"), "--threshold", "nan", "'nan' is not a number"),
        (("reclean",), "--threshold", "NaN", "'NaN' is not a number"),
        (("crawl",), "--max-failure-rate", "nan", "'nan' is not a number"),
        (("crawl",), "--refresh-after", "nan", "'nan' is not a number"),
        (("crawl",), "--refresh-after", "inf", "inf is not in the range 0<=x<=36525."),
        (("crawl",), "--refresh-after", "1e308", "1e+308 is not in the range 0<=x<=36525."),
    ],
)
def test_a_number_option_refuses_nan_and_values_past_its_bound(
    tmp_path: Path, command: tuple[str, ...], option: str, value: str, message: str
) -> None:
    archive = tmp_path / "archive.db"
    run = fanwen(*command, "--db", f"sqlite:///{archive}", option, value)
    assert_usage_error(run, f"Error: Invalid value for '{option}': {message}")
    assert not archive.exists()


def test_a_query_read_as_an_option_says_how_to_start_a_query_with_an_exclusion(
    bundled_archive: str,
) -> None:
    run = fanwen("search", "-总结 党建", "--db", bundled_archive)
    assert_usage_error(
        run,
        "Error: No such option '-总': to start a query with an exclusion, put -- before it "
        "(fanwen search [OPTIONS] -- QUERY) or write the minus full-width (－)",
    )
    # A mistyped option keeps click's own message.
    typo = fanwen("search", "党建", "--limt", "5", "--db", bundled_archive)
    assert_usage_error(typo, "Error: No such option '--limt'. Did you mean '--limit'?")


def test_a_query_after_double_dash_may_start_with_an_exclusion(bundled_archive: str) -> None:
    def hits(*args: str) -> list[str]:
        run = fanwen("search", "--db", bundled_archive, "--format", "json", "--limit", "100", *args)
        assert run.returncode == 0, run.stderr
        return run.stdout.splitlines()

    excluded = hits("--", "-总结 党建")
    assert excluded == hits("－总结 党建") == hits("党建 -总结")
    assert excluded and excluded != hits("党建")
    assert "fanwen search --sort date -- '-总结 党建'" in fanwen("search", "--help").stdout


@pytest.fixture(scope="module")
def served(bundled_archive: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``fanwen serve`` on a copy of the bundled archive; its base URL."""
    archive = tmp_path_factory.mktemp("serve") / "archive.db"
    shutil.copy(make_url(bundled_archive).database or "", archive)
    with served_archive(archive) as base:
        yield f"{base}/archive/search_essays"


@pytest.mark.parametrize("query", ["的", '"党建', "-总结"])
def test_serve_shows_why_a_search_cannot_run_as_the_cli_does(served: str, query: str) -> None:
    cli = fanwen("search", "--db", "sqlite:///unused.db", "--", query)
    reason = cli.stderr.splitlines()[-1].removeprefix("Error: ")
    assert cli.returncode == 2 and "Traceback" not in cli.stderr
    address = f"{served}?{urllib.parse.urlencode({'q': query})}"
    status, page = http_get(address)
    assert status == 400
    errors = re.findall(r'<p class="message-error">([^<]*)</p>', page)
    assert [html.unescape(error) for error in errors] == [reason]
    # The form keeps the query, to be corrected.
    assert [html.unescape(value) for value in re.findall(r'name="q" value="([^"]*)"', page)] == [
        query
    ]
    status, body = http_get(address.replace("search_essays?", "search_essays.json?"))
    assert (status, json.loads(body)["error"]) == (400, reason)


def test_serve_still_searches_and_an_empty_form_matches_nothing(served: str) -> None:
    status, body = http_get(f"{served}.json?_shape=array&q=%E5%85%9A%E5%BB%BA")
    titles = [row["title"] for row in json.loads(body)]
    assert status == 200
    assert "党建工作述职报告" in titles and len(titles) == 10
    status, body = http_get(f"{served}.json?_shape=array")
    assert (status, json.loads(body)) == (200, [])
