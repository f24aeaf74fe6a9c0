"""The archive's own fault handles: SQLite URL options and the pre-crawl write check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.database import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    ArchiveNotWritable,
    DatabaseURLError,
    check_writable,
    make_engine,
)


def pragmas(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        busy = connection.execute(text("PRAGMA busy_timeout")).scalar_one()
        pages = connection.execute(text("PRAGMA max_page_count")).scalar_one()
    engine.dispose()
    return busy, pages


def test_busy_timeout_is_the_documented_default(tmp_path: Path) -> None:
    busy, _ = pragmas(f"sqlite:///{tmp_path / 'a.db'}")
    assert busy == SQLITE_BUSY_TIMEOUT_SECONDS * 1000


def test_url_sets_busy_timeout_and_page_cap(tmp_path: Path) -> None:
    assert pragmas(f"sqlite:///{tmp_path / 'a.db'}?timeout=2.5&max_page_count=50") == (2500, 50)


@pytest.mark.parametrize(
    "query", ["timeout=soon", "timeout=-1", "max_page_count=1.5", "timeout=nan"]
)
def test_bad_url_option_is_refused_in_one_line(tmp_path: Path, query: str) -> None:
    name, _, value = query.partition("=")
    with pytest.raises(DatabaseURLError) as refused:
        make_engine(f"sqlite:///{tmp_path / 'a.db'}?{query}")
    assert str(refused.value) == f"{name} must be a non-negative number, got {value!r}"


def test_writable_archive_passes_and_is_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    check_writable(f"sqlite:///{path}")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


def test_read_only_archive_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    sqlite3.connect(path).close()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    with pytest.raises(ArchiveNotWritable) as refused:
        check_writable(url)
    assert str(refused.value) == (
        f"cannot write the archive sqlite:///file%3A{path}?mode=ro&uri=true: "
        "attempt to write a readonly database"
    )


def test_locked_archive_is_refused_after_the_timeout(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ArchiveNotWritable) as refused:
            check_writable(f"sqlite:///{path}?timeout=0.1")
    finally:
        holder.close()
    assert str(refused.value) == (
        f"cannot write the archive sqlite:///{path}?timeout=0.1: database is locked"
    )
