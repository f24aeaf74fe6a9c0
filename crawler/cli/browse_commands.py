"""Commands for reading the archive: search, show, stats, serve."""

from __future__ import annotations

import csv
import difflib
import json
import signal
import subprocess
import sys
import tempfile
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import cast

import click
from rich.table import Table
from rich.text import Text

from crawler.cli.app import main
from crawler.cli.common import (
    OutputFile,
    db_option,
    limit_option,
    open_archive,
    table_console,
)
from crawler.cli.filters import essay_filter, filter_options
from crawler.exports import DISPLAY_TIMEZONE
from storage.database import session_factory
from storage.queries import ArchiveStats, EssayDetail, archive_stats, essay_detail
from storage.search import SearchHit
from storage.search import search as search_archive
from storage.search.query import Sort

SEARCH_FIELDS = ("title", "category", "published_at", "url", "duplicate_of", "snippet")
# What matplotlib draws into, by the file's suffix.
PLOT_SUFFIXES = (".png", ".svg", ".pdf")


def _local(instant: datetime | None) -> str | None:
    return instant.astimezone(DISPLAY_TIMEZONE).isoformat() if instant else None


def _day(instant: datetime | None) -> str:
    return instant.astimezone(DISPLAY_TIMEZONE).date().isoformat() if instant else ""


