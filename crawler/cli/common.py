"""What several commands share: opening the archive, the --db option, progress bars."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from storage.database import DatabaseURLError, make_engine, masked, resolve_db_url
from storage.schema import upgrade

DB_OPTION_HELP = "Database URL. Default: $ARCHIVE_DB_URL, else sqlite:///archive.db."

db_option = click.option("--db", metavar="URL", help=DB_OPTION_HELP)

REDIS_URL_ENV = "ARCHIVE_REDIS_URL"
redis_option = click.option(
    "--redis",
    "redis_url",
    envvar=REDIS_URL_ENV,
    metavar="URL",
    help=f"The shared frontier, redis://[:PASSWORD@]HOST[:PORT][/DB]. Default: ${REDIS_URL_ENV}.",
)


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


def progress_bar(total: int, description: str) -> Progress:
    """A transient bar on stderr, so stdout stays clean for data."""
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
