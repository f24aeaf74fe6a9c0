"""Bad input to the real ``fanwen`` command: a one-line usage error, exit code 2, no traceback.

Each case once crashed with a traceback (exit 1) or, for an ftp:// start URL,
hung on an open socket.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fanwen_runner import Run, fanwen

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
