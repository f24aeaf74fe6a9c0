"""Engines and sessions: where the archive lives and how to reach it."""

from __future__ import annotations

import math
import os
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB_URL = "sqlite:///archive.db"
DB_URL_ENV = "ARCHIVE_DB_URL"

# How long a SQLite writer waits for another one (a second crawl, `fanwen
# dedupe --rebuild`) to release the file before failing with "database is
# locked"; the crawl then stops (tests/faults/README.md). `?timeout=SECONDS`
# on the URL changes it, as it does for SQLAlchemy's pysqlite driver.
SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
# `?max_page_count=N` on a SQLite URL caps the file at N pages (SQLite's
# PRAGMA max_page_count): a write past it fails as on a full disk ("database
# or disk is full"), so a crawl can be kept from filling the disk.
SQLITE_URL_OPTIONS = ("timeout", "max_page_count")

Number = TypeVar("Number", int, float)


class DatabaseURLError(ValueError):
    """A database URL the archive cannot use."""


class ArchiveNotWritable(RuntimeError):
    """The archive cannot be written (read-only, locked, unreachable); the message is one line."""


def resolve_db_url(explicit: str | None = None, setting: str | None = None) -> str:
    """``--db``, else the ARCHIVE_DB_URL setting or environment, else ./archive.db."""
    return explicit or setting or os.environ.get(DB_URL_ENV) or DEFAULT_DB_URL


def masked(url: str) -> str:
    """The URL with its password hidden, for logs and crawl-run records."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def make_engine(url: str, **kwargs: Any) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseURLError(
            f"not a database URL: {masked(url)} (a file is sqlite:///PATH)"
        ) from exc
    if parsed.drivername == "postgresql":
        # psycopg 3 is the driver we test; the bare scheme would pick psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return _engine_for(parsed, url, **kwargs)
    busy_timeout = _number_option(parsed, "timeout", float)
    if busy_timeout is None:
        busy_timeout = SQLITE_BUSY_TIMEOUT_SECONDS
    max_page_count = _number_option(parsed, "max_page_count", int)
    engine = _engine_for(parsed.difference_update_query(SQLITE_URL_OPTIONS), url, **kwargs)
    event.listen(
        engine, "connect", partial(_sqlite_on_connect, round(busy_timeout * 1000), max_page_count)
    )
    return engine


def _engine_for(parsed: URL, url: str, **kwargs: Any) -> Engine:
    # An unknown scheme (NoSuchModuleError) or a driver that is not installed
    # (ImportError) is a bad URL too: the user's mistake, not a crash.
    try:
        return create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseURLError(
            f"no database driver for {parsed.drivername!r}: {masked(url)}"
        ) from exc


def check_db_url(url: str) -> None:
    """DatabaseURLError if ``url`` cannot reach a database; nothing is connected to."""
    make_engine(url).dispose()


def _number_option(url: URL, name: str, kind: type[Number]) -> Number | None:
    value = url.query.get(name)
    if value is None:
        return None
    try:
        number = kind(value) if isinstance(value, str) else None
    except ValueError:
        number = None
    if number is None or not math.isfinite(number) or number < 0:
        raise DatabaseURLError(f"{name} must be a non-negative number, got {value!r}")
    return number


def _sqlite_on_connect(
    busy_timeout_ms: int, max_page_count: int | None, dbapi_connection: Any, _record: Any
) -> None:
    cursor = dbapi_connection.cursor()
    # The busy timeout makes a second writer wait instead of failing at once;
    # set first, as switching to WAL takes a lock too (the driver's own
    # default, 5 s, would apply to it otherwise).
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
    # WAL lets readers (export, a browsing UI) work while a crawl writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    if max_page_count is not None:
        cursor.execute(f"PRAGMA max_page_count={max_page_count:d}")
    cursor.close()


def check_writable(url: str) -> None:
    """Fail now, in one line, if a crawl could not write its first row to ``url``.

    Run before a crawl starts: once Scrapy has opened the spider, a database
    error surfaces as a traceback. On SQLite the check takes the write lock
    (waiting out the busy timeout, as a batch would) and rewrites the header's
    user_version with its own value, which a read-only file (``chmod``, ``chattr
    +i``, a read-only mount, ``?mode=ro``) refuses; then it rolls back.
    """
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                version = connection.execute(text("PRAGMA user_version")).scalar_one()
                connection.exec_driver_sql(f"PRAGMA user_version={int(version):d}")
                connection.exec_driver_sql("ROLLBACK")
            else:
                connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        reason = str(exc.orig).splitlines()[0] if str(exc.orig) else type(exc.orig).__name__
        raise ArchiveNotWritable(f"cannot write the archive {masked(url)}: {reason}") from None
    finally:
        engine.dispose()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
