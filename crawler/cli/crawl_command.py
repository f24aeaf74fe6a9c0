"""``fanwen crawl``: run the essay spider into the archive and print a summary."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from crawler.cli.app import main
from crawler.cli.common import db_option
from crawler.cli.seed_command import redis_option, worker_settings
from crawler.crawl_runner import (
    BUNDLED_FIXTURES,
    SettingError,
    parse_setting_pairs,
    project_settings,
    run_crawl,
)
from crawler.distributed import run_worker
from crawler.progress import CrawlProgress, summary_table
from crawler.site_profile import ProfileError, load_profile
from crawler.webarchive import RecordingError, replay_start_urls
from storage.database import resolve_db_url

EXIT_CRAWL_FAILED = 1


def crawl_succeeded(finish_reason: str) -> bool:
    """A crawl that ran out of work, or stopped at a CLOSESPIDER_* limit it was given."""
    return finish_reason == "finished" or finish_reason.startswith("closespider_")


@main.command()
@click.option(
    "--start-url",
    "start_urls",
    multiple=True,
    metavar="URL",
    help="Where to start (the site's home page, a category or an essay). Repeatable.",
)
@db_option
@click.option(
    "--replay",
    type=click.Path(exists=True, path_type=Path),
    help="Answer every request from this WARC file or fixture folder, offline.",
)
@click.option(
    "--warc",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record every request and response to this .warc.gz file.",
)
@click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML site profile for a sister site of the same CMS.",
)
@click.option(
    "-s",
    "--set",
    "pairs",
    multiple=True,
    metavar="NAME=VALUE",
    help="Any Scrapy or ARCHIVE_* setting, as on `scrapy crawl -s`. Repeatable.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a live status line (default: when stderr is a terminal).",
)
@redis_option
@click.option(
    "--idle-timeout",
    type=click.IntRange(min=0),
    metavar="SECONDS",
    help="With --redis: stop once the whole crawl has been quiet this long (0: never; 30).",
)
def crawl(
    start_urls: tuple[str, ...],
    db: str | None,
    replay: Path | None,
    warc: Path | None,
    profile: Path | None,
    pairs: tuple[str, ...],
    progress: bool | None,
    redis_url: str | None,
    idle_timeout: int | None,
) -> None:
    """Crawl a site into the archive and print a summary.

    With no --start-url and no --replay it replays the bundled fixtures, so
    `fanwen crawl` works offline on a fresh checkout.

    \b
    Examples:
      fanwen crawl
      fanwen crawl --start-url https://www.example.com/ --db sqlite:///site.db
      fanwen crawl --start-url http://127.0.0.1:8000/ --warc site.warc.gz \\
          -s AUTOTHROTTLE_ENABLED=False -s CONCURRENT_REQUESTS_PER_DOMAIN=16
      fanwen crawl --replay site.warc.gz --db sqlite:///replayed.db
      fanwen crawl --redis redis://10.0.0.5/0 --db postgresql://archive@10.0.0.6/archive
    """
    try:
        overrides = parse_setting_pairs(pairs)
        if profile is not None:
            load_profile(profile)  # fail now, in one line, rather than mid-crawl
    except (SettingError, ProfileError) as exc:
        raise click.UsageError(str(exc)) from exc
    if idle_timeout is not None and not redis_url:
        raise click.UsageError("--idle-timeout is for a worker of a shared crawl: give --redis")
    # A worker of a shared crawl: --start-url seeds it; the frontier holds the rest.
    worker = worker_settings(redis_url, start_urls, idle_timeout) if redis_url else None
    if worker is None and not start_urls and replay is None:
        if not (BUNDLED_FIXTURES / "manifest.json").is_file():
            raise click.UsageError("give --start-url or --replay (no bundled fixtures found)")
        replay = BUNDLED_FIXTURES
    urls = list(start_urls)
    if not urls and replay is not None:
        try:
            urls = replay_start_urls(replay)
        except RecordingError as exc:
            raise click.UsageError(str(exc)) from exc
    console = Console(stderr=True)
    show_progress = console.is_terminal if progress is None else progress
    settings = project_settings(
        {
            "ARCHIVE_DB_URL": resolve_db_url(db, overrides.get("ARCHIVE_DB_URL")),
            "ARCHIVE_REPLAY_PATH": str(replay) if replay else None,
            "ARCHIVE_WARC_PATH": str(warc) if warc else None,
            "ARCHIVE_SITE_PROFILE": str(profile) if profile else None,
            # The summary table reports; the log is for trouble.
            "LOG_LEVEL": "WARNING",
            **(worker or {}),
        },
        overrides,
    )
    watcher = CrawlProgress(console) if show_progress else None
    on_crawler = watcher.connect if watcher else None
    if worker is not None:
        result = run_worker(settings, on_crawler=on_crawler)
    else:
        result = run_crawl(settings, urls, on_crawler=on_crawler)
    Console().print(summary_table(result.stats))
    if not crawl_succeeded(result.finish_reason):
        message = result.stats.get("archive/error") or f"crawl ended: {result.finish_reason}"
        click.echo(f"fanwen crawl: {message}", err=True)
        sys.exit(EXIT_CRAWL_FAILED)
