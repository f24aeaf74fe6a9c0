"""What several commands share: opening the archive, the --db option, checked
option types (output files, bounded numbers), consoles and progress bars."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
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

# A click command function, before or after click wraps it.
Command = Callable[..., Any]

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


class OutputFile(click.Path):
    """A file a command will write, checked while the options are parsed.

    Its folder must exist (or, with ``make_folders``, the nearest existing
    ancestor, as the writer creates the rest) and be a folder this process may
    write in, so a path that cannot be written is a one-line usage error before
    any work: the export or the plot had failed at the end with a traceback.
    ``suffixes``: the file types the writer can produce, named by suffix.
    """

    def __init__(
        self,
        allow_dash: bool = False,
        make_folders: bool = False,
        suffixes: Sequence[str] = (),
    ) -> None:
        super().__init__(dir_okay=False, writable=True, allow_dash=allow_dash, path_type=Path)
        self.make_folders = make_folders
        self.suffixes = tuple(suffixes)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(os.fsdecode(super().convert(value, param, ctx)))
        if self.allow_dash and str(path) == "-":
            return path
        if self.suffixes and path.suffix.lower() not in self.suffixes:
            *others, last = self.suffixes
            kinds = f"{', '.join(others)} or {last}" if others else last
            self.fail(f"{str(path)!r} is not a {kinds} file", param, ctx)
        folder = path.absolute().parent
        if self.make_folders:
            # os.path, not Path: it answers False where Path raises (a folder not readable).
            while not os.path.lexists(folder) and folder != folder.parent:
                folder = folder.parent
        if not os.path.isdir(folder):
            problem = "is not a folder" if os.path.lexists(folder) else "does not exist"
            self.fail(f"cannot write {str(path)!r}: {folder} {problem}", param, ctx)
        if not os.access(folder, os.W_OK | os.X_OK):
            self.fail(f"cannot write {str(path)!r}: no permission to write in {folder}", param, ctx)
        return path


class NumberRange(click.FloatRange):
    """A FloatRange that refuses NaN: it passes every bound check and then
    silently disables the rule it sets (a NaN threshold links no near copy)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


# The most rows a listing prints (the help shows it): far below the 64-bit
# LIMIT the databases take, which a larger number overflowed with a traceback.
# Every match goes to a file with `fanwen export --query`, which has no limit.
MAX_LIMIT = 1_000_000


def limit_option(default: int, help_text: str) -> Callable[[Command], Command]:
    """``--limit``: how many rows a listing prints, 1 to MAX_LIMIT (the help shows both)."""
    return click.option(
        "--limit",
        type=click.IntRange(1, MAX_LIMIT),
        default=default,
        show_default=True,
        help=help_text,
    )


def table_console(stderr: bool = False, width: int | None = None) -> Console:
    """A console that prints strings as they are, for tables of archive text.

    Titles, categories, URLs, snippets and queries come from the sites and
    the user: Rich would read ``[/]`` in them as markup (and crash, or drop a
    ``[word]``) and ``:smile:`` as an emoji code.
    """
    return Console(stderr=stderr, width=width, markup=False, emoji=False)


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
