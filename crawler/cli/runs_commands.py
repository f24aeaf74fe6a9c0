"""``fanwen runs`` and ``fanwen failures``: how the crawls went, from the database."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click
from rich.table import Table

from crawler.cli.app import main
from crawler.cli.common import db_option, limit_option, open_archive, table_console
from storage.database import session_factory
from storage.models import CrawlRun, Failure
from storage.runs import open_failures, recent_runs

FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json: one object a line.",
)

# Run ids are an INTEGER column: 32 bits on PostgreSQL, which refuses a larger
# operand (SQLite overflows past 64), so no run has a larger id.
MAX_RUN_ID = 2**31 - 1

RUN_COUNTS = (
    ("pages", "pages_fetched"),
    ("new", "essays_new"),
    ("updated", "essays_updated"),
    ("unchanged", "essays_unchanged"),
    ("gone", "essays_gone"),
    ("copies", "copies"),
    ("failures", "failures"),
    ("retries", "retries"),
)


def _instant(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def run_record(run: CrawlRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "job": run.job,
        "status": run.status,
        "exit_code": run.exit_code,
        "started_at": _instant(run.started_at),
        "finished_at": _instant(run.finished_at),
        **{name: getattr(run, column) for name, column in RUN_COUNTS},
        "bytes": run.bytes_received,
        "failure_reasons": run.failure_reasons or {},
        "problems": run.health_problems or {},
        "host": run.host,
        "pid": run.pid,
        "arguments": run.arguments,
    }


@main.command()
@db_option
@limit_option(20, "How many runs, the latest first.")
@FORMAT_OPTION
def runs(db: str | None, limit: int, output_format: str) -> None:
    """List crawl runs, the latest first: status, exit code and counts.

    A run still marked `running` whose process is gone is shown `interrupted`
    once the next crawl starts on the same host.
    """
    engine = open_archive(db)
    with session_factory(engine)() as session:
        records = [run_record(run) for run in recent_runs(session, limit)]
    engine.dispose()
    if output_format == "json":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    table = Table(title=f"{len(records)} crawl runs")
    headers = ["run", "job", "started", "status", "exit", *(name for name, _ in RUN_COUNTS)]
    for header in headers:
        table.add_column(header, justify="right" if header not in ("job", "status") else "left")
    for record in records:
        table.add_row(
            str(record["id"]),
            record["job"] or "",
            record["started_at"],
            record["status"],
            "" if record["exit_code"] is None else str(record["exit_code"]),
            *(str(record[name]) for name, _ in RUN_COUNTS),
        )
    table_console(width=160).print(table)


def failure_record(failure: Failure) -> dict[str, Any]:
    return {
        "url": failure.url,
        "status": failure.status,
        "reason": failure.reason,
        "attempts": failure.attempts,
        "first_seen": _instant(failure.first_seen),
        "last_seen": _instant(failure.last_seen),
        "run": failure.run_id,
        "detail": failure.detail,
    }


@main.command()
@db_option
@click.option(
    "--run",
    "run_id",
    type=click.IntRange(1, MAX_RUN_ID),
    help="Only failures last seen by this crawl run.",
)
@click.option("--reason", help="Only failures with this reason (e.g. http_404, timeout).")
@limit_option(100, "How many failures, the latest first.")
@FORMAT_OPTION
def failures(
    db: str | None, run_id: int | None, reason: str | None, limit: int, output_format: str
) -> None:
    """List URLs that did not become essays and why, the latest first.

    A failure is resolved (and no longer listed) when its URL is later archived.
    """
    engine = open_archive(db)
    with session_factory(engine)() as session:
        records = [failure_record(row) for row in open_failures(session, run_id, reason, limit)]
    engine.dispose()
    if output_format == "json":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    table = Table(title=f"{len(records)} open failures")
    for header in ("url", "status", "reason", "attempts", "last seen", "run"):
        table.add_column(header)
    for record in records:
        table.add_row(
            record["url"],
            "" if record["status"] is None else str(record["status"]),
            record["reason"],
            str(record["attempts"]),
            record["last_seen"],
            str(record["run"] or ""),
        )
    table_console(width=160).print(table)