class QueryCommand(click.Command):
    """A command whose argument is a query: a query read as an option says how to pass it.

    Click takes any argument that starts with ``-`` for an option, so a query
    that starts with an exclusion fails as "No such option '-总'". Every
    option's name is ASCII: a name that is not can only be such a query.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            if exc.option_name.isascii():
                raise
            raise click.UsageError(
                f"No such option {exc.option_name!r}: to start a query with an exclusion, "
                f"put -- before it (fanwen {ctx.info_name} [OPTIONS] -- QUERY) "
                "or write the minus full-width (－)",
                ctx,
            ) from exc


@main.command(cls=QueryCommand)
@click.argument("query")
@db_option
@filter_options(include_duplicates_default=False)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help=(
        "relevance: BM25 with title matches weighing more on SQLite, title matches then"
        " newest on PostgreSQL and for very common terms; date: newest first."
    ),
)
@limit_option(20, "How many essays, the best first. To write every match: fanwen export --query.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="json: one object a line; json and csv mark the match <mark>like this</mark>.",
)
def search(
    query: str,
    db: str | None,
    categories: tuple[str, ...],
    since: tuple[date, date] | None,
    until: tuple[date, date] | None,
    include_duplicates: bool,
    sort: str,
    limit: int,
    output_format: str,
) -> None:
    """Find essays whose title or body holds every term of QUERY.

    \b
    Terms are separated by spaces; every one must occur (there is no OR).
    "a quoted phrase" is one term; -term excludes essays holding it.
    Case, punctuation and spacing never matter: 党建工作 finds 党建、工作 too.
    To start a query with an exclusion, put it after the options and --,
    or write the minus full-width: -- '-总结 党建' or '－总结 党建'.
    Examples:
      fanwen search 党建 --since 2020 --until 2020
      fanwen search '"党史学习教育" -总结' --category 党建 --sort date
      fanwen search --sort date -- '-总结 党建'
    """
    essay_filter_ = essay_filter(query, categories, since, until, include_duplicates)
    engine = open_archive(db)
    with session_factory(engine)() as session:
        hits = search_archive(session, essay_filter_, sort=cast(Sort, sort), limit=limit)
    engine.dispose()
    if output_format == "table":
        table_console().print(_hits_table(query, hits))
        return
    rows = [_hit_row(hit) for hit in hits]
    if output_format == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=SEARCH_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _hit_row(hit: SearchHit) -> dict[str, str | None]:
    return {
        "title": hit.title,
        "category": hit.category,
        "published_at": _local(hit.published_at),
        "url": hit.url,
        "duplicate_of": hit.duplicate_of,
        "snippet": hit.snippet.marked(),
    }


def _hits_table(query: str, hits: list[SearchHit]) -> Table:
    table = Table(title=f"{len(hits)} essays for {query}", show_lines=True)
    for column in ("title", "category", "date", "snippet / url"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        snippet = Text(hit.snippet.before)
        snippet.append(hit.snippet.match, style="bold black on yellow")
        snippet.append(hit.snippet.after)
        snippet.append("\n" + hit.url, style="dim")
        title = hit.title + (f"\n(copy of {hit.duplicate_of})" if hit.duplicate_of else "")
        table.add_row(title, hit.category or "", _day(hit.published_at), snippet)
    return table


@main.command()
@click.argument("url")
@db_option
@click.option("--versions", is_flag=True, help="Print every text the essay had, with diffs.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def show(url: str, db: str | None, versions: bool, output_format: str) -> None:
    """Print one archived essay in full: its fields, where its date came from, its copies."""
    engine = open_archive(db)
    with session_factory(engine)() as session:
        detail = essay_detail(session, url)
    engine.dispose()
    if detail is None:
        raise click.ClickException(f"no essay at {url} in the archive")
    if output_format == "json":
        click.echo(json.dumps(_detail_json(detail), ensure_ascii=False, indent=2, default=str))
        return
    click.echo(_detail_text(detail, versions))


def _detail_json(detail: EssayDetail) -> dict[str, object]:
    record = asdict(detail)
    for key in ("published_at", "first_fetched_at", "last_fetched_at", "last_seen_at", "gone_at"):
        record[key] = _local(getattr(detail, key))
    for version in record["versions"]:
        version["fetched_at"] = _local(version["fetched_at"])
    return record


def _detail_text(detail: EssayDetail, with_versions: bool) -> str:
    date_line = _local(detail.published_at) or "unknown"
    if detail.date_precision:
        date_line += f" (precision {detail.date_precision})"
    fields = [
        ("url", detail.url),
        ("title", detail.title),
        ("category", detail.category or ""),
        ("published", date_line),
        ("date source", detail.date_source),
        ("raw date", detail.raw_date or ""),
        ("date problem", detail.date_problem or ""),
        ("pages", str(detail.pages)),
        ("characters", str(len(detail.body))),
        ("content hash", detail.content_hash),
        ("first fetched", _local(detail.first_fetched_at) or ""),
        ("last fetched", _local(detail.last_fetched_at) or ""),
        ("last seen", _local(detail.last_seen_at) or ""),
        ("gone since", _local(detail.gone_at) or ""),
    ]
    if detail.canonical is not None:
        similarity = f", similarity {detail.similarity:.3f}" if detail.similarity else ""
        fields.append(("copy of", f"{detail.canonical.url} ({detail.kind}{similarity})"))
    fields.append(("versions", str(len(detail.versions)) if detail.versions else "1 (unchanged)"))
    lines = [f"{name + ':':<15}{value}" for name, value in fields if value]
    if detail.copies:
        lines.append(f"copies ({len(detail.copies)}):")
        for copy in detail.copies:
            similarity = f" {copy.similarity:.3f}" if copy.similarity is not None else ""
            lines.append(f"  {copy.kind}{similarity}  {copy.url}  {copy.title}  [{copy.category}]")
    lines += ["", detail.body]
    if with_versions:
        lines += ["", *_version_history(detail)]
    return "\n".join(lines)


def _version_history(detail: EssayDetail) -> list[str]:
    if not detail.versions:
        return ["no earlier versions: the text never changed"]
    lines: list[str] = []
    previous = None
    for version in detail.versions:
        lines.append(
            f"== version {version.version}, fetched {_local(version.fetched_at)}: {version.title}"
        )
        if previous is not None:
            lines += difflib.unified_diff(
                f"{previous.title}\n{previous.body}".splitlines(),
                f"{version.title}\n{version.body}".splitlines(),
                f"version {previous.version}",
                f"version {version.version}",
                lineterm="",
            )
        previous = version
    return lines


@main.command()
@db_option
@click.option(
    "--plot",
    type=OutputFile(suffixes=PLOT_SUFFIXES),
    help="Also draw essays per month by category into this .png, .svg or .pdf file.",
)
def stats(db: str | None, plot: Path | None) -> None:
    """Essays per category and per month, duplicate rate, date coverage, failures."""
    engine = open_archive(db)
    with session_factory(engine)() as session:
        summary = archive_stats(session)
    engine.dispose()
    console = table_console()
    for table in _stats_tables(summary):
        console.print(table)
    if plot is not None:
        from crawler.ui.plot import plot_months

        plot_months(summary.by_month, plot)
        click.echo(f"plot written to {plot}", err=True)


def _stats_tables(summary: ArchiveStats) -> list[Table]:
    overview = Table(title="archive", show_header=False)
    share = f"{summary.dated / summary.essays:.1%}" if summary.essays else "-"
    for name, value in (
        ("essays (canonical)", str(summary.essays)),
        ("exact copies", str(summary.copies_exact)),
        ("near copies", str(summary.copies_near)),
        ("duplicate rate", f"{summary.duplicate_rate:.1%}"),
        ("dated essays", f"{summary.dated} ({share})"),
        ("first day", summary.first_day or "-"),
        ("last day", summary.last_day or "-"),
        ("gone from the site", str(summary.gone)),
    ):
        overview.add_row(name, value)
    tables = [overview]
    categories = sorted(summary.by_category)
    tables.append(_counts("essays per category", "category", summary.by_category))
    months = Table(title="essays per month (Beijing time)")
    months.add_column("month")
    for category in categories:
        months.add_column(category, justify="right")
    for month in sorted({month for month, _ in summary.by_month}):
        counts = [summary.by_month.get((month, category), 0) for category in categories]
        months.add_row(month, *(str(count) if count else "" for count in counts))
    tables.append(months)
    tables.append(_counts("where dates came from", "source", summary.by_date_source))
    if summary.date_problems:
        tables.append(_counts("dates not taken", "problem", summary.date_problems))
    tables.append(_counts("unresolved failures", "reason", summary.failures))
    return tables


def _counts(title: str, key: str, counts: dict[str, int]) -> Table:
    table = Table(title=title)
    table.add_column(key)
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    return table


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve(db: str | None, host: str, port: int) -> None:
    """Browse the SQLite archive in Datasette, read-only, at http://HOST:PORT/.

    The public views (essays, essay_copies), facets by category and month,
    a Chinese full-text search query, and canned queries (essays per month,
    largest duplicate clusters, latest failures). The file is opened
    immutable: restart serve to see what a crawl added since.
    """
    engine = open_archive(db)
    if engine.dialect.name != "sqlite" or not engine.url.database:
        raise click.UsageError("fanwen serve needs an SQLite archive (--db sqlite:///FILE)")
    archive = Path(engine.url.database)
    # Immutable readers ignore the write-ahead log: fold it into the file first.
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    from crawler.ui.datasette import datasette_command, metadata

    with tempfile.TemporaryDirectory(prefix="fanwen-serve-") as folder:
        metadata_file = Path(folder) / "metadata.json"
        metadata_file.write_text(json.dumps(metadata(archive.stem), ensure_ascii=False), "utf-8")
        click.echo(f"serving {archive} read-only at http://{host}:{port}/", err=True)
        returncode = _run_until_stopped(datasette_command(archive, metadata_file, host, port))
    if returncode:
        raise click.ClickException(f"datasette exited with status {returncode}")


def _run_until_stopped(command: list[str]) -> int:
    """Run the server; Ctrl-C or a SIGTERM to ``fanwen serve`` stops it too."""
    server = subprocess.Popen(command)
    # SIGTERM would end this process and leave the server behind: exit cleanly instead.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            server.terminate()
            server.wait(10)
