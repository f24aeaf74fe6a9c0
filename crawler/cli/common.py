"""What several commands share: opening the archive, the --db option, progress bars."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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

from storage.database import (
    DatabaseURLError,
    check_db_url,
    make_engine,
    masked,
    resolve_db_url,
)
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


class StartURL(click.ParamType[str, str]):
    """An absolute http:// or https:// URL with a host: where a crawl may start.

    Checked while the options are parsed, so a bad one is a usage error before
    anything starts: Scrapy would fail on ``notaurl`` with two tracebacks and
    a failed run row, and would hang on an ``ftp://`` URL.
    """

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        url = str(value)
        try:
            parts = urlsplit(url)
            host = parts.hostname
            _ = parts.port  # checked here: out of range is a ValueError
        except ValueError:  # an unclosed IPv6 bracket, a port out of range
            host = None
        if host is None or parts.scheme not in ("http", "https"):
            # A plain usage error, not BadParameter: the message is the one the
            # Redis frontier gives for the same URL.
            raise click.UsageError(f"not an http(s) URL: {url!r}", ctx)
        return url


start_url_option = click.option(
    "--start-url",
    "start_urls",
    type=StartURL(),
    multiple=True,
    help="Where the crawl starts (a site's home page, a category or an essay). Repeatable.",
)


def archive_url(db: str | None, setting: str | None = None) -> str:
    """The archive's URL (``resolve_db_url``); one that cannot be used is a usage error.

    Every command that takes --db goes through here, so a path, a typo or an
    unknown scheme, given by --db, ``-s ARCHIVE_DB_URL`` or $ARCHIVE_DB_URL, is
    the same one-line error everywhere.
    """
    url = resolve_db_url(db, setting)
    try:
        check_db_url(url)
    except DatabaseURLError as exc:
        raise click.UsageError(str(exc)) from exc
    return url


def open_archive(db: str | None) -> Engine:
    """The archive's engine, schema up to date; a one-line error if there is none."""
    url = archive_url(db)
    engine = make_engine(url)
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
