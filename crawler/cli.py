"""The ``fanwen`` command: crawl essay sites into the archive and read it back.

Exit codes: 0 the command did its job; 1 the crawl ended badly (the archive
could not be written, or the crawl did not finish); 2 a usage error.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crawler.crawl_runner import (
    BUNDLED_FIXTURES,
    SettingError,
    parse_setting_pairs,
    project_settings,
    run_crawl,
)
from crawler.exports import EXPORT_FORMATS, write_export
from crawler.maintenance import RebuildSummary, essay_count, rebuild_links
from crawler.maintenance import reclean as reclean_archive
from crawler.progress import CrawlProgress, summary_table
from crawler.site_profile import ProfileError, load_profile
from crawler.webarchive import RecordingError, replay_start_urls
from storage.database import (
    DatabaseURLError,
    make_engine,
    masked,
    resolve_db_url,
    session_factory,
)
from storage.queries import duplicate_clusters
from storage.schema import upgrade

EXIT_CRAWL_FAILED = 1


def crawl_succeeded(finish_reason: str) -> bool:
    """A crawl that ran out of work, or stopped at a CLOSESPIDER_* limit it was given."""
    return finish_reason == "finished" or finish_reason.startswith("closespider_")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fanwen-archive")
def main() -> None:
    """Crawl Chinese essay sites (人人范文网 and its sister sites) into an archive.

    Start with `fanwen crawl` (replays the bundled fixtures into ./archive.db),
    then `fanwen export --format jsonl`.
    """


@main.command()
@click.option(
    "--start-url",
    "start_urls",
    multiple=True,
    metavar="URL",
    help="Where to start (the site's home page, a category or an essay). Repeatable.",
)
@click.option(
    "--db", metavar="URL", help="Database URL. Default: $ARCHIVE_DB_URL, else sqlite:///archive.db."
)
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
def crawl(
    start_urls: tuple[str, ...],
    db: str | None,
    replay: Path | None,
    warc: Path | None,
    profile: Path | None,
    pairs: tuple[str, ...],
    progress: bool | None,
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
    """
    try:
        overrides = parse_setting_pairs(pairs)
        if profile is not None:
            load_profile(profile)  # fail now, in one line, rather than mid-crawl
    except (SettingError, ProfileError) as exc:
        raise click.UsageError(str(exc)) from exc
    if not start_urls and replay is None:
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
        },
        overrides,
    )
    watcher = CrawlProgress(console) if show_progress else None
    result = run_crawl(settings, urls, on_crawler=watcher.connect if watcher else None)
    Console().print(summary_table(result.stats))
    if not crawl_succeeded(result.finish_reason):
        message = result.stats.get("archive/error") or f"crawl ended: {result.finish_reason}"
        click.echo(f"fanwen crawl: {message}", err=True)
        sys.exit(EXIT_CRAWL_FAILED)


@main.command()
@click.option(
    "--db", metavar="URL", help="Database URL. Default: $ARCHIVE_DB_URL, else sqlite:///archive.db."
)
@click.option(
    "--format",
    "export_format",
    type=click.Choice(EXPORT_FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object a line; csv: a header row first.",
)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    help="Write here instead of standard output.",
)
def export(db: str | None, export_format: str, output: TextIO) -> None:
    """Write one record per archived essay (copies included).

    Fields, in order: url, title, category, published_at (ISO 8601 with
    offset, or null), date_precision, raw_date, body (paragraphs joined by
    a newline), pages, content_hash, duplicate_of, duplicate_kind, fetched_at.
    """
    engine = open_archive(db)
    with session_factory(engine)() as session:
        count = write_export(session, output, export_format)
    engine.dispose()
    click.echo(f"exported {count} records", err=True)


DB_OPTION_HELP = "Database URL. Default: $ARCHIVE_DB_URL, else sqlite:///archive.db."


