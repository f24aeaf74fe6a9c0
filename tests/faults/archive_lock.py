"""Another writer holding a SQLite archive: run as its own process by the database fault tests.

    python archive_lock.py PATH HOLD_SECONDS [--after-first-essay]

Takes the write lock (``BEGIN EXCLUSIVE``), prints ``locked``, holds it for
HOLD_SECONDS, then rolls back. With ``--after-first-essay`` it waits for the
first essay row first, so that the lock falls in the middle of a crawl.
"""

from __future__ import annotations

import sqlite3
import sys
import time


def first_essay_stored(db: sqlite3.Connection) -> bool:
    try:
        return bool(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # no table yet
        return False


def main(path: str, hold_seconds: float, after_first_essay: bool) -> None:
    db = sqlite3.connect(path, isolation_level=None, timeout=60)
    while after_first_essay and not first_essay_stored(db):
        time.sleep(0.005)
    db.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    time.sleep(hold_seconds)
    db.execute("ROLLBACK")
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), "--after-first-essay" in sys.argv[3:])
