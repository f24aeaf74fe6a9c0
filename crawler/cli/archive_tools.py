"""Commands that read or re-link the archive: export, dedupe, reclean, dupes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path

import click
from rich.table import Table
from sqlalchemy.orm import Session

from crawler.cli.app import main
from crawler.cli.common import (
    Command,
    NumberRange,
    OutputFile,
    db_option,
    limit_option,
    open_archive,
    progress_bar,
    table_console,
)
from crawler.cli.filters import essay_filter, filter_options
from crawler.exports import EXPORT_FORMATS, write_export, write_parquet
from crawler.maintenance import RebuildSummary, essay_count, rebuild_links
from crawler.maintenance import reclean as reclean_archive
from crawler.site_profile import ProfileError, load_profile
from storage.database import session_factory
from storage.queries import duplicate_clusters


def threshold_option(help_text: str) -> Callable[[Command], Command]:
    """``--threshold``, the near-copy Jaccard bar, for the commands that re-link copies."""
    return click.option(
        "--threshold",
        type=NumberRange(0.0, 1.0),
        default=0.8,
        show_default=True,
        help=help_text,
    )


@main.command()
@db_option
@click.option(
    "--format",
    "export_format",
    type=click.Choice(EXPORT_FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object a line; csv: a header row first; parquet: typed columns.",
)
@click.option(
    "-o",
    "--output",
    type=OutputFile(allow_dash=True),
    default="-",
    help="Write here instead of standard output (parquet needs a file).",
)
@click.option("--query", metavar="QUERY", help="Only essays matching this search query.")
@filter_options(include_duplicates_default=True)
@click.option("--bom", is_flag=True, help="csv: start with a byte order mark, for Excel.")
def export(
    db: str | None,
    export_format: str,
    output: Path,
    query: str | None,
    categories: tuple[str, ...],
    since: tuple[date, date] | None,
    until: tuple[date, date] | None,
    include_duplicates: bool,
    bom: bool,
) -> None:
    """Write one record per archived essay (copies included unless excluded).

    Fields, in order: url, title, category, published_at (ISO 8601 with
    offset, or null), date_precision, raw_date, body (paragraphs joined by
    a newline), pages, content_hash, duplicate_of, duplicate_kind, fetched_at.
    The filters are those of `fanwen search`; records stream out in URL order.
    """
    if bom and export_format != "csv":
        raise click.UsageError("--bom is for --format csv")
    if export_format == "parquet" and str(output) == "-":
        raise click.UsageError("--format parquet needs -o FILE")
    essay_filter_ = essay_filter(query, categories, since, until, include_duplicates)
    engine = open_archive(db)
    with session_factory(engine)() as session:
        if export_format == "parquet":
            count = write_parquet(session, output, essay_filter_)
        else:
            with click.open_file(str(output), "w", encoding="utf-8") as stream:
                count = write_export(session, stream, export_format, essay_filter_, bom)
    engine.dispose()
    click.echo(f"exported {count} records", err=True)


def _rebuild(session: Session, threshold: float | None) -> RebuildSummary:
    with progress_bar(essay_count(session), "linking copies") as progress:
        task = progress.task_ids[0]
        return rebuild_links(session, threshold, lambda n: progress.advance(task, n))


@main.command()
@db_option
@click.option(
    "--rebuild",
    is_flag=True,
    required=True,
    help="Recompute every duplicate link over the whole archive, in one pass.",
)
@threshold_option("Jaccard similarity (3-character shingles) that makes a near copy.")
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
@db_option
@click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML site profile (the one the archive was crawled with).",
)
@threshold_option("Near-copy threshold for the re-linking that follows.")
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
        with progress_bar(essay_count(session), "recleaning") as progress:
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
@db_option
@limit_option(20, "How many clusters, largest first.")
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
    table_console().print(table)