def open_archive(db: str | None) -> Engine:
    """The archive's engine, schema up to date; a one-line error if there is none."""
    url = resolve_db_url(db)
    try:
        engine = make_engine(url)
    except DatabaseURLError as exc:
        raise click.UsageError(str(exc)) from exc
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and not Path(database).is_file():
        raise click.UsageError(f"no archive at {database} (run `fanwen crawl` first, or give --db)")
    try:
        upgrade(engine)
    except OperationalError as exc:
        raise click.ClickException(f"cannot open the archive {masked(url)}: {exc.orig}") from exc
    return engine


def _progress(total: int, description: str) -> Progress:
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    progress.add_task(description, total=total)
    return progress


def _rebuild(session: Session, threshold: float | None) -> RebuildSummary:
    with _progress(essay_count(session), "linking copies") as progress:
        task = progress.task_ids[0]
        return rebuild_links(session, threshold, lambda n: progress.advance(task, n))


@main.command()
@click.option("--db", metavar="URL", help=DB_OPTION_HELP)
@click.option(
    "--rebuild",
    is_flag=True,
    required=True,
    help="Recompute every duplicate link over the whole archive, in one pass.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=0.8,
    show_default=True,
    help="Jaccard similarity (3-character shingles) that makes a near copy.",
)
@click.option("--exact-only", is_flag=True, help="Link exact copies only.")
def dedupe(db: str | None, rebuild: bool, threshold: float, exact_only: bool) -> None:
    """Recompute duplicate links (after a threshold or cleaning change).

    Runs in one transaction: the archive is wholly re-linked or left as it was.
    The canonical essay of each cluster is the copy with the smallest URL.
    """
    engine = open_archive(db)
    with session_factory(engine).begin() as session:
        summary = _rebuild(session, None if exact_only else threshold)
    engine.dispose()
    click.echo(f"{summary.essays} essays: {summary.exact} exact copies, {summary.near} near copies")


@main.command()
@click.option("--db", metavar="URL", help=DB_OPTION_HELP)
@click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML site profile (the one the archive was crawled with).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=0.8,
    show_default=True,
    help="Near-copy threshold for the re-linking that follows.",
)
def reclean(db: str | None, profile: Path | None, threshold: float) -> None:
    """Re-apply the current cleaning rules to the stored pages, then re-link copies.

    Bodies and content hashes are recomputed from the raw HTML kept in the
    archive; nothing is fetched. One transaction: all or nothing.
    """
    try:
        site = load_profile(profile)
    except ProfileError as exc:
        raise click.UsageError(str(exc)) from exc
    engine = open_archive(db)
    with session_factory(engine).begin() as session:
        with _progress(essay_count(session), "recleaning") as progress:
            task = progress.task_ids[0]
            cleaned = reclean_archive(session, site, lambda n: progress.advance(task, n))
        linked = _rebuild(session, threshold)
    engine.dispose()
    click.echo(
        f"{cleaned.essays} essays recleaned, {cleaned.changed} bodies changed, "
        f"{cleaned.without_pages} without stored pages; "
        f"{linked.exact} exact and {linked.near} near copies"
    )


@main.command()
@click.option("--db", metavar="URL", help=DB_OPTION_HELP)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="How many clusters, largest first.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def dupes(db: str | None, limit: int, output_format: str) -> None:
    """List duplicate clusters: the canonical essay and its copies, largest first."""
    engine = open_archive(db)
    with session_factory(engine)() as session:
        clusters = duplicate_clusters(session, limit)
    engine.dispose()
    if output_format == "json":
        for cluster in clusters:
            click.echo(json.dumps(asdict(cluster), ensure_ascii=False))
        return
    table = Table(title=f"{len(clusters)} duplicate clusters")
    for column in ("essay", "category", "kind", "similarity", "url"):
        table.add_column(column)
    for cluster in clusters:
        canonical = cluster.canonical
        table.add_row(canonical.title, canonical.category or "", "canonical", "", canonical.url)
        for copy in cluster.copies:
            similarity = f"{copy.similarity:.3f}" if copy.similarity is not None else ""
            table.add_row(
                "  └ " + copy.title, copy.category or "", copy.kind or "", similarity, copy.url
            )
    Console().print(table)
