"""Engines and sessions: where the archive lives and how to reach it."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB_URL = "sqlite:///archive.db"
DB_URL_ENV = "ARCHIVE_DB_URL"


class DatabaseURLError(ValueError):
    """A database URL the archive cannot use."""


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
        raise DatabaseURLError(f"not a database URL: {masked(url)}") from exc
    if parsed.drivername == "postgresql":
        # psycopg 3 is the driver we test; the bare scheme would pick psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (export, a browsing UI) work while a crawl writes;
    # the busy timeout makes a second writer wait instead of failing at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
